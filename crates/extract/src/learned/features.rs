//! Hashed features of the learned layer: of a candidate (is it a political event?) and of a
//! (candidate, mention) pair for each role (is this mention its source? its target?), with a
//! pseudo-mention "none" that competes with the real ones.

use super::candidates::{Candidate, Mention};
use crate::entities::{Entity, EntityType};
use crate::events::Event;
use crate::words::Word;
use rustc_hash::FxHashSet;

/// The scorer's FNV-1a over the parts, with the top bit left clear (see `scorer::LEXICAL`).
fn hash(parts: &[&str]) -> u64 {
    crate::scorer::fnv(parts) & !crate::scorer::LEXICAL
}

/// Features of one model, each hashed as `hash(&[prefix, parts…])`.
pub(super) struct Sink {
    /// the hash state after the prefix: hashed once, and no Vec per feature
    start: crate::scorer::Fnv,
    pub(super) out: Vec<u64>,
}

impl Sink {
    pub(super) fn new(prefix: &'static str, capacity: usize) -> Sink {
        Sink {
            start: crate::scorer::Fnv::new().part(prefix),
            out: Vec::with_capacity(capacity),
        }
    }

    pub(super) fn add(&mut self, parts: &[&str]) {
        self.out
            .push(self.start.parts(parts) & !crate::scorer::LEXICAL);
    }
}

pub(super) fn bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3..=4 => "3-4",
        5..=8 => "5-8",
        9..=15 => "9-15",
        _ => "16+",
    }
}

