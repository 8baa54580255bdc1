//! Event confidence for violence and protest reports (CAMEO 14, 18–20): a
//! logistic model over hashed features of the event and its sentence. Most
//! sentences that mention killing or protest report no event («اغتيال الحريري»
//! as a topic, a film title, a law); the rules remove the obvious ones and this
//! model scores the rest. Weights ship in `data/models/events.txt`, trained by
//! `khabar eval events --sentences FILE --train OUT`; with no weights every
//! event keeps its rule confidence.

use crate::events::types::{Actor, Event, Modality};
use crate::words::Word;
use rustc_hash::FxHashMap;
use std::fmt::Write as _;
use std::ops::Range;

/// FNV-1a over the parts, each followed by a 0xfe separator.
pub(crate) fn fnv(parts: &[&str]) -> u64 {
    Fnv::new().parts(parts)
}

/// The running state of [`fnv`]: leading parts that many features share (the learned layer's
/// model prefix) are hashed once.
#[derive(Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Fnv {
    pub(crate) const fn new() -> Fnv {
        Fnv(0xcbf29ce484222325)
    }

    #[inline]
    pub(crate) fn part(self, p: &str) -> Fnv {
        let mut h = self.0;
        for &b in p.as_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100000001b3);
        }
        h ^= 0xfe;
        Fnv(h.wrapping_mul(0x100000001b3))
    }

    /// The hash of the parts hashed so far followed by `parts`.
    #[inline]
    pub(crate) fn parts(self, parts: &[&str]) -> u64 {
        parts.iter().fold(self, |h, p| h.part(p)).0
    }
}

/// Top bit of a feature hash: set on word features (the sentence's words,
/// the trigger's neighbours, the trigger itself).
pub const LEXICAL: u64 = 1 << 63;
const LEXICAL_GROUPS: &[&str] = &["bow", "ctx", "bag3", "trig", "trigcore", "trigprocl"];
/// Word features are penalized this many times less than the rest: they
/// carry most of the signal, but each is seen in few sentences (cross-
/// validated on event_sentences: PROTEST F1 +0.02 at 3, flat for ASSAULT).
const LEXICAL_PENALTY_DIVISOR: f64 = 3.0;

type Set = rustc_hash::FxHashSet<String>;

/// The word sets the features read, built from the lexicon in use (cues.tsv kinds).
#[derive(Debug, Clone, Default)]
pub struct Words {
    /// crowd_size, report_time, protest_purpose, protest_place, protest_street
    cues: [Set; 5],
    /// crowd_person
    people: Set,
    /// protest_word
    protest: Set,
    /// background_time
    single_past: Set,
    /// past_unit, past_span, past_recent: «قبل أربعة أعوام», «في السنوات الأخيرة»
    units: Set,
    spans: Set,
    recent: Set,
    /// «قبل», «مضى», «فيما», folded: the frame of those phrases, not a word list
    qabl_mada_fima: [String; 3],
}

impl Words {
    pub fn build(lx: &khabar_lexicon::Lexicon) -> Words {
        // the folded words of a `data/lexicon/cues.tsv` kind
        let cue_set = |kind: &str| -> Set {
            lx.cues
                .get(kind)
                .iter()
                .map(|w| khabar_text::fold(w))
                .collect()
        };
        Words {
            cues: [
                "crowd_size",
                "report_time",
                "protest_purpose",
                "protest_place",
                "protest_street",
            ]
            .map(cue_set),
            people: cue_set("crowd_person"),
            protest: cue_set("protest_word"),
            single_past: cue_set("background_time"),
            units: cue_set("past_unit"),
            spans: cue_set("past_span"),
            recent: cue_set("past_recent"),
            qabl_mada_fima: ["قبل", "مضى", "فيما"].map(khabar_text::fold),
        }
    }
}

