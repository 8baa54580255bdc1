//! Texts in (one JSON string per line on stdin), their words' stems out, one sentence per line:
//! the corpus `tools/build_clusters.py` learns word clusters from (see data/models/README.md).
use std::io::{BufRead, Write};

fn main() {
    let ex = khabar_extract::Extractor::default();
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout());
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        let Ok(text) = serde_json::from_str::<String>(&line) else {
            continue;
        };
        let toks = ex.segmenter().tokenize(&text);
        let sents = khabar_text::sentences::split(&text);
        let ws = khabar_extract::words(&toks);
        for sw in khabar_extract::learned::candidates::sentence_words(&ws, &sents) {
            let stems: Vec<&str> = ws[sw]
                .iter()
                .filter(|w| !w.is_punct())
                .map(|w| if w.is_number() { "0" } else { w.stem.as_str() })
                .collect();
            if !stems.is_empty() {
                let _ = writeln!(out, "{}", stems.join(" "));
            }
        }
    }
}
