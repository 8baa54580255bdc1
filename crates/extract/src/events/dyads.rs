//! Dyads: the events of a trigger from its sources and target — reciprocal pairs, «تلقى»
//! (the receiver is the target), passive victims, the one-sided codes CAMEO allows, visits home —
//! and the sentence's events scored and deduplicated.

use super::slots::Slot;
use super::types::Event;
use super::{Coder, Sent, Sides, Trig};
use crate::words::Word;
use rustc_hash::FxHashSet;

impl Coder<'_> {
    /// The events of one trigger: a (source, target) pair for each source (both ways for a
    /// reciprocal subject), less the pairs CAMEO does not code.
    pub(super) fn dyads(&self, cx: &Sent, t: &Trig, sides: &Sides, events: &mut Vec<Event>) {
        let (ws, si, from, to, slots) = (cx.ws, cx.si, cx.from, cx.to, cx.slots);
        let (k, row, code, root, modality, sent_date) =
            (t.k, t.row, &t.code, &t.root, t.modality, t.date);
        let Sides {
            ref sources,
            ref target,
            explicit,
            ..
        } = *sides;
        let w = &ws[k];
        let arrival = self.el.arrival.contains(&row);
        let place = slots
            .iter()
            .find(|s| s.place && s.locative)
            .map(|s| crate::geo::Place::at(ws[s.words.start].start, ws[s.words.end - 1].end));
        let date = match (modality, sent_date.and_then(|d| d.value.clone())) {
            (_, Some(v)) => Some(v),
            _ => cx.published.map(String::from),
        };
        // an actor carried over from an earlier sentence is not named here: unless the trigger
        // refers back to it (a verb's person, a pronoun on the noun: «وأضاف أنه يرفض», «لقائه»),
        // the event is told with no such side — a strict reader takes '-' as right there, and
        // carried-over actors of bare nouns and protests were mostly the wrong ones in review
        let here = |s: &Slot| s.words.start >= from && s.words.end <= to;
        let carry = sides.anaphoric && root != "14";
        let sources: Vec<Slot> = sources
            .iter()
            .filter(|s| carry || here(s))
            .cloned()
            .collect();
        let sources = &sources;
        let mut pairs: Vec<(Option<Slot>, Option<Slot>)> = Vec::new();
        // (only talks, agreements and cooperation are done with each other: «قوات الجيش والشرطة
        // أعلنت» is two actors doing one thing)
        let reciprocal = matches!(root.as_str(), "03" | "04" | "05" | "06");
        if sources.len() >= 2 && target.is_none() && reciprocal {
            // reciprocal: both sides of a coordinated or dual subject
            pairs.push((Some(sources[0].clone()), Some(sources[1].clone())));
            pairs.push((Some(sources[1].clone()), Some(sources[0].clone())));
        } else if sources.is_empty() {
            pairs.push((None, target.clone()));
        } else {
            for s in sources {
                pairs.push((Some(s.clone()), target.clone()));
            }
        }
        // «تلقى اتصالا من X»: the one who received is the target
        let received = received(w);
        if received {
            pairs = pairs
                .into_iter()
                .map(|(s, t)| if t.is_some() { (t, s) } else { (s, t) })
                .collect();
        }
        // «أصيب X», «يصاب»: a passive verb's subject is the one hit, and who hit is unsaid
        if self.el.passive_victim.contains(&w.stem) || self.el.exposed.contains(&w.stem) {
            pairs = pairs.into_iter().map(|(s, t)| (None, s.or(t))).collect();
            pairs.dedup_by(|a, b| a.1.as_ref().map(|x| &x.code) == b.1.as_ref().map(|x| &x.code));
        }
        let cameo = self.lx.cameo(code);
        for (s, t) in pairs {
            // a bare nationality adjective alone («ورفض البرتغالي») is too weak to carry an event
            let only_adjective = match (&s, &t) {
                (None, Some(t)) => t.adjective,
                (Some(s), None) => s.adjective,
                _ => false,
            };
            if only_adjective && !matches!(root.as_str(), "14" | "18" | "19" | "20") {
                continue;
            }
            // violence and protest are recorded even when nobody is named («قتل شخص»)
            if s.is_none() && t.is_none() {
                continue;
            }
            if let (Some(a), Some(b)) = (&s, &t) {
                if a.code == b.code {
                    continue;
                }
                // a country with one of its own («السعودية» → «الحكومة السعودية»): one side
                // read twice, not a dyad
                let bare = |x: &Slot| x.code.len() == 3 && self.country_of(&x.code).is_some();
                let same = a.code.get(..3) == b.code.get(..3);
                if same && (bare(a) || bare(b)) {
                    continue;
                }
            }
            // a visit is paid by someone: countries and places are where it goes
            // («زار … اليمن والسودان» made Yemen the visitor of Sudan)
            if self.lx.events[row].code == "042" && s.as_ref().is_some_and(|a| a.geo) {
                continue;
            }
            // one-sided codes are allowed only where CAMEO has them (protest, violence, statements)
            // (a demand, condemnation or rejection by a named actor of what nobody named did:
            // «ودانت الحكومة الألمانية التفجير الإرهابي» is DEU → -)
            let stated = matches!(root.as_str(), "10" | "11" | "12") && explicit && t.is_none();
            if (s.is_none() || t.is_none()) && !one_sided_ok(root) && !stated {
                continue;
            }
            // an appeal to nobody by someone only assumed from context is mostly not an appeal
            // («يدعو للفخر», «عرض وطلب»)
            if root == "02" && t.is_none() && !explicit {
                continue;
            }
            // a statement, appeal or promise needs the one who makes it: without a subject the
            // named actor is mostly what it is about («ودعا اللورد هول إلى نقاش حول بي بي سي»)
            if s.is_none() && matches!(root.as_str(), "01" | "02" | "03") {
                continue;
            }
            // a visit is to somewhere else: arriving in one's own country or city is no event
            if self.lx.events[row].code == "042" {
                let home = |s: &Slot, t: &Slot| {
                    self.country_of(&s.code)
                        .is_some_and(|c| self.country_of(&t.code) == Some(c))
                };
                match (&s, &t) {
                    (Some(a), Some(b)) if (b.geo || b.adjective || arrival) && home(a, b) => {
                        continue
                    }
                    (_, None) if arrival => continue,
                    _ => {}
                }
            }
            let mut conf = 0.4f32;
            if explicit {
                conf += 0.25;
            }
            if t.as_ref().is_some_and(|t| !t.adjective) {
                conf += 0.2;
            }
            if !self.el.context[row].is_empty() {
                conf += 0.1;
            }
            let ev_words: Vec<usize> = [
                Some(k),
                s.as_ref().filter(|_| explicit).map(|x| x.words.start),
                t.as_ref().map(|x| x.words.end - 1),
            ]
            .into_iter()
            .flatten()
            .collect();
            let a = ev_words.iter().min().copied().unwrap_or(k).max(from);
            let b = ev_words.iter().max().copied().unwrap_or(k).min(to - 1);
            events.push(Event {
                sentence: si,
                trigger_word: k,
                sentence_words: from..to,
                span: (ws[a].word_start, ws[b].end),
                trigger: (w.word_start, w.end),
                source: s.map(|x| self.actor(ws, &x, !explicit)),
                target: t.map(|x| self.actor(ws, &x, false)),
                cameo: code.clone(),
                root: code.get(..2).unwrap_or("").to_string(),
                quad: cameo.map_or(0, |c| c.quad),
                goldstein: cameo.map_or(0.0, |c| c.goldstein),
                plover_type: cameo.map(|c| c.plover_type.clone()).unwrap_or_default(),
                plover_mode: cameo.map(|c| c.plover_mode.clone()).unwrap_or_default(),
                date: date.clone(),
                place: place.clone(),
                modality,
                confidence: conf.min(1.0),
            });
        }
    }

    /// The sentence's events into `out`: violence and protest scored by the model (the unlikely
    /// dropped), and no duplicates: one event per (code, source, target) in a sentence.
    pub(super) fn keep(&self, ws: &[Word], events: Vec<Event>, out: &mut Vec<Event>) {
        // no duplicates: one event per (code, source, target) in a sentence
        let mut seen: FxHashSet<(String, String, String)> = FxHashSet::default();
        for mut e in events {
            if let Some(sc) = self.scorer {
                if crate::scorer::scored(&e) {
                    let p = sc.prob(&crate::scorer::features(
                        ws,
                        e.sentence_words.clone(),
                        &e,
                        e.trigger_word,
                        &self.el.scorer_words,
                    ));
                    if p < sc.threshold(&e.root) {
                        continue;
                    }
                    e.confidence = p;
                }
            }
            let key = (
                e.cameo.clone(),
                e.source
                    .as_ref()
                    .map(|a| a.code.clone())
                    .unwrap_or_default(),
                e.target
                    .as_ref()
                    .map(|a| a.code.clone())
                    .unwrap_or_default(),
            );
            if seen.insert(key) {
                out.push(e);
            }
        }
    }
}

/// «تلقى اتصالا من X»: the one who received is the target.
pub(super) fn received(w: &Word) -> bool {
    w.stem.starts_with("تلق") || w.stem.starts_with("يتلق") || w.stem.starts_with("تتلق")
}

/// Codes that may be recorded with one actor only.
fn one_sided_ok(root: &str) -> bool {
    matches!(root, "14" | "18" | "19" | "20" | "01" | "02" | "03")
}