/// Features of one event in its sentence (`sent` = word range), with the word sets of the
/// lexicon in use.
pub fn features(
    ws: &[Word],
    sent: Range<usize>,
    e: &Event,
    trigger_word: usize,
    words: &Words,
) -> Vec<u64> {
    let mut f = Vec::with_capacity(64);
    let cls = if e.root == "14" { "P" } else { "V" };
    let push = |f: &mut Vec<u64>, parts: &[&str]| {
        let h = fnv(parts);
        // word features are many and each rare: they get a lighter
        // penalty in training (see LEXICAL), marked by the top bit
        f.push(if LEXICAL_GROUPS.contains(&parts[0]) {
            h | LEXICAL
        } else {
            h & !LEXICAL
        });
    };
    let modality = format!("{:?}", e.modality);
    let tw = &ws[trigger_word.min(ws.len().saturating_sub(1))];
    push(&mut f, &["bias"]);
    push(&mut f, &["code", &e.cameo]);
    push(&mut f, &["root", &e.root]);
    push(&mut f, &["mod", &modality]);
    push(&mut f, &["trig", &tw.stem]);
    push(&mut f, &["trigcore", &tw.core]);
    push(&mut f, &["trigprocl", &tw.proclitics]);
    push(&mut f, &["art", if tw.has_article() { "1" } else { "0" }]);
    let agent = |a: &Option<Actor>| {
        a.as_ref().map_or("none".to_string(), |a| {
            if a.code.len() > 3 {
                a.code[a.code.len() - 3..].to_string()
            } else {
                a.code.clone()
            }
        })
    };
    push(&mut f, &["src", &agent(&e.source)]);
    push(&mut f, &["tgt", &agent(&e.target)]);
    push(
        &mut f,
        &[
            "src_implicit",
            if e.source.as_ref().is_some_and(|a| a.implicit) {
                "1"
            } else {
                "0"
            },
        ],
    );
    let lo = trigger_word.saturating_sub(3).max(sent.start);
    let hi = (trigger_word + 4).min(sent.end);
    for j in lo..hi {
        let rel = (j as isize - trigger_word as isize).to_string();
        push(&mut f, &["ctx", &rel, &ws[j].stem]);
        push(&mut f, &["bag3", &ws[j].stem]);
    }
    let mut has_num = false;
    for w in &ws[sent.clone()] {
        push(&mut f, &["bow", &w.stem]);
        has_num |= w.is_number();
    }
    push(&mut f, &["num", if has_num { "1" } else { "0" }]);
    let len = (sent.end - sent.start) / 10;
    push(&mut f, &["len", &len.min(6).to_string()]);
    push(
        &mut f,
        &["pos", &((trigger_word - sent.start) / 5).min(6).to_string()],
    );
    // sentence cues that a crowd event took place, per class
    let cues = &words.cues;
    let mut seen = [false; 6];
    for w in &ws[sent.clone()] {
        for (i, set) in cues.iter().enumerate() {
            if w.in_set(set) {
                seen[i] = true;
            }
        }
        if w.is_number() {
            seen[0] = true;
        }
        if matches!(w.core.as_str(), "«" | "»" | "\"" | ":") {
            seen[5] = true;
        }
    }
    for (i, name) in ["crowd", "time", "purpose", "place", "street", "quote"]
        .iter()
        .enumerate()
    {
        push(&mut f, &["cue", cls, name, if seen[i] { "1" } else { "0" }]);
    }
    // background time: the sentence tells of the past or of a habit («قبل أربعة
    // أعوام», «في السنوات الأخيرة», «في الخمسينات», «فيما مضى», «آنذاك»), not of a
    // new event
    push(
        &mut f,
        &[
            "cue",
            cls,
            "past",
            if past_time(&ws[sent.clone()], words) {
                "1"
            } else {
                "0"
            },
        ],
    );
    // who the source is: nobody, the topic, a bare agent (protesters, opposition), a state …
    let src_kind = match &e.source {
        None => "none",
        Some(a) if a.implicit => "implicit",
        Some(a) if matches!(a.code.as_str(), "CVL" | "OPP" | "EDU" | "LAB") => "agent",
        Some(a) if a.code.len() == 3 => "country",
        Some(_) => "full",
    };
    push(&mut f, &["srckind", cls, src_kind]);
    push(
        &mut f,
        &[
            "lead",
            cls,
            if trigger_word <= sent.start + 1 {
                "1"
            } else {
                "0"
            },
        ],
    );
    let present = tw.stem.starts_with('ي') || tw.stem.starts_with('ت') && tw.stem.ends_with("ون");
    push(&mut f, &["trigpres", cls, if present { "1" } else { "0" }]);
    // how many protest words the sentence holds: a report of a protest names it more than once
    let pw = &words.protest;
    let n = ws[sent.clone()]
        .iter()
        .filter(|w| pw.contains(&w.stem) || pw.contains(&w.bare))
        .count();
    push(&mut f, &["nprot", cls, &n.min(3).to_string()]);
    // cues next to the trigger rather than anywhere in the sentence: a report
    // of a crowd event counts its crowd and says why, in the same clause
    let near = near_cues(ws, sent.clone(), trigger_word, words);
    for (name, on) in [
        ("ncount", near.count),
        ("npurpose", near.purpose),
        ("early", near.early),
    ] {
        push(&mut f, &[name, cls, if on { "1" } else { "0" }]);
    }
    push(
        &mut f,
        &[
            "nconj",
            cls,
            if near.count { "c" } else { "-" },
            if near.early { "e" } else { "-" },
            if near.purpose { "p" } else { "-" },
        ],
    );
    // protest and violence are told apart by different words: one model per class
    for h in f.iter_mut() {
        *h = per_class(cls, *h);
    }
    // binary features: a word twice in the sentence is still one feature
    f.sort_unstable();
    f.dedup();
    f
}

