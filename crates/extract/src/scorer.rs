//! Event confidence for violence and protest reports (CAMEO 14, 18–20): a
//! logistic model over hashed features of the event and its sentence. Most
//! sentences that mention killing or protest report no event («اغتيال الحريري»
//! as a topic, a film title, a law); the rules remove the obvious ones and this
//! model scores the rest. Weights ship in `data/models/events.txt`, trained by
//! `khabar eval events --sentences FILE --train OUT`; with no weights every
//! event keeps its rule confidence.

use crate::events::{Event, Modality};
use crate::words::Word;
use rustc_hash::FxHashMap;
use std::fmt::Write as _;
use std::ops::Range;

fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for p in parts {
        for b in p.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100000001b3);
        }
        h ^= 0xfe;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// Features of one event in its sentence (`sent` = word range).
pub fn features(ws: &[Word], sent: Range<usize>, e: &Event, trigger_word: usize) -> Vec<u64> {
    let mut f = Vec::with_capacity(64);
    let modality = format!("{:?}", e.modality);
    let tw = &ws[trigger_word.min(ws.len().saturating_sub(1))];
    f.push(fnv(&["bias"]));
    f.push(fnv(&["code", &e.cameo]));
    f.push(fnv(&["root", &e.root]));
    f.push(fnv(&["mod", &modality]));
    f.push(fnv(&["trig", &tw.stem]));
    f.push(fnv(&["trigcore", &tw.core]));
    f.push(fnv(&["trigprocl", &tw.proclitics]));
    f.push(fnv(&["art", if tw.has_article() { "1" } else { "0" }]));
    let agent = |a: &Option<crate::events::Actor>| {
        a.as_ref().map_or("none".to_string(), |a| {
            if a.code.len() > 3 {
                a.code[a.code.len() - 3..].to_string()
            } else {
                a.code.clone()
            }
        })
    };
    f.push(fnv(&["src", &agent(&e.source)]));
    f.push(fnv(&["tgt", &agent(&e.target)]));
    f.push(fnv(&[
        "src_implicit",
        if e.source.as_ref().is_some_and(|a| a.implicit) {
            "1"
        } else {
            "0"
        },
    ]));
    let lo = trigger_word.saturating_sub(3).max(sent.start);
    let hi = (trigger_word + 4).min(sent.end);
    for j in lo..hi {
        let rel = (j as isize - trigger_word as isize).to_string();
        f.push(fnv(&["ctx", &rel, &ws[j].stem]));
        f.push(fnv(&["bag3", &ws[j].stem]));
    }
    let mut has_num = false;
    for w in &ws[sent.clone()] {
        f.push(fnv(&["bow", &w.stem]));
        has_num |= w.is_number();
    }
    f.push(fnv(&["num", if has_num { "1" } else { "0" }]));
    let len = (sent.end - sent.start) / 10;
    f.push(fnv(&["len", &len.min(6).to_string()]));
    f.push(fnv(&[
        "pos",
        &((trigger_word - sent.start) / 5).min(6).to_string(),
    ]));
    // sentence cues that a crowd event took place, per class
    let cls = if e.root == "14" { "P" } else { "V" };
    let cues = cue_sets();
    let mut seen = [false; 6];
    for w in &ws[sent.clone()] {
        for (i, set) in cues.iter().enumerate() {
            if set.contains(&w.core) || set.contains(&w.bare) || set.contains(&w.stem) {
                seen[i] = true;
            }
        }
        if w.is_number() {
            seen[0] = true;
        }
        if matches!(w.core.as_str(), "«" | "»" | "\"" | ":") {
            seen[5] = true;
        }
    }
    for (i, name) in ["crowd", "time", "purpose", "place", "street", "quote"]
        .iter()
        .enumerate()
    {
        f.push(fnv(&["cue", cls, name, if seen[i] { "1" } else { "0" }]));
    }
    // background time: the sentence tells of the past or of a habit («قبل أربعة
    // أعوام», «في السنوات الأخيرة», «في الخمسينات», «فيما مضى», «آنذاك»), not of a
    // new event
    f.push(fnv(&[
        "cue",
        cls,
        "past",
        if past_time(&ws[sent.clone()]) {
            "1"
        } else {
            "0"
        },
    ]));
    // who the source is: nobody, the topic, a bare agent (protesters, opposition), a state …
    let src_kind = match &e.source {
        None => "none",
        Some(a) if a.implicit => "implicit",
        Some(a) if matches!(a.code.as_str(), "CVL" | "OPP" | "EDU" | "LAB") => "agent",
        Some(a) if a.code.len() == 3 => "country",
        Some(_) => "full",
    };
    f.push(fnv(&["srckind", cls, src_kind]));
    f.push(fnv(&[
        "lead",
        cls,
        if trigger_word <= sent.start + 1 {
            "1"
        } else {
            "0"
        },
    ]));
    let present = tw.stem.starts_with('ي') || tw.stem.starts_with('ت') && tw.stem.ends_with("ون");
    f.push(fnv(&["trigpres", cls, if present { "1" } else { "0" }]));
    // how many protest words the sentence holds: a report of a protest names it more than once
    let pw = protest_words();
    let n = ws[sent.clone()]
        .iter()
        .filter(|w| pw.contains(&w.stem) || pw.contains(&w.bare))
        .count();
    f.push(fnv(&["nprot", cls, &n.min(3).to_string()]));
    // protest and violence are told apart by different words: one model per class
    for h in f.iter_mut() {
        *h = fnv(&[cls, &h.to_string()]);
    }
    f
}

