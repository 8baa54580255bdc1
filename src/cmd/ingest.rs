//! `khabar ingest`: reading, analysis and the SQLite writer on their own threads, so both cores
//! stay busy. Known articles (by content hash) are skipped before they are analysed.
//!
//! reader thread ──(bounded: batches of articles)──► analysis (rayon, both cores) ──(bounded:
//! batches of rows)──► writer thread (one transaction per batch, prepared statements reused).

use super::{finish, note, options, progress, skip_unreadable, BAR};
use crate::InputArgs;
use anyhow::{bail, Result};
use khabar::pipeline::Depth;
use khabar::store::content_hash;
use khabar_ingest::{collect_inputs, read_input, Article, Input, Item, Stats};
use khabar_store::{ArticleRow, Store};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::AtomicU64;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Articles analysed together (one rayon batch).
const ANALYZE_BATCH: usize = 256;
/// Articles per transaction.
const COMMIT_BATCH: usize = 1000;
/// Batches in flight between two stages: enough to ride out a slow batch, bounded memory.
const IN_FLIGHT: usize = 2;

/// Seconds each stage was busy.
#[derive(Default, Debug)]
struct Stages {
    read: Duration,
    analyze: Duration,
    write: Duration,
    stories: Duration,
}

struct Written {
    added: usize,
    dups: usize,
    batches: usize,
    busy: Duration,
}

/// The writer: commits whatever arrives, in transactions of [`COMMIT_BATCH`] articles.
fn writer(mut store: Store, rx: Receiver<Vec<ArticleRow>>) -> Result<(Store, Written)> {
    let mut w = Written {
        added: 0,
        dups: 0,
        batches: 0,
        busy: Duration::ZERO,
    };
    let mut pending: Vec<ArticleRow> = Vec::with_capacity(COMMIT_BATCH);
    let mut commit = |pending: &mut Vec<ArticleRow>, w: &mut Written| -> Result<()> {
        if pending.is_empty() {
            return Ok(());
        }
        let t = Instant::now();
        let r = store.add_batch(pending)?;
        w.busy += t.elapsed();
        w.batches += 1;
        w.added += r.added;
        w.dups += r.duplicates;
        // reported only after the transaction is durable in the WAL
        note(&format!(
            "khabar: committed batch {} ({} new, {} already stored)",
            w.batches, r.added, r.duplicates
        ));
        pending.clear();
        Ok(())
    };
    for rows in rx {
        pending.extend(rows);
        if pending.len() >= COMMIT_BATCH {
            commit(&mut pending, &mut w)?;
        }
    }
    commit(&mut pending, &mut w)?;
    Ok((store, w))
}

/// The reader: every input, articles in batches; diagnostics noted and counted.
fn reader(
    inputs: Vec<Input>,
    opts: khabar_ingest::Options,
    counter: Arc<AtomicU64>,
    tx: SyncSender<Vec<Article>>,
) -> (Stats, Duration) {
    let t0 = Instant::now();
    let mut stats = Stats::default();
    let mut batch: Vec<Article> = Vec::with_capacity(ANALYZE_BATCH);
    let mut blocked = Duration::ZERO;
    let mut closed = false;
    for input in &inputs {
        let mut sink = |item: Item| match item {
            Item::Article(a) => {
                for w in &a.warnings {
                    note(&format!("khabar: warning: {w}"));
                    stats.warn(w);
                }
                batch.push(*a);
                if batch.len() >= ANALYZE_BATCH && !closed {
                    let t = Instant::now();
                    closed = tx.send(std::mem::take(&mut batch)).is_err();
                    blocked += t.elapsed();
                }
            }
            Item::Skipped(d) => {
                note(&format!("khabar: skipped {d}"));
                stats.skip(&d);
            }
        };
        if let Err(e) = read_input(input, &opts, counter.clone(), &mut sink) {
            skip_unreadable(input, &e, &mut stats);
        }
        if closed {
            break;
        }
    }
    if !batch.is_empty() && !closed {
        let _ = tx.send(batch);
    }
    (stats, t0.elapsed().saturating_sub(blocked))
}