/// A feature conjoined with a CAMEO root (index 0..20): one model scores every root.
pub fn conj(h: u64, root: usize) -> u64 {
    let mut x = h ^ (root as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x = x.wrapping_mul(0x0000_0100_0000_01b3);
    x ^= x >> 29;
    x & !crate::scorer::LEXICAL
}

/// The root-independent features of a sentence for the "which roots does it report" model: its
/// words, the codes the lexicon and the rules see in it, its mentions and dates.
pub fn sentence_features(
    ws: &[Word],
    sw: &std::ops::Range<usize>,
    cands: &[&Candidate],
    rules: &[&Event],
    mentions: usize,
    n_dates: usize,
    sentence: usize,
) -> Vec<u64> {
    let mut f = Sink::new("R", 64);
    f.add(&["bias"]);
    for i in sw.clone() {
        let w = &ws[i];
        if w.is_punct() || w.is_number() || w.stem.chars().count() < 2 {
            continue;
        }
        f.add(&["bow", &w.stem]);
    }
    for c in cands {
        f.add(&["lexroot", c.root()]);
        f.add(&["lexcode", &c.code]);
        f.add(&["lexkey", &ws[c.trigger].stem, c.root()]);
        // the trigger's surroundings: «على» after «القبض» is not «علي», a definite masdar
        // opening the sentence is rarely the reported act
        {
            let t = &ws[c.trigger];
            let prev = if c.trigger > sw.start {
                ws[c.trigger - 1].core.as_str()
            } else {
                "^"
            };
            f.add(&["lexprev", prev, c.root()]);
            f.add(&["lexprocl", &t.proclitics, c.root()]);
            f.add(&["lexart", if t.has_article() { "1" } else { "0" }, c.root()]);
            f.add(&["lexpos", bucket(c.trigger - sw.start), c.root()]);
        }
    }
    for e in rules {
        f.add(&["rule", &e.root]);
        f.add(&["rulecode", &e.cameo]);
    }
    f.add(&["nm", bucket(mentions)]);
    f.add(&["dates", bucket(n_dates)]);
    f.add(&["sent", bucket(sentence)]);
    f.out
}

/// The hash of a sentence word feature (to find the word a root rests on).
pub fn bow_hash(stem: &str) -> u64 {
    hash(&["R", "bow", stem])
}

/// Features of mention `m` (or none) in `role` ("S" or "T") of candidate `c`.
pub fn role_features(
    ws: &[Word],
    entities: &[Entity],
    c: &Candidate,
    rules: &[Event],
    m: Option<&Mention>,
    role: &'static str,
    openers: &FxHashSet<String>,
) -> Vec<u64> {
    let mut f = Sink::new(role, 48);
    let root = c.root();
    let key = ws[c.trigger].stem.as_str();
    fn side<'e>(e: &'e Event, role: &str) -> &'e Option<crate::events::Actor> {
        if role == "S" {
            &e.source
        } else {
            &e.target
        }
    }
    let rule_side = |e| side(e, role);
    let Some(m) = m else {
        f.add(&["none"]);
        f.add(&["none", "root", root]);
        f.add(&["none", "key", key]);
        let here = c.mentions.iter().filter(|m| !m.previous).count();
        f.add(&["none", "nm", bucket(here)]);
        let rules_none =
            !c.rules.is_empty() && c.rules.iter().all(|&r| rule_side(&rules[r]).is_none());
        f.add(&["none", "rule_none", if rules_none { "1" } else { "0" }]);
        return f.out;
    };
    let e = &entities[m.entity];
    let t = c.trigger;
    let dir = if m.words.start > t { "A" } else { "B" };
    let dist = if m.words.start > t {
        m.words.start - t
    } else {
        t.saturating_sub(m.words.end - 1)
    };
    let etype = match e.etype {
        EntityType::Person => "per",
        EntityType::Org => "org",
        EntityType::Country => "cty",
        EntityType::Place => "plc",
    };
    let agent = e.agent.as_deref().unwrap_or("-");
    let has_country = e.country.is_some();
    // rank among the mentions on the same side of the trigger, nearest first
    let rank = c
        .mentions
        .iter()
        .filter(|o| o.previous == m.previous)
        .filter(|o| {
            if dir == "A" {
                o.words.start > t && o.words.start < m.words.start
            } else {
                o.words.start <= t && o.words.start > m.words.start
            }
        })
        .count();
    let rank = if m.previous {
        "prev".to_string()
    } else {
        rank.min(3).to_string()
    };
    let first = &ws[m.words.start];
    let prev_word = if m.words.start > 0 {
        ws[m.words.start - 1].core.as_str()
    } else {
        "^"
    };
    let next_word = ws.get(m.words.end).map_or("$", |w| w.core.as_str());
    let dist_b = bucket(dist);
    f.add(&["dir", dir]);
    f.add(&["dir", dir, "root", root]);
    f.add(&["dist", dir, dist_b]);
    f.add(&["dist", dir, dist_b, "root", root]);
    f.add(&["rank", dir, &rank]);
    f.add(&["rank", dir, &rank, "root", root]);
    f.add(&["rank", dir, &rank, "key", key]);
    f.add(&["type", etype]);
    f.add(&["type", etype, "root", root]);
    f.add(&["type", etype, "dir", dir]);
    f.add(&["agent", agent, "root", root]);
    f.add(&["country", if has_country { "1" } else { "0" }, "root", root]);
    f.add(&["meton", if e.metonymy { "1" } else { "0" }]);
    f.add(&["nominal", if e.nominal { "1" } else { "0" }]);
    f.add(&["procl", &first.proclitics, dir]);
    f.add(&["procl", &first.proclitics, dir, "root", root]);
    f.add(&["mprev", prev_word, dir]);
    f.add(&["mprev", prev_word, "root", root]);
    f.add(&["mnext", next_word]);
    f.add(&["mnext", next_word, "dir", dir]);
    let head = ws[m.words.start].bare.as_str();
    f.add(&["mhead", head, "root", root]);
    f.add(&["mhead", head, "dir", dir]);
    f.add(&["agent", agent, "root", root, "dir", dir]);
    f.add(&["type", etype, "root", root, "dir", dir, &rank]);
    let code = e.code.as_deref().unwrap_or("");
    if matches!(code.get(..3), Some("IGO" | "IMG")) {
        f.add(&["igo", &code[..3], "root", root, "dir", dir]);
    }
    // first mention of the sentence (the lead's subject), and mentions inside quotes
    let first_in_sentence = !m.previous
        && !c
            .mentions
            .iter()
            .any(|o| !o.previous && o.words.start < m.words.start);
    f.add(&[
        "first",
        if first_in_sentence { "1" } else { "0" },
        "dir",
        dir,
        "root",
        root,
    ]);
    let any_before = c.mentions.iter().any(|o| !o.previous && o.words.start < t);
    if m.previous {
        f.add(&[
            "prev_sent",
            "any_before",
            if any_before { "1" } else { "0" },
            "root",
            root,
        ]);
    }
    f.add(&["key", key, "dir", dir]);
    f.add(&["trig_procl", &ws[t].proclitics, "dir", dir]);
    f.add(&[
        "trig_art",
        if ws[t].has_article() { "1" } else { "0" },
        "dir",
        dir,
    ]);
    if !m.previous {
        let between = if dir == "A" {
            t + 1..m.words.start
        } else {
            m.words.end..t
        };
        let others = c
            .mentions
            .iter()
            .filter(|o| !o.previous && o.words.start != m.words.start)
            .filter(|o| between.contains(&o.words.start))
            .count();
        clause_features(&mut f, ws, between.clone(), openers, others, dir, root);
        if between.len() <= 6 {
            for i in between {
                f.add(&["btw", &ws[i].core, dir]);
            }
        } else {
            f.add(&["btw_far", dir]);
        }
    }
    for &r in &c.rules {
        if let Some(a) = rule_side(&rules[r]) {
            if a.entity.is_some() && a.entity == Some(e.id)
                || a.span.0 >= ws[m.words.start].start && a.span.1 <= ws[m.words.end - 1].end
            {
                f.add(&["rule_pick"]);
                f.add(&["rule_pick", "root", root]);
                break;
            }
        }
    }
    // the same entity on the other side of the rules: a hint against
    for &r in &c.rules {
        let other = if role == "S" {
            &rules[r].target
        } else {
            &rules[r].source
        };
        if let Some(a) = other {
            if a.span.0 >= ws[m.words.start].start && a.span.1 <= ws[m.words.end - 1].end {
                f.add(&["rule_other"]);
                break;
            }
        }
    }
    f.out
}

