//! The `khabar` command line: a thin layer over the library crates.

mod cmd;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "khabar",
    version,
    about = "Arabic news → political event data (who did what to whom, when, where), with evidence"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Input options shared by the commands that read articles.
#[derive(clap::Args, Clone)]
pub struct InputArgs {
    /// Files or folders (recursively) of .txt/.jsonl/.html/.warc, optionally .gz/.zst; `-` for stdin
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Publication date (YYYY-MM-DD) for articles that have none
    #[arg(long)]
    pub published: Option<String>,
    /// Source name for articles that have none
    #[arg(long)]
    pub source: Option<String>,
    /// Skip articles larger than this many bytes
    #[arg(long, default_value_t = khabar_ingest::DEFAULT_MAX_BYTES)]
    pub max_bytes: usize,
    /// No progress bar even on a terminal
    #[arg(long)]
    pub quiet: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Print cleaned text (scrape residue and boilerplate removed)
    Clean {
        #[command(flatten)]
        input: InputArgs,
        /// One JSON object per article: {doc_id, text, removed:[{start,end,reason}], metadata}
        #[arg(long)]
        json: bool,
    },
    /// Analyze articles: one JSON object per article with sentences and tokens
    Analyze {
        #[command(flatten)]
        input: InputArgs,
        /// Output format
        #[arg(long, default_value = "jsonl", value_parser = ["jsonl"])]
        format: String,
    },
    /// Run on the bundled example articles and print a readable summary
    Demo,
    /// Measure throughput over a corpus (default ../shared/corpora/saudinewsnet.jsonl.gz)
    Bench {
        /// Corpus file (jsonl, optionally gzip)
        file: Option<PathBuf>,
        /// Stop after this many articles
        #[arg(long)]
        limit: Option<usize>,
        /// Also serialize the analyze JSON (what `khabar analyze` writes)
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Clean { input, json } => cmd::run_clean(&input, json),
        Command::Analyze { input, format: _ } => cmd::run_analyze(&input),
        Command::Demo => cmd::demo::run(),
        Command::Bench { file, limit, json } => cmd::bench::run(file, limit, json),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("khabar: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