pub fn ingest(args: &InputArgs, db: &Path) -> Result<ExitCode> {
    let opts = options(args)?;
    if args.files.is_empty() {
        bail!("no input files (give files, folders, or - for stdin)");
    }
    let store = super::store::opened(db, Store::create_or_open(db))?;
    if let Some(v) = store.upgraded_from() {
        note(&format!(
            "khabar: {} was a schema {v} store: emptied for the leaner schema, so every article is analysed again",
            db.display()
        ));
    }
    let events_before = store.count_events()?;
    let mut known: HashSet<String> = store.hashes()?.into_iter().collect();
    let (inputs, diags) = collect_inputs(&args.files);
    let total: u64 = inputs
        .iter()
        .map(|i| match i {
            Input::File { size, .. } => *size,
            Input::Stdin => 0,
        })
        .sum();
    let pb = progress(total, args.quiet);
    if let Ok(mut b) = BAR.lock() {
        *b = Some(pb.clone());
    }
    let mut pre = Stats::default();
    for d in &diags {
        note(&format!("khabar: skipped {d}"));
        pre.skip(d);
    }
    let t0 = Instant::now();
    let counter = Arc::new(AtomicU64::new(0));
    let (art_tx, art_rx) = sync_channel::<Vec<Article>>(IN_FLIGHT);
    let (row_tx, row_rx) = sync_channel::<Vec<ArticleRow>>(IN_FLIGHT);
    let read = {
        let counter = counter.clone();
        std::thread::spawn(move || reader(inputs, opts, counter, art_tx))
    };
    let write = std::thread::spawn(move || writer(store, row_rx));

    // the run's analyzer: --lexicon / --models apply to what is stored
    let analyzer = crate::cmd::analyzer();
    let seg = analyzer.segmenter();
    let mut stages = Stages::default();
    let (mut read_n, mut skipped_known) = (0usize, 0usize);
    for batch in art_rx {
        read_n += batch.len();
        // known content (stored before, or read earlier in this run) is never analysed
        let fresh: Vec<(String, Article)> = batch
            .into_iter()
            .filter_map(|a| {
                let h = content_hash(&a.text);
                if known.insert(h.clone()) {
                    Some((h, a))
                } else {
                    skipped_known += 1;
                    None
                }
            })
            .collect();
        let t = Instant::now();
        let rows: Vec<ArticleRow> = fresh
            .into_par_iter()
            .map(|(h, a)| {
                let an = analyzer.analyze(a, Depth::Entities);
                let mut row = khabar::store::article_row(&an, seg);
                row.hash = h;
                row
            })
            .collect();
        stages.analyze += t.elapsed();
        pb.set_position(counter.load(std::sync::atomic::Ordering::Relaxed));
        pb.set_message(format!("{read_n} articles"));
        if !rows.is_empty() && row_tx.send(rows).is_err() {
            // the writer stopped: its error is reported below
            break;
        }
    }
    drop(row_tx);
    let (mut stats, read_busy) = read
        .join()
        .map_err(|_| anyhow::anyhow!("the reader thread panicked"))?;
    let (mut store, w) = write
        .join()
        .map_err(|_| anyhow::anyhow!("the writer thread panicked"))??;
    pb.finish_and_clear();
    if let Ok(mut b) = BAR.lock() {
        *b = None;
    }
    stats.read = read_n;
    for (k, v) in &pre.by_reason {
        *stats.by_reason.entry(k.clone()).or_default() += v;
    }
    stats.skipped += pre.skipped;
    stages.read = read_busy;
    stages.write = w.busy;
    let secs = t0.elapsed().as_secs_f64();
    if w.added > 0 {
        let t1 = Instant::now();
        let (n, in_stories) = khabar::store::rebuild_stories(&mut store)?;
        stages.stories = t1.elapsed();
        eprintln!(
            "khabar: stories rebuilt: {n} stories holding {in_stories} articles ({:.1} s)",
            stages.stories.as_secs_f64()
        );
    } else {
        eprintln!("khabar: no new articles: stories unchanged");
    }
    let events = store.count_events()?;
    let dups = w.dups + skipped_known;
    eprintln!(
        "khabar: {} — {} articles added ({} events), {dups} already stored; {} articles and {events} events in the database; {:.0} articles/s",
        db.display(),
        w.added,
        events - events_before,
        store.count_articles()?,
        (w.added + dups) as f64 / secs.max(1e-9)
    );
    eprintln!(
        "khabar: stages (busy seconds, overlapping): read {:.1}, analyze {:.1} (all cores), write {:.1} in {} transactions, stories {:.1}; wall {:.1}",
        stages.read.as_secs_f64(),
        stages.analyze.as_secs_f64(),
        stages.write.as_secs_f64(),
        w.batches,
        stages.stories.as_secs_f64(),
        t0.elapsed().as_secs_f64()
    );
    Ok(finish(&stats))
}
