#![no_main]
//! clean: no panic; every cleaned char maps into the raw text on char boundaries.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let raw = String::from_utf8_lossy(data);
    let c = khabar_text::clean(&raw);
    for (i, ch) in c.text.char_indices() {
        let r = c.map.span_to_raw(i..i + ch.len_utf8());
        assert!(r.end <= raw.len() && raw.is_char_boundary(r.start) && raw.is_char_boundary(r.end));
    }
});
