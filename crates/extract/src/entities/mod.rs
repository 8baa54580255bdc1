//! Entities: COUNTRY, PLACE, ORG and PERSON mentions with actor codes.
//!
//! Rules, in order of trust:
//! 1. a lexicon phrase (country, place, region, organization, known person);
//! 2. a person introduced by apposition: `[title] [nationality|country] [rank|honorific] NAME`
//!    («رئيس هيئة الأركان الإيرانية اللواء محمد باقري»), the name being 1–3 name-like
//!    words that stop at verbs, function words, punctuation and clitic-carrying words;
//! 3. a later short mention (a surname, «نظيره الإيراني», «الوزير العراقي») resolved to the
//!    person first introduced, inheriting its code;
//! 4. an institution with a nationality («الجيش العراقي» → IRQMIL);
//! 5. a known given name followed by name-like words.
//!
//! Codes follow CAMEO: country (ISO3) + agent (GOV, MIL …). A person's country comes from
//! the nationality adjective, a country in construct («وزير خارجية العراق»), the organization
//! led, the person lexicon, or else the nearest preceding actor in the sentence.

use crate::gazetteer::{Gazetteer, Match, Target, F_ADJ, F_GIVEN, F_PHRASE, F_STOP, F_VERB};
use crate::words::Word;
use khabar_lexicon::{Lexicon, RoleKind};
use rustc_hash::FxHashSet;
use serde::Serialize;
use std::ops::Range;

// names of people: name words, names after titles, aliases, person entities
mod persons;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum EntityType {
    #[serde(rename = "PERSON")]
    Person,
    #[serde(rename = "ORG")]
    Org,
    #[serde(rename = "COUNTRY")]
    Country,
    #[serde(rename = "PLACE")]
    Place,
}

impl EntityType {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Org => "ORG",
            EntityType::Country => "COUNTRY",
            EntityType::Place => "PLACE",
        }
    }
}

/// One mention. Mentions of the same referent share `id`.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    pub id: usize,
    /// byte span in the text
    pub span: (usize, usize),
    /// word index range
    pub words: Range<usize>,
    /// first word of the whole mention including a preceding title («وزير الدفاع … جمعة عناد»)
    pub mention_start: usize,
    pub etype: EntityType,
    pub name: String,
    pub role: Option<String>,
    /// CAMEO actor code (IRQGOV); for a country its ISO3, for a capital the metonymic government
    pub code: Option<String>,
    pub country: Option<String>,
    /// the agent part alone (GOV, MIL), when known
    pub agent: Option<String>,
    /// a capital standing for its government (واشنطن → USAGOV)
    pub metonymy: bool,
    /// a person referred to by title only («الرئيس السوري», «نظيره الإيراني»): not a name
    pub nominal: bool,
    /// `country` (and the country part of `code`) was not said in the mention but taken from
    /// the article (see `context.rs`)
    pub country_inferred: bool,
}

struct Known {
    id: usize,
    /// name word cores (PERSON from text) for alias matching
    name: Vec<String>,
    etype: EntityType,
    code: Option<String>,
    country: Option<String>,
    agent: Option<String>,
    role: Option<String>,
    canonical: String,
}

const MODIFIERS: &[&str] = &[
    "بالوكاله",
    "السابق",
    "الاسبق",
    "المستقيل",
    "المكلف",
    "الجديد",
    "الراحل",
    "المخلوع",
    "الحالي",
    "الاول",
    "الثاني",
    "المنتخب",
    "الفخري",
];

/// `Gazetteer::is_stop(w, text)` of a word, surface rule included (besides the F_* bits).
const F_STOP_TEXT: u8 = 128;

pub struct Entities<'a> {
    gaz: &'a Gazetteer,
    lx: &'a Lexicon,
    text: &'a str,
    ws: &'a [Word],
    /// `Gazetteer::flags` per word, plus F_STOP_TEXT
    flags: Vec<u8>,
    /// every word core of a known person's name (a superset: names only grow), so that
    /// `alias` skips words that cannot start one
    parts: FxHashSet<&'a str>,
    known: Vec<Known>,
    out: Vec<Entity>,
}

