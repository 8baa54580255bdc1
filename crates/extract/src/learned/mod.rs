//! The learned layer of the event coder: the rules and lexicons propose, trained models decide.
//!
//! Candidates are every trigger word the event lexicon or the trigger table learned from the
//! annotations knows, each with the rule coder's events on that word (candidates.rs), and the actor
//! mentions of its sentence and the previous one. Three logistic models (features.rs) then decide:
//! is the candidate a political event; which mention (or none) is its source; which its target.
//! The weights and the learned trigger table ship in `data/models/coder.txt`, trained by
//! `khabar eval events --train-coder` on hand-coded files (never on the dev gold). With an empty
//! model the rule coder's events stand unchanged.

pub mod candidates;
pub mod features;
pub mod rows;

use crate::dates::DateMention;
use crate::entities::{Entity, EntityType};
use crate::events::{Actor, Event, Modality};
use crate::scorer::Scorer;
use crate::words::Word;
use candidates::{Candidate, Mention, TriggerIndex};
use khabar_lexicon::Lexicon;
use rustc_hash::FxHashMap;
use std::fmt::Write as _;
use std::ops::Range;

/// How the layer combines with the rule coder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// the rule coder's events as they are: the layer idle (the default until the seventh
    /// session, when the models had been right less often than the rules in strict reviews)
    Rules,
    /// the models decide every event
    Learned,
    /// the rules' events all stand (a side they left empty filled by the role models); the models
    /// add events for the (sentence, root) pairs the rules left uncoded. The default: in blind strict reviews of 2 × 100 SaudiNewsNet events it was
    /// right 66 times (rules 57, learned 63), it finds ~3.5× the rules' events, keeps every seed
    /// event and every verb a user's `--lexicon` adds
    Hybrid,
    /// the rules' events stand where the root model finds their root in their sentence (P ≥ the
    /// model's threshold); nothing is added
    Vet,
}

impl Mode {
    pub fn parse(s: &str) -> Option<Mode> {
        match s {
            "rules" => Some(Mode::Rules),
            "learned" => Some(Mode::Learned),
            "hybrid" => Some(Mode::Hybrid),
            "vet" => Some(Mode::Vet),
            _ => None,
        }
    }
}

/// The mode of a new layer.
pub const MODE_DEFAULT: Mode = Mode::Hybrid;

/// CAMEO roots, in model order.
pub const ROOTS: [&str; 20] = [
    "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16",
    "17", "18", "19", "20",
];

/// The trained models.
pub struct Model {
    /// which roots a sentence reports (features conjoined with the root)
    pub roots: Scorer,
    pub source: Scorer,
    pub target: Scorer,
    /// a (sentence, root) event is kept when P ≥ this
    pub threshold: f32,
    /// the same per root where cross-validation chose one (roots differ in how sure the model
    /// must be: a statement is cheap to guess, a bombing is not)
    pub root_thresholds: FxHashMap<usize, f32>,
    /// an event is kept only when its best pair of sides is this likely (the product of the two
    /// side models' probabilities): a sure root with unsure sides is mostly a wrong dyad
    pub pair_floor: f32,
    /// learned trigger table: key (folded stem) → CAMEO code
    pub triggers: FxHashMap<String, String>,
}

impl Model {
    pub fn is_empty(&self) -> bool {
        self.roots.is_empty()
    }

    /// The keep threshold of root index `r`.
    pub fn threshold_of(&self, r: usize) -> f32 {
        self.root_thresholds
            .get(&r)
            .copied()
            .unwrap_or(self.threshold)
    }

