//! The phrase index over word cores: every lexicon name (countries, places,
//! regions, organizations, people, roles) segmented exactly as text is, then
//! matched longest-first. Also the nationality adjective forms, given names
//! and function words that the entity rules consult.

use crate::words::{phrase_cores, words, Word};
use khabar_lexicon::{Lexicon, RoleKind};
use khabar_text::Segmenter;
use rustc_hash::{FxHashMap, FxHashSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Country(usize),
    Place(usize),
    Region(usize),
    Org(usize),
    Person(usize),
    Role(usize),
}

#[derive(Debug, Clone)]
struct Phrase {
    cores: Vec<String>,
    /// proclitics of words after the first («للأمن» inside a name)
    procl: Vec<String>,
    target: Target,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub from: usize,
    pub to: usize,
    pub target: Target,
}

/// [`Gazetteer::flags`] bits: a given name (core)
pub const F_GIVEN: u8 = 1;
/// a function word (core or bare; without the «على» surface rule of [`Gazetteer::is_stop`])
pub const F_STOP: u8 = 2;
/// an event verb form (core or bare)
pub const F_VERB: u8 = 4;
/// a nationality adjective ([`Gazetteer::adjective`] is some)
pub const F_ADJ: u8 = 8;
/// the core begins some lexicon phrase ([`Gazetteer::match_at`] may match)
pub const F_PHRASE: u8 = 16;
/// the core can begin a date expression (`dates::date_starts`)
pub const F_DATE: u8 = 32;

pub struct Gazetteer {
    pub seg: Segmenter,
    /// the F_* bits of every form in `given`, `stop`, `verbs`, `adjectives`, the phrase
    /// index and the date starts, for one lookup
    forms: FxHashMap<String, u8>,
    phrases: Vec<Phrase>,
    index: FxHashMap<String, Vec<usize>>,
    /// adjective form without article → iso3
    adjectives: FxHashMap<String, String>,
    pub given: FxHashSet<String>,
    pub stop: FxHashSet<String>,
    /// fixed expressions that are no name (`Lexicon::not_names`), by their first word
    not_names: FxHashMap<String, Vec<Vec<String>>>,
    /// event trigger forms (bare matching forms), which end a name
    pub verbs: FxHashSet<String>,
    /// per role (index into `lx.roles`): a counterpart title («نظيره»), some phrase
    /// folding to a form that starts with «نظير»
    pub counterpart: Vec<bool>,
    /// every country's ISO3 code, for telling a country-coded actor from an agent-only one
    countries: FxHashSet<String>,
}

/// Feminine, dual and sound plural forms of a masculine nisba adjective (matching forms).
pub fn adjective_forms(masc: &str) -> Vec<String> {
    let m = khabar_text::fold(masc);
    let mut v = vec![m.clone()];
    for suf in ["ه", "ون", "ين", "ات", "ان", "تان", "تين"] {
        v.push(format!("{m}{suf}"));
    }
    v
}

fn strip_article(w: &str) -> &str {
    match w.strip_prefix("ال") {
        Some(rest) if rest.chars().count() >= 2 => rest,
        _ => w,
    }
}

/// Does a folded word begin with a clitic and the article («لل», «وال», «فال», «بال», «كال»)
/// before at least three letters?
fn clitic_and_article(f: &str) -> bool {
    let n = f.chars().count();
    f.starts_with("لل") && n >= 5
        || n >= 6
            && ["وال", "فال", "بال", "كال"]
                .iter()
                .any(|p| f.starts_with(p))
}

