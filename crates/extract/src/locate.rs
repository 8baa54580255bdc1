//! Actors' countries: a side coded by its agent alone («شخصا» CVL, «المسلحين» UAF, «قوات الأمن»
//! COP) takes the country the text gives it. CAMEO codes every actor with its country, and an
//! analyst filtering a dyad by country loses every country-less actor; the hand-coded files give
//! such sides a country as a rule (domestic events have both sides in one country).
//!
//! In order, the first that applies:
//! 1. a nationality or a country-bearing name inside the mention or right after it («جنود من قوات
//!    الدرك التركية», «المتمردين الحوثيين»);
//! 2. the place the sentence locates the event in («في حلب», «بمحافظة لحج»);
//! 3. the other side's country, when it is a country (a domestic event);
//! 4. the article's main country, when one country clearly leads its mentions.
//!
//! A state's agents (GOV, MIL, COP, JUD, LEG, SPY: «الجيش», «قوات الأمن») take 4 before 2 and 3:
//! an army striking abroad is still its own country's.

use crate::entities::{Entity, EntityType};
use crate::events::{Actor, Event};
use crate::gazetteer::Gazetteer;
use crate::learned::candidates::is_location;
use crate::words::Word;
use khabar_lexicon::Lexicon;
use rustc_hash::FxHashMap;

/// CAMEO agent codes that stand for a sector without a country.
const AGENTS: &[&str] = &[
    "GOV", "MIL", "COP", "REB", "OPP", "CVL", "MED", "BUS", "JUD", "LEG", "INS", "UAF", "CRM",
    "REF", "SPY", "HRI", "REL", "PTY", "LAB", "HLH", "EDU", "ELI", "SET", "AGR", "ENV", "MOD",
    "RAD",
];

/// Agents of a state.
const STATE: &[&str] = &["GOV", "MIL", "COP", "JUD", "LEG", "SPY"];

/// Is `code` an agent with no country («CVL», «MILREB»)?
pub fn country_less(code: &str) -> bool {
    code.get(..3).is_some_and(|p| AGENTS.contains(&p))
}

/// What the article says of where things happen and whose they are.
pub struct Locator<'a> {
    lx: &'a Lexicon,
    ws: &'a [Word],
    entities: &'a [Entity],
    gaz: &'a Gazetteer,
    /// the article's leading country, if one clearly leads
    main: Option<String>,
}

impl<'a> Locator<'a> {
    pub fn new(
        lx: &'a Lexicon,
        gaz: &'a Gazetteer,
        ws: &'a [Word],
        entities: &'a [Entity],
    ) -> Self {
        let mut count: FxHashMap<&str, usize> = FxHashMap::default();
        for e in entities {
            let c = e
                .country
                .as_deref()
                .or(e.code.as_deref().and_then(|c| c.get(..3)));
            if let Some(c) = c.filter(|c| gaz.is_country(c)) {
                *count.entry(c).or_default() += 1;
            }
        }
        let mut ranked: Vec<(&str, usize)> = count.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        // a country leads when it is named at least twice and more often than any other
        let main = match ranked.as_slice() {
            [(c, n), rest @ ..] if *n >= 2 && rest.first().is_none_or(|(_, m)| m < n) => {
                Some(c.to_string())
            }
            _ => None,
        };
        Locator {
            lx,
            ws,
            entities,
            gaz,
            main,
        }
    }

