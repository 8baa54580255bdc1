//! `--format parquet` of `khabar events` and `khabar analyze`.

use super::store::open_read_only;
use super::{finish, for_each_analysis};
use crate::InputArgs;
use anyhow::{bail, Context, Result};
use khabar::columnar::{article_record, entity_ids, event_month, event_record, events_of};
use khabar::pipeline::Depth;
use khabar_columnar::articles::ArticleBuilder;
use khabar_columnar::events::EventBuilder;
use khabar_columnar::{ParquetWriter, TableBuilder, WriteSummary};
use khabar_store::EventFilter;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Where Parquet output goes.
#[derive(clap::Args, Clone, Default)]
pub struct ParquetArgs {
    /// With --format parquet: the file to write (a directory with --partition-by)
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// With --format parquet: Hive-style partitions OUT/month=YYYY-MM/part-0.parquet (by the
    /// article's publication month; events from --db by the event's month)
    #[arg(long, value_parser = ["month"])]
    pub partition_by: Option<String>,
}

impl ParquetArgs {
    /// Refuses the Parquet flags with another format (they would be silently ignored).
    pub fn check(&self, format: &str) -> Result<()> {
        if format != "parquet" && (self.out.is_some() || self.partition_by.is_some()) {
            bail!("--out and --partition-by go with --format parquet");
        }
        Ok(())
    }

    fn writer<B: TableBuilder>(&self) -> Result<ParquetWriter<B>> {
        let Some(out) = &self.out else {
            bail!("--format parquet needs --out FILE (or --out DIR with --partition-by month)");
        };
        match self.partition_by.as_deref() {
            Some(col) => ParquetWriter::partitioned(out, col),
            None => ParquetWriter::file(out),
        }
        .with_context(|| format!("cannot write {}", out.display()))
    }
}

fn report(s: &WriteSummary, what: &str, out: &Path, t0: Instant) {
    eprintln!(
        "khabar: wrote {} {what} in {} row group(s), {} file(s) under {} ({:.1} s)",
        s.rows,
        s.row_groups,
        s.files.len(),
        out.display(),
        t0.elapsed().as_secs_f64()
    );
}

/// `khabar events FILES --format parquet --out …`
pub fn events(input: &InputArgs, p: &ParquetArgs) -> Result<ExitCode> {
    let t0 = Instant::now();
    let mut w = p.writer::<EventBuilder>()?;
    let by_month = p.partition_by.is_some();
    let stats = for_each_analysis(input, Depth::Entities, &mut |a| {
        for e in &events_of(a) {
            let r = event_record(a, e);
            let month = if by_month { event_month(&r) } else { None };
            w.append(month.as_deref(), &r)?;
        }
        Ok(())
    })?;
    let s = w.finish()?;
    report(&s, "events", p.out.as_deref().unwrap_or(Path::new("")), t0);
    Ok(finish(&stats))
}

/// `khabar events --db DB --format parquet --out …` (the filters and --limit apply as for the
/// other formats).
pub fn events_from_db(db: &Path, f: &EventFilter, p: &ParquetArgs) -> Result<ExitCode> {
    let t0 = Instant::now();
    let mut w = p.writer::<EventBuilder>()?;
    let store = open_read_only(db)?;
    let by_month = p.partition_by.is_some();
    for e in &store.events(f)? {
        let r = khabar::columnar::stored_event_record(e);
        let month = if by_month { event_month(&r) } else { None };
        w.append(month.as_deref(), &r)?;
    }
    let s = w.finish()?;
    report(&s, "events", p.out.as_deref().unwrap_or(Path::new("")), t0);
    Ok(ExitCode::SUCCESS)
}

/// `khabar analyze FILES --format parquet --out …`: articles with their entities.
pub fn analyze(input: &InputArgs, p: &ParquetArgs) -> Result<ExitCode> {
    let t0 = Instant::now();
    let mut w = p.writer::<ArticleBuilder>()?;
    let by_month = p.partition_by.is_some();
    let stats = for_each_analysis(input, Depth::Entities, &mut |a| {
        let ids = entity_ids(a);
        let r = article_record(a, &ids);
        let month = r.published.and_then(|d| d.get(..7)).filter(|_| by_month);
        w.append(month, &r)?;
        Ok(())
    })?;
    let s = w.finish()?;
    report(
        &s,
        "articles",
        p.out.as_deref().unwrap_or(Path::new("")),
        t0,
    );
    Ok(finish(&stats))
}
