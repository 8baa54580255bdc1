//! Hostile inputs: compressed bombs must cost bounded memory (measured by a
//! counting allocator, not by time), be reported with their location and
//! leave the next record readable; content that contradicts its file name
//! is an input error. One test function, because the allocator's peak is
//! process-wide and tests run in parallel threads.

use khabar_ingest::{read_input, DiagKind, Input, Item, Options};
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;
static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = System.alloc(l);
        if !p.is_null() {
            let now = NOW.fetch_add(l.size(), Ordering::Relaxed) + l.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        NOW.fetch_sub(l.size(), Ordering::Relaxed);
        System.dealloc(p, l)
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = System.realloc(p, l, new);
        if !q.is_null() {
            if new > l.size() {
                let now = NOW.fetch_add(new - l.size(), Ordering::Relaxed) + new - l.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                NOW.fetch_sub(l.size() - new, Ordering::Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static A: Counting = Counting;

/// Bytes of the bomb payloads: far over the limit and over the allowed peak.
const BOMB: usize = 48 << 20;
/// Allowed growth of the heap while reading one input.
const PEAK_LIMIT: usize = 8 << 20;

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn gz_zeros(n: usize) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..n / chunk.len() {
        e.write_all(&chunk).unwrap();
    }
    e.finish().unwrap()
}

fn file(name: &str, bytes: &[u8]) -> Input {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("khabar-ingest-hostile");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    Input::File {
        size: bytes.len() as u64,
        path,
    }
}

/// Reads one input with `--max-bytes 100000`; returns what came out as
/// `location kind` lines (articles as `location article`) and the peak heap
/// growth while reading.
fn read(input: &Input) -> (Vec<String>, usize) {
    let opts = Options {
        max_bytes: 100_000,
        ..Options::default()
    };
    let mut out = Vec::new();
    let base = NOW.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    read_input(input, &opts, Default::default(), &mut |i| {
        out.push(match i {
            Item::Article(a) => format!("{} article", a.origin),
            Item::Skipped(d) => format!("{} {} {}", d.location, d.kind.as_str(), d.message),
        })
    })
    .unwrap();
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(base);
    (out, peak)
}

fn warc_head(len: usize) -> Vec<u8> {
    format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x/\r\n\
         WARC-Date: 2020-01-01T00:00:00Z\r\nContent-Length: {len}\r\n\r\n"
    )
    .into_bytes()
}

#[test]
fn bombs_are_bounded_located_and_skipped() {
    let dir = env!("CARGO_TARGET_TMPDIR");
    let good = "{\"id\":\"g\",\"text\":\"نص قصير\"}\n";
    // three gzip members: a good line, a bomb line without newline, then
    // the newline and another good line
    let mut multi = gz(good.as_bytes());
    multi.extend(gz_zeros(BOMB));
    multi.extend(gz(format!("\n{good}").as_bytes()));
    let (out, peak) = read(&file("multi.jsonl.gz", &multi));
    let at = good.len();
    assert_eq!(out.len(), 3, "{out:?}");
    assert!(out[0].ends_with("multi.jsonl.gz:1 article"), "{out:?}");
    assert!(
        out[1].contains(&format!(
            "multi.jsonl.gz:2 too_large line at byte {at} of the stream has {} bytes",
            BOMB + 1
        )),
        "{out:?}"
    );
    assert!(out[2].ends_with("multi.jsonl.gz:3 article"), "{out:?}");
    assert!(peak < PEAK_LIMIT, "jsonl.gz peak {peak} bytes ({dir})");

    let zeros = vec![0u8; BOMB];
    let zst = zstd::encode_all(&zeros[..], 1).unwrap();
    let (out, peak) = read(&file("b.jsonl.zst", &zst));
    assert_eq!(out.len(), 1, "{out:?}");
    assert!(out[0].contains("b.jsonl.zst:1 too_large"), "{out:?}");
    assert!(peak < PEAK_LIMIT, "jsonl.zst peak {peak} bytes");

    // plain text and HTML readers stop at their limit too
    for name in ["b.txt.zst", "b.html.zst"] {
        let (out, peak) = read(&file(name, &zst));
        assert!(out.len() == 1 && out[0].contains(" too_large "), "{out:?}");
        assert!(peak < PEAK_LIMIT, "{name} peak {peak} bytes");
    }

    // a WARC response far over the limit, then a good record after it
    let mut w = warc_head(BOMB);
    w.extend_from_slice(&zeros);
    w.extend_from_slice(b"\r\n\r\n");
    w.extend(warc_head(0));
    w.extend_from_slice(b"\r\n\r\n");
    let (out, peak) = read(&file("b.warc.zst", &zstd::encode_all(&w[..], 1).unwrap()));
    assert_eq!(out.len(), 1, "{out:?}");
    assert!(
        out[0].contains("b.warc.zst#1 too_large record at byte 0: Content-Length"),
        "{out:?}"
    );
    assert!(peak < PEAK_LIMIT, "warc peak {peak} bytes");

    // zeros named .warc.gz: not WARC, refused before being read
    let (out, peak) = read(&file("z.warc.gz", &gz_zeros(BOMB)));
    assert_eq!(out.len(), 1, "{out:?}");
    assert!(out[0].contains("z.warc.gz:byte 0 wrong_format"), "{out:?}");
    assert!(peak < PEAK_LIMIT, "warc.gz of zeros peak {peak} bytes");
    drop(zeros);
}

/// Item 6 of issue 16: a file whose magic bytes contradict its name is an
/// input error with its location, not an article or "read 0".
#[test]
fn content_contradicting_the_name_is_an_error() {
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let zst = zstd::encode_all(&b"{\"text\":\"x\"}\n"[..], 1).unwrap();
    for (name, bytes, wants) in [
        (
            "x.gz",
            noise.clone(),
            "x.gz:byte 0 wrong_format named as gzip but it is not compressed",
        ),
        (
            "x.zst",
            noise.clone(),
            "x.zst:byte 0 wrong_format named as zstd",
        ),
        (
            "x.jsonl.gz",
            zst.clone(),
            "x.jsonl.gz:byte 0 wrong_format named as gzip but it is zstd",
        ),
        (
            "x.warc",
            noise.clone(),
            "x.warc:byte 0 wrong_format not a WARC file",
        ),
        (
            "x.warc.zst",
            zst.clone(),
            "x.warc.zst:byte 0 wrong_format not a WARC file",
        ),
    ] {
        let mut out = Vec::new();
        read_input(
            &file(name, &bytes),
            &Options::default(),
            Default::default(),
            &mut |i| {
                out.push(match i {
                    Item::Article(a) => format!("article {}", a.origin),
                    Item::Skipped(d) => {
                        assert_eq!(d.kind, DiagKind::WrongFormat);
                        format!("{} {} {}", d.location, d.kind.as_str(), d.message)
                    }
                })
            },
        )
        .unwrap();
        assert!(out.len() == 1 && out[0].contains(wants), "{name}: {out:?}");
    }
    // the name may leave compression out: magic bytes decide then
    let mut out = Vec::new();
    read_input(
        &file("y.jsonl", &zst),
        &Options::default(),
        Default::default(),
        &mut |i| out.push(matches!(i, Item::Article(_))),
    )
    .unwrap();
    assert_eq!(out, [true]);
}
