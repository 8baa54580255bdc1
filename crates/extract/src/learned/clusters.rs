//! Word clusters: each frequent stem's class at three granularities (64, 256, 1024), learned
//! without labels from the annotation pool's 8.7M words (word2vec + k-means,
//! `tools/build_clusters.py`). The models see a word's clusters beside the word itself, so a
//! weight learned for «قصف» also speaks for «دك» and «استهدف» when they share a class: the
//! hand-coded articles are ~6k, the words that report events far more.

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// The classes of one stem at each granularity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Classes {
    pub c64: u16,
    pub c256: u16,
    pub c1024: u16,
}

#[derive(Debug, Default)]
pub struct Clusters {
    map: FxHashMap<String, Classes>,
}

impl Clusters {
    /// `stem<TAB>c64<TAB>c256<TAB>c1024` lines; `#` lines are comments. A malformed line is
    /// skipped (the table is built by our tool and checked by a test).
    pub fn from_text(text: &str) -> Clusters {
        let mut map = FxHashMap::default();
        for line in text.lines() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let mut f = line.split('\t');
            let (Some(w), Some(a), Some(b), Some(c)) = (f.next(), f.next(), f.next(), f.next())
            else {
                continue;
            };
            if let (Ok(c64), Ok(c256), Ok(c1024)) = (a.parse(), b.parse(), c.parse()) {
                map.insert(w.to_string(), Classes { c64, c256, c1024 });
            }
        }
        Clusters { map }
    }

    pub fn get(&self, stem: &str) -> Option<Classes> {
        self.map.get(stem).copied()
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// The shipped table (`data/models/clusters.txt.zst`), unpacked once per process.
pub fn shipped() -> &'static Clusters {
    static C: OnceLock<Clusters> = OnceLock::new();
    C.get_or_init(|| {
        let packed: &[u8] = include_bytes!("../../../../data/models/clusters.txt.zst");
        // built into the binary and checked by the tests: a damaged copy is a build error
        let bytes = zstd::decode_all(packed).expect("data/models/clusters.txt.zst unpacks");
        Clusters::from_text(std::str::from_utf8(&bytes).expect("clusters are UTF-8"))
    })
}

/// Class names for features: "-" for a stem outside the table.
pub fn names(c: Option<Classes>) -> [String; 3] {
    match c {
        Some(c) => [c.c64.to_string(), c.c256.to_string(), c.c1024.to_string()],
        None => ["-".into(), "-".into(), "-".into()],
    }
}
