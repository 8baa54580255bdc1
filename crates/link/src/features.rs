//! Pair features: what two articles share, as a fixed-length vector.
//!
//! The caller fills a [`DocFeatures`] per article from khabar's analysis and
//! calls [`features_similarity`]; the vector's order is [`FEATURE_NAMES`]
//! (every value in `[0, 1]`, 1 = alike). Set similarities of two empty sets
//! are 0 ("nothing shared"); date features are 0.5 when a date is unknown.

use crate::idf::Idf;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::hash::Hash;

/// How many leading words make the "title + lead" ([`FEATURE_NAMES`] 1).
pub const LEAD_WORDS: usize = 60;

/// The number of features [`features_similarity`] returns.
pub const NUM_FEATURES: usize = 17;

/// The feature order of [`features_similarity`].
pub const FEATURE_NAMES: [&str; NUM_FEATURES] = [
    // 0: TF-IDF cosine of all content words (tf = 1 + ln count)
    "words_cosine",
    // 1: the square root of 0 (spreads the low end, where most pairs are)
    "words_cosine_sqrt",
    // 2: TF-IDF cosine of the first LEAD_WORDS words (title + lead)
    "lead_cosine",
    // 3: IDF-weighted overlap: Σ idf(A∩B) / min(Σ idf(A), Σ idf(B)) over word sets
    "words_overlap",
    // 4: Jaccard of (type, name) entities
    "entities_jaccard",
    // 5: overlap coefficient |A∩B| / min(|A|,|B|) of entity names (type ignored)
    "entity_names_overlap",
    // 6: Jaccard of countries
    "countries_jaccard",
    // 7: overlap coefficient of countries
    "countries_overlap",
    // 8: Jaccard of places
    "places_jaccard",
    // 9: exp(-days/7) between published dates; 0.5 if either is unknown
    "published_week",
    // 10: exp(-days/365) between published dates; 0.5 if either is unknown
    "published_year",
    // 11: mentioned dates: mean best match exp(-gap days/30), intervals for
    //     YYYY / YYYY-MM; 0.5 if either has none
    "dates_closeness",
    // 12: Jaccard of event CAMEO roots
    "event_roots_jaccard",
    // 13: Jaccard of event dyads {source, target} (unordered, empty codes dropped)
    "event_dyads_jaccard",
    // 14: Jaccard of (root, source, target)
    "event_triples_jaccard",
    // 15: Jaccard of all actor codes of events (sources and targets)
    "event_actors_jaccard",
    // 16: min/max of the content-word counts (0 if either is empty)
    "length_ratio",
];

/// What one article contributes to pair similarity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocFeatures {
    /// content words of title then text ([`crate::content_words`]); the
    /// first [`LEAD_WORDS`] are the "title + lead"
    pub words: Vec<String>,
    /// (type, normalized name or code), e.g. ("PERSON", "…"), ("ORG", "IRQMIL")
    pub entities: Vec<(String, String)>,
    /// place names in matching form (cities, regions)
    pub places: Vec<String>,
    /// country codes (ISO3 = CAMEO)
    pub countries: Vec<String>,
    /// mentioned dates: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`
    pub dates: Vec<String>,
    /// (CAMEO root, source code, target code); empty string for no actor
    pub events: Vec<(String, String, String)>,
    /// published date, `YYYY-MM-DD` (anything after the first 10 chars, such
    /// as a time, is ignored)
    pub published: Option<String>,
}

/// The feature vector of a pair, in [`FEATURE_NAMES`] order. Symmetric in
/// `a` and `b`.
pub fn features_similarity(a: &DocFeatures, b: &DocFeatures, idf: &Idf) -> Vec<f64> {
    let words_cos = tfidf_cosine(&a.words, &b.words, idf);
    let lead_a = &a.words[..a.words.len().min(LEAD_WORDS)];
    let lead_b = &b.words[..b.words.len().min(LEAD_WORDS)];

    let ent_a = set(a.entities.iter().map(|(t, n)| (t.as_str(), n.as_str())));
    let ent_b = set(b.entities.iter().map(|(t, n)| (t.as_str(), n.as_str())));
    let names_a = set(a.entities.iter().map(|(_, n)| n.as_str()));
    let names_b = set(b.entities.iter().map(|(_, n)| n.as_str()));
    let co_a = set(a.countries.iter().map(String::as_str));
    let co_b = set(b.countries.iter().map(String::as_str));
    let pl_a = set(a.places.iter().map(String::as_str));
    let pl_b = set(b.places.iter().map(String::as_str));

    let pub_days = match (
        a.published.as_deref().and_then(parse_day),
        b.published.as_deref().and_then(parse_day),
    ) {
        (Some(x), Some(y)) => Some((x - y).abs() as f64),
        _ => None,
    };

    let (la, lb) = (a.words.len() as f64, b.words.len() as f64);
    let length_ratio = if la == 0.0 || lb == 0.0 {
        0.0
    } else {
        la.min(lb) / la.max(lb)
    };

    vec![
        words_cos,
        words_cos.sqrt(),
        tfidf_cosine(lead_a, lead_b, idf),
        weighted_overlap(&a.words, &b.words, idf),
        jaccard(&ent_a, &ent_b),
        overlap(&names_a, &names_b),
        jaccard(&co_a, &co_b),
        overlap(&co_a, &co_b),
        jaccard(&pl_a, &pl_b),
        pub_days.map_or(0.5, |d| (-d / 7.0).exp()),
        pub_days.map_or(0.5, |d| (-d / 365.0).exp()),
        dates_closeness(&a.dates, &b.dates),
        jaccard(&roots(a), &roots(b)),
        jaccard(&dyads(a), &dyads(b)),
        jaccard(&triples(a), &triples(b)),
        jaccard(&actors(a), &actors(b)),
        length_ratio,
    ]
}

