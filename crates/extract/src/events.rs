//! Events: CAMEO/PLOVER coding of who did what to whom, sentence by sentence.
//!
//! 1. Triggers: verbs (past/present, any person, future س) and verbal nouns
//!    from events.tsv; a row with context words applies only when one of them
//!    follows within a window; rows without context are the fallback.
//! 2. Clause structure: the source is the subject after the verb (VSO) or the
//!    nearest actor before it in the clause (SVO, «الذي» relatives); a verbal
//!    noun takes its genitive agent or the sentence's subject; dual and
//!    coordinated subjects («الجانبان», «طهران وبغداد») give both actors;
//!    the target is the next actor after the verb (after a preposition or as
//!    object). With no explicit subject, the topic (the last speaker or source)
//!    is used if it was named in this or the previous sentence, never for a
//!    killing or an attack (mostly passive); «تعرض لـ» makes its subject the victim.
//! 3. Reported speech: the speaker of «قال/أكد … أن» is the source of the claim;
//!    deeds the speaker ascribes to another actor (deeds.tsv) become accusations
//!    or demands speaker → agent.
//! 4. Modality: negated, hypothetical, future (→ intent 03x or threat 13x),
//!    historical (dated before the article, or a background cue of cues.tsv:
//!    «سبق أن», «آنذاك», «عام 2012»), reported, asserted.

use crate::dates::DateMention;
use crate::entities::{Entity, EntityType};
use crate::gazetteer::Gazetteer;
use crate::words::Word;
use khabar_lexicon::Lexicon;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    Asserted,
    Future,
    Negated,
    Hypothetical,
    Reported,
    Historical,
}

/// One side of an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Actor {
    /// byte span of the mention in the text
    #[serde(skip)]
    pub span: (usize, usize),
    pub code: String,
    /// entity id, when the actor is an entity
    #[serde(skip)]
    pub entity: Option<usize>,
    /// taken from context (pronoun, topic), not from this clause
    #[serde(skip)]
    pub implicit: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub sentence: usize,
    /// word index of the trigger and the sentence's word range (for the scorer)
    pub trigger_word: usize,
    pub sentence_words: Range<usize>,
    /// evidence byte span
    pub span: (usize, usize),
    pub trigger: (usize, usize),
    pub source: Option<Actor>,
    pub target: Option<Actor>,
    pub cameo: String,
    pub root: String,
    pub quad: u8,
    pub goldstein: f32,
    pub plover_type: String,
    pub plover_mode: String,
    pub date: Option<String>,
    pub place: Option<String>,
    pub modality: Modality,
    pub confidence: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Past,
    Present,
    Masdar,
}

/// Trigger forms (folded) whose lemma has no doubled letter: written with a shadda they are another
/// word («وعدّ» = and counted/considered, not «وعد» promised; «يدّعون» claim, not «يدعون» call).
const NO_SHADDA: &[&str] = &["وعد", "وعدت", "وعدا", "وعدتا", "وعدوا", "يدعون", "تدعون"];

/// «وعد» (promised) forms (folded): without a «ب» complement the word is mostly «و» + «عدّ/عدا».
const PROMISE: &[&str] = &["وعد", "وعدت", "وعدا", "وعدتا", "وعدوا"];

/// The compiled event lexicon.
pub struct EventLexicon {
    /// folded form → (row, form, the row also lists it as a verbal noun: «قصف»)
    forms: FxHashMap<String, Vec<(usize, Form, bool)>>,
    /// folded forms spelled with a hamza after their first letter («هنأ»): without it they may be
    /// a function word («هنا», «هناك»)
    hamza_inner: FxHashSet<String>,
    context: Vec<Vec<String>>,
    report: FxHashSet<String>,
    negation: FxHashSet<String>,
    negation_verbs: FxHashSet<String>,
    future: Vec<Vec<String>>,
    hypothetical: Vec<Vec<String>>,
    dual: FxHashSet<String>,
    historical: Vec<Vec<String>>,
    /// rows of «وصل» (arrive): a visit only with an official and a destination
    arrival: FxHashSet<usize>,
    /// rows whose object follows «ب» (رحب/أشاد/نوه/ندد بـ): the target is in that phrase
    bi_object: FxHashSet<usize>,
    non_event: Vec<Vec<String>>,
    /// passive forms whose subject is the victim (cues.tsv `passive_victim`)
    passive_victim: FxHashSet<String>,
    /// verbal nouns whose genitive is the patient (`patient_noun`)
    patient_nouns: FxHashSet<String>,
    /// «تعرض» forms (`exposed`)
    exposed: FxHashSet<String>,
    /// verbs and nouns of talks and field lists (`talks`)
    talks: FxHashSet<String>,
    /// fixed phrases that are never events, whatever the code («رفض الكشف عن هويته»)
    formula: Vec<Vec<String>>,
    deeds: Vec<(Vec<String>, usize)>,
    realized: FxHashSet<String>,
    protest_realized: FxHashSet<String>,
    crowd_quant: FxHashSet<String>,
    crowd_people: FxHashSet<String>,
}

fn fold_words(p: &str) -> Vec<String> {
    p.split_whitespace().map(khabar_text::fold).collect()
}

