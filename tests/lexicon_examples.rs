//! Every example of events.tsv, deeds.tsv, roles.tsv, orgs.tsv and people.tsv, and every name of
//! places.tsv in a sentence of ours, coded through the whole engine: the row's code must come out.
//! Rows whose example does not yield it yet are listed in `data/lexicon/known_failures.tsv` with
//! the reason; the test fails when an unlisted row fails (fix it or list it) and when a listed row
//! passes or no longer exists (take it off the list), so the list only shrinks.

use khabar::lexicon_examples::{code, examples};
use khabar::pipeline::Analyzer;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

const KNOWN: &str = include_str!("../data/lexicon/known_failures.tsv");

#[test]
fn every_example_yields_its_rows_code_or_is_a_known_failure() {
    // the rules as shipped, whatever the environment asks for
    let an = Analyzer::rules_only();
    let lx = an.extractor().lx.clone();
    let rows = examples(&lx);
    let coded: Vec<_> = rows.par_iter().map(|e| code(&an, e)).collect();
    let known: BTreeSet<(String, String)> = KNOWN
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (
                f[0].to_string(),
                f.get(1).copied().unwrap_or("").to_string(),
            )
        })
        .collect();
    let mut tally: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let (mut unlisted, mut fixed) = (Vec::new(), Vec::new());
    let mut seen = BTreeSet::new();
    for (e, o) in rows.iter().zip(&coded) {
        let t = tally.entry(e.table).or_default();
        t.0 += usize::from(o.pass);
        t.1 += 1;
        let key = (e.table.to_string(), e.key.clone());
        let listed = known.contains(&key);
        seen.insert(key);
        match (o.pass, listed) {
            (false, false) => unlisted.push(format!(
                "{}\t{}\t{}  ({} «{}»)",
                e.table, e.key, o.yields, e.at, e.text
            )),
            (true, true) => fixed.push(format!("{}\t{}", e.table, e.key)),
            _ => {}
        }
    }
    let gone: Vec<String> = known
        .difference(&seen)
        .map(|(t, k)| format!("{t}\t{k}"))
        .collect();
    for (table, (pass, n)) in &tally {
        eprintln!(
            "{table}: {pass}/{n} examples yield their row's code ({:.1}%)",
            100.0 * *pass as f64 / (*n).max(1) as f64
        );
    }
    assert!(
        unlisted.is_empty() && fixed.is_empty() && gone.is_empty(),
        "examples that fail and are not in data/lexicon/known_failures.tsv (fix the row or list it \
         with a reason):\n{}\n\nlisted rows that pass now (take them off the list):\n{}\n\nlisted \
         rows that no longer exist (take them off the list):\n{}",
        unlisted.join("\n"),
        fixed.join("\n"),
        gone.join("\n")
    );
}
