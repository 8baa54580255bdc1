//! `khabar bench`: throughput of the pipeline over a corpus, in MB/s of
//! article text. Reading and decompression are timed separately.

use anyhow::{Context, Result};
use khabar::pipeline::Depth;
use khabar_ingest::{read_input, Article, Input, Item, Options};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::Instant;

pub const DEFAULT_CORPUS: &str = "../shared/corpora/saudinewsnet.jsonl.gz";

/// Per-article tallies for the report.
#[derive(Default)]
struct Tally {
    tokens: usize,
    out_bytes: usize,
    entities: BTreeMap<&'static str, usize>,
    codes: HashMap<String, usize>,
    events: usize,
    roots: BTreeMap<String, usize>,
    modality: BTreeMap<String, usize>,
    /// (doc_id, cameo, source, target, modality, evidence)
    samples: Vec<(u64, String)>,
}

impl Tally {
    fn merge(mut self, o: Tally) -> Tally {
        self.tokens += o.tokens;
        self.out_bytes += o.out_bytes;
        for (k, v) in o.entities {
            *self.entities.entry(k).or_default() += v;
        }
        for (k, v) in o.codes {
            *self.codes.entry(k).or_default() += v;
        }
        self.events += o.events;
        for (k, v) in o.roots {
            *self.roots.entry(k).or_default() += v;
        }
        for (k, v) in o.modality {
            *self.modality.entry(k).or_default() += v;
        }
        self.samples.extend(o.samples);
        // keep the 30 smallest hashes: a uniform random sample, independent of thread order
        self.samples.sort();
        self.samples.truncate(30);
        self
    }
}

