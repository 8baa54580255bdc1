//! Targets: to whom. The first actor after the verb and its subject (object or after a
//! preposition), the one welcomed after «رحب/أشاد بـ», the destination of «وصل» (a visit only by
//! an official), and the nearest actor for a protest or an attack with nobody named around it.

use super::crowd::crowd_slot;
use super::slots::Slot;
use super::speech::Report;
use super::subject::Cast;
use super::{Coder, Sent, Sides, Trig};
use crate::words::Word;

impl Coder<'_> {
    /// The target of the trigger, after its subject. A protest or an attack with nobody named
    /// around it takes the nearest actor (or an unnamed crowd) as one side.
    pub(super) fn target_of(
        &self,
        cx: &Sent,
        t: &Trig,
        c: &Cast,
        reports: &[Report],
        sides: &mut Sides,
    ) {
        let (ws, from, to, slots) = (cx.ws, cx.from, cx.to, cx.slots);
        let (k, row, code, root) = (t.k, t.row, &t.code, &t.root);
        let Cast {
            exposed,
            ref victim,
            ref patient,
            ..
        } = *c;
        let subj_end = sides.subj_end;
        let sources = &mut sides.sources;
        // only travel takes a place as its target («وصل إلى طهران»); hosting in Jeddah does not
        let motion = code == "042";
        let arrival = self.el.arrival.contains(&row);
        let mut target = if arrival {
            // «وصل» is a visit only by an official, to a place named after «إلى»
            sources.retain(|s| self.visitor(s));
            self.arrival_target(ws, subj_end.max(k + 1), to, slots)
        } else {
            // «رحب X بـY»: Y is the one welcomed, and nobody named after the «ب» phrase
            let bi = self.el.bi_object.contains(&row);
            match bi.then(|| self.bi_target(ws, subj_end.max(k + 1), to, slots, sources)) {
                Some(Some(t)) => t,
                _ => {
                    let topic = matches!(root.as_str(), "03" | "05" | "06");
                    let at = subj_end.max(k + 1);
                    self.target(ws, at, to, slots, sources, motion, topic)
                }
            }
        };
        if patient.is_some() {
            target = patient.clone();
        }
        if exposed.is_some() {
            // the one attacked is the subject of «تعرض», never who follows the noun
            sources.retain(|s| victim.as_ref().is_none_or(|v| v.code != s.code));
            target = victim.clone();
        }
        // a protest or an attack whose participants sit elsewhere in the sentence: the nearest
        // actor (protesters are the source of a protest, the named party the target of an
        // attack), else the country where it happened
        if sources.is_empty()
            && target.is_none()
            && matches!(root.as_str(), "14" | "18" | "19" | "20")
        {
            // the one who reports it is neither side («وقالت الوزارة إن هجوما وقع»)
            let speaker_at = |s: &Slot| {
                reports.iter().any(|r| {
                    r.speaker
                        .as_ref()
                        .is_some_and(|sp| sp.words.start == s.words.start)
                })
            };
            let near = slots
                .iter()
                // («تعرضوا لهجوم»: the victims were not named, do not guess them)
                .filter(|s| {
                    !s.adjective && !s.locative && !s.place && !speaker_at(s) && exposed.is_none()
                })
                .min_by_key(|s| (s.words.start as isize - k as isize).abs())
                .or_else(|| {
                    slots
                        .iter()
                        .filter(|s| s.locative || s.place)
                        .min_by_key(|s| (s.words.start as isize - k as isize).abs())
                })
                .or_else(|| {
                    // «قوى لبنانية … في مسيرة»: a nationality is the protesters' last resort
                    slots
                        .iter()
                        .filter(|s| s.adjective && root == "14")
                        .min_by_key(|s| (s.words.start as isize - k as isize).abs())
                })
                .map(|s| {
                    let mut s = s.clone();
                    if s.place || s.locative {
                        s.code = s.code.get(..3).unwrap_or(&s.code).to_string();
                    }
                    s
                });
            if let Some(n) = near {
                if root == "14" {
                    sources.push(n);
                } else {
                    target = Some(n);
                }
            }
        }
        // a protest by an unnamed crowd («احتشد عدد من الشبان»): the protesters are civilians
        if sources.is_empty() && target.is_none() && root == "14" {
            if let Some(c) = self.crowd_near(ws, k, from, to) {
                sources.push(crowd_slot(c));
            }
        }
        sides.target = target;
    }

    /// The first actor after the verb (and subject): object or after a preposition. `topic`:
    /// an agreement or cooperation, whose topic («حول», «بشأن», «ضد») ends the search: what
    /// follows is discussed, not a partner (consultations, 04, keep theirs: «بحث مع X»; «على»
    /// after «اتفق» is left out, it cost more partners than it saved on the training files).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn target(
        &self,
        ws: &[Word],
        from: usize,
        to: usize,
        slots: &[Slot],
        sources: &[Slot],
        motion: bool,
        topic: bool,
    ) -> Option<Slot> {
        let src: Vec<&str> = sources.iter().map(|s| s.code.as_str()).collect();
        let limit = to.min(from + 12);
        let mut fallback: Option<Slot> = None;
        for s in slots
            .iter()
            .filter(|s| s.words.start >= from && s.words.start < limit)
        {
            if src.contains(&s.code.as_str()) {
                continue;
            }
            // a clause boundary before it ends the search
            if (from..s.words.start).any(|j| {
                matches!(
                    ws[j].core.as_str(),
                    "ان" | "الذي" | "التي" | "حيث" | "بينما"
                ) || ws[j].is_punct() && matches!(ws[j].core.as_str(), "." | "؛" | ":")
            }) {
                break;
            }
            if topic && (from..s.words.start).any(|j| ws[j].in_set(&self.el.topic_prep)) {
                return None;
            }
            if s.adjective {
                if s.words.start < from + 6 && fallback.is_none() {
                    return Some(s.clone());
                }
                if fallback.is_none() {
                    fallback = Some(s.clone());
                }
                continue;
            }
            if s.locative && !motion {
                continue;
            }
            if s.place && !s.locative && !motion && !s.code.ends_with("GOV") {
                continue;
            }
            return Some(s.clone());
        }
        fallback
    }

    /// The ISO3 country of an actor code, if it has one.
    pub(super) fn country_of<'c>(&self, code: &'c str) -> Option<&'c str> {
        let c = code.get(..3)?;
        self.lx.is_country(c).then_some(c)
    }

    /// Who can pay a visit: an official, a government, an international organization (not
    /// fighters, migrants or civilians, who merely arrive).
    pub(super) fn visitor(&self, s: &Slot) -> bool {
        if s.adjective
            || ["CVL", "REB", "INS", "REF", "UAF", "CRM", "MED", "BUS"]
                .iter()
                .any(|r| s.code.contains(r))
        {
            return false;
        }
        s.person
            || s.code.starts_with("IGO")
            || (self.country_of(&s.code).is_some()
                && matches!(s.code.get(3..), Some("GOV" | "LEG" | "JUD")))
    }

    /// The destination of «وصل»: a country or place right after «إلى» or «ل» («إلى مدينة عدن»).
    pub(super) fn arrival_target(
        &self,
        ws: &[Word],
        from: usize,
        to: usize,
        slots: &[Slot],
    ) -> Option<Slot> {
        let geo_at = |j: usize| slots.iter().find(|s| s.words.start == j && s.geo);
        for j in from..to.min(from + 6) {
            if ws[j].is_punct() {
                return None;
            }
            let start = if ws[j].core == "الي" {
                j + 1
            } else if ws[j].proclitics.ends_with('ل') {
                j
            } else {
                continue;
            };
            // «إلى مدينة عدن», «إلى العاصمة الرياض»
            let next = (start + 1 < to
                && matches!(
                    ws[start].bare.as_str(),
                    "مدينه" | "عاصمه" | "مطار" | "ميناء" | "بلده" | "محافظه" | "جزيره"
                ))
            .then(|| geo_at(start + 1))
            .flatten();
            return geo_at(start).or(next).cloned();
        }
        None
    }

    /// The object of «رحب/أشاد … بـ»: `None` without a «ب» phrase right after the verb and
    /// subject, else the actor inside that phrase («بقرار مجلس الأمن»), if any.
    pub(super) fn bi_target(
        &self,
        ws: &[Word],
        from: usize,
        to: usize,
        slots: &[Slot],
        sources: &[Slot],
    ) -> Option<Option<Slot>> {
        let j = (from..to.min(from + 4))
            .take_while(|&j| !ws[j].is_punct())
            .find(|&j| ws[j].proclitics.ends_with('ب'))?;
        let mut i = j;
        while i < to.min(j + 5) {
            // the phrase goes on through its genitives and «و» («بدعم ومساعدات إيران»)
            let p = ws[i].proclitics.as_str();
            if i > j && (ws[i].is_punct() || !matches!(p, "" | "و") || self.gaz.is_stop(&ws[i], ""))
            {
                break;
            }
            if let Some(s) = slots.iter().find(|s| {
                s.words.start == i && !s.locative && !sources.iter().any(|x| x.code == s.code)
            }) {
                return Some(Some(s.clone()));
            }
            i += 1;
        }
        Some(None)
    }

    /// The «تعرض» (was subjected to) verb whose complement is the noun at `k` («تعرضت قافلته لهجوم»).
    pub(super) fn exposure_verb(&self, ws: &[Word], k: usize, from: usize) -> Option<usize> {
        (k.saturating_sub(6).max(from)..k)
            .rev()
            .take_while(|&j| !ws[j].is_punct())
            .find(|&j| self.el.exposed.contains(&ws[j].stem))
    }
}