    pub fn to_text(&self, header: &str) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "# {header}");
        let _ = writeln!(s, "threshold\t{:.3}", self.threshold);
        let _ = writeln!(s, "pair_floor\t{:.3}", self.pair_floor);
        let mut rt: Vec<_> = self.root_thresholds.iter().collect();
        rt.sort_by_key(|x| *x.0);
        for (r, t) in rt {
            let _ = writeln!(s, "threshold_root\t{}\t{t:.3}", ROOTS[*r]);
        }
        let _ = writeln!(s, "[triggers]");
        let mut t: Vec<_> = self.triggers.iter().collect();
        t.sort();
        for (k, c) in t {
            let _ = writeln!(s, "{k}\t{c}");
        }
        for (name, m) in [
            ("roots", &self.roots),
            ("source", &self.source),
            ("target", &self.target),
        ] {
            let _ = writeln!(s, "[{name}]");
            s.push_str(&m.to_text(name));
        }
        s
    }

    pub fn from_text(text: &str) -> Model {
        let mut sections: FxHashMap<&str, String> = FxHashMap::default();
        let mut cur = "";
        let mut threshold = 0.5;
        let mut pair_floor = 0.0;
        let mut root_thresholds = FxHashMap::default();
        for line in text.lines() {
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                cur = name;
                continue;
            }
            if cur.is_empty() {
                if let Some(v) = line.strip_prefix("threshold\t") {
                    threshold = v.parse().unwrap_or(0.5);
                }
                if let Some(v) = line.strip_prefix("pair_floor\t") {
                    pair_floor = v.parse().unwrap_or(0.0);
                }

                if let Some((r, t)) = line
                    .strip_prefix("threshold_root\t")
                    .and_then(|v| v.split_once('\t'))
                {
                    if let (Some(r), Ok(t)) = (ROOTS.iter().position(|x| *x == r), t.parse()) {
                        root_thresholds.insert(r, t);
                    }
                }
                continue;
            }
            let e = sections.entry(cur).or_default();
            e.push_str(line);
            e.push('\n');
        }
        let triggers = sections
            .get("triggers")
            .map(|s| {
                s.lines()
                    .filter_map(|l| l.split_once('\t'))
                    .map(|(k, c)| (k.to_string(), c.to_string()))
                    .collect()
            })
            .unwrap_or_default();
        let model = |n: &str| Scorer::from_text(sections.get(n).map_or("", String::as_str));
        Model {
            roots: model("roots"),
            source: model("source"),
            target: model("target"),
            threshold,
            root_thresholds,
            pair_floor,
            triggers,
        }
    }
}

/// Everything the layer needs of one text.
pub struct Input<'a> {
    pub text: &'a str,
    pub ws: &'a [Word],
    pub sentences: &'a [Range<usize>],
    pub entities: &'a [Entity],
    pub dates: &'a [DateMention],
    pub published: Option<&'a str>,
    /// the rule coder's events
    pub rules: &'a [Event],
}

/// A text's candidates and sentences with their features (also what training sees).
pub struct Prepared {
    pub cands: Vec<Candidate>,
    pub sent_words: Vec<Range<usize>>,
    /// per sentence, its root-independent features (see `features::conj`)
    pub sent_feats: Vec<Vec<u64>>,
    /// per sentence, the mentions usable as actors (this sentence and the previous one)
    pub mentions: Vec<Vec<Mention>>,
}

/// The role features of an anchored event: per mention, then "none" last.
pub struct Roles {
    pub source: Vec<Vec<u64>>,
    pub target: Vec<Vec<u64>>,
}

pub struct Layer {
    pub index: TriggerIndex,
    pub model: Model,
    /// the rule coder's events all stand, and the models add events only for the (sentence, root)
    /// pairs the rules left uncoded; else the models decide every event
    pub mode: Mode,
}

impl Layer {
    pub fn new(lx: &Lexicon, model: Model) -> Layer {
        Layer {
            index: TriggerIndex::build(lx, model.triggers.clone()),
            model,
            mode: MODE_DEFAULT,
        }
    }

    /// Candidates and sentence features of a text.
    pub fn prepare(&self, x: &Input) -> Prepared {
        let sw = candidates::sentence_words(x.ws, x.sentences);
        let mentions = candidates::mentions_per_sentence(x.ws, x.entities, &sw);
        let cands = candidates::candidates(&self.index, x.ws, &sw, x.entities, x.rules, &mentions);
        let sent_feats = sw
            .iter()
            .enumerate()
            .map(|(si, w)| {
                let s = &x.sentences[si];
                let n_dates = x
                    .dates
                    .iter()
                    .filter(|d| d.span.0 >= s.start && d.span.1 <= s.end)
                    .count();
                let cs: Vec<&Candidate> = cands.iter().filter(|c| c.sentence == si).collect();
                let rs: Vec<&Event> = x.rules.iter().filter(|e| e.sentence == si).collect();
                let here = mentions[si].iter().filter(|m| !m.previous).count();
                features::sentence_features(x.ws, w, &cs, &rs, here, n_dates, si)
            })
            .collect();
        Prepared {
            cands,
            sent_words: sw,
            sent_feats,
            mentions,
        }
    }

