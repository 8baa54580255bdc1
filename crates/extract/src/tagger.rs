//! A statistical name tagger (averaged perceptron, greedy left-to-right BIO)
//! for the PERSON / LOCATION / ORG mentions that the lexicon rules cannot
//! see: unknown foreign names («انان», «بلير»), teams, newspapers.
//!
//! Features are words in matching form, their neighbours, affixes, lexicon
//! flags and the rule-based tag of the word, hashed with FNV-1a (stable
//! across builds). Weights ship as a data file (`data/models/ner.txt`),
//! trained by `khabar eval ner --train`; no model is downloaded.

use crate::words::Word;
use rustc_hash::FxHashMap;
use std::fmt::Write as _;

pub const TAGS: [&str; 7] = [
    "O",
    "B-PERSON",
    "I-PERSON",
    "B-LOCATION",
    "I-LOCATION",
    "B-ORG",
    "I-ORG",
];
const NT: usize = TAGS.len();

pub fn tag_index(t: &str) -> usize {
    TAGS.iter().position(|x| *x == t).unwrap_or(0)
}

/// Per-word context the tagger sees besides the words.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hints {
    /// the rule-based tag (index into TAGS)
    pub rule: u8,
    pub given: bool,
    pub adjective: bool,
    pub stop: bool,
    pub verb: bool,
}

/// FNV-1a over the parts, each followed by a 0xff separator.
const fn fnv(parts: &[&str]) -> u64 {
    let mut h = Fnv::new();
    let mut i = 0;
    while i < parts.len() {
        h = h.part(parts[i]);
        i += 1;
    }
    h.0
}

/// The running state of [`fnv`], so constant leading parts are hashed once.
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Fnv {
    const fn new() -> Fnv {
        Fnv(0xcbf29ce484222325)
    }
    #[inline(always)]
    const fn part(self, p: &str) -> Fnv {
        let b = p.as_bytes();
        let mut h = self.0;
        let mut i = 0;
        while i < b.len() {
            h ^= b[i] as u64;
            h = h.wrapping_mul(0x100000001b3);
            i += 1;
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x100000001b3);
        Fnv(h)
    }
    #[inline(always)]
    fn hash(self, p: &str) -> u64 {
        self.part(p).0
    }
}

/// Is `b` the first byte of a UTF-8 char (not a continuation byte)?
#[inline(always)]
fn char_start(b: u8) -> bool {
    (b as i8) >= -0x40
}

/// The affixes and length of a word in one pass: (first 2 chars, first 3 chars,
/// last 2 chars, last 3 chars, char count), each affix the whole word when shorter.
#[inline]
fn affixes(s: &str) -> (&str, &str, &str, &str, usize) {
    let b = s.as_bytes();
    let (mut p2, mut p3) = (b.len(), b.len());
    let mut count = 0;
    for (i, &x) in b.iter().enumerate() {
        if char_start(x) {
            if count == 2 {
                p2 = i;
            } else if count == 3 {
                p3 = i;
            }
            count += 1;
        }
    }
    let (mut s2, mut s3) = (0, 0);
    let mut c = 0;
    let mut i = b.len();
    while i > 0 {
        i -= 1;
        if char_start(b[i]) {
            c += 1;
            if c == 2 {
                s2 = i;
            } else if c == 3 {
                s3 = i;
                break;
            }
        }
    }
    (&s[..p2], &s[..p3], &s[s2..], &s[s3..], count)
}

const LENS: [&str; 9] = ["0", "1", "2", "3", "4", "5", "6", "7", "8"];

/// Index of the sentence boundary "<s>" in the tag-string tables below.
const BOUND: usize = NT;

/// `fnv([head, TAGS[t]])` for every tag, then `fnv([head, "<s>"])`.
const fn tag_table(head: &str) -> [u64; NT + 1] {
    let mut a = [0u64; NT + 1];
    let mut t = 0;
    while t < NT {
        a[t] = fnv(&[head, TAGS[t]]);
        t += 1;
    }
    a[BOUND] = fnv(&[head, "<s>"]);
    a
}

