//! `khabar eval review`: a strict-review sheet of events drawn at random (the protocol of
//! `../shared/eval/REVIEW.md`), and the tally of a judged sheet.
//!
//! Sampling: every event khabar emits over the inputs gets the FNV hash of `seed:doc_id:event id`;
//! the N smallest hashes are the sample (a bounded heap: memory does not grow with the corpus), so
//! the same seed over the same output draws the same events, uniformly, with no filter.

use super::{finish, for_each_analysis};
use crate::InputArgs;
use anyhow::{Context, Result};
use khabar::pipeline::Depth;
use std::collections::BinaryHeap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

fn fnv(s: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// One drawn event, written out as its sheet entry.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Drawn {
    hash: u64,
    entry: String,
}

fn side(a: &Option<khabar::pipeline::ActorOut>) -> String {
    match a {
        Some(a) => format!("{} «{}»", a.code, a.text),
        None => "-".into(),
    }
}

/// Writes the sheet of `n` events drawn with `seed` from those of confidence ≥ `min_conf`.
pub fn sheet(args: &InputArgs, n: usize, seed: u64, min_conf: f32, out: &Path) -> Result<ExitCode> {
    let mut heap: BinaryHeap<Drawn> = BinaryHeap::new();
    let (mut total, mut eligible) = (0usize, 0usize);
    let stats = for_each_analysis(args, Depth::Entities, &mut |a| {
        let text = &a.cleaned.text;
        for e in khabar::export::rows(a) {
            total += 1;
            if e.confidence < min_conf {
                continue;
            }
            eligible += 1;
            let hash = fnv(&format!("{seed}:{}:{}", a.article.doc_id, e.id));
            if heap.len() >= n && heap.peek().is_some_and(|d| d.hash <= hash) {
                continue;
            }
            let s = a.sentences.get(e.sentence).cloned().unwrap_or(0..0);
            let prev = e
                .sentence
                .checked_sub(1)
                .and_then(|i| a.sentences.get(i))
                .map_or("", |r| &text[r.clone()]);
            let mut entry = String::new();
            let _ = writeln!(
                entry,
                "- title: {}\n- published: {} · {}\n- previous sentence: {}\n- sentence: {}\n- coding: {} (root {}) · source {} · target {} · modality {} · date {}\n- evidence: «{}» · trigger «{}»",
                a.title.as_deref().or(a.article.title.as_deref()).unwrap_or("-"),
                a.article.published.as_deref().unwrap_or("-"),
                a.article.doc_id,
                prev.trim(),
                text[s].trim(),
                e.cameo,
                e.root,
                side(&e.source),
                side(&e.target),
                serde_json::to_value(e.modality).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default(),
                e.date.unwrap_or("unknown"),
                e.text,
                e.trigger.text,
            );
            heap.push(Drawn { hash, entry });
            if heap.len() > n {
                heap.pop();
            }
        }
        Ok(())
    })?;
    let drawn = heap.into_sorted_vec();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Review sheet: {} events drawn at random (seed {seed}) of {eligible} emitted{}\n\nJudge each by ../shared/eval/REVIEW.md: ✓ right · ✗d right event, wrong dyad · ✗m right event and dyad, wrong modality or date · ✗ not an event of this root. Write the verdicts as lines `N. VERDICT | reason`.\n",
        drawn.len(),
        if min_conf > 0.0 {
            format!(" with confidence ≥ {min_conf} ({total} in all)")
        } else {
            String::new()
        }
    );
    for (i, d) in drawn.iter().enumerate() {
        let _ = writeln!(s, "## {}\n{}", i + 1, d.entry);
    }
    std::fs::write(out, s).with_context(|| format!("writing {}", out.display()))?;
    eprintln!("khabar: wrote {} events to {}", drawn.len(), out.display());
    Ok(finish(&stats))
}

/// Counts of each verdict in a judged sheet: lines `N. ✓ | …`, `N. ✗d | …`, `N. ✗m | …`, `N. ✗ | …`.
#[derive(Debug, Default, PartialEq)]
pub struct Tally {
    pub right: usize,
    pub dyad: usize,
    pub modality: usize,
    pub wrong: usize,
}

impl Tally {
    pub fn total(&self) -> usize {
        self.right + self.dyad + self.modality + self.wrong
    }
}

pub fn tally_text(text: &str) -> Tally {
    let mut t = Tally::default();
    for line in text.lines() {
        let l = line.trim_start_matches(['-', '*', ' ', '|']);
        let Some((num, rest)) = l.split_once('.') else {
            continue;
        };
        if num.is_empty() || !num.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let v = rest
            .trim_start_matches([' ', '*', '|'])
            .split(['|', ' '])
            .next()
            .unwrap_or("");
        match v.trim_matches('*') {
            "✓" => t.right += 1,
            "✗d" => t.dyad += 1,
            "✗m" => t.modality += 1,
            "✗" => t.wrong += 1,
            _ => {}
        }
    }
    t
}

pub fn tally(verdicts: &Path) -> Result<ExitCode> {
    let text = std::fs::read_to_string(verdicts)
        .with_context(|| format!("reading {}", verdicts.display()))?;
    let t = tally_text(&text);
    if t.total() == 0 {
        anyhow::bail!("{}: no verdict lines (`N. ✓ | reason`)", verdicts.display());
    }
    println!(
        "verdicts: {} · ✓ {} · ✗d {} · ✗m {} · ✗ {} · precision {:.2}",
        t.total(),
        t.right,
        t.dyad,
        t.modality,
        t.wrong,
        t.right as f64 / t.total() as f64
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tallies_the_verdict_forms() {
        let t = tally_text("1. ✓ | fine\n2. ✗d | swapped\n3. ✗m | date\n4. ✗ | accident\n- 5. ✓ | ok\nnot a verdict\n");
        assert_eq!(
            t,
            Tally {
                right: 2,
                dyad: 1,
                modality: 1,
                wrong: 1
            }
        );
    }
}
