#![no_main]
//! ingest: any bytes as a .jsonl / .txt / .html / .warc input, or named as compressed, never panic.
//! The bytes are read in memory under each name (`read_bytes`, the same checks and readers as a
//! file on disk), so an execution costs no file writes.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for ext in ["jsonl", "txt", "html", "warc", "jsonl.gz", "warc.zst"] {
        let name = std::path::PathBuf::from(format!("fuzz-in.{ext}"));
        let opts = khabar_ingest::Options::default();
        let _ = khabar_ingest::read_bytes(&name, data, &opts, &mut |_| {});
    }
});
