//! The compile step for lexicons: every data file must open with a
//! `# source:` line and a `# columns:` line, and every row must have exactly
//! that many columns. A malformed file fails the build, not a user's run.

use std::path::Path;

const FILES: &[&str] = &[
    "countries.tsv",
    "places.tsv",
    "regions.tsv",
    "calendar.tsv",
    "roles.tsv",
    "orgs.tsv",
    "people.tsv",
    "cameo.tsv",
    "events.tsv",
    "cues.tsv",
    "names.tsv",
    "stopwords.tsv",
    "deeds.tsv",
    "geo_places.tsv",
    "geo_adm1.tsv",
    "geo_countries.tsv",
];

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/lexicon");
    println!("cargo:rerun-if-changed={}", dir.display());
    for f in FILES {
        let p = dir.join(f);
        println!("cargo:rerun-if-changed={}", p.display());
        let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let mut lines = text.lines();
        let first = lines.next().unwrap_or_default();
        assert!(
            first.starts_with("# source:"),
            "{}: first line must be `# source: …`",
            p.display()
        );
        let second = lines.next().unwrap_or_default();
        let cols = second
            .strip_prefix("# columns:")
            .unwrap_or_else(|| panic!("{}: second line must be `# columns: …`", p.display()));
        let n = cols.trim().split('\t').count();
        for (i, line) in text.lines().enumerate().skip(2) {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let got = line.split('\t').count();
            assert!(
                got <= n && got + 2 >= n,
                "{}:{}: {got} columns, expected {n}",
                p.display(),
                i + 1
            );
        }
    }
}
