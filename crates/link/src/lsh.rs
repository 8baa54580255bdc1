//! LSH banding: signatures cut into `bands` bands of `rows` slots; two
//! documents are candidates when some band is equal. With `b` bands of `r`
//! rows, a pair of Jaccard `j` becomes a candidate with probability
//! `1 - (1 - j^r)^b`.
//!
//! Memory: per band a flat list of `(band hash, id)` (12–16 bytes per
//! document per band); buckets are found by sorting one band at a time, so
//! no hash map of buckets is ever built.

use crate::minhash::fmix64;

/// Pairs proposed per member of an oversized bucket (see [`Lsh::with_bucket_cap`]).
pub const DEFAULT_BUCKET_CAP: usize = 200;

/// The banding index.
#[derive(Debug, Clone)]
pub struct Lsh {
    bands: usize,
    rows: usize,
    bucket_cap: usize,
    /// per band: (band hash, id)
    entries: Vec<Vec<(u64, u32)>>,
}

impl Lsh {
    /// `bands` × `rows` slots of each signature are used (both at least 1);
    /// slots beyond are ignored; a signature shorter than a band skips it.
    pub fn new(bands: usize, rows: usize) -> Self {
        let bands = bands.max(1);
        Lsh {
            bands,
            rows: rows.max(1),
            bucket_cap: DEFAULT_BUCKET_CAP,
            entries: vec![Vec::new(); bands],
        }
    }

    /// Bands and rows for `num_perm` slots so that a pair at Jaccard
    /// `threshold` is a candidate with probability ≥ 0.99, with as many
    /// rows per band as that allows (fewest false candidates). For 128
    /// slots: 0.8 → 21 × 6, 0.7 → 25 × 5, 0.5 → 42 × 3.
    pub fn for_threshold(num_perm: usize, threshold: f64) -> Self {
        let (b, r) = Self::params(num_perm, threshold);
        Lsh::new(b, r)
    }

    /// The `(bands, rows)` chosen by [`Lsh::for_threshold`].
    pub fn params(num_perm: usize, threshold: f64) -> (usize, usize) {
        let n = num_perm.max(1);
        let t = if threshold.is_nan() {
            0.0
        } else {
            threshold.clamp(0.0, 1.0)
        };
        let mut best = (n, 1);
        for r in 1..=n {
            let b = n / r;
            let p = 1.0 - (1.0 - t.powi(r as i32)).powi(b as i32);
            if p >= 0.99 {
                best = (b, r);
            }
        }
        best
    }

    /// Caps the pairs proposed from one bucket: in a bucket larger than
    /// `cap + 1` (sorted by id), each member is paired only with the next
    /// `cap` members. Such buckets come from shared boilerplate, not from
    /// copies; the cap keeps candidates linear in the number of documents.
    pub fn with_bucket_cap(mut self, cap: usize) -> Self {
        self.bucket_cap = cap.max(1);
        self
    }

    pub fn bands(&self) -> usize {
        self.bands
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn len(&self) -> usize {
        self.entries.iter().map(Vec::len).max().unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Indexes signature `sig` under `id`.
    pub fn insert(&mut self, id: u32, sig: &[u64]) {
        for (band, list) in self.entries.iter_mut().enumerate() {
            let lo = band * self.rows;
            let hi = lo + self.rows;
            if hi > sig.len() {
                break;
            }
            let h = sig[lo..hi]
                .iter()
                .fold(fmix64(band as u64 + 1), |acc, &v| fmix64(acc ^ v));
            list.push((h, id));
        }
    }

    /// Calls `f(a, b)` (a < b) for every pair sharing a bucket, band by band;
    /// a pair sharing several bands is reported once per band.
    pub fn for_each_candidate<F: FnMut(u32, u32)>(&self, mut f: F) {
        let mut band: Vec<(u64, u32)> = Vec::new();
        for list in &self.entries {
            band.clear();
            band.extend_from_slice(list);
            band.sort_unstable();
            let mut i = 0;
            while i < band.len() {
                let mut j = i + 1;
                while j < band.len() && band[j].0 == band[i].0 {
                    j += 1;
                }
                let bucket = &band[i..j];
                for (k, &(_, a)) in bucket.iter().enumerate() {
                    let end = bucket.len().min(k + 1 + self.bucket_cap);
                    for &(_, b) in &bucket[k + 1..end] {
                        if a != b {
                            f(a.min(b), a.max(b));
                        }
                    }
                }
                i = j;
            }
        }
    }

    /// All candidate pairs `(a, b)`, `a < b`, sorted, each once.
    pub fn candidates(&self) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        self.for_each_candidate(|a, b| out.push((a, b)));
        out.sort_unstable();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::minhash::{splitmix64, MinHasher};

    #[test]
    fn params_for_common_thresholds() {
        assert_eq!(Lsh::params(128, 0.8), (21, 6));
        assert_eq!(Lsh::params(128, 0.5), (42, 3));
        assert_eq!(Lsh::params(128, 0.0), (128, 1));
        assert_eq!(Lsh::params(0, 0.8), (1, 1));
    }

    #[test]
    fn finds_near_duplicate_among_random_docs() {
        let mh = MinHasher::default();
        let mut rng = 11u64;
        let mut docs: Vec<Vec<String>> = (0..200)
            .map(|_| {
                (0..250)
                    .map(|_| format!("w{}", splitmix64(&mut rng) % 3000))
                    .collect()
            })
            .collect();
        // doc 200 = doc 37 with three words changed
        let mut copy = docs[37].clone();
        copy[10] = "edit1".into();
        copy[120] = "edit2".into();
        copy[200] = "edit3".into();
        docs.push(copy);
        let mut lsh = Lsh::for_threshold(mh.num_perm(), 0.8);
        for (i, d) in docs.iter().enumerate() {
            lsh.insert(i as u32, &mh.signature(d));
        }
        let c = lsh.candidates();
        assert!(c.contains(&(37, 200)), "{c:?}");
        assert!(c.len() < 5, "few false candidates: {c:?}");
    }

    #[test]
    fn bucket_cap_bounds_pairs() {
        let mut lsh = Lsh::new(1, 2).with_bucket_cap(3);
        for id in 0..100 {
            lsh.insert(id, &[1, 2]);
        }
        let c = lsh.candidates();
        assert!(c.len() <= 300);
        assert!(c.contains(&(0, 1)) && c.contains(&(98, 99)));
    }
}