    /// P(the sentence reports an event of root `r`).
    pub fn root_prob(m: &Model, p: &Prepared, si: usize, r: usize) -> f32 {
        let f: Vec<u64> = p.sent_feats[si]
            .iter()
            .map(|&h| features::conj(h, r))
            .collect();
        m.roots.prob(&f)
    }

    /// P(the sentence reports an event of each root), the same to the bit as `root_prob` (each sum
    /// runs in feature order, as in `Scorer::prob`). The root weights of each feature come from a
    /// per-thread cache (rows.rs): texts repeat their words, and every sentence has the bias and
    /// bucket features.
    pub fn root_probs(m: &Model, p: &Prepared, si: usize) -> [f32; ROOTS.len()] {
        rows::root_sums(&m.roots, &p.sent_feats[si]).map(crate::scorer::sigmoid)
    }

    /// The trigger an event of root `r` in sentence `si` rests on: a candidate of that root (one the
    /// rules made an event of first), else the sentence word the root model weighs most.
    pub fn anchor(
        &self,
        x: &Input,
        p: &Prepared,
        m: &Model,
        si: usize,
        r: usize,
    ) -> Option<Candidate> {
        let root = ROOTS[r];
        let best = p
            .cands
            .iter()
            .filter(|c| c.sentence == si && c.root() == root)
            .max_by_key(|c| (!c.rules.is_empty(), c.lexical, std::cmp::Reverse(c.trigger)));
        if let Some(c) = best {
            return Some(c.clone());
        }
        // else a word the annotations used as a trigger of this root, the one the root model weighs
        // most; a root with no such word in the sentence has nothing to rest on
        let sw = &p.sent_words[si];
        let learned = |k: usize| {
            if self.index.is_function(&x.ws[k]) {
                return None;
            }
            let stem = &x.ws[k].stem;
            self.model
                .triggers
                .get(stem)
                .or_else(|| m.triggers.get(stem))
                .filter(|c| c.starts_with(root))
                .cloned()
        };
        let k = sw
            .clone()
            .filter(|&k| !x.entities.iter().any(|e| e.words.contains(&k)))
            .filter(|&k| learned(k).is_some())
            .max_by(|&a, &b| {
                let w = |k: usize| {
                    m.roots
                        .prob(&[features::conj(features::bow_hash(&x.ws[k].stem), r)])
                };
                w(a).total_cmp(&w(b)).then(b.cmp(&a))
            })?;
        let code = learned(k).unwrap_or_else(|| format!("{root}0"));
        Some(Candidate {
            sentence: si,
            sent_words: sw.clone(),
            trigger: k,
            code,
            lexical: false,
            rules: Vec::new(),
            mentions: p.mentions[si].clone(),
        })
    }

    /// Role features of an anchored event.
    pub fn roles(&self, x: &Input, c: &Candidate) -> Roles {
        let side = |role| {
            c.mentions
                .iter()
                .map(Some)
                .chain(std::iter::once(None))
                .map(|m| features::role_features(x.ws, x.entities, c, x.rules, m, role))
                .collect::<Vec<_>>()
        };
        Roles {
            source: side("S"),
            target: side("T"),
        }
    }

    /// The events of a text, decided by the given models (the shipped ones, or a fold's in training).
    pub fn decide(&self, x: &Input, p: &Prepared, m: &Model, lx: &Lexicon) -> Vec<Event> {
        let mut out: Vec<Event> = Vec::new();
        if self.mode == Mode::Rules {
            return x.rules.to_vec();
        }
        if self.mode == Mode::Vet {
            for e in x.rules {
                let Some(r) = ROOTS.iter().position(|r| *r == e.root) else {
                    continue;
                };
                if e.sentence < p.sent_words.len()
                    && Self::root_prob(m, p, e.sentence, r) >= m.threshold_of(r)
                {
                    out.push(e.clone());
                }
            }
            return out;
        }
        for si in 0..p.sent_words.len() {
            let probs = Self::root_probs(m, p, si);
            for (r, &conf) in probs.iter().enumerate() {
                if conf < m.threshold_of(r) {
                    continue;
                }
                if self.mode == Mode::Hybrid
                    && x.rules
                        .iter()
                        .any(|e| e.sentence == si && e.root == ROOTS[r])
                {
                    continue;
                }
                let Some(c) = self.anchor(x, p, m, si, r) else {
                    continue;
                };
                let Some((src, tgt, _)) = self.sides(x, m, &c, r) else {
                    continue;
                };
                let actor = |i: usize| self.actor(x, &c.mentions[i]);
                out.push(self.event(x, &c, src.map(actor), tgt.map(actor), conf, lx));
            }
        }
        if self.mode == Mode::Hybrid {
            for (ri, e) in x.rules.iter().enumerate() {
                out.push(self.fill_sides(x, p, m, ri, e));
            }
            out.sort_by_key(|e| (e.sentence, e.trigger.0));
        }
        out
    }