fn roots(d: &DocFeatures) -> FxHashSet<&str> {
    set(d.events.iter().map(|(r, _, _)| r.as_str()))
}

/// Unordered {source, target}; events with neither are dropped.
fn dyads(d: &DocFeatures) -> FxHashSet<(&str, &str)> {
    set(d.events.iter().filter_map(|(_, s, t)| {
        if s.is_empty() && t.is_empty() {
            None
        } else if s <= t {
            Some((s.as_str(), t.as_str()))
        } else {
            Some((t.as_str(), s.as_str()))
        }
    }))
}

fn triples(d: &DocFeatures) -> FxHashSet<(&str, &str, &str)> {
    set(d
        .events
        .iter()
        .map(|(r, s, t)| (r.as_str(), s.as_str(), t.as_str())))
}

fn actors(d: &DocFeatures) -> FxHashSet<&str> {
    set(d
        .events
        .iter()
        .flat_map(|(_, s, t)| [s.as_str(), t.as_str()])
        .filter(|c| !c.is_empty()))
}

fn set<T: Eq + Hash, I: IntoIterator<Item = T>>(it: I) -> FxHashSet<T> {
    it.into_iter().collect()
}

/// Jaccard of two sets (0 when both are empty).
fn jaccard<T: Eq + Hash>(a: &FxHashSet<T>, b: &FxHashSet<T>) -> f64 {
    let inter = a.iter().filter(|x| b.contains(x)).count();
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

/// Overlap coefficient (0 when either is empty).
fn overlap<T: Eq + Hash>(a: &FxHashSet<T>, b: &FxHashSet<T>) -> f64 {
    let m = a.len().min(b.len());
    if m == 0 {
        return 0.0;
    }
    let inter = a.iter().filter(|x| b.contains(x)).count();
    inter as f64 / m as f64
}

fn tf(words: &[String]) -> FxHashMap<&str, f64> {
    let mut m: FxHashMap<&str, f64> = FxHashMap::default();
    for w in words {
        *m.entry(w.as_str()).or_insert(0.0) += 1.0;
    }
    m
}

/// TF-IDF cosine with sublinear tf (`1 + ln count`); 0 if either is empty.
fn tfidf_cosine(a: &[String], b: &[String], idf: &Idf) -> f64 {
    let (ta, tb) = (tf(a), tf(b));
    let weigh = |t: &mut FxHashMap<&str, f64>| {
        for (w, c) in t.iter_mut() {
            *c = (1.0 + c.ln()) * idf.weight(w);
        }
    };
    let (mut va, mut vb) = (ta, tb);
    weigh(&mut va);
    weigh(&mut vb);
    let norm = |v: &FxHashMap<&str, f64>| v.values().map(|x| x * x).sum::<f64>().sqrt();
    let (na, nb) = (norm(&va), norm(&vb));
    if na == 0.0 || nb == 0.0 {
        return 0.0;
    }
    let dot: f64 = va
        .iter()
        .filter_map(|(w, x)| vb.get(w).map(|y| x * y))
        .sum();
    (dot / (na * nb)).clamp(0.0, 1.0)
}

/// IDF mass of the shared word set over the smaller set's mass.
fn weighted_overlap(a: &[String], b: &[String], idf: &Idf) -> f64 {
    let sa = set(a.iter().map(String::as_str));
    let sb = set(b.iter().map(String::as_str));
    let mass = |s: &FxHashSet<&str>| s.iter().map(|w| idf.weight(w)).sum::<f64>();
    let m = mass(&sa).min(mass(&sb));
    if m <= 0.0 {
        return 0.0;
    }
    let shared: f64 = sa
        .iter()
        .filter(|w| sb.contains(*w))
        .map(|w| idf.weight(w))
        .sum();
    (shared / m).clamp(0.0, 1.0)
}

/// Symmetric mean best-match closeness of two lists of mentioned dates.
fn dates_closeness(a: &[String], b: &[String]) -> f64 {
    let ia: Vec<(i64, i64)> = a.iter().filter_map(|d| parse_interval(d)).collect();
    let ib: Vec<(i64, i64)> = b.iter().filter_map(|d| parse_interval(d)).collect();
    if ia.is_empty() || ib.is_empty() {
        return 0.5;
    }
    let best = |x: &[(i64, i64)], y: &[(i64, i64)]| -> f64 {
        x.iter()
            .map(|&(s1, e1)| {
                y.iter()
                    .map(|&(s2, e2)| {
                        let gap = (s1.max(s2) - e1.min(e2)).max(0) as f64;
                        (-gap / 30.0).exp()
                    })
                    .fold(0.0, f64::max)
            })
            .sum::<f64>()
            / x.len() as f64
    };
    (best(&ia, &ib) + best(&ib, &ia)) / 2.0
}

/// Days since 1970-01-01 of a `YYYY-MM-DD…` date.
pub(crate) fn parse_day(s: &str) -> Option<i64> {
    let (start, end) = parse_interval(s.get(..10).unwrap_or(s))?;
    (start == end).then_some(start)
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as an inclusive day interval.
fn parse_interval(s: &str) -> Option<(i64, i64)> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    let num = |p: &str, len: usize| -> Option<i64> {
        if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
            p.parse().ok()
        } else {
            None
        }
    };
    match parts.as_slice() {
        [y] => {
            let y = num(y, 4)?;
            Some((civil_days(y, 1, 1), civil_days(y + 1, 1, 1) - 1))
        }
        [y, m] => {
            let (y, m) = (num(y, 4)?, num(m, 2)?);
            if !(1..=12).contains(&m) {
                return None;
            }
            let next = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            Some((civil_days(y, m, 1), civil_days(next.0, next.1, 1) - 1))
        }
        [y, m, d] => {
            let (y, m, d) = (num(y, 4)?, num(m, 2)?, num(d, 2)?);
            if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
                return None;
            }
            let day = civil_days(y, m, d);
            Some((day, day))
        }
        _ => None,
    }
}

