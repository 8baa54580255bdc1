//! Event evaluation: the seeds' `gold.json` (a gold event matches when the CAMEO
//! root agrees, the code is among `codes` when given, source and target
//! countries agree and the evidence lies in the gold evidence's sentence), and
//! the crowd-labelled ASSAULT / PROTEST sentences with their actor spans.

use crate::pipeline::{Analysis, Analyzer, Depth};
use khabar_extract::{Event, Modality};
use khabar_ingest::Article;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use super::ner::Prf;

fn fold(s: &str) -> String {
    khabar_text::fold(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn country(code: &str) -> &str {
    code.get(..3).unwrap_or(code)
}

/// Seeds: per gold event, found or not (with why).
#[derive(Debug, Default)]
pub struct SeedReport {
    pub gold: usize,
    pub found: usize,
    pub predicted: usize,
    pub lines: Vec<String>,
    pub must_not_violations: Vec<String>,
}

/// The sentence index whose text contains `evidence` (after folding).
fn sentence_of(a: &Analysis, evidence: &str) -> Option<usize> {
    let ev = fold(evidence);
    let text = &a.cleaned.text;
    a.sentences
        .iter()
        .position(|r| fold(&text[r.clone()]).contains(&ev))
        .or_else(|| {
            // evidence that crosses a sentence break: its first half
            let half: String = ev.split(' ').take(3).collect::<Vec<_>>().join(" ");
            a.sentences
                .iter()
                .position(|r| fold(&text[r.clone()]).contains(&half))
        })
}

pub fn event_matches(e: &Event, ge: &Value, sent: Option<usize>) -> bool {
    let root = ge["root"].as_str().unwrap_or("");
    if e.root != root {
        return false;
    }
    if let Some(codes) = ge["codes"].as_array() {
        if !codes.iter().any(|c| c.as_str() == Some(e.cameo.as_str())) {
            return false;
        }
    }
    let (Some(s), Some(t)) = (&e.source, &e.target) else {
        return false;
    };
    if ge["source"].as_str().is_some_and(|g| country(&s.code) != g)
        || ge["target"].as_str().is_some_and(|g| country(&t.code) != g)
    {
        return false;
    }
    if sent != Some(e.sentence) {
        return false;
    }
    if let Some(d) = ge["date"].as_str() {
        if e.date.as_deref() != Some(d) {
            return false;
        }
    }
    if let Some(m) = ge["modality"].as_str() {
        let got = serde_json::to_value(e.modality).ok();
        if got.as_ref().and_then(|v| v.as_str()) != Some(m) {
            return false;
        }
    }
    true
}

/// Scores `gold.json`; articles are read from `dir` (the folder of gold.json, else `examples/`).
pub fn seeds(analyzer: &Analyzer, gold_path: &Path) -> anyhow::Result<SeedReport> {
    let g: Value = serde_json::from_str(&std::fs::read_to_string(gold_path)?)?;
    let dir = gold_path.parent().unwrap_or(Path::new("."));
    let mut rep = SeedReport::default();
    for doc in g["documents"].as_array().into_iter().flatten() {
        let file = doc["file"].as_str().unwrap_or_default();
        let path = [dir.join(file), Path::new("examples").join(file)]
            .into_iter()
            .find(|p| p.exists());
        let Some(path) = path else {
            rep.lines.push(format!("{file}: not found"));
            continue;
        };
        let text = String::from_utf8_lossy(&std::fs::read(&path)?).into_owned();
        let a = analyzer.analyze(
            Article {
                doc_id: file.into(),
                published: doc["published"].as_str().map(String::from),
                text,
                ..Default::default()
            },
            Depth::Entities,
        );
        rep.predicted += a.extracted.events.len();
        for ge in doc["events"].as_array().into_iter().flatten() {
            rep.gold += 1;
            let sent = sentence_of(&a, ge["evidence"].as_str().unwrap_or_default());
            let hit = a
                .extracted
                .events
                .iter()
                .any(|e| event_matches(e, ge, sent));
            if hit {
                rep.found += 1;
            }
            let _ = ge;
            rep.lines.push(format!(
                "{} {:<4} {} {}→{} root {}: {}",
                if hit { "ok  " } else { "MISS" },
                ge["id"].as_str().unwrap_or(""),
                file,
                ge["source"].as_str().unwrap_or("?"),
                ge["target"].as_str().unwrap_or("?"),
                ge["root"].as_str().unwrap_or("?"),
                ge["evidence"].as_str().unwrap_or("")
            ));
        }
        // must_not entries that name a CAMEO code: no such event in the article
        for m in doc["must_not"].as_array().into_iter().flatten() {
            let what = m["what"].as_str().unwrap_or_default();
            for tok in what.split(|c: char| !c.is_ascii_digit()) {
                if tok.len() == 3
                    && a.extracted
                        .events
                        .iter()
                        .any(|e| e.cameo == tok && e.modality != Modality::Future)
                {
                    rep.must_not_violations.push(format!("{file}: {what}"));
                }
            }
            for e in &a.extracted.entities {
                let t = &a.cleaned.text[e.span.0..e.span.1];
                if ["Libanaujourdui", "quot;", "rlm;"]
                    .iter()
                    .any(|x| t.contains(x) && what.contains(x))
                {
                    rep.must_not_violations
                        .push(format!("{file}: entity {t}: {what}"));
                }
            }
        }
    }
    Ok(rep)
}

impl SeedReport {
    pub fn render(&self) -> String {
        let mut s = String::new();
        for l in &self.lines {
            let _ = writeln!(s, "{l}");
        }
        let _ = writeln!(
            s,
            "gold events found: {}/{}; khabar events in these articles: {}",
            self.found, self.gold, self.predicted
        );
        let r = if self.gold == 0 {
            0.0
        } else {
            self.found as f64 / self.gold as f64
        };
        let _ = writeln!(
            s,
            "recall {r:.3}; must_not violations: {}",
            self.must_not_violations.len()
        );
        for v in &self.must_not_violations {
            let _ = writeln!(s, "  VIOLATION {v}");
        }
        s
    }
}

/// The CAMEO roots an event class covers.
pub fn class_roots(class: &str) -> &'static [&'static str] {
    match class {
        "ASSAULT" => &["18", "19", "20"],
        "PROTEST" => &["14"],
        _ => &[],
    }
}

/// Does khabar report an event of `class` in this analysis?
/// Does the analysis code an event of the crowd class in the sentence? With `news_only`, only
/// events told as news (asserted or reported) count: a background mention («منذ اغتيال
/// الحريري», «موقع التفجير») is what the crowd mostly labelled `easy no`.
pub fn detects(a: &Analysis, class: &str, news_only: bool) -> bool {
    let roots = class_roots(class);
    a.extracted.events.iter().any(|e| {
        roots.contains(&e.root.as_str())
            && (matches!(e.modality, Modality::Asserted | Modality::Reported)
                || !news_only && e.modality == Modality::Historical)
    })
}

#[derive(Debug, Default)]
pub struct SentenceReport {
    /// detection of events told as news
    pub by_class: BTreeMap<String, Prf>,
    /// detection counting background (historical) events too
    pub by_class_any: BTreeMap<String, Prf>,
    /// class → label → (hits, total) for the labels left out of scoring
    pub left_out: BTreeMap<String, BTreeMap<String, (usize, usize)>>,
    pub source: Prf,
    pub target: Prf,
    pub spans_sentences: usize,
    pub problems: Vec<String>,
    /// (class, label, detected, text) for inspection
    pub errors: Vec<(String, String, bool, String)>,
}

fn analyze_sentence(an: &Analyzer, id: &str, text: &str) -> Analysis {
    an.analyze(
        Article {
            doc_id: id.into(),
            text: text.into(),
            ..Default::default()
        },
        Depth::Entities,
    )
}

/// Normalizes a crowd actor role to a comparable code: country (or "") + agent.
fn crowd_code(role: &Value) -> String {
    let main = role["main"].as_str().unwrap_or("None");
    let agent = role["role"].as_str().unwrap_or("None");
    let main = if main == "None" { "" } else { main };
    let agent = if agent == "None" { "" } else { agent };
    format!("{main}{agent}")
}

fn code_agrees(pred: &str, gold: &str) -> bool {
    if gold.is_empty() {
        return false;
    }
    if gold.len() == 3 && pred.len() >= 3 {
        // gold has only a country or only an agent
        return pred.starts_with(gold) || pred.ends_with(gold);
    }
    pred == gold
        || (pred.len() >= 3
            && gold.len() >= 3
            && pred[..3] == gold[..3]
            && (pred.len() == 3 || gold.len() == 3))
}

pub fn sentences(
    an: &Analyzer,
    sentences_file: &Path,
    spans_file: Option<&Path>,
) -> anyhow::Result<SentenceReport> {
    let mut rep = SentenceReport::default();
    let text = std::fs::read_to_string(sentences_file)?;
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                rep.problems
                    .push(format!("{}:{}: {e}", sentences_file.display(), n + 1));
                continue;
            }
        };
        let class = v["event_type"].as_str().unwrap_or_default().to_string();
        let label = v["crowd_label"].as_str().unwrap_or_default().to_string();
        let s = v["text"].as_str().unwrap_or_default();
        let a = analyze_sentence(an, v["id"].as_str().unwrap_or(""), s);
        let hit = detects(&a, &class, true);
        match label.as_str() {
            "yes" | "easy no" => {
                rep.by_class_any
                    .entry(class.clone())
                    .or_default()
                    .count(label == "yes", detects(&a, &class, false));
                rep.by_class
                    .entry(class.clone())
                    .or_default()
                    .count(label == "yes", hit);
                if (label == "yes") != hit {
                    rep.errors.push((class, label, hit, s.to_string()));
                }
            }
            _ => {
                let e = rep
                    .left_out
                    .entry(class)
                    .or_default()
                    .entry(label)
                    .or_default();
                e.1 += 1;
                if hit {
                    e.0 += 1;
                }
            }
        }
    }
    if let Some(sp) = spans_file {
        let text = std::fs::read_to_string(sp)?;
        for (n, line) in text.lines().enumerate() {
            let v: Value = match serde_json::from_str(line) {
                Ok(v) => v,
                Err(e) => {
                    rep.problems
                        .push(format!("{}:{}: {e}", sp.display(), n + 1));
                    continue;
                }
            };
            if v["crowd_label"].as_str() != Some("yes") {
                continue;
            }
            rep.spans_sentences += 1;
            let class = v["event_type"].as_str().unwrap_or_default();
            let roots = class_roots(class);
            let a = analyze_sentence(
                an,
                v["doc"].as_str().unwrap_or(""),
                v["text"].as_str().unwrap_or(""),
            );
            let gold_src: Vec<String> = v["coder_spans"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| crowd_code(&c["source_role"]))
                .filter(|c| !c.is_empty())
                .collect();
            let gold_tgt: Vec<String> = v["coder_spans"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| crowd_code(&c["target_role"]))
                .filter(|c| !c.is_empty())
                .collect();
            let ev = a
                .extracted
                .events
                .iter()
                .find(|e| roots.contains(&e.root.as_str()));
            for (pred, gold, prf) in [
                (
                    ev.and_then(|e| e.source.as_ref()),
                    &gold_src,
                    &mut rep.source,
                ),
                (
                    ev.and_then(|e| e.target.as_ref()),
                    &gold_tgt,
                    &mut rep.target,
                ),
            ] {
                match (pred, gold.is_empty()) {
                    (Some(p), false) => {
                        if gold.iter().any(|g| code_agrees(&p.code, g)) {
                            prf.tp += 1;
                        } else {
                            prf.fp += 1;
                            prf.fn_ += 1;
                        }
                    }
                    (Some(_), true) => prf.fp += 1,
                    (None, false) => prf.fn_ += 1,
                    (None, true) => {}
                }
            }
        }
    }
    Ok(rep)
}