struct Near {
    /// a crowd size next to the trigger («آلاف المتظاهرين», «نحو مائتي شخص», «15 شخصا»)
    count: bool,
    /// a purpose after the trigger («احتجاجا على», «للمطالبة», «مطالبين»)
    purpose: bool,
    /// the trigger opens its clause: first word, or first after a fronted
    /// phrase and a comma («وفي الديوانية، تظاهر …»)
    early: bool,
}

fn near_cues(ws: &[Word], sent: Range<usize>, t: usize, words: &Words) -> Near {
    let cues = &words.cues;
    let people = &words.people;
    let lo = t.saturating_sub(3).max(sent.start);
    let hi = (t + 6).min(sent.end);
    let count = (lo..hi).any(|j| {
        let w = &ws[j];
        w.in_set(&cues[0]) && !w.is_number()
            || w.is_number()
                && ws[j + 1..hi.max(j + 1)]
                    .iter()
                    .take(2)
                    .any(|x| x.in_set(people))
    });
    let purpose = (t + 1..(t + 16).min(sent.end)).any(|j| ws[j].in_set(&cues[2]));
    let before = ws[sent.start..t.min(sent.end)]
        .iter()
        .filter(|w| !w.is_punct())
        .count();
    let early = before <= 1
        || before <= 6
            && t > sent.start
            && ws[t - 1].is_punct()
            && matches!(ws[t - 1].core.as_str(), "," | "،");
    Near {
        count,
        purpose,
        early,
    }
}

/// A feature hash renamed for its class ("P" protest, "V" violence), keeping
/// the word-feature mark: the two classes share no weights.
fn per_class(cls: &str, h: u64) -> u64 {
    fnv(&[cls, &h.to_string()]) & !LEXICAL | h & LEXICAL
}

/// Does the sentence place its events in the past or in a habit?
fn past_time(ws: &[Word], words: &Words) -> bool {
    let (units, spans, recent, single) = (
        &words.units,
        &words.spans,
        &words.recent,
        &words.single_past,
    );
    let [qabl, mada, fima] = &words.qabl_mada_fima;
    for (i, w) in ws.iter().enumerate() {
        let c = &w.core;
        if single.contains(c) {
            return true;
        }
        if c == qabl && ws[i + 1..].iter().take(3).any(|x| units.contains(&x.core)) {
            return true;
        }
        if spans.contains(c) && ws.get(i + 1).is_some_and(|x| recent.contains(&x.core)) {
            return true;
        }
        if c == mada && i > 0 && &ws[i - 1].core == fima {
            return true;
        }
    }
    false
}

#[derive(Debug, Default, Clone)]
pub struct Scorer {
    w: FxHashMap<u64, f32>,
    /// decision threshold per CAMEO root ("14", "18" …); 0.5 when absent
    pub thresholds: FxHashMap<String, f32>,
    /// which weights these are (new on every change of `w`; a clone shares it): caches of
    /// weights across texts (`learned::rows`) are keyed by it
    id: u64,
}

