//! The `khabar` command line: a thin layer over the library crates.

mod cmd;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Analysis allocates many small strings per word (Word forms, tokens, events), freed per
/// article; glibc malloc/free took ~20 % of the analysis instructions, mimalloc a fraction.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "khabar",
    version,
    about = "Arabic news → political event data (who did what to whom, when, where), with evidence"
)]
struct Cli {
    /// A directory of lexicon tables (the names and columns of data/lexicon/*.tsv): each adds its
    /// rows to the built-in table, or replaces it with a `# mode: replace` line
    #[arg(long, global = true, env = "KHABAR_LEXICON", value_name = "DIR")]
    lexicon: Option<PathBuf>,
    /// A directory of model weights (ner.txt, events.txt, coder.txt, pairs.txt, idf.txt as in
    /// data/models/): each replaces the shipped file of its name
    #[arg(long, global = true, env = "KHABAR_MODELS", value_name = "DIR")]
    models: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

/// Input options shared by the commands that read articles.
#[derive(clap::Args, Clone)]
pub struct InputArgs {
    /// Files or folders (recursively) of .txt/.jsonl/.html/.warc, optionally .gz/.zst; `-` for stdin
    pub files: Vec<PathBuf>,
    /// Publication date (YYYY-MM-DD) for articles that have none
    #[arg(long)]
    pub published: Option<String>,
    /// Source name for articles that have none (`events --db`: the source actor's code prefix)
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
        /// jsonl, or parquet (articles with their entities; schema articles/1, see README)
        #[arg(long, default_value = "jsonl", value_parser = ["jsonl", "parquet"])]
        format: String,
        #[command(flatten)]
        parquet: cmd::columnar::ParquetArgs,
    },
    /// Coded events, one row per dyadic event: from FILES, or from the store with --db and filters
    Events {
        #[command(flatten)]
        input: InputArgs,
        /// jsonl (the analyze event objects plus doc_id), csv, gdelt (GDELT 2.0 events, 61 tab-separated columns), or parquet (schema events/1, with --out)
        #[arg(long, default_value = "jsonl", value_parser = ["jsonl", "csv", "gdelt", "parquet"])]
        format: String,
        #[command(flatten)]
        parquet: cmd::columnar::ParquetArgs,
        /// Query the store instead of analyzing files
        #[arg(long)]
        db: Option<PathBuf>,
        #[command(flatten)]
        filter: Box<EventFilterArgs>,
    },
    /// Analyze and store articles, entities and events in SQLite (idempotent: known content is skipped)
    Ingest {
        #[command(flatten)]
        input: InputArgs,
        #[arg(long, default_value = "khabar.db")]
        db: PathBuf,
    },
    /// Full-text search with Arabic normalization and clitic segmentation («الحرس الثوري» finds «للحرس الثوري»)
    Search {
        query: String,
        #[arg(long, default_value = "khabar.db")]
        db: PathBuf,
        /// text (default) or jsonl: {"doc_id","title","score","snippet"} per hit
        #[arg(long, default_value = "text", value_parser = ["text", "jsonl"])]
        format: String,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Group exact and near-duplicate articles (MinHash/LSH over word shingles)
    Dedup {
        #[command(flatten)]
        input: InputArgs,
        /// Estimated Jaccard similarity at or above which two articles are near-duplicates
        #[arg(long, default_value_t = 0.8)]
        threshold: f64,
        /// Articles with fewer content words are not clustered
        #[arg(long, default_value_t = 20)]
        min_words: usize,
        /// One JSON object per cluster
        #[arg(long)]
        json: bool,
    },
    /// Cluster articles into events (same actors, action, days) and stories (same dyad and topic over time)
    Stories {
        #[command(flatten)]
        input: InputArgs,
        /// text (readable) or jsonl (one object per story)
        #[arg(long, default_value = "text", value_parser = ["text", "jsonl"])]
        format: String,
        /// Print only stories with at least this many articles
        #[arg(long, default_value_t = 1)]
        min_articles: usize,
    },
    /// Similarity of article pairs on the SemEval-2022 Task 8 scale (1 = very similar … 4)
    Similar {
        /// JSONL with pair_id, title1, text1, title2, text2 (optional date1/date2 and gold scores)
        #[arg(long)]
        pairs: Option<PathBuf>,
        /// Or two article files
        files: Vec<PathBuf>,
        /// Fit the pair model on --pairs gold scores and write it here (reports cross-validation first)
        #[arg(long)]
        train: Option<PathBuf>,
        #[arg(long, default_value_t = 10)]
        folds: usize,
        /// Term document frequencies to weigh words with (from `khabar idf`); default: the shipped ones
        #[arg(long)]
        idf: Option<PathBuf>,
        /// Also write each pair's feature vector (and gold scores) as TSV here, for analysis
        #[arg(long)]
        features: Option<PathBuf>,
    },
    /// Fit term document frequencies on a corpus (writes the file `similar` weighs words with)
    Idf {
        #[command(flatten)]
        input: InputArgs,
        #[arg(long)]
        out: PathBuf,
        /// Drop words seen in fewer documents
        #[arg(long, default_value_t = 3)]
        min_df: u64,
    },
    /// Serve the JSON API and the web UI over a store
    Serve {
        #[arg(long, default_value = "khabar.db")]
        db: PathBuf,
        /// Address to bind; anything but loopback needs a token
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Bearer token clients must send (or KHABAR_TOKEN); off loopback at least 16 characters
        #[arg(long, env = "KHABAR_TOKEN")]
        token: Option<String>,
        /// Seconds a client has to send a request's headers
        #[arg(long, default_value_t = 5)]
        header_timeout: u64,
        /// Seconds a connection may sit with no bytes moving before it is closed
        #[arg(long, default_value_t = 10)]
        idle_timeout: u64,
        /// Connections served at once (more wait to be accepted)
        #[arg(long, default_value_t = 512)]
        max_connections: usize,
    },
    /// Events from SRC to TGT (CAMEO code prefixes, e.g. IRN IRQ) per period, optionally drawn as SVG
    Timeline {
        source: String,
        target: String,
        #[arg(long, default_value = "month", value_parser = ["day", "week", "month", "year"])]
        by: String,
        #[arg(long, default_value = "khabar.db")]
        db: PathBuf,
        /// Write the chart here
        #[arg(long)]
        svg: Option<PathBuf>,
    },
    /// Score khabar against gold files
    Eval {
        #[command(subcommand)]
        what: EvalCommand,
    },
    /// Run on the bundled example articles and print a readable summary
    Demo,
    /// Users' lexicon directories: check one (format, rows, and every row's example coded), or
    /// write the built-in tables as a starting point
    Lexicon {
        #[command(subcommand)]
        what: LexiconCommand,
    },
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
        /// How far to run: tokens (clean, sentences, tokens), entities (+ entities and dates) or all (+ events)
        #[arg(long, default_value = "all", value_parser = ["tokens", "entities", "all"])]
        stage: String,
        /// Instead: time the store's queries (search, timeline, events, stories) on this database
        #[arg(long)]
        db: Option<PathBuf>,
    },
}

