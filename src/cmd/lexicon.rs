//! `khabar lexicon check|export`: users' lexicon directories.

use anyhow::{Context, Result};
use khabar::lexicon_examples::{code, examples};
use khabar::resources::Resources;
use rayon::prelude::*;
use std::path::Path;
use std::process::ExitCode;

/// Loads DIR over the built-in tables, then codes the examples of DIR's rows (or of every row
/// with `all`) with this run's weights and prints one line per row:
/// `file:line<TAB>ok|MISS<TAB>key<TAB>example<TAB>what it yields`, then a count per table.
pub fn check(dir: &Path, all: bool) -> Result<ExitCode> {
    let lx = match khabar_lexicon::Lexicon::load_dir(dir) {
        Ok(lx) => std::sync::Arc::new(lx),
        Err(e) => {
            eprintln!("khabar: error: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let r = Resources {
        lexicon: lx.clone(),
        ..super::resources().clone()
    };
    let an = khabar::pipeline::Analyzer::with(&r);
    let builtin: std::collections::HashSet<&str> =
        khabar_lexicon::table_names().iter().copied().collect();
    // built-in rows are read from a bare file name, a user's from its path
    let rows: Vec<_> = examples(&lx)
        .into_iter()
        .filter(|e| all || !builtin.contains(&*e.at.file))
        .collect();
    let coded: Vec<_> = rows.par_iter().map(|e| code(&an, e)).collect();
    let mut tally: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    for (e, o) in rows.iter().zip(&coded) {
        println!(
            "{}\t{}\t{}\t{}\t{}",
            e.at,
            if o.pass { "ok" } else { "MISS" },
            e.key,
            e.text,
            o.yields
        );
        let t = tally.entry(e.table).or_default();
        t.0 += usize::from(o.pass);
        t.1 += 1;
    }
    for (table, (pass, n)) in &tally {
        eprintln!("khabar: {table}: {pass}/{n} examples yield their row's code");
    }
    if rows.is_empty() {
        eprintln!(
            "khabar: {} loads; no rows of its own with examples",
            dir.display()
        );
    }
    Ok(if coded.iter().all(|o| o.pass) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Writes the built-in tables into `dir`, leaving any table already there untouched.
pub fn export(dir: &Path) -> Result<ExitCode> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut kept = 0;
    for name in khabar_lexicon::table_names() {
        let path = dir.join(name);
        if path.exists() {
            eprintln!("khabar: kept {} (exists)", path.display());
            kept += 1;
            continue;
        }
        let text = khabar_lexicon::builtin_text(name).unwrap_or_default();
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    eprintln!(
        "khabar: wrote {} tables to {}; edit them, or keep only the ones you change",
        khabar_lexicon::table_names().len() - kept,
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
