//! Training the learned layer of the event coder (`khabar eval events --train-coder OUT FILES…`) on
//! hand-coded files: gold-format JSON (`../shared/train/saudi_events.train-001.json`) or our own
//! annotations kept as corpus line + offsets (`data/train/*.jsonl`, text read from the corpus).
//!
//! Alignment (distant supervision): a gold event is given the candidate in its evidence's sentence
//! whose trigger lies in the evidence (or on the annotated trigger) and whose root is the gold root
//! or an alternative, one to one; that candidate is an event, all others are not. Its mentions whose
//! country is the gold source (target) are the positive sources (targets); "none" is positive where
//! the gold side is `---`. Document folds give cross-validated figures by the gold protocol
//! (`eval::gold`), and the keep threshold is the one with the best cross-validated F1.

use crate::pipeline::{Analysis, Analyzer, Depth};
use khabar_extract::gazetteer::Gazetteer;
use khabar_extract::learned::candidates::{self, Candidate, Mention};
use khabar_extract::learned::features::conj;
use khabar_extract::learned::{Input, Layer, Model, Prepared, ROOTS};
use khabar_extract::locate::Locator;
use khabar_extract::scorer::Scorer;
use khabar_ingest::Article;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::Value;
use std::fmt::Write as _;
use std::path::Path;

/// One analyzed gold document.
pub struct Doc {
    pub gold: Value,
    pub analysis: Analysis,
}

use super::gold::str_list;

/// Gold documents from a file: gold-format JSON (`{"documents": […]}`) or our offsets JSON lines.
pub fn load(path: &Path, corpus: &Path) -> anyhow::Result<Vec<Value>> {
    let text = std::fs::read_to_string(path)?;
    if path.extension().is_some_and(|e| e == "jsonl") {
        return super::annotations::materialize(&text, path, corpus);
    }
    let g: Value = serde_json::from_str(&text)?;
    Ok(g["documents"].as_array().cloned().unwrap_or_default())
}

/// The article of a gold-format document, as `khabar analyze` would read it from JSON lines.
pub fn gold_article(d: &Value, origin: String) -> Article {
    Article {
        doc_id: d["doc_id"].as_str().unwrap_or("").to_string(),
        title: d["title"]
            .as_str()
            .filter(|t| !t.trim().is_empty())
            .map(String::from),
        published: d["published"]
            .as_str()
            .and_then(khabar_ingest::normalize_date),
        text: d["text"].as_str().unwrap_or("").to_string(),
        origin,
        ..Default::default()
    }
}

/// Analyzes gold documents with the rules only (the layer's candidates come from them).
pub fn analyze(an: &Analyzer, docs: Vec<Value>) -> Vec<Doc> {
    docs.into_par_iter()
        .enumerate()
        .map(|(i, d)| {
            let analysis = an.analyze(gold_article(&d, format!("gold#{i}")), Depth::Entities);
            Doc { gold: d, analysis }
        })
        .collect()
}

pub(super) fn input<'a>(a: &'a Analysis) -> Input<'a> {
    Input {
        text: &a.cleaned.text,
        ws: &a.extracted.words,
        sentences: &a.sentences,
        entities: &a.extracted.entities,
        dates: &a.extracted.dates,
        published: a.article.published.as_deref(),
        rules: &a.extracted.events,
    }
}

/// Byte spans of `s` in `text` (first occurrence).
fn find(text: &str, s: &str) -> Option<(usize, usize)> {
    if s.is_empty() {
        return None;
    }
    text.find(s).map(|b| (b, b + s.len()))
}

