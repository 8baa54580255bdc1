//! `khabar eval events --gold FILE`: hand-coded event files in the format of
//! `../shared/eval/saudi_events.dev.json`, scored by the protocol in their `about` field, exactly as the
//! reference scorer `../shared/tools/score_gold.py` does (the same figures, to the event).
//!
//! Matching: a predicted event matches a gold event when its root is the gold root or one of
//! `alt_roots`; when the roots are equal its code is in `codes` (or is the bare root code `R0`); its
//! source and target countries (first three letters of the code) are the gold ones or in
//! `source_alt`/`target_alt` (`---` matches a missing actor; either direction when `symmetric` or
//! root 04); and its evidence starts in the sentence that holds the gold `evidence` or one of
//! `evidence_alt`. Gold events are taken required first, each matching the first free prediction.
//! Recall is over required events, precision against all gold events.
//!
//! The scorer works on the `khabar analyze` JSON object itself (char offsets, the cleaned text), so
//! that it sees what users and the reference scorer see.

use crate::pipeline::{Analyzer, Depth};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// Why a required gold event was not matched, or a prediction matched nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ErrorKind {
    /// a prediction in the event's sentence with the right root and code and the dyad reversed
    Swapped,
    /// right root and target, wrong source
    WrongSource,
    /// right root and source, wrong target
    WrongTarget,
    /// right root, both sides wrong
    WrongDyad,
    /// a prediction in the event's sentence, of another root
    WrongRoot,
    /// nothing predicted in the event's sentence
    Missed,
    /// a prediction in a sentence that holds no gold event
    Spurious,
    /// a prediction in a gold event's sentence that matched no gold event
    UnmatchedInGoldSentence,
}

impl ErrorKind {
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Swapped => "swapped",
            ErrorKind::WrongSource => "wrong source",
            ErrorKind::WrongTarget => "wrong target",
            ErrorKind::WrongDyad => "wrong source and target",
            ErrorKind::WrongRoot => "wrong root",
            ErrorKind::Missed => "missed",
            ErrorKind::Spurious => "spurious",
            ErrorKind::UnmatchedInGoldSentence => "unmatched in a gold sentence",
        }
    }
}

#[derive(Debug, Default)]
pub struct RootRow {
    pub required: usize,
    pub found: usize,
    pub predicted: usize,
    pub predicted_ok: usize,
}

#[derive(Debug, Default)]
pub struct GoldReport {
    pub documents: usize,
    pub required: usize,
    pub found: usize,
    pub predicted: usize,
    pub predicted_ok: usize,
    pub by_root: BTreeMap<String, RootRow>,
    pub errors: BTreeMap<ErrorKind, usize>,
    /// must_not lines of documents (informational: they are prose)
    pub must_not: usize,
    /// when the matched events happened, against the gold's reading (not part of the matching)
    pub when: WhenTally,
    /// one JSON line per document: gold events with their status, predictions with theirs
    pub details: Vec<String>,
}

impl GoldReport {
    pub fn recall(&self) -> f64 {
        self.found as f64 / self.required.max(1) as f64
    }
    pub fn precision(&self) -> f64 {
        self.predicted_ok as f64 / self.predicted.max(1) as f64
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        2.0 * p * r / (p + r).max(1e-9)
    }

