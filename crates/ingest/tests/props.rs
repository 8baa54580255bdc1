//! Any bytes through every reader, plain or compressed, under any name:
//! no panic, and every diagnostic carries a location in the input.

use khabar_ingest::{read_input, Input, Item, Options};
use proptest::prelude::*;
use std::path::PathBuf;

/// Pieces that steer the bytes into the readers' branches: WARC heads and
/// headers, JSON fragments, newlines, long runs.
fn piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b"WARC/1.0\r\n".to_vec()),
        Just(b"WARC-Type: response\r\n".to_vec()),
        Just(b"WARC-Type: request\r\n".to_vec()),
        (0u64..400).prop_map(|n| format!("Content-Length: {n}\r\n").into_bytes()),
        Just(b"Content-Length: 99999999999999999999\r\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>".to_vec()),
        Just(b"{\"text\":\"".to_vec()),
        Just(b"\"}".to_vec()),
        Just("نص عربي ".as_bytes().to_vec()),
        (0usize..3000).prop_map(|n| vec![b'x'; n]),
        proptest::collection::vec(any::<u8>(), 0..64),
    ]
}

fn input(name: &str, bytes: &[u8]) -> Input {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "khabar-ingest-props-{:?}",
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    Input::File {
        size: bytes.len() as u64,
        path,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn readers_never_panic_and_always_locate(
        pieces in proptest::collection::vec(piece(), 0..24),
        how in 0usize..3,
    ) {
        let plain: Vec<u8> = pieces.concat();
        let (bytes, suffix) = match how {
            0 => (plain, ""),
            1 => (zstd::encode_all(&plain[..], 1).unwrap(), ".zst"),
            _ => {
                use std::io::Write;
                let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                e.write_all(&plain).unwrap();
                (e.finish().unwrap(), ".gz")
            }
        };
        let opts = Options { max_bytes: 500, ..Options::default() };
        for ext in ["warc", "jsonl", "txt", "html"] {
            let name = format!("p.{ext}{suffix}");
            let inp = input(&name, &bytes);
            let mut out = Vec::new();
            let r = read_input(&inp, &opts, Default::default(), &mut |i| out.push(i));
            prop_assert!(r.is_ok(), "{name}: {r:?}");
            for i in out {
                if let Item::Skipped(d) = i {
                    prop_assert!(d.location.starts_with(&inp.name()), "{d}");
                }
            }
        }
    }
}
