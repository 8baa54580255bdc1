//! `khabar ingest`, `search`, `timeline`, and `events --db`: the embedded store.

use super::write_line;
use anyhow::{Context, Result};
use khabar_store::{EventFilter, Store};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// The errors that already name the file are passed on as they are (one
/// line); the others say which file they came from.
pub(crate) fn opened(db: &Path, r: khabar_store::Result<Store>) -> Result<Store> {
    use khabar_store::StoreError as E;
    r.map_err(|e| match e {
        E::Missing { .. } | E::Foreign { .. } | E::TooOld { .. } => anyhow::Error::new(e),
        e => anyhow::Error::new(e).context(format!("opening {}", db.display())),
    })
}

/// Every command that only reads: the file must exist and be a khabar store.
pub fn open_read_only(db: &Path) -> Result<Store> {
    opened(db, Store::open_read_only(db))
}

pub fn search(db: &Path, query: &str, json: bool, limit: usize) -> Result<ExitCode> {
    let store = open_read_only(db)?;
    let an = crate::cmd::analyzer();
    let seg = an.segmenter();
    let terms = khabar::store::query_terms(seg, query);
    let hits = store.search(&terms, limit, 0)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for h in &hits {
        let snip = khabar::store::snippet(seg, &h.text, &terms, 60);
        let title = khabar::store::shown_title(h.title.clone());
        if json {
            // a struct keeps the documented field order
            #[derive(serde::Serialize)]
            struct Hit<'a> {
                doc_id: &'a str,
                title: Option<&'a str>,
                score: f64,
                snippet: &'a str,
            }
            let v = Hit {
                doc_id: &h.doc_id,
                title: title.as_deref(),
                score: (h.score * 1000.0).round() / 1000.0,
                snippet: &snip,
            };
            write_line(&mut out, &serde_json::to_string(&v)?)?;
        } else {
            write_line(
                &mut out,
                &format!(
                    "{:.2}  {}  {}\n      {}",
                    h.score,
                    h.doc_id,
                    title.as_deref().unwrap_or(""),
                    snip
                ),
            )?;
        }
    }
    out.flush()?;
    if !json {
        eprintln!(
            "khabar: {} hits for {:?} (search forms: {})",
            hits.len(),
            query,
            terms.join(" ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn timeline(
    db: &Path,
    source: &str,
    target: &str,
    by: &str,
    svg: Option<&Path>,
) -> Result<ExitCode> {
    let store = open_read_only(db)?;
    let f = EventFilter {
        source: Some(source.to_string()),
        target: Some(target.to_string()),
        ..Default::default()
    };
    let rows = store.timeline(&f, by)?;
    println!(
        "{:<10} {:>6} {:>9} {:>7}  q1 q2 q3 q4",
        by, "events", "goldstein", "mean"
    );
    for r in &rows {
        println!(
            "{:<10} {:>6} {:>9.1} {:>7.2}  {} {} {} {}",
            r.period,
            r.events,
            r.goldstein_sum,
            r.goldstein_mean,
            r.quad1,
            r.quad2,
            r.quad3,
            r.quad4
        );
    }
    if let Some(p) = svg {
        let title = format!("{source} → {target}: events per {by} by QuadClass, mean Goldstein");
        std::fs::write(p, khabar::chart::timeline_svg(&title, &rows, None))
            .with_context(|| format!("writing {}", p.display()))?;
        eprintln!("khabar: wrote {}", p.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Streams every matching row (or `f.limit` of them) from the store: nothing is held in memory.
pub fn events_from_db(db: &Path, f: &EventFilter, format: &str) -> Result<ExitCode> {
    let store = open_read_only(db)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    if format == "csv" {
        write_line(&mut out, khabar::export::CSV_HEADER)?;
    }
    let mut id = f.offset as u64;
    let reports = khabar::mentions::Reports::load(&store, None)?;
    let next = store.for_each_event_paged(f, |mut e| -> Result<()> {
        id += 1;
        e.mentions = Some(reports.of(&e));
        e.title = khabar::store::shown_title(e.title.take());
        let line = match format {
            "csv" => khabar::export::csv_row(&e),
            "gdelt" => khabar::export::gdelt_row(&e, id),
            _ => serde_json::to_string(&e)?,
        };
        write_line(&mut out, &line)
    })?;
    if let Some(c) = next {
        eprintln!("khabar: more rows follow: the next page is --cursor {c}");
    }
    match out.flush() {
        // a closed pipe (`| head`) ends the run quietly
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        r => r.map(|_| ExitCode::SUCCESS).map_err(Into::into),
    }
}