/// `Gazetteer::flags` of each word.
pub(crate) fn word_flags(ws: &[Word], gaz: &Gazetteer) -> Vec<u8> {
    ws.iter().map(|w| gaz.flags(w)).collect()
}

/// Finds entities in `ws` (the words of `text`), sentence by sentence
/// (`sentences` are byte ranges).
pub fn find_entities(
    text: &str,
    ws: &[Word],
    sentences: &[Range<usize>],
    gaz: &Gazetteer,
    lx: &Lexicon,
) -> Vec<Entity> {
    find_entities_flagged(text, ws, sentences, gaz, lx, &word_flags(ws, gaz))
}

/// [`find_entities`] with the words' `Gazetteer::flags` already computed.
pub(crate) fn find_entities_flagged(
    text: &str,
    ws: &[Word],
    sentences: &[Range<usize>],
    gaz: &Gazetteer,
    lx: &Lexicon,
    flags: &[u8],
) -> Vec<Entity> {
    let flags = ws
        .iter()
        .zip(flags)
        .map(|(w, &f)| {
            // the surface rule of `Gazetteer::is_stop`: «على» folds to the name «علي»
            let stop = f & F_STOP != 0
                || w.core == "علي" && text.get(w.start..w.end).is_some_and(|s| s.ends_with('ى'));
            if stop {
                f | F_STOP_TEXT
            } else {
                f
            }
        })
        .collect();
    let mut e = Entities {
        gaz,
        lx,
        text,
        ws,
        flags,
        parts: FxHashSet::default(),
        known: Vec::new(),
        out: Vec::new(),
    };
    for sw in crate::words::sentence_words(ws, sentences) {
        e.sentence(sw.start, sw.end);
    }
    e.merge_role_only();
    e.out
        .sort_by_key(|x| (x.span.0, std::cmp::Reverse(x.span.1)));
    e.out
}