fn fnv(s: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

pub fn run(
    file: Option<PathBuf>,
    limit: Option<usize>,
    json: bool,
    stage: &str,
) -> Result<ExitCode> {
    let path = file.unwrap_or_else(|| PathBuf::from(DEFAULT_CORPUS));
    let size = std::fs::metadata(&path)
        .with_context(|| format!("{}: corpus not found", path.display()))?
        .len();
    let t0 = Instant::now();
    let mut articles: Vec<Article> = Vec::new();
    let mut skipped = 0usize;
    let mut reasons: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    let input = Input::File {
        path: path.clone(),
        size,
    };
    read_input(
        &input,
        &Options::default(),
        Arc::new(AtomicU64::new(0)),
        &mut |i| match i {
            Item::Article(a) => {
                if limit.is_none_or(|l| articles.len() < l) {
                    articles.push(*a)
                }
            }
            Item::Skipped(d) => {
                if skipped < 3 {
                    eprintln!("skipped {d}");
                }
                *reasons.entry(d.kind.as_str()).or_insert(0) += 1;
                skipped += 1;
            }
        },
    )?;
    let read_s = t0.elapsed().as_secs_f64();
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let n = articles.len();
    let analyzer = crate::cmd::analyzer();
    let t1 = Instant::now();
    let depth = match stage {
        "tokens" => Depth::Tokens,
        "entities" => Depth::Names,
        _ => Depth::Entities,
    };
    let tally = articles
        .into_par_iter()
        .map(|a| {
            let an = analyzer.analyze(a, depth);
            let mut t = Tally {
                tokens: an.tokens.len(),
                out_bytes: if json { an.to_json().len() } else { 0 },
                ..Default::default()
            };
            for e in &an.extracted.entities {
                *t.entities.entry(e.etype.as_str()).or_default() += 1;
                if let Some(c) = &e.code {
                    if matches!(
                        e.etype,
                        khabar_extract::EntityType::Person | khabar_extract::EntityType::Org
                    ) || e.metonymy
                    {
                        *t.codes.entry(c.clone()).or_default() += 1;
                    }
                }
            }
            let text = &an.cleaned.text;
            for (i, e) in an.extracted.events.iter().enumerate() {
                t.events += 1;
                *t.roots.entry(e.root.clone()).or_default() += 1;
                let m = serde_json::to_value(e.modality)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default();
                *t.modality.entry(m.clone()).or_default() += 1;
                let code = |a: &Option<khabar_extract::Actor>| {
                    a.as_ref().map_or("-".to_string(), |a| a.code.clone())
                };
                let line = format!(
                    "{} {} {}→{} [{}] {} | {}",
                    an.article.doc_id,
                    e.cameo,
                    code(&e.source),
                    code(&e.target),
                    m,
                    e.date.as_deref().unwrap_or("-"),
                    text.get(e.span.0..e.span.1).unwrap_or_default()
                );
                t.samples
                    .push((fnv(&format!("{}#{i}", an.article.doc_id)), line));
            }
            t.samples.sort();
            t.samples.truncate(30);
            t
        })
        .reduce(Tally::default, Tally::merge);
    let tokens = tally.tokens;
    let out_bytes = tally.out_bytes;
    let s = t1.elapsed().as_secs_f64();
    let mb = bytes as f64 / 1e6;
    println!("corpus      {}", path.display());
    println!("articles    {n} read, {skipped} skipped {reasons:?}");
    println!("text        {mb:.1} MB");
    println!("read+gunzip {read_s:.2} s ({:.1} MB/s)", mb / read_s);
    println!(
        "analyze     {s:.2} s on {} threads: {:.1} MB/s, {:.0} articles/s, {tokens} tokens{}",
        rayon::current_num_threads(),
        mb / s,
        n as f64 / s,
        if json {
            format!(", {:.0} MB of JSON", out_bytes as f64 / 1e6)
        } else {
            String::new()
        }
    );
    if depth == Depth::Entities {
        println!("entities    {:?}", tally.entities);
        let mut codes: Vec<(&String, &usize)> = tally.codes.iter().collect();
        codes.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let top: Vec<String> = codes
            .iter()
            .take(50)
            .map(|(c, n)| format!("{c} {n}"))
            .collect();
        println!(
            "top 50 actor codes (people, organizations, capitals): {}",
            top.join(", ")
        );
        println!(
            "events      {} ({:.2} per article)",
            tally.events,
            tally.events as f64 / n.max(1) as f64
        );
        println!("by root     {:?}", tally.roots);
        println!("modality    {:?}", tally.modality);
        println!("30 events sampled at random (hash of id):");
        for (_, l) in &tally.samples {
            println!("  {l}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `khabar bench --db PATH`: latency of the store's queries (search, timeline, events, stories)
/// as the API runs them, p50/p99 over a fixed, data-derived set of queries.
pub fn queries(db: &std::path::Path) -> Result<ExitCode> {
    use khabar_store::{EventFilter, StoryFilter};
    let store = super::store::open_read_only(db)?;
    let an = crate::cmd::analyzer();
    let seg = an.segmenter();
    eprintln!(
        "khabar: {} — {} articles, {} events, {:.1} MB",
        db.display(),
        store.count_articles()?,
        store.count_events()?,
        std::fs::metadata(db).map(|m| m.len()).unwrap_or(0) as f64 / 1e6
    );
    let report = |name: &str, mut times: Vec<f64>| {
        if times.is_empty() {
            return;
        }
        times.sort_by(f64::total_cmp);
        let q = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
        println!(
            "{name:<10} n={:<4} p50 {:>7.2} ms   p99 {:>7.2} ms   max {:>7.2} ms",
            times.len(),
            q(0.5),
            q(0.99),
            times[times.len() - 1]
        );
    };
    let time = |f: &mut dyn FnMut() -> Result<()>| -> Result<f64> {
        let t = Instant::now();
        f()?;
        Ok(t.elapsed().as_secs_f64() * 1e3)
    };

    // search: typical analyst queries, and event trigger words (single and paired) from the store
    let mut qs: Vec<String> = [
        "الحرس الثوري",
        "اليمن",
        "الحوثيين",
        "مجلس الأمن",
        "داعش",
        "النفط",
        "وزير الخارجية",
        "إيران",
        "الاتفاق النووي",
        "عاصفة الحزم",
        "الأمم المتحدة",
        "تركيا",
        "مصر",
        "القدس",
        "سوريا",
        "هجوم انتحاري",
        "الملك سلمان",
        "ولي العهد",
        "أسعار النفط",
        "البرلمان",
        "انتخابات",
        "اللاجئين",
        "الجيش العراقي",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let triggers: Vec<String> = store
        .events(&EventFilter {
            limit: 500,
            ..Default::default()
        })?
        .into_iter()
        .map(|e| e.trigger)
        .collect();
    for (i, t) in triggers.iter().enumerate().take(177) {
        let next = triggers.get(i + 1).map(String::as_str).unwrap_or("");
        qs.push(if i % 2 == 0 {
            t.clone()
        } else {
            format!("{t} {next}")
        });
    }
    let mut ts = Vec::new();
    for q in &qs {
        let terms = khabar::store::query_terms(seg, q);
        ts.push(time(&mut || {
            for h in store.search(&terms, 20, 0)? {
                std::hint::black_box(khabar::store::snippet(seg, &h.text, &terms, 60));
            }
            Ok(())
        })?);
    }
    report("search", ts);

    // timelines of the busiest dyads, by day, week and month
    let edges = store.network(&EventFilter::default(), 1, 40, |_| true)?;
    let mut ts = Vec::new();
    for e in &edges {
        for by in ["day", "week", "month"] {
            ts.push(time(&mut || {
                // a day axis over a century is refused: the corpus' own years
                std::hint::black_box(store.timeline(
                    &EventFilter {
                        source: Some(e.source.clone()),
                        target: Some(e.target.clone()),
                        from: Some("2014".into()),
                        to: Some("2015".into()),
                        ..Default::default()
                    },
                    by,
                )?);
                Ok(())
            })?);
        }
    }
    report("timeline", ts);

    // events: by actor, dyad, root, quad, modality, date range (one page of 100)
    let mut ts = Vec::new();
    let roots = ["01", "04", "05", "11", "14", "17", "18", "19"];
    for (i, e) in edges.iter().enumerate() {
        let filters = [
            EventFilter {
                actor: Some(e.source.clone()),
                ..Default::default()
            },
            EventFilter {
                source: Some(e.source.clone()),
                target: Some(e.target.clone()),
                ..Default::default()
            },
            EventFilter {
                root: Some(roots[i % roots.len()].to_string()),
                ..Default::default()
            },
            EventFilter {
                quad: vec![(i % 4) as i64 + 1],
                modality: Some("asserted".into()),
                ..Default::default()
            },
            EventFilter {
                actor: Some(e.target.clone()),
                from: Some("2015-07-01".into()),
                to: Some("2015-07-31".into()),
                ..Default::default()
            },
        ];
        for mut f in filters {
            f.limit = 100;
            ts.push(time(&mut || {
                std::hint::black_box(store.events(&f)?);
                Ok(())
            })?);
        }
    }
    report("events", ts);

    let mut ts = Vec::new();
    for e in &edges {
        let f = StoryFilter {
            actor: Some(e.source.clone()),
            limit: 20,
            ..Default::default()
        };
        ts.push(time(&mut || {
            std::hint::black_box(store.stories(&f)?);
            Ok(())
        })?);
    }
    report("stories", ts);
    Ok(ExitCode::SUCCESS)
}
