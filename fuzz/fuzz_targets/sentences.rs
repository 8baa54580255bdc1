#![no_main]
//! sentences: no panic; spans are trimmed, ordered, on char boundaries.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let mut last = 0;
    for r in khabar_text::sentences::split(&s) {
        assert!(r.start >= last && r.start < r.end && s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
        last = r.end;
    }
});
