//! Training the vetting model of the learned layer (`khabar_extract::learned::vet`) by stacking:
//! each cross-validation fold's models decide the events of their held-out documents, the gold
//! protocol labels each event right or wrong, and a logistic model learns P(right) from those
//! out-of-fold events. Its floor is chosen by a second, nested cross-validation over the same
//! folds (the vetting model of a fold never saw that fold's events), so the F1 quoted for a floor
//! is held out at both levels.

use super::coder::{input, Doc};
use super::gold::GoldReport;
use khabar_extract::events::Event;
use khabar_extract::gazetteer::Gazetteer;
use khabar_extract::learned::{vet, Layer, Model};
use khabar_extract::locate::Locator;
use khabar_extract::scorer::Scorer;
use rayon::prelude::*;
use serde_json::Value;
use std::fmt::Write as _;

/// The floors tried; 0 keeps every event (the layer without vetting).
const FLOORS: &[f32] = &[
    0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6,
];

/// The held-out events of one document, located as the extractor locates them.
pub struct Held {
    doc: usize,
    fold: usize,
    events: Vec<Event>,
    origins: Vec<vet::Origin>,
    feats: Vec<Vec<u64>>,
    labels: Vec<bool>,
}

/// Sets a document's events to `events`, scores it by the gold protocol, restores its own.
fn score(d: &mut Doc, events: Vec<Event>, rep: &mut GoldReport) -> Vec<bool> {
    let own = std::mem::replace(&mut d.analysis.extracted.events, events);
    let out: Value = serde_json::from_str(&d.analysis.to_json()).unwrap_or(Value::Null);
    let matched = super::gold::score_doc(&d.gold, &out, rep);
    rep.documents += 1;
    d.analysis.extracted.events = own;
    matched
}

/// The events fold `fold`'s models decide on its held-out documents (`docs[i]` is in fold `i % k`),
/// with their vetting features and gold labels.
pub fn held_out(
    docs: &mut [Doc],
    k: usize,
    fold: usize,
    layer: &Layer,
    model: &Model,
    lx: &khabar_lexicon::Lexicon,
    gaz: &Gazetteer,
) -> Vec<Held> {
    docs.par_iter_mut()
        .enumerate()
        .filter(|(i, _)| i % k == fold)
        .map(|(i, d)| {
            let (events, origins, feats) = {
                let x = input(&d.analysis);
                let p = layer.prepare(&x);
                let decided = layer.decided(&x, &p, model, lx);
                let feats = layer.vet_features(&x, &decided);
                let origins = decided.iter().map(|d| d.origin).collect();
                let mut events: Vec<Event> = decided.into_iter().map(|d| d.event).collect();
                Locator::new(
                    lx,
                    gaz,
                    &d.analysis.extracted.words,
                    &d.analysis.extracted.entities,
                )
                .locate(&mut events);
                (events, origins, feats)
            };
            let labels = score(d, events.clone(), &mut GoldReport::default());
            Held {
                doc: i,
                fold,
                events,
                origins,
                feats,
                labels,
            }
        })
        .collect()
}

fn fit(held: &[&Held]) -> Scorer {
    let rows: Vec<(Vec<u64>, f32)> = held
        .iter()
        .flat_map(|h| {
            h.feats
                .iter()
                .zip(&h.labels)
                .map(|(f, &y)| (f.clone(), if y { 1.0 } else { 0.0 }))
        })
        .collect();
    Scorer::train(&rows, super::coder::env_f32("KHABAR_C_VET", 1.0))
}

/// Nested cross-validation of the vetting model over the held-out events, a report line per
/// floor, and the model fitted on all of them with the floor of the best F1 (or
/// `KHABAR_VET_FLOOR`).
pub fn train(docs: &mut [Doc], held: &[Held], k: usize, report: &mut String) -> (Scorer, f32) {
    let mut reports: Vec<GoldReport> = FLOORS.iter().map(|_| GoldReport::default()).collect();
    let (mut right, mut all) = (0usize, 0usize);
    // per origin: events, right; per floor, per origin: kept, kept right
    let mut by_origin = [[0usize; 2]; 3];
    let mut kept_by = vec![[[0usize; 2]; 3]; FLOORS.len()];
    for f in 0..k {
        let train: Vec<&Held> = held.iter().filter(|h| h.fold != f).collect();
        let scorer = fit(&train);
        for h in held.iter().filter(|h| h.fold == f) {
            let probs: Vec<f32> = h.feats.iter().map(|x| scorer.prob(x)).collect();
            right += h.labels.iter().filter(|&&y| y).count();
            all += h.labels.len();
            for ((&o, &y), &p) in h.origins.iter().zip(&h.labels).zip(&probs) {
                let oi = o as usize;
                by_origin[oi][0] += 1;
                by_origin[oi][1] += usize::from(y);
                for (fi, &floor) in FLOORS.iter().enumerate() {
                    if p >= floor {
                        kept_by[fi][oi][0] += 1;
                        kept_by[fi][oi][1] += usize::from(y);
                    }
                }
            }
            for (fi, &floor) in FLOORS.iter().enumerate() {
                let kept: Vec<Event> = h
                    .events
                    .iter()
                    .zip(probs.iter().zip(&h.origins))
                    .filter(|(e, (&p, o))| {
                        p >= floor || !o.vetted() && vet::rule_stands(&e.root, p)
                    })
                    .map(|(e, _)| e.clone())
                    .collect();
                score(&mut docs[h.doc], kept, &mut reports[fi]);
            }
        }
    }
    let _ = writeln!(
        report,
        "vetting: {all} held-out decided events, {right} right by the gold protocol; nested {k}-fold CV per floor:"
    );
    let names = vet::Origin::ALL.map(vet::Origin::name);
    let _ = writeln!(
        report,
        "  by origin (events, right): {}",
        names
            .iter()
            .zip(&by_origin)
            .map(|(n, c)| format!("{n} {}/{}", c[1], c[0]))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for ((floor, r), kept) in FLOORS.iter().zip(&reports).zip(&kept_by) {
        let _ = writeln!(
            report,
            "  floor {floor:.2}: {}; above the floor (right/events) {}",
            r.brief(),
            names
                .iter()
                .zip(kept)
                .map(|(n, c)| format!("{n} {}/{}", c[1], c[0]))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let best = FLOORS
        .iter()
        .zip(&reports)
        .max_by(|a, b| a.1.f1().total_cmp(&b.1.f1()))
        .map_or(0.0, |x| *x.0);
    let floor = std::env::var("KHABAR_VET_FLOOR")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(best);
    let _ = writeln!(report, "vetting floor {floor:.2} (best F1 at {best:.2})");
    let all: Vec<&Held> = held.iter().collect();
    (fit(&all), floor)
}