/// Does the sentence place its events in the past or in a habit?
fn past_time(ws: &[Word]) -> bool {
    type Sets = [rustc_hash::FxHashSet<String>; 3];
    static C: std::sync::OnceLock<(Sets, [String; 3])> = std::sync::OnceLock::new();
    let ((units, spans, recent, single), (qabl, mada, fima)) = {
        let (sets, words) = C.get_or_init(|| {
            let mk = |ws: &[&str]| ws.iter().map(|w| khabar_text::fold(w)).collect();
            (
                [
                    mk(&[
                        "أعوام",
                        "سنوات",
                        "عاما",
                        "سنة",
                        "سنتين",
                        "عامين",
                        "عقود",
                        "عقدين",
                        "عقد",
                        "قرن",
                        "عقدا",
                    ]),
                    mk(&["السنوات", "الأعوام", "العقود", "العقدين", "السنين"]),
                    mk(&["الأخيرة", "الماضية", "السابقة", "الفائتة"]),
                ],
                ["قبل", "مضى", "فيما"].map(khabar_text::fold),
            )
        });
        (
            (&sets[0], &sets[1], &sets[2], single_past()),
            (&words[0], &words[1], &words[2]),
        )
    };
    for (i, w) in ws.iter().enumerate() {
        let c = &w.core;
        if single.contains(c) {
            return true;
        }
        if c == qabl && ws[i + 1..].iter().take(3).any(|x| units.contains(&x.core)) {
            return true;
        }
        if spans.contains(c) && ws.get(i + 1).is_some_and(|x| recent.contains(&x.core)) {
            return true;
        }
        if c == mada && i > 0 && &ws[i - 1].core == fima {
            return true;
        }
    }
    false
}

fn single_past() -> &'static rustc_hash::FxHashSet<String> {
    static C: std::sync::OnceLock<rustc_hash::FxHashSet<String>> = std::sync::OnceLock::new();
    C.get_or_init(|| {
        [
            "آنذاك",
            "حينذاك",
            "حينئذ",
            "وقتذاك",
            "سابقا",
            "إبان",
            "الخمسينات",
            "الستينات",
            "السبعينات",
            "الثمانينات",
            "التسعينات",
            "الخمسينيات",
            "الستينيات",
            "السبعينيات",
            "الثمانينيات",
            "التسعينيات",
        ]
        .iter()
        .map(|w| khabar_text::fold(w))
        .collect()
    })
}