impl SentenceReport {
    pub fn render(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "detection of events told as news, asserted or reported (crowd `yes` = positive, `easy no` = negative):"
        );
        let _ = writeln!(
            s,
            "{:<10} {:>6} {:>6} {:>6} {:>5} {:>5} {:>5}",
            "class", "P", "R", "F1", "tp", "fp", "fn"
        );
        for (c, p) in &self.by_class {
            let _ = writeln!(
                s,
                "{:<10} {:>6.3} {:>6.3} {:>6.3} {:>5} {:>5} {:>5}",
                c,
                p.p(),
                p.r(),
                p.f1(),
                p.tp,
                p.fp,
                p.fn_
            );
        }
        for (c, p) in &self.by_class_any {
            let _ = writeln!(
                s,
                "{c:<10} counting background (historical) events too: P {:.3} R {:.3} F1 {:.3}",
                p.p(),
                p.r(),
                p.f1()
            );
        }
        let _ = writeln!(s, "left out of scoring (annotators split), share detected:");
        for (c, m) in &self.left_out {
            for (l, (h, t)) in m {
                let _ = writeln!(
                    s,
                    "  {c:<8} {l:<13} {h:>4}/{t:<4} = {:.2}",
                    if *t == 0 { 0.0 } else { *h as f64 / *t as f64 }
                );
            }
        }
        if self.spans_sentences > 0 {
            let _ = writeln!(
                s,
                "actor codes on {} `yes` sentences with coder spans:",
                self.spans_sentences
            );
            for (n, p) in [("source", &self.source), ("target", &self.target)] {
                let _ = writeln!(
                    s,
                    "  {n:<7} P {:.3} R {:.3} F1 {:.3} (tp {} fp {} fn {})",
                    p.p(),
                    p.r(),
                    p.f1(),
                    p.tp,
                    p.fp,
                    p.fn_
                );
            }
        }
        for p in self.problems.iter().take(5) {
            let _ = writeln!(s, "warning: {p}");
        }
        s
    }
}