    pub fn render(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "gold events: {} documents", self.documents);
        let _ = writeln!(
            s,
            "root  required  found  recall   predicted  matched  precision"
        );
        for (root, r) in &self.by_root {
            let rec = if r.required > 0 {
                format!("{:.3}", r.found as f64 / r.required as f64)
            } else {
                "-".into()
            };
            let prec = if r.predicted > 0 {
                format!("{:.3}", r.predicted_ok as f64 / r.predicted as f64)
            } else {
                "-".into()
            };
            let _ = writeln!(
                s,
                "{root:<4}  {:>8}  {:>5}  {rec:>6}   {:>9}  {:>7}  {prec:>9}",
                r.required, r.found, r.predicted, r.predicted_ok
            );
        }
        let _ = writeln!(
            s,
            "errors: {}",
            self.errors
                .iter()
                .map(|(k, n)| format!("{} {n}", k.name()))
                .collect::<Vec<_>>()
                .join(", ")
        );
        // the same two lines as the reference scorer
        let roots: Vec<String> = self
            .by_root
            .iter()
            .filter(|(_, r)| r.required > 0)
            .map(|(k, r)| format!("{k}:{}/{}", r.found, r.required))
            .collect();
        let _ = writeln!(s, "by root {}", roots.join(" "));
        let _ = writeln!(s, "{}", self.when.line());
        let _ = writeln!(s, "gold: {}", self.line(" required", " predicted"));
        s
    }

    /// Recall, precision and F1 with their counts, on one line (cross-validation reports).
    pub fn brief(&self) -> String {
        self.line("", "")
    }

    /// Recall, precision and F1 with their counts, each count's total followed by its label.
    fn line(&self, required: &str, predicted: &str) -> String {
        format!(
            "recall {:.3} ({}/{}{required}), precision {:.3} ({}/{}{predicted}), F1 {:.3}",
            self.recall(),
            self.found,
            self.required,
            self.precision(),
            self.predicted_ok,
            self.predicted,
            self.f1()
        )
    }
}

/// Date and modality of matched events: the strict review's `✗m`, which the matching ignores.
#[derive(Debug, Default, Clone, Copy)]
pub struct WhenTally {
    /// matched events whose gold event gives a date
    pub dated: usize,
    pub date_ok: usize,
    /// matched events whose gold event gives a modality
    pub moded: usize,
    pub modality_ok: usize,
    /// matched events whose gold event names an agent on a side (GOV, MIL, REB …), and those
    /// whose predicted actors carry it: the matching compares countries only, so a Turkish
    /// soldier and the PKK (both TUR) pass it either way round, which the strict review counts
    /// as a swap
    pub agented: usize,
    pub agents_ok: usize,
}

impl WhenTally {
    pub fn line(&self) -> String {
        let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
        format!(
            "when (matched events): date right {}/{} ({:.1}%), modality right {}/{} ({:.1}%)\nagents (matched events whose gold names one): both sides' agents right {}/{} ({:.1}%)",
            self.date_ok,
            self.dated,
            pct(self.date_ok, self.dated),
            self.modality_ok,
            self.moded,
            pct(self.modality_ok, self.moded),
            self.agents_ok,
            self.agented,
            pct(self.agents_ok, self.agented)
        )
    }
}

/// Do a matched prediction's actors carry the agents its gold event names («TUR» + «MIL» in
/// «TURMIL», «IGO» + «UNO» in «IGOUNO»)? None when the gold names no agent on either side.
/// Read the straight way or, where only that fits, reversed (a symmetric event).
pub(crate) fn agents_agree(g: &Value, e: &Value) -> Option<bool> {
    let agent = |k: &str| {
        g[k].as_str()
            .filter(|a| !a.is_empty() && !a.starts_with('-'))
            .map(str::to_string)
    };
    let (sa, ta) = (agent("source_agent"), agent("target_agent"));
    if sa.is_none() && ta.is_none() {
        return None;
    }
    let code = |side: &str| e[side]["code"].as_str().unwrap_or("").to_string();
    let (s, t) = (code("source"), code("target"));
    // the agent follows the country (or stands alone: «MIL» for soldiers of no stated country);
    // a bare country is its state, as CAMEO codes it («SAU» for the government)
    let carries = |code: &str, agent: &Option<String>| {
        agent.as_ref().is_none_or(|a| {
            code.get(3..).is_some_and(|rest| rest.contains(a.as_str()))
                || code == a
                || a == "GOV" && code.len() == 3
        })
    };
    Some(
        carries(&s, &sa) && carries(&t, &ta)
            || carries(&t, &sa) && carries(&s, &ta) && {
                let c = |k: &str| g[k].as_str().unwrap_or("").to_string();
                // reversed only where the countries read reversed too (a symmetric meeting)
                s.starts_with(&c("target"))
                    && t.starts_with(&c("source"))
                    && c("source") != c("target")
            },
    )
}

