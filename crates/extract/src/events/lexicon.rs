//! The compiled event lexicon: trigger forms of events.tsv, the cue phrases and word lists of
//! cues.tsv, the deeds of deeds.tsv, folded once for matching.

use crate::words::Word;
use khabar_lexicon::Lexicon;
use rustc_hash::{FxHashMap, FxHashSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Form {
    Past,
    Present,
    Masdar,
}

/// Cue phrases (folded word sequences) indexed by their first word, so a trigger's window is
/// checked against the few phrases that can start at each word instead of all of them.
pub(super) struct Phrases {
    /// phrase indices by first word
    by_first: FxHashMap<String, Vec<usize>>,
    seqs: Vec<Vec<String>>,
    /// an empty phrase matches anywhere
    has_empty: bool,
}

impl Phrases {
    pub(super) fn new(seqs: Vec<Vec<String>>) -> Phrases {
        let mut by_first: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, p) in seqs.iter().enumerate() {
            if let Some(f) = p.first() {
                by_first.entry(f.clone()).or_default().push(i);
            }
        }
        let has_empty = seqs.iter().any(|p| p.is_empty());
        Phrases {
            by_first,
            seqs,
            has_empty,
        }
    }

    pub(super) fn has_empty(&self) -> bool {
        self.has_empty
    }

    /// The non-empty phrases whose first word `w` reads as (some may come twice).
    pub(super) fn starting<'a>(&'a self, w: &'a Word) -> impl Iterator<Item = &'a [String]> + 'a {
        w.forms()
            .filter_map(|f| self.by_first.get(f))
            .flatten()
            .map(|&i| self.seqs[i].as_slice())
    }
}