/// One crowd-labelled sentence and its candidate events.
struct Candidate {
    class: String,
    /// unanimous label (`yes` = true, `easy no` = false); None where annotators split
    gold: Option<bool>,
    /// training target: 1 or 0 by the unanimous label, else by the majority
    /// of votes, ties counting as yes (cross-validated, majority labels beat vote shares for
    /// PROTEST, F1 0.71 against 0.68, and cost ASSAULT 0.01)
    target: f32,
    /// features of each candidate event
    feats: Vec<Vec<u64>>,
    text: String,
    /// each candidate as "cameo trigger"
    shown: Vec<String>,
}

fn candidates(an: &Analyzer, file: &Path) -> anyhow::Result<Vec<Candidate>> {
    let text = std::fs::read_to_string(file)?;
    let mut out = Vec::new();
    for line in text.lines() {
        let Ok(v) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let label = v["crowd_label"].as_str().unwrap_or_default();
        let (yes, no) = (
            v["accept"].as_f64().unwrap_or(0.0),
            v["reject"].as_f64().unwrap_or(0.0),
        );
        let (gold, target) = match label {
            "yes" => (Some(true), 1.0),
            "easy no" => (Some(false), 0.0),
            // split votes train with their majority label, but are not scored
            "difficult no" | "ambiguous" if yes + no > 0.0 => {
                (None, if yes >= no { 1.0 } else { 0.0 })
            }
            _ => continue,
        };
        let class = v["event_type"].as_str().unwrap_or_default().to_string();
        let roots = class_roots(&class);
        let a = analyze_sentence(an, "", v["text"].as_str().unwrap_or_default());
        let (mut shown, mut feats) = (Vec::new(), Vec::new());
        for e in a
            .extracted
            .events
            .iter()
            .filter(|e| roots.contains(&e.root.as_str()) && khabar_extract::scorer::scored(e))
        {
            let trigger = a
                .cleaned
                .text
                .get(e.trigger.0..e.trigger.1)
                .unwrap_or_default();
            shown.push(format!("{} {trigger}", e.cameo));
            feats.push(khabar_extract::scorer::features(
                &a.extracted.words,
                e.sentence_words.clone(),
                e,
                e.trigger_word,
                &an.extractor().events.scorer_words,
            ));
        }
        out.push(Candidate {
            class,
            gold,
            target,
            feats,
            text: v["text"].as_str().unwrap_or_default().to_string(),
            shown,
        });
    }
    Ok(out)
}