/// Whether a predicted day agrees with a gold date of day, month or year precision: within the
/// gold month or year, or a day off at most (the print lag the review rubric tolerates).
pub(crate) fn date_agrees(gold: &str, predicted: &str) -> bool {
    use khabar_extract::dates::Ymd;
    match (Ymd::parse(gold), Ymd::parse(predicted)) {
        (Some(g), Some(p)) => (g.days() - p.days()).abs() <= 1,
        (Some(_), None) => false,
        _ => !gold.is_empty() && predicted.starts_with(gold),
    }
}

/// Modality classes as the rubric tells them apart: asserted and reported are both "it happened".
fn modality_class(m: &str) -> &str {
    match m {
        "reported" => "asserted",
        m => m,
    }
}

/// The strings of a JSON list (none for anything else).
pub(crate) fn str_list(v: &Value) -> Vec<&str> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// First three letters of an actor code (the country, IGO, IMG …); None for no actor.
fn country(actor: &Value) -> Option<String> {
    let code = actor.get("code").and_then(Value::as_str).unwrap_or("");
    if code.is_empty() {
        None
    } else {
        Some(code.chars().take(3).collect())
    }
}

/// A value's string form as Python's `str()` gives it for the fields compared (strings as they are).
fn as_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "None".into(),
        other => other.to_string(),
    }
}

struct Doc<'a> {
    text: &'a str,
    /// sentence char ranges
    sents: Vec<(i64, i64)>,
}

impl Doc<'_> {
    fn sent_of(&self, pos: i64) -> Option<usize> {
        self.sents.iter().position(|&(s, e)| s <= pos && pos < e)
    }

    /// Sentences holding the gold evidence or one of its restatements (first occurrence, raw text).
    fn gold_sents(&self, g: &Value) -> Vec<Option<usize>> {
        let mut out = Vec::new();
        let ev = g["evidence"].as_str().unwrap_or("");
        for e in std::iter::once(ev).chain(str_list(&g["evidence_alt"])) {
            if let Some(b) = self.text.find(e) {
                let pos = self.text[..b].chars().count() as i64;
                let s = self.sent_of(pos);
                if !out.contains(&s) {
                    out.push(s);
                }
            }
        }
        out
    }
}

/// How a prediction relates to a gold event: matched, or the first difference.
fn relation(g: &Value, e: &Value, doc: &Doc) -> Result<(), ErrorKind> {
    let groot = g["root"].as_str().unwrap_or("");
    let mut roots = vec![groot];
    roots.extend(str_list(&g["alt_roots"]));
    let eroot = as_text(&e["root"]);
    let in_sentence = doc
        .gold_sents(g)
        .contains(&doc.sent_of(e.get("start").and_then(Value::as_i64).unwrap_or(-1)));
    if !roots.contains(&eroot.as_str()) {
        return Err(if in_sentence {
            ErrorKind::WrongRoot
        } else {
            ErrorKind::Missed
        });
    }
    let codes = str_list(&g["codes"]);
    let cameo = as_text(&e["cameo"]);
    if eroot == groot
        && !codes.is_empty()
        && !codes.contains(&cameo.as_str())
        && cameo != format!("{groot}0")
    {
        return Err(if in_sentence {
            ErrorKind::WrongRoot
        } else {
            ErrorKind::Missed
        });
    }
    let mut srcs = vec![g["source"].as_str().unwrap_or("")];
    srcs.extend(str_list(&g["source_alt"]));
    let mut tgts = vec![g["target"].as_str().unwrap_or("")];
    tgts.extend(str_list(&g["target_alt"]));
    let s = country(&e["source"]);
    let t = country(&e["target"]);
    let fits = |side: &Option<String>, list: &[&str]| match side {
        Some(c) => list.contains(&c.as_str()),
        None => list.contains(&"---"),
    };
    // the reference scorer: `t in srcs and s in tgts` for the reversed reading (None is in no list)
    let strict =
        |side: &Option<String>, list: &[&str]| side.as_deref().is_some_and(|c| list.contains(&c));
    let sym = g["symmetric"].as_bool().unwrap_or(false) || groot == "04";
    let straight = fits(&s, &srcs) && fits(&t, &tgts);
    let reversed = strict(&t, &srcs) && strict(&s, &tgts);
    if !(straight || sym && reversed) {
        if !in_sentence {
            return Err(ErrorKind::Missed);
        }
        return Err(if reversed {
            ErrorKind::Swapped
        } else if fits(&t, &tgts) {
            ErrorKind::WrongSource
        } else if fits(&s, &srcs) {
            ErrorKind::WrongTarget
        } else {
            ErrorKind::WrongDyad
        });
    }
    if in_sentence {
        Ok(())
    } else {
        Err(ErrorKind::Missed)
    }
}

