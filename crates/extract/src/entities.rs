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

    /// Is word `k` a plausible part of a personal name?
    fn name_word(&self, k: usize, first: bool) -> bool {
        let w = &self.ws[k];
        if w.is_punct() || w.is_number() || w.kind != khabar_text::tokens::Kind::Word {
            return false;
        }
        let f = self.flags[k];
        if !w.proclitics.is_empty() || f & F_STOP_TEXT != 0 {
            return false;
        }
        if f & (F_VERB | F_ADJ) != 0 {
            return false;
        }
        if matches!(
            w.core.as_str(),
            "ه" | "ها" | "هم" | "هما" | "هن" | "ي" | "ك" | "كم" | "نا" | "ابو" | "بن"
        ) && !first
            || matches!(
                w.core.as_str(),
                "ه" | "ها" | "هم" | "هما" | "هن" | "ي" | "ك" | "كم" | "نا"
            )
        {
            return false;
        }
        let given = f & F_GIVEN != 0;
        if let Some(m) = self.match_at(k) {
            // «أمير» is a title and a given name: after a title or rank, a name
            let name_like_role = given && m.to == k + 1 && matches!(m.target, Target::Role(_));
            if !matches!(m.target, Target::Person(_)) && !name_like_role {
                return false;
            }
        }
        let n = w.bare.chars().count();
        if n < 2 || MODIFIERS.contains(&w.core.as_str()) {
            return false;
        }
        if w.has_article() {
            // nisba surnames («الدليمي») only after a first name
            return !first && w.bare.ends_with('ي') && n >= 4;
        }
        if first && !given && w.core.starts_with('ي') && n >= 4 {
            return false; // imperfect verb («يزور»)
        }
        if !given && w.core.ends_with('ه') {
            return false; // feminine noun
        }
        true
    }

    /// End of a name's lineage after a lexicon name ends at `to`: «الملك سلمان» matched, «بن
    /// عبدالعزيز آل سعود» is still his name, not another person.
    fn nasab_end(&self, to: usize, e: usize) -> usize {
        let ws = self.ws;
        let lineage = |k: usize| {
            k + 1 < e
                && ws[k].proclitics.is_empty()
                && matches!(ws[k].core.as_str(), "بن" | "ابن" | "بنت" | "ال")
                && self.name_word(k + 1, false)
        };
        if lineage(to) {
            self.name_end(to, e, false)
        } else {
            to
        }
    }

    /// End of a 1–3 word name starting at `j` (prefixes أبو/بن/عبد do not count).
    fn name_end(&self, j: usize, e: usize, first: bool) -> usize {
        let mut k = j;
        let mut n = 0;
        while k < e && n < 3 {
            let w = &self.ws[k];
            let prefix = matches!(w.core.as_str(), "ابو" | "بن" | "ابن" | "عبد" | "ال" | "ابي");
            if prefix && w.proclitics.is_empty() && k + 1 < e && self.name_word(k + 1, false) {
                k += 1;
                continue;
            }
            if !self.name_word(k, first && k == j) {
                break;
            }
            k += 1;
            n += 1;
        }
        k
    }

    fn person_after_role(&mut self, m: Match, s: usize, e: usize) -> usize {
        let ws = self.ws;
        let lx = self.lx;
        let mut best: Option<usize> = None; // role index with highest priority
        let mut title: Option<usize> = None;
        let consider = |r: usize, best: &mut Option<usize>, title: &mut Option<usize>| {
            let role = &lx.roles[r];
            if role.kind == RoleKind::Title && title.is_none() {
                *title = Some(r);
            }
            if !role.agent.is_empty() && best.is_none_or(|b| lx.roles[b].priority < role.priority) {
                *best = Some(r);
            }
        };
        if let Target::Role(r) = m.target {
            consider(r, &mut best, &mut title);
        }
        let role_start = m.from;
        let mut role_end = m.to;
        // the words that make up the role text (titles, conjoined portfolios, modifiers; not nationality)
        let mut role_words: Vec<Range<usize>> = Vec::new();
        if title.is_some() {
            role_words.push(m.from..m.to);
        }
        let mut after_rank = false;
        let mut country: Option<String> = None;
        let mut org_code: Option<String> = None;
        let mut lex_person: Option<(usize, usize)> = None;
        let construct = !ws[m.to - 1].has_article();
        let mut j = m.to;
        while j < e {
            let w = &ws[j];
            if w.proclitics.is_empty() {
                if let Some(iso) = self.gaz.adjective(w) {
                    if country.is_none() {
                        country = Some(iso.to_string());
                    }
                    j += 1;
                    role_end = j;
                    continue;
                }
                if MODIFIERS.contains(&w.core.as_str()) || w.core == "بالوكاله" {
                    if title.is_some() {
                        role_words.push(j..j + 1);
                    }
                    j += 1;
                    role_end = j;
                    continue;
                }
            } else if w.core == "بالوكاله" || (w.proclitics == "ب" && w.core == "الوكاله")
            {
                role_words.push(j..j + 1);
                j += 1;
                role_end = j;
                continue;
            }
            if let Some(m2) = self.match_in(j, e) {
                match m2.target {
                    Target::Role(r2)
                        if w.proclitics.is_empty()
                            && matches!(
                                lx.roles[r2].kind,
                                RoleKind::Title | RoleKind::Rank | RoleKind::Honorific
                            )
                            && !(m2.to == j + 1
                                && self.gaz.given.contains(&w.core)
                                && j + 1 < e
                                && self.name_word(j + 1, false)) =>
                    {
                        let was_title = title.is_some();
                        consider(r2, &mut best, &mut title);
                        if lx.roles[r2].kind == RoleKind::Title {
                            if !was_title {
                                role_words.push(j..m2.to);
                            }
                            role_end = m2.to;
                        } else {
                            after_rank = true;
                        }
                        j = m2.to;
                        continue;
                    }
                    Target::Country(c)
                        if country.is_none() && j == role_end && (construct || j == m.to) =>
                    {
                        country = Some(lx.countries[c].iso3.clone());
                        j = m2.to;
                        role_end = j;
                        continue;
                    }
                    Target::Org(o) if org_code.is_none() && title.is_some() && j == role_end => {
                        // «قائد فيلق القدس»: the leader takes the organization's code
                        let code = lx.orgs[o].code.clone();
                        self.emit(
                            EntityType::Org,
                            j..m2.to,
                            names0(&lx.orgs[o].names),
                            None,
                            Some(code.clone()),
                            country_of_code(&code, lx),
                            agent_of_code(&code),
                            false,
                        );
                        org_code = Some(code);
                        j = m2.to;
                        role_end = j;
                        continue;
                    }
                    Target::Person(p) => {
                        lex_person = Some((p, m2.to));
                    }
                    _ => {}
                }
                break;
            }
            // conjoined portfolio: «وزير الدفاع واسناد القوات المسلحة»
            if title.is_some()
                && w.proclitics == "و"
                && !w.has_article()
                && j + 1 < e
                && ws[j + 1].has_article()
                && ws[j + 1].proclitics.is_empty()
            {
                let mut k = j + 1;
                while k < e
                    && k < j + 4
                    && ws[k].has_article()
                    && ws[k].proclitics.is_empty()
                    && self.gaz.adjective(&ws[k]).is_none()
                {
                    k += 1;
                }
                role_words.push(j..k);
                j = k;
                role_end = k;
                continue;
            }
            break;
        }
        // an organization named inside the title («أمين المجلس الأعلى للأمن القومي الإيراني»)
        for p in role_start + 1..role_end {
            if let Some(mo) = self.match_in(p, role_end.max(p + 1)) {
                if let Target::Org(o) = mo.target {
                    let code = lx.orgs[o].code.clone();
                    let mut to = mo.to;
                    if to < role_end && self.gaz.adjective(&ws[to]).is_some() {
                        to += 1;
                    }
                    self.emit(
                        EntityType::Org,
                        p..to,
                        names0(&lx.orgs[o].names),
                        None,
                        Some(code.clone()),
                        country_of_code(&code, lx),
                        agent_of_code(&code),
                        false,
                    );
                    break;
                }
            }
        }
        let mut role_text = title.map(|_| {
            role_words
                .iter()
                .enumerate()
                .map(|(n, r)| {
                    if n == 0 {
                        self.surface(r.clone())
                    } else {
                        self.surface_full(r.clone())
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        });
        let counterpart = title.is_some_and(|t| self.gaz.counterpart[t]);
        // «نظيره»: the counterpart holds the same office as the last person of another country
        let base_role = if counterpart {
            self.known
                .iter()
                .rev()
                .find(|k| {
                    k.etype == EntityType::Person
                        && k.country.is_some()
                        && k.country != country
                        && k.role.is_some()
                })
                .and_then(|k| k.role.clone())
        } else {
            None
        };
        if base_role.is_some() {
            role_text = base_role.clone();
        }
        let agent = best.map(|b| lx.roles[b].agent.clone());
        let name_start = j;
        let (name_end, lex_code) = match lex_person {
            Some((p, to)) => (self.nasab_end(to, e), Some(lx.people[p].code.clone())),
            None => {
                let end = self.name_end(j, e, true);
                // right after a title (no rank), one word alone must be a known given name:
                // «أشاد وزير الدفاع بدعم» is not a name
                if end == j + 1 && !after_rank && !self.gaz.given.contains(&ws[j].core) {
                    (j, None)
                } else {
                    (end, None)
                }
            }
        };
        if name_end > name_start {
            let (code, country) = match (&lex_code, &org_code) {
                (Some(c), _) => (Some(c.clone()), country_of_code(c, lx)),
                (None, Some(c)) => (Some(c.clone()), country_of_code(c, lx)),
                (None, None) => (None, country.clone()),
            };
            let agent = lex_code.as_deref().and_then(agent_of_code).or(agent);
            let span = name_start..name_end;
            let canonical = lex_person.map(|(p, _)| names0(&lx.people[p].names));
            match canonical {
                Some(n) => {
                    self.emit_person(span, n, role_text, code, country, agent);
                }
                None => {
                    let agent_for_new = agent.clone();
                    self.new_person_full(span, role_text, code, country, agent_for_new, s);
                }
            }
            if let Some(last) = self.out.last_mut() {
                last.mention_start = role_start;
            }
            return name_end;
        }
        // a role without a name: a person only when its country is known or it resolves
        let Some(t) = title else { return j };
        let r = &lx.roles[t];
        let span = role_start..role_end;
        if counterpart {
            let target = self.known.iter().rev().find(|k| {
                k.etype == EntityType::Person
                    && k.country.is_some()
                    && k.country == country
                    && country.is_some()
                    && base_role.is_some()
                    && same_role(k.role.as_deref(), base_role.as_deref())
            });
            if let Some(k) = target {
                let id = k.id;
                self.emit_known(id, span);
                return j;
            }
            let Some(c) = country else { return j };
            // an introduction of a counterpart not named: keep it as a person of that country
            let agent = Some(r.agent.clone());
            self.new_role_person(span, base_role, c, agent);
            return j;
        }
        if let Some(c) = country
            .clone()
            .or_else(|| org_code.as_deref().and_then(|oc| country_of_code(oc, lx)))
        {
            let role_s = role_text.clone();
            // an indefinite title («مسؤول إيراني») introduces someone new
            let definite = ws[role_start].has_article()
                || !ws[role_start].bare.is_empty() && ws[role_start..role_end].len() > 1;
            let target = self.known.iter().rev().filter(|_| definite).find(|k| {
                k.etype == EntityType::Person
                    && k.country.as_deref() == Some(c.as_str())
                    && same_role(k.role.as_deref(), role_s.as_deref())
            });
            if let Some(k) = target {
                let id = k.id;
                self.emit_known(id, span);
                return j;
            }
            // «الوزير الإيراني»: a generic title resolves to the last person of that country
            if r.phrases.iter().all(|p| p.split_whitespace().count() == 1)
                && ws[role_start].has_article()
            {
                if let Some(k) = self.known.iter().rev().find(|k| {
                    k.etype == EntityType::Person
                        && k.country.as_deref() == Some(c.as_str())
                        && k.role.is_some()
                }) {
                    let id = k.id;
                    self.emit_known(id, span);
                    return j;
                }
            }
            let agent = org_code
                .as_deref()
                .and_then(agent_of_code)
                .or_else(|| agent.clone());
            self.new_role_person(span, role_text, c, agent);
        }
        j
    }

    fn institution(&mut self, m: Match, e: usize) -> usize {
        let ws = self.ws;
        let Target::Role(r) = m.target else {
            return m.to;
        };
        let role = &self.lx.roles[r];
        let mut to = m.to;
        let mut country = None;
        if to < e && ws[to].proclitics.is_empty() {
            if let Some(iso) = self.gaz.adjective(&ws[to]) {
                country = Some(iso.to_string());
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
                let name = khabar_text::fold(self.surface(m.from..m.to));
                self.emit(
                    EntityType::Org,
                    m.from..m.to,
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
            return m.to;
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

    /// A later short mention of a person introduced earlier (a surname, the name without title).
    fn alias(&mut self, i: usize, e: usize) -> Option<usize> {
        let ws = self.ws;
        let w = &ws[i];
        if w.is_punct() || self.is_stop(i) {
            return None;
        }
        if !self.parts.contains(w.core.as_str()) {
            return None;
        }
        let mut best: Option<(usize, usize)> = None; // (known index, end)
        for (ki, k) in self.known.iter().enumerate().rev() {
            if k.etype != EntityType::Person || k.name.is_empty() {
                continue;
            }
            for (p, part) in k.name.iter().enumerate() {
                if *part != w.core {
                    continue;
                }
                let mut len = 1;
                while p + len < k.name.len()
                    && i + len < e
                    && ws[i + len].core == k.name[p + len]
                    && ws[i + len].proclitics.is_empty()
                {
                    len += 1;
                }
                // a lone given name («علي») is too common to stand for someone
                if len == 1 && (self.gaz.given.contains(part) || part.chars().count() < 3) {
                    continue;
                }
                if best.is_none_or(|(_, end)| i + len > end) {
                    best = Some((ki, i + len));
                }
            }
        }
        let (ki, end) = best?;
        let id = self.known[ki].id;
        self.emit_known(id, i..end);
        Some(end)
    }

    fn emit_known(&mut self, id: usize, r: Range<usize>) {
        let Some(k) = self.known.iter().find(|k| k.id == id) else {
            return;
        };
        let ent = Entity {
            id,
            span: (self.ws[r.start].start, self.ws[r.end - 1].end),
            mention_start: r.start,
            words: r,
            etype: k.etype,
            name: k.canonical.clone(),
            role: k.role.clone(),
            code: k.code.clone(),
            country: k.country.clone(),
            agent: k.agent.clone(),
            metonymy: false,
            nominal: k.name.is_empty() && k.etype == EntityType::Person,
            country_inferred: false,
        };
        self.out.push(ent);
    }

    /// A person from the lexicon (or with a fixed code): reuse the id of an earlier mention.
    fn emit_person(
        &mut self,
        r: Range<usize>,
        name: String,
        role: Option<String>,
        code: Option<String>,
        country: Option<String>,
        agent: Option<String>,
    ) {
        let cores: Vec<String> = self.ws[r.clone()].iter().map(|w| w.core.clone()).collect();
        if let Some(k) = self
            .known
            .iter_mut()
            .find(|k| k.etype == EntityType::Person && k.canonical == name)
        {
            if k.role.is_none() {
                k.role = role;
            }
            let id = k.id;
            self.emit_known(id, r);
            return;
        }
        let id = self.next_id();
        self.note_name(r.clone());
        self.known.push(Known {
            id,
            name: cores,
            etype: EntityType::Person,
            code,
            country,
            agent,
            role,
            canonical: name,
        });
        self.emit_known(id, r);
    }

    fn new_person(
        &mut self,
        r: Range<usize>,
        role: Option<String>,
        agent: Option<String>,
        s: usize,
    ) {
        self.new_person_full(r, role, None, None, agent, s)
    }

    /// A person named in the text: same name as an earlier one → same entity; the country
    /// falls back to the nearest preceding actor of the sentence.
    fn new_person_full(
        &mut self,
        r: Range<usize>,
        role: Option<String>,
        code: Option<String>,
        country: Option<String>,
        agent: Option<String>,
        s: usize,
    ) {
        let cores: Vec<String> = self.ws[r.clone()].iter().map(|w| w.core.clone()).collect();
        let surface = self.surface(r.clone()).to_string();
        // the same person again (full name, or the name is contained in a known one)
        let found = self.known.iter().rposition(|k| {
            k.etype == EntityType::Person
                && !k.name.is_empty()
                && (k.name == cores
                    || contains_seq(&k.name, &cores)
                    || contains_seq(&cores, &k.name))
        });
        if let Some(ki) = found {
            let k = &mut self.known[ki];
            if k.role.is_none() {
                k.role = role;
            }
            if k.code.is_none() {
                if let (Some(c), Some(a)) = (country.clone(), agent.clone()) {
                    k.code = Some(format!("{c}{a}"));
                    k.country = Some(c);
                }
            }
            let longer = cores.len() > k.name.len();
            if longer {
                k.name = cores;
                k.canonical = surface;
            }
            let id = k.id;
            if longer {
                self.note_name(r.clone());
            }
            self.emit_known(id, r);
            return;
        }
        let country = country.or_else(|| {
            if code.is_some() || agent.is_none() {
                return None;
            }
            // nearest preceding actor of this sentence
            let sent_start = self.ws[s].start;
            self.out
                .iter()
                .rev()
                .take_while(|x| x.span.0 >= sent_start)
                .find(|x| {
                    matches!(x.etype, EntityType::Person | EntityType::Org) && x.country.is_some()
                })
                .and_then(|x| x.country.clone())
        });
        let code = code.or_else(|| match (&country, &agent) {
            (Some(c), Some(a)) => Some(format!("{c}{a}")),
            _ => None,
        });
        let id = self.next_id();
        self.note_name(r.clone());
        self.known.push(Known {
            id,
            name: cores,
            etype: EntityType::Person,
            code,
            country,
            agent,
            role,
            canonical: surface,
        });
        self.emit_known(id, r);
    }

    /// A titled person not named («نظيره الإيراني» on first mention, «الرئيس الأمريكي»).
    fn new_role_person(
        &mut self,
        r: Range<usize>,
        role: Option<String>,
        country: String,
        agent: Option<String>,
    ) {
        let code = agent.as_ref().map(|a| format!("{country}{a}"));
        let id = self.next_id();
        let canonical = self.surface(r.clone()).to_string();
        self.known.push(Known {
            id,
            name: Vec::new(),
            etype: EntityType::Person,
            code,
            country: Some(country),
            agent,
            role,
            canonical,
        });
        self.emit_known(id, r);
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
    lx.countries
        .iter()
        .any(|x| x.iso3 == c)
        .then(|| c.to_string())
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
mod tests {
    use crate::Extractor;

    /// The entities of `text` as «surface TYPE code».
    fn check(text: &str, expected: &[&str]) {
        let ex = Extractor::default();
        let toks = ex.segmenter().tokenize(text);
        let sents = khabar_text::sentences::split(text);
        let x = ex.extract_names(text, &toks, &sents, Some("2015-08-01"));
        let got: Vec<String> = x
            .entities
            .iter()
            .map(|e| {
                let code = e.code.as_deref().unwrap_or("-");
                format!("{} {} {code}", &text[e.span.0..e.span.1], e.etype.as_str())
            })
            .collect();
        assert_eq!(got, expected, "{text}");
    }

    #[test]
    fn a_lineage_continues_a_known_name() {
        // the lexicon knows «الملك سلمان»; «بن عبدالعزيز آل سعود» is still the king, not a second man
        check(
            "استقبل الملك سلمان بن عبدالعزيز آل سعود رئيس وزراء باكستان.",
            &[
                "الملك سلمان بن عبدالعزيز آل سعود PERSON SAUGOV",
                "رئيس وزراء باكستان PERSON PAKGOV",
            ],
        );
    }

    #[test]
    fn fixed_expressions_are_no_names() {
        // «حسن» is a given name, but «حسن الجوار» is good neighbourliness and «رحمه الله» a prayer
        check(
            "أكد الوزير على حسن الجوار مع إيران.",
            &["إيران COUNTRY IRN"],
        );
        check(
            "وكان الراحل يرحمه الله قد دعا إلى حسن النية وحسن الظن.",
            &[],
        );
        // a man named Hassan stays one
        check(
            "التقى حسن نصر الله وفدا إيرانيا.",
            &["حسن نصر الله PERSON LBNREB"],
        );
    }
}