/// The learned trigger table of some documents: key → most frequent first code (keys seen twice+).
pub fn trigger_table(docs: &[&Doc], lx: &khabar_lexicon::Lexicon) -> FxHashMap<String, String> {
    let index = candidates::TriggerIndex::build(lx, FxHashMap::default());
    let mut counts: FxHashMap<String, FxHashMap<String, usize>> = FxHashMap::default();
    for d in docs {
        let a = &d.analysis;
        let text = &a.cleaned.text;
        for g in d.gold["events"].as_array().into_iter().flatten() {
            let Some((ts, te)) = g["trigger"].as_str().and_then(|t| {
                let (es, ee) = find(text, g["evidence"].as_str().unwrap_or(""))?;
                text[es..ee].find(t).map(|b| (es + b, es + b + t.len()))
            }) else {
                continue;
            };
            let words: Vec<_> = a
                .extracted
                .words
                .iter()
                .filter(|w| w.start < te && ts < w.end)
                .collect();
            let (Some(key), Some(code)) = (
                candidates::trigger_key(&words, &index, &a.extracted.entities),
                g["codes"].get(0).and_then(Value::as_str),
            ) else {
                continue;
            };
            *counts
                .entry(key)
                .or_default()
                .entry(code.to_string())
                .or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter_map(|(k, cs)| {
            let n: usize = cs.values().sum();
            let best = cs
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?;
            (n >= 2).then_some((k, best.0))
        })
        .collect()
}

/// What fitting needs besides the documents.
struct Ctx<'a> {
    layer: &'a Layer,
    lx: &'a khabar_lexicon::Lexicon,
    gaz: &'a Gazetteer,
}

/// Hashed features with a label (1 yes, 0 no).
type Labeled = Vec<(Vec<u64>, f32)>;
/// A gold event's sentence and evidence spans, when found.
type Placed = Option<(usize, Vec<(usize, usize)>)>;

/// Training rows of one document.
struct Rows {
    /// required gold events, those given an anchor, those whose anchor has a right source and a
    /// right target among its mentions (the ceiling the role models work under)
    stats: [usize; 4],
    roots: Labeled,
    source: Labeled,
    target: Labeled,
}

/// The country mention `m` of candidate `c` stands for: its own, else the one decoding would give a
/// country-less agent («قوات الأمن» in an Egyptian article: EGY), so that the role models learn
/// the choices decoding scores.
fn country_of(
    a: &Analysis,
    loc: &Locator,
    c: &Candidate,
    m: &Mention,
    other: &str,
) -> Option<String> {
    let e = &a.extracted.entities[m.entity];
    let code = e.code.as_deref().unwrap_or("");
    if e.country.is_some() || matches!(code.get(..3), Some("IGO" | "IMG" | "AFR" | "ARB")) {
        return Some(code.chars().take(3).collect());
    }
    let actor = khabar_extract::events::Actor {
        span: e.span,
        code: code.to_string(),
        entity: Some(e.id),
        implicit: m.previous,
    };
    // the other side as the gold has it: decoding gives a side the other's country last
    let other = khabar_extract::events::Actor {
        span: (0, 0),
        code: other.to_string(),
        entity: None,
        implicit: false,
    };
    loc.country_at(&actor, &c.sent_words, c.trigger, Some(&other))
}

/// Where a gold event's evidence and its restatements (`evidence_alt`) first stand in the text.
pub(super) fn evidence_spans(a: &Analysis, g: &Value) -> Vec<(usize, usize)> {
    let text = &a.cleaned.text;
    std::iter::once(g["evidence"].as_str().unwrap_or(""))
        .chain(str_list(&g["evidence_alt"]))
        .filter_map(|e| find(text, e))
        .collect()
}

/// A gold event's sentence (of its evidence) and its evidence spans.
fn gold_place(a: &Analysis, g: &Value) -> Option<(usize, Vec<(usize, usize)>)> {
    let spans = evidence_spans(a, g);
    let &(s, _) = spans.first()?;
    let si = a.sentences.iter().position(|x| x.start <= s && s < x.end)?;
    Some((si, spans))
}

/// The anchor of a gold event for training the role models: the candidate in its evidence with its
/// root (the annotated trigger first), else the annotated trigger word itself.
fn gold_anchor(
    d: &Doc,
    p: &Prepared,
    g: &Value,
    si: usize,
    spans: &[(usize, usize)],
) -> Option<Candidate> {
    let a = &d.analysis;
    let text = &a.cleaned.text;
    let roots: Vec<&str> = std::iter::once(g["root"].as_str().unwrap_or(""))
        .chain(str_list(&g["alt_roots"]))
        .collect();
    let trig = g["trigger"].as_str().and_then(|t| {
        let (es, ee) = *spans.first()?;
        text[es..ee].find(t).map(|b| (es + b, es + b + t.len()))
    });
    let best = p
        .cands
        .iter()
        .filter(|c| c.sentence == si && roots.contains(&c.root()))
        .filter(|c| {
            let w = &a.extracted.words[c.trigger];
            spans.iter().any(|&(s, e)| w.start >= s && w.end <= e)
        })
        .max_by_key(|c| {
            let w = &a.extracted.words[c.trigger];
            (
                trig.is_some_and(|(s, e)| w.start < e && s < w.end),
                !c.rules.is_empty(),
            )
        });
    if let Some(c) = best {
        return Some(c.clone());
    }
    let (ts, te) = trig?;
    let sw = &p.sent_words[si];
    let k = sw.clone().rev().find(|&k| {
        let w = &a.extracted.words[k];
        w.start < te && ts < w.end && !candidates::LIGHT_VERBS.contains(&w.core.as_str())
    })?;
    let root = g["root"].as_str().unwrap_or("");
    Some(Candidate {
        sentence: si,
        sent_words: sw.clone(),
        trigger: k,
        code: format!("{root}0"),
        lexical: false,
        rules: Vec::new(),
        mentions: p.mentions[si].clone(),
    })
}

fn rows(cx: &Ctx, d: &Doc, p: &Prepared) -> Rows {
    let layer = cx.layer;
    let a = &d.analysis;
    let x = input(a);
    let loc = Locator::new(cx.lx, cx.gaz, &a.extracted.words, &a.extracted.entities);
    let mut r = Rows {
        stats: [0; 4],
        roots: Vec::new(),
        source: Vec::new(),
        target: Vec::new(),
    };
    let events: Vec<&Value> = d.gold["events"].as_array().into_iter().flatten().collect();
    let placed: Vec<Placed> = events.iter().map(|g| gold_place(a, g)).collect();
    // sentence × root labels: the gold roots of the sentence are yes, their alternatives unknown
    for si in 0..p.sent_words.len() {
        let here: Vec<&Value> = events
            .iter()
            .zip(&placed)
            .filter(|(_, pl)| pl.as_ref().is_some_and(|(s, _)| *s == si))
            .map(|(g, _)| *g)
            .collect();
        for (ri, root) in ROOTS.iter().enumerate() {
            let yes = here.iter().any(|g| g["root"].as_str() == Some(root));
            let alt = here
                .iter()
                .any(|g| str_list(&g["alt_roots"]).contains(root));
            if !yes && alt {
                continue;
            }
            let f = p.sent_feats[si].iter().map(|&h| conj(h, ri)).collect();
            r.roots.push((f, if yes { 1.0 } else { 0.0 }));
        }
    }
    for (g, pl) in events.iter().zip(&placed) {
        let required = !g["optional"].as_bool().unwrap_or(false);
        r.stats[0] += usize::from(required);
        let Some((si, spans)) = pl else { continue };
        let Some(c) = gold_anchor(d, p, g, *si, spans) else {
            continue;
        };
        r.stats[1] += usize::from(required);
        let roles = layer.roles(&x, &c);
        for (side, key, alt, named_key, out, stat) in [
            (
                &roles.source,
                "source",
                "source_alt",
                "source_text",
                &mut r.source,
                2,
            ),
            (
                &roles.target,
                "target",
                "target_alt",
                "target_text",
                &mut r.target,
                3,
            ),
        ] {
            let allowed: Vec<&str> = std::iter::once(g[key].as_str().unwrap_or(""))
                .chain(str_list(&g[alt]))
                .collect();
            // where the annotator marked the actor's words, the right mentions are the entity
            // there (any of its mentions); else every mention of the right country
            let text = &a.cleaned.text;
            let named = g[named_key].as_str().and_then(|t| {
                let (es, _) = *spans.first()?;
                // the occurrence nearest the evidence
                let mut best: Option<(usize, usize)> = None;
                for (b, _) in text.match_indices(t) {
                    if best.is_none_or(|(x, _)| b.abs_diff(es) < x.abs_diff(es)) {
                        best = Some((b, b + t.len()));
                    }
                }
                best
            });
            let named_ids: Vec<usize> = named.map_or(Vec::new(), |(s, e)| {
                a.extracted
                    .entities
                    .iter()
                    .filter(|x| x.span.0 < e && s < x.span.1)
                    .map(|x| x.id)
                    .collect()
            });
            let mut possible = false;
            for (i, f) in side.iter().enumerate() {
                let y = match c.mentions.get(i) {
                    Some(m) => {
                        let other_key = if key == "source" { "target" } else { "source" };
                        let other = g[other_key].as_str().unwrap_or("---");
                        let fits = match country_of(a, &loc, &c, m, other) {
                            Some(c) => allowed.contains(&c.as_str()),
                            None => allowed.contains(&"---"),
                        };
                        fits && (named_ids.is_empty()
                            || named_ids.contains(&a.extracted.entities[m.entity].id))
                    }
                    None => allowed.contains(&"---"),
                };
                possible |= y;
                out.push((f.clone(), if y { 1.0 } else { 0.0 }));
            }
            if required && possible {
                r.stats[stat] += 1;
            }
        }
    }
    r
}

const C: f32 = 1.0;
/// Root-model weights below this are dropped (raised with the training data to keep the shipped
/// file under 4 MiB: 0.07 for 5,240 documents, 0.13 for 6,440).
const PRUNE: f32 = 0.13;
const ROLE_PRUNE: f32 = 0.05;

/// Fits the models on some documents (the trigger table must already be in `layer`).
fn fit(cx: &Ctx, docs: &[&Doc]) -> Model {
    let layer = cx.layer;
    let all: Vec<Rows> = docs
        .par_iter()
        .map(|d| rows(cx, d, &layer.prepare(&input(&d.analysis))))
        .collect();
    let cat = |f: fn(&Rows) -> &Labeled| -> Labeled {
        all.iter().flat_map(|r| f(r).iter().cloned()).collect()
    };
    let (roots, src, tgt) = (cat(|r| &r.roots), cat(|r| &r.source), cat(|r| &r.target));
    let st = all.iter().fold([0usize; 4], |mut a, r| {
        (0..4).for_each(|i| a[i] += r.stats[i]);
        a
    });
    eprintln!(
        "alignment: {} required gold events, {} with an anchor, {} of those with a right source among the mentions, {} with a right target",
        st[0], st[1], st[2], st[3]
    );
    let (cr, cs) = (env_f32("KHABAR_C_ROOTS", C), env_f32("KHABAR_C_ROLES", C));
    let (roots, source, target) = rayon::join(
        || Scorer::train(&roots, cr),
        || rayon::join(|| Scorer::train(&src, cs), || Scorer::train(&tgt, cs)),
    )
    .pipe();
    // most root-model weights are tiny word weights: dropped, the file is a fifth and the
    // cross-validated figures do not move (they are measured with the pruned model)
    let (mut roots, mut source, mut target) = (roots, source, target);
    roots.prune(env_f32("KHABAR_PRUNE", PRUNE));
    // role weights under 0.05 are a fifth of each side model and move F1 on events-026/027 by
    // under 0.001 (2026-12-02): dropped for the file limit
    source.prune(ROLE_PRUNE);
    target.prune(ROLE_PRUNE);
    Model {
        roots,
        source,
        target,
        threshold: 0.5,
        root_thresholds: FxHashMap::default(),
        pair_floor: pair_floor(),
        triggers: layer.model.triggers.clone(),
        vet: Scorer::default(),
        vet_floor: 0.0,
        when: Scorer::default(),
        when_floor: 0.5,
    }
}

trait Pipe<A, B, C> {
    fn pipe(self) -> (A, B, C);
}
impl<A, B, C> Pipe<A, B, C> for (A, (B, C)) {
    fn pipe(self) -> (A, B, C) {
        (self.0, self.1 .0, self.1 .1)
    }
}

/// The dyad floor of trained models: 5-fold CV on the training files (2026-11-30, 1,040 documents)
/// gave F1 0.355 / precision 0.365 without it, 0.357 / 0.370 at 0.05, 0.363 / 0.390 at 0.15 and
/// 0.365 / 0.423 at 0.3: the same F1 for fewer wrong dyads. `KHABAR_C_PAIR` overrides it to retry.
const PAIR_FLOOR: f32 = 0.3;

fn pair_floor() -> f32 {
    env_f32("KHABAR_C_PAIR", PAIR_FLOOR)
}

/// A training knob from the environment (to retry a setting without a rebuild), else `default`.
pub(super) fn env_f32(key: &str, default: f32) -> f32 {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

const THRESHOLDS: &[f32] = &[0.3, 0.4, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];

/// Scores documents with a model at every threshold, adding to one report per threshold.
fn score_all(
    cx: &Ctx,
    model: &Model,
    docs: &mut [&mut Doc],
    reports: &mut [super::gold::GoldReport],
) {
    let (layer, lx) = (cx.layer, cx.lx);
    for d in docs.iter_mut() {
        let prepared = layer.prepare(&input(&d.analysis));
        let rules = std::mem::take(&mut d.analysis.extracted.events);
        // as `Extractor::extract` does after deciding: country-less sides located (one locator
        // per document: it depends on the words and entities only, not on the threshold)
        let loc = Locator::new(
            lx,
            cx.gaz,
            &d.analysis.extracted.words,
            &d.analysis.extracted.entities,
        );
        for (ti, &t) in THRESHOLDS.iter().enumerate() {
            let events = {
                let mut x = input(&d.analysis);
                x.rules = &rules;
                let mut ev = layer.decide(&x, &prepared, &with_threshold(model, t), lx);
                loc.locate(&mut ev);
                ev
            };
            d.analysis.extracted.events = events;
            let out: Value = serde_json::from_str(&d.analysis.to_json()).unwrap_or(Value::Null);
            super::gold::score_doc(&d.gold, &out, &mut reports[ti]);
            reports[ti].documents += 1;
        }
        d.analysis.extracted.events = rules;
    }
}

fn with_threshold(m: &Model, t: f32) -> Model {
    // Scorers are maps: a clone per threshold is cheap next to the analysis
    Model {
        roots: m.roots.clone(),
        source: m.source.clone(),
        target: m.target.clone(),
        threshold: t,
        root_thresholds: FxHashMap::default(),
        pair_floor: m.pair_floor,
        triggers: m.triggers.clone(),
        vet: Scorer::default(),
        vet_floor: 0.0,
        when: Scorer::default(),
        when_floor: 0.5,
    }
}

/// Cross-validates, then fits on everything; returns the report and the model.
pub fn train(
    docs: &mut [Doc],
    folds: usize,
    lx: &khabar_lexicon::Lexicon,
    gaz: &Gazetteer,
    mode: khabar_extract::learned::Mode,
) -> (String, Model) {
    let mut report = String::new();
    let n = docs.len();
    let errors_to = std::env::var("KHABAR_ROLE_ERRORS").ok();
    let mut diag = Diag {
        keep_errors: errors_to.is_some(),
        ..Diag::default()
    };
    let mut reports: Vec<super::gold::GoldReport> =
        THRESHOLDS.iter().map(|_| Default::default()).collect();
    let k = folds.max(2).min(n.max(2));
    // each fold's layer and models, for the vetting model's held-out events
    let mut fold_models: Vec<(Layer, Model)> = Vec::new();
    if folds >= 2 {
        for f in 0..k {
            let (mut test, train): (Vec<&mut Doc>, Vec<&mut Doc>) = docs
                .iter_mut()
                .enumerate()
                .fold((vec![], vec![]), |mut acc, (i, d)| {
                    if i % k == f {
                        acc.0.push(d)
                    } else {
                        acc.1.push(d)
                    }
                    acc
                });
            let train: Vec<&Doc> = train.into_iter().map(|d| &*d).collect();
            let mut layer = Layer::new(
                lx,
                Model {
                    triggers: trigger_table(&train, lx),
                    ..Model::from_text("")
                },
            );
            layer.mode = mode;
            let cx = Ctx {
                layer: &layer,
                lx,
                gaz,
            };
            let model = fit(&cx, &train);
            for d in test.iter() {
                diag_doc(&cx, &model, d, &mut diag);
            }
            score_all(&cx, &model, &mut test, &mut reports);
            fold_models.push((layer, model));
        }
        if let Some(path) = &errors_to {
            let _ = std::fs::write(path, diag.errors.join("\n"));
        }
        let _ = writeln!(report, "held out, sentence roots at 0.5 (root: gold yes, found; predicted yes, right) and role picks:");
        for (ri, root) in ROOTS.iter().enumerate() {
            let d = &diag.roots[ri];
            if d[0] + d[2] > 0 {
                let _ = writeln!(
                    report,
                    "  {root}: {}/{} found, {}/{} right; source {}/{}, target {}/{}",
                    d[1], d[0], d[3], d[2], d[4], d[5], d[6], d[7]
                );
            }
        }
        let _ = writeln!(
            report,
            "{k}-fold cross-validation by document (gold protocol):"
        );
        for (t, r) in THRESHOLDS.iter().zip(&reports) {
            let _ = writeln!(report, "  threshold {t:.2}: {}", r.brief());
        }
    }
    let best = reports
        .iter()
        .zip(THRESHOLDS)
        .max_by(|a, b| a.0.f1().total_cmp(&b.0.f1()))
        .map_or(0.5, |x| *x.1);
    let mut per_root = FxHashMap::default();
    if folds >= 2 {
        if let Some(r) = reports.iter().zip(THRESHOLDS).find(|x| *x.1 == best) {
            let _ = writeln!(report, "chosen threshold {best:.2}; per root at it:");
            report.push_str(&r.0.render());
        }
        per_root = root_thresholds(&reports, best);
        let mut chosen: Vec<_> = per_root.iter().collect();
        chosen.sort_by_key(|x| *x.0);
        let (f, p, r) = pooled(&reports, &per_root, best);
        let _ = writeln!(
            report,
            "per-root thresholds {} (chosen on these same held-out scores, so optimistic): recall {r:.3}, precision {p:.3}, F1 {f:.3}",
            chosen
                .iter()
                .map(|(r, t)| format!("{}:{t:.2}", ROOTS[**r]))
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    // the vetting model, on the events the fold models decide at the chosen thresholds
    let mut vetting = (Scorer::default(), 0.0);
    if folds >= 2 && std::env::var("KHABAR_NO_VET").is_err() {
        let mut held = Vec::new();
        for (f, (layer, m)) in fold_models.iter().enumerate() {
            let mut m = with_threshold(m, best);
            m.root_thresholds = per_root.clone();
            held.extend(super::vet::held_out(docs, k, f, layer, &m, lx, gaz));
        }
        vetting = super::vet::train(docs, &held, k, &mut report);
    }
    drop(fold_models);
    let all: Vec<&Doc> = docs.iter().collect();
    let layer = Layer::new(
        lx,
        Model {
            triggers: trigger_table(&all, lx),
            ..Model::from_text("")
        },
    );
    let mut model = fit(
        &Ctx {
            layer: &layer,
            lx,
            gaz,
        },
        &all,
    );
    model.threshold = best;
    model.root_thresholds = per_root;
    (model.vet, model.vet_floor) = vetting;
    let (when_report, when, when_floor) = super::when::train(docs, k);
    report.push_str(&when_report);
    (model.when, model.when_floor) = (when, when_floor);
    let _ = writeln!(
        report,
        "trained on {n} documents; {} learned trigger keys",
        model.triggers.len()
    );
    (report, model)
}

/// Roots with fewer required held-out events than this keep the global threshold.
const MIN_ROOT_EVENTS: usize = 20;

/// Pooled F1, precision and recall when each root is kept at its own threshold.
fn pooled(
    reports: &[super::gold::GoldReport],
    per_root: &FxHashMap<usize, f32>,
    global: f32,
) -> (f64, f64, f64) {
    let at = |t: f32| THRESHOLDS.iter().position(|x| *x == t).unwrap_or(0);
    let (mut found, mut ok, mut pred) = (0usize, 0usize, 0usize);
    let required = reports.first().map_or(0, |r| r.required);
    for (ri, root) in ROOTS.iter().enumerate() {
        let rep = &reports[at(per_root.get(&ri).copied().unwrap_or(global))];
        if let Some(row) = rep.by_root.get(*root) {
            found += row.found;
            ok += row.predicted_ok;
            pred += row.predicted;
        }
    }
    // the report's own recall, precision and F1 over the pooled counts
    let rep = super::gold::GoldReport {
        required,
        found,
        predicted: pred,
        predicted_ok: ok,
        ..Default::default()
    };
    (rep.f1(), rep.precision(), rep.recall())
}

/// A threshold per root with enough held-out events, by coordinate ascent on the pooled F1.
fn root_thresholds(reports: &[super::gold::GoldReport], global: f32) -> FxHashMap<usize, f32> {
    let mut per_root: FxHashMap<usize, f32> = FxHashMap::default();
    let big: Vec<usize> = ROOTS
        .iter()
        .enumerate()
        .filter(|(_, root)| {
            reports[0]
                .by_root
                .get(**root)
                .is_some_and(|r| r.required >= MIN_ROOT_EVENTS)
        })
        .map(|(i, _)| i)
        .collect();
    for _ in 0..3 {
        for &ri in &big {
            let mut best = (
                pooled(reports, &per_root, global).0,
                per_root.get(&ri).copied(),
            );
            for &t in THRESHOLDS {
                let mut trial = per_root.clone();
                trial.insert(ri, t);
                let f = pooled(reports, &trial, global).0;
                if f > best.0 + 1e-9 {
                    best = (f, Some(t));
                }
            }
            if let Some(t) = best.1 {
                per_root.insert(ri, t);
            }
        }
    }
    per_root.retain(|_, t| *t != global);
    per_root
}

#[derive(Default)]
struct Diag {
    /// per root: gold yes, found at 0.5, predicted yes, right; source right, of; target right, of
    roots: [[usize; 8]; 20],
    /// wrong held-out role picks, one JSON line each, kept only when `KHABAR_ROLE_ERRORS` names a
    /// file to write them to
    keep_errors: bool,
    errors: Vec<String>,
}

/// Held-out diagnostics of one document: root detection per sentence and role picks on gold anchors.
fn diag_doc(cx: &Ctx, model: &Model, d: &Doc, out: &mut Diag) {
    let p = cx.layer.prepare(&input(&d.analysis));
    let r = rows(cx, d, &p);
    let mut i = 0;
    for si in 0..p.sent_words.len() {
        for ri in 0..ROOTS.len() {
            // rows() skips alternative-root pairs: recompute the same filter by matching features
            let f: Vec<u64> = p.sent_feats[si].iter().map(|&h| conj(h, ri)).collect();
            if i < r.roots.len() && r.roots[i].0 == f {
                let yes = r.roots[i].1 > 0.5;
                let pred = model.roots.prob(&f) >= 0.5;
                let x = &mut out.roots[ri];
                x[0] += usize::from(yes);
                x[1] += usize::from(yes && pred);
                x[2] += usize::from(pred);
                x[3] += usize::from(yes && pred);
                i += 1;
            }
        }
    }
    // role picks: rows are grouped per anchored gold event, mentions then none
    let a = &d.analysis;
    let events: Vec<&Value> = d.gold["events"].as_array().into_iter().flatten().collect();
    let (mut so, mut to) = (0, 0);
    for g in events {
        let Some((si, spans)) = gold_place(a, g) else {
            continue;
        };
        let Some(c) = gold_anchor(d, &p, g, si, &spans) else {
            continue;
        };
        let n = c.mentions.len() + 1;
        let ri = ROOTS
            .iter()
            .position(|x| Some(*x) == g["root"].as_str())
            .unwrap_or(0);
        for (rows, m, o, off) in [
            (&r.source, &model.source, 4, &mut so),
            (&r.target, &model.target, 6, &mut to),
        ] {
            let slice = &rows[*off..*off + n];
            *off += n;
            if slice.iter().any(|x| x.1 > 0.5) {
                out.roots[ri][o + 1] += 1;
                let best = slice
                    .iter()
                    .enumerate()
                    .max_by(|a, b| m.prob(&a.1 .0).total_cmp(&m.prob(&b.1 .0)))
                    .map_or(0, |x| x.0);
                out.roots[ri][o] += usize::from(slice[best].1 > 0.5);
                if out.keep_errors && slice[best].1 <= 0.5 {
                    let text = &a.cleaned.text;
                    let name = |i: usize| {
                        c.mentions.get(i).map_or("-".to_string(), |m| {
                            let e = &a.extracted.entities[m.entity];
                            format!(
                                "{} [{}]",
                                &text[e.span.0..e.span.1],
                                e.code.as_deref().unwrap_or("")
                            )
                        })
                    };
                    let right: Vec<String> =
                        (0..n).filter(|&i| slice[i].1 > 0.5).map(name).collect();
                    let s = &a.sentences[si];
                    let w = &a.extracted.words[c.trigger];
                    out.errors.push(
                        serde_json::json!({
                            "doc": d.gold["doc_id"], "role": if o == 4 { "source" } else { "target" },
                            "root": g["root"], "trigger": &text[w.start..w.end],
                            "picked": name(best), "right": right,
                            "sentence": &text[s.start..s.end],
                        })
                        .to_string(),
                    );
                }
            }
        }
    }
}