/// Filters for `khabar events --db`; checked like the API's (a bad value exits 2 with the API's
/// message). Values stay strings so both read them through `khabar::query`.
#[derive(clap::Args, Clone, Default)]
pub struct EventFilterArgs {
    /// Source or target: a code prefix (IRN, IRQGOV …) or a country name (السعودية, Yemen)
    #[arg(long)]
    pub actor: Option<String>,
    // `--source CODE` is read from the input arguments: two arguments of one
    // name made clap panic in debug builds and drop the filter in release
    /// Target actor: a code prefix or a country name
    #[arg(long)]
    pub target: Option<String>,
    /// Events between two actors in either direction, e.g. SAU-YEM
    #[arg(long)]
    pub dyad: Option<String>,
    /// CAMEO code prefix (04, 043 …)
    #[arg(long)]
    pub cameo: Option<String>,
    /// CAMEO root (two digits, 01 to 20)
    #[arg(long)]
    pub root: Option<String>,
    /// QuadClass 1 to 4
    #[arg(long)]
    pub quad: Option<String>,
    /// asserted|future|negated|hypothetical|reported|historical (several joined by commas)
    #[arg(long)]
    pub modality: Option<String>,
    /// Earliest date (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long)]
    pub from: Option<String>,
    /// Latest date (inclusive, any precision)
    #[arg(long)]
    pub to: Option<String>,
    /// A gazetteer feature id («415189») or words of the place
    #[arg(long)]
    pub place: Option<String>,
    /// Events placed inside west,south,east,north (degrees)
    #[arg(long)]
    pub bbox: Option<String>,
    /// The article's outlet (its source name, e.g. sabq)
    #[arg(long)]
    pub outlet: Option<String>,
    /// At least this confidence (0 to 1)
    #[arg(long)]
    pub min_confidence: Option<String>,
    /// date|-date|goldstein|-goldstein|confidence|-confidence
    #[arg(long)]
    pub sort: Option<String>,
    /// At most this many rows (default: every matching row)
    #[arg(long)]
    pub limit: Option<usize>,
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// The rows after this cursor (keyset paging, with --db and --limit: the next page's cursor
    /// is printed on stderr; as fast deep in the list as on its first page)
    #[arg(long, conflicts_with = "offset")]
    pub cursor: Option<String>,
}