/// The compiled event lexicon.
pub struct EventLexicon {
    /// folded form → (row, form, the row also lists it as a verbal noun: «قصف»)
    pub(super) forms: FxHashMap<String, Vec<(usize, Form, bool)>>,
    /// folded forms spelled with a hamza after their first letter («هنأ»): without it they may be
    /// a function word («هنا», «هناك»)
    pub(super) hamza_inner: FxHashSet<String>,
    pub(super) context: Vec<Vec<String>>,
    pub(super) report: FxHashSet<String>,
    pub(super) negation: FxHashSet<String>,
    /// «نفى» forms (`negation_verb`): they negate an event a few words after them
    pub(super) negation_verbs: FxHashSet<String>,
    pub(super) future: Vec<Vec<String>>,
    pub(super) hypothetical: Vec<Vec<String>>,
    pub(super) dual: FxHashSet<String>,
    pub(super) historical: Vec<Vec<String>>,
    /// rows of «وصل» (arrive): a visit only with an official and a destination
    pub(super) arrival: FxHashSet<usize>,
    /// rows whose object follows «ب» (رحب/أشاد/نوه/ندد بـ): the target is in that phrase
    pub(super) bi_object: FxHashSet<usize>,
    pub(super) non_event: Phrases,
    /// passive forms whose subject is the victim (cues.tsv `passive_victim`)
    pub(super) passive_victim: FxHashSet<String>,
    /// verbal nouns whose genitive is the patient (`patient_noun`)
    pub(crate) patient_nouns: FxHashSet<String>,
    /// «تعرض» forms (`exposed`)
    pub(super) exposed: FxHashSet<String>,
    /// who did the violence: its light verbs, agent markers, attack nouns and their adjectives
    /// (cues.tsv `light_violence`, `agent_marker`, `attack_noun`, `attack_adj`)
    pub(super) light_violence: FxHashSet<String>,
    pub(crate) agent_marker: FxHashSet<String>,
    pub(crate) attack_noun: FxHashSet<String>,
    pub(super) attack_adj: FxHashSet<String>,
    /// a cause phrase after a killing («نتيجة إطلاق X قذائف», «جراء استهداف X») (cues.tsv
    /// `cause_marker`, `cause_act`)
    pub(super) cause_marker: FxHashSet<String>,
    pub(super) cause_act: FxHashSet<String>,
    /// who was hit: victim nouns, killing words with a victim subject, counting words
    pub(super) victim_head: FxHashSet<String>,
    pub(super) victim_verb: FxHashSet<String>,
    /// victim nouns of soldiers, police, fighters (the rest are civilians)
    pub(super) victim_mil: FxHashSet<String>,
    pub(super) victim_cop: FxHashSet<String>,
    pub(super) victim_fighter: FxHashSet<String>,
    /// «ينتمون/تابعة/الموالية لـ»: the side of the actor before (cues.tsv `affiliation`)
    pub(super) affiliation: FxHashSet<String>,
    pub(super) count_word: FxHashSet<String>,
    /// «طيران/طائرات/مقاتلات» before a force's name (cues.tsv `force_head`)
    pub(super) force_head: FxHashSet<String>,
    /// accidents and disasters, competitions and festivals (cues.tsv `accident`, `competition`)
    pub(super) accident: FxHashSet<String>,
    pub(super) competition: FxHashSet<String>,
    /// words opening the topic of talks or an agreement (cues.tsv `topic_prep`)
    pub(super) topic_prep: FxHashSet<String>,
    /// verbs and nouns of talks and field lists (`talks`)
    pub(super) talks: FxHashSet<String>,
    /// bombing words by the CAMEO code they give a plain «قتل/هجوم» (190) event near them
    /// (cues.tsv kinds `bombing_1831` …)
    pub(crate) bombing: Vec<(String, FxHashSet<String>)>,
    /// words of an event side that decide which side it is (cues.tsv `side_perpetrator`,
    /// `side_bomber`, `side_victim`; `crate::sides`)
    pub(crate) side_perpetrator: FxHashSet<String>,
    pub(crate) side_bomber: FxHashSet<String>,
    pub(crate) side_victim: FxHashSet<String>,
    /// fixed phrases that are never events, whatever the code («رفض الكشف عن هويته»)
    pub(super) formula: Phrases,
    pub(super) deeds: Vec<(Vec<String>, usize)>,
    pub(super) realized: FxHashSet<String>,
    pub(super) protest_realized: FxHashSet<String>,
    pub(super) crowd_quant: FxHashSet<String>,
    pub(super) crowd_people: FxHashSet<String>,
    /// trigger forms whose lemma has no doubled letter (`no_shadda`): written with a shadda they
    /// are another word («وعدّ» = and counted/considered, not «وعد» promised; «يدّعون» claim, not
    /// «يدعون» call)
    pub(super) no_shadda: FxHashSet<String>,
    /// «وعد» (promised) forms (`promise`): without a «ب» complement the word is mostly «و» + «عدّ/عدا»
    pub(super) promise: FxHashSet<String>,
    /// the confidence model's word sets, from the same lexicon
    pub scorer_words: crate::scorer::Words,
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
        let words = |kind: &str| folded_words(lx, kind);
        let seqs = |kind: &str| -> Vec<Vec<String>> {
            lx.cues.get(kind).iter().map(|p| fold_words(p)).collect()
        };
        let mut negation = set("negation");
        let negation_verbs = words("negation_verb");
        negation.retain(|w| !negation_verbs.contains(w));
        let hypothetical = seqs("hypothetical");
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
            non_event: Phrases::new(seqs("non_event")),
            formula: Phrases::new(seqs("formula")),
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
            light_violence: words("light_violence"),
            agent_marker: words("agent_marker"),
            attack_noun: words("attack_noun"),
            attack_adj: words("attack_adj"),
            cause_marker: words("cause_marker"),
            cause_act: words("cause_act"),
            victim_head: words("victim_head"),
            victim_verb: words("victim_verb"),
            victim_mil: words("victim_mil"),
            victim_cop: words("victim_cop"),
            victim_fighter: words("victim_fighter"),
            affiliation: words("affiliation"),
            count_word: words("count_word"),
            force_head: words("force_head"),
            accident: words("accident"),
            competition: words("competition"),
            topic_prep: words("topic_prep"),
            talks: words("talks"),
            bombing: ["1831", "1832", "1833", "183"]
                .iter()
                .map(|c| (c.to_string(), words(&format!("bombing_{c}"))))
                .collect(),
            side_perpetrator: words("side_perpetrator"),
            side_bomber: words("side_bomber"),
            side_victim: words("side_victim"),
            no_shadda: words("no_shadda"),
            promise: words("promise"),
            scorer_words: crate::scorer::Words::build(lx),
        }
    }

    pub(super) fn is_report(&self, w: &Word) -> bool {
        w.in_set(&self.report)
    }
}

/// Pronoun suffixes tried when the segmenter left one attached.
pub(super) const SUFFIXES: &[&str] = &["هما", "هم", "ها", "ه", "كم", "نا"];

pub(super) fn is_hamza(c: char) -> bool {
    matches!(c, 'ء' | 'أ' | 'إ' | 'آ' | 'ؤ' | 'ئ')
}

/// A cues.tsv word list, folded whole (a list word is compared with one word's forms).
pub(crate) fn folded_words(lx: &Lexicon, kind: &str) -> FxHashSet<String> {
    lx.cues
        .get(kind)
        .iter()
        .map(|w| khabar_text::fold(w))
        .collect()
}