    /// A rule event with a side left empty takes the role models' pick for its trigger, unless
    /// that is the other side's actor: the rules leave a side '-' where they find no pattern
    /// («قتل عشرة جنود أفغان … في غارة أميركية»), the models still see the mentions around. The
    /// sides the rules did find stand (rules are right more often there: replacing them cost
    /// five of the seeds' 18 events). On events-009 with the model of train-001 … events-008:
    /// hybrid F1 0.360 → 0.384, the seeds kept.
    fn fill_sides(&self, x: &Input, p: &Prepared, m: &Model, ri: usize, e: &Event) -> Event {
        let mut e = e.clone();
        if e.source.is_some() && e.target.is_some() {
            return e;
        }
        let c = p.cands.iter().find(|c| c.rules.contains(&ri));
        let r = ROOTS.iter().position(|r| *r == e.root);
        let (Some(c), Some(r)) = (c, r) else {
            return e;
        };
        let Some((src, tgt, _)) = self.sides(x, m, c, r) else {
            return e;
        };
        let actor = |i: usize| self.actor(x, &c.mentions[i]);
        let differs =
            |a: &Actor, other: &Option<Actor>| other.as_ref().is_none_or(|o| o.code != a.code);
        if e.source.is_none() {
            e.source = src.map(actor).filter(|a| differs(a, &e.target));
        }
        if e.target.is_none() {
            e.target = tgt.map(actor).filter(|a| differs(a, &e.source));
        }
        // the evidence covers a side found in the sentence
        let s = &x.sentences[e.sentence];
        for a in [&e.source, &e.target].into_iter().flatten() {
            if a.span.0 >= s.start && a.span.1 <= s.end {
                e.span = (e.span.0.min(a.span.0), e.span.1.max(a.span.1));
            }
        }
        e
    }

    /// The best pair of sides of candidate `c` (root index `r`) by the role models, jointly (one
    /// entity cannot be both), as mention indices; None when the pair is less likely than the
    /// model's floor or both sides are none.
    fn sides(
        &self,
        x: &Input,
        m: &Model,
        c: &Candidate,
        r: usize,
    ) -> Option<(Option<usize>, Option<usize>, f32)> {
        let roles = self.roles(x, c);
        // the best pair of sides, jointly: one entity cannot be both
        let n = c.mentions.len();
        let ps: Vec<f32> = roles
            .source
            .iter()
            .map(|f| m.source.prob(f).max(1e-6).ln())
            .collect();
        let pt: Vec<f32> = roles
            .target
            .iter()
            .map(|f| m.target.prob(f).max(1e-6).ln())
            .collect();
        let id = |i: usize| (i < n).then(|| x.entities[c.mentions[i].entity].id);
        // the outlet or agency that reports an event is no side of a deed: media take
        // part only in what is said (01-02, 10-13)
        let verbal = matches!(ROOTS[r], "01" | "02" | "10" | "11" | "12" | "13");
        let reporter = |i: usize| {
            !verbal && i < n && x.entities[c.mentions[i].entity].agent.as_deref() == Some("MED")
        };
        let mut pair: Option<(usize, usize, f32)> = None;
        for (i, a) in ps.iter().enumerate() {
            for (j, b) in pt.iter().enumerate() {
                if i < n && id(i) == id(j)
                    || reporter(i)
                    || reporter(j)
                    || i < n && j < n && same_referent(x, &c.mentions[i], &c.mentions[j])
                {
                    continue;
                }
                if pair.is_none_or(|p| a + b > p.2) {
                    pair = Some((i, j, a + b));
                }
            }
        }
        let (si_, ti_, lp) = pair?;
        if lp.exp() < m.pair_floor {
            return None;
        }
        let (src, tgt) = ((si_ < n).then_some(si_), (ti_ < n).then_some(ti_));
        if src.is_none() && tgt.is_none() {
            return None;
        }
        Some((src, tgt, lp.exp()))
    }

