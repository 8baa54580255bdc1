//! Prints the words (matching forms, proclitics, stems) of a text: a debugging aid.
//! `cargo run -p khabar-extract --example words -- "نص"`
fn main() {
    let text = std::env::args().nth(1).unwrap_or_default();
    let ex = khabar_extract::Extractor::default();
    let toks = ex.segmenter().tokenize(&text);
    for w in khabar_extract::words(&toks) {
        println!(
            "{:<12} core={:<12} bare={:<10} stem={:<10} procl={:<3} {:?}",
            &text[w.word_start..w.end],
            w.core,
            w.bare,
            w.stem,
            w.proclitics,
            w.kind
        );
    }
}