/// A new [`Scorer::id`] (0 is the empty default's).
fn next_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

pub(crate) fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

impl Scorer {
    pub fn is_empty(&self) -> bool {
        self.w.is_empty()
    }

    /// The number of weights.
    pub fn len(&self) -> usize {
        self.w.len()
    }

    /// Adds the weights of a model over other features (another class).
    pub fn merge(&mut self, other: Scorer) {
        self.id = next_id();
        self.w.extend(other.w);
        self.thresholds.extend(other.thresholds);
    }

    /// Drops the weights smaller than `eps` in magnitude (a smaller model file, nearly the same scores).
    pub fn prune(&mut self, eps: f32) {
        self.id = next_id();
        self.w.retain(|_, v| v.abs() >= eps);
    }

    pub fn threshold(&self, root: &str) -> f32 {
        self.thresholds.get(root).copied().unwrap_or(0.5)
    }

    /// Which weights these are: equal ids, equal weights.
    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    /// The weight of one feature (0 when the model has none).
    #[inline]
    pub fn weight(&self, k: u64) -> f32 {
        self.w.get(&k).copied().unwrap_or(0.0)
    }

    pub fn prob(&self, f: &[u64]) -> f32 {
        sigmoid(
            f.iter()
                .map(|k| self.w.get(k).copied().unwrap_or(0.0))
                .sum(),
        )
    }

    /// Logistic regression over (features, target) pairs, fitted to
    /// convergence by L-BFGS: minimizes the class-balanced log loss plus
    /// ‖w‖²/(2C) (the class bias is penalized like every other feature; word
    /// features three times less, see LEXICAL). The target is the share of annotators
    /// who said yes (1.0 or 0.0 where they agreed, in between where they split).
    /// Full-batch rather than stochastic: on a thousand sentences the answer
    /// must not depend on the order they were seen in.
    pub fn train(data: &[(Vec<u64>, f32)], c: f32) -> Scorer {
        // dense indices for the hashed features
        let mut index: FxHashMap<u64, usize> = FxHashMap::default();
        let rows: Vec<(Vec<usize>, f64)> = data
            .iter()
            .map(|(f, y)| {
                let mut ix: Vec<usize> = f
                    .iter()
                    .map(|k| {
                        let n = index.len();
                        *index.entry(*k).or_insert(n)
                    })
                    .collect();
                ix.sort_unstable();
                ix.dedup();
                (ix, f64::from(y.clamp(0.0, 1.0)))
            })
            .collect();
        let dim = index.len();
        // penalty scale per feature: lighter on word features
        let mut penalty = vec![1.0f64; dim];
        for (k, &i) in &index {
            if k & LEXICAL != 0 {
                penalty[i] = 1.0 / LEXICAL_PENALTY_DIVISOR;
            }
        }
        let n = rows.len().max(1) as f64;
        let pos: f64 = rows.iter().map(|r| r.1).sum::<f64>().max(1e-9);
        let neg: f64 = (n - pos).max(1e-9);
        // "balanced" weights: each class weighs half of the loss
        let (wp, wn) = (n / (2.0 * pos), n / (2.0 * neg));
        let lambda = 1.0 / f64::from(c.max(1e-6));
        let loss_grad = |w: &[f64], g: &mut [f64]| -> f64 {
            g.iter_mut().for_each(|x| *x = 0.0);
            let mut loss = 0.0;
            for (ix, y) in &rows {
                let z: f64 = ix.iter().map(|&i| w[i]).sum();
                // stable log(1+e^z) and sigmoid
                let lse = if z > 0.0 {
                    z + (-z).exp().ln_1p()
                } else {
                    z.exp().ln_1p()
                };
                let p = 1.0 / (1.0 + (-z).exp());
                loss += wp * y * (lse - z) + wn * (1.0 - y) * lse;
                let d = wp * y * (p - 1.0) + wn * (1.0 - y) * p;
                for &i in ix {
                    g[i] += d;
                }
            }
            for i in 0..w.len() {
                let l = penalty[i] * lambda;
                loss += 0.5 * l * w[i] * w[i];
                g[i] += l * w[i];
            }
            loss
        };
        let wv = lbfgs(dim, 300, loss_grad);
        let mut w: FxHashMap<u64, f32> = FxHashMap::default();
        for (k, i) in index {
            w.insert(k, wv[i] as f32);
        }
        w.retain(|_, v| v.abs() >= 1e-3);
        Scorer {
            w,
            thresholds: FxHashMap::default(),
            id: next_id(),
        }
    }

