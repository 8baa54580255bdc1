//! The compile step for lexicons: every data file must open with a `# source:` line and a
//! `# columns:` line, and every row must have that many columns (`src/check.rs`, which the
//! run-time loader applies to users' tables too). A malformed file fails the build, not a user's run.

#[path = "src/check.rs"]
mod check;

use std::path::Path;

#[path = "src/files.rs"]
mod files;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/lexicon");
    println!("cargo:rerun-if-changed={}", dir.display());
    for f in files::FILES {
        let p = dir.join(f);
        println!("cargo:rerun-if-changed={}", p.display());
        let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        if let Err((line, message)) = check::check_format(&text) {
            panic!("{}:{line}: {message}", p.display());
        }
    }
}
