//! Reported speech: the speaker of «قال/أكد … أن» is the source of the claim; deeds the
//! speaker ascribes to another actor (deeds.tsv) become accusations or demands speaker → agent.

use super::slots::Slot;
use super::topic::fresh;
use super::triggers::joined;
use super::types::{Event, Modality};
use super::{Coder, Sent};
use crate::words::Word;

/// A report clause: «قال X إن …».
pub(super) struct Report {
    /// the report verb
    pub(super) verb: usize,
    pub(super) speaker: Option<Slot>,
    /// where the reported clause starts (after «أن/إن», else right after the verb)
    pub(super) comp: usize,
}

/// The reported speech of a sentence.
pub(super) struct Speech {
    pub(super) reports: Vec<Report>,
    /// the last speaker named: the sentence's subject
    pub(super) speaker: Option<Slot>,
}

impl Coder<'_> {
    /// The report clauses of a sentence and its last speaker.
    pub(super) fn reports(&self, cx: &Sent, topic: &Option<(Slot, usize)>) -> Speech {
        let (ws, si, from, to, slots) = (cx.ws, cx.si, cx.from, cx.to, cx.slots);
        let mut speaker: Option<Slot> = None;
        let mut reports: Vec<Report> = Vec::new();
        for k in from..to {
            if self.el.is_report(&ws[k]) {
                // «مشيرا/مؤكدا …»: a participle continues the current speaker
                let participle = matches!(
                    ws[k].core.as_str(),
                    "مشيرا"
                        | "مشيره"
                        | "مؤكدا"
                        | "مؤكده"
                        | "معتبرا"
                        | "معتبره"
                        | "مضيفا"
                        | "مضيفه"
                        | "موضحا"
                        | "موضحه"
                        | "مشددا"
                        | "مشدده"
                        | "لافتا"
                        | "لافته"
                        | "محذرا"
                        | "محذره"
                );
                let sp = speaker
                    .clone()
                    .filter(|_| participle)
                    .or_else(|| self.subject(ws, k, from, to, slots).map(|(s, _)| s))
                    .or_else(|| self.antecedent(ws, k, from, slots))
                    .or_else(|| {
                        self.subject_before(ws, k, from, slots)
                            .and_then(|g| g.into_iter().next())
                    })
                    .or_else(|| speaker.clone())
                    .or_else(|| fresh(topic, si));
                // complement: after «أن/إن» within a few words, else right after the speaker
                let comp = (k + 1..to.min(k + 12))
                    .find(|&j| {
                        matches!(ws[j].core.as_str(), "ان" | "انه" | "انها")
                            || ws[j].core == "الي" && ws.get(j + 1).is_some_and(|n| n.core == "ان")
                    })
                    .map(|j| j + 1)
                    .unwrap_or(k + 1);
                if sp.is_some() {
                    speaker = sp.clone();
                }
                reports.push(Report {
                    verb: k,
                    speaker: sp,
                    comp,
                });
            }
        }
        Speech { reports, speaker }
    }

    /// Deeds inside reported speech (deeds.tsv): speaker → the agent the speaker ascribes
    /// them to, as accusations or demands.
    pub(super) fn deeds(&self, cx: &Sent, reports: &[Report], events: &mut Vec<Event>) {
        let (ws, si, from, to, slots, dates) = (cx.ws, cx.si, cx.from, cx.to, cx.slots, cx.dates);
        for Report {
            verb: r,
            speaker: sp,
            comp,
        } in reports
        {
            let Some(sp) = sp else { continue };
            let mut j = *comp;
            while j < to {
                let Some((len, d)) = self.deed_at(ws, j, to) else {
                    j += 1;
                    continue;
                };
                // prefer actors with a country over agent-only ones («مقاتلين»)
                let lx = self.lx;
                let has_country = |s: &Slot| s.code.get(..3).is_some_and(|c| lx.is_country(c));
                let other_c = |s: &&Slot| {
                    !s.locative && s.code.get(..3) != sp.code.get(..3) && has_country(s)
                };
                let before_c = slots
                    .iter()
                    .rev()
                    .filter(|s| s.words.end <= j && s.words.start >= *comp && !s.adjective)
                    .find(other_c)
                    .cloned();
                let other = |s: &&Slot| !s.locative && s.code.get(..3) != sp.code.get(..3);
                let agent = before_c.as_ref().or_else(|| {
                    slots
                        .iter()
                        .rev()
                        .filter(|s| s.words.end <= j && s.words.start >= *comp && !s.adjective)
                        .find(other)
                        .or_else(|| {
                            slots
                                .iter()
                                .filter(|s| {
                                    s.words.start >= j + len && s.words.start <= j + len + 6
                                })
                                .find(other)
                        })
                        .or_else(|| {
                            slots
                                .iter()
                                .rev()
                                .filter(|s| s.words.end <= j && s.words.start >= *comp)
                                .find(other)
                        })
                });
                if let Some(t) = agent {
                    let code = self.lx.deeds[d].code.clone();
                    let cameo = self.lx.cameo(&code);
                    let a = (*r).min(t.words.start).min(j);
                    let b = (j + len - 1).max(t.words.end - 1);
                    let date = dates
                        .iter()
                        .find_map(|d| d.value.clone())
                        .or_else(|| cx.published.map(String::from));
                    events.push(Event {
                        sentence: si,
                        trigger_word: j,
                        sentence_words: from..to,
                        span: (ws[a].word_start, ws[b].end),
                        trigger: (ws[j].word_start, ws[j + len - 1].end),
                        source: Some(self.actor(
                            ws,
                            sp,
                            sp.words.end <= from || sp.words.start >= to,
                        )),
                        target: Some(self.actor(ws, t, false)),
                        cameo: code.clone(),
                        root: code.get(..2).unwrap_or("").to_string(),
                        quad: cameo.map_or(0, |c| c.quad),
                        goldstein: cameo.map_or(0.0, |c| c.goldstein),
                        plover_type: cameo.map(|c| c.plover_type.clone()).unwrap_or_default(),
                        plover_mode: cameo.map(|c| c.plover_mode.clone()).unwrap_or_default(),
                        date,
                        place: None,
                        modality: Modality::Asserted,
                        confidence: 0.6,
                    });
                }
                j += len;
            }
        }
    }

    /// A deed phrase at word `j`: (length in words, deed index).
    pub(super) fn deed_at(&self, ws: &[Word], j: usize, to: usize) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize)> = None;
        for (p, d) in &self.el.deeds {
            if j + p.len() > to {
                continue;
            }
            let ok = p.iter().enumerate().all(|(i, c)| {
                let w = &ws[j + i];
                w.reads_as(c) || (i == 0 && joined(&w.proclitics, &w.core, c))
            });
            if ok && best.is_none_or(|(l, _)| p.len() > l) {
                best = Some((p.len(), *d));
            }
        }
        best
    }
}
