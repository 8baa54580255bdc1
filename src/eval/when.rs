//! Training the background model of the learned layer (`learned::when`): on every hand-coded event
//! with a trigger, is it a happening the text refers back to (modality `historical`), not the news?
//! Strict reviews found a sixth of events dated to the day of a report that only mentions them
//! («في حادث التفجير الذي استهدف مسجد قوات الطوارئ» four days after the bombing).
//!
//! The model reads the gold triggers; at run time it reads the coded events' triggers. The floor
//! is the one with the most right modalities in document-fold cross-validation.

use super::coder::{evidence_spans, input, Doc};
use khabar_extract::scorer::Scorer;
use std::fmt::Write as _;

/// One gold event's background features and whether it is background.
type Row = (Vec<u64>, f32);

/// L2 strength of the background model (as the coder's models).
const C: f32 = 1.0;

/// Weights under this are dropped (in the folds too): most are words seen once, and the model
/// must fit in the coder file's 4 MiB.
const PRUNE: f32 = 0.05;

fn fit(rows: &[Row]) -> Scorer {
    let mut m = Scorer::train(rows, C);
    m.prune(super::coder::env_f32("KHABAR_WHEN_PRUNE", PRUNE));
    m
}

/// Floors tried by cross-validation.
const FLOORS: &[f32] = &[0.3, 0.4, 0.5, 0.6, 0.7, 0.8];

/// The rows of one document: each gold event whose trigger lies in a word of its evidence sentence.
fn rows(d: &Doc) -> Vec<Row> {
    let a = &d.analysis;
    let x = input(a);
    let text = &a.cleaned.text;
    let sw = khabar_extract::words::sentence_words(x.ws, x.sentences);
    let mut out = Vec::new();
    for g in d.gold["events"].as_array().into_iter().flatten() {
        let (Some(t), Some(root)) = (g["trigger"].as_str(), g["root"].as_str()) else {
            continue;
        };
        if t.is_empty() {
            continue;
        }
        let Some((si, ts)) = evidence_spans(a, g).into_iter().find_map(|(s, e)| {
            let b = text[s..e].find(t)?;
            let si = a.sentences.iter().position(|x| x.start <= s && s < x.end)?;
            Some((si, (s + b, s + b + t.len())))
        }) else {
            continue;
        };
        let Some(r) = sw.get(si) else { continue };
        let Some(k) = r
            .clone()
            .find(|&k| x.ws[k].start < ts.1 && ts.0 < x.ws[k].end)
        else {
            continue;
        };
        let y = g["modality"].as_str() == Some("historical");
        out.push((
            khabar_extract::learned::when::features(&x, k, r, root),
            f32::from(u8::from(y)),
        ));
    }
    out
}

/// Cross-validates the background model over document folds, then fits it on every document;
/// returns the report, the model and its floor.
pub fn train(docs: &[Doc], folds: usize) -> (String, Scorer, f32) {
    use rayon::prelude::*;
    let per_doc: Vec<Vec<Row>> = docs.par_iter().map(rows).collect();
    let n: usize = per_doc.iter().map(Vec::len).sum();
    let pos = per_doc.iter().flatten().filter(|r| r.1 > 0.5).count();
    let mut report = String::new();
    let _ = writeln!(
        report,
        "background model: {n} gold events with a trigger, {pos} of them historical"
    );
    let k = folds.max(2);
    // per floor: right, true positives, predicted positives
    let mut tally = vec![[0usize; 3]; FLOORS.len()];
    for f in 0..k {
        let train: Vec<Row> = per_doc
            .iter()
            .enumerate()
            .filter(|(i, _)| i % k != f)
            .flat_map(|(_, r)| r.iter().cloned())
            .collect();
        let m = fit(&train);
        for (_, rs) in per_doc.iter().enumerate().filter(|(i, _)| i % k == f) {
            for (feats, y) in rs {
                let p = m.prob(feats);
                for (t, fl) in tally.iter_mut().zip(FLOORS) {
                    let said = p >= *fl;
                    let truth = *y > 0.5;
                    t[0] += usize::from(said == truth);
                    t[1] += usize::from(said && truth);
                    t[2] += usize::from(said);
                }
            }
        }
    }
    let _ = writeln!(
        report,
        "{k}-fold cross-validation by document (all historical-free: {:.3} right):",
        (n - pos) as f64 / n.max(1) as f64
    );
    for (t, fl) in tally.iter().zip(FLOORS) {
        let _ = writeln!(
            report,
            "  floor {fl:.2}: {:.3} right, historical precision {:.3}, recall {:.3}",
            t[0] as f64 / n.max(1) as f64,
            t[1] as f64 / t[2].max(1) as f64,
            t[1] as f64 / pos.max(1) as f64
        );
    }
    let best = tally
        .iter()
        .zip(FLOORS)
        .max_by_key(|(t, _)| t[0])
        .map_or(0.5, |(_, f)| *f);
    let _ = writeln!(report, "chosen floor {best:.2}");
    let all: Vec<Row> = per_doc.into_iter().flatten().collect();
    (report, fit(&all), best)
}