    pub fn to_text(&self, header: &str) -> String {
        let mut keys: Vec<&u64> = self.w.keys().collect();
        keys.sort();
        let mut s = String::new();
        let _ = writeln!(s, "# {header}");
        let _ = writeln!(s, "# columns: feature_hash\tweight");
        let mut th: Vec<(&String, &f32)> = self.thresholds.iter().collect();
        th.sort_by(|a, b| a.0.cmp(b.0));
        for (r, t) in th {
            let _ = writeln!(s, "threshold:{r}\t{t:.3}");
        }
        // two decimals: scores move by under 0.002 on the gold files (2026-12-02), and the
        // packed coder model is a tenth smaller, room for more weights under the file limit
        for k in keys {
            let v = format!("{:.2}", self.w[k]);
            if v.trim_start_matches('-') != "0.00" {
                let _ = writeln!(s, "{k:x}\t{v}");
            }
        }
        s
    }

    pub fn from_text(text: &str) -> Scorer {
        let mut w = FxHashMap::default();
        let mut thresholds = FxHashMap::default();
        for line in text.lines() {
            if line.starts_with('#') {
                continue;
            }
            if let Some((h, v)) = line.split_once('\t') {
                if let (Some(r), Ok(v)) = (h.strip_prefix("threshold:"), v.parse::<f32>()) {
                    thresholds.insert(r.to_string(), v);
                    continue;
                }
                if let (Ok(h), Ok(v)) = (u64::from_str_radix(h, 16), v.parse::<f32>()) {
                    w.insert(h, v);
                }
            }
        }
        Scorer {
            w,
            thresholds,
            id: next_id(),
        }
    }
}

/// The embedded model's header (its first comment line): what it was trained on.
pub fn shipped_model_source() -> &'static str {
    include_str!("../../../data/models/events.txt")
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("# "))
        .unwrap_or("")
}

/// Is this event scored by the model?
pub fn scored(e: &Event) -> bool {
    matches!(e.root.as_str(), "14" | "18" | "19" | "20")
        && !matches!(
            e.modality,
            Modality::Negated | Modality::Hypothetical | Modality::Future
        )
}