    /// The country of a code that has one.
    fn country<'c>(&self, code: &'c str) -> Option<&'c str> {
        code.get(..3).filter(|c| self.gaz.is_country(c))
    }

    /// Gives every country-less side of `events` the country the text supports.
    pub fn locate(&self, events: &mut [Event]) {
        for e in events.iter_mut() {
            let src = self.side_country(e, e.source.as_ref(), e.target.as_ref());
            let tgt = self.side_country(e, e.target.as_ref(), e.source.as_ref());
            if let (Some(c), Some(a)) = (src, e.source.as_mut()) {
                a.code = format!("{c}{}", a.code);
            }
            if let (Some(c), Some(a)) = (tgt, e.target.as_mut()) {
                a.code = format!("{c}{}", a.code);
            }
        }
    }

    fn side_country(
        &self,
        e: &Event,
        side: Option<&Actor>,
        other: Option<&Actor>,
    ) -> Option<String> {
        self.country_at(side?, &e.sentence_words, e.trigger_word, other)
    }

    /// The country a country-less side `a` of an event on word `trigger` of the sentence `sw`
    /// would take (None for a side that has one, or when the text gives none). The trainer of the
    /// learned layer labels mentions with it, so that its labels are the countries decoding gives.
    pub fn country_at(
        &self,
        a: &Actor,
        sw: &std::ops::Range<usize>,
        trigger: usize,
        other: Option<&Actor>,
    ) -> Option<String> {
        if !country_less(&a.code) {
            return None;
        }
        let other = || other.and_then(|o| self.country(&o.code)).map(String::from);
        if let Some(c) = self.own(a) {
            return Some(c);
        }
        let place = || self.place(sw, trigger);
        // the state's forces and offices («الجيش», «قوات الأمن», «الحكومة») are the article's
        // country's even where they act abroad; people and fighters are the place's
        if STATE.iter().any(|s| a.code.starts_with(s)) {
            self.main.clone().or_else(place).or_else(other)
        } else {
            place().or_else(other).or_else(|| self.main.clone())
        }
    }

    /// A nationality or a country-bearing name inside the mention or right after it.
    fn own(&self, a: &Actor) -> Option<String> {
        let ws = self.ws;
        let start = ws.partition_point(|w| w.start < a.span.0);
        let mut end = ws.partition_point(|w| w.start < a.span.1);
        // the adjectives that agree with the mention's last noun («جنود أفغان», «الحوثيين»)
        while end < ws.len() && end < start + 12 && self.gaz.adjective(&ws[end]).is_some() {
            end += 1;
        }
        for w in &ws[start..end] {
            if let Some(c) = self.gaz.adjective(w).filter(|c| self.gaz.is_country(c)) {
                return Some(c.to_string());
            }
        }
        // an organization's name inside it («المتمردين الحوثيين»: the Houthis)
        for j in start..end {
            if let Some(m) = self.gaz.match_at(ws, j).filter(|m| m.to <= end) {
                if let crate::gazetteer::Target::Org(i) = m.target {
                    if let Some(c) = self.lx.orgs.get(i).and_then(|o| self.country(&o.code)) {
                        return Some(c.to_string());
                    }
                }
            }
        }
        // a name inside or right after the mention that carries a country
        self.entities
            .iter()
            .filter(|x| x.words.start >= start && x.words.start <= end && x.words.start < ws.len())
            .filter(|x| x.span != a.span && !is_location(ws, x))
            .filter(|x| matches!(x.etype, EntityType::Org | EntityType::Country))
            .find_map(|x| {
                x.country
                    .as_deref()
                    .or(x.code.as_deref().and_then(|c| self.country(c)))
                    .filter(|c| self.gaz.is_country(c))
                    .map(String::from)
            })
    }

    /// The place the event's sentence locates it in: the nearest location to the trigger.
    fn place(&self, sw: &std::ops::Range<usize>, trigger: usize) -> Option<String> {
        self.entities
            .iter()
            .filter(|x| x.words.start >= sw.start && x.words.end <= sw.end)
            .filter(|x| is_location(self.ws, x))
            .filter_map(|x| {
                let c = x
                    .country
                    .as_deref()
                    .or(x.code.as_deref().and_then(|c| self.country(c)))?;
                Some((x.words.start.abs_diff(trigger), c))
            })
            .min_by_key(|(d, _)| *d)
            .map(|(_, c)| c.to_string())
    }
}