const H_B: u64 = fnv(&["b"]);
const H_GIVEN: u64 = fnv(&["given"]);
const H_ADJ: u64 = fnv(&["adj"]);
const H_STOP: u64 = fnv(&["stop"]);
const H_VERB: u64 = fnv(&["verb"]);
const H_GIVEN_PREV: u64 = fnv(&["given-1"]);
const H_GIVEN_NEXT: u64 = fnv(&["given+1"]);
const H_ART: [u64; 2] = [fnv(&["art", "0"]), fnv(&["art", "1"])];
const H_RULE: [u64; NT + 1] = tag_table("rule");
const H_RULE_PREV: [u64; NT + 1] = tag_table("rule-1");
const H_RULE_NEXT: [u64; NT + 1] = tag_table("rule+1");
const H_T1: [u64; NT + 1] = tag_table("t-1");
const H_T2T1: [[u64; NT]; NT] = {
    let mut a = [[0u64; NT]; NT];
    let mut p2 = 0;
    while p2 < NT {
        let mut p = 0;
        while p < NT {
            a[p2][p] = fnv(&["t-2t-1", TAGS[p2], TAGS[p]]);
            p += 1;
        }
        p2 += 1;
    }
    a
};
/// the state after `["t-1w", TAGS[prev]]`, the word still to come
const S_T1W: [u64; NT] = {
    let mut a = [0u64; NT];
    let mut t = 0;
    while t < NT {
        a[t] = Fnv::new().part("t-1w").part(TAGS[t]).0;
        t += 1;
    }
    a
};
const H_LEN: [u64; 9] = {
    let mut a = [0u64; 9];
    let mut n = 0;
    while n < 9 {
        a[n] = fnv(&["len", LENS[n]]);
        n += 1;
    }
    a
};
const H_KIND: [u64; 5] = [
    fnv(&["kind", "Word"]),
    fnv(&["kind", "Number"]),
    fnv(&["kind", "Latin"]),
    fnv(&["kind", "Punct"]),
    fnv(&["kind", "Other"]),
];
/// Offsets into [`FIXED`], the features whose hash is a constant (no word in them).
const O_B: usize = 0;
const O_ART: usize = O_B + 1;
const O_RULE: usize = O_ART + 2;
const O_RULE_PREV: usize = O_RULE + NT + 1;
const O_RULE_NEXT: usize = O_RULE_PREV + NT + 1;
const O_T1: usize = O_RULE_NEXT + NT + 1;
const O_T2T1: usize = O_T1 + NT + 1;
const O_LEN: usize = O_T2T1 + NT * NT;
const O_KIND: usize = O_LEN + 9;
const O_GIVEN: usize = O_KIND + 5;
const O_ADJ: usize = O_GIVEN + 1;
const O_STOP: usize = O_ADJ + 1;
const O_VERB: usize = O_STOP + 1;
const O_GIVEN_PREV: usize = O_VERB + 1;
const O_GIVEN_NEXT: usize = O_GIVEN_PREV + 1;
const N_FIXED: usize = O_GIVEN_NEXT + 1;

const FIXED: [u64; N_FIXED] = {
    let mut a = [0u64; N_FIXED];
    a[O_B] = H_B;
    a[O_ART] = H_ART[0];
    a[O_ART + 1] = H_ART[1];
    let mut t = 0;
    while t <= NT {
        a[O_RULE + t] = H_RULE[t];
        a[O_RULE_PREV + t] = H_RULE_PREV[t];
        a[O_RULE_NEXT + t] = H_RULE_NEXT[t];
        a[O_T1 + t] = H_T1[t];
        t += 1;
    }
    let mut p2 = 0;
    while p2 < NT {
        let mut p = 0;
        while p < NT {
            a[O_T2T1 + p2 * NT + p] = H_T2T1[p2][p];
            p += 1;
        }
        p2 += 1;
    }
    let mut n = 0;
    while n < 9 {
        a[O_LEN + n] = H_LEN[n];
        n += 1;
    }
    let mut k = 0;
    while k < 5 {
        a[O_KIND + k] = H_KIND[k];
        k += 1;
    }
    a[O_GIVEN] = H_GIVEN;
    a[O_ADJ] = H_ADJ;
    a[O_STOP] = H_STOP;
    a[O_VERB] = H_VERB;
    a[O_GIVEN_PREV] = H_GIVEN_PREV;
    a[O_GIVEN_NEXT] = H_GIVEN_NEXT;
    a
};

/// Where features go: hashes (for training) or straight into tag scores.
trait Sink {
    /// a feature hashed from the words
    fn hashed(&mut self, h: u64);
    /// a constant feature, `FIXED[id]`
    fn fixed(&mut self, id: usize);
}