impl EventLexicon {
    pub fn build(lx: &Lexicon) -> EventLexicon {
        let mut forms: FxHashMap<String, Vec<(usize, Form, bool)>> = FxHashMap::default();
        let mut hamza_inner = FxHashSet::default();
        let mut context = Vec::new();
        for (i, e) in lx.events.iter().enumerate() {
            for (list, kind) in [
                (&e.past, Form::Past),
                (&e.present, Form::Present),
                (&e.masdar, Form::Masdar),
            ] {
                for f in list {
                    let inner = f.chars().skip(1).any(is_hamza);
                    let f = khabar_text::fold(f);
                    if inner {
                        hamza_inner.insert(f.clone());
                    }
                    let v = forms.entry(f).or_default();
                    if let Some(x) = v.iter_mut().find(|x| x.0 == i) {
                        x.2 |= kind == Form::Masdar;
                    } else {
                        v.push((i, kind, kind == Form::Masdar));
                    }
                }
            }
            context.push(e.context.iter().map(|c| khabar_text::fold(c)).collect());
        }
        let set = |kind: &str| -> FxHashSet<String> {
            lx.cues
                .get(kind)
                .iter()
                .filter(|p| !p.contains(' '))
                .map(|p| khabar_text::fold(p))
                .collect()
        };
        // word lists, folded whole (a list word is compared with one word's forms)
        let words = |kind: &str| -> FxHashSet<String> {
            lx.cues
                .get(kind)
                .iter()
                .map(|w| khabar_text::fold(w))
                .collect()
        };
        let seqs = |kind: &str| -> Vec<Vec<String>> {
            lx.cues.get(kind).iter().map(|p| fold_words(p)).collect()
        };
        let mut negation = set("negation");
        let negation_verbs: FxHashSet<String> =
            ["نفي", "نفت", "نفيا", "نفوا", "ينفي", "تنفي", "ينفون", "نفي"]
                .iter()
                .map(|s| khabar_text::fold(s))
                .collect();
        negation.retain(|w| !negation_verbs.contains(w));
        let mut hypothetical = seqs("hypothetical");
        hypothetical
            .retain(|p| p.len() > 1 || !matches!(p[0].as_str(), "ان" | "هل" | "يمكن" | "حال"));
        EventLexicon {
            forms,
            hamza_inner,
            context,
            report: set("report"),
            negation,
            negation_verbs,
            future: seqs("future"),
            hypothetical,
            dual: set("coordination_dual"),
            historical: seqs("historical"),
            arrival: lx
                .events
                .iter()
                .enumerate()
                .filter(|(_, e)| e.code == "042" && e.past.iter().any(|p| p == "وصل"))
                .map(|(i, _)| i)
                .collect(),
            bi_object: lx
                .events
                .iter()
                .enumerate()
                .filter(|(_, e)| {
                    e.past
                        .iter()
                        .any(|p| matches!(p.as_str(), "رحب" | "أشاد" | "نوه" | "ندد"))
                })
                .map(|(i, _)| i)
                .collect(),
            non_event: seqs("non_event"),
            formula: seqs("formula"),
            deeds: lx
                .deeds
                .iter()
                .enumerate()
                .flat_map(|(i, d)| d.phrases.iter().map(move |p| (fold_words(p), i)))
                .collect(),
            realized: words("realized"),
            protest_realized: words("protest_realized"),
            crowd_quant: words("crowd_quantity"),
            crowd_people: words("crowd_people"),
            passive_victim: words("passive_victim"),
            patient_nouns: words("patient_noun"),
            exposed: words("exposed"),
            talks: words("talks"),
        }
    }

    fn is_report(&self, w: &Word) -> bool {
        w.in_set(&self.report)
    }
}

/// Pronoun suffixes tried when the segmenter left one attached.
const SUFFIXES: &[&str] = &["هما", "هم", "ها", "ه", "كم", "نا"];

pub struct Coder<'a> {
    scorer: Option<&'a crate::scorer::Scorer>,
    lx: &'a Lexicon,
    el: &'a EventLexicon,
    gaz: &'a Gazetteer,
    /// end of the actor chain after the current trigger (extends a verbal noun's context window)
    chain_end: std::cell::Cell<Option<usize>>,
}

/// An actor mention usable as source or target.
#[derive(Debug, Clone)]
struct Slot {
    words: Range<usize>,
    code: String,
    entity: Option<usize>,
    /// a place after «في» (where, not whom)
    locative: bool,
    place: bool,
    /// a bare nationality adjective («ضربة أميركية»): a target of last resort
    adjective: bool,
    /// a country or place entity (where one travels to), not an agent
    geo: bool,
    /// a person entity
    person: bool,
}

impl<'a> Coder<'a> {
    pub fn new(lx: &'a Lexicon, el: &'a EventLexicon, gaz: &'a Gazetteer) -> Self {
        Coder {
            scorer: None,
            lx,
            el,
            gaz,
            chain_end: std::cell::Cell::new(None),
        }
    }

    /// Scores violence and protest events with the model, dropping the unlikely ones.
    pub fn with_scorer(mut self, s: &'a crate::scorer::Scorer) -> Self {
        if !s.is_empty() {
            self.scorer = Some(s);
        }
        self
    }

    /// The event row for word `k`, if it is a trigger: (row, form, the word may also be read as
    /// the row's verbal noun).
    fn trigger(
        &self,
        text: &str,
        ws: &[Word],
        k: usize,
        end: usize,
    ) -> Option<(usize, Form, bool)> {
        let w = &ws[k];
        if w.is_punct() || w.is_number() {
            return None;
        }
        let surface = text.get(w.start..w.end).unwrap_or("");
        // a form matched with its «ال» is a verb like «التقى»; matched without it, a noun
        let via_core = !self.el.forms.contains_key(&w.stem)
            && !self.el.forms.contains_key(&w.bare)
            && self.el.forms.contains_key(&w.core);
        let mut found = [&w.stem, &w.bare, &w.core]
            .into_iter()
            .find_map(|f| self.el.forms.get_key_value(f.as_str()));
        if found.is_none() && w.stem.ends_with('ي') && w.stem.chars().count() >= 4 {
            // a hamza seat before a suffix: «لقائه» → «لقا»
            let mut seat = w.stem.trim_end_matches('ي').to_string();
            seat.push('ء');
            found = self.el.forms.get_key_value(&seat);
        }
        if found.is_none() && w.bare.len() > w.stem.len() {
            // a teh marbuta before a suffix: «مسيرتهم» → «مسيره»
            if let Some(st) = w.stem.strip_suffix('ت') {
                found = self.el.forms.get_key_value(&format!("{st}ه"));
            }
        }
        if found.is_none() {
            for s in SUFFIXES {
                // a written teh marbuta is no pronoun «ه» («وعدة» is not «وعد» + ه)
                if *s == "ه" && surface.ends_with('ة') {
                    continue;
                }
                if let Some(st) = w.bare.strip_suffix(s) {
                    if st.chars().count() >= 3 {
                        found = self.el.forms.get_key_value(st);
                        if found.is_some() {
                            break;
                        }
                    }
                }
            }
        }
        // «شن هجوماً»: a violence noun in the accusative, with its alef of tanween
        let mut accusative = false;
        if found.is_none() && w.bare.len() == w.stem.len() {
            if let Some(st) = w.bare.strip_suffix('ا') {
                found = self.el.forms.get_key_value(st);
                accusative = found.is_some();
            }
        }
        let (key, cands) = found?;
        if NO_SHADDA.contains(&key.as_str()) && surface.contains('\u{651}') {
            return None;
        }
        // a promise is a promise of something: «وعد بتحسين», «وعد … بأن»; «وعدا ذلك» is «except»
        if PROMISE.contains(&key.as_str())
            && !(k + 1..end.min(k + 9)).any(|j| {
                ws[j].proclitics.ends_with('ب')
                    || (ws[j].core.starts_with('ب') && !self.gaz.is_stop(&ws[j], text))
            })
        {
            return None;
        }
        // «هناك», «وهنا» are not «هنأ»: a function word needs the hamza that sets the verb apart
        if self.el.hamza_inner.contains(key)
            && self.gaz.is_stop(w, text)
            && !surface.chars().any(is_hamza)
        {
            return None;
        }
        let mut wend = end.min(k + 9).max(k + 1);
        if let Some(ext) = self.chain_end.get() {
            if ext > k {
                wend = wend.max(end.min(ext + 6));
            }
        }
        let window = &ws[k + 1..wend];
        let mut fallback = None;
        for &(row, mut form, noun_too) in cands {
            if accusative {
                let code = &self.lx.events[row].code;
                if !(form == Form::Masdar || noun_too)
                    || !matches!(code.get(..2), Some("18" | "19" | "20"))
                {
                    continue;
                }
                form = Form::Masdar;
            }
            // a word with the article is a noun: only verbal-noun forms apply («التعاون» is not «تعاون» the verb)
            if w.has_article() && !via_core && form != Form::Masdar {
                continue;
            }
            // so is one after a preposition: «بطلب من», «لطلب», «كطلب» (a present form takes «ل» of purpose)
            if form != Form::Masdar
                && !noun_too
                && (w.proclitics.contains(['ب', 'ك'])
                    || (form == Form::Past && w.proclitics.contains('ل')))
            {
                continue;
            }
            let ctx = &self.el.context[row];
            if ctx.is_empty() {
                if fallback.is_none() {
                    fallback = Some((row, form, noun_too));
                }
                continue;
            }
            let hit = window.iter().any(|x| {
                ctx.iter().any(|c| {
                    *c == x.bare
                        || *c == x.core
                        || *c == x.stem
                        || joined(&x.proclitics, &x.core, c)
                })
            });
            if hit {
                return Some((row, form, noun_too));
            }
        }
        // a bare verbal noun with the article needs its context more than a verb does
        fallback
    }

