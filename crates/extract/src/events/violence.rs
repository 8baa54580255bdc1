//! Violence roles: who hit whom in a killing, an attack or a clash (roots 18–20), after the
//! generic subject and target steps. Arabic news tells violence mostly in the unvocalized passive
//! («قتل 18 شخصا» = 18 people were killed) and names the attacker in a noun phrase around the
//! trigger, so the generic clause reading takes the victims as the subject and leaves the attacker
//! unnamed or as the target (the strict review's two largest error causes). This step:
//! - reads «اشتباكات بين X وY» as X against Y;
//! - finds the attacker by its cue: a marker after the noun («نفذته X», «على يد X», «برصاص X»,
//!   strong), the subject of a light verb before the noun («نفذ طيران النظام 16 غارة»), or the
//!   genitive, «لـ» phrase or nationality of an attack noun («غارات التحالف», «قصف لقوات
//!   النظام», «غارة أميركية»);
//! - makes a subject that names the ones hit (counted, indefinite after a killing word, civilians)
//!   the target, and the attacker (if named) the source;
//! - with no target named, takes nameless victims told after the trigger («أعدم 11 شابا») as one,
//!   coded by their agent (soldiers MIL, police COP, fighters UAF, else CVL).
//!
//! The cue words are data: cues.tsv `light_violence`, `agent_marker`, `attack_noun`,
//! `attack_adj`, `victim_head`, `victim_verb`, `count_word`.

use super::slots::Slot;
use super::{Coder, Sent, Sides, Trig};
use crate::words::Word;

/// How sure the cue that named the attacker is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Cue {
    /// a marker of agency after the noun («نفذته», «على يد», «برصاص») or a light verb's subject
    Strong,
    /// the genitive, «لـ» phrase or nationality of an attack noun
    Weak,
}

/// Agents that carry arms: a side that can be the attacker of a killing told in the passive.
const ARMED: &[&str] = &["MIL", "REB", "UAF", "INS", "COP", "SPY", "IMG", "IGO"];

