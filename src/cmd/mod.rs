//! Command implementations.

pub mod bench;
pub mod columnar;
pub mod demo;
pub mod eval;
pub mod ingest;
pub mod lexicon;
pub mod link;
pub mod review;
pub mod store;

use crate::InputArgs;
use anyhow::{bail, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use khabar::pipeline::{Analysis, Analyzer, Depth};
use khabar_ingest::{collect_inputs, read_input, Article, Input, Item, Options, Stats};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

const BATCH: usize = 256;

/// The lexicon and weights of this run (`--lexicon`, `--models`), set once by `main` before any
/// command runs; the built-in ones when it is not set (tests of the command functions).
static RESOURCES: std::sync::OnceLock<khabar::resources::Resources> = std::sync::OnceLock::new();

pub fn set_resources(r: khabar::resources::Resources) {
    // set once, by main: a second call would be a bug, and keeps the first
    let _ = RESOURCES.set(r);
}

pub fn resources() -> &'static khabar::resources::Resources {
    RESOURCES.get_or_init(Default::default)
}

/// An analyzer over this run's lexicon and weights.
pub fn analyzer() -> Analyzer {
    Analyzer::with(resources())
}

fn options(args: &InputArgs) -> Result<Options> {
    let published = match &args.published {
        Some(p) => match khabar_ingest::normalize_date(p) {
            Some(d) => Some(d),
            None => bail!("--published must be YYYY-MM-DD, got {p:?}"),
        },
        None => None,
    };
    Ok(Options {
        max_bytes: args.max_bytes,
        published,
        source: args.source.clone(),
    })
}

/// The progress bar on screen, if any: notes are printed above it, never into it.
static BAR: std::sync::Mutex<Option<ProgressBar>> = std::sync::Mutex::new(None);

/// A line for stderr (a skip, a warning, a committed batch), printed above the progress bar.
/// An input that could not be read at all: reported with its name, counted, and the run goes on.
pub fn skip_unreadable(
    input: &khabar_ingest::Input,
    e: &dyn std::fmt::Display,
    stats: &mut khabar_ingest::Stats,
) {
    let d = khabar_ingest::Diagnostic {
        location: input.name(),
        kind: khabar_ingest::DiagKind::Io,
        message: e.to_string(),
    };
    note(&format!("khabar: skipped {d}"));
    stats.skip(&d);
}

pub fn note(msg: &str) {
    let bar = BAR.lock().ok().and_then(|b| b.clone());
    match bar {
        Some(pb) if !pb.is_hidden() && !pb.is_finished() => pb.suspend(|| eprintln!("{msg}")),
        _ => eprintln!("{msg}"),
    }
}

fn progress(total: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    pb.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec}, eta {eta}) {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    pb
}

/// Reads every article of `files` into memory (for commands that need them
/// all at once), reporting skipped inputs and items on stderr like the
/// streaming commands do.
pub fn read_articles(files: &[std::path::PathBuf]) -> Result<(Vec<Article>, Stats)> {
    let (inputs, diags) = collect_inputs(files);
    let mut stats = Stats::default();
    for d in &diags {
        eprintln!("khabar: skipped {d}");
        stats.skip(d);
    }
    let mut arts = Vec::new();
    for input in &inputs {
        let mut sink = |item: Item| match item {
            Item::Article(a) => {
                for w in &a.warnings {
                    eprintln!("khabar: warning: {w}");
                    stats.warn(w);
                }
                stats.read += 1;
                arts.push(*a);
            }
            Item::Skipped(d) => {
                eprintln!("khabar: skipped {d}");
                stats.skip(&d);
            }
        };
        // an unreadable file is a counted skip here too, not the end of the run
        if let Err(e) = read_input(input, &Options::default(), Default::default(), &mut sink) {
            let d = khabar_ingest::Diagnostic {
                location: input.name(),
                kind: khabar_ingest::DiagKind::Io,
                message: e.to_string(),
            };
            eprintln!("khabar: skipped {d}");
            stats.skip(&d);
        }
    }
    Ok((arts, stats))
}