/// Fold of each sentence, stratified: the scored sentences of each (class,
/// label) are dealt round the folds in file order (repeat 0) or in an order
/// shuffled by `seed`, so every fold holds its share of the rare positives.
/// Split-label sentences are never scored, so they train in every fold
/// (`usize::MAX`).
fn stratified_folds(cands: &[Candidate], folds: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..cands.len()).collect();
    if seed > 0 {
        let mut rng = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
    }
    let mut fold = vec![usize::MAX; cands.len()];
    let mut dealt: BTreeMap<(&str, bool), usize> = BTreeMap::new();
    for i in order {
        if let Some(y) = cands[i].gold {
            let k = dealt.entry((cands[i].class.as_str(), y)).or_insert(0);
            fold[i] = *k % folds;
            *k += 1;
        }
    }
    fold
}

/// Trains the violence/protest confidence model on crowd-labelled sentences;
/// with `folds` ≥ 2, first reports cross-validated detection P/R/F1.
pub fn train_scorer(
    an: &mut Analyzer,
    file: &Path,
    folds: usize,
    repeats: usize,
) -> anyhow::Result<(String, khabar_extract::scorer::Scorer, String)> {
    let saved = std::mem::take(&mut an.extractor_mut().scorer);
    let cands = candidates(an, file)?;
    an.extractor_mut().scorer = saved;
    // inverse L2 strength; 0.3 … 3 cross-validate alike
    let c = 1.0;
    let items = |keep: &dyn Fn(usize) -> bool, class: &str| -> Vec<(Vec<u64>, f32)> {
        cands
            .iter()
            .enumerate()
            .filter(|(i, c)| c.class == class && keep(*i))
            .flat_map(|(_, c)| c.feats.iter().map(move |f| (f.clone(), c.target)))
            .collect()
    };
    // one model per class (their features are disjoint), each with its own
    // class balance, merged into one weight table
    let fit = |keep: &dyn Fn(usize) -> bool| {
        let mut m = khabar_extract::scorer::Scorer::default();
        for class in ["ASSAULT", "PROTEST"] {
            m.merge(khabar_extract::scorer::Scorer::train(
                &items(keep, class),
                c,
            ));
        }
        m
    };
    let mut report = String::new();
    let mut thresholds: BTreeMap<String, f32> = BTreeMap::new();
    // out-of-fold probability of every sentence, as JSON lines (for `--errors`)
    let mut oof = String::new();
    if folds >= 2 {
        // (class, gold, best probability) per sentence, each scored by a model
        // that did not see it; repeat r > 0 deals the folds from a shuffled order
        let mut scored: Vec<(String, bool, f32, &str, &[String])> = Vec::new();
        for r in 0..repeats.max(1) {
            let fold_of = stratified_folds(&cands, folds, r as u64);
            for f in 0..folds {
                let model = fit(&|i| fold_of[i] != f);
                for (i, c) in cands.iter().enumerate() {
                    if let (true, Some(y)) = (fold_of[i] == f, c.gold) {
                        let best = c.feats.iter().map(|x| model.prob(x)).fold(0.0f32, f32::max);
                        scored.push((c.class.clone(), y, best, &c.text, &c.shown));
                    }
                }
            }
        }
        let prf_at = |class: &str, t: f32| {
            let mut p = Prf::default();
            for (c, y, b, _, _) in &scored {
                if c != class {
                    continue;
                }
                p.count(*y, *b >= t && *b > 0.0);
            }
            p
        };
        for (c, y, b, t, shown) in &scored {
            oof.push_str(&serde_json::json!({"class": c, "label": if *y { "yes" } else { "easy no" }, "probability": b, "candidates": shown, "text": t}).to_string());
            oof.push('\n');
        }
        let _ = writeln!(report, "{folds}-fold cross-validated detection (rules + confidence model trained on the other folds; {} repeat(s) pooled):", repeats.max(1));
        for class in ["ASSAULT", "PROTEST"] {
            let p = prf_at(class, 0.5);
            let _ = writeln!(
                report,
                "{:<10} threshold 0.50: P {:.3} R {:.3} F1 {:.3} (tp {} fp {} fn {})",
                class,
                p.p(),
                p.r(),
                p.f1(),
                p.tp,
                p.fp,
                p.fn_
            );
            // the threshold is chosen on the pooled out-of-fold scores
            let (bt, bp) = (1..=18)
                .map(|k| k as f32 * 0.05)
                .map(|t| (t, prf_at(class, t)))
                .max_by(|a, b| a.1.f1().total_cmp(&b.1.f1()))
                .unwrap_or((0.5, p));
            let _ = writeln!(
                report,
                "{:<10} threshold {bt:.2}: P {:.3} R {:.3} F1 {:.3} (tp {} fp {} fn {})",
                class,
                bp.p(),
                bp.r(),
                bp.f1(),
                bp.tp,
                bp.fp,
                bp.fn_
            );
            for r in class_roots(class) {
                thresholds.insert(r.to_string(), bt);
            }
        }
    }
    let mut model = fit(&|_| true);
    model.thresholds = thresholds.into_iter().collect();
    Ok((report, model, oof))
}