/// Minimizes a smooth convex function by L-BFGS (memory 10) with a
/// backtracking Armijo line search, from zero; stops after `iters` steps or
/// when the gradient is tiny.
fn lbfgs(dim: usize, iters: usize, f: impl Fn(&[f64], &mut [f64]) -> f64) -> Vec<f64> {
    const M: usize = 10;
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    let mut x = vec![0.0; dim];
    let mut g = vec![0.0; dim];
    let mut fx = f(&x, &mut g);
    let mut hist: std::collections::VecDeque<(Vec<f64>, Vec<f64>, f64)> = Default::default();
    let mut xn = vec![0.0; dim];
    let mut gn = vec![0.0; dim];
    for _ in 0..iters {
        let gnorm = dot(&g, &g).sqrt();
        if gnorm < 1e-6 * (1.0 + fx.abs()) {
            break;
        }
        // two-loop recursion: d = −H·g
        let mut q = g.clone();
        let mut alphas = Vec::with_capacity(hist.len());
        for (s, y, rho) in hist.iter().rev() {
            let a = rho * dot(s, &q);
            q.iter_mut().zip(y).for_each(|(qi, yi)| *qi -= a * yi);
            alphas.push(a);
        }
        if let Some((s, y, _)) = hist.back() {
            let gamma = dot(s, y) / dot(y, y).max(1e-300);
            q.iter_mut().for_each(|qi| *qi *= gamma);
        } else {
            q.iter_mut().for_each(|qi| *qi /= gnorm.max(1.0));
        }
        for ((s, y, rho), a) in hist.iter().zip(alphas.iter().rev()) {
            let b = rho * dot(y, &q);
            q.iter_mut().zip(s).for_each(|(qi, si)| *qi += (a - b) * si);
        }
        let d: Vec<f64> = q.iter().map(|v| -v).collect();
        let mut slope = dot(&g, &d);
        let d = if slope >= 0.0 {
            // not a descent direction: restart from steepest descent
            hist.clear();
            slope = -dot(&g, &g);
            g.iter().map(|v| -v).collect()
        } else {
            d
        };
        let mut step = 1.0;
        let mut fnew;
        loop {
            for i in 0..dim {
                xn[i] = x[i] + step * d[i];
            }
            fnew = f(&xn, &mut gn);
            if fnew <= fx + 1e-4 * step * slope || step < 1e-10 {
                break;
            }
            step *= 0.5;
        }
        let s: Vec<f64> = (0..dim).map(|i| xn[i] - x[i]).collect();
        let y: Vec<f64> = (0..dim).map(|i| gn[i] - g[i]).collect();
        let sy = dot(&s, &y);
        if sy > 1e-12 {
            if hist.len() == M {
                hist.pop_front();
            }
            hist.push_back((s, y, 1.0 / sy));
        }
        std::mem::swap(&mut x, &mut xn);
        std::mem::swap(&mut g, &mut gn);
        let done = (fx - fnew).abs() < 1e-9 * (1.0 + fx.abs());
        fx = fnew;
        if done {
            break;
        }
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cue_lists_come_from_the_lexicon() {
        // every list the features read is present and folded
        let w = Words::build(&khabar_lexicon::builtin());
        for set in w.cues.iter().chain([&w.protest, &w.people, &w.single_past]) {
            assert!(set.len() >= 10, "{set:?}");
        }
        assert!(w.cues[0].contains(&khabar_text::fold("آلاف")));
        assert!(w.protest.contains(&khabar_text::fold("مظاهرات")));
        assert!(w.single_past.contains(&khabar_text::fold("آنذاك")));
    }

    #[test]
    fn lbfgs_finds_the_minimum_of_a_quadratic() {
        // f(x) = Σ (i+1)·(x_i − i)², minimum at x_i = i
        let x = lbfgs(5, 100, |x, g| {
            let mut f = 0.0;
            for i in 0..x.len() {
                let d = x[i] - i as f64;
                f += (i + 1) as f64 * d * d;
                g[i] = 2.0 * (i + 1) as f64 * d;
            }
            f
        });
        for (i, v) in x.iter().enumerate() {
            assert!((v - i as f64).abs() < 1e-4, "x[{i}] = {v}");
        }
    }

    #[test]
    fn word_features_are_marked_and_binary() {
        // the top bit marks word features; the others never carry it
        let (a, b) = (fnv(&["bow", "x"]) | LEXICAL, fnv(&["cue", "x"]) & !LEXICAL);
        // a marks the positives, b the negatives; class balance makes the two
        // sides symmetric, so only the penalty tells their weights apart
        let data: Vec<(Vec<u64>, f32)> = (0..20)
            .map(|i| {
                if i % 4 == 0 {
                    (vec![a], 1.0)
                } else {
                    (vec![b], 0.0)
                }
            })
            .collect();
        let s = Scorer::train(&data, 0.1);
        assert!(s.w[&a] > 0.0 && s.w[&b] < 0.0);
        assert!(s.w[&a].abs() > 1.5 * s.w[&b].abs(), "{:?}", s.w);
    }

    #[test]
    fn learns_a_separable_rule_and_round_trips() {
        let a = fnv(&["a"]);
        let b = fnv(&["b"]);
        let bias = fnv(&["bias"]);
        let data: Vec<(Vec<u64>, f32)> = (0..40)
            .map(|i| {
                if i % 2 == 0 {
                    (vec![bias, a], 1.0)
                } else {
                    (vec![bias, b], 0.0)
                }
            })
            .collect();
        let s = Scorer::train(&data, 1.0);
        assert!(s.prob(&[bias, a]) > 0.8 && s.prob(&[bias, b]) < 0.2);
        let back = Scorer::from_text(&s.to_text("t"));
        assert!((back.prob(&[bias, a]) - s.prob(&[bias, a])).abs() < 1e-2);
    }
}