impl Gazetteer {
    pub fn build(lx: &Lexicon) -> Gazetteer {
        // 1. the segmenter learns every name word as whole, so names are never cut
        let mut seg = Segmenter::builtin().clone();
        let mut whole: Vec<String> = Vec::new();
        // a name word that carries a clitic and the article («للأمم» in «الجمعية العامة للأمم
        // المتحدة», «والمعارضة», «للجيش») is not a word of its own: kept whole it stopped the
        // segmenter everywhere, and «الأمين العام للأمم المتحدة» lost the UN, «للجيش العراقي»
        // the army (phrases are tokenized with the same segmenter, so they still match)
        let add_words = |s: &str, whole: &mut Vec<String>| {
            for w in s.split_whitespace() {
                let f = khabar_text::fold(w);
                if clitic_and_article(&f) {
                    continue;
                }
                whole.push(strip_article(&f).to_string());
            }
        };
        for c in &lx.countries {
            c.names.iter().for_each(|n| add_words(n, &mut whole));
            for a in c.adjectives.iter().chain(&c.plurals) {
                for f in adjective_forms(a) {
                    whole.push(f);
                }
            }
        }
        for p in &lx.places {
            p.names.iter().for_each(|n| add_words(n, &mut whole));
        }
        for r in &lx.regions {
            r.names.iter().for_each(|n| add_words(n, &mut whole));
        }
        for o in &lx.orgs {
            o.names.iter().for_each(|n| add_words(n, &mut whole));
        }
        for p in &lx.people {
            p.names.iter().for_each(|n| add_words(n, &mut whole));
        }
        for r in &lx.roles {
            r.phrases.iter().for_each(|n| add_words(n, &mut whole));
        }
        whole.extend(lx.given_names.iter().cloned());
        // event words are known stems, so «وأكد», «ستوقعان», «لقائه» split
        let mut known: Vec<String> = Vec::new();
        for e in &lx.events {
            known.extend(e.words().map(|f| khabar_text::fold(f)));
        }
        seg.add_known(known.iter().filter(|w| w.chars().count() >= 3));
        // names that start like a proclitic but are words of their own must not be
        // added if they are one letter plus a known stem; whole words win regardless
        seg.add_whole(whole.iter().filter(|w| w.chars().count() >= 3));

        let mut g = Gazetteer {
            seg,
            forms: FxHashMap::default(),
            phrases: Vec::new(),
            index: FxHashMap::default(),
            adjectives: FxHashMap::default(),
            given: lx.given_names.iter().cloned().collect(),
            stop: lx.stopwords.iter().cloned().collect(),
            not_names: lx.not_names.iter().filter(|p| !p.is_empty()).fold(
                FxHashMap::default(),
                |mut m: FxHashMap<String, Vec<Vec<String>>>, p| {
                    m.entry(p[0].clone()).or_default().push(p.clone());
                    m
                },
            ),
            verbs: FxHashSet::default(),
            countries: lx.countries.iter().map(|c| c.iso3.clone()).collect(),
            counterpart: lx
                .roles
                .iter()
                .map(|r| {
                    r.phrases
                        .iter()
                        .any(|p| khabar_text::fold(p).starts_with("نظير"))
                })
                .collect(),
        };
        for (i, c) in lx.countries.iter().enumerate() {
            for n in &c.names {
                g.add(n, Target::Country(i));
            }
            for a in c.adjectives.iter().chain(&c.plurals) {
                for f in adjective_forms(a) {
                    g.adjectives.entry(f).or_insert_with(|| c.iso3.clone());
                }
            }
        }
        for (i, p) in lx.places.iter().enumerate() {
            for n in &p.names {
                g.add(n, Target::Place(i));
            }
        }
        for (i, r) in lx.regions.iter().enumerate() {
            for n in &r.names {
                g.add(n, Target::Region(i));
            }
        }
        for (i, o) in lx.orgs.iter().enumerate() {
            for n in &o.names {
                g.add(n, Target::Org(i));
            }
        }
        for (i, p) in lx.people.iter().enumerate() {
            for n in &p.names {
                g.add(n, Target::Person(i));
            }
        }
        for (i, r) in lx.roles.iter().enumerate() {
            for n in &r.phrases {
                g.add(n, Target::Role(i));
                // construct form before a country: «وزير الخارجية» → «وزير خارجية (العراق)»
                let ws: Vec<&str> = n.split_whitespace().collect();
                if ws.len() >= 2 && r.kind == RoleKind::Title {
                    if let Some(last) = ws.last().and_then(|l| l.strip_prefix("ال")) {
                        let mut c: Vec<&str> = ws[..ws.len() - 1].to_vec();
                        c.push(last);
                        g.add(&c.join(" "), Target::Role(i));
                    }
                }
            }
        }
        for e in &lx.events {
            for f in e.past.iter().chain(&e.present) {
                let f = khabar_text::fold(f);
                if f.chars().count() >= 3 {
                    g.verbs.insert(f);
                }
            }
        }
        for phrases in g.index.values_mut() {
            let ph = &g.phrases;
            phrases.sort_by_key(|&k| std::cmp::Reverse(ph[k].cores.len()));
        }
        let mut forms: FxHashMap<String, u8> = FxHashMap::default();
        for (set, bit) in [(&g.given, F_GIVEN), (&g.stop, F_STOP), (&g.verbs, F_VERB)] {
            for f in set {
                *forms.entry(f.clone()).or_default() |= bit;
            }
        }
        for f in g.adjectives.keys() {
            *forms.entry(f.clone()).or_default() |= F_ADJ;
        }
        for f in g.index.keys() {
            *forms.entry(f.clone()).or_default() |= F_PHRASE;
        }
        for f in crate::dates::date_starts(lx) {
            *forms.entry(f).or_default() |= F_DATE;
        }
        g.forms = forms;
        g
    }

