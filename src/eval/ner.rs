//! NER evaluation on token-per-line gold files (NewsFANE: `token<TAB>BIO`;
//! Wojood: `token BIO [BIO…]`, nested). Gold fine-grained types map to
//! PERSON / LOCATION / ORG; khabar's COUNTRY and PLACE count as LOCATION.
//! Scoring is exact span match per type.

use khabar_extract::{EntityType, Extractor};
use std::collections::BTreeMap;
use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NerFormat {
    NewsFane,
    Wojood,
}

impl std::str::FromStr for NerFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "newsfane" => Ok(NerFormat::NewsFane),
            "wojood" => Ok(NerFormat::Wojood),
            _ => Err(format!("unknown NER format {s:?} (newsfane|wojood)")),
        }
    }
}

/// A gold sentence: tokens with their tag lists, as read.
#[derive(Debug, Clone, Default)]
pub struct GoldSentence {
    pub tokens: Vec<String>,
    pub tags: Vec<Vec<String>>,
    /// first line number of the sentence in the file
    pub line: usize,
}

/// A span over tokens [start, end) with a coarse type, and the fine gold type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub label: &'static str,
    pub fine: String,
}

/// The coarse type of a fine gold type, or None when it is not scored.
pub fn coarse(fine: &str, fmt: NerFormat) -> Option<&'static str> {
    match fmt {
        NerFormat::NewsFane => match fine {
            "Politician" | "Athlete" | "Artist" | "Other_PER" | "Religious_PER" | "Scientist"
            | "Businessperson" | "Lawyer" | "Engineer" | "Police_PER" | "Military_PER" => {
                Some("PERSON")
            }
            "Nation"
            | "Population-Center"
            | "State-or-Province"
            | "County-or-District"
            | "GPE-Cluster"
            | "Continent"
            | "Water-Body"
            | "Land"
            | "Land-Region-Natural"
            | "Celestial" => Some("LOCATION"),
            "Non-Governmental" | "Sports" | "Media" | "Government" | "Commercial"
            | "Educational" | "Entertainment" | "Medical-Science" | "Police" => Some("ORG"),
            _ => None,
        },
        NerFormat::Wojood => match fine {
            "PERS" => Some("PERSON"),
            "GPE" | "LOC" => Some("LOCATION"),
            "ORG" => Some("ORG"),
            _ => None,
        },
    }
}

/// Reads a gold file; malformed lines are reported with their line number.
pub fn parse(text: &str, fmt: NerFormat) -> (Vec<GoldSentence>, Vec<String>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut cur = GoldSentence::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.tokens.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let mut parts: Vec<&str> = match fmt {
            NerFormat::NewsFane => line.split('\t').collect(),
            NerFormat::Wojood => line.split_whitespace().collect(),
        };
        if parts.len() < 2 {
            problems.push(format!("line {}: expected a token and a tag", n + 1));
            parts.push("O");
        }
        if cur.tokens.is_empty() {
            cur.line = n + 1;
        }
        cur.tokens.push(parts[0].to_string());
        cur.tags
            .push(parts[1..].iter().map(|t| t.to_string()).collect());
    }
    if !cur.tokens.is_empty() {
        out.push(cur);
    }
    (out, problems)
}

/// Gold spans of a sentence: BIO decoded per fine type (so nested layers work).
pub fn gold_spans(s: &GoldSentence, fmt: NerFormat) -> Vec<Span> {
    let mut types: Vec<String> = Vec::new();
    for tags in &s.tags {
        for t in tags {
            if let Some(ty) = t.strip_prefix("B-").or_else(|| t.strip_prefix("I-")) {
                if !types.iter().any(|x| x == ty) {
                    types.push(ty.to_string());
                }
            }
        }
    }
    let mut spans = Vec::new();
    for ty in &types {
        let Some(label) = coarse(ty, fmt) else {
            continue;
        };
        let b = format!("B-{ty}");
        let i_ = format!("I-{ty}");
        let mut open: Option<usize> = None;
        for (k, tags) in s.tags.iter().enumerate() {
            let is_b = tags.contains(&b);
            let is_i = tags.contains(&i_);
            if is_b || (!is_i && open.is_some()) || (is_i && open.is_none()) {
                if let Some(st) = open.take() {
                    spans.push(Span {
                        start: st,
                        end: k,
                        label,
                        fine: ty.clone(),
                    });
                }
            }
            if is_b || (is_i && open.is_none()) {
                open = Some(k);
            }
        }
        if let Some(st) = open {
            spans.push(Span {
                start: st,
                end: s.tags.len(),
                label,
                fine: ty.clone(),
            });
        }
    }
    spans.sort();
    spans.dedup_by(|a, b| a.start == b.start && a.end == b.end && a.label == b.label);
    spans
}

