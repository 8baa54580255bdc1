//! The weight table: open addressing over the feature hashes.

use super::NT;
use rustc_hash::FxHashMap;

/// One weight row, padded to 8 lanes (the last one zero) so a sum is two vector
/// adds, and aligned so a row is never split across cache lines.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
#[repr(align(32))]
pub(super) struct Row(pub(super) [f32; 8]);

/// The weights for tagging: open addressing over the feature hashes (keys are
/// hashes already), built from the map once. The keys are probed in their own
/// small array; a row is read only on a hit.
#[derive(Debug, Default, Clone)]
pub(super) struct Table {
    /// feature hash per slot; 0 marks an empty slot
    pub(super) keys: Vec<u64>,
    /// the weights of slot `i` at `rows[i]`; the feature hashed 0 (if any) at the end
    pub(super) rows: Vec<Row>,
    /// the row of the feature hashed 0
    pub(super) zero: Option<u32>,
    pub(super) shift: u32,
}

impl Table {
    pub(super) fn build(w: &FxHashMap<u64, [f32; NT]>) -> Table {
        if w.is_empty() {
            return Table::default();
        }
        // at most two thirds full: a probe stays within a cache line or two of keys
        let bits = (w.len() * 3 / 2 + 1)
            .next_power_of_two()
            .trailing_zeros()
            .max(4);
        let n = 1usize << bits;
        let mut t = Table {
            keys: vec![0; n],
            rows: vec![Row::default(); n],
            zero: None,
            shift: 64 - bits,
        };
        let mask = n - 1;
        for (&k, v) in w {
            let mut row = Row::default();
            row.0[..NT].copy_from_slice(v);
            if k == 0 {
                t.zero = Some(t.rows.len() as u32);
                t.rows.push(row);
                continue;
            }
            let mut i = t.slot(k);
            while t.keys[i] != 0 {
                i = (i + 1) & mask;
            }
            t.keys[i] = k;
            t.rows[i] = row;
        }
        t
    }

    #[inline(always)]
    pub(super) fn slot(&self, k: u64) -> usize {
        (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// The row (index into `rows`) of feature `k`.
    #[inline]
    pub(super) fn find(&self, k: u64) -> Option<u32> {
        if k == 0 {
            return self.zero;
        }
        if self.keys.is_empty() {
            return None;
        }
        let mask = self.keys.len() - 1;
        let mut i = self.slot(k);
        loop {
            let key = self.keys[i];
            if key == k {
                return Some(i as u32);
            }
            if key == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    #[cfg(test)]
    pub(super) fn get(&self, k: u64) -> Option<&[f32; 8]> {
        self.find(k)
            .and_then(|v| self.rows.get(v as usize))
            .map(|r| &r.0)
    }
}