fn protest_words() -> &'static rustc_hash::FxHashSet<String> {
    static C: std::sync::OnceLock<rustc_hash::FxHashSet<String>> = std::sync::OnceLock::new();
    C.get_or_init(|| {
        [
            "مظاهرة",
            "مظاهرات",
            "تظاهرة",
            "تظاهرات",
            "تظاهر",
            "تظاهروا",
            "احتجاج",
            "احتجاجات",
            "احتجاجا",
            "اعتصام",
            "اعتصموا",
            "مسيرة",
            "مسيرات",
            "متظاهرين",
            "متظاهرون",
            "متظاهر",
            "محتجين",
            "محتجون",
            "معتصمين",
            "معتصمون",
            "احتشد",
            "احتشدوا",
            "تجمع",
            "تجمعوا",
            "هتافات",
            "شعارات",
            "لافتات",
            "إضراب",
            "احتجوا",
            "وقفة",
            "احتجاجية",
        ]
        .iter()
        .map(|w| khabar_text::fold(w))
        .collect()
    })
}

fn cue_sets() -> &'static [rustc_hash::FxHashSet<String>; 5] {
    static C: std::sync::OnceLock<[rustc_hash::FxHashSet<String>; 5]> = std::sync::OnceLock::new();
    C.get_or_init(|| {
        let mk = |ws: &[&str]| ws.iter().map(|w| khabar_text::fold(w)).collect();
        [
            mk(&[
                "آلاف",
                "الآلاف",
                "مئات",
                "المئات",
                "عشرات",
                "العشرات",
                "ألف",
                "مائة",
                "مئة",
                "حشود",
                "الحشود",
                "نحو",
                "حوالي",
                "قرابة",
                "زهاء",
                "ألوف",
                "الألوف",
                "مئتي",
                "مائتي",
                "مليون",
            ]),
            mk(&[
                "أمس",
                "اليوم",
                "الليلة",
                "مساء",
                "صباح",
                "ظهر",
                "فجر",
                "الأحد",
                "الاثنين",
                "الثلاثاء",
                "الأربعاء",
                "الخميس",
                "الجمعة",
                "السبت",
            ]),
            mk(&[
                "احتجاجا",
                "تنديدا",
                "للتنديد",
                "للمطالبة",
                "للاحتجاج",
                "مطالبين",
                "منددين",
                "مرددين",
                "رافعين",
                "حاملين",
                "هاتفين",
                "تضامنا",
                "رفضا",
            ]),
            mk(&[
                "أمام",
                "قبالة",
                "ساحة",
                "ميدان",
                "مقر",
                "مبنى",
                "السفارة",
                "سفارة",
                "قرب",
                "وسط",
            ]),
            mk(&[
                "الشوارع",
                "شوارع",
                "الشارع",
                "لافتات",
                "اللافتات",
                "شعارات",
                "الشعارات",
                "هتافات",
                "الهتافات",
                "أعلام",
                "صور",
            ]),
        ]
    })
}

#[derive(Debug, Default, Clone)]
pub struct Scorer {
    w: FxHashMap<u64, f32>,
    /// decision threshold per CAMEO root ("14", "18" …); 0.5 when absent
    pub thresholds: FxHashMap<String, f32>,
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

impl Scorer {
    pub fn is_empty(&self) -> bool {
        self.w.is_empty()
    }

    pub fn threshold(&self, root: &str) -> f32 {
        self.thresholds.get(root).copied().unwrap_or(0.5)
    }

    pub fn prob(&self, f: &[u64]) -> f32 {
        sigmoid(
            f.iter()
                .map(|k| self.w.get(k).copied().unwrap_or(0.0))
                .sum(),
        )
    }

