//! Articles → event clusters → stories.
//!
//! An article is placed by its *main dyad*: the unordered pair of countries
//! (`{IRN, IRQ}`; `{SAU, SAU}` for a domestic one) of most of its coded events
//! (ties: the earliest in the text; an actor of unknown country counts as of
//! the article's main country), and its *main event*: the first event of
//! that dyad. Articles without a dyad join no story.
//!
//! 1. **Event clusters** (one happening, several reports): articles of the
//!    same main dyad whose dates are at most [`StoryParams::event_days`]
//!    apart join when their main events share a CAMEO root and their words
//!    are alike (cosine ≥ [`StoryParams::event_cosine`]), or when their words
//!    are very alike (cosine ≥ [`StoryParams::same_report_cosine`]) whatever
//!    the coded root. Leader clustering in date order: a report joins the
//!    closest open cluster, and a cluster closes `event_days` after its
//!    first report, so reports of a running war do not chain into one event.
//! 2. **Stories** (one thread across time): event clusters in date order,
//!    each joining the story of its dyad whose word centroid is closest, if
//!    the cosine reaches [`StoryParams::story_cosine`]; else it opens a new
//!    story. Time does not separate a story: the 2013 and 2020 Iran–Iraq
//!    defence-cooperation reports are one story.
//! 3. **Threads** (one run of coverage): a story's event clusters in date
//!    order, cut where no report came for [`StoryParams::thread_gap_days`]
//!    days, so a story running through a war reads as its episodes, each
//!    with its dates (the 2013 and 2020 reports above are two threads).
//!
//! Words ([`term_counts`]: an article's most frequent content words, hashed)
//! are weighted tf (1 + ln count) × idf, with document frequencies
//! from the articles at hand (so a word every article shares weighs
//! little); vectors are hashed (64-bit, stable) and sparse. No I/O.

use crate::features::parse_day as day_number;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