    /// Codes one article. `dates` are the article's date mentions.
    #[allow(clippy::too_many_arguments)]
    pub fn code(
        &self,
        text: &str,
        ws: &[Word],
        sentences: &[Range<usize>],
        entities: &[Entity],
        dates: &[DateMention],
        published: Option<&str>,
    ) -> Vec<Event> {
        let mut out = Vec::new();
        // the current topic actor and the sentence that last named it
        let mut topic: Option<(Slot, usize)> = None;
        // the two countries most recently named, for «الجانبان», «البلدين»
        let mut recent_countries: Vec<String> = Vec::new();
        let mut wi = 0;
        for (si, s) in sentences.iter().enumerate() {
            while wi < ws.len() && ws[wi].start < s.start {
                wi += 1;
            }
            let from = wi;
            while wi < ws.len() && ws[wi].start < s.end {
                wi += 1;
            }
            let to = wi;
            if from == to {
                continue;
            }
            let slots = self.slots(text, ws, from, to, entities);
            let sent_dates: Vec<&DateMention> = dates
                .iter()
                .filter(|d| d.span.0 >= s.start && d.span.1 <= s.end)
                .collect();
            self.sentence(
                text,
                ws,
                si,
                from,
                to,
                &slots,
                &sent_dates,
                published,
                &mut topic,
                &recent_countries,
                &mut out,
            );
            for sl in &slots {
                if let Some(c) = sl.code.get(..3) {
                    if !sl.adjective
                        && sl.code.len() >= 3
                        && self.lx.countries.iter().any(|x| x.iso3 == c)
                    {
                        recent_countries.retain(|x| x != c);
                        recent_countries.push(c.to_string());
                    }
                }
            }
        }
        out
    }

    fn slots(
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
        v
    }