    /// Logistic regression by AdaGrad with L2, over (features, label) pairs.
    pub fn train(data: &[(Vec<u64>, bool)], epochs: usize, l2: f32, seed: u64) -> Scorer {
        let mut w: FxHashMap<u64, f32> = FxHashMap::default();
        let mut g2: FxHashMap<u64, f32> = FxHashMap::default();
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut rng = seed | 1;
        let pos = data.iter().filter(|d| d.1).count().max(1) as f32;
        let neg = (data.len() as f32 - pos).max(1.0);
        for _ in 0..epochs {
            for i in (1..order.len()).rev() {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                order.swap(i, (rng % (i as u64 + 1)) as usize);
            }
            for &n in &order {
                let (f, y) = &data[n];
                let p = sigmoid(f.iter().map(|k| w.get(k).copied().unwrap_or(0.0)).sum());
                // class weights balance the rarer positives
                let cw = if *y { neg / pos } else { 1.0 }.sqrt();
                let g = (p - if *y { 1.0 } else { 0.0 }) * cw;
                for k in f {
                    let wk = w.entry(*k).or_insert(0.0);
                    let grad = g + l2 * *wk;
                    let acc = g2.entry(*k).or_insert(1e-6);
                    *acc += grad * grad;
                    *wk -= 0.3 * grad / acc.sqrt();
                }
            }
        }
        w.retain(|_, v| v.abs() >= 1e-3);
        Scorer {
            w,
            thresholds: FxHashMap::default(),
        }
    }

    pub fn to_text(&self, header: &str) -> String {
        let mut keys: Vec<&u64> = self.w.keys().collect();
        keys.sort();
        let mut s = String::new();
        let _ = writeln!(s, "# {header}");
        let _ = writeln!(s, "# columns: feature_hash\tweight");
        let mut th: Vec<(&String, &f32)> = self.thresholds.iter().collect();
        th.sort_by(|a, b| a.0.cmp(b.0));
        for (r, t) in th {
            let _ = writeln!(s, "threshold:{r}\t{t:.3}");
        }
        for k in keys {
            let _ = writeln!(s, "{k:x}\t{:.4}", self.w[k]);
        }
        s
    }

    pub fn from_text(text: &str) -> Scorer {
        let mut w = FxHashMap::default();
        let mut thresholds = FxHashMap::default();
        for line in text.lines() {
            if line.starts_with('#') {
                continue;
            }
            if let Some((h, v)) = line.split_once('\t') {
                if let (Some(r), Ok(v)) = (h.strip_prefix("threshold:"), v.parse::<f32>()) {
                    thresholds.insert(r.to_string(), v);
                    continue;
                }
                if let (Ok(h), Ok(v)) = (u64::from_str_radix(h, 16), v.parse::<f32>()) {
                    w.insert(h, v);
                }
            }
        }
        Scorer { w, thresholds }
    }
}

/// Is this event scored by the model?
pub fn scored(e: &Event) -> bool {
    matches!(e.root.as_str(), "14" | "18" | "19" | "20")
        && !matches!(
            e.modality,
            Modality::Negated | Modality::Hypothetical | Modality::Future
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_rule_and_round_trips() {
        let a = fnv(&["a"]);
        let b = fnv(&["b"]);
        let bias = fnv(&["bias"]);
        let data: Vec<(Vec<u64>, bool)> = (0..40)
            .map(|i| {
                if i % 2 == 0 {
                    (vec![bias, a], true)
                } else {
                    (vec![bias, b], false)
                }
            })
            .collect();
        let s = Scorer::train(&data, 10, 1e-4, 3);
        assert!(s.prob(&[bias, a]) > 0.8 && s.prob(&[bias, b]) < 0.2);
        let back = Scorer::from_text(&s.to_text("t"));
        assert!((back.prob(&[bias, a]) - s.prob(&[bias, a])).abs() < 1e-2);
    }
}