    fn actor(&self, x: &Input, m: &Mention) -> Actor {
        let e = &x.entities[m.entity];
        Actor {
            span: e.span,
            code: e.code.clone().unwrap_or_default(),
            entity: Some(e.id),
            implicit: m.previous,
        }
    }

    fn event(
        &self,
        x: &Input,
        c: &Candidate,
        source: Option<Actor>,
        target: Option<Actor>,
        conf: f32,
        lx: &Lexicon,
    ) -> Event {
        let ws = x.ws;
        let rule = c.rules.first().map(|&r| &x.rules[r]);
        let s = &x.sentences[c.sentence];
        // evidence: from the first to the last of trigger and actors within the sentence
        let mut a = ws[c.trigger].word_start;
        let mut b = ws[c.trigger].end;
        for act in [&source, &target].into_iter().flatten() {
            if act.span.0 >= s.start && act.span.1 <= s.end {
                a = a.min(act.span.0);
                b = b.max(act.span.1);
            }
        }
        let (date, mut modality) = when(x, c);
        let (date, place) = match rule {
            Some(r) => {
                // the rules' reading stands unless they saw a plain fact where the cues see a
                // negation, a plan or a background date
                if !matches!(r.modality, Modality::Asserted | Modality::Reported)
                    || modality == Modality::Asserted
                {
                    modality = r.modality;
                }
                let date = if modality == Modality::Historical {
                    date
                } else {
                    r.date.clone()
                };
                (date, r.place.clone())
            }
            None => (date, None),
        };
        // «تعمل على إبرام اتفاق»: a planned deal is an intent, a planned attack a threat
        let code = if modality == Modality::Future {
            crate::events::future_code(&c.code)
        } else {
            c.code.clone()
        };
        let mut e = Event {
            sentence: c.sentence,
            trigger_word: c.trigger,
            sentence_words: c.sent_words.clone(),
            span: (a, b),
            trigger: (ws[c.trigger].word_start, ws[c.trigger].end),
            source,
            target,
            root: String::new(),
            cameo: String::new(),
            quad: 0,
            goldstein: 0.0,
            plover_type: String::new(),
            plover_mode: String::new(),
            date,
            place,
            modality,
            confidence: conf,
        };
        e.set_code(code.clone(), lx.cameo(&code));
        e
    }
}

/// Two mentions of one actor under different entities («الملك محمد السادس» … «العاهل المغربي»
/// after him, or a name repeated): the same code and one name inside the other. An actor is
/// never both sides of its own cable or visit.
fn same_referent(x: &Input, a: &Mention, b: &Mention) -> bool {
    let (ea, eb) = (&x.entities[a.entity], &x.entities[b.entity]);
    if ea.code.is_none() || ea.code != eb.code {
        return false;
    }
    let (na, nb) = (ea.name.trim(), eb.name.trim());
    let person = ea.etype == EntityType::Person && eb.etype == EntityType::Person;
    !na.is_empty() && !nb.is_empty() && (na.contains(nb) || nb.contains(na))
        || person && (ea.nominal || eb.nominal)
}

/// Negation particles right before a trigger (folded).
const NEGATION: &[&str] = &["لم", "لن", "لا", "ما", "عدم", "دون", "بدون"];
/// Words of intent or plan right before a trigger («يعتزم», «تعمل على إبرام»): not done yet.
const INTENT: &[&str] = &[
    "سوف",
    "يعتزم",
    "تعتزم",
    "يعتزمون",
    "ينوي",
    "تنوي",
    "يخطط",
    "تخطط",
    "يخططون",
    "تعمل",
    "يعمل",
    "يسعى",
    "تسعى",
    "ستعمل",
    "سيعمل",
    "خطه",
    "اعتزام",
    "نيه",
    "لبحث",
    "بهدف",
    "امكانيه",
    "المقرر",
    "مقرر",
    "المرتقب",
    "المزمع",
];

