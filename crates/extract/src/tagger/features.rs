//! The tagger's features: FNV hashes of words, their neighbours, affixes, lexicon flags and
//! tags, computed once per sentence where they do not depend on the tags chosen.

use super::{Hints, Tagger, NT, TAGS};
use crate::words::Word;

/// FNV-1a over the parts, each followed by a 0xff separator.
pub(super) const fn fnv(parts: &[&str]) -> u64 {
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
pub(super) struct Fnv(u64);

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
    pub(super) fn hash(self, p: &str) -> u64 {
        self.part(p).0
    }
}

/// Is `b` the first byte of a UTF-8 char (not a continuation byte)?
#[inline(always)]
pub(super) fn char_start(b: u8) -> bool {
    (b as i8) >= -0x40
}

/// The affixes and length of a word in one pass: (first 2 chars, first 3 chars,
/// last 2 chars, last 3 chars, char count), each affix the whole word when shorter.
#[inline]
pub(super) fn affixes(s: &str) -> (&str, &str, &str, &str, usize) {
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

pub(super) const LENS: [&str; 9] = ["0", "1", "2", "3", "4", "5", "6", "7", "8"];

/// Index of the sentence boundary "<s>" in the tag-string tables below.
pub(super) const BOUND: usize = NT;

/// `fnv([head, TAGS[t]])` for every tag, then `fnv([head, "<s>"])`.
pub(super) const fn tag_table(head: &str) -> [u64; NT + 1] {
    let mut a = [0u64; NT + 1];
    let mut t = 0;
    while t < NT {
        a[t] = fnv(&[head, TAGS[t]]);
        t += 1;
    }
    a[BOUND] = fnv(&[head, "<s>"]);
    a
}

pub(super) const H_B: u64 = fnv(&["b"]);
pub(super) const H_GIVEN: u64 = fnv(&["given"]);
pub(super) const H_ADJ: u64 = fnv(&["adj"]);
pub(super) const H_STOP: u64 = fnv(&["stop"]);
pub(super) const H_VERB: u64 = fnv(&["verb"]);
pub(super) const H_GIVEN_PREV: u64 = fnv(&["given-1"]);
pub(super) const H_GIVEN_NEXT: u64 = fnv(&["given+1"]);
pub(super) const H_ART: [u64; 2] = [fnv(&["art", "0"]), fnv(&["art", "1"])];
pub(super) const H_RULE: [u64; NT + 1] = tag_table("rule");
pub(super) const H_RULE_PREV: [u64; NT + 1] = tag_table("rule-1");
pub(super) const H_RULE_NEXT: [u64; NT + 1] = tag_table("rule+1");
pub(super) const H_T1: [u64; NT + 1] = tag_table("t-1");
pub(super) const H_T2T1: [[u64; NT]; NT] = {
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
pub(super) const S_T1W: [u64; NT] = {
    let mut a = [0u64; NT];
    let mut t = 0;
    while t < NT {
        a[t] = Fnv::new().part("t-1w").part(TAGS[t]).0;
        t += 1;
    }
    a
};
pub(super) const H_LEN: [u64; 9] = {
    let mut a = [0u64; 9];
    let mut n = 0;
    while n < 9 {
        a[n] = fnv(&["len", LENS[n]]);
        n += 1;
    }
    a
};
pub(super) const H_KIND: [u64; 5] = [
    fnv(&["kind", "Word"]),
    fnv(&["kind", "Number"]),
    fnv(&["kind", "Latin"]),
    fnv(&["kind", "Punct"]),
    fnv(&["kind", "Other"]),
];
/// Offsets into [`FIXED`], the features whose hash is a constant (no word in them).
pub(super) const O_B: usize = 0;
pub(super) const O_ART: usize = O_B + 1;
pub(super) const O_RULE: usize = O_ART + 2;
pub(super) const O_RULE_PREV: usize = O_RULE + NT + 1;
pub(super) const O_RULE_NEXT: usize = O_RULE_PREV + NT + 1;
pub(super) const O_T1: usize = O_RULE_NEXT + NT + 1;
pub(super) const O_T2T1: usize = O_T1 + NT + 1;
pub(super) const O_LEN: usize = O_T2T1 + NT * NT;
pub(super) const O_KIND: usize = O_LEN + 9;
pub(super) const O_GIVEN: usize = O_KIND + 5;
pub(super) const O_ADJ: usize = O_GIVEN + 1;
pub(super) const O_STOP: usize = O_ADJ + 1;
pub(super) const O_VERB: usize = O_STOP + 1;
pub(super) const O_GIVEN_PREV: usize = O_VERB + 1;
pub(super) const O_GIVEN_NEXT: usize = O_GIVEN_PREV + 1;
pub(super) const N_FIXED: usize = O_GIVEN_NEXT + 1;

pub(super) const FIXED: [u64; N_FIXED] = {
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
pub(super) trait Sink {
    /// a feature hashed from the words
    fn hashed(&mut self, h: u64);
    /// a constant feature, `FIXED[id]`
    fn fixed(&mut self, id: usize);
}

pub(super) const S_W: Fnv = Fnv::new().part("w");
pub(super) const S_BARE: Fnv = Fnv::new().part("bare");
pub(super) const S_WM1: Fnv = Fnv::new().part("w-1");
pub(super) const S_WP1: Fnv = Fnv::new().part("w+1");
pub(super) const S_WM2: Fnv = Fnv::new().part("w-2");
pub(super) const S_WP2: Fnv = Fnv::new().part("w+2");
pub(super) const S_WM1W: Fnv = Fnv::new().part("w-1w");
pub(super) const S_WWP1: Fnv = Fnv::new().part("ww+1");
pub(super) const S_S2: Fnv = Fnv::new().part("s2");
pub(super) const S_S3: Fnv = Fnv::new().part("s3");
pub(super) const S_P2: Fnv = Fnv::new().part("p2");
pub(super) const S_P3: Fnv = Fnv::new().part("p3");
pub(super) const S_PROCL: Fnv = Fnv::new().part("procl");

/// The features of one word: at most 29 hashes, in a fixed order (the order of
/// summing weights, so it must not change).
pub struct Features {
    pub(super) f: [u64; 32],
    pub(super) n: usize,
}

impl Features {
    pub(super) fn new() -> Features {
        Features { f: [0; 32], n: 0 }
    }
    #[inline(always)]
    pub(super) fn push(&mut self, h: u64) {
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
pub(super) struct Scores<'t> {
    pub(super) tagger: &'t Tagger,
    pub(super) s: [f32; 8],
}

impl Scores<'_> {
    #[inline(always)]
    pub(super) fn add(&mut self, row: u32) {
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
pub(super) const L_W: usize = 0;
pub(super) const L_WM1: usize = 1;
pub(super) const L_WP1: usize = 2;
pub(super) const L_WM2: usize = 3;
pub(super) const L_WP2: usize = 4;
/// the state after `["w-1w", core]` (the next word's first part)
pub(super) const L_WM1W_A: usize = 5;
/// the state after `["ww+1", core]` (this word's first part)
pub(super) const L_WWP1_A: usize = 6;
/// `["w-1w", previous core, core]`
pub(super) const L_WM1W: usize = 7;
/// `["ww+1", previous core, core]`: the previous word's feature
pub(super) const L_WWP1_PREV: usize = 8;
pub(super) const LANES: usize = 9;

pub(super) const H_WM1_S: u64 = fnv(&["w-1", "<s>"]);
pub(super) const H_WP1_S: u64 = fnv(&["w+1", "<s>"]);
pub(super) const H_WM2_S: u64 = fnv(&["w-2", "<s>"]);
pub(super) const H_WP2_S: u64 = fnv(&["w+2", "<s>"]);
pub(super) const S_WM1W_S: u64 = Fnv::new().part("w-1w").part("<s>").0;

/// Continues every lane with the same part (one pass over its bytes).
#[inline(always)]
pub(super) fn fnv_lanes(mut h: [u64; LANES], p: &str) -> [u64; LANES] {
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
pub(super) struct Pre {
    pub(super) lanes: Vec<[u64; LANES]>,
}

impl Pre {
    pub(super) fn new(ws: &[Word]) -> Pre {
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
pub(super) fn features<S: Sink>(
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
pub(super) fn word_features<S: Sink>(
    f: &mut S,
    ws: &[Word],
    hints: &[Hints],
    pre: &Pre,
    i: usize,
) -> usize {
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
pub(super) fn tag_features<S: Sink>(
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
pub(super) fn allowed(prev: usize, t: usize) -> bool {
    if t == 0 || t % 2 == 1 {
        return true;
    }
    prev == t - 1 || prev == t
}

/// The best-scoring tag (of the first `NT` scores) that BIO allows after `prev`.
pub(super) fn best(prev: usize, s: &[f32]) -> usize {
    (0..NT)
        .filter(|&t| allowed(prev, t))
        .max_by(|&a, &b| s[a].total_cmp(&s[b]))
        .unwrap_or(0)
}