const S_W: Fnv = Fnv::new().part("w");
const S_BARE: Fnv = Fnv::new().part("bare");
const S_WM1: Fnv = Fnv::new().part("w-1");
const S_WP1: Fnv = Fnv::new().part("w+1");
const S_WM2: Fnv = Fnv::new().part("w-2");
const S_WP2: Fnv = Fnv::new().part("w+2");
const S_WM1W: Fnv = Fnv::new().part("w-1w");
const S_WWP1: Fnv = Fnv::new().part("ww+1");
const S_S2: Fnv = Fnv::new().part("s2");
const S_S3: Fnv = Fnv::new().part("s3");
const S_P2: Fnv = Fnv::new().part("p2");
const S_P3: Fnv = Fnv::new().part("p3");
const S_PROCL: Fnv = Fnv::new().part("procl");

/// The features of one word: at most 29 hashes, in a fixed order (the order of
/// summing weights, so it must not change).
pub struct Features {
    f: [u64; 32],
    n: usize,
}

impl Features {
    fn new() -> Features {
        Features { f: [0; 32], n: 0 }
    }
    #[inline(always)]
    fn push(&mut self, h: u64) {
        self.f[self.n] = h;
        self.n += 1;
    }
}

impl Sink for Features {
    #[inline(always)]
    fn hashed(&mut self, h: u64) {
        self.push(h);
    }
    #[inline(always)]
    fn fixed(&mut self, id: usize) {
        self.push(FIXED[id]);
    }
}

/// Sums the weights of the features as they come, in feature order.
struct Scores<'t> {
    tagger: &'t Tagger,
    s: [f32; 8],
}

impl Scores<'_> {
    #[inline(always)]
    fn add(&mut self, row: u32) {
        if let Some(w) = self.tagger.table.rows.get(row as usize) {
            for t in 0..8 {
                self.s[t] += w.0[t];
            }
        }
    }
}

impl Sink for Scores<'_> {
    #[inline(always)]
    fn hashed(&mut self, h: u64) {
        if let Some(r) = self.tagger.table.find(h) {
            self.add(r);
        }
    }
    #[inline(always)]
    fn fixed(&mut self, id: usize) {
        if let Some(&Some(r)) = self.tagger.fixed.get(id) {
            self.add(r);
        }
    }
}

impl std::ops::Deref for Features {
    type Target = [u64];
    fn deref(&self) -> &[u64] {
        &self.f[..self.n]
    }
}

impl<'a> IntoIterator for &'a Features {
    type Item = &'a u64;
    type IntoIter = std::slice::Iter<'a, u64>;
    fn into_iter(self) -> Self::IntoIter {
        self.f[..self.n].iter()
    }
}

/// Lanes of [`Pre`]: the word's core hashed after each of these heads.
const L_W: usize = 0;
const L_WM1: usize = 1;
const L_WP1: usize = 2;
const L_WM2: usize = 3;
const L_WP2: usize = 4;
/// the state after `["w-1w", core]` (the next word's first part)
const L_WM1W_A: usize = 5;
/// the state after `["ww+1", core]` (this word's first part)
const L_WWP1_A: usize = 6;
/// `["w-1w", previous core, core]`
const L_WM1W: usize = 7;
/// `["ww+1", previous core, core]`: the previous word's feature
const L_WWP1_PREV: usize = 8;
const LANES: usize = 9;

const H_WM1_S: u64 = fnv(&["w-1", "<s>"]);
const H_WP1_S: u64 = fnv(&["w+1", "<s>"]);
const H_WM2_S: u64 = fnv(&["w-2", "<s>"]);
const H_WP2_S: u64 = fnv(&["w+2", "<s>"]);
const S_WM1W_S: u64 = Fnv::new().part("w-1w").part("<s>").0;

/// Continues every lane with the same part (one pass over its bytes).
#[inline(always)]
fn fnv_lanes(mut h: [u64; LANES], p: &str) -> [u64; LANES] {
    for &b in p.as_bytes() {
        for x in &mut h {
            *x = (*x ^ u64::from(b)).wrapping_mul(0x100000001b3);
        }
    }
    for x in &mut h {
        *x = (*x ^ 0xff).wrapping_mul(0x100000001b3);
    }
    h
}

/// The hashes of a sentence's word-window features, which do not depend on the
/// tags chosen, computed in one pass over each word.
struct Pre {
    lanes: Vec<[u64; LANES]>,
}

impl Pre {
    fn new(ws: &[Word]) -> Pre {
        let mut lanes: Vec<[u64; LANES]> = Vec::with_capacity(ws.len());
        for (j, w) in ws.iter().enumerate() {
            let (wm1w, wwp1) = match j.checked_sub(1) {
                Some(p) => (lanes[p][L_WM1W_A], lanes[p][L_WWP1_A]),
                None => (S_WM1W_S, 0),
            };
            let mut h = [0u64; LANES];
            h[L_W] = S_W.0;
            h[L_WM1] = S_WM1.0;
            h[L_WP1] = S_WP1.0;
            h[L_WM2] = S_WM2.0;
            h[L_WP2] = S_WP2.0;
            h[L_WM1W_A] = S_WM1W.0;
            h[L_WWP1_A] = S_WWP1.0;
            h[L_WM1W] = wm1w;
            h[L_WWP1_PREV] = wwp1;
            lanes.push(fnv_lanes(h, &w.core));
        }
        Pre { lanes }
    }
}