    /// The F_* bits of a word with at most two lookups: `given`, phrase and date starts
    /// (core), `stop` and `verbs` (core or bare), `adjective` (bare). The sets are not to
    /// change after `build`.
    pub fn flags(&self, w: &Word) -> u8 {
        let c = self.forms.get(w.core.as_str()).copied().unwrap_or(0);
        let b = if w.bare == w.core {
            c
        } else {
            self.forms.get(w.bare.as_str()).copied().unwrap_or(0)
        };
        let mut f = (c & (F_GIVEN | F_PHRASE | F_DATE)) | ((c | b) & (F_STOP | F_VERB));
        if b & F_ADJ != 0 && !w.is_number() && !w.is_punct() {
            f |= F_ADJ;
        }
        f
    }

    fn add(&mut self, name: &str, target: Target) {
        let ws = words(&self.seg.tokenize(name));
        let ws: Vec<&Word> = ws.iter().filter(|w| !w.is_punct()).collect();
        if ws.is_empty() {
            return;
        }
        let cores: Vec<String> = ws.iter().map(|w| w.core.clone()).collect();
        let procl: Vec<String> = ws.iter().map(|w| w.proclitics.clone()).collect();
        let _ = phrase_cores;
        let k = self.phrases.len();
        self.index.entry(cores[0].clone()).or_default().push(k);
        self.phrases.push(Phrase {
            cores,
            procl,
            target,
        });
    }

    /// The nationality (iso3) of an adjective word, if it is one.
    pub fn adjective(&self, w: &Word) -> Option<&str> {
        if w.is_number() || w.is_punct() {
            return None;
        }
        self.adjectives.get(&w.bare).map(String::as_str)
    }

    /// Is `code` a country's ISO3 code?
    pub fn is_country(&self, code: &str) -> bool {
        self.countries.contains(code)
    }

    pub fn is_stop(&self, w: &Word, text: &str) -> bool {
        if self.stop.contains(&w.core) || self.stop.contains(&w.bare) {
            return true;
        }
        // «على» folds to the name «علي»: the surface decides
        w.core == "علي" && text.get(w.start..w.end).is_some_and(|s| s.ends_with('ى'))
    }

    /// End of a fixed expression that is no name («حسن الجوار», «رحمه الله») starting at word `i`.
    pub fn not_name_end(&self, ws: &[Word], i: usize) -> Option<usize> {
        let w = ws.get(i)?;
        let bare = (w.bare != w.core).then_some(&w.bare);
        std::iter::once(&w.core)
            .chain(bare)
            .filter_map(|f| self.not_names.get(f))
            .flatten()
            .filter(|p| {
                // a single word as written: «خمس» is five, «الخمس» may be the Libyan town
                (p.len() > 1 || w.core == p[0])
                    && i + p.len() <= ws.len()
                    && p.iter().enumerate().all(|(k, f)| {
                        let w = &ws[i + k];
                        (k == 0 || w.proclitics.is_empty()) && (&w.core == f || &w.bare == f)
                    })
            })
            .map(|p| i + p.len())
            .max()
    }

    /// Longest phrase starting at word `i`.
    pub fn match_at(&self, ws: &[Word], i: usize) -> Option<Match> {
        let cands = self.index.get(&ws[i].core)?;
        'next: for &k in cands {
            let p = &self.phrases[k];
            if i + p.cores.len() > ws.len() {
                continue;
            }
            for (j, core) in p.cores.iter().enumerate().skip(1) {
                let w = &ws[i + j];
                if w.core != *core || w.proclitics != p.procl[j] {
                    continue 'next;
                }
            }
            return Some(Match {
                from: i,
                to: i + p.cores.len(),
                target: p.target,
            });
        }
        None
    }

    /// All non-overlapping longest matches, left to right.
    pub fn scan(&self, ws: &[Word]) -> Vec<Match> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < ws.len() {
            if let Some(m) = self.match_at(ws, i) {
                out.push(m);
                i = m.to;
            } else {
                i += 1;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::clitic_and_article;

    #[test]
    fn clitic_and_article_forms() {
        // cut: a clitic and the article before a word of three letters or more
        for w in ["للامم", "للجيش", "والمعارضه", "بالعراق"] {
            assert!(clitic_and_article(w), "{w}");
        }
        // whole: words of their own that begin like one («والي» governor, «بالي» Bali)
        for w in ["والي", "بالي", "للا", "الامم"] {
            assert!(!clitic_and_article(w), "{w}");
        }
    }
}