impl EventFilterArgs {
    /// The filters as the API's name=value pairs (`source` comes from the input arguments).
    pub fn pairs(&self, source: Option<&str>) -> Vec<(String, String)> {
        let named = [
            ("actor", &self.actor),
            ("target", &self.target),
            ("dyad", &self.dyad),
            ("cameo", &self.cameo),
            ("root", &self.root),
            ("quad", &self.quad),
            ("modality", &self.modality),
            ("from", &self.from),
            ("to", &self.to),
            ("place", &self.place),
            ("bbox", &self.bbox),
            ("outlet", &self.outlet),
            ("min_confidence", &self.min_confidence),
            ("sort", &self.sort),
        ];
        let mut out: Vec<(String, String)> = named
            .iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| (k.to_string(), v.clone())))
            .collect();
        if let Some(s) = source {
            out.push(("source".into(), s.to_string()));
        }
        out
    }
}

#[derive(Subcommand)]
enum LexiconCommand {
    /// Load DIR over the built-in tables (errors: file:line, exit 2), then code every example of
    /// DIR's rows and print what it yields (exit 1 when an example misses its row's code)
    Check {
        dir: PathBuf,
        /// Code the examples of every row, built-in ones too
        #[arg(long)]
        all: bool,
    },
    /// Write the built-in tables into DIR (created if missing; existing tables are not overwritten)
    Export { dir: PathBuf },
}