impl Coder<'_> {
    /// Revises the sides of a violent trigger (see the module comment).
    pub(super) fn violence_roles(&self, cx: &Sent, t: &Trig, sides: &mut Sides) {
        if !matches!(t.root.as_str(), "18" | "19" | "20") {
            return;
        }
        let (ws, from, to, slots) = (cx.ws, cx.from, cx.to, cx.slots);
        let k = t.k;
        if let Some((a, b)) = self.between(ws, k, to, slots) {
            sides.sources = vec![a];
            sides.target = Some(b);
            sides.explicit = true;
            return;
        }
        let killing = ws[k].in_set(&self.el.victim_verb);
        let victim = |s: &Slot| self.is_victim(ws, s, from, killing);
        // (not a bare nationality: «قصف للمناطق الباكستانية» names where, not who)
        let armed = |s: &Slot| !s.adjective && ARMED.iter().any(|a| s.code.contains(a));
        // «مسلحون ينتمون لحزب العمال», «مقاتلات تابعة للتحالف»: the side the attacker belongs to
        // is no target; it names the attacker when the attacker itself is nameless
        if let Some(t) = sides.target.clone() {
            let i = t.words.start;
            // (the attacker's: «مسلحون ينتمون لـ», «مقاتلات تابعة لـ»; not «مواقع تابعة
            // للحوثيين», the positions of the target)
            let of_attacker = |a: usize| {
                a > from
                    && (sides.sources.iter().any(|s| s.words.end == a)
                        || ws[a - 1].in_set(&self.el.force_head)
                        || ws[a - 1].in_set(&self.el.victim_fighter))
            };
            let affiliated = (i.saturating_sub(2).max(from)..i)
                .any(|a| ws[a].in_set(&self.el.affiliation) && of_attacker(a));
            if affiliated {
                sides.target = None;
                let nameless = sides
                    .sources
                    .first()
                    .is_none_or(|s| crate::locate::country_less(&s.code));
                if nameless {
                    sides.sources = vec![t];
                    sides.explicit = true;
                }
            }
        }
        let attacker = self.attacker(ws, k, from, to, slots);
        let src = sides.sources.first().cloned();
        let tgt = sides.target.clone();
        match (&src, &attacker) {
            // the subject names the ones hit: they are the target, the attacker the source
            (Some(s), att) if victim(s) && !tgt.as_ref().is_some_and(victim) => {
                let by = att
                    .as_ref()
                    .map(|(a, _)| a.clone())
                    .or_else(|| tgt.clone().filter(|t| armed(t)))
                    .filter(|a| a.code != s.code);
                sides.explicit = sides.explicit || by.is_some();
                sides.sources = by.into_iter().collect();
                sides.target = Some(s.clone());
            }
            (None, Some((a, _))) => {
                if tgt.as_ref().is_some_and(|t| t.code == a.code) {
                    sides.target = None;
                }
                sides.sources = vec![a.clone()];
                sides.explicit = true;
            }
            // «قتل الصحفي برصاص الشرطة»: the marked agent did it, and the subject was hit
            (Some(s), Some((a, Cue::Strong))) if a.code != s.code => {
                if tgt.as_ref().is_none_or(|t| t.code == a.code) {
                    sides.target = Some(s.clone());
                }
                sides.sources = vec![a.clone()];
                sides.explicit = true;
            }
            _ => {}
        }
        // the attacker is never its own target
        if let (Some(s), Some(t)) = (sides.sources.first(), &sides.target) {
            if s.code == t.code && sides.sources.len() == 1 {
                sides.target = None;
            }
        }
        // nameless victims told after the trigger («أعدم 11 شابا», «قتل جنديان»): the target
        if sides.target.is_none() {
            let after = sides
                .sources
                .iter()
                .map(|s| s.words.end)
                .filter(|&e| e > k)
                .max()
                .unwrap_or(k + 1)
                .max(sides.subj_end);
            sides.target = self.nameless_victims(ws, after, to, slots);
        }
    }

    /// A victim noun right after `k` (the violent word or its subject), in its clause and outside any actor mention
    /// («أعدم 11 شابا», «اختطف 18 شابا», «قتل جنديان»), as a side coded by its agent alone.
    fn nameless_victims(&self, ws: &[Word], k: usize, to: usize, slots: &[Slot]) -> Option<Slot> {
        let mut j = k;
        let mut start = None;
        while j < to.min(k + 5) {
            let w = &ws[j];
            if clause_end(w) || w.is_punct() || slots.iter().any(|s| s.words.contains(&j)) {
                return None;
            }
            if w.is_number() || w.in_set(&self.el.count_word) || w.core == "من" {
                start.get_or_insert(j);
                j += 1;
                continue;
            }
            if !w.in_set(&self.el.victim_head)
                && !w.in_set(&self.el.victim_mil)
                && !w.in_set(&self.el.victim_cop)
                && !w.in_set(&self.el.victim_fighter)
            {
                return None;
            }
            let agent = if w.in_set(&self.el.victim_mil) {
                "MIL"
            } else if w.in_set(&self.el.victim_cop) {
                "COP"
            } else if w.in_set(&self.el.victim_fighter) {
                "UAF"
            } else {
                "CVL"
            };
            return Some(Slot::bare(start.unwrap_or(j)..j + 1, agent.to_string()));
        }
        None
    }

    /// Does `s` name the ones hit: civilians, or a victim noun that is counted («18 شخصا», «عشرات
    /// المدنيين») or indefinite after a killing word («قتل جندي تركي»)?
    fn is_victim(&self, ws: &[Word], s: &Slot, from: usize, killing: bool) -> bool {
        if s.adjective {
            return false;
        }
        if s.code.ends_with("CVL") {
            return true;
        }
        // «15 من مسلحي الحوثي»: the victim noun in construct before the name counts
        let i = match s.words.start {
            i if i > from
                && ws[i - 1].in_set(&self.el.victim_head)
                && ws[i].proclitics.is_empty() =>
            {
                i - 1
            }
            i => i,
        };
        let f = &ws[i];
        let counted = f.is_number()
            || (i > from && (ws[i - 1].is_number() || ws[i - 1].in_set(&self.el.count_word)))
            || (i > from + 1
                && ws[i - 1].core == "من"
                && (ws[i - 2].is_number() || ws[i - 2].in_set(&self.el.count_word)))
            // «20 عنصرا من تنظيم داعش قتلوا»: a counted fighter noun before «من» and the name
            || (i > from + 2
                && ws[i - 1].core == "من"
                && (ws[i - 2].in_set(&self.el.victim_head)
                    || ws[i - 2].in_set(&self.el.victim_fighter))
                && (ws[i - 3].is_number() || ws[i - 3].in_set(&self.el.count_word)));
        let head = f.in_set(&self.el.victim_head)
            || (f.is_number() && i + 1 < ws.len() && ws[i + 1].in_set(&self.el.victim_head));
        (head && (counted || killing && !f.has_article())) || (counted && killing)
    }

    /// The attacker named by a cue around the violent word at `k`, and how sure the cue is.
    fn attacker(
        &self,
        ws: &[Word],
        k: usize,
        from: usize,
        to: usize,
        slots: &[Slot],
    ) -> Option<(Slot, Cue)> {
        let agent = |s: &&Slot| !s.locative && !(s.place && !s.code.ends_with("GOV"));
        let slot_in = |lo: usize, hi: usize| {
            slots
                .iter()
                .filter(agent)
                .find(|s| s.words.start >= lo && s.words.start < hi && !s.adjective)
                .cloned()
        };
        // 1. a marker after the noun: «نفذته X», «من قبل X», «على يد X», «برصاص X»
        let end = to.min(k + 10);
        for j in k + 1..end {
            let w = &ws[j];
            if clause_end(w) {
                break;
            }
            if !w.in_set(&self.el.agent_marker) {
                continue;
            }
            let prev = ws[j - 1].core.as_str();
            let ok = match w.core.as_str() {
                "قبل" | "جانب" => prev == "من",
                "يد" | "ايدي" => prev == "علي",
                _ => true,
            };
            if ok {
                if let Some(s) = slot_in(j + 1, (j + 4).min(to)) {
                    return Some((s, Cue::Strong));
                }
            }
        }
        // 2. a light verb before the noun: «نفذ طيران النظام السوري أمس 16 غارة»
        // (the subject and a time adverb may stand between: «شنت مقاتلات التحالف العربي، مساء
        // الخميس، سلسلة غارات»)
        for v in (k.saturating_sub(12).max(from)..k).rev() {
            if clause_end(&ws[v]) {
                break;
            }
            if !ws[v].in_set(&self.el.light_violence) {
                continue;
            }
            let subj = match self.subject(ws, v, from, to, slots) {
                Some((s, end)) if end <= k => Some(s),
                Some(_) => None,
                None => self
                    .subject_before(ws, v, from, slots)
                    .and_then(|g| g.into_iter().next()),
            };
            if let Some(s) = subj.filter(|s| agent(&s)) {
                return Some((s, Cue::Strong));
            }
            break;
        }
        // 3. an attack noun's genitive, «لـ» phrase or nationality: «غارات التحالف», «قصف لقوات
        //    النظام», «ضربة جوية أميركية»
        let lo = k.saturating_sub(4).max(from);
        let hi = to.min(k + 7);
        let mut nouns: Vec<usize> = (lo..hi)
            .filter(|&j| ws[j].in_set(&self.el.attack_noun))
            .collect();
        nouns.sort_by_key(|&j| j.abs_diff(k));
        for j in nouns {
            let mut m = j + 1;
            while m < to && m < j + 3 && ws[m].in_set(&self.el.attack_adj) {
                m += 1;
            }
            // «غارة جوية لطيران التحالف»: the arm before the force's name
            if m + 1 < to && ws[m].in_set(&self.el.force_head) && ws[m + 1].proclitics.is_empty() {
                m += 1;
            }
            if m >= to {
                continue;
            }
            let p = ws[m].proclitics.as_str();
            if !(p.is_empty() || p == "ل" || p == "و" && m == j + 1) {
                continue;
            }
            let found = slots
                .iter()
                .filter(agent)
                .find(|s| s.words.start == m)
                .filter(|s| !self.is_victim(ws, s, from, false));
            if let Some(s) = found {
                return Some((s.clone(), Cue::Weak));
            }
        }
        // 4. a cause phrase after a killing: «مقتل أربعة … نتيجة إطلاق ميليشيا الحوثي قذائف»,
        //    «جراء استهداف طائرات التحالف لتجمع لهم»
        for j in k + 1..to.min(k + 20) {
            if clause_end(&ws[j]) {
                break;
            }
            if !ws[j].in_set(&self.el.cause_marker) || j + 1 >= to {
                continue;
            }
            if !ws[j + 1].in_set(&self.el.cause_act) {
                break;
            }
            // the arm before the force's name: «استهداف طائرات التحالف»
            let mut m = j + 2;
            if m + 1 < to && ws[m].in_set(&self.el.force_head) {
                m += 1;
            }
            let found = slots
                .iter()
                .filter(agent)
                .find(|s| s.words.start >= j + 2 && s.words.start <= m && !s.adjective)
                .filter(|s| !self.is_victim(ws, s, from, false));
            if let Some(s) = found {
                return Some((s.clone(), Cue::Weak));
            }
            break;
        }
        None
    }

    /// «اشتباكات بين X وY», «دارت معارك بين X، وY»: the two sides of a clash.
    fn between(&self, ws: &[Word], k: usize, to: usize, slots: &[Slot]) -> Option<(Slot, Slot)> {
        // («دارت اشتباكات عنيفة بين»: the noun and its adjectives may stand between)
        let j = (k + 1..to.min(k + 5))
            .take_while(|&j| !ws[j].is_punct())
            .find(|&j| ws[j].core == "بين" && ws[j].proclitics.is_empty())?;
        if j + 1 >= to {
            return None;
        }
        let side = |at: usize| {
            slots
                .iter()
                .find(|s| s.words.start == at && !s.locative && !s.place)
                .cloned()
        };
        let a = side(j + 1)?;
        let mut n = a.words.end;
        if n < to && ws[n].core == "،" {
            n += 1;
        }
        if n >= to || ws[n].proclitics != "و" {
            return None;
        }
        let b = side(n)?;
        (a.code != b.code).then_some((a, b))
    }
}

/// Words that end the clause a cue is looked for in.
fn clause_end(w: &Word) -> bool {
    (w.is_punct() && matches!(w.core.as_str(), "." | "؛" | ":" | "?" | "؟" | "!"))
        || matches!(w.core.as_str(), "حيث" | "بينما" | "فيما")
}
