//! The root model's weights per sentence feature, kept per thread across texts.
//!
//! A sentence feature weighs in once per root: 20 lookups of `features::conj(h, r)` in a map of
//! ~160k weights, most of them cache misses (perf: `root_probs` was 16 % of the hybrid coder's
//! time, mostly waiting on those loads). Texts share most of their words, so each thread keeps the
//! 20 weights of every feature it has looked up: one lookup where there were twenty. The figures
//! are the model's own (`Scorer::weight`), so the sums are the same to the bit.

use super::{features, ROOTS};
use crate::scorer::Scorer;
use rustc_hash::FxHashMap;
use std::cell::RefCell;

const N: usize = ROOTS.len();

/// Features kept per thread before the cache starts over: ~8 MB of index, the corpus's frequent
/// words stay, and memory stays bounded whatever the input.
const CAP: usize = 1 << 18;

struct Rows {
    /// the `Scorer::id` of the weights cached (0: none yet)
    scorer: u64,
    /// feature → index into `rows`
    index: FxHashMap<u64, u32>,
    /// distinct weight rows; row 0 is all zeros, shared by the many features the model lacks
    rows: Vec<[f32; N]>,
}

impl Rows {
    fn reset(&mut self, scorer: u64) {
        self.scorer = scorer;
        self.index.clear();
        self.rows.clear();
        self.rows.push([0.0; N]);
    }

    fn row(&mut self, m: &Scorer, h: u64) -> &[f32; N] {
        if let Some(&i) = self.index.get(&h) {
            return &self.rows[i as usize];
        }
        if self.index.len() >= CAP {
            self.reset(self.scorer);
        }
        let w: [f32; N] = std::array::from_fn(|r| m.weight(features::conj(h, r)));
        // only true zeros share the zero row (a stored -0.0 keeps its sign)
        let i = if w.iter().all(|x| x.to_bits() == 0) {
            0
        } else {
            self.rows.push(w);
            self.rows.len() - 1
        };
        self.index.insert(h, i as u32);
        &self.rows[i]
    }
}

thread_local! {
    static ROWS: RefCell<Rows> = RefCell::new(Rows {
        scorer: 0,
        index: FxHashMap::default(),
        rows: vec![[0.0; N]],
    });
}

/// The sum over `feats` of each root's weight (in feature order, starting at -0.0 as f32's `Sum`
/// does), from `m`, the root model.
pub fn root_sums(m: &Scorer, feats: &[u64]) -> [f32; N] {
    let mut z = [-0.0f32; N];
    ROWS.with(|c| {
        let mut c = c.borrow_mut();
        if c.scorer != m.id() || m.id() == 0 {
            c.reset(m.id());
        }
        for &h in feats {
            for (z, w) in z.iter_mut().zip(c.row(m, h)) {
                *z += w;
            }
        }
    });
    z
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_the_model_weights() {
        let m = super::super::Model::from_text(crate::shipped_coder());
        let feats: Vec<u64> = ["غاره", "قصف", "زياره", "no-such-word"]
            .iter()
            .map(|w| features::bow_hash(w))
            .collect();
        // twice: the second pass reads the cache
        for _ in 0..2 {
            let z = root_sums(&m.roots, &feats);
            for r in 0..N {
                let want: f32 = feats
                    .iter()
                    .map(|&h| m.roots.weight(features::conj(h, r)))
                    .sum();
                assert_eq!(z[r].to_bits(), want.to_bits(), "root {}", ROOTS[r]);
            }
        }
        // another model's weights are never served from this one's cache
        let empty = Scorer::from_text("");
        assert!(root_sums(&empty, &feats).iter().all(|z| *z == 0.0));
    }
}
