#![no_main]
//! tokens: no panic; spans ordered, non-overlapping, never whitespace.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let toks = khabar_text::Segmenter::builtin().tokenize(&s);
    let mut last = 0;
    for t in &toks.tokens {
        let (a, b) = (t.start as usize, t.end as usize);
        assert!(a >= last && a < b && b <= s.len());
        assert!(!s[a..b].chars().any(char::is_whitespace));
        last = b;
    }
});
