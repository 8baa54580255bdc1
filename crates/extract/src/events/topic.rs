//! The topic: the actor an article is about at this point. It stands in for a missing subject
//! only in the sentence after the one naming it, and never for the agent of a killing; a sentence
//! opening on another actor ends it. Also the countries last named, for «الجانبان».

use super::dyads::received;
use super::lexicon::Form;
use super::slots::Slot;
use super::{Coder, Sent, Sides, Trig};
use crate::words::Word;

impl Coder<'_> {
    /// After a trigger: its subject becomes the topic.
    pub(super) fn carry_topic(
        &self,
        cx: &Sent,
        t: &Trig,
        sides: &Sides,
        topic: &mut Option<(Slot, usize)>,
    ) {
        if sides.explicit && t.form != Form::Masdar {
            // «تلقى X اتصالا من Y، جدد خلاله …»: the caller goes on as the subject
            let agent = if received(&cx.ws[t.k]) {
                sides
                    .target
                    .clone()
                    .or_else(|| sides.sources.first().cloned())
            } else {
                sides.sources.first().cloned()
            };
            if let Some(s) = agent {
                *topic = Some((s, cx.si));
            }
        }
    }

    /// After a sentence: its speaker becomes the topic, and an opening on another actor ends it.
    pub(super) fn pass_topic(
        &self,
        cx: &Sent,
        speaker: Option<Slot>,
        topic: &mut Option<(Slot, usize)>,
    ) {
        if let Some(s) = speaker {
            *topic = Some((s, cx.si));
        }
        // a sentence opening on another actor («والولايات المتحدة …») changes the subject even
        // when none of its verbs is an event: the old topic does not reach past it
        if topic.as_ref().is_some_and(|(_, at)| *at != cx.si) {
            if let Some(o) = self.opening_actor(cx.ws, cx.from, cx.to, cx.slots) {
                if topic.as_ref().is_some_and(|(t, _)| t.code != o.code) {
                    *topic = None;
                }
            }
        }
    }

    /// The countries named in a sentence's slots, most recent last.
    pub(super) fn note_countries(&self, slots: &[Slot], recent_countries: &mut Vec<String>) {
        for sl in slots {
            if let Some(c) = sl.code.get(..3) {
                if !sl.adjective && sl.code.len() >= 3 && self.lx.is_country(c) {
                    recent_countries.retain(|x| x != c);
                    recent_countries.push(c.to_string());
                }
            }
        }
    }

    /// The actor a sentence opens with, as its subject (not after a preposition).
    fn opening_actor<'s>(
        &self,
        ws: &[Word],
        from: usize,
        to: usize,
        slots: &'s [Slot],
    ) -> Option<&'s Slot> {
        let mut j = from;
        while j < to.min(from + 2)
            && (ws[j].is_punct()
                || matches!(
                    ws[j].core.as_str(),
                    "كما" | "لكن" | "بينما" | "فيما" | "اما" | "ان" | "بدوره" | "بدورها"
                ))
        {
            j += 1;
        }
        let s = slots.iter().find(|s| s.words.start == j)?;
        let p = &ws[j].proclitics;
        (!s.adjective && !s.locative && !p.ends_with(['ب', 'ل', 'ك'])).then_some(s)
    }
}

/// The topic as the subject of a pronoun or a subjectless verb in sentence `si`: a topic named in
/// this or the previous sentence only; further back it is as likely someone else («وأضاف أنه»
/// after an unrelated paragraph).
pub(super) fn fresh(topic: &Option<(Slot, usize)>, si: usize) -> Option<Slot> {
    topic
        .as_ref()
        .filter(|(_, at)| si <= at + 1)
        .map(|(s, _)| s.clone())
}
