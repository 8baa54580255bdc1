//! Subjects: who did it. The actor after the verb (VSO), before it (SVO, «الذي» relatives), the
//! genitive agent of a verbal noun, coordinated and dual subjects, the agent named after a noun
//! («نفذه», «على يد»), and the sources of a trigger from all of these.

use super::lexicon::{Form, SUFFIXES};
use super::slots::Slot;
use super::speech::Speech;
use super::topic::fresh;
use super::{Coder, Sent, Sides, Trig};
use crate::words::Word;

/// What the clause around a trigger says of its actors, before its subject is looked for.
pub(super) struct Cast {
    /// the trigger carries a pronoun suffix («ترحيبه»)
    pub(super) suffixed: bool,
    /// a verbal noun right after «على»
    pub(super) predicate: bool,
    /// the «تعرض» verb whose complement the trigger is
    pub(super) exposed: Option<usize>,
    /// the subject of that «تعرض»: the one attacked
    pub(super) victim: Option<Slot>,
    /// a killing, an attack, a use of force (18–20)
    pub(super) violent: bool,
    /// who stands in for a missing subject
    pub(super) context_agent: Option<Slot>,
    /// the topic, if named in this or the previous sentence
    pub(super) topic: Option<Slot>,
    /// the one a verbal noun happened to («مقتل اللواء»)
    pub(super) patient: Option<Slot>,
}

