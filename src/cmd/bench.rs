//! `khabar bench`: throughput of the pipeline over a corpus, in MB/s of
//! article text. Reading and decompression are timed separately.

use anyhow::{Context, Result};
use khabar::pipeline::{Analyzer, Depth};
use khabar_ingest::{read_input, Article, Input, Item, Options};
use rayon::prelude::*;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::Instant;

pub const DEFAULT_CORPUS: &str = "../shared/corpora/saudinewsnet.jsonl.gz";

pub fn run(file: Option<PathBuf>, limit: Option<usize>, json: bool) -> Result<ExitCode> {
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
    let analyzer = Analyzer::default();
    let t1 = Instant::now();
    let (tokens, out_bytes) = articles
        .into_par_iter()
        .map(|a| {
            let an = analyzer.analyze(a, Depth::Tokens);
            let ob = if json { an.to_json().len() } else { 0 };
            (an.tokens.len(), ob)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
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
    Ok(ExitCode::SUCCESS)
}
