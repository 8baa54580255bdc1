//! Event rows for `khabar events`: JSON lines, CSV, and the GDELT 2.0 events
//! layout (61 tab-separated columns, unknown fields empty).
//!
//! CSV: one line per event (line breaks inside a field become spaces, so `wc -l` counts rows);
//! `date` is as precise as the text said and `date_precision` says how (`day`, `month`, `year`).
//! GDELT: a date known only to the month or year keeps its precision honestly: the unknown
//! parts are `00` (SQLDATE «19490000», MonthYear «194900» for a year-only «1949»; «20150700»
//! for «2015-07»), never a made-up first of January; FractionDate counts only the known parts.

use crate::pipeline::{Analysis, EventOut};
use khabar_store::EventRow;
use khabar_text::CharIndex;
use std::fmt::Write as _;

/// The CSV header line.
pub const CSV_HEADER: &str = "doc_id,event_id,date,source_code,source_text,target_code,target_text,cameo,root,quad,goldstein,plover_type,plover_mode,modality,confidence,place,place_feature,place_name,place_country,place_adm1,place_lat,place_lon,place_precision,trigger,evidence,url,outlet,published,title,date_precision,num_mentions,num_sources,num_articles";

fn csv_field(s: &str) -> String {
    let s = s.replace(['\n', '\r'], " ");
    if s.contains([',', '"']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
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

pub fn csv_row(e: &EventRow) -> String {
    let f = |s: Option<&str>| csv_field(s.unwrap_or(""));
    let g = e.geo.as_ref();
    [
        csv_field(&e.doc_id),
        csv_field(&e.eid),
        f(e.date.as_deref()),
        f(e.source_code.as_deref()),
        f(e.source_text.as_deref()),
        f(e.target_code.as_deref()),
        f(e.target_text.as_deref()),
        csv_field(&e.cameo),
        csv_field(&e.root),
        e.quad.to_string(),
        e.goldstein.to_string(),
        csv_field(&e.plover_type),
        csv_field(&e.plover_mode),
        csv_field(&e.modality),
        format!("{:.2}", e.confidence),
        f(e.place.as_deref()),
        f(g.map(|g| g.feature.as_str())),
        f(g.map(|g| g.name.as_str())),
        f(g.map(|g| g.country.as_str())),
        f(g.map(|g| g.adm1.as_str())),
        g.map_or(String::new(), |g| format!("{:.5}", g.lat)),
        g.map_or(String::new(), |g| format!("{:.5}", g.lon)),
        f(g.map(|g| g.precision.as_str())),
        csv_field(&e.trigger),
        csv_field(&e.evidence),
        f(e.url.as_deref()),
        f(e.outlet.as_deref()),
        f(e.published.as_deref()),
        f(e.title.as_deref()),
        f(e.date_precision.as_deref().or_else(|| {
            e.date
                .as_deref()
                .and_then(khabar_store::calendar::date_precision)
        })),
        mention_col(e, |m| m.num_mentions),
        mention_col(e, |m| m.num_sources),
        mention_col(e, |m| m.num_articles),
    ]
    .join(",")
}

/// A mentions column: the count when known, else 1 (the event's own report).
fn mention_col(e: &EventRow, f: impl Fn(&khabar_store::Mentions) -> i64) -> String {
    e.mentions.as_ref().map_or(1, f).to_string()
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

/// One GDELT 2.0 event row (61 columns). `id` is the GLOBALEVENTID; SOURCEURL is the article's
/// URL, else its doc id.
pub fn gdelt_row(e: &EventRow, id: u64) -> String {
    let date = e.date.as_deref().unwrap_or("");
    let digits: String = date.chars().filter(|c| c.is_ascii_digit()).collect();
    // unknown month or day: 00, not a made-up first of January
    let (y, m, d) = (
        digits.get(..4).unwrap_or(""),
        digits.get(4..6).unwrap_or("00"),
        digits.get(6..8).unwrap_or("00"),
    );
    let mut c: Vec<String> = Vec::with_capacity(61);
    c.push(id.to_string());
    if y.is_empty() {
        c.extend([String::new(), String::new(), String::new(), String::new()]);
    } else {
        c.push(format!("{y}{m}{d}"));
        c.push(format!("{y}{m}"));
        c.push(y.to_string());
        let part = |v: &str, of: f64| v.parse::<f64>().map_or(0.0, |v| (v - 1.0).max(0.0) / of);
        let frac = y.parse::<f64>().unwrap_or(0.0) + part(m, 12.0) + part(d, 365.0);
        c.push(format!("{frac:.4}"));
    }
    actor_cols(e.source_code.as_deref(), e.source_text.as_deref(), &mut c);
    actor_cols(e.target_code.as_deref(), e.target_text.as_deref(), &mut c);
    c.push("1".into()); // IsRootEvent
    c.push(e.cameo.clone());
    c.push(e.cameo.get(..3).unwrap_or(&e.cameo).to_string());
    c.push(e.root.to_string());
    c.push(e.quad.to_string());
    c.push(format!("{:.1}", e.goldstein));
    // NumMentions, NumSources, NumArticles (the event's cluster across outlets), AvgTone
    let counts = e.mentions.unwrap_or(khabar_store::Mentions {
        num_mentions: 1,
        num_sources: 1,
        num_articles: 1,
    });
    c.extend([
        counts.num_mentions.to_string(),
        counts.num_sources.to_string(),
        counts.num_articles.to_string(),
        String::new(),
    ]);
    // Actor1Geo, Actor2Geo: each actor's country, or the event's place where the actor is in its
    // country
    for code in [&e.source_code, &e.target_code] {
        c.extend(crate::geo::actor_gdelt_cols(
            code.as_deref(),
            e.geo.as_ref(),
        ));
    }
    // ActionGeo: Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat, Long, FeatureID
    c.extend(crate::geo::gdelt_cols(e.geo.as_ref()));
    // DATEADDED: when the article was published (our «seen» date), else the event's date
    let published: String = e
        .published
        .as_deref()
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_ascii_digit())
        .take(8)
        .collect();
    c.push(if published.len() == 8 {
        format!("{published}000000")
    } else if y.is_empty() {
        String::new()
    } else {
        format!("{y}{m}{d}000000")
    });
    c.push(e.url.clone().unwrap_or_else(|| e.doc_id.clone()));
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
