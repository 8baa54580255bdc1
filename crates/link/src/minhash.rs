//! MinHash signatures over word shingles.
//!
//! Written here rather than taken from a crate: the whole algorithm is a
//! dozen lines, and the signatures must be *stable* (same values on every
//! run, platform and dependency version) so they can be stored and compared
//! later. The MinHash crates on crates.io either hash with `std`'s
//! `DefaultHasher`/`ahash` (explicitly not stable), or bring a generic
//! LSH framework with threads and float vectors that this does not need.
//!
//! Scheme: each word is hashed with 64-bit FNV-1a finished by the murmur3
//! `fmix64` mixer; a shingle (`k` consecutive content words) hashes by
//! folding its word hashes; permutation `i` maps a shingle hash `h` to
//! `fmix64(h ^ s_i)`, where `s_i` comes from a splitmix64 stream started at
//! the seed. `fmix64` and xor are bijections on `u64`, so each is a
//! (pseudo-random) permutation, and the signature holds the minimum of each
//! over the shingle set. `P[sig_a[i] == sig_b[i]] = J(A, B)`.

/// A signature slot of a document with no words.
pub const EMPTY_SLOT: u64 = u64::MAX;

/// The murmur3 64-bit finalizer: a bijection with full avalanche.
#[inline]
pub(crate) fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^= k >> 33;
    k
}

/// One step of the splitmix64 generator.
#[inline]
pub(crate) fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Stable 64-bit hash of a string (FNV-1a, then `fmix64`).
#[inline]
pub(crate) fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    fmix64(h)
}

/// MinHash over `shingle`-word shingles with `num_perm` permutations.
#[derive(Debug, Clone)]
pub struct MinHasher {
    shingle: usize,
    seeds: Vec<u64>,
}

impl Default for MinHasher {
    /// 128 permutations, 3-word shingles, seed 0x6b68_6162_6172 ("khabar").
    fn default() -> Self {
        MinHasher::new(128, 3, 0x6b68_6162_6172)
    }
}

impl MinHasher {
    /// `num_perm` and `shingle` are raised to at least 1.
    pub fn new(num_perm: usize, shingle: usize, seed: u64) -> Self {
        let mut state = seed;
        let seeds = (0..num_perm.max(1))
            .map(|_| splitmix64(&mut state))
            .collect();
        MinHasher {
            shingle: shingle.max(1),
            seeds,
        }
    }

    pub fn num_perm(&self) -> usize {
        self.seeds.len()
    }

    pub fn shingle(&self) -> usize {
        self.shingle
    }

    /// The signature of a word sequence (usually [`crate::content_words`]).
    /// A text shorter than one shingle is one shingle of all its words; a
    /// text with no words gets all slots [`EMPTY_SLOT`] (see
    /// [`MinHasher::is_empty_signature`]). Equal inputs give equal
    /// signatures, always.
    pub fn signature<S: AsRef<str>>(&self, words: &[S]) -> Vec<u64> {
        let mut sig = vec![EMPTY_SLOT; self.seeds.len()];
        if words.is_empty() {
            return sig;
        }
        let hashes: Vec<u64> = words.iter().map(|w| hash_str(w.as_ref())).collect();
        let k = self.shingle.min(hashes.len());
        let mut shingles: Vec<u64> = hashes
            .windows(k)
            .map(|win| {
                win.iter().fold(0x2545_f491_4f6c_dd1d_u64, |acc, &h| {
                    fmix64(acc.rotate_left(23) ^ h)
                })
            })
            .collect();
        shingles.sort_unstable();
        shingles.dedup();
        for (slot, &s) in sig.iter_mut().zip(&self.seeds) {
            let mut m = EMPTY_SLOT;
            for &h in &shingles {
                let v = fmix64(h ^ s);
                if v < m {
                    m = v;
                }
            }
            *slot = m;
        }
        sig
    }

    /// Whether `sig` is the signature of a text with no words.
    pub fn is_empty_signature(sig: &[u64]) -> bool {
        sig.iter().all(|&v| v == EMPTY_SLOT)
    }
}

/// The estimated Jaccard similarity of the shingle sets behind two
/// signatures: the share of equal slots over the shorter length (0 when
/// either is empty).
pub fn jaccard_estimate(a: &[u64], b: &[u64]) -> f64 {
    let n = a.len().min(b.len());
    if n == 0 {
        return 0.0;
    }
    let eq = a.iter().zip(b).filter(|(x, y)| x == y).count();
    eq as f64 / n as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    fn random_doc(rng: &mut u64, n: usize) -> Vec<String> {
        (0..n)
            .map(|_| format!("w{}", splitmix64(rng) % 5000))
            .collect()
    }

    #[test]
    fn identical_is_one_disjoint_is_near_zero() {
        let mh = MinHasher::default();
        let mut rng = 7;
        let a = random_doc(&mut rng, 300);
        let b = random_doc(&mut rng, 300);
        assert_eq!(jaccard_estimate(&mh.signature(&a), &mh.signature(&a)), 1.0);
        let j = jaccard_estimate(&mh.signature(&a), &mh.signature(&b));
        assert!(j < 0.05, "{j}");
    }

    #[test]
    fn estimate_tracks_true_jaccard() {
        let mh = MinHasher::new(256, 1, 3);
        // A = 0..100, B = 50..150: J = 50 / 150
        let a: Vec<String> = (0..100).map(|i| format!("x{i}")).collect();
        let b: Vec<String> = (50..150).map(|i| format!("x{i}")).collect();
        let j = jaccard_estimate(&mh.signature(&a), &mh.signature(&b));
        assert!((j - 1.0 / 3.0).abs() < 0.1, "{j}");
    }

    #[test]
    fn short_and_empty() {
        let mh = MinHasher::default();
        let s = mh.signature(&words("قصير جدا"));
        assert!(!MinHasher::is_empty_signature(&s));
        assert_eq!(s, mh.signature(&words("قصير جدا")));
        let e = mh.signature::<String>(&[]);
        assert!(MinHasher::is_empty_signature(&e));
        assert_eq!(jaccard_estimate(&[], &s), 0.0);
    }

    #[test]
    fn stable_values() {
        // Signatures are meant to be stored: these values must never change.
        let mh = MinHasher::new(4, 3, 42);
        let s = mh.signature(&words("a b c d"));
        assert_eq!(
            s,
            [
                594_024_027_913_651_782,
                13_828_928_859_259_169_384,
                10_555_367_471_378_420_743,
                1_606_734_525_148_545_022
            ]
        );
        assert_eq!(hash_str(""), fmix64(0xcbf2_9ce4_8422_2325));
    }

    #[test]
    fn seed_changes_signature() {
        let a = words("a b c d e f");
        assert_ne!(
            MinHasher::new(8, 3, 1).signature(&a),
            MinHasher::new(8, 3, 2).signature(&a)
        );
    }
}
