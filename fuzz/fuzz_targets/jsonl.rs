#![no_main]
//! ingest: any bytes as a .jsonl / .txt / .html / .warc input, or named as compressed, never panic.
use libfuzzer_sys::fuzz_target;
use std::io::Write;

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("khabar-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    for ext in ["jsonl", "txt", "html", "warc", "jsonl.gz", "warc.zst"] {
        let p = dir.join(format!("in.{ext}"));
        if let Ok(mut f) = std::fs::File::create(&p) {
            let _ = f.write_all(data);
        }
        let input = khabar_ingest::Input::File { path: p, size: data.len() as u64 };
        let opts = khabar_ingest::Options::default();
        let _ = khabar_ingest::read_input(&input, &opts, Default::default(), &mut |_| {});
    }
});