/// One coded event of an article, as the story builder needs it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct StoryEvent {
    pub cameo: String,
    pub root: String,
    /// actor codes (may be empty)
    pub source: String,
    pub target: String,
    /// the actors' countries (ISO3/CAMEO), when known
    pub source_country: Option<String>,
    pub target_country: Option<String>,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`
    pub date: Option<String>,
}

/// One article, as the story builder needs it (serializable, so a store can
/// keep it and rebuild stories without re-analyzing).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct StoryDoc {
    pub doc_id: String,
    pub title: String,
    /// publication date, `YYYY-MM-DD…`
    pub published: Option<String>,
    /// hashed content-word counts of title and text, from [`term_counts`]
    pub terms: Vec<(u64, u32)>,
    /// events in text order
    pub events: Vec<StoryEvent>,
    /// the country the article is most about (most mentioned), standing in
    /// for an event side whose country is unknown
    pub country: Option<String>,
}

/// How many of an article's most frequent terms [`term_counts`] keeps:
/// enough for topic similarity, and memory per article stays under 1 KB.
pub const MAX_TERMS: usize = 64;

/// The hashed counts of the [`MAX_TERMS`] most frequent words (ties: by
/// hash, so the result is stable), sorted by hash.
pub fn term_counts<S: AsRef<str>>(words: &[S]) -> Vec<(u64, u32)> {
    let mut tf: FxHashMap<u64, u32> = FxHashMap::default();
    for w in words {
        *tf.entry(hash_word(w.as_ref())).or_insert(0) += 1;
    }
    let mut v: Vec<(u64, u32)> = tf.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(MAX_TERMS);
    v.sort_by_key(|e| e.0);
    v
}

/// Thresholds of [`build_stories`].
#[derive(Debug, Clone, Copy)]
pub struct StoryParams {
    pub event_days: i64,
    pub event_cosine: f64,
    pub same_report_cosine: f64,
    pub story_cosine: f64,
    /// words kept per story centroid (bounded memory on long stories)
    pub centroid_words: usize,
    /// a story's reports this many days or more after the thread's last one open a new thread
    pub thread_gap_days: i64,
}

impl Default for StoryParams {
    fn default() -> Self {
        StoryParams {
            event_days: 2,
            event_cosine: 0.2,
            same_report_cosine: 0.5,
            story_cosine: 0.15,
            centroid_words: 300,
            // a week without a report: outlets publish daily and the weekly round-up is the
            // longest regular cycle, so a dyad's topic silent for a whole week has stopped
            // being covered and what comes after is a new episode; shorter gaps (a weekend, a
            // holiday) would cut running coverage apart
            thread_gap_days: 7,
        }
    }
}

/// An event cluster: the reports of one happening.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EventCluster {
    pub event_cluster: usize,
    /// indices into the input slice are in `members`; `doc_ids` are theirs
    pub doc_ids: Vec<String>,
    #[serde(skip)]
    pub members: Vec<usize>,
    pub date: Option<String>,
    pub cameo: String,
    pub source: String,
    pub target: String,
}

/// A story: event clusters of one dyad and topic, in date order.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Story {
    pub story_id: usize,
    pub title: String,
    /// the main dyad, e.g. `["IRN","IRQ"]`
    pub dyad: [String; 2],
    /// doc ids in date order
    pub articles: Vec<String>,
    pub events: Vec<EventCluster>,
    /// runs of coverage without a gap of [`StoryParams::thread_gap_days`], in date order
    pub threads: Vec<Thread>,
}

/// A thread of a story: consecutive event clusters (`events[first_event..first_event + events]`
/// of the story) with no gap of [`StoryParams::thread_gap_days`] days between reports.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Thread {
    /// the first and last report's dates (as the event clusters date them)
    pub from: Option<String>,
    pub to: Option<String>,
    pub first_event: usize,
    pub events: usize,
    /// distinct articles
    pub articles: usize,
}

/// The result: stories (largest first, then earliest) and how many articles had no dyad.
#[derive(Debug, Clone, Default)]
pub struct Stories {
    pub stories: Vec<Story>,
    pub without_dyad: usize,
}

type Vector = Vec<(u64, f64)>; // sorted by key, L2-normalized

/// A story being built: word sums, their centroid, its event clusters.
type StoryAcc = (FxHashMap<u64, f64>, Vector, Vec<Vec<usize>>);

fn hash_word(w: &str) -> u64 {
    // FNV-1a then a final mix: stable across runs and platforms
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in w.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

fn cosine(a: &Vector, b: &Vector) -> f64 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

fn normalize(mut v: Vector) -> Vector {
    let n = v.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
    if n > 0.0 {
        for (_, x) in v.iter_mut() {
            *x /= n;
        }
    }
    v
}

/// Adds `b` (scaled) into the sparse map `acc`.
fn add_into(acc: &mut FxHashMap<u64, f64>, b: &Vector) {
    for &(k, x) in b {
        *acc.entry(k).or_insert(0.0) += x;
    }
}

/// The `keep` heaviest entries of `acc`, normalized.
fn top(acc: &FxHashMap<u64, f64>, keep: usize) -> Vector {
    let mut v: Vec<(u64, f64)> = acc.iter().map(|(&k, &x)| (k, x)).collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(keep);
    v.sort_by_key(|e| e.0);
    normalize(v)
}

/// An article's main dyad and the index of its main event.
fn main_dyad(d: &StoryDoc) -> Option<([String; 2], usize)> {
    let mut counts: Vec<([String; 2], usize, usize)> = Vec::new(); // dyad, count, first event
    for (i, e) in d.events.iter().enumerate() {
        // an unknown side (civilians, "the army") is taken to be of the
        // article's main country; with neither side known, no dyad
        let (a, b) = match (&e.source_country, &e.target_country, &d.country) {
            (Some(a), Some(b), _) => (a, b),
            (Some(a), None, Some(c)) | (None, Some(a), Some(c)) => (a, c),
            _ => continue,
        };
        let key = if a <= b {
            [a.clone(), b.clone()]
        } else {
            [b.clone(), a.clone()]
        };
        match counts.iter_mut().find(|c| c.0 == key) {
            Some(c) => c.1 += 1,
            None => counts.push((key, 1, i)),
        }
    }
    // most events; ties to the earliest (counts is in first-seen order)
    let best = counts
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))?;
    Some((best.0.clone(), best.2))
}

/// Clusters `docs` into event clusters and stories.
pub fn build_stories(docs: &[StoryDoc], p: &StoryParams) -> Stories {
    // document frequencies over the articles at hand
    let n = docs.len() as f64;
    let mut df: FxHashMap<u64, u32> = FxHashMap::default();
    for d in docs {
        for (k, _) in &d.terms {
            *df.entry(*k).or_insert(0) += 1;
        }
    }
    let vectors: Vec<Vector> = docs
        .iter()
        .map(|d| {
            let mut v: Vector = d
                .terms
                .iter()
                .map(|&(k, c)| {
                    let idf = ((n + 1.0) / (*df.get(&k).unwrap_or(&0) as f64 + 1.0)).ln() + 1.0;
                    (k, (1.0 + (c as f64).ln()) * idf)
                })
                .collect();
            v.sort_by_key(|e| e.0);
            normalize(v)
        })
        .collect();

    // placement: dyad, main event, day
    let mut without_dyad = 0;
    let mut by_dyad: FxHashMap<[String; 2], Vec<usize>> = FxHashMap::default();
    let mut main: Vec<Option<usize>> = vec![None; docs.len()];
    let mut day: Vec<Option<i64>> = vec![None; docs.len()];
    let mut date_of: Vec<Option<String>> = vec![None; docs.len()];
    for (i, d) in docs.iter().enumerate() {
        let Some((dyad, ev)) = main_dyad(d) else {
            without_dyad += 1;
            continue;
        };
        main[i] = Some(ev);
        // the main event's own day if resolved to one, else the publication day
        let e = &d.events[ev];
        let date = e
            .date
            .clone()
            .filter(|s| s.len() == 10)
            .or_else(|| d.published.as_ref().map(|s| s.chars().take(10).collect()));
        day[i] = date.as_deref().and_then(day_number);
        date_of[i] = date.or_else(|| e.date.clone());
        by_dyad.entry(dyad).or_default().push(i);
    }
    let mut dyads: Vec<[String; 2]> = by_dyad.keys().cloned().collect();
    dyads.sort();

    let mut stories = Vec::new();
    for dyad in dyads {
        let mut members = by_dyad.remove(&dyad).unwrap_or_default();
        members.sort_by(|&a, &b| day[a].cmp(&day[b]).then(a.cmp(&b)));
        // 1. event clusters: leader clustering in date order; a cluster stays
        // open for `event_days` after its first report (no chaining across weeks)
        let mut clusters: Vec<Vec<usize>> = Vec::new();
        let mut open: Vec<(usize, FxHashMap<u64, f64>, Vector)> = Vec::new(); // cluster, sum, centroid
        for &a in &members {
            open.retain(|(c, _, _)| match (day[clusters[*c][0]], day[a]) {
                (Some(d0), Some(d)) => d - d0 <= p.event_days,
                (None, None) => true,
                _ => false,
            });
            let ra = main[a].map(|e| docs[a].events[e].root.as_str());
            let best = open
                .iter()
                .enumerate()
                .filter_map(|(i, (c, _, cv))| {
                    let cos = cosine(&vectors[a], cv);
                    let first = clusters[*c][0];
                    let rc = main[first].map(|e| docs[first].events[e].root.as_str());
                    (cos >= p.same_report_cosine || (ra == rc && cos >= p.event_cosine))
                        .then_some((i, cos))
                })
                .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)));
            match best {
                Some((i, _)) => {
                    let (c, sum, cv) = &mut open[i];
                    clusters[*c].push(a);
                    add_into(sum, &vectors[a]);
                    *cv = top(sum, p.centroid_words.max(1));
                }
                None => {
                    clusters.push(vec![a]);
                    let mut sum = FxHashMap::default();
                    add_into(&mut sum, &vectors[a]);
                    let cv = top(&sum, p.centroid_words.max(1));
                    open.push((clusters.len() - 1, sum, cv));
                }
            }
        }

        // 2. stories: leader clustering on word centroids, in date order
        let mut acc: Vec<StoryAcc> = Vec::new();
        for c in clusters {
            let mut sum = FxHashMap::default();
            for &m in &c {
                add_into(&mut sum, &vectors[m]);
            }
            let cv = top(&sum, p.centroid_words.max(1) * 2);
            let best = acc
                .iter()
                .enumerate()
                .map(|(i, s)| (i, cosine(&cv, &s.1)))
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
            match best {
                Some((i, cos)) if cos >= p.story_cosine => {
                    add_into(&mut acc[i].0, &cv);
                    acc[i].1 = top(&acc[i].0, p.centroid_words.max(1));
                    acc[i].2.push(c);
                }
                _ => {
                    let mut s = FxHashMap::default();
                    add_into(&mut s, &cv);
                    let v = top(&s, p.centroid_words.max(1));
                    acc.push((s, v, vec![c]));
                }
            }
        }
        for (_, _, cs) in acc {
            let mut events = Vec::new();
            let mut articles = Vec::new();
            let mut seen = FxHashSet::default();
            for c in &cs {
                let first = c[0];
                let e = &docs[first].events[main[first].unwrap_or(0)];
                events.push(EventCluster {
                    event_cluster: 0,
                    doc_ids: c.iter().map(|&m| docs[m].doc_id.clone()).collect(),
                    members: c.clone(),
                    date: date_of[first].clone(),
                    cameo: e.cameo.clone(),
                    source: e.source.clone(),
                    target: e.target.clone(),
                });
                for &m in c {
                    if seen.insert(m) {
                        articles.push(m);
                    }
                }
            }
            articles.sort_by(|&a, &b| day[a].cmp(&day[b]).then(a.cmp(&b)));
            let threads = threads(&cs, &day, &date_of, p.thread_gap_days);
            let title = docs[articles[0]].title.clone();
            stories.push(Story {
                story_id: 0,
                title,
                dyad: dyad.clone(),
                articles: articles.iter().map(|&m| docs[m].doc_id.clone()).collect(),
                events,
                threads,
            });
        }
    }
    stories.sort_by(|a, b| {
        b.articles
            .len()
            .cmp(&a.articles.len())
            .then_with(|| a.events[0].date.cmp(&b.events[0].date))
            .then_with(|| a.articles[0].cmp(&b.articles[0]))
    });
    let mut next = 0;
    for (i, s) in stories.iter_mut().enumerate() {
        s.story_id = i + 1;
        for e in s.events.iter_mut() {
            next += 1;
            e.event_cluster = next;
        }
    }
    Stories {
        stories,
        without_dyad,
    }
}

/// A story's event clusters (in date order of their first report) cut into threads where the
/// next cluster's first report comes `gap` days or more after the latest report so far. A
/// cluster without a day joins the thread at hand.
fn threads(
    clusters: &[Vec<usize>],
    day: &[Option<i64>],
    date_of: &[Option<String>],
    gap: i64,
) -> Vec<Thread> {
    let mut out: Vec<Thread> = Vec::new();
    // the current thread's latest report (its day and its member) and its articles
    let mut last: Option<(i64, usize)> = None;
    let mut seen: FxHashSet<usize> = FxHashSet::default();
    for (i, c) in clusters.iter().enumerate() {
        let first = c.iter().filter_map(|&m| day[m]).min();
        let cut = match (first, last) {
            (Some(d), Some((l, _))) => d - l >= gap,
            _ => false,
        };
        if cut || out.is_empty() {
            if let (Some(t), Some((_, m))) = (out.last_mut(), last) {
                t.to = date_of[m].clone();
            }
            seen.clear();
            last = None;
            out.push(Thread {
                from: c.first().and_then(|&m| date_of[m].clone()),
                to: None,
                first_event: i,
                events: 0,
                articles: 0,
            });
        }
        let t = out.last_mut().expect("a thread was opened above");
        t.events += 1;
        for &m in c {
            if seen.insert(m) {
                t.articles += 1;
            }
            if let Some(d) = day[m] {
                if last.is_none_or(|(l, _)| d > l) {
                    last = Some((d, m));
                }
            }
        }
    }
    if let Some(t) = out.last_mut() {
        t.to = match last {
            Some((_, m)) => date_of[m].clone(),
            None => t.from.clone(),
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(root: &str, s: &str, t: &str, date: Option<&str>) -> StoryEvent {
        StoryEvent {
            cameo: format!("{root}0"),
            root: root.into(),
            source: format!("{s}GOV"),
            target: format!("{t}GOV"),
            source_country: Some(s.into()),
            target_country: Some(t.into()),
            date: date.map(str::to_string),
        }
    }

    fn doc(id: &str, published: &str, words: &str, events: Vec<StoryEvent>) -> StoryDoc {
        StoryDoc {
            doc_id: id.into(),
            title: id.into(),
            published: Some(published.into()),
            terms: term_counts(&words.split_whitespace().collect::<Vec<_>>()),
            events,
            country: None,
        }
    }

    /// (docs, expected stories as lists of event clusters as lists of doc ids)
    fn check(docs: &[StoryDoc], expected: &[&[&[&str]]]) {
        let got = build_stories(docs, &StoryParams::default());
        let mut g: Vec<Vec<Vec<String>>> = got
            .stories
            .iter()
            .map(|s| s.events.iter().map(|e| e.doc_ids.clone()).collect())
            .collect();
        g.sort();
        let mut e: Vec<Vec<Vec<String>>> = expected
            .iter()
            .map(|s| {
                s.iter()
                    .map(|c| c.iter().map(|x| x.to_string()).collect())
                    .collect()
            })
            .collect();
        e.sort();
        assert_eq!(g, e);
    }

    const DEFENCE: &str = "دفاع تعاون عسكري مذكره تفاهم تدريب جيش وزير بغداد طهران";
    const DEFENCE2: &str = "دفاع تعاون عسكري اتفاق تدريب قوات وزير طهران بغداد خبرات";
    const FOOTBALL: &str = "مباراه كره قدم منتخب هدف ملعب دوري";

    #[test]
    fn same_day_reports_cluster_and_years_apart_stay_one_story() {
        check(
            &[
                doc(
                    "a2013",
                    "2013-09-26",
                    DEFENCE,
                    vec![ev("05", "IRQ", "IRN", None)],
                ),
                doc(
                    "b2020",
                    "2020-11-08",
                    DEFENCE2,
                    vec![ev("04", "IRN", "IRQ", Some("2020-11-07"))],
                ),
                doc(
                    "c2020",
                    "2020-11-08",
                    DEFENCE,
                    vec![ev("04", "IRQ", "IRN", None)],
                ),
            ],
            &[&[&["a2013"], &["b2020", "c2020"]]],
        );
    }

    /// A story silent for `thread_gap_days` or more goes on in a new thread; a shorter pause
    /// does not cut it; each thread has its dates and counts.
    #[test]
    fn a_gap_of_a_week_opens_a_new_thread() {
        let d = |id: &str, date: &str, words: &str| {
            doc(id, date, words, vec![ev("05", "IRQ", "IRN", None)])
        };
        let docs = [
            d("a", "2013-09-26", DEFENCE),
            d("b", "2013-09-30", DEFENCE2),
            // six days after b: the same thread
            d("c", "2013-10-06", DEFENCE),
            // seven days after c: a new one
            d("e", "2013-10-13", DEFENCE2),
            d("f", "2020-11-08", DEFENCE),
            d("g", "2020-11-08", DEFENCE2),
        ];
        let got = build_stories(&docs, &StoryParams::default());
        assert_eq!(got.stories.len(), 1, "{:#?}", got.stories);
        let s = &got.stories[0];
        let threads: Vec<(Option<&str>, Option<&str>, usize, usize)> = s
            .threads
            .iter()
            .map(|t| (t.from.as_deref(), t.to.as_deref(), t.events, t.articles))
            .collect();
        assert_eq!(
            threads,
            [
                (Some("2013-09-26"), Some("2013-10-06"), 3, 3),
                (Some("2013-10-13"), Some("2013-10-13"), 1, 1),
                (Some("2020-11-08"), Some("2020-11-08"), 1, 2),
            ]
        );
        // the threads cover the story's event clusters in order, each once
        let mut next = 0;
        for t in &s.threads {
            assert_eq!(t.first_event, next);
            next += t.events;
        }
        assert_eq!(next, s.events.len());
        // without the cut the whole story is one thread
        let one = build_stories(
            &docs,
            &StoryParams {
                thread_gap_days: i64::MAX,
                ..StoryParams::default()
            },
        );
        assert_eq!(one.stories[0].threads.len(), 1);
    }

    #[test]
    fn other_topic_or_dyad_is_another_story() {
        check(
            &[
                doc(
                    "a",
                    "2013-09-26",
                    DEFENCE,
                    vec![ev("05", "IRQ", "IRN", None)],
                ),
                doc(
                    "b",
                    "2013-09-27",
                    FOOTBALL,
                    vec![ev("04", "IRQ", "IRN", None)],
                ),
                doc(
                    "c",
                    "2013-09-26",
                    DEFENCE,
                    vec![ev("05", "SAU", "YEM", None)],
                ),
                doc("d", "2013-09-26", DEFENCE, vec![]),
            ],
            &[&[&["a"]], &[&["b"]], &[&["c"]]],
        );
    }

    #[test]
    fn empty_and_odd_inputs() {
        let got = build_stories(&[], &StoryParams::default());
        assert!(got.stories.is_empty());
        let odd = StoryDoc {
            events: vec![StoryEvent {
                source_country: Some("IRQ".into()),
                target_country: Some("IRQ".into()),
                date: Some("garbage".into()),
                ..Default::default()
            }],
            ..Default::default()
        };
        // no words, no dates: nothing says they belong together
        let got = build_stories(&[odd.clone(), odd], &StoryParams::default());
        assert_eq!(got.stories.len(), 2);
        assert_eq!(got.without_dyad, 0);
    }
}