/// khabar's spans for the sentence, as token ranges.
pub fn predict(ex: &Extractor, tokens: &[String]) -> Vec<Span> {
    let mut text = String::new();
    let mut bounds = Vec::with_capacity(tokens.len());
    for t in tokens {
        if !text.is_empty() {
            text.push(' ');
        }
        let st = text.len();
        text.push_str(t);
        bounds.push((st, text.len()));
    }
    let toks = ex.segmenter().tokenize(&text);
    let x = ex.extract(&text, &toks, std::slice::from_ref(&(0..text.len())), None);
    let mut spans: Vec<Span> = Vec::new();
    for e in x.entities.iter().filter(|e| !e.nominal) {
        let first = bounds
            .iter()
            .position(|&(s, en)| en > e.span.0 && s < e.span.1);
        let last = bounds
            .iter()
            .rposition(|&(s, en)| en > e.span.0 && s < e.span.1);
        let (Some(a), Some(b)) = (first, last) else {
            continue;
        };
        let label = match e.etype {
            EntityType::Person => "PERSON",
            EntityType::Org => "ORG",
            EntityType::Country | EntityType::Place => "LOCATION",
        };
        if spans.iter().any(|s| s.start < b + 1 && a < s.end) {
            continue; // overlapping mentions: keep the first (longest at that start)
        }
        spans.push(Span {
            start: a,
            end: b + 1,
            label,
            fine: e.etype.as_str().to_string(),
        });
    }
    spans
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Prf {
    /// Counts one decision: `truth` the label, `hit` the prediction.
    pub fn count(&mut self, truth: bool, hit: bool) {
        match (truth, hit) {
            (true, true) => self.tp += 1,
            (true, false) => self.fn_ += 1,
            (false, true) => self.fp += 1,
            (false, false) => {}
        }
    }
    pub fn p(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn r(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

#[derive(Debug, Default)]
pub struct NerReport {
    pub sentences: usize,
    pub tokens: usize,
    pub by_type: BTreeMap<&'static str, Prf>,
    pub micro: Prf,
    /// error class → count
    pub errors: BTreeMap<String, usize>,
    pub problems: Vec<String>,
    /// `token\tgold\tpredicted` lines, blank line between sentences
    pub predictions: String,
}

fn bio(spans: &[Span], n: usize) -> Vec<String> {
    let mut v = vec!["O".to_string(); n];
    for s in spans {
        for (k, slot) in v.iter_mut().enumerate().take(s.end).skip(s.start) {
            *slot = format!("{}-{}", if k == s.start { "B" } else { "I" }, s.label);
        }
    }
    v
}

pub fn evaluate(ex: &Extractor, text: &str, fmt: NerFormat) -> NerReport {
    let (sents, problems) = parse(text, fmt);
    let mut rep = evaluate_sentences(ex, &sents, fmt);
    rep.problems = problems;
    rep
}

pub fn evaluate_sentences(ex: &Extractor, sents: &[GoldSentence], fmt: NerFormat) -> NerReport {
    let mut rep = NerReport::default();
    for s in sents {
        rep.sentences += 1;
        rep.tokens += s.tokens.len();
        let gold = gold_spans(s, fmt);
        let pred = predict(ex, &s.tokens);
        for g in &gold {
            let e = rep.by_type.entry(g.label).or_default();
            if pred
                .iter()
                .any(|p| p.start == g.start && p.end == g.end && p.label == g.label)
            {
                e.tp += 1;
                rep.micro.tp += 1;
            } else {
                e.fn_ += 1;
                rep.micro.fn_ += 1;
                let class = match pred.iter().find(|p| p.start < g.end && g.start < p.end) {
                    Some(p) if p.start == g.start && p.end == g.end => {
                        format!("type: gold {} ({}) predicted {}", g.label, g.fine, p.label)
                    }
                    Some(p) if p.label == g.label => format!("boundary: {} ({})", g.label, g.fine),
                    Some(p) => format!(
                        "boundary+type: gold {} ({}) predicted {}",
                        g.label, g.fine, p.label
                    ),
                    None => format!("missed: {} ({})", g.label, g.fine),
                };
                *rep.errors.entry(class).or_default() += 1;
            }
        }
        for p in &pred {
            if !gold
                .iter()
                .any(|g| p.start == g.start && p.end == g.end && p.label == g.label)
            {
                rep.by_type.entry(p.label).or_default().fp += 1;
                rep.micro.fp += 1;
                if !gold.iter().any(|g| p.start < g.end && g.start < p.end) {
                    *rep.errors
                        .entry(format!("spurious: {} (from {})", p.label, p.fine))
                        .or_default() += 1;
                }
            }
        }
        let gb = bio(&gold, s.tokens.len());
        let pb = bio(&pred, s.tokens.len());
        for k in 0..s.tokens.len() {
            let _ = writeln!(rep.predictions, "{}\t{}\t{}", s.tokens[k], gb[k], pb[k]);
        }
        rep.predictions.push('\n');
    }
    rep
}

impl NerReport {
    pub fn render(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{} sentences, {} tokens", self.sentences, self.tokens);
        let _ = writeln!(
            s,
            "{:<10} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}",
            "type", "P", "R", "F1", "tp", "fp", "fn"
        );
        for (t, p) in &self.by_type {
            let _ = writeln!(
                s,
                "{:<10} {:>6.3} {:>6.3} {:>6.3} {:>6} {:>6} {:>6}",
                t,
                p.p(),
                p.r(),
                p.f1(),
                p.tp,
                p.fp,
                p.fn_
            );
        }
        let m = &self.micro;
        let _ = writeln!(
            s,
            "{:<10} {:>6.3} {:>6.3} {:>6.3} {:>6} {:>6} {:>6}",
            "micro",
            m.p(),
            m.r(),
            m.f1(),
            m.tp,
            m.fp,
            m.fn_
        );
        let mut errs: Vec<(&String, &usize)> = self.errors.iter().collect();
        errs.sort_by(|a, b| b.1.cmp(a.1));
        let _ = writeln!(s, "worst error classes:");
        for (e, n) in errs.iter().take(12) {
            let _ = writeln!(s, "  {n:>6}  {e}");
        }
        for p in self.problems.iter().take(5) {
            let _ = writeln!(s, "warning: {p}");
        }
        s
    }
}

/// Joins gold tokens with spaces; returns the text and each token's byte span.
fn join(tokens: &[String]) -> (String, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut bounds = Vec::with_capacity(tokens.len());
    for t in tokens {
        if !text.is_empty() {
            text.push(' ');
        }
        let st = text.len();
        text.push_str(t);
        bounds.push((st, text.len()));
    }
    (text, bounds)
}

type TrainItem = (
    Vec<khabar_extract::Word>,
    Vec<khabar_extract::tagger::Hints>,
    Vec<usize>,
);

/// Tagger training items: khabar's words of each gold sentence, rule hints, and
/// the gold coarse BIO tag of each word.
pub fn train_items(ex: &Extractor, sents: &[GoldSentence], fmt: NerFormat) -> Vec<TrainItem> {
    use khabar_extract::tagger::tag_index;
    let mut out = Vec::with_capacity(sents.len());
    for s in sents {
        let (text, bounds) = join(&s.tokens);
        let toks = ex.segmenter().tokenize(&text);
        let ws = khabar_extract::words(&toks);
        if ws.is_empty() {
            continue;
        }
        let ents = khabar_extract::find_entities(
            &text,
            &ws,
            std::slice::from_ref(&(0..text.len())),
            &ex.gaz,
            &ex.lx,
        );
        let hints = ex.hints(&ws, &ents);
        let gold = gold_spans(s, fmt);
        let tok_of = |b: usize| {
            bounds
                .iter()
                .position(|&(st, en)| b >= st && b < en.max(st + 1))
        };
        let mut tags = vec![0usize; ws.len()];
        let mut prev_span: Option<usize> = None;
        for (k, w) in ws.iter().enumerate() {
            let Some(t) = tok_of(w.word_start) else {
                prev_span = None;
                continue;
            };
            // innermost-first: the shortest gold span holding the token
            let g = gold
                .iter()
                .enumerate()
                .filter(|(_, g)| g.start <= t && t < g.end)
                .min_by_key(|(_, g)| g.end - g.start);
            match g {
                Some((gi, g)) => {
                    let b = prev_span != Some(gi);
                    tags[k] = tag_index(&format!("{}-{}", if b { "B" } else { "I" }, g.label));
                    prev_span = Some(gi);
                }
                None => prev_span = None,
            }
        }
        out.push((ws, hints, tags));
    }
    out
}

/// K-fold cross-validation of rules + tagger: trains on k-1 folds, scores the held-out one.
pub fn cross_validate(
    ex: &mut Extractor,
    sents: &[GoldSentence],
    fmt: NerFormat,
    folds: usize,
    epochs: usize,
) -> NerReport {
    let saved = std::mem::take(&mut ex.tagger);
    let mut total = NerReport::default();
    let items = train_items(ex, sents, fmt);
    for f in 0..folds.max(2) {
        let train: Vec<TrainItem> = items
            .iter()
            .enumerate()
            .filter(|(i, _)| i % folds.max(2) != f)
            .map(|(_, x)| x.clone())
            .collect();
        ex.tagger = khabar_extract::tagger::Tagger::train(&train, epochs, 17 + f as u64);
        let test: Vec<GoldSentence> = sents
            .iter()
            .enumerate()
            .filter(|(i, _)| i % folds.max(2) == f)
            .map(|(_, s)| s.clone())
            .collect();
        let r = evaluate_sentences(ex, &test, fmt);
        total.sentences += r.sentences;
        total.tokens += r.tokens;
        for (t, p) in r.by_type {
            let e = total.by_type.entry(t).or_default();
            e.tp += p.tp;
            e.fp += p.fp;
            e.fn_ += p.fn_;
        }
        total.micro.tp += r.micro.tp;
        total.micro.fp += r.micro.fp;
        total.micro.fn_ += r.micro.fn_;
        for (k, v) in r.errors {
            *total.errors.entry(k).or_default() += v;
        }
    }
    ex.tagger = saved;
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_bio_decodes_per_type() {
        let (s, _) = parse(
            "مجلس B-ORG\nالأمن I-ORG\nضد I-ORG\nالأسد I-ORG B-PERS\nو O\n",
            NerFormat::Wojood,
        );
        let spans = gold_spans(&s[0], NerFormat::Wojood);
        let got: Vec<(usize, usize, &str)> =
            spans.iter().map(|s| (s.start, s.end, s.label)).collect();
        assert_eq!(got, [(0, 4, "ORG"), (3, 4, "PERSON")]);
    }

    #[test]
    fn newsfane_types_map() {
        let (s, _) = parse(
            "فرانكفورت\tB-Population-Center\n(\tO\nد\tB-Media\nب\tI-Media\nا\tI-Media\n)\tO\n",
            NerFormat::NewsFane,
        );
        let spans = gold_spans(&s[0], NerFormat::NewsFane);
        let got: Vec<(usize, usize, &str)> =
            spans.iter().map(|s| (s.start, s.end, s.label)).collect();
        assert_eq!(got, [(0, 1, "LOCATION"), (2, 5, "ORG")]);
    }

    #[test]
    fn prf() {
        let p = Prf {
            tp: 7,
            fp: 3,
            fn_: 3,
        };
        assert!((p.f1() - 0.7).abs() < 1e-9);
    }
}