#[derive(Subcommand)]
enum EvalCommand {
    /// A strict-review sheet of N events drawn at random from the inputs' events, or the tally of a judged sheet
    Review {
        #[command(flatten)]
        input: InputArgs,
        /// How many events to draw
        #[arg(long, default_value_t = 100)]
        sample: usize,
        /// Seed of the draw
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Write the sheet here (Markdown)
        #[arg(long)]
        out: Option<PathBuf>,
        /// Draw only from the events of at least this confidence (0 to 1), as `khabar events
        /// --min-confidence` keeps them: what a user who filters gets
        #[arg(long, default_value_t = 0.0)]
        min_confidence: f32,
        /// Instead: tally a judged sheet (lines `N. ✓|✗d|✗m|✗ | reason`)
        #[arg(long)]
        verdicts: Option<PathBuf>,
    },
    /// Named entities: per-type and micro P/R/F1 (PERSON, LOCATION = country+place, ORG)
    Ner {
        /// Gold file format
        #[arg(long, value_parser = ["newsfane", "wojood"])]
        format: String,
        /// Gold file: one token per line with BIO tag(s), blank line between sentences
        file: PathBuf,
        /// Write `token<TAB>gold<TAB>predicted` lines here
        #[arg(long)]
        predictions: Option<PathBuf>,
        /// Train the name tagger on FILE and write its weights here (with --folds, report cross-validation first)
        #[arg(long)]
        train: Option<PathBuf>,
        /// Folds for cross-validation when training (0 = none)
        #[arg(long, default_value_t = 5)]
        folds: usize,
    },
    /// Events: the seeds' gold.json, and/or ASSAULT/PROTEST detection on crowd-labelled sentences
    Events {
        /// gold.json of annotated articles (articles next to it or in examples/)
        #[arg(long)]
        seeds: Option<PathBuf>,
        /// Hand-coded event file like ../shared/eval/saudi_events.dev.json: recall, precision, F1, per root, error kinds
        #[arg(long)]
        gold: Option<PathBuf>,
        /// With --gold: write one JSON line per document (gold events and predictions with their status)
        #[arg(long)]
        details: Option<PathBuf>,
        /// Train the learned coder layer on the --on files and write its model here (cross-validates first)
        #[arg(long)]
        train_coder: Option<PathBuf>,
        /// Train only the coder's background model (which events are told as past happenings) on
        /// the --on files and write the coder model in use with it here (cross-validates first)
        #[arg(long)]
        train_when: Option<PathBuf>,
        /// Hand-coded files to train the coder on: gold-format JSON or our offsets JSON lines (repeatable)
        #[arg(long)]
        on: Vec<PathBuf>,
        /// The corpus our offsets files point into
        #[arg(long, default_value = "../shared/corpora/saudinewsnet.jsonl.gz")]
        corpus: PathBuf,
        /// event_sentences JSONL (id, event_type, crowd_label, text)
        #[arg(long)]
        sentences: Option<PathBuf>,
        /// event_spans JSONL with coder actor roles (default: next to --sentences)
        #[arg(long)]
        spans: Option<PathBuf>,
        /// Write the misclassified scored sentences here (JSONL; with --train, every sentence with its out-of-fold probability)
        #[arg(long)]
        errors: Option<PathBuf>,
        /// Train the violence/protest confidence model on --sentences and write it here
        #[arg(long)]
        train: Option<PathBuf>,
        /// Folds for cross-validation when training (0 = none)
        #[arg(long, default_value_t = 5)]
        folds: usize,
        /// Repeat the cross-validation over this many shuffled fold assignments, pooled (steadier figures and threshold)
        #[arg(long, default_value_t = 1)]
        repeats: usize,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match khabar::resources::Resources::load(cli.lexicon.as_deref(), cli.models.as_deref()) {
        Ok(r) => {
            // actor names in event filters: a user's countries and organisations too
            if cli.lexicon.is_some() {
                khabar::actors::use_lexicon(&r.lexicon);
            }
            cmd::set_resources(r)
        }
        Err(e) => {
            eprintln!("khabar: error: {e}");
            return ExitCode::from(2);
        }
    }
    let result = match cli.command {
        Command::Clean { input, json } => cmd::run_clean(&input, json),
        Command::Analyze {
            input,
            format,
            parquet,
        } => match parquet.check(&format) {
            Err(e) => Err(e),
            Ok(()) if format == "parquet" => cmd::columnar::analyze(&input, &parquet),
            Ok(()) => cmd::run_analyze(&input),
        },
        Command::Events {
            input,
            format,
            db,
            filter,
            parquet,
        } => match db {
            Some(db) => {
                let pairs = filter.pairs(input.source.as_deref());
                khabar::query::Params::new(pairs, &[khabar::query::FILTERS])
                    .and_then(|p| khabar::query::event_filter(&p))
                    .map_err(anyhow::Error::msg)
                    .and_then(|mut f| {
                        f.limit = filter.limit.unwrap_or(0);
                        f.offset = filter.offset;
                        if let Some(c) = &filter.cursor {
                            f.after = Some(khabar_store::Cursor::parse(c, f.sort)?);
                        }
                        parquet.check(&format)?;
                        if format == "parquet" {
                            cmd::columnar::events_from_db(&db, &f, &parquet)
                        } else {
                            cmd::store::events_from_db(&db, &f, &format)
                        }
                    })
            }
            None => match parquet.check(&format) {
                Err(e) => Err(e),
                Ok(()) if format == "parquet" => cmd::columnar::events(&input, &parquet),
                Ok(()) => cmd::run_events(&input, &format),
            },
        },
        Command::Serve {
            db,
            bind,
            port,
            token,
            header_timeout,
            idle_timeout,
            max_connections,
        } => {
            let limits = khabar::server::Limits {
                header_timeout: std::time::Duration::from_secs(header_timeout.max(1)),
                idle_timeout: std::time::Duration::from_secs(idle_timeout.max(1)),
                max_connections,
            };
            tokio::runtime::Runtime::new()
                .map_err(anyhow::Error::from)
                .and_then(|rt| {
                    rt.block_on(khabar::server::serve(
                        db,
                        bind,
                        port,
                        token,
                        limits,
                        cmd::analyzer(),
                    ))
                })
                .map(|_| ExitCode::SUCCESS)
        }
        Command::Stories {
            input,
            format,
            min_articles,
        } => cmd::link::stories(&input, format == "jsonl", min_articles),
        Command::Dedup {
            input,
            threshold,
            min_words,
            json,
        } => cmd::link::dedup(&input, threshold, json, min_words),
        Command::Similar {
            pairs,
            files,
            train,
            folds,
            features,
            idf,
        } => cmd::link::similar(
            pairs.as_deref(),
            &files,
            train.as_deref(),
            folds,
            features.as_deref(),
            idf.as_deref(),
        ),
        Command::Idf { input, out, min_df } => cmd::link::fit_idf(&input, &out, min_df),
        Command::Ingest { input, db } => cmd::ingest::ingest(&input, &db),
        Command::Search {
            query,
            db,
            format,
            limit,
        } => cmd::store::search(&db, &query, format == "jsonl", limit),
        Command::Timeline {
            source,
            target,
            by,
            db,
            svg,
        } => cmd::store::timeline(&db, &source, &target, &by, svg.as_deref()),
        Command::Eval { what } => match what {
            EvalCommand::Review {
                verdicts: Some(v), ..
            } => cmd::review::tally(&v),
            EvalCommand::Review {
                input,
                sample,
                seed,
                out,
                min_confidence,
                verdicts: None,
            } => match out {
                Some(out) => cmd::review::sheet(&input, sample, seed, min_confidence, &out),
                None => Err(anyhow::anyhow!(
                    "give --out SHEET.md (or --verdicts FILE to tally)"
                )),
            },
            EvalCommand::Ner {
                format,
                file,
                predictions,
                train,
                folds,
            } => match format.parse() {
                Ok(f) => cmd::eval::ner(f, &file, predictions.as_deref(), train.as_deref(), folds),
                Err(e) => Err(anyhow::anyhow!(e)),
            },
            EvalCommand::Events {
                seeds,
                gold,
                details,
                train_coder,
                train_when,
                on,
                corpus,
                sentences,
                spans,
                errors,
                train,
                folds,
                repeats,
            } => cmd::eval::events(cmd::eval::EventsEval {
                seeds,
                gold,
                details,
                train_coder,
                train_when,
                on,
                corpus,
                sentences,
                spans,
                errors,
                train,
                folds,
                repeats,
            }),
        },
        Command::Demo => cmd::demo::run(),
        Command::Lexicon { what } => match what {
            LexiconCommand::Check { dir, all } => cmd::lexicon::check(&dir, all),
            LexiconCommand::Export { dir } => cmd::lexicon::export(&dir),
        },
        Command::Bench { db: Some(db), .. } => cmd::bench::queries(&db),
        Command::Bench {
            file,
            limit,
            json,
            stage,
            db: None,
        } => cmd::bench::run(file, limit, json, &stage),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("khabar: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