    #[allow(clippy::too_many_arguments)]
    fn sentence(
        &self,
        text: &str,
        ws: &[Word],
        si: usize,
        from: usize,
        to: usize,
        slots: &[Slot],
        dates: &[&DateMention],
        published: Option<&str>,
        topic: &mut Option<(Slot, usize)>,
        recent: &[String],
        out: &mut Vec<Event>,
    ) {
        let actor_at = |k: usize| {
            slots
                .iter()
                .position(|s| s.words.start == k && !s.adjective)
        };
        let pub_year: Option<i32> = published
            .and_then(|p| p.get(..4))
            .and_then(|y| y.parse().ok());
        // report clauses: (verb word, speaker, complement start)
        let mut speaker: Option<Slot> = None;
        let mut reports: Vec<(usize, Option<Slot>, usize)> = Vec::new();
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
                reports.push((k, sp, comp));
            }
        }
        let sentence_subject = speaker.clone();
        let mut events: Vec<Event> = Vec::new();
        let mut k = from;
        while k < to {
            self.chain_end
                .set(self.genitive_agent(ws, k, to, slots).map(|(_, e)| e));
            let Some((row, form, noun_too)) = self.trigger(text, ws, k, to) else {
                k += 1;
                continue;
            };
            // a bare past form after a plain noun is a noun in construct («وثيقة تعاون», «انتهاء حظر»)
            let after_date = k > from
                && dates
                    .iter()
                    .any(|d| d.span.0 <= ws[k - 1].start && ws[k - 1].end <= d.span.1);
            if form == Form::Past
                && ws[k].proclitics.is_empty()
                && k > from
                && !after_date
                && !self.verb_can_follow(ws, k, slots)
            {
                k += 1;
                continue;
            }
            let entry = &self.lx.events[row];
            let mut code = entry.code.clone();
            if code == "010" {
                k += 1;
                continue;
            }
            let root = code.get(..2).unwrap_or("").to_string();
            // violence and protest words in generic or preventive phrases are not events
            if self.phrase_near(&self.el.non_event, ws, k, from, to)
                && matches!(root.as_str(), "14" | "18" | "19" | "20" | "17" | "15")
                || self.phrase_near(&self.el.formula, ws, k, from, to)
            {
                k += 1;
                continue;
            }
            // a verbal noun among the subjects of talks («بحثا التعاون في مجالات الدفاع وتبادل
            // المعلومات») names a topic, not an event
            if (form == Form::Masdar || noun_too)
                && !matches!(root.as_str(), "14" | "18" | "19" | "20")
                && self.talks_topic(ws, k, from)
            {
                k += 1;
                continue;
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
                k += 1;
                continue;
            }
            // «بموافقة مجلس الأمن» is a condition (with the approval of); «بموافقة X على Y» reports one
            if ws[k].stem == "موافقه"
                && ws[k].proclitics.ends_with('ب')
                && !(k + 1..to.min(k + 7)).any(|j| ws[j].core == "علي")
            {
                k += 1;
                continue;
            }
            // modality
            let w = &ws[k];
            let future = (form == Form::Present
                && (w.proclitics.contains('س') || (k > from && ws[k - 1].core == "سوف")))
                || self.cue_before(&self.el.future, ws, k, from, 3)
                || (form == Form::Masdar
                    && k > from
                    && matches!(ws[k - 1].core.as_str(), "استعداد" | "اعتزام" | "نيه"));
            let negated = (k > from
                && (self.el.negation.contains(&ws[k - 1].core) && form != Form::Masdar
                    || ws[k - 1].core == "عدم"))
                || (k > from + 1
                    && self.el.negation.contains(&ws[k - 2].core)
                    && matches!(ws[k - 1].core.as_str(), "يتم" | "تتم" | "يكن" | "تكن"))
                || (from..k).any(|j| self.el.negation_verbs.contains(&ws[j].stem) && k - j <= 6);
            let hypothetical = self.cue_before(&self.el.hypothetical, ws, k, from, 5);
            let in_report = reports.iter().rev().find(|(r, _, c)| *r < k && *c <= k);
            let near_lo = ws[k.saturating_sub(8).max(from)].start;
            let near_hi = ws[(k + 8).min(to - 1)].end;
            let sent_date = dates
                .iter()
                .filter(|d| d.span.0 >= near_lo && d.span.1 <= near_hi)
                .min_by_key(|d| (d.span.0 as isize - w.start as isize).abs())
                .copied();
            let historical = sent_date
                .and_then(|d| d.value.as_ref())
                .and_then(|v| v.get(..4))
                .and_then(|y| y.parse::<i32>().ok())
                .zip(pub_year)
                .is_some_and(|(y, p)| y < p && form == Form::Past)
                || (form != Form::Present && self.historical_cue(ws, k, from, to, pub_year));
            let modality = if negated {
                Modality::Negated
            } else if hypothetical {
                Modality::Hypothetical
            } else if future {
                Modality::Future
            } else if historical {
                Modality::Historical
            } else if in_report.is_some() {
                Modality::Reported
            } else {
                Modality::Asserted
            };
            if modality == Modality::Future {
                code = future_code(&code);
            }
            // actors
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
                    None => (fresh(topic, si).into_iter().collect(), k + 1, false),
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
                        k += 1;
                        continue;
                    }
                    None if !suffixed
                        && !matches!(root.as_str(), "14" | "18" | "19" | "20")
                        && !(in_report.is_some()
                            && !self.el.context[row].is_empty()
                            && !w.proclitics.is_empty()) =>
                    {
                        k += 1;
                        continue;
                    }
                    None if violent => (context_agent.into_iter().collect(), k + 1, false),
                    None => match self.governing_subject(ws, k, from, to, slots) {
                        // «أعرب الوزير عن ترحيبه»: the pronoun is the subject of the verb it hangs on
                        Some(g) if suffixed => (g, k + 1, true),
                        _ => {
                            let s = in_report
                                .and_then(|(_, s, _)| s.clone())
                                .or_else(|| sentence_subject.clone())
                                .or_else(|| context_agent.clone());
                            (s.into_iter().collect(), k + 1, false)
                        }
                    },
                },
                // «الملك سلمان استقبل وزير …»: an actor right before a bare verb is its subject,
                // and the one after it the object
                _ if self.svo(ws, k, from, slots) => {
                    match self.subject_before(ws, k, from, slots) {
                        Some(g) => (g, k + 1, true),
                        None => (Vec::new(), k + 1, false),
                    }
                }
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
                entry.past.first().map(String::as_str),
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
                                s.words.end <= k
                                    && !s.adjective
                                    && !s.locative
                                    && s.code != obj.code
                            })
                            .cloned()
                            .into_iter()
                            .collect();
                    }
                }
            }
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
                match bi.then(|| self.bi_target(ws, subj_end.max(k + 1), to, slots, &sources)) {
                    Some(Some(t)) => t,
                    _ => self.target(ws, subj_end.max(k + 1), to, slots, &sources, motion),
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
                    reports.iter().any(|(_, sp, _)| {
                        sp.as_ref()
                            .is_some_and(|sp| sp.words.start == s.words.start)
                    })
                };
                let near = slots
                    .iter()
                    // («تعرضوا لهجوم»: the victims were not named, do not guess them)
                    .filter(|s| {
                        !s.adjective
                            && !s.locative
                            && !s.place
                            && !speaker_at(s)
                            && exposed.is_none()
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
            let place = slots
                .iter()
                .find(|s| s.place && s.locative)
                .map(|s| text[ws[s.words.start].start..ws[s.words.end - 1].end].to_string());
            let date = match (modality, sent_date.and_then(|d| d.value.clone())) {
                (_, Some(v)) => Some(v),
                _ => published.map(String::from),
            };
            let mut pairs: Vec<(Option<Slot>, Option<Slot>)> = Vec::new();
            if sources.len() >= 2 && target.is_none() {
                // reciprocal: both sides of a coordinated or dual subject
                pairs.push((Some(sources[0].clone()), Some(sources[1].clone())));
                pairs.push((Some(sources[1].clone()), Some(sources[0].clone())));
            } else if sources.is_empty() {
                pairs.push((None, target.clone()));
            } else {
                for s in &sources {
                    pairs.push((Some(s.clone()), target.clone()));
                }
            }
            // «تلقى اتصالا من X»: the one who received is the target
            let received = w.stem.starts_with("تلق")
                || w.stem.starts_with("يتلق")
                || w.stem.starts_with("تتلق");
            if received {
                pairs = pairs
                    .into_iter()
                    .map(|(s, t)| if t.is_some() { (t, s) } else { (s, t) })
                    .collect();
            }
            // «أصيب X», «يصاب»: a passive verb's subject is the one hit, and who hit is unsaid
            if self.el.passive_victim.contains(&w.stem) || self.el.exposed.contains(&w.stem) {
                pairs = pairs.into_iter().map(|(s, t)| (None, s.or(t))).collect();
                pairs.dedup_by(|a, b| {
                    a.1.as_ref().map(|x| &x.code) == b.1.as_ref().map(|x| &x.code)
                });
            }
            let cameo = self.lx.cameo(&code);
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
                }
                // one-sided codes are allowed only where CAMEO has them (protest, violence, statements)
                if (s.is_none() || t.is_none()) && !one_sided_ok(&root) {
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
                if entry.code == "042" {
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
            if explicit && form != Form::Masdar {
                // «تلقى X اتصالا من Y، جدد خلاله …»: the caller goes on as the subject
                let agent = if received {
                    target.clone().or_else(|| sources.first().cloned())
                } else {
                    sources.first().cloned()
                };
                if let Some(s) = agent {
                    *topic = Some((s, si));
                }
            }
            k += 1;
        }
        // deeds inside reported speech: speaker → agent
        for (r, sp, comp) in &reports {
            let Some(sp) = sp else { continue };
            let mut j = *comp;
            while j < to {
                let Some((len, d)) = self.deed_at(ws, j, to) else {
                    j += 1;
                    continue;
                };
                // prefer actors with a country over agent-only ones («مقاتلين»)
                let lx = self.lx;
                let has_country = |s: &Slot| {
                    s.code
                        .get(..3)
                        .is_some_and(|c| lx.countries.iter().any(|x| x.iso3 == c))
                };
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
                        .or_else(|| published.map(String::from));
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
        if let Some(s) = speaker {
            *topic = Some((s, si));
        }
        // a sentence opening on another actor («والولايات المتحدة …») changes the subject even
        // when none of its verbs is an event: the old topic does not reach past it
        if topic.as_ref().is_some_and(|(_, at)| *at != si) {
            if let Some(o) = self.opening_actor(ws, from, to, slots) {
                if topic.as_ref().is_some_and(|(t, _)| t.code != o.code) {
                    *topic = None;
                }
            }
        }
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
        let _ = actor_at;
    }

    fn actor(&self, ws: &[Word], s: &Slot, implicit: bool) -> Actor {
        Actor {
            span: (ws[s.words.start].start, ws[s.words.end - 1].end),
            code: s.code.clone(),
            entity: s.entity,
            implicit,
        }
    }

    /// VSO: an actor right after the verb (adverbs and dates may sit between).
    fn subject(
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
            if head {
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

    /// Can a verb stand right after word k-1? After punctuation, particles, adverbs and actors, yes;
    /// after a plain noun it is a noun itself.
    fn verb_can_follow(&self, ws: &[Word], k: usize, slots: &[Slot]) -> bool {
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

    /// People in a crowd at word `j`; a bare count («مئات», «آلاف») only when it counts
    /// people, not things («مئات السيارات»).
    fn is_crowd(&self, ws: &[Word], j: usize) -> bool {
        let w = &ws[j];
        if !(self.el.crowd_people.contains(&w.core) || self.el.crowd_people.contains(&w.bare)) {
            return false;
        }
        let count = matches!(
            w.bare.as_str(),
            "الاف" | "ميات" | "عشرات" | "الوف" | "حشود" | "جموع"
        );
        if !count || w.has_article() {
            return true;
        }
        // a count in construct takes its noun's kind
        match ws.get(j + 1) {
            Some(n) if n.is_punct() || n.is_number() || n.core == "من" => true,
            Some(n) if n.proclitics.is_empty() && !self.is_quant(n) => {
                self.el.crowd_people.contains(&n.core)
                    || self.el.crowd_people.contains(&n.bare)
                    || self.gaz.adjective(n).is_some()
                    || self.el.realized.contains(&n.bare)
            }
            _ => true,
        }
    }

    fn is_quant(&self, w: &Word) -> bool {
        w.is_number()
            || self.el.crowd_quant.contains(&w.core)
            || self.el.crowd_quant.contains(&w.bare)
    }

    /// The crowd subject of a protest verb after counts and adverbs: an actor
    /// («آلاف المتظاهرين»), else the crowd word itself as civilians («نحو مائتي شخص»).
    fn crowd_subject(
        &self,
        ws: &[Word],
        k: usize,
        to: usize,
        slots: &[Slot],
    ) -> Option<(Slot, usize)> {
        let mut crowd = None;
        let mut j = k + 1;
        while j < to && j <= k + 6 {
            if let Some(s) = slots
                .iter()
                .find(|s| s.words.start == j && !s.adjective && !s.locative && !s.place)
            {
                let p = &ws[j].proclitics;
                if p.ends_with('ب') || p.ends_with('ل') {
                    break;
                }
                return Some((s.clone(), s.words.end));
            }
            let w = &ws[j];
            if self.is_crowd(ws, j) {
                crowd = Some(j);
            } else if !self.is_quant(w) {
                break;
            }
            j += 1;
        }
        crowd.map(|c| (crowd_slot(c), c + 1))
    }

    /// A crowd word near a protest trigger, when no actor is named.
    fn crowd_near(&self, ws: &[Word], k: usize, from: usize, to: usize) -> Option<usize> {
        let lo = k.saturating_sub(8).max(from);
        let hi = (k + 8).min(to);
        (lo..hi)
            .filter(|&j| j != k && self.is_crowd(ws, j))
            .min_by_key(|&j| (j as isize - k as isize).abs())
    }

    /// Is a violence/protest noun at `k` reported as having happened? A result or
    /// realization word nearby, or a fresh date. A protest noun also counts as realized
    /// with its crowd, place or slogans nearby («مئات المتظاهرين … أمام», «رافعين شعارات»).
    fn realized(&self, ws: &[Word], k: usize, from: usize, to: usize, protest: bool) -> bool {
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

    /// «X الذي قال»: the actor right before a relative pronoun.
    fn antecedent(&self, ws: &[Word], k: usize, from: usize, slots: &[Slot]) -> Option<Slot> {
        if k < from + 2 || !matches!(ws[k - 1].core.as_str(), "الذي" | "التي" | "الذين")
        {
            return None;
        }
        slots
            .iter()
            .find(|s| s.words.end == k - 1 && !s.adjective)
            .cloned()
    }

    /// Actors coordinated after `end` («… ووزير الدفاع العراقي»).
    fn coordinated(&self, ws: &[Word], end: usize, to: usize, slots: &[Slot]) -> Vec<Slot> {
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
    fn subject_before(
        &self,
        ws: &[Word],
        k: usize,
        from: usize,
        slots: &[Slot],
    ) -> Option<Vec<Slot>> {
        let mut j = k;
        let mut steps = 0;
        while j > from && steps < 8 {
            j -= 1;
            steps += 1;
            let c = ws[j].core.as_str();
            if ws[j].is_punct() && !matches!(c, "\"" | "“" | "”" | "«" | "»") {
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
            if matches!(
                c,
                "ان" | "انه" | "انها" | "حيث" | "بينما" | "كما" | "لكن" | "ثم"
            ) {
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

    fn trigger_like(&self, w: &Word) -> bool {
        self.el
            .forms
            .get(&w.stem)
            .is_some_and(|v| v.iter().any(|x| x.1 != Form::Masdar))
    }

    /// The agent of a verbal noun: the genitive right after it («توقيع وزير الدفاع … ووزير …»).
    fn genitive_agent(
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
    fn dual_subject(
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
        let mk = |c: &String| Slot {
            words: near..near + 1,
            code: c.clone(),
            entity: None,
            locative: false,
            place: false,
            adjective: false,
            geo: false,
            person: false,
        };
        Some(vec![mk(b), mk(a)])
    }

    /// The first actor after the verb (and subject): object or after a preposition.
    fn target(
        &self,
        ws: &[Word],
        from: usize,
        to: usize,
        slots: &[Slot],
        sources: &[Slot],
        motion: bool,
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
    fn country_of<'c>(&self, code: &'c str) -> Option<&'c str> {
        let c = code.get(..3)?;
        self.lx.countries.iter().any(|x| x.iso3 == c).then_some(c)
    }

    /// Who can pay a visit: an official, a government, an international organization (not
    /// fighters, migrants or civilians, who merely arrive).
    fn visitor(&self, s: &Slot) -> bool {
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
    fn arrival_target(&self, ws: &[Word], from: usize, to: usize, slots: &[Slot]) -> Option<Slot> {
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

    /// Is there an actor (not after a preposition) right before the bare verb at `k`?
    fn svo(&self, ws: &[Word], k: usize, from: usize, slots: &[Slot]) -> bool {
        k > from
            && ws[k].proclitics.is_empty()
            && slots.iter().any(|s| {
                s.words.end == k
                    && !s.adjective
                    && !s.locative
                    && !ws[s.words.start].proclitics.ends_with(['ب', 'ل'])
            })
    }

    /// The subject of the verb a verbal noun depends on: «أكد دعمه», «أعرب الوزير عن ترحيبه»
    /// (the verb, its subject, at most one of «عن/على/إلى», the noun).
    fn governing_subject(
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

    /// The object of «رحب/أشاد … بـ»: `None` without a «ب» phrase right after the verb and
    /// subject, else the actor inside that phrase («بقرار مجلس الأمن»), if any.
    fn bi_target(
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

    /// The agent of a noun named after it: «هجوم شنه مقاتلون», «من قبل تنظيم داعش», «على يد …».
    fn agent_after(&self, ws: &[Word], k: usize, to: usize, slots: &[Slot]) -> Option<Slot> {
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

    /// The «تعرض» (was subjected to) verb whose complement is the noun at `k` («تعرضت قافلته لهجوم»).
    fn exposure_verb(&self, ws: &[Word], k: usize, from: usize) -> Option<usize> {
        (k.saturating_sub(6).max(from)..k)
            .rev()
            .take_while(|&j| !ws[j].is_punct())
            .find(|&j| self.el.exposed.contains(&ws[j].stem))
    }

    /// Is the verbal noun at `k` one of the subjects of talks: after «بحث/ناقش/تناول» or in a list
    /// of fields («في مجالات …»), within its clause?
    fn talks_topic(&self, ws: &[Word], k: usize, from: usize) -> bool {
        (k.saturating_sub(8).max(from)..k)
            .rev()
            .take_while(|&j| !ws[j].is_punct() || ws[j].core == "،")
            .any(|j| self.el.talks.contains(&ws[j].stem) || self.el.talks.contains(&ws[j].core))
    }

    /// A background cue near the trigger (five words before, twelve after, in its clause): «سبق
    /// أن», «آنذاك», «عام 2012» (an
    /// earlier year), «منذ سنوات»; «في وقت سابق اليوم» is today's news.
    fn historical_cue(
        &self,
        ws: &[Word],
        k: usize,
        from: usize,
        to: usize,
        pub_year: Option<i32>,
    ) -> bool {
        let lo = (k.saturating_sub(5).max(from)..k)
            .rev()
            .take_while(|&j| !ws[j].is_punct())
            .last()
            .unwrap_or(k);
        let hi = (k + 1..to.min(k + 13))
            .take_while(|&j| !ws[j].is_punct())
            .last()
            .map_or(k + 1, |j| j + 1);
        let year_before = |j: usize| {
            ws.get(j).is_some_and(|w| {
                w.is_number()
                    && w.core.len() == 4
                    && w.core
                        .parse::<i32>()
                        .is_ok_and(|y| pub_year.is_none_or(|p| y < p))
            })
        };
        for st in lo..hi {
            if st == k {
                continue;
            }
            for p in &self.el.historical {
                let n = p.len();
                if st + n > hi || (st < k && st + n > k) {
                    continue;
                }
                if !p.iter().enumerate().all(|(i, c)| ws[st + i].core == *c) {
                    continue;
                }
                let next = st + n;
                let ok = match p[0].as_str() {
                    "عام" if n == 1 => year_before(next),
                    "منذ" if n == 1 => {
                        year_before(next)
                            || ws.get(next).is_some_and(|w| {
                                matches!(
                                    w.core.as_str(),
                                    "عام"
                                        | "اعوام"
                                        | "سنوات"
                                        | "سنه"
                                        | "عامين"
                                        | "سنتين"
                                        | "عقود"
                                        | "عقد"
                                )
                            })
                    }
                    "في" => !(next..to.min(next + 3)).any(|j| {
                        matches!(
                            ws[j].core.as_str(),
                            "اليوم" | "امس" | "الليله" | "هذا" | "هذه" | "من"
                        )
                    }),
                    _ => true,
                };
                if ok {
                    return true;
                }
            }
        }
        false
    }

    fn phrase_near(
        &self,
        phrases: &[Vec<String>],
        ws: &[Word],
        k: usize,
        from: usize,
        to: usize,
    ) -> bool {
        let lo = k.saturating_sub(3).max(from);
        let hi = (k + 3).min(to);
        for p in phrases {
            for st in lo..hi {
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

    fn cue_before(
        &self,
        cues: &[Vec<String>],
        ws: &[Word],
        k: usize,
        from: usize,
        window: usize,
    ) -> bool {
        let lo = k.saturating_sub(window).max(from);
        for p in cues {
            for st in lo..k {
                if st + p.len() > k + 1 {
                    continue;
                }
                if p.iter()
                    .enumerate()
                    .all(|(i, c)| ws[st + i].core == *c || ws[st + i].bare == *c)
                {
                    return true;
                }
            }
        }
        false
    }

    /// A deed phrase at word `j`: (length in words, deed index).
    fn deed_at(&self, ws: &[Word], j: usize, to: usize) -> Option<(usize, usize)> {
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

/// The topic as the subject of a pronoun or a subjectless verb in sentence `si`: a topic named in
/// this or the previous sentence only; further back it is as likely someone else («وأضاف أنه»
/// after an unrelated paragraph).
fn fresh(topic: &Option<(Slot, usize)>, si: usize) -> Option<Slot> {
    topic
        .as_ref()
        .filter(|(_, at)| si <= at + 1)
        .map(|(s, _)| s.clone())
}

/// Civilians standing for an unnamed protest crowd at word `c`.
fn crowd_slot(c: usize) -> Slot {
    Slot {
        words: c..c + 1,
        code: "CVL".into(),
        entity: None,
        locative: false,
        place: false,
        adjective: false,
        geo: false,
        person: false,
    }
}

fn is_hamza(c: char) -> bool {
    matches!(c, 'ء' | 'أ' | 'إ' | 'آ' | 'ؤ' | 'ئ')
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

/// Is `c` the concatenation `a` + `b`? (without allocating)
fn joined(a: &str, b: &str, c: &str) -> bool {
    c.len() == a.len() + b.len() && c.starts_with(a) && c.ends_with(b)
}

/// A future event is an intent (03x) when cooperative, a threat (13x) when hostile.
fn future_code(code: &str) -> String {
    let root: u32 = code.get(..2).and_then(|r| r.parse().ok()).unwrap_or(0);
    match root {
        1..=3 => code.to_string(),
        4 => "036".into(),
        5 => "030".into(),
        6 => "031".into(),
        7 => "033".into(),
        8 => "035".into(),
        9..=13 => code.to_string(),
        14 => "133".into(),
        15..=17 => "130".into(),
        18..=20 => "138".into(),
        _ => code.to_string(),
    }
}

/// Codes that may be recorded with one actor only.
fn one_sided_ok(root: &str) -> bool {
    matches!(root, "14" | "18" | "19" | "20" | "01" | "02" | "03")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn future_maps_to_intent_or_threat() {
        assert_eq!(future_code("057"), "030");
        assert_eq!(future_code("043"), "036");
        assert_eq!(future_code("190"), "138");
        assert_eq!(future_code("112"), "112");
    }

    /// (sentence, trigger, expected source code, expected target code)
    fn check_dyad(text: &str, trigger: &str, source: Option<&str>, target: Option<&str>) {
        let ex = crate::Extractor::default();
        let toks = ex.segmenter().tokenize(text);
        let sents = khabar_text::sentences::split(text);
        let x = ex.extract(text, &toks, &sents, Some("2020-01-01"));
        let e = x
            .events
            .iter()
            .find(|e| &text[e.trigger.0..e.trigger.1] == trigger)
            .unwrap_or_else(|| panic!("no event on {trigger}: {:?}", x.events));
        assert_eq!(e.source.as_ref().map(|a| a.code.as_str()), source, "{text}");
        assert_eq!(e.target.as_ref().map(|a| a.code.as_str()), target, "{text}");
    }

    /// Events of `text` by the rules alone (no confidence model), one line each:
    /// «trigger code source>target modality», «-» for a missing actor.
    fn coded(text: &str) -> Vec<String> {
        let ex = crate::Extractor::default();
        let toks = ex.segmenter().tokenize(text);
        let sents = khabar_text::sentences::split(text);
        let x = ex.extract_names(text, &toks, &sents, Some("2020-06-15"));
        Coder::new(ex.lx, &ex.events, &ex.gaz)
            .code(
                text,
                &x.words,
                &sents,
                &x.entities,
                &x.dates,
                Some("2020-06-15"),
            )
            .iter()
            .map(|e| {
                let code = |a: &Option<Actor>| a.as_ref().map_or("-".into(), |a| a.code.clone());
                let m = serde_json::to_value(e.modality).unwrap();
                format!(
                    "{} {} {}>{} {}",
                    &text[e.trigger.0..e.trigger.1],
                    e.cameo,
                    code(&e.source),
                    code(&e.target),
                    m.as_str().unwrap_or("")
                )
            })
            .collect()
    }

    fn check(input: &str, expected: &[&str]) {
        assert_eq!(coded(input), expected, "{input}");
    }

    #[test]
    fn homographs_of_triggers_are_not_events() {
        // «وعدّ» and considered, «وعدا» except, «وعدة» and several: not «وعد» promised
        check("وعدّ الوزير الاتفاق خطوة مهمة.", &[]);
        check("وعدا ذلك تبقى الرقابة على المصارف اليونانية.", &[]);
        check("وعدة مئات من المقاتلين التونسيين.", &[]);
        check(
            "ووعد رئيس الوزراء العراقي بتحسين الخدمات.",
            &["ووعد 030 IRQGOV>- asserted"],
        );
        // «هناك», «وهنا» are not «هنأ»
        check("فليس هناك أحد من اللبنانيين مبرأ من التواطؤ.", &[]);
        check(
            "وهنأ الملك سلمان الرئيس المصري عبد الفتاح السيسي بفوزه.",
            &["وهنأ 051 SAUGOV>EGYGOV asserted"],
        );
        // «يدّعون» claim, not «يدعون» call
        check("ويدّعون أن الحكومة المصرية فشلت.", &[]);
        // «بطلب من» at the request of: a noun, not the verb «طلب»
        check("وقبض عليه بطلب من القضاء الأمريكي.", &[]);
    }

    #[test]
    fn arriving_home_is_no_visit() {
        check("ووصل نائب الرئيس اليمني إلى مدينة عدن أمس.", &[]);
        check("ووصل عدد الضحايا إلى مئة قتيل في سوريا.", &[]);
        check("ووصل المهاجرون إلى سواحل إيطاليا.", &[]);
        check(
            "ووصل وزير الخارجية الأمريكي إلى بغداد أمس.",
            &["ووصل 042 USAGOV>IRQGOV asserted"],
        );
    }

    #[test]
    fn topics_of_talks_are_not_events() {
        let got = coded(
            "وبحث الوزير الباكستاني التعاون مع الولايات المتحدة في مجالات الدفاع وتبادل المعلومات.",
        );
        assert!(got.iter().all(|e| !e.contains(" 064 ")), "{got:?}");
    }

    #[test]
    fn the_welcomed_follows_bi() {
        check(
            "تلقى العاهل السعودي اتصالا هاتفيا من الرئيس الفرنسي جدد خلاله ترحيبه بالعاهل السعودي.",
            &[
                "تلقى 041 FRAGOV>SAUGOV asserted",
                "ترحيبه 051 FRAGOV>SAUGOV asserted",
            ],
        );
        // the one welcomed is not named: no target, no event
        check("ورحب أمير الكويت بالضيف في بلده الكويت.", &[]);
        check(
            "وأعرب وزير الخارجية الفرنسي عن تأييده للحكومة اللبنانية.",
            &["تأييده 051 FRAGOV>LBNGOV asserted"],
        );
    }

    #[test]
    fn idioms_and_the_anonymity_formula_are_not_events() {
        check(
            "وقال ضابط رفيع في الأنبار رفض الكشف عن هويته لوكالة الأنباء الألمانية إن القوات تقدمت.",
            &[],
        );
        check("وخطف أنظار المتنزهين والسياح في الحديقة.", &[]);
        check(
            "ورفضت دمشق الاتهامات الأميركية.",
            &["ورفضت 120 SYRGOV>USA asserted"],
        );
    }

    #[test]
    fn appeals_need_their_author() {
        check("ودعا إلى الهدوء وضبط النفس.", &[]);
        let got = coded("وقال مسؤول أمني طلب عدم نشر اسمه لوكالة رويترز إن الوضع هادئ.");
        assert!(got.iter().all(|e| !e.contains(" 02")), "{got:?}");
        check("ويسمح القرار ببيع الأسلحة بموافقة مجلس الأمن.", &[]);
    }

    #[test]
    fn driving_out_fighters_is_military_force() {
        check(
            "وطرد مقاتلون محليون جماعة الحوثي من المدينة.",
            &["وطرد 190 REB>YEMREB asserted"],
        );
        check(
            "وطردت السلطات الإيطالية عشرات المهاجرين.",
            &["وطردت 174 ITAGOV>REF asserted"],
        );
    }

    #[test]
    fn the_subject_of_taarrada_is_the_victim() {
        check(
            "وتعرضت دورية للشرطة العراقية لهجوم مسلح في الموصل.",
            // «هجوم مسلح»: by unidentified gunmen
            &["لهجوم 190 UAF>IRQCOP asserted"],
        );
    }

    #[test]
    fn the_topic_does_not_reach_far() {
        // «وأضاف أنه» right after the speaker: the speaker
        check(
            "قال وزير الخارجية الإيراني إن بلاده مستعدة للحوار. وأضاف أنه يرفض العقوبات الأمريكية.",
            &["يرفض 120 IRNGOV>USA reported"],
        );
        // after a sentence about another actor: nobody
        check(
            "قال وزير الخارجية الإيراني إن بلاده مستعدة للحوار. والولايات المتحدة تتابع الملف عن كثب. وأضاف أنه يرفض العقوبات الأمريكية.",
            &[],
        );
        // a killing reported by someone is not by the reporter
        let got = coded("وقال المرصد السوري لحقوق الإنسان إن قصفا أسفر عن مقتل سبعة مدنيين.");
        assert!(got.iter().all(|e| !e.contains("SYRHRI>")), "{got:?}");
        // an actor right before a bare verb is its subject
        check(
            "الملك سلمان استقبل وزير الخارجية الأميركي في الرياض.",
            &["استقبل 043 SAUGOV>USAGOV asserted"],
        );
        // «بأنه» is no place («بانه», Iran)
        let got = coded("وقالت المصادر بأنه قتل ثلاثة أشخاص.");
        assert!(got.iter().all(|e| !e.contains("IRN")), "{got:?}");
    }

    #[test]
    fn a_nationality_before_an_attack_verb_is_the_attacker() {
        check(
            "وقال المحافظ إن مروحيتين أمريكيتين هاجمتا حاجزا للجيش الأفغاني.",
            &["هاجمتا 190 USA>AFG reported"],
        );
        // «قتلا» is mostly passive: the Iraqis are the ones killed
        let got = coded("وقال المصدر إن جنديين عراقيين قتلا في الهجوم.");
        assert!(got.iter().all(|e| !e.contains(" IRQ>")), "{got:?}");
        // «هجوم انتحاري نفذه تنظيم داعش»: the group carried it out, the bomber is no target
        let got = coded("وقال المسؤول إن هجوما انتحاريا نفذه تنظيم داعش هز البلدة.");
        assert!(
            got.iter().any(|e| e.contains("1831 IMGMUSREB>-")),
            "{got:?}"
        );
    }

    #[test]
    fn the_genitive_of_a_killing_is_the_one_killed() {
        let got = coded("وأسفر الهجوم عن مقتل قائد الحرس الثوري الإيراني في سوريا.");
        assert!(got.iter().any(|e| e.contains(" 190 ->IRNMIL")), "{got:?}");
        assert!(got.iter().all(|e| !e.contains("IRNMIL>")), "{got:?}");
    }

    #[test]
    fn historical_cues() {
        check(
            "وسبق أن زار وزير الخارجية الأمريكي بغداد.",
            &["زار 042 USAGOV>IRQGOV historical"],
        );
        check(
            "واستقبل الرئيس المصري عبد الفتاح السيسي وزير الخارجية الأمريكي جون كيري آنذاك.",
            &["واستقبل 043 EGYGOV>USAGOV historical"],
        );
        check(
            "ووقع البلدان عام 2012 على مذكرة تفاهم بين العراق وإيران.",
            &[],
        );
        // «عام» before no year is not «in the year»
        check(
            "واستقبل الرئيس المصري عبد الفتاح السيسي وزير الخارجية الأمريكي جون كيري في مؤتمر عام للمانحين.",
            &["واستقبل 043 EGYGOV>USAGOV asserted"],
        );
    }

    #[test]
    fn passive_victims_are_targets() {
        check_dyad(
            "وأصيب سفير بولندا بجروح عندما تعرضت قافلته لهجوم في بغداد.",
            "وأصيب",
            None,
            Some("POLGOV"),
        );
    }
}
