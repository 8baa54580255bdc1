//! Event rows for `khabar events`: JSON lines, CSV, and the GDELT 2.0 events
//! layout (61 tab-separated columns, unknown fields empty).

use crate::pipeline::{Analysis, EventOut};
use khabar_text::CharIndex;
use std::fmt::Write as _;

/// The CSV header line.
pub const CSV_HEADER: &str = "doc_id,event_id,date,source_code,source_text,target_code,target_text,cameo,root,quad,goldstein,plover_type,plover_mode,modality,confidence,place,trigger,evidence";

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The events of one article, as rows (one per event; each event is one dyad).
pub fn rows(a: &Analysis) -> Vec<EventOut<'_>> {
    let ci = CharIndex::new(&a.cleaned.text);
    a.events_out(&ci)
        .into_iter()
        .filter(|e| e.source.is_some() || e.target.is_some())
        .collect()
}

pub fn jsonl(a: &Analysis, e: &EventOut) -> String {
    let mut v = serde_json::to_value(e).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert("doc_id".into(), a.article.doc_id.clone().into());
    }
    v.to_string()
}

pub fn csv(a: &Analysis, e: &EventOut) -> String {
    let f = |s: Option<&str>| csv_field(s.unwrap_or(""));
    [
        csv_field(&a.article.doc_id),
        csv_field(&e.id),
        f(e.date),
        f(e.source.as_ref().map(|x| x.code)),
        f(e.source.as_ref().map(|x| x.text)),
        f(e.target.as_ref().map(|x| x.code)),
        f(e.target.as_ref().map(|x| x.text)),
        csv_field(e.cameo),
        csv_field(e.root),
        e.quad.to_string(),
        e.goldstein.to_string(),
        csv_field(e.plover.ptype),
        csv_field(e.plover.mode),
        serde_json::to_value(e.modality)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default(),
        e.confidence.to_string(),
        f(e.place),
        csv_field(e.trigger.text),
        csv_field(e.text),
    ]
    .join(",")
}

fn actor_cols(code: Option<&str>, name: Option<&str>, out: &mut Vec<String>) {
    // Code, Name, CountryCode, KnownGroupCode, EthnicCode, Religion1, Religion2, Type1, Type2, Type3
    let code = code.unwrap_or("");
    let (country, agent) = if code.len() >= 3
        && code
            .get(..3)
            .is_some_and(|c| c.chars().all(|x| x.is_ascii_uppercase()))
        && !code.starts_with("IGO")
        && !code.starts_with("NGO")
        && !code.starts_with("IMG")
    {
        (code.get(..3).unwrap_or(""), code.get(3..6).unwrap_or(""))
    } else {
        ("", "")
    };
    let group = if code.starts_with("IGO") || code.starts_with("NGO") || code.starts_with("IMG") {
        code
    } else {
        ""
    };
    out.push(code.to_string());
    out.push(name.unwrap_or("").replace(['\t', '\n'], " "));
    out.push(country.to_string());
    out.push(group.to_string());
    out.push(String::new());
    out.push(String::new());
    out.push(String::new());
    out.push(agent.to_string());
    out.push(String::new());
    out.push(String::new());
}

/// One GDELT 2.0 event row (61 columns). `id` is the GLOBALEVENTID.
pub fn gdelt(a: &Analysis, e: &EventOut, id: u64) -> String {
    let date = e.date.or(a.article.published.as_deref()).unwrap_or("");
    let digits: String = date.chars().filter(|c| c.is_ascii_digit()).collect();
    let (y, m, d) = (
        digits.get(..4).unwrap_or(""),
        digits.get(4..6).unwrap_or("01"),
        digits.get(6..8).unwrap_or("01"),
    );
    let mut c: Vec<String> = Vec::with_capacity(61);
    c.push(id.to_string());
    if y.is_empty() {
        c.extend([String::new(), String::new(), String::new(), String::new()]);
    } else {
        c.push(format!("{y}{m}{d}"));
        c.push(format!("{y}{m}"));
        c.push(y.to_string());
        let frac = y.parse::<f64>().unwrap_or(0.0)
            + (m.parse::<f64>().unwrap_or(1.0) - 1.0) / 12.0
            + (d.parse::<f64>().unwrap_or(1.0) - 1.0) / 365.0;
        c.push(format!("{frac:.4}"));
    }
    actor_cols(
        e.source.as_ref().map(|x| x.code),
        e.source.as_ref().map(|x| x.text),
        &mut c,
    );
    actor_cols(
        e.target.as_ref().map(|x| x.code),
        e.target.as_ref().map(|x| x.text),
        &mut c,
    );
    c.push("1".into()); // IsRootEvent
    c.push(e.cameo.to_string());
    c.push(e.cameo.get(..3).unwrap_or(e.cameo).to_string());
    c.push(e.root.to_string());
    c.push(e.quad.to_string());
    c.push(format!("{:.1}", e.goldstein));
    c.extend([
        "1".to_string(),
        "1".to_string(),
        "1".to_string(),
        String::new(),
    ]); // mentions, sources, articles, tone
    for _ in 0..2 {
        c.extend(std::iter::repeat_n(String::new(), 8));
    }
    // ActionGeo: type, full name, then unknowns
    c.push(if e.place.is_some() {
        "4".into()
    } else {
        String::new()
    });
    c.push(e.place.unwrap_or("").to_string());
    c.extend(std::iter::repeat_n(String::new(), 6));
    c.push(if y.is_empty() {
        String::new()
    } else {
        format!("{y}{m}{d}000000")
    });
    c.push(
        a.article
            .url
            .clone()
            .unwrap_or_else(|| a.article.doc_id.clone()),
    );
    debug_assert_eq!(c.len(), 61);
    let mut s = String::new();
    for (i, f) in c.iter().enumerate() {
        if i > 0 {
            s.push('\t');
        }
        let _ = write!(s, "{}", f.replace(['\t', '\n'], " "));
    }
    s
}