/// Scores one analyzed document (the `khabar analyze` object) against its gold entry; returns,
/// per predicted event, whether it matched a gold event.
pub(crate) fn score_doc(gold: &Value, out: &Value, rep: &mut GoldReport) -> Vec<bool> {
    let text = out["text"].as_str().unwrap_or("");
    let sents = out["sentences"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|x| {
            (
                x["start"].as_i64().unwrap_or(0),
                x["end"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    let doc = Doc { text, sents };
    let preds: Vec<&Value> = out["events"].as_array().into_iter().flatten().collect();
    rep.predicted += preds.len();
    rep.must_not += gold["must_not"].as_array().map_or(0, Vec::len);
    for e in &preds {
        rep.by_root
            .entry(as_text(&e["root"]))
            .or_default()
            .predicted += 1;
    }
    let mut gold_events: Vec<&Value> = gold["events"].as_array().into_iter().flatten().collect();
    // required first (a stable sort, as Python's sorted)
    gold_events.sort_by_key(|g| g["optional"].as_bool().unwrap_or(false));
    let mut used = vec![false; preds.len()];
    let mut statuses = Vec::new();
    for g in &gold_events {
        let optional = g["optional"].as_bool().unwrap_or(false);
        let root = g["root"].as_str().unwrap_or("").to_string();
        if !optional {
            rep.required += 1;
            rep.by_root.entry(root.clone()).or_default().required += 1;
        }
        let hit = (0..preds.len()).find(|&i| !used[i] && relation(g, preds[i], &doc).is_ok());
        match hit {
            Some(i) => {
                used[i] = true;
                let (gd, pd) = (g["date"].as_str(), preds[i]["date"].as_str());
                // an empty gold date is "the text does not say": not counted, like a missing one
                let gd = gd.filter(|d| !d.is_empty());
                let date_ok = gd.map(|gd| date_agrees(gd, pd.unwrap_or("")));
                if let Some(ok) = date_ok {
                    rep.when.dated += 1;
                    rep.when.date_ok += usize::from(ok);
                }
                if let Some(ok) = agents_agree(g, preds[i]) {
                    rep.when.agented += 1;
                    rep.when.agents_ok += usize::from(ok);
                }
                let (gm, pm) = (g["modality"].as_str(), preds[i]["modality"].as_str());
                let modality_ok =
                    gm.map(|gm| modality_class(gm) == modality_class(pm.unwrap_or("")));
                if let Some(ok) = modality_ok {
                    rep.when.moded += 1;
                    rep.when.modality_ok += usize::from(ok);
                }
                if !optional {
                    rep.found += 1;
                    rep.by_root.entry(root).or_default().found += 1;
                }
                statuses
                    .push(serde_json::json!({"id": g["id"], "optional": optional, "status": "found", "prediction": i,
                        "date": g["date"], "date_ok": date_ok, "modality": g["modality"], "modality_ok": modality_ok}));
            }
            None => {
                // the closest free prediction explains the miss (only required events are counted)
                let why = (0..preds.len())
                    .filter(|&i| !used[i])
                    .filter_map(|i| relation(g, preds[i], &doc).err())
                    .min()
                    .unwrap_or(ErrorKind::Missed);
                if !optional {
                    *rep.errors.entry(why).or_default() += 1;
                }
                statuses.push(
                    serde_json::json!({"id": g["id"], "optional": optional, "status": why.name()}),
                );
            }
        }
    }
    let gold_sentences: Vec<Option<usize>> =
        gold_events.iter().flat_map(|g| doc.gold_sents(g)).collect();
    let mut pred_status = Vec::new();
    let mut nearest_of = vec![None; preds.len()];
    for (i, e) in preds.iter().enumerate() {
        if used[i] {
            rep.predicted_ok += 1;
            rep.by_root
                .entry(as_text(&e["root"]))
                .or_default()
                .predicted_ok += 1;
            pred_status.push("matched");
            continue;
        }
        let s = doc.sent_of(e.get("start").and_then(Value::as_i64).unwrap_or(-1));
        let kind = if gold_sentences.contains(&s) {
            ErrorKind::UnmatchedInGoldSentence
        } else {
            ErrorKind::Spurious
        };
        *rep.errors.entry(kind).or_default() += 1;
        pred_status.push(kind.name());
        // the gold event of its sentence it comes closest to, and how it differs (for reading
        // the details; a prediction matched by no gold event is not counted twice above)
        let nearest = gold_events
            .iter()
            .filter_map(|g| match relation(g, e, &doc) {
                Err(ErrorKind::Missed) | Ok(()) => None,
                Err(k) => Some((k, g["id"].clone())),
            })
            .min_by_key(|(k, _)| *k);
        nearest_of[i] = nearest;
    }
    let predictions: Vec<Value> = preds
        .iter()
        .zip(&pred_status)
        .zip(&nearest_of)
        .map(|((e, st), near)| {
            let (near_kind, near_id) = match near {
                Some((k, id)) => (Value::from(k.name()), id.clone()),
                None => (Value::Null, Value::Null),
            };
            serde_json::json!({
                "status": st, "nearest_gold": near_id, "nearest_differs": near_kind, "cameo": e["cameo"], "source": e["source"].get("code"),
                "target": e["target"].get("code"), "modality": e["modality"], "date": e["date"], "text": e["text"],
                "confidence": e["confidence"],
                "source_text": e["source"].get("text"), "target_text": e["target"].get("text"),
                "trigger": e["trigger"].get("text"),
            })
        })
        .collect();
    rep.details.push(
        serde_json::json!({"doc_id": gold["doc_id"], "gold": statuses, "predictions": predictions})
            .to_string(),
    );
    used
}

/// Analyzes every document of a gold file as `khabar analyze` would and scores it.
pub fn score_file(analyzer: &Analyzer, path: &Path, corpus: &Path) -> anyhow::Result<GoldReport> {
    let docs = super::coder::load(path, corpus)?;
    if docs.is_empty() {
        anyhow::bail!("{}: no documents", path.display());
    }
    let mut rep = GoldReport::default();
    for (i, d) in docs.iter().enumerate() {
        if d["text"].as_str().is_none() {
            anyhow::bail!("{}: document {i} has no `text`", path.display());
        }
        let article = super::coder::gold_article(d, format!("{}#{i}", path.display()));
        let a = analyzer.analyze(article, Depth::Entities);
        let out: Value = serde_json::from_str(&a.to_json())?;
        rep.documents += 1;
        score_doc(d, &out, &mut rep);
    }
    Ok(rep)
}

#[cfg(test)]
mod tests {
    use super::date_agrees;

    #[test]
    fn dates_agree_at_the_gold_precision() {
        for (gold, predicted, ok) in [
            ("2015-08-04", "2015-08-04", true),
            ("2015-08-04", "2015-08-05", true),
            ("2015-08-04", "2015-08-06", false),
            ("2015-07-31", "2015-08-01", true),
            ("2015-08", "2015-08-06", true),
            ("2015-07", "2015-08-06", false),
            ("2014", "2014-04", true),
            ("2014", "2015-08-06", false),
            ("2015-08-04", "2015-08", false),
            ("2015-08-04", "", false),
            ("", "2015-08-04", false),
        ] {
            assert_eq!(date_agrees(gold, predicted), ok, "{gold} vs {predicted}");
        }
    }
}