/// Reads every input, analyzes articles in parallel batches, and hands each
/// analysis (in input order) to `emit`. Diagnostics go to stderr.
pub fn for_each_analysis(
    args: &InputArgs,
    depth: Depth,
    emit: &mut dyn FnMut(&Analysis) -> Result<()>,
) -> Result<Stats> {
    let opts = options(args)?;
    if args.files.is_empty() {
        bail!("no input files (give files, folders, or - for stdin)");
    }
    let (inputs, diags) = collect_inputs(&args.files);
    let mut stats = Stats::default();
    for d in &diags {
        note(&format!("khabar: skipped {d}"));
        stats.skip(d);
    }
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
    let counter = Arc::new(AtomicU64::new(0));
    let analyzer = crate::cmd::analyzer();
    let mut batch: Vec<Article> = Vec::with_capacity(BATCH);
    let mut flush = |batch: &mut Vec<Article>, stats: &mut Stats| -> Result<()> {
        let done: Vec<Analysis> = std::mem::take(batch)
            .into_par_iter()
            .map(|a| analyzer.analyze(a, depth))
            .collect();
        for a in &done {
            stats.read += 1;
            emit(a)?;
        }
        pb.set_position(counter.load(Ordering::Relaxed));
        pb.set_message(format!("{} articles", stats.read));
        Ok(())
    };
    for input in &inputs {
        let mut err: Option<anyhow::Error> = None;
        let mut sink = |item: Item| {
            if err.is_some() {
                return;
            }
            match item {
                Item::Article(a) => {
                    for w in &a.warnings {
                        note(&format!("khabar: warning: {w}"));
                        stats.warn(w);
                    }
                    batch.push(*a);
                    if batch.len() >= BATCH {
                        if let Err(e) = flush(&mut batch, &mut stats) {
                            err = Some(e);
                        }
                    }
                }
                Item::Skipped(d) => {
                    note(&format!("khabar: skipped {d}"));
                    stats.skip(&d);
                }
            }
        };
        if let Err(e) = read_input(input, &opts, counter.clone(), &mut sink) {
            skip_unreadable(input, &e, &mut stats);
        }
        if let Some(e) = err {
            return Err(e);
        }
    }
    flush(&mut batch, &mut stats)?;
    pb.finish_and_clear();
    if let Ok(mut b) = BAR.lock() {
        *b = None;
    }
    Ok(stats)
}

/// The summary line; exit 1 when inputs were skipped for a real fault. Empty articles are
/// counted and reported, but scraped news always has some: they alone do not fail a run.
pub fn finish(stats: &Stats) -> ExitCode {
    eprintln!("khabar: {}", stats.summary());
    let empty = stats.by_reason.get("empty").copied().unwrap_or(0);
    if stats.skipped > empty {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes a line; a closed pipe (`| head`) ends the run quietly.
pub fn write_line(out: &mut impl Write, line: &str) -> Result<()> {
    match writeln!(out, "{line}") {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        r => Ok(r?),
    }
}

pub fn run_clean(args: &InputArgs, json: bool) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut first = true;
    let stats = for_each_analysis(args, Depth::Tokens, &mut |a| {
        if json {
            write_line(&mut out, &a.to_clean_json())
        } else {
            if !first {
                write_line(&mut out, "")?;
            }
            first = false;
            write_line(&mut out, &a.cleaned.text)
        }
    })?;
    out.flush()?;
    Ok(finish(&stats))
}

pub fn run_analyze(args: &InputArgs) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    let stats = for_each_analysis(args, Depth::Entities, &mut |a| {
        write_line(&mut out, &a.to_json())
    })?;
    out.flush()?;
    Ok(finish(&stats))
}

pub fn run_events(args: &InputArgs, format: &str) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    if format == "csv" {
        write_line(&mut out, khabar::export::CSV_HEADER)?;
    }
    let mut id: u64 = 0;
    let seg = crate::cmd::analyzer().segmenter().clone();
    let stats = for_each_analysis(args, Depth::Entities, &mut |a| {
        if format == "jsonl" {
            for e in khabar::export::rows(a) {
                write_line(&mut out, &khabar::export::jsonl(a, &e))?;
            }
            return Ok(());
        }
        let mut row = khabar::store::article_row(a, &seg);
        for e in row
            .events
            .iter_mut()
            .filter(|e| e.source_code.is_some() || e.target_code.is_some())
        {
            id += 1;
            e.title = a.title.as_deref().map(khabar::store::decode_entities);
            e.outlet = a.article.source.clone();
            e.published = a.article.published.clone();
            e.url = a.article.url.clone();
            let line = if format == "csv" {
                khabar::export::csv_row(e)
            } else {
                khabar::export::gdelt_row(e, id)
            };
            write_line(&mut out, &line)?;
        }
        Ok(())
    })?;
    out.flush()?;
    Ok(finish(&stats))
}
