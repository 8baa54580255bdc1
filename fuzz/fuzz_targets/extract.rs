#![no_main]
//! extract (entities, dates, events): no panic; every span on char boundaries.
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn ex() -> &'static khabar_extract::Extractor {
    static E: OnceLock<khabar_extract::Extractor> = OnceLock::new();
    E.get_or_init(khabar_extract::Extractor::default)
}

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let toks = ex().segmenter().tokenize(&s);
    let sents = khabar_text::sentences::split(&s);
    let x = ex().extract(&s, &toks, &sents, Some("2020-11-08"));
    for e in &x.entities {
        assert!(s.get(e.span.0..e.span.1).is_some());
    }
    for e in &x.events {
        assert!(s.get(e.span.0..e.span.1).is_some());
    }
});