/// Days from 1970-01-01 (proleptic Gregorian; H. Hinnant's algorithm).
fn civil_days(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    fn doc() -> DocFeatures {
        DocFeatures {
            words: words("ايران عراق تعاون دفاع مذكره تفاهم"),
            entities: vec![
                ("COUNTRY".into(), "IRN".into()),
                ("PERSON".into(), "IRNGOVDEF".into()),
            ],
            places: vec!["طهران".into()],
            countries: vec!["IRN".into(), "IRQ".into()],
            dates: vec!["2013-02".into()],
            events: vec![("05".into(), "IRN".into(), "IRQ".into())],
            published: Some("2013-02-10".into()),
        }
    }

    #[test]
    fn identical_docs_score_high_everywhere() {
        let a = doc();
        let f = features_similarity(&a, &a, &Idf::default());
        assert_eq!(f.len(), NUM_FEATURES);
        for (name, v) in FEATURE_NAMES.iter().zip(&f) {
            assert!((v - 1.0).abs() < 1e-9, "{name} = {v}");
        }
    }

    #[test]
    fn different_docs_and_unknowns() {
        let a = doc();
        let b = DocFeatures {
            words: words("لبنان احتجاج اسعار كهرباء"),
            published: Some("2020-07-01T10:00:00Z".into()),
            ..Default::default()
        };
        let f = features_similarity(&a, &b, &Idf::default());
        assert_eq!(f[0], 0.0);
        assert_eq!(f[4], 0.0);
        assert!(f[9] < 1e-6 && f[10] < 0.01);
        assert_eq!(f[11], 0.5, "no dates in b");
        assert_eq!(f, features_similarity(&b, &a, &Idf::default()), "symmetric");
        let e = DocFeatures::default();
        let f = features_similarity(&e, &e, &Idf::default());
        assert!(f.iter().all(|v| v.is_finite()));
        assert_eq!(f[9], 0.5);
    }

    #[test]
    fn date_intervals() {
        assert_eq!(civil_days(1970, 1, 1), 0);
        assert_eq!(civil_days(2000, 3, 1), 11_017);
        assert_eq!(parse_day("2013-02-10"), Some(civil_days(2013, 2, 10)));
        assert_eq!(parse_day("2013-02"), None);
        let (s, e) = parse_interval("2012").unwrap();
        assert_eq!(e - s, 365, "leap year");
        assert_eq!(parse_interval("2013-13"), None);
        assert_eq!(parse_interval("abcd"), None);
        // a day inside a month is a perfect match
        assert_eq!(
            dates_closeness(&["2013-02-10".into()], &["2013-02".into()]),
            1.0
        );
    }
}
