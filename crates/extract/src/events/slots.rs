//! Slots: the actor mentions of a sentence that can be a source or a target (entities, and bare
//! nationality adjectives as a last resort).

use super::types::Actor;
use super::Coder;
use crate::entities::{Entity, EntityType};
use crate::words::Word;
use std::ops::Range;

/// An actor mention usable as source or target.
#[derive(Debug, Clone)]
pub(super) struct Slot {
    pub(super) words: Range<usize>,
    pub(super) code: String,
    pub(super) entity: Option<usize>,
    /// a place after «في» (where, not whom)
    pub(super) locative: bool,
    pub(super) place: bool,
    /// a bare nationality adjective («ضربة أميركية»): a target of last resort
    pub(super) adjective: bool,
    /// a country or place entity (where one travels to), not an agent
    pub(super) geo: bool,
    /// a person entity
    pub(super) person: bool,
}

impl Slot {
    /// A side that is no entity: a code standing on `words` (a dual word's country, an unnamed
    /// crowd, nameless victims).
    pub(super) fn bare(words: Range<usize>, code: String) -> Slot {
        Slot {
            words,
            code,
            entity: None,
            locative: false,
            place: false,
            adjective: false,
            geo: false,
            person: false,
        }
    }
}

impl Coder<'_> {
    pub(super) fn slots(
        &self,
        text: &str,
        ws: &[Word],
        from: usize,
        to: usize,
        entities: &[Entity],
    ) -> Vec<Slot> {
        let mut v: Vec<Slot> = Vec::new();
        for e in entities {
            if e.words.start < from || e.words.end > to {
                continue;
            }
            // «بأنه» folds onto the place name «بانه» (Baneh): a spelled-out particle is no place
            if e.etype == EntityType::Place
                && e.words.len() == 1
                && text
                    .get(ws[e.words.start].word_start..ws[e.words.start].end)
                    .is_some_and(particle_spelling)
            {
                continue;
            }
            let code = match (e.etype, &e.code, &e.country) {
                (EntityType::Place, Some(c), _) if e.metonymy => c.clone(),
                (EntityType::Place, _, Some(c)) => c.clone(),
                (EntityType::Place, _, None) => continue,
                (_, Some(c), _) => c.clone(),
                (_, None, Some(c)) => c.clone(),
                _ => continue,
            };
            let prev = e
                .words
                .start
                .checked_sub(1)
                .map(|p| ws[p].core.as_str())
                .unwrap_or("");
            let first = &ws[e.words.start];
            let locative = matches!(e.etype, EntityType::Place | EntityType::Country)
                && (prev == "في"
                    || first.proclitics.ends_with('ب')
                    || first.proclitics.ends_with("في"));
            v.push(Slot {
                words: e.mention_start.min(e.words.start)..e.words.end,
                code,
                entity: Some(e.id),
                locative,
                place: e.etype == EntityType::Place,
                adjective: false,
                geo: matches!(e.etype, EntityType::Place | EntityType::Country),
                person: e.etype == EntityType::Person,
            });
        }
        // bare nationality adjectives not inside an entity
        for k in from..to {
            if v.iter().any(|s| s.words.contains(&k)) {
                continue;
            }
            // «العاصمة العراقية», «مدينة حلب السورية»: the place's nationality, not an actor
            let of_place = k > from
                && crate::learned::candidates::PLACE_HEADS.contains(&ws[k - 1].core.as_str());
            if of_place {
                continue;
            }
            if let Some(iso) = self.gaz.adjective(&ws[k]) {
                v.push(Slot {
                    words: k..k + 1,
                    code: iso.to_string(),
                    entity: None,
                    locative: false,
                    place: false,
                    adjective: true,
                    geo: false,
                    person: false,
                });
            }
        }
        v.sort_by_key(|s| s.words.start);
        // «قوات التحالف العربي», «عناصر داعش»: an agent noun in construct with a name is that
        // name's actor, not a second side (the strict review's SAUMIL → SAUMIL)
        let mut merged: Vec<Slot> = Vec::with_capacity(v.len());
        for s in v {
            if let Some(last) = merged.last_mut() {
                // («قتلى من المقاومة», «49 مسلحا من تنظيم داعش»: the side they are of)
                let of = last.words.end + 1 == s.words.start && ws[last.words.end].core == "من";
                let construct = (last.words.end == s.words.start || of)
                    && crate::locate::country_less(&last.code)
                    && !last.adjective
                    && !s.adjective
                    && !s.geo
                    && ws[s.words.start].proclitics.is_empty();
                if construct {
                    last.words.end = s.words.end;
                    // «قوات النظام», «شرطة الحكومة»: the forces of a government are its
                    // military or police, not the government (hand coders' SYRMIL, not SYRGOV)
                    last.code = match s.code.strip_suffix("GOV") {
                        Some(country)
                            if matches!(country.len(), 0 | 3)
                                && matches!(last.code.as_str(), "MIL" | "COP") =>
                        {
                            format!("{country}{}", last.code)
                        }
                        _ => s.code.clone(),
                    };
                    last.entity = s.entity;
                    last.person = s.person;
                    continue;
                }
            }
            merged.push(s);
        }
        merged
    }

    pub(super) fn actor(&self, ws: &[Word], s: &Slot, implicit: bool) -> Actor {
        Actor {
            span: (ws[s.words.start].start, ws[s.words.end - 1].end),
            code: s.code.clone(),
            entity: s.entity,
            implicit,
        }
    }
}

/// «بأنه», «لأنها», «وأنهم»: أن with a preposition and a pronoun, written with its hamza.
fn particle_spelling(s: &str) -> bool {
    let s = s.trim_start_matches(['و', 'ف']);
    let s = s.strip_prefix(['ب', 'ل', 'ك']).unwrap_or(s);
    let Some(rest) = s.strip_prefix("أن") else {
        return false;
    };
    matches!(rest, "" | "ه" | "ها" | "هم" | "هما" | "نا")
}
