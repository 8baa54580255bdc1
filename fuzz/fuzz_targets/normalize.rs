#![no_main]
//! normalize: no panic, and folding is idempotent.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let once = khabar_text::fold(&s);
    assert_eq!(khabar_text::fold(&once), once);
});
