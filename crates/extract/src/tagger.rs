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

fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for p in parts {
        for b in p.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100000001b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

fn suffix(s: &str, n: usize) -> &str {
    let k = s
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    &s[k..]
}

fn prefix(s: &str, n: usize) -> &str {
    let k = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    &s[..k]
}

const LENS: [&str; 9] = ["0", "1", "2", "3", "4", "5", "6", "7", "8"];

fn features(ws: &[Word], hints: &[Hints], i: usize, prev: usize, prev2: usize) -> Vec<u64> {
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
    let mut f = Vec::with_capacity(40);
    f.extend([
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
    ]);
    let kind = match cur.kind {
        khabar_text::tokens::Kind::Word => "Word",
        khabar_text::tokens::Kind::Number => "Number",
        khabar_text::tokens::Kind::Latin => "Latin",
        khabar_text::tokens::Kind::Punct => "Punct",
        _ => "Other",
    };
    f.push(fnv(&["kind", kind]));
    if h.given {
        f.push(fnv(&["given"]));
    }
    if h.adjective {
        f.push(fnv(&["adj"]));
    }
    if h.stop {
        f.push(fnv(&["stop"]));
    }
    if h.verb {
        f.push(fnv(&["verb"]));
    }
    if i > 0 && hints[i - 1].given {
        f.push(fnv(&["given-1"]));
    }
    if i + 1 < ws.len() && hints[i + 1].given {
        f.push(fnv(&["given+1"]));
    }
    f
}

/// Only tag sequences that BIO allows: I-X after B-X or I-X.
fn allowed(prev: usize, t: usize) -> bool {
    if t == 0 || t % 2 == 1 {
        return true;
    }
    prev == t - 1 || prev == t
}

#[derive(Debug, Default, Clone)]
pub struct Tagger {
    w: FxHashMap<u64, [f32; NT]>,
}

impl Tagger {
    pub fn is_empty(&self) -> bool {
        self.w.is_empty()
    }

    fn score(&self, f: &[u64]) -> [f32; NT] {
        let mut s = [0f32; NT];
        for k in f {
            if let Some(ws) = self.w.get(k) {
                for t in 0..NT {
                    s[t] += ws[t];
                }
            }
        }
        s
    }

    /// Tags (indices into TAGS) for one sentence.
    pub fn tag(&self, ws: &[Word], hints: &[Hints]) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::with_capacity(ws.len());
        for i in 0..ws.len() {
            let prev = if i > 0 { out[i - 1] } else { 0 };
            let prev2 = if i > 1 { out[i - 2] } else { 0 };
            let f = features(ws, hints, i, prev, prev2);
            let s = self.score(&f);
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
                for i in 0..ws.len() {
                    step += 1;
                    let f = features(ws, hints, i, prev, prev2);
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
        Tagger { w }
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
        Tagger { w }
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

    #[test]
    fn bio_spans() {
        assert_eq!(
            spans(&[0, 1, 2, 0, 3, 5, 6, 6]),
            vec![(1, 3, "PERSON"), (4, 5, "LOCATION"), (5, 8, "ORG")]
        );
        assert!(!allowed(0, 2) && allowed(1, 2) && allowed(2, 2) && !allowed(3, 2));
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
