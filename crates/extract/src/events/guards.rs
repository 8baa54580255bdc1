//! Guards: trigger words that are no event after all (a noun in construct, a generic or
//! preventive phrase, a formula, a topic of talks, a violence noun with no sign that it happened).

use super::lexicon::{Form, Phrases, SUFFIXES};
use super::slots::Slot;
use super::{Coder, Sent};
use crate::words::Word;
use rustc_hash::FxHashSet;
use std::ops::Range;

impl Coder<'_> {
    /// Is the trigger at `k` no event after all: a noun in construct, a generic or preventive
    /// phrase, a fixed formula, a topic of talks, a condition?
    pub(super) fn ruled_out(
        &self,
        cx: &Sent,
        k: usize,
        row: usize,
        form: Form,
        noun_too: bool,
    ) -> bool {
        let (ws, from, to, slots) = (cx.ws, cx.from, cx.to, cx.slots);
        // a bare past form after a plain noun is a noun in construct («وثيقة تعاون», «انتهاء حظر»)
        let after_date = k > from
            && cx
                .dates
                .iter()
                .any(|d| d.span.0 <= ws[k - 1].start && ws[k - 1].end <= d.span.1);
        if form == Form::Past
            && ws[k].proclitics.is_empty()
            && k > from
            && !after_date
            && !self.verb_can_follow(ws, k, slots)
        {
            return true;
        }
        let code = &self.lx.events[row].code;
        if code == "010" {
            return true;
        }
        let root = code.get(..2).unwrap_or("");
        if self.no_event_here(ws, from..to, k, root) {
            return true;
        }
        // a verbal noun among the subjects of talks («بحثا التعاون في مجالات الدفاع وتبادل
        // المعلومات») names a topic, not an event
        if (form == Form::Masdar || noun_too)
            && !matches!(root, "14" | "18" | "19" | "20")
            && self.talks_topic(ws, k, from)
        {
            return true;
        }
        // «طلب عدم نشر اسمه» (asked not to be named) is the reporter's formula, not an appeal
        if root == "02"
            && ws.get(k + 1).is_some_and(|n| n.core == "عدم")
            && ws.get(k + 2).is_some_and(|n| {
                matches!(
                    n.bare.as_str(),
                    "نشر" | "ذكر" | "كشف" | "افصاح" | "اشاره" | "تحديد"
                )
            })
        {
            return true;
        }
        // «بموافقة مجلس الأمن» is a condition (with the approval of); «بموافقة X على Y» reports one
        if ws[k].stem == "موافقه"
            && ws[k].proclitics.ends_with('ب')
            && !(k + 1..to.min(k + 7)).any(|j| ws[j].core == "علي")
        {
            return true;
        }
        false
    }

    /// The guards of the trigger's sentence that hold whatever word triggered (the rules' or a
    /// learned model's): deaths in an accident, a competition or festival, a generic or
    /// preventive phrase near a violence, protest or coercion word, a fixed formula.
    pub fn no_event_here(&self, ws: &[Word], sent: Range<usize>, k: usize, root: &str) -> bool {
        let (from, to) = (sent.start, sent.end.min(ws.len()));
        if k < from || k >= to {
            return false;
        }
        // a question reports nothing («لماذا لا يتم التحقيق مع المسؤولين …؟»): op-eds ask them
        if is_question(&ws[from..to]) {
            return true;
        }
        // deaths in an accident or a disaster are no violence, unless an attack is told too
        let violent = matches!(root, "18" | "19" | "20");
        let in_sentence = |set: &FxHashSet<String>| ws[from..to].iter().any(|w| w.in_set(set));
        if violent
            && in_sentence(&self.el.accident)
            && !in_sentence(&self.el.attack_noun)
            && !self.el.bombing.iter().any(|(_, b)| in_sentence(b))
        {
            return true;
        }
        // a competition, festival or fair: its hosting, visits, marches and "attacks" are sport
        if matches!(root, "04" | "14" | "18" | "19" | "20") && in_sentence(&self.el.competition) {
            return true;
        }
        // violence and protest words in generic or preventive phrases are not events
        self.phrase_near(&self.el.non_event, ws, k, from, to)
            && matches!(root, "14" | "18" | "19" | "20" | "17" | "15")
            || self.phrase_near(&self.el.formula, ws, k, from, to)
    }

    /// Can a verb stand right after word k-1? After punctuation, particles, adverbs and actors, yes;
    /// after a plain noun it is a noun itself.
    pub(super) fn verb_can_follow(&self, ws: &[Word], k: usize, slots: &[Slot]) -> bool {
        let p = &ws[k - 1];
        if p.is_punct()
            || p.is_number()
            || self.gaz.is_stop(p, "")
            || !p.proclitics.is_empty() && p.core.chars().count() <= 3
        {
            return true;
        }
        if slots.iter().any(|s| s.words.end == k) {
            return true;
        }
        if self.el.is_report(p) || self.trigger_like(p) {
            return true;
        }
        matches!(
            p.core.as_str(),
            "قد" | "لقد"
                | "كما"
                | "حيث"
                | "الذي"
                | "التي"
                | "الذين"
                | "ان"
                | "انه"
                | "انها"
                | "ثم"
                | "لما"
                | "عندما"
                | "بعدما"
                | "حين"
                | "امس"
                | "اليوم"
                | "الماضي"
                | "كان"
                | "كانت"
                | "وكان"
                | "وكانت"
                | "اذ"
                | "بعد"
                | "قبل"
                | "منذ"
                | "ما"
                | "لم"
                | "لن"
                | "لا"
                | "بدوره"
                | "بدورها"
                | "مجددا"
                | "ايضا"
                | "سابقا"
                | "البلدان"
                | "الجانبان"
                | "الطرفان"
                | "الوزيران"
                | "جهته"
                | "جهتها"
                | "جانبه"
                | "جانبها"
                | "ناحيته"
                | "ناحيتها"
                | "جهتهم"
                | "جانبهم"
        ) || self.el.dual.contains(&p.core)
    }

    /// Is a violence/protest noun at `k` reported as having happened? A result or
    /// realization word nearby, or a fresh date. A protest noun also counts as realized
    /// with its crowd, place or slogans nearby («مئات المتظاهرين … أمام», «رافعين شعارات»).
    pub(super) fn realized(
        &self,
        ws: &[Word],
        k: usize,
        from: usize,
        to: usize,
        protest: bool,
    ) -> bool {
        let lo = k.saturating_sub(6).max(from);
        let hi = (k + 8).min(to);
        let hit = |set: &FxHashSet<String>, j: usize| {
            let w = &ws[j];
            set.contains(&w.stem)
                || set.contains(&w.core)
                || set.contains(&w.bare)
                || SUFFIXES.iter().any(|x| {
                    w.bare
                        .strip_suffix(x)
                        .is_some_and(|b| b.chars().count() >= 3 && set.contains(b))
                })
        };
        if (lo..hi).any(|j| j != k && hit(&self.el.realized, j)) {
            return true;
        }
        // protest words: the crowd and its signs may sit anywhere in the clause
        protest && {
            let lo = k.saturating_sub(12).max(from);
            let hi = (k + 12).min(to);
            (lo..hi).any(|j| j != k && (hit(&self.el.protest_realized, j) || self.is_crowd(ws, j)))
        }
    }

    /// Is the verbal noun at `k` one of the subjects of talks: after «بحث/ناقش/تناول» or in a list
    /// of fields («في مجالات …»), within its clause?
    pub(super) fn talks_topic(&self, ws: &[Word], k: usize, from: usize) -> bool {
        (k.saturating_sub(8).max(from)..k)
            .rev()
            .take_while(|&j| !ws[j].is_punct() || ws[j].core == "،")
            .any(|j| self.el.talks.contains(&ws[j].stem) || self.el.talks.contains(&ws[j].core))
    }

    pub(super) fn phrase_near(
        &self,
        phrases: &Phrases,
        ws: &[Word],
        k: usize,
        from: usize,
        to: usize,
    ) -> bool {
        let lo = k.saturating_sub(3).max(from);
        let hi = (k + 3).min(to);
        if phrases.has_empty() && lo < hi {
            return true;
        }
        for st in lo..hi {
            // only the phrases whose first word this one reads as
            for p in phrases.starting(&ws[st]) {
                if st + p.len() > to {
                    continue;
                }
                if !(st..st + p.len()).contains(&k) && p.len() > 1 {
                    // multiword phrases must cover the trigger; single cue words may sit near it
                    continue;
                }
                if p.iter().enumerate().all(|(i, c)| ws[st + i].reads_as(c)) {
                    return true;
                }
            }
        }
        false
    }
}

/// Does the sentence end with a question mark (before closing quotes)?
fn is_question(ws: &[Word]) -> bool {
    ws.iter()
        .rev()
        .find(|w| !w.is_quote())
        .is_some_and(|w| w.is_punct() && matches!(w.core.as_str(), "؟" | "?"))
}
