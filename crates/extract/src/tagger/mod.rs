//! A statistical name tagger (averaged perceptron, greedy left-to-right BIO)
//! for the PERSON / LOCATION / ORG mentions that the lexicon rules cannot
//! see: unknown foreign names («انان», «بلير»), teams, newspapers.
//!
//! Features are words in matching form, their neighbours, affixes, lexicon
//! flags and the rule-based tag of the word, hashed with FNV-1a (stable
//! across builds). Weights ship as a data file (`data/models/ner.txt`),
//! trained by `khabar eval ner --train`; no model is downloaded.

mod features;
mod table;
#[cfg(test)]
mod tests;

use crate::words::Word;
use features::*;
use rustc_hash::FxHashMap;
use std::fmt::Write as _;
use table::Table;

pub const TAGS: [&str; 7] = [
    "O",
    "B-PERSON",
    "I-PERSON",
    "B-LOCATION",
    "I-LOCATION",
    "B-ORG",
    "I-ORG",
];
pub(crate) const NT: usize = TAGS.len();

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
            out.push(best(prev, &sc.s));
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
                    let guess = best(prev, &s);
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