/// Date and modality of an event the rules did not code: the explicit date nearest the trigger in
/// its clause wins over the publication date; a date more than a week before publication makes
/// the event background (historical); a negation or a word of plan right before the trigger, or the
/// future prefix, make it negated or future.
fn when(x: &Input, c: &Candidate) -> (Option<String>, Modality) {
    let ws = x.ws;
    let k = c.trigger;
    let sw = &c.sent_words;
    let lo = ws[k.saturating_sub(10).max(sw.start)].start;
    let hi = ws[(k + 10).min(sw.end.saturating_sub(1)).max(k)].end;
    let nearest = x
        .dates
        .iter()
        .filter(|d| d.value.is_some() && d.span.0 >= lo && d.span.1 <= hi)
        .min_by_key(|d| d.span.0.abs_diff(ws[k].start))
        // a sentence with one dated expression dates its events, however far from the trigger
        // (as the rules do: «قتل 25 … إثر غارات … في محافظة مأرب مساء الجمعة»)
        .or_else(|| {
            let (s, e) = (
                ws[sw.start].start,
                ws[sw.end.saturating_sub(1).max(sw.start)].end,
            );
            crate::dates::sole_dated(x.dates.iter().filter(|d| d.span.0 >= s && d.span.1 <= e))
        });
    let date = nearest
        .and_then(|d| d.value.clone())
        .or_else(|| x.published.map(String::from));
    let before = |n: usize| {
        (1..=n)
            .filter_map(|d| k.checked_sub(d))
            .filter(|&j| j >= sw.start)
    };
    let negated = before(2).any(|j| NEGATION.contains(&ws[j].core.as_str()));
    let w = &ws[k];
    let future = w.proclitics.contains('س') && (w.core.starts_with('ي') || w.core.starts_with('ت'))
        || before(3).any(|j| {
            INTENT.contains(&ws[j].core.as_str())
                || ws[j].proclitics.contains('س') && ws[j].core.starts_with('ي')
        });
    let published = x.published.and_then(crate::dates::Ymd::parse);
    let old = nearest
        .and_then(|d| d.value.as_deref())
        .zip(published)
        .is_some_and(|(v, p)| match crate::dates::Ymd::parse(v) {
            Some(d) => d.days() < p.days() - 7,
            // a month or a year: before the publication's
            None => v < p.fmt_day().get(..v.len()).unwrap_or(""),
        });
    let modality = if negated {
        Modality::Negated
    } else if future {
        Modality::Future
    } else if old {
        Modality::Historical
    } else {
        Modality::Asserted
    };
    (date, modality)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Events of `text` by the shipped models deciding every event, one line each:
    /// «trigger code source>target».
    fn coded(text: &str) -> Vec<String> {
        let mut ex = crate::Extractor::default();
        ex.layer.mode = Mode::Learned;
        let toks = ex.segmenter().tokenize(text);
        let sents = khabar_text::sentences::split(text);
        let x = ex.extract(text, &toks, &sents, Some("2015-08-01"));
        let side = |a: &Option<Actor>| a.as_ref().map_or("-".to_string(), |a| a.code.clone());
        x.events
            .iter()
            .map(|e| {
                format!(
                    "{} {} {}>{}",
                    &text[e.trigger.0..e.trigger.1],
                    e.cameo,
                    side(&e.source),
                    side(&e.target)
                )
            })
            .collect()
    }

    fn check(text: &str, expected: &[&str]) {
        assert_eq!(coded(text), expected, "{text}");
    }

    #[test]
    fn one_date_in_a_sentence_dates_its_events() {
        // «مساء الجمعة» is far from «قتلوا» and «غارات», but the sentence's only date
        let text =
            "وقال مصدر في المقاومة الشعبية إن نحو خمسة وعشرين من ميليشيات الحوثي وقوات موالية \
                    للرئيس المخلوع قتلوا وأصيب خمسة عشر آخرون إضافة إلى تدمير دبابة وطقم عسكري إثر \
                    غارات لطائرات التحالف على مواقع لهم في محافظة مأرب مساء الجمعة.";
        let mut ex = crate::Extractor::default();
        ex.layer.mode = Mode::Learned;
        let toks = ex.segmenter().tokenize(text);
        let sents = khabar_text::sentences::split(text);
        let x = ex.extract(text, &toks, &sents, Some("2015-08-02"));
        assert!(!x.events.is_empty());
        for e in &x.events {
            assert_eq!(e.date.as_deref(), Some("2015-07-31"), "{}", e.cameo);
        }
    }

    #[test]
    fn function_words_are_no_learned_triggers() {
        // «هناك» stems to «هنا», the fold of «هنأ» (congratulated); «هنأ» itself stays a trigger
        let ex = crate::Extractor::default();
        let toks = ex.segmenter().tokenize("هناك هنأ");
        let ws = crate::words::words(&toks);
        let layer = &ex.layer;
        assert!(layer.index.is_function(&ws[0]));
        assert!(!layer.index.is_function(&ws[1]));
        assert_eq!(layer.index.code_at(&ws, 0, ws.len()), None);
        assert_eq!(
            layer.index.code_at(&ws, 1, ws.len()).map(|c| c.0),
            Some("051".to_string())
        );
    }

    #[test]
    fn trigger_keys_skip_function_words_and_names() {
        let ex = crate::Extractor::default();
        let key = |phrase: &str| {
            let toks = ex.segmenter().tokenize(phrase);
            let sents = khabar_text::sentences::split(phrase);
            let x = ex.extract_names(phrase, &toks, &sents, None);
            let ws: Vec<&Word> = x.words.iter().collect();
            candidates::trigger_key(&ws, &ex.layer.index, &x.entities)
        };
        assert_eq!(key("القبض على").as_deref(), Some("قبض"));
        assert_eq!(key("القبض عليه").as_deref(), Some("قبض"));
        assert_eq!(key("اتفاق القاهرة").as_deref(), Some("اتفاق"));
        assert_eq!(key("قام بزيارة").as_deref(), Some("زياره"));
    }

    #[test]
    fn strikes_condemnations_meetings() {
        // the place «صنعاء» is neither side; the unnamed attack leaves the target empty
        check(
            "شنت طائرات التحالف العربي غارات جوية على مواقع الحوثيين في صنعاء أمس. وأدان وزير الخارجية السعودي عادل الجبير الهجوم الإرهابي على المسجد. والتقى الرئيس المصري عبد الفتاح السيسي وزير الخارجية الأمريكي جون كيري في القاهرة.",
            &["شنت 195 SAUMIL>YEMREB", "وأدان 111 SAUGOV>-", "والتقى 040 EGYGOV>USAGOV"],
        );
    }

    #[test]
    fn root_probs_are_root_prob() {
        // the per-sentence pass (with its cache) must give `root_prob`'s figures to the bit
        let ex = crate::Extractor::default();
        let text = "شنت طائرات التحالف العربي غارات جوية على مواقع الحوثيين في صنعاء أمس. وأدان وزير الخارجية السعودي عادل الجبير الهجوم. والتقى الرئيس المصري وزير الخارجية الأمريكي في القاهرة، وبحث معه الهجوم.";
        let toks = ex.segmenter().tokenize(text);
        let sents = khabar_text::sentences::split(text);
        let x = ex.extract(text, &toks, &sents, Some("2015-08-01"));
        let input = Input {
            text,
            ws: &x.words,
            sentences: &sents,
            entities: &x.entities,
            dates: &x.dates,
            published: Some("2015-08-01"),
            rules: &x.events,
        };
        let p = ex.layer.prepare(&input);
        let m = &ex.layer.model;
        assert_eq!(p.sent_words.len(), 3);
        for si in 0..p.sent_words.len() {
            let all = Layer::root_probs(m, &p, si);
            for (r, got) in all.iter().enumerate() {
                let want = Layer::root_prob(m, &p, si, r);
                assert_eq!(
                    got.to_bits(),
                    want.to_bits(),
                    "sentence {si}, root {}",
                    ROOTS[r]
                );
            }
        }
    }

    #[test]
    fn model_text_round_trips() {
        let m = Model::from_text(include_str!("../../../../data/models/coder.txt"));
        assert!(!m.is_empty(), "the shipped model has weights");
        let again = Model::from_text(&m.to_text("source: test"));
        assert_eq!(again.threshold, m.threshold);
        assert_eq!(again.pair_floor, m.pair_floor);
        assert!(
            m.pair_floor > 0.0,
            "the shipped model carries its dyad floor"
        );
        assert_eq!(again.triggers, m.triggers);
        let f = [features::conj(features::bow_hash("غارة"), 18)];
        assert_eq!(again.roots.prob(&f), m.roots.prob(&f));
    }

    #[test]
    fn empty_model_means_rules_only() {
        let ex = crate::Extractor::rules_only();
        assert!(ex.layer.model.is_empty());
    }
}