/// How the words between a mention and its trigger divide them: punctuation, clause openers
/// (cues.tsv `clause_opener`: a mention past a relative pronoun, a complementizer or a verb of
/// saying mostly belongs to another predicate, «قال الوزير إن القوات التي هاجمت …»), the number
/// of other mentions, and the words at either end of a long gap.
fn clause_features(
    f: &mut Sink,
    ws: &[Word],
    between: std::ops::Range<usize>,
    openers: &FxHashSet<String>,
    others: usize,
    dir: &str,
    root: &str,
) {
    let punct = between.clone().filter(|&i| ws[i].is_punct()).count();
    let opener = between.clone().find(|&i| openers.contains(&ws[i].core));
    f.add(&["sep", dir, bucket(punct)]);
    f.add(&["sep", dir, bucket(punct), "root", root]);
    f.add(&["clause", dir, if opener.is_some() { "1" } else { "0" }]);
    f.add(&[
        "clause",
        dir,
        if opener.is_some() { "1" } else { "0" },
        "root",
        root,
    ]);
    if let Some(i) = opener {
        f.add(&["opener", &ws[i].core, dir]);
    }
    f.add(&["mbtw", dir, bucket(others)]);
    f.add(&["mbtw", dir, bucket(others), "root", root]);
    if between.len() > 6 {
        f.add(&["btw_first", &ws[between.start].core, dir]);
        f.add(&["btw_last", &ws[between.end - 1].core, dir]);
    }
}