impl Coder<'_> {
    /// What the clause says of the trigger's actors before its subject is looked for.
    pub(super) fn cast(&self, cx: &Sent, t: &Trig, topic: &Option<(Slot, usize)>) -> Cast {
        let (ws, si, from, to, slots) = (cx.ws, cx.si, cx.from, cx.to, cx.slots);
        let (k, form, root) = (t.k, t.form, &t.root);
        let w = &ws[k];
        let suffixed = w.stem != w.bare
            || (w.bare.len() > w.stem.len())
            || SUFFIXES.iter().any(|x| {
                w.bare.ends_with(x) && self.el.forms.contains_key(w.bare.trim_end_matches(x))
            });
        let predicate = k > from && ws[k - 1].core == "علي";
        // «تعرض X لهجوم»: X is the one attacked; the attacker is unsaid or follows the noun
        let exposed = (form == Form::Masdar && w.proclitics.ends_with('ل'))
            .then(|| self.exposure_verb(ws, k, from))
            .flatten();
        // (its subject after it, «تعرضت دورية للشرطة», else before it; not the topic)
        let victim = exposed.and_then(|j| {
            slots
                .iter()
                .find(|s| s.words.start > j && s.words.end <= k && !s.adjective && !s.locative)
                .cloned()
                .or_else(|| {
                    self.subject_before(ws, j, from, slots)
                        .and_then(|g| g.into_iter().last())
                })
        });
        // a killing or an attack with no subject of its own is mostly passive («قتل 8 أشخاص»):
        // its agent is only an actor named as a subject earlier in this sentence, never the
        // reporter or an earlier sentence's topic
        let violent = matches!(root.as_str(), "18" | "19" | "20");
        let context_agent = if violent {
            topic
                .as_ref()
                .filter(|(_, at)| *at == si)
                .map(|(s, _)| s.clone())
        } else {
            fresh(topic, si)
        };
        // (unless an object follows with «ل»: «اعتقال الشرطة للناشط»; «مقتل» has none)
        let patient = (form == Form::Masdar && self.el.patient_nouns.contains(&w.stem))
            .then(|| self.genitive_agent(ws, k, to, slots))
            .flatten()
            .and_then(|(g, end)| {
                let object = end < to
                    && ws[end].proclitics.ends_with('ل')
                    && slots.iter().any(|s| s.words.start == end);
                let intransitive = matches!(w.stem.as_str(), "مقتل" | "مصرع" | "استشهاد");
                g.into_iter().next().filter(|_| intransitive || !object)
            });
        Cast {
            suffixed,
            predicate,
            exposed,
            victim,
            violent,
            context_agent,
            topic: fresh(topic, si),
            patient,
        }
    }

    /// The sources of the trigger and where its subject ends (the target is looked for after it);
    /// `explicit` when the subject is named in the clause, not taken from context. `None`: a
    /// violence, protest or other verbal noun that reports no event.
    pub(super) fn sources(&self, cx: &Sent, t: &Trig, c: &Cast, speech: &Speech) -> Option<Sides> {
        let (ws, from, to, slots, recent) = (cx.ws, cx.from, cx.to, cx.slots, cx.recent);
        let (k, row, form, root, in_report) = (t.k, t.row, t.form, &t.root, t.in_report);
        let w = &ws[k];
        let Cast {
            suffixed,
            predicate,
            exposed,
            violent,
            ref context_agent,
            ref patient,
            ..
        } = *c;
        // the one who reports a killing or an attack did not do it («قال الرئيس الأفغاني إن
        // تفجيرا …»): a speaker never stands in for a violent trigger's missing subject
        let speaker = |c: &Slot| {
            speech
                .reports
                .iter()
                .filter_map(|r| r.speaker.as_ref())
                .chain(speech.speaker.as_ref())
                .any(|sp| sp.words == c.words)
        };
        let context_agent = &context_agent.clone().filter(|c| !(violent && speaker(c)));
        let (mut sources, subj_end, explicit) = match form {
            Form::Masdar if exposed.is_some() => {
                let attacker = self
                    .genitive_agent(ws, k, to, slots)
                    .map(|(g, _)| g)
                    .or_else(|| {
                        // «لقصف إسرائيلي»: a nationality right after the noun
                        slots
                            .iter()
                            .find(|s| s.adjective && (k + 1..k + 3).contains(&s.words.start))
                            .map(|s| vec![s.clone()])
                    })
                    .or_else(|| self.agent_after(ws, k, to, slots).map(|s| vec![s]))
                    .unwrap_or_default();
                (attacker, k + 1, true)
            }
            Form::Masdar if predicate => match self.subject_before(ws, k - 1, from, slots) {
                Some(g) => (g, k + 1, true),
                None => (c.topic.clone().into_iter().collect(), k + 1, false),
            },
            // «مقتل اللواء …», «اغتيال النائب»: the genitive is the one killed; who killed is
            // named after «على يد/من قبل», if at all
            Form::Masdar if patient.is_some() => (
                self.agent_after(ws, k, to, slots).into_iter().collect(),
                patient.as_ref().map_or(k + 1, |p| p.words.end),
                true,
            ),
            // «هجوما انتحاريا نفذه تنظيم داعش»: the one who carried it out
            Form::Masdar if violent && self.agent_after(ws, k, to, slots).is_some() => {
                let a = self.agent_after(ws, k, to, slots);
                // («هجوم انتحاري نفذه …»: the bomber right after the noun is no target)
                let end = slots
                    .iter()
                    .find(|s| s.words.start == k + 1)
                    .map_or(k + 1, |s| s.words.end);
                (a.into_iter().collect(), end, true)
            }
            Form::Masdar => match self.genitive_agent(ws, k, to, slots) {
                Some((g, end)) => (g, end, true),
                // a violence or protest noun is an event report only with a realization cue
                // («هجوم استهدف …», «أسفر عن مقتل», «في هجوم انتحاري امس»), not as a topic («اغتيال الحريري»)
                None if matches!(root.as_str(), "14" | "18" | "19" | "20")
                    && !self.realized(ws, k, from, to, root == "14") =>
                {
                    return None;
                }
                None if !suffixed
                    && !matches!(root.as_str(), "14" | "18" | "19" | "20")
                    && !(in_report.is_some()
                        && !self.el.context[row].is_empty()
                        && !w.proclitics.is_empty()) =>
                {
                    return None;
                }
                None if violent => (context_agent.clone().into_iter().collect(), k + 1, false),
                None => match self.governing_subject(ws, k, from, to, slots) {
                    // «أعرب الوزير عن ترحيبه»: the pronoun is the subject of the verb it hangs on
                    Some(g) if suffixed => (g, k + 1, true),
                    _ => {
                        let s = in_report
                            .and_then(|r| r.speaker.clone())
                            .or_else(|| speech.speaker.clone())
                            .or_else(|| context_agent.clone());
                        (s.into_iter().collect(), k + 1, false)
                    }
                },
            },
            // «الملك سلمان استقبل وزير …»: an actor right before a bare verb is its subject,
            // and the one after it the object
            _ if self.svo(ws, k, from, slots) => match self.subject_before(ws, k, from, slots) {
                Some(g) => (g, k + 1, true),
                None => (Vec::new(), k + 1, false),
            },
            _ => match self.subject(ws, k, from, to, slots).or_else(|| {
                (root == "14")
                    .then(|| self.crowd_subject(ws, k, to, slots))
                    .flatten()
            }) {
                Some((s, end)) => {
                    let mut g = vec![s];
                    g.extend(self.coordinated(ws, end, to, slots));
                    let e = g.last().map(|x| x.words.end).unwrap_or(end);
                    (g, e.max(k + 1), true)
                }
                None => {
                    let s = self.subject_before(ws, k, from, slots);
                    match s {
                        Some(g) => (g, k + 1, true),
                        None => (
                            self.dual_subject(ws, k, from, to, recent)
                                .or_else(|| context_agent.clone().map(|t| vec![t]))
                                .unwrap_or_default(),
                            k + 1,
                            false,
                        ),
                    }
                }
            },
        };
        // a verb whose subject is a dual word («الجانبان»)
        if sources.is_empty() && form != Form::Masdar {
            if let Some(d) = self.dual_subject(ws, k, from, to, recent) {
                sources = d;
            }
        }
        // «دبابات روسية فتحت النار»: a force named by its nationality right before the verb
        // (not before «قتلوا», «سقطوا», «لقوا»: mostly passive, «جنديين عراقيين قتلا»)
        let victim_verb = matches!(
            self.lx.events[t.row].past.first().map(String::as_str),
            Some("قتل" | "لقي" | "سقط" | "استشهد")
        );
        if sources.is_empty()
            && violent
            && !victim_verb
            && form != Form::Masdar
            && k > from + 1
            && self.agent_after(ws, k, to, slots).is_none()
        {
            let nat = slots.iter().find(|s| {
                s.adjective && s.words.end == k && ws[s.words.start].proclitics.is_empty()
            });
            if let Some(n) = nat {
                sources.push(n.clone());
            }
        }
        // «ترحيبه بخادم الحرمين»: the one welcomed after «ب» is not the owner of the pronoun;
        // the owner is the actor named last before the noun
        if form == Form::Masdar && suffixed && k + 1 < to {
            let obj = slots.iter().find(|s| {
                s.words.start == k + 1 && !s.adjective && ws[k + 1].proclitics.ends_with('ب')
            });
            if let Some(obj) = obj {
                if sources.iter().any(|s| s.code == obj.code) {
                    sources = slots
                        .iter()
                        .rev()
                        .find(|s| {
                            s.words.end <= k && !s.adjective && !s.locative && s.code != obj.code
                        })
                        .cloned()
                        .into_iter()
                        .collect();
                }
            }
        }
        // «أدانت السودان الجريمة التي استهدفت مسجدا … وأسفرت عن استشهاد …»: the subject of a
        // relative clause is its antecedent; an actor named before that belongs to the main
        // clause (the one who condemned), not to the deed told in the relative clause. (Only
        // for violence: elsewhere the actor before is mostly a party to the deal or the visit
        // the clause tells, «الاتفاق الذي أبرمته» after the side that made it.)
        if let Some(r) = violent.then(|| self.relative_clause(ws, k, from)).flatten() {
            // (the antecedent ends right before the pronoun, or before its relative adjectives:
            // «الميليشيات الحوثية التي قصفت»; not «الجريمة الإرهابية», a noun in between)
            let nisba = |w: &Word| {
                let c = w.core.as_str();
                w.proclitics.is_empty()
                    && c.starts_with("ال")
                    && ["ي", "يه", "يين", "يون", "يات"]
                        .iter()
                        .any(|x| c.ends_with(x))
            };
            let antecedent = |s: &Slot| {
                !s.adjective
                    && s.words.end <= r
                    && r - s.words.end <= 2
                    && (s.words.end..r).all(|i| {
                        nisba(&ws[i]) || slots.iter().any(|a| a.adjective && a.words.contains(&i))
                    })
            };
            sources.retain(|s| s.words.end > r || antecedent(s));
        }
        Some(Sides {
            sources,
            target: None,
            subj_end,
            explicit,
            anaphoric: form != Form::Masdar || suffixed,
        })
    }

    /// VSO: an actor right after the verb (adverbs and dates may sit between).
    pub(super) fn subject(
        &self,
        ws: &[Word],
        k: usize,
        _from: usize,
        to: usize,
        slots: &[Slot],
    ) -> Option<(Slot, usize)> {
        let mut j = k + 1;
        let mut skipped = 0;
        while j < to && skipped <= 3 {
            if let Some(s) = slots.iter().find(|s| s.words.start == j && !s.adjective) {
                let first = &ws[j];
                // «بوزير», «لطهران»: a preposition marks a target, not a subject
                if first.proclitics.ends_with('ب') || first.proclitics.ends_with('ل') || s.locative
                {
                    return None;
                }
                return Some((s.clone(), s.words.end));
            }
            let c = ws[j].core.as_str();
            // a name in quotes: «شنت طائرات “التحالف العربي” غارات»
            if ws[j].is_quote() {
                j += 1;
                continue;
            }
            // construct heads: «وقع وزيرا خارجية العراق وايران»
            let head = ws[j].proclitics.is_empty()
                && matches!(
                    c,
                    "وزيرا"
                        | "وزيري"
                        | "وزراء"
                        | "رئيسا"
                        | "رئيسي"
                        | "رؤساء"
                        | "قاده"
                        | "زعماء"
                        | "ممثلو"
                        | "ممثلي"
                        | "وفدا"
                        | "وفدي"
                        | "وفود"
                        | "وفد"
                        | "حكومتا"
                        | "حكومتي"
                        | "خارجيه"
                        | "دفاع"
                        | "داخليه"
                        | "جيشا"
                        | "جيشي"
                );
            // «شن طيران التحالف»: the arm before the force's name
            if head || ws[j].proclitics.is_empty() && ws[j].in_set(&self.el.force_head) {
                j += 1;
                skipped += 1;
                continue;
            }
            let adverb = matches!(
                c,
                "امس"
                    | "اليوم"
                    | "غدا"
                    | "الاحد"
                    | "الاثنين"
                    | "الثلاثاء"
                    | "الاربعاء"
                    | "الخميس"
                    | "الجمعه"
                    | "السبت"
                    | "الماضي"
                    | "الاول"
                    | "مساء"
                    | "صباح"
                    | "ايضا"
                    | "بدوره"
                    | "بدورها"
                    | "قد"
                    | "رسميا"
                    | "مجددا"
                    | "الليله"
                    | "اليوم،"
            );
            if !adverb {
                return None;
            }
            j += 1;
            skipped += 1;
        }
        None
    }

    /// «X الذي قال»: the actor right before a relative pronoun.
    pub(super) fn antecedent(
        &self,
        ws: &[Word],
        k: usize,
        from: usize,
        slots: &[Slot],
    ) -> Option<Slot> {
        if k < from + 2 || !matches!(ws[k - 1].core.as_str(), "الذي" | "التي" | "الذين")
        {
            return None;
        }
        slots
            .iter()
            .find(|s| s.words.end == k - 1 && !s.adjective)
            .cloned()
    }

    /// The relative pronoun whose clause holds the word at `k` («الجريمة التي استهدفت …
    /// وأسفرت عن مقتل …»): `k` is the clause's first verb or comes after it through verbs
    /// joined by «و»; a bare verb in between starts the main clause again («الرئيس في كلمته
    /// التي ألقاها أمس هاجم …»), as do punctuation and a clause opener.
    pub(super) fn relative_clause(&self, ws: &[Word], k: usize, from: usize) -> Option<usize> {
        let mut j = k;
        let mut bare_verb = false;
        while j > from && k - j < 16 {
            j -= 1;
            let w = &ws[j];
            let c = w.core.as_str();
            if w.is_punct() && !w.is_quote() {
                return None;
            }
            if is_relative(c) {
                // (the verb right after the pronoun is the clause's own)
                return (!bare_verb).then_some(j);
            }
            if opens_clause(c) {
                return None;
            }
            if self.trigger_like(w) && !w.proclitics.starts_with('و') && j > from {
                let after_pronoun = is_relative(ws[j - 1].core.as_str());
                bare_verb = bare_verb || !after_pronoun;
            }
        }
        None
    }

    /// Actors coordinated after `end` («… ووزير الدفاع العراقي»).
    pub(super) fn coordinated(
        &self,
        ws: &[Word],
        end: usize,
        to: usize,
        slots: &[Slot],
    ) -> Vec<Slot> {
        let mut v = Vec::new();
        let mut j = end;
        while j < to && ws[j].proclitics == "و" {
            match slots
                .iter()
                .find(|s| s.words.start == j && !s.adjective && !s.locative)
            {
                Some(s) => {
                    v.push(s.clone());
                    j = s.words.end;
                }
                None => break,
            }
        }
        v
    }

    /// SVO: the nearest actor before the verb in its clause (and its coordinated partners).
    pub(super) fn subject_before(
        &self,
        ws: &[Word],
        k: usize,
        from: usize,
        slots: &[Slot],
    ) -> Option<Vec<Slot>> {
        // «في غارة أميركية استهدفته»: the verb's subject is the attack, whose nationality is
        // the attacker's, not an actor named before it (the strict review's «مسلحين» of «قتل
        // قيادي … مع مسلحين اثنين في غارة أميركية استهدفته»)
        if k >= from + 2 && ws[k - 2].in_set(&self.el.attack_noun) {
            if let Some(a) = slots.iter().find(|s| s.adjective && s.words == (k - 1..k)) {
                return Some(vec![a.clone()]);
            }
        }
        let mut j = k;
        let mut steps = 0;
        while j > from && steps < 8 {
            j -= 1;
            steps += 1;
            let c = ws[j].core.as_str();
            if ws[j].is_punct() && !ws[j].is_quote() {
                return None;
            }
            if let Some(s) = slots
                .iter()
                .find(|s| s.words.end == j + 1 && !s.adjective && !s.locative)
            {
                let first = &ws[s.words.start];
                if first.proclitics.ends_with('ب') || first.proclitics.ends_with('ل') {
                    return None;
                }
                // coordinated group ending here: «طهران وبغداد»
                let mut group = vec![s.clone()];
                let mut st = s.words.start;
                while ws[st].proclitics == "و" {
                    match slots.iter().find(|p| p.words.end == st && !p.adjective) {
                        Some(p) => {
                            group.insert(0, p.clone());
                            st = p.words.start;
                        }
                        None => break,
                    }
                }
                return Some(group);
            }
            if opens_clause(c) {
                return None;
            }
            if matches!(c, "الذي" | "التي" | "الذين") {
                continue;
            }
            if self.trigger_like(&ws[j]) {
                return None;
            }
        }
        None
    }

    /// The agent of a verbal noun: the genitive right after it («توقيع وزير الدفاع … ووزير …»).
    pub(super) fn genitive_agent(
        &self,
        ws: &[Word],
        k: usize,
        to: usize,
        slots: &[Slot],
    ) -> Option<(Vec<Slot>, usize)> {
        let j = k + 1;
        if j >= to {
            return None;
        }
        let s = slots
            .iter()
            .find(|s| s.words.start == j && !s.adjective && !s.locative)?;
        if !ws[j].proclitics.is_empty() {
            return None;
        }
        let mut g = vec![s.clone()];
        g.extend(self.coordinated(ws, s.words.end, to, slots));
        let end = g.last().map(|x| x.words.end).unwrap_or(j + 1);
        Some((g, end))
    }

    /// «الجانبان/البلدان/الوزيران …» as subject: the two countries last named.
    pub(super) fn dual_subject(
        &self,
        ws: &[Word],
        k: usize,
        from: usize,
        to: usize,
        recent: &[String],
    ) -> Option<Vec<Slot>> {
        let near = (k.saturating_sub(3).max(from)..(k + 3).min(to))
            .find(|&j| self.el.dual.contains(&ws[j].core) || self.el.dual.contains(&ws[j].bare))?;
        // also the dual verb itself may carry it (بحثا، وقعا) with the pair named just before
        if recent.len() < 2 {
            return None;
        }
        let a = &recent[recent.len() - 1];
        let b = &recent[recent.len() - 2];
        let mk = |c: &String| Slot::bare(near..near + 1, c.clone());
        Some(vec![mk(b), mk(a)])
    }

    /// Is there an actor (not after a preposition) right before the bare verb at `k` (or its «قد»)?
    pub(super) fn svo(&self, ws: &[Word], k: usize, from: usize, slots: &[Slot]) -> bool {
        // «وكان الوزير قد زار»: the pluperfect's «قد» stands between the subject and the verb
        let at = if k > from + 1 && ws[k - 1].core == "قد" {
            k - 1
        } else {
            k
        };
        k > from
            && ws[k].proclitics.is_empty()
            && slots.iter().any(|s| {
                s.words.end == at
                    && !s.adjective
                    && !s.locative
                    && !ws[s.words.start].proclitics.ends_with(['ب', 'ل'])
            })
    }

    /// The subject of the verb a verbal noun depends on: «أكد دعمه», «أعرب الوزير عن ترحيبه»
    /// (the verb, its subject, at most one of «عن/على/إلى», the noun).
    pub(super) fn governing_subject(
        &self,
        ws: &[Word],
        k: usize,
        from: usize,
        to: usize,
        slots: &[Slot],
    ) -> Option<Vec<Slot>> {
        let mut j = k;
        if j > from && matches!(ws[j - 1].core.as_str(), "عن" | "علي" | "الي") {
            j -= 1;
        }
        // the verb's own subject in between: «أعرب [الوزير] [ونظيره] عن تعازيهما»
        while let Some(s) = slots
            .iter()
            .find(|s| s.words.end == j && s.words.start > from && !s.adjective)
        {
            j = s.words.start;
        }
        let v = j.checked_sub(1).filter(|&v| v >= from)?;
        if !(self.trigger_like(&ws[v]) || self.el.is_report(&ws[v])) {
            return None;
        }
        match self.subject(ws, v, from, to, slots) {
            Some((s, end)) if end <= k => {
                let mut g = vec![s];
                g.extend(self.coordinated(ws, end, k, slots));
                Some(g)
            }
            Some(_) => None,
            None => self.subject_before(ws, v, from, slots),
        }
    }

    /// The agent of a noun named after it: «هجوم شنه مقاتلون», «من قبل تنظيم داعش», «على يد …».
    pub(super) fn agent_after(
        &self,
        ws: &[Word],
        k: usize,
        to: usize,
        slots: &[Slot],
    ) -> Option<Slot> {
        let hi = to.min(k + 6);
        let j = (k + 1..hi).take_while(|&j| !ws[j].is_punct()).find(|&j| {
            let prev = ws[j - 1].core.as_str();
            match ws[j].core.as_str() {
                "شنه" | "شنها" | "نفذه" | "نفذها" => true,
                // «من قبل», «من جانب» (not «قبل يومين», «إلى جانب»), «على يد/أيدي»
                "قبل" | "جانب" => prev == "من",
                "يد" | "ايدي" => prev == "علي",
                _ => false,
            }
        })?;
        slots
            .iter()
            .find(|s| s.words.start > j && s.words.start <= j + 2 && !s.adjective && !s.locative)
            .cloned()
    }
}

/// Words that open another clause, which a subject is not looked for across (folded).
fn opens_clause(c: &str) -> bool {
    matches!(
        c,
        "ان" | "انه" | "انها" | "حيث" | "بينما" | "كما" | "لكن" | "ثم"
    )
}

/// Relative pronouns («الذي», «التي», …; folded).
pub(super) fn is_relative(c: &str) -> bool {
    matches!(
        c,
        "الذي"
            | "التي"
            | "الذين"
            | "اللذين"
            | "اللتين"
            | "اللذان"
            | "اللتان"
            | "اللواتي"
            | "اللاتي"
    )
}