/// The features of word `i`, in their fixed order (the order weights are summed in).
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn features<S: Sink>(
    f: &mut S,
    ws: &[Word],
    hints: &[Hints],
    pre: &Pre,
    i: usize,
    prev: usize,
    prev2: usize,
) {
    let len = word_features(f, ws, hints, pre, i);
    tag_features(f, ws, hints, i, len, prev, prev2);
}

/// The leading features of word `i`, which do not depend on the tags chosen before it: the
/// tagger sums them for a whole sentence first, so their (mostly cache-missing) table lookups
/// overlap across words instead of waiting on the previous word's tag. Returns the length in
/// chars of the word's bare form (a feature of [`tag_features`]).
#[inline(always)]
fn word_features<S: Sink>(f: &mut S, ws: &[Word], hints: &[Hints], pre: &Pre, i: usize) -> usize {
    let n = ws.len();
    let lanes = &pre.lanes;
    let cur = &ws[i];
    let rule = |j: Option<usize>| -> usize {
        match j {
            Some(j) if j < n => hints[j].rule as usize,
            _ => BOUND,
        }
    };
    let bare = cur.bare.as_str();
    let here = &lanes[i];
    f.fixed(O_B);
    f.hashed(here[L_W]);
    f.hashed(S_BARE.hash(bare));
    f.hashed(if i > 0 { lanes[i - 1][L_WM1] } else { H_WM1_S });
    f.hashed(if i + 1 < n {
        lanes[i + 1][L_WP1]
    } else {
        H_WP1_S
    });
    f.hashed(if i >= 2 { lanes[i - 2][L_WM2] } else { H_WM2_S });
    f.hashed(if i + 2 < n {
        lanes[i + 2][L_WP2]
    } else {
        H_WP2_S
    });
    f.hashed(here[L_WM1W]);
    f.hashed(if i + 1 < n {
        lanes[i + 1][L_WWP1_PREV]
    } else {
        Fnv(here[L_WWP1_A]).hash("<s>")
    });
    let (p2, p3, s2, s3, len) = affixes(bare);
    f.hashed(S_S2.hash(s2));
    f.hashed(S_S3.hash(s3));
    f.hashed(S_P2.hash(p2));
    f.hashed(S_P3.hash(p3));
    f.hashed(S_PROCL.hash(&cur.proclitics));
    f.fixed(O_ART + usize::from(cur.has_article()));
    f.fixed(O_RULE + rule(Some(i)));
    f.fixed(O_RULE_PREV + rule(i.checked_sub(1)));
    f.fixed(O_RULE_NEXT + rule(Some(i + 1)));
    len
}

/// The rest of word `i`'s features, from the previous two tags on, in their fixed order.
#[inline(always)]
fn tag_features<S: Sink>(
    f: &mut S,
    ws: &[Word],
    hints: &[Hints],
    i: usize,
    len: usize,
    prev: usize,
    prev2: usize,
) {
    let n = ws.len();
    let cur = &ws[i];
    let h = hints[i];
    let wi = cur.core.as_str();
    f.fixed(O_T1 + prev);
    f.fixed(O_T2T1 + prev2 * NT + prev);
    f.hashed(Fnv(S_T1W[prev]).hash(wi));
    f.fixed(O_LEN + len.min(8));
    let kind = match cur.kind {
        khabar_text::tokens::Kind::Word => 0,
        khabar_text::tokens::Kind::Number => 1,
        khabar_text::tokens::Kind::Latin => 2,
        khabar_text::tokens::Kind::Punct => 3,
        _ => 4,
    };
    f.fixed(O_KIND + kind);
    if h.given {
        f.fixed(O_GIVEN);
    }
    if h.adjective {
        f.fixed(O_ADJ);
    }
    if h.stop {
        f.fixed(O_STOP);
    }
    if h.verb {
        f.fixed(O_VERB);
    }
    if i > 0 && hints[i - 1].given {
        f.fixed(O_GIVEN_PREV);
    }
    if i + 1 < n && hints[i + 1].given {
        f.fixed(O_GIVEN_NEXT);
    }
}