impl<'a> Entities<'a> {
    fn surface(&self, r: Range<usize>) -> &'a str {
        let ws = self.ws;
        let text = self.text;
        text.get(ws[r.start].start..ws[r.end - 1].end)
            .unwrap_or_default()
    }

    /// Like `surface`, with the first word's proclitics.
    fn surface_full(&self, r: Range<usize>) -> &'a str {
        let ws = self.ws;
        let text = self.text;
        text.get(ws[r.start].word_start..ws[r.end - 1].end)
            .unwrap_or_default()
    }

    fn match_in(&self, i: usize, end: usize) -> Option<Match> {
        self.match_at(i).filter(|m| m.to <= end)
    }

    /// `Gazetteer::match_at`, skipping the lookup when no phrase starts with the word.
    fn match_at(&self, i: usize) -> Option<Match> {
        if self.flags[i] & F_PHRASE == 0 {
            return None;
        }
        self.gaz.match_at(self.ws, i)
    }

    fn sentence(&mut self, s: usize, e: usize) {
        let mut i = s;
        while i < e {
            let next = self.at(i, s, e);
            i = next.max(i + 1);
        }
    }

    /// Recognizes what starts at word `i`; returns the next word to look at.
    fn at(&mut self, i: usize, s: usize, e: usize) -> usize {
        let ws = self.ws;
        if ws[i].is_punct() || ws[i].is_number() {
            return i + 1;
        }
        if let Some(to) = self.gaz.not_name_end(ws, i) {
            return to;
        }
        if let Some(m) = self.match_in(i, e) {
            match m.target {
                Target::Role(r) => {
                    let role = &self.lx.roles[r];
                    match role.kind {
                        RoleKind::Title | RoleKind::Rank | RoleKind::Honorific => {
                            return self.person_after_role(m, s, e)
                        }
                        RoleKind::Institution | RoleKind::Group => return self.institution(m, e),
                    }
                }
                Target::Org(o) => {
                    let org = &self.lx.orgs[o];
                    let mut to = m.to;
                    if to < e
                        && ws[to].proclitics.is_empty()
                        && self.gaz.adjective(&ws[to]).is_some()
                    {
                        to += 1;
                    }
                    let code = org.code.clone();
                    let country = country_of_code(&code, self.lx);
                    let agent = agent_of_code(&code);
                    self.emit(
                        EntityType::Org,
                        i..to,
                        names0(&org.names),
                        None,
                        Some(code),
                        country,
                        agent,
                        false,
                    );
                    return to;
                }
                Target::Person(p) => {
                    let per = &self.lx.people[p];
                    let code = per.code.clone();
                    let name = names0(&per.names);
                    let country = country_of_code(&code, self.lx);
                    let agent = agent_of_code(&code);
                    let to = self.nasab_end(m.to, e);
                    self.emit_person(i..to, name, None, Some(code), country, agent);
                    return to;
                }
                Target::Country(c) => {
                    let co = &self.lx.countries[c];
                    self.emit(
                        EntityType::Country,
                        i..m.to,
                        names0(&co.names),
                        None,
                        Some(co.iso3.clone()),
                        Some(co.iso3.clone()),
                        None,
                        false,
                    );
                    return m.to;
                }
                Target::Place(p) => {
                    let pl = &self.lx.places[p];
                    if pl.ambiguous && !self.place_context(i) {
                        return i + 1;
                    }
                    let capital = pl.kind == "capital";
                    let code = capital.then(|| format!("{}GOV", pl.iso3));
                    self.emit(
                        EntityType::Place,
                        i..m.to,
                        names0(&pl.names),
                        None,
                        code,
                        Some(pl.iso3.clone()),
                        capital.then(|| "GOV".to_string()),
                        capital,
                    );
                    return m.to;
                }
                Target::Region(r) => {
                    let rg = &self.lx.regions[r];
                    self.emit(
                        EntityType::Place,
                        i..m.to,
                        names0(&rg.names),
                        None,
                        Some(rg.code.clone()),
                        None,
                        None,
                        false,
                    );
                    return m.to;
                }
            }
        }
        if let Some(to) = self.alias(i, e) {
            return to;
        }
        // a given name followed by name-like words
        if self.is_given(i) && ws[i].proclitics.is_empty() {
            let to = self.name_end(i + 1, e, false);
            let ambiguous = ws[i].core == "علي"
                && !(i + 1 < e
                    && (self.gaz.given.contains(&ws[i + 1].core) || ws[i + 1].bare.ends_with('ي')));
            if to > i + 1 && !ambiguous {
                self.new_person(i..to, None, None, s);
                return to;
            }
        }
        i + 1
    }

    /// Word `k` is a given name (not a function word).
    fn is_given(&self, k: usize) -> bool {
        let f = self.flags[k];
        !self.ws[k].has_article() && f & F_GIVEN != 0 && f & F_STOP_TEXT == 0
    }

    /// `Gazetteer::is_stop(&ws[k], text)`.
    fn is_stop(&self, k: usize) -> bool {
        self.flags[k] & F_STOP_TEXT != 0
    }

    /// Records the cores of a known person's name words for `alias`.
    fn note_name(&mut self, r: Range<usize>) {
        let ws = self.ws;
        self.parts.extend(ws[r].iter().map(|w| w.core.as_str()));
    }

    /// An ambiguous place name needs a locative context: «في/إلى/من X» or «بX».
    fn place_context(&self, i: usize) -> bool {
        let w = &self.ws[i];
        if w.proclitics.ends_with('ب') {
            return true;
        }
        i > 0
            && matches!(
                self.ws[i - 1].core.as_str(),
                "في" | "الي" | "من" | "مدينه" | "العاصمه" | "محافظه" | "ولايه"
            )
    }

    /// One to `max` definite words from `from` (before `e`), then a nationality adjective: its
    /// country and the word after it («النقل الأردنية», «الجالية اليمنية»).
    fn nationality_after(&self, from: usize, e: usize, max: usize) -> Option<(String, usize)> {
        let ws = self.ws;
        let mut k = from;
        while k < e
            && k < from + max
            && ws[k].proclitics.is_empty()
            && ws[k].has_article()
            && self.gaz.adjective(&ws[k]).is_none()
        {
            k += 1;
        }
        if k == from {
            return None;
        }
        self.nationality_at(k, e).map(|iso| (iso, k + 1))
    }

    /// The country of a nationality adjective at `k` (before `e`, nothing attached to it).
    fn nationality_at(&self, k: usize, e: usize) -> Option<String> {
        let w = self
            .ws
            .get(k)
            .filter(|w| k < e && w.proclitics.is_empty())?;
        self.gaz.adjective(w).map(str::to_string)
    }

    fn institution(&mut self, m: Match, e: usize) -> usize {
        let ws = self.ws;
        let Target::Role(r) = m.target else {
            return m.to;
        };
        let role = &self.lx.roles[r];
        // «تنظيم “داعش”», «جماعة «أنصار الله»»: the head of a group named in quotes is the group,
        // not a second, nameless actor beside it
        if m.to + 1 < e
            && self.ws[m.to].opens_quote()
            && matches!(
                self.match_in(m.to + 1, e),
                Some(Match {
                    target: Target::Org(_),
                    ..
                })
            )
        {
            return m.to;
        }
        let mut to = m.to;
        let mut country = None;
        if to < e && ws[to].proclitics.is_empty() {
            if let Some(iso) = self.nationality_at(to, e) {
                country = Some(iso);
                to += 1;
            } else if let Some(m2) = self.match_in(to, e) {
                if let Target::Country(c) = m2.target {
                    if !ws[m.to - 1].has_article() {
                        country = Some(self.lx.countries[c].iso3.clone());
                        to = m2.to;
                    }
                }
            }
        }
        // «وزارة النقل الأردنية», «هيئة الأركان الإيرانية»: a body in construct with its
        // portfolio takes the nationality after the portfolio
        if country.is_none() && !ws[m.to - 1].has_article() {
            if let Some((iso, end)) = self.nationality_after(m.to, e, 2) {
                country = Some(iso);
                to = end;
            }
        }
        // «قوات النظام», «شرطة الحكومة»: forces in construct with a government body are that
        // government's forces, one actor (its military or police), not the forces beside the
        // government; the country comes from the body's nationality or from the article
        if country.is_none()
            && matches!(role.agent.as_str(), "MIL" | "COP")
            && !ws[m.to - 1].has_article()
            && m.to < e
            && ws[m.to].proclitics.is_empty()
        {
            if let Some(Match {
                target: Target::Role(r2),
                to: to2,
                ..
            }) = self.match_in(m.to, e)
            {
                if self.lx.roles[r2].agent == "GOV" && self.lx.roles[r2].priority >= 20 {
                    to = to2;
                    // («قوات الحكومة اليمنية»)
                    if let Some(iso) = self.nationality_at(to2, e) {
                        country = Some(iso);
                        to = to2 + 1;
                    }
                }
            }
        }
        let Some(c) = country else {
            // nameless actors that CAMEO codes by agent alone («مسلحون» UAF, «المتظاهرون» CVL),
            // and the article's own bodies («الحكومة», «البرلمان», «المحكمة»), which take the
            // article's country (context.rs) as hand-coders give it
            // (weak rows such as «الأمن», priority below 20, need a nationality)
            if role.priority >= 20
                && matches!(
                    role.agent.as_str(),
                    "UAF"
                        | "REB"
                        | "INS"
                        | "CVL"
                        | "REF"
                        | "CRM"
                        | "COP"
                        | "MIL"
                        | "OPP"
                        | "SPY"
                        | "GOV"
                        | "LEG"
                        | "JUD"
                )
            {
                // (`to` is past the government body of «قوات النظام», else `m.to`)
                let name = khabar_text::fold(self.surface(m.from..to));
                self.emit(
                    EntityType::Org,
                    m.from..to,
                    name,
                    None,
                    Some(role.agent.clone()),
                    None,
                    Some(role.agent.clone()),
                    false,
                );
                if let Some(last) = self.out.last_mut() {
                    last.nominal = true;
                }
            }
            return to;
        };
        let code = format!("{c}{}", role.agent);
        let name = self.surface(m.from..to).to_string();
        let name = khabar_text::fold(&name);
        self.emit(
            EntityType::Org,
            m.from..to,
            name,
            None,
            Some(code),
            Some(c),
            Some(role.agent.clone()),
            false,
        );
        to
    }

    #[allow(clippy::too_many_arguments)]
    fn emit(
        &mut self,
        t: EntityType,
        r: Range<usize>,
        name: String,
        role: Option<String>,
        code: Option<String>,
        country: Option<String>,
        agent: Option<String>,
        metonymy: bool,
    ) {
        let id = match self
            .known
            .iter()
            .find(|k| k.etype == t && k.canonical == name)
        {
            Some(k) => k.id,
            None => {
                let id = self.next_id();
                self.known.push(Known {
                    id,
                    name: Vec::new(),
                    etype: t,
                    code: code.clone(),
                    country: country.clone(),
                    agent: agent.clone(),
                    role: role.clone(),
                    canonical: name.clone(),
                });
                id
            }
        };
        self.out.push(Entity {
            id,
            span: (self.ws[r.start].start, self.ws[r.end - 1].end),
            mention_start: r.start,
            words: r,
            etype: t,
            name,
            role,
            code,
            country,
            agent,
            metonymy,
            nominal: false,
            country_inferred: false,
        });
    }

    /// A titled person met before being named («وزير الدفاع العراقي» in a headline) is the
    /// person of the same office and country named later.
    fn merge_role_only(&mut self) {
        let mut map: Vec<(usize, usize)> = Vec::new();
        for k in &self.known {
            if k.etype != EntityType::Person || !k.name.is_empty() || k.country.is_none() {
                continue;
            }
            if let Some(n) = self.known.iter().find(|n| {
                n.id > k.id
                    && n.etype == EntityType::Person
                    && !n.name.is_empty()
                    && n.country == k.country
                    && same_role(n.role.as_deref(), k.role.as_deref())
            }) {
                map.push((k.id, n.id));
            }
        }
        for (from, to) in map {
            let Some(n) = self.known.iter().find(|n| n.id == to) else {
                continue;
            };
            let (name, code, role) = (n.canonical.clone(), n.code.clone(), n.role.clone());
            for m in self.out.iter_mut().filter(|m| m.id == from) {
                m.id = to;
                m.name = name.clone();
                if code.is_some() {
                    m.code = code.clone();
                }
                m.role = role.clone();
            }
        }
    }

    fn next_id(&self) -> usize {
        self.known.iter().map(|k| k.id + 1).max().unwrap_or(1)
    }
}

fn contains_seq(hay: &[String], needle: &[String]) -> bool {
    needle.len() >= 2 && hay.len() >= needle.len() && hay.windows(needle.len()).any(|w| w == needle)
}

fn same_role(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            let (a, b) = (khabar_text::fold(a), khabar_text::fold(b));
            let head = |s: &str| {
                s.split_whitespace()
                    .take(2)
                    .map(|w| w.trim_start_matches(['و', 'ب', 'ل']))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            head(&a) == head(&b)
        }
        _ => false,
    }
}

fn names0(names: &[String]) -> String {
    names.first().cloned().unwrap_or_default()
}

/// The country part of a CAMEO code, when it starts with a known ISO3.
pub fn country_of_code(code: &str, lx: &Lexicon) -> Option<String> {
    let c = code.get(..3)?;
    lx.is_country(c).then(|| c.to_string())
}

/// The agent part (the three letters after a country code).
pub fn agent_of_code(code: &str) -> Option<String> {
    let a = code.get(3..6)?;
    (a.len() == 3
        && !code.starts_with("IGO")
        && !code.starts_with("NGO")
        && !code.starts_with("IMG"))
    .then(|| a.to_string())
}

#[cfg(test)]
mod tests;