/// Only tag sequences that BIO allows: I-X after B-X or I-X.
fn allowed(prev: usize, t: usize) -> bool {
    if t == 0 || t % 2 == 1 {
        return true;
    }
    prev == t - 1 || prev == t
}

/// One weight row, padded to 8 lanes (the last one zero) so a sum is two vector
/// adds, and aligned so a row is never split across cache lines.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
#[repr(align(32))]
struct Row([f32; 8]);

/// The weights for tagging: open addressing over the feature hashes (keys are
/// hashes already), built from the map once. The keys are probed in their own
/// small array; a row is read only on a hit.
#[derive(Debug, Default, Clone)]
struct Table {
    /// feature hash per slot; 0 marks an empty slot
    keys: Vec<u64>,
    /// the weights of slot `i` at `rows[i]`; the feature hashed 0 (if any) at the end
    rows: Vec<Row>,
    /// the row of the feature hashed 0
    zero: Option<u32>,
    shift: u32,
}

impl Table {
    fn build(w: &FxHashMap<u64, [f32; NT]>) -> Table {
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
    fn slot(&self, k: u64) -> usize {
        (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// The row (index into `rows`) of feature `k`.
    #[inline]
    fn find(&self, k: u64) -> Option<u32> {
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
    fn get(&self, k: u64) -> Option<&[f32; 8]> {
        self.find(k)
            .and_then(|v| self.rows.get(v as usize))
            .map(|r| &r.0)
    }
}

#[derive(Debug, Default, Clone)]
pub struct Tagger {
    w: FxHashMap<u64, [f32; NT]>,
    table: Table,
    /// the `table` row of each constant feature (`FIXED`); empty when there are no weights
    fixed: Vec<Option<u32>>,
}

impl Tagger {
    fn new(w: FxHashMap<u64, [f32; NT]>) -> Tagger {
        let table = Table::build(&w);
        let fixed = FIXED.iter().map(|&h| table.find(h)).collect();
        Tagger { w, table, fixed }
    }

    pub fn is_empty(&self) -> bool {
        self.w.is_empty()
    }

    /// The sum of the features' weights per tag, in feature order (lane 7 unused).
    #[cfg(test)]
    fn score(&self, f: &[u64]) -> [f32; 8] {
        let mut s = [0f32; 8];
        for &k in f {
            if let Some(ws) = self.table.get(k) {
                for t in 0..8 {
                    s[t] += ws[t];
                }
            }
        }
        s
    }

    /// Tags (indices into TAGS) for one sentence.
    pub fn tag(&self, ws: &[Word], hints: &[Hints]) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::with_capacity(ws.len());
        let pre = Pre::new(ws);
        // the sums of the leading, tag-free features of every word first (see `word_features`)
        let lead: Vec<([f32; 8], usize)> = (0..ws.len())
            .map(|i| {
                let mut sc = Scores {
                    tagger: self,
                    s: [0f32; 8],
                };
                let len = word_features(&mut sc, ws, hints, &pre, i);
                (sc.s, len)
            })
            .collect();
        for (i, &(s, len)) in lead.iter().enumerate() {
            let prev = if i > 0 { out[i - 1] } else { 0 };
            let prev2 = if i > 1 { out[i - 2] } else { 0 };
            let mut sc = Scores { tagger: self, s };
            tag_features(&mut sc, ws, hints, i, len, prev, prev2);
            let s = sc.s;
            let best = (0..NT)
                .filter(|&t| allowed(prev, t))
                .max_by(|&a, &b| s[a].total_cmp(&s[b]))
                .unwrap_or(0);
            out.push(best);
        }
        out
    }

    /// Averaged-perceptron training over (words, hints, gold tags).
    pub fn train(data: &[(Vec<Word>, Vec<Hints>, Vec<usize>)], epochs: usize, seed: u64) -> Tagger {
        let mut cur: FxHashMap<u64, [f32; NT]> = FxHashMap::default();
        let mut total: FxHashMap<u64, [f64; NT]> = FxHashMap::default();
        let mut stamp: FxHashMap<u64, [u64; NT]> = FxHashMap::default();
        let mut step: u64 = 0;
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut rng = seed | 1;
        let update = |cur: &mut FxHashMap<u64, [f32; NT]>,
                      total: &mut FxHashMap<u64, [f64; NT]>,
                      stamp: &mut FxHashMap<u64, [u64; NT]>,
                      k: u64,
                      t: usize,
                      d: f32,
                      step: u64| {
            let c = cur.entry(k).or_insert([0.0; NT]);
            let tt = total.entry(k).or_insert([0.0; NT]);
            let st = stamp.entry(k).or_insert([0; NT]);
            tt[t] += f64::from(c[t]) * (step - st[t]) as f64;
            st[t] = step;
            c[t] += d;
        };
        for _ in 0..epochs {
            // shuffle (xorshift) so the order does not bias the average
            for i in (1..order.len()).rev() {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                order.swap(i, (rng % (i as u64 + 1)) as usize);
            }
            for &n in &order {
                let (ws, hints, gold) = &data[n];
                let mut prev = 0;
                let mut prev2 = 0;
                let pre = Pre::new(ws);
                let mut f = Features::new();
                for i in 0..ws.len() {
                    step += 1;
                    f.n = 0;
                    features(&mut f, ws, hints, &pre, i, prev, prev2);
                    let mut s = [0f32; NT];
                    for k in &f {
                        if let Some(w) = cur.get(k) {
                            for t in 0..NT {
                                s[t] += w[t];
                            }
                        }
                    }
                    let guess = (0..NT)
                        .filter(|&t| allowed(prev, t))
                        .max_by(|&a, &b| s[a].total_cmp(&s[b]))
                        .unwrap_or(0);
                    let g = gold[i];
                    if guess != g {
                        for &k in &f {
                            update(&mut cur, &mut total, &mut stamp, k, g, 1.0, step);
                            update(&mut cur, &mut total, &mut stamp, k, guess, -1.0, step);
                        }
                    }
                    // condition on the gold history while training
                    prev2 = prev;
                    prev = g;
                }
            }
        }
        let mut w = FxHashMap::default();
        for (k, c) in &cur {
            let tt = total.get(k).copied().unwrap_or([0.0; NT]);
            let st = stamp.get(k).copied().unwrap_or([0; NT]);
            let mut avg = [0f32; NT];
            let mut any = false;
            for t in 0..NT {
                let tot = tt[t] + f64::from(c[t]) * (step - st[t]) as f64;
                let a = (tot / step.max(1) as f64) as f32;
                if a.abs() >= 1e-3 {
                    any = true;
                    avg[t] = a;
                }
            }
            if any {
                w.insert(*k, avg);
            }
        }
        Tagger::new(w)
    }

    /// `hash<TAB>t:w t:w …` per feature, largest first; weights rounded.
    pub fn to_text(&self, header: &str) -> String {
        let mut keys: Vec<&u64> = self.w.keys().collect();
        keys.sort();
        let mut s = String::new();
        let _ = writeln!(s, "# {header}");
        let _ = writeln!(
            s,
            "# columns: feature_hash\ttag:weight …  (tags {})",
            TAGS.join(" ")
        );
        for k in keys {
            let ws = &self.w[k];
            let _ = write!(s, "{k:x}\t");
            let mut first = true;
            for (t, v) in ws.iter().enumerate() {
                if v.abs() >= 5e-3 {
                    if !first {
                        s.push(' ');
                    }
                    first = false;
                    let _ = write!(s, "{t}:{v:.3}");
                }
            }
            s.push('\n');
        }
        s
    }

    /// Parses `to_text` output; bad lines are skipped (the file is checked by a test).
    pub fn from_text(text: &str) -> Tagger {
        let mut w = FxHashMap::default();
        for line in text.lines() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let Some((h, rest)) = line.split_once('\t') else {
                continue;
            };
            let Ok(h) = u64::from_str_radix(h, 16) else {
                continue;
            };
            let mut v = [0f32; NT];
            for p in rest.split(' ') {
                if let Some((t, x)) = p.split_once(':') {
                    if let (Ok(t), Ok(x)) = (t.parse::<usize>(), x.parse::<f32>()) {
                        if t < NT {
                            v[t] = x;
                        }
                    }
                }
            }
            w.insert(h, v);
        }
        Tagger::new(w)
    }
}

/// Spans (word ranges, coarse label) of a BIO tag sequence.
pub fn spans(tags: &[usize]) -> Vec<(usize, usize, &'static str)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tags.len() {
        let t = tags[i];
        if t != 0 && t % 2 == 1 {
            let mut j = i + 1;
            while j < tags.len() && tags[j] == t + 1 {
                j += 1;
            }
            let label = &TAGS[t][2..];
            out.push((i, j, label));
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn suffix(s: &str, n: usize) -> &str {
        let k = s
            .char_indices()
            .rev()
            .nth(n.saturating_sub(1))
            .map_or(0, |(i, _)| i);
        &s[k..]
    }

    pub(super) fn prefix(s: &str, n: usize) -> &str {
        let k = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
        &s[..k]
    }

    #[test]
    fn affixes_match() {
        for w in [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "بلير",
            "ال",
            "علي",
            "عبدالله",
            "x€y",
            "€",
        ] {
            let (p2, p3, s2, s3, n) = affixes(w);
            assert_eq!(
                (p2, p3, s2, s3, n),
                (
                    prefix(w, 2),
                    prefix(w, 3),
                    suffix(w, 2),
                    suffix(w, 3),
                    w.chars().count()
                ),
                "{w}"
            );
        }
    }

    #[test]
    fn bio_spans() {
        assert_eq!(
            spans(&[0, 1, 2, 0, 3, 5, 6, 6]),
            vec![(1, 3, "PERSON"), (4, 5, "LOCATION"), (5, 8, "ORG")]
        );
        assert!(!allowed(0, 2) && allowed(1, 2) && allowed(2, 2) && !allowed(3, 2));
    }

    /// The features as first written (one `fnv` call per feature), to pin the hashes.
    fn features_ref(ws: &[Word], hints: &[Hints], i: usize, prev: usize, prev2: usize) -> Vec<u64> {
        let w = |j: isize| -> &str {
            if j < 0 || j as usize >= ws.len() {
                "<s>"
            } else {
                ws[j as usize].core.as_str()
            }
        };
        let i_ = i as isize;
        let cur = &ws[i];
        let h = hints[i];
        let rule = |j: isize| -> &str {
            if j < 0 || j as usize >= ws.len() {
                "<s>"
            } else {
                TAGS[hints[j as usize].rule as usize]
            }
        };
        let mut f = vec![
            fnv(&["b"]),
            fnv(&["w", w(i_)]),
            fnv(&["bare", &cur.bare]),
            fnv(&["w-1", w(i_ - 1)]),
            fnv(&["w+1", w(i_ + 1)]),
            fnv(&["w-2", w(i_ - 2)]),
            fnv(&["w+2", w(i_ + 2)]),
            fnv(&["w-1w", w(i_ - 1), w(i_)]),
            fnv(&["ww+1", w(i_), w(i_ + 1)]),
            fnv(&["s2", suffix(&cur.bare, 2)]),
            fnv(&["s3", suffix(&cur.bare, 3)]),
            fnv(&["p2", prefix(&cur.bare, 2)]),
            fnv(&["p3", prefix(&cur.bare, 3)]),
            fnv(&["procl", &cur.proclitics]),
            fnv(&["art", if cur.has_article() { "1" } else { "0" }]),
            fnv(&["rule", rule(i_)]),
            fnv(&["rule-1", rule(i_ - 1)]),
            fnv(&["rule+1", rule(i_ + 1)]),
            fnv(&["t-1", TAGS[prev]]),
            fnv(&["t-2t-1", TAGS[prev2], TAGS[prev]]),
            fnv(&["t-1w", TAGS[prev], w(i_)]),
            fnv(&["len", LENS[cur.bare.chars().count().min(8)]]),
        ];
        let kind = match cur.kind {
            khabar_text::tokens::Kind::Word => "Word",
            khabar_text::tokens::Kind::Number => "Number",
            khabar_text::tokens::Kind::Latin => "Latin",
            khabar_text::tokens::Kind::Punct => "Punct",
            _ => "Other",
        };
        f.push(fnv(&["kind", kind]));
        for (on, name) in [
            (h.given, "given"),
            (h.adjective, "adj"),
            (h.stop, "stop"),
            (h.verb, "verb"),
            (i > 0 && hints[i - 1].given, "given-1"),
            (i + 1 < ws.len() && hints[i + 1].given, "given+1"),
        ] {
            if on {
                f.push(fnv(&[name]));
            }
        }
        f
    }

    #[test]
    fn features_match_reference() {
        let seg = khabar_text::Segmenter::builtin();
        let model = Tagger::from_text(include_str!("../../../data/models/ner.txt"));
        for text in [
            "وقال الرئيس بلير للصحفيين في لندن 2013، انه سيزور العراق.",
            "بلير",
            "قال بلير",
            "<s> x",
        ] {
            let ws = crate::words(&seg.tokenize(text));
            for model in [&model, &Tagger::default()] {
                check_features(&ws, model);
            }
        }
    }

    fn check_features(ws: &[Word], model: &Tagger) {
        let n = ws.len();
        let hints: Vec<Hints> = (0..n)
            .map(|k| Hints {
                rule: (k % NT) as u8,
                given: k % 2 == 0,
                adjective: k % 3 == 0,
                stop: k % 4 == 0,
                verb: k % 5 == 0,
            })
            .collect();
        let pre = Pre::new(ws);
        for i in 0..n {
            for prev in 0..NT {
                for prev2 in 0..NT {
                    let mut f = Features::new();
                    features(&mut f, ws, &hints, &pre, i, prev, prev2);
                    let mut sc = Scores {
                        tagger: model,
                        s: [0f32; 8],
                    };
                    features(&mut sc, ws, &hints, &pre, i, prev, prev2);
                    let want = model.score(&f);
                    assert_eq!(sc.s.map(f32::to_bits), want.map(f32::to_bits));
                    assert_eq!(&f[..], &features_ref(ws, &hints, i, prev, prev2)[..]);
                }
            }
        }
    }

    /// Tagging as first written: reference features, the weight map, `[f32; NT]` sums.
    fn tag_ref(t: &Tagger, ws: &[Word], hints: &[Hints]) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for i in 0..ws.len() {
            let prev = if i > 0 { out[i - 1] } else { 0 };
            let prev2 = if i > 1 { out[i - 2] } else { 0 };
            let mut s = [0f32; NT];
            for k in features_ref(ws, hints, i, prev, prev2) {
                if let Some(w) = t.w.get(&k) {
                    for x in 0..NT {
                        s[x] += w[x];
                    }
                }
            }
            let best = (0..NT)
                .filter(|&x| allowed(prev, x))
                .max_by(|&a, &b| s[a].total_cmp(&s[b]))
                .unwrap_or(0);
            out.push(best);
        }
        out
    }

    #[test]
    fn tags_match_reference() {
        let seg = khabar_text::Segmenter::builtin();
        let model = Tagger::from_text(include_str!("../../../data/models/ner.txt"));
        let text = concat!(
            include_str!("../../../examples/000_a5b5b01d5677f13f.txt"),
            include_str!("../../../examples/001_0acd3c927d4d0c19.txt")
        );
        for line in text.lines().chain([
            "التقى الرئيس الأمريكي باراك أوباما نظيره الفرنسي فرانسوا هولاند في باريس امس.",
            "وقال كوفي انان ان توني بلير سيزور بغداد.",
        ]) {
            let ws = crate::words(&seg.tokenize(line));
            for variant in 0..3 {
                let hints: Vec<Hints> = (0..ws.len())
                    .map(|k| Hints {
                        rule: ((k * variant) % NT) as u8,
                        given: (k + variant) % 3 == 0,
                        adjective: variant == 1 && k % 4 == 0,
                        stop: (k + variant) % 5 == 0,
                        verb: variant == 2 && k % 2 == 0,
                    })
                    .collect();
                for m in [&model, &Tagger::default()] {
                    assert_eq!(m.tag(&ws, &hints), tag_ref(m, &ws, &hints), "{line}");
                }
            }
        }
    }

    #[test]
    fn table_matches_map() {
        let t = Tagger::from_text(include_str!("../../../data/models/ner.txt"));
        for (k, v) in &t.w {
            assert_eq!(t.table.get(*k).map(|w| &w[..NT]), Some(&v[..]));
            assert_eq!(t.table.get(k ^ 1).is_some(), t.w.contains_key(&(k ^ 1)));
        }
        assert!(Tagger::default().table.get(7).is_none());
        assert!(Tagger::default().table.get(0).is_none());
        // the hash 0 is a key like any other
        let mut w = FxHashMap::default();
        w.insert(0u64, [1.0; NT]);
        w.insert(5u64, [2.0; NT]);
        let t = Tagger::new(w);
        assert_eq!(t.table.get(0).map(|r| r[0]), Some(1.0));
        assert_eq!(t.table.get(5).map(|r| r[0]), Some(2.0));
        assert!(t.table.get(6).is_none());
    }

    #[test]
    fn learns_and_round_trips() {
        let seg = khabar_text::Segmenter::builtin();
        let mk = |s: &str, gold: &[usize]| {
            let ws = crate::words(&seg.tokenize(s));
            let n = ws.len();
            (ws, vec![Hints::default(); n], gold.to_vec())
        };
        let data = vec![
            mk("قال بلير امس", &[0, 1, 0]),
            mk("وقال بلير ان", &[0, 1, 0]),
            mk("قال الوزير امس", &[0, 0, 0]),
        ];
        let t = Tagger::train(&data, 5, 7);
        let (ws, h, _) = mk("قال بلير امس", &[0, 1, 0]);
        assert_eq!(t.tag(&ws, &h), vec![0, 1, 0]);
        let back = Tagger::from_text(&t.to_text("test"));
        assert_eq!(back.tag(&ws, &h), vec![0, 1, 0]);
    }
}
