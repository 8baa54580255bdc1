//! Candidates for the learned layer: every trigger word the lexicon (or the trigger table learned from
//! the annotations) knows, with the rule coder's events on the same word, and the actor mentions of the
//! sentence and the one before it.

use crate::entities::{Entity, EntityType};
use crate::events::Event;
use crate::words::Word;
use khabar_lexicon::Lexicon;
use rustc_hash::{FxHashMap, FxHashSet};
use std::ops::Range;

/// Light verbs whose event is the verbal noun after them («قام بزيارة», «شن غارات», «لقي مصرعه»).
/// A trigger table key is the last word of an annotated trigger that is not one of these.
pub const LIGHT_VERBS: &[&str] = &[
    "قام", "قامت", "يقوم", "تقوم", "شن", "شنت", "يشن", "تشن", "اجري", "اجرت", "يجري", "تجري",
    "عقد", "عقدت", "يعقد", "تعقد", "وجه", "وجهت", "يوجه", "توجه", "لقي", "لقيت", "لقوا", "يلقي",
];

/// The genres the vetting model weighs (name, cues.tsv kind): sport, arts and fiction, markets
/// and accidents report words of violence and contest that are no political events («هجوم»
/// of a match, an arrest in a drama's plot, «انهيار» of a share price, a crash).
pub const GENRES: [(&str, &str); 4] = [
    ("sport", "genre_sport"),
    ("art", "genre_art"),
    ("market", "genre_market"),
    ("accident", "accident"),
];

/// Folded forms → event rows of the lexicon, and the learned table.
pub struct TriggerIndex {
    forms: FxHashMap<String, Vec<usize>>,
    context: Vec<Vec<String>>,
    codes: Vec<String>,
    /// learned: key (folded stem) → CAMEO code
    pub learned: FxHashMap<String, String>,
    /// folded function words (stopwords.tsv): never a learned trigger, since folding and
    /// stemming make some of them collide with annotated triggers («هناك» → «هنا» = «هنأ»)
    function: FxHashSet<String>,
    /// folded words that open another clause (cues.tsv `clause_opener`; the role features)
    pub clause_openers: FxHashSet<String>,
    /// folded office heads (cues.tsv `title_head`; `in_title`)
    pub title_heads: FxHashSet<String>,
    /// folded words never taken from the learned table: relational and nationality adjectives
    /// and actor or place nouns (cues.tsv `learned_not_adjective`, `learned_not_noun`)
    not_learned: FxHashSet<String>,
    /// folded word → the genres (bits in `GENRES` order) whose cues.tsv list holds it; one map
    /// so that a text's words are looked up once, not once per genre (`genre_counts`)
    pub genres: FxHashMap<String, u8>,
}

impl TriggerIndex {
    pub fn build(lx: &Lexicon, learned: FxHashMap<String, String>) -> TriggerIndex {
        let mut forms: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, e) in lx.events.iter().enumerate() {
            for f in e.past.iter().chain(&e.present).chain(&e.masdar) {
                let v = forms.entry(khabar_text::fold(f)).or_default();
                if !v.contains(&i) {
                    v.push(i);
                }
            }
        }
        let folded = |kind: &str| crate::events::lexicon::folded_words(lx, kind);
        TriggerIndex {
            title_heads: folded("title_head"),
            not_learned: {
                let adjectives = lx.cues.get("learned_not_adjective").iter().chain(
                    lx.countries
                        .iter()
                        .flat_map(|c| c.adjectives.iter().chain(&c.plurals)),
                );
                let mut set: FxHashSet<String> = adjectives
                    .flat_map(|a| {
                        let mut v = crate::gazetteer::adjective_forms(a);
                        // the accusative of the adverb («عسكريا», «رسميا»)
                        v.push(format!("{}ا", v[0]));
                        v
                    })
                    .collect();
                set.extend(folded("learned_not_noun"));
                set
            },
            genres: {
                let mut m: FxHashMap<String, u8> = FxHashMap::default();
                for (i, &(_, kind)) in GENRES.iter().enumerate() {
                    for w in folded(kind) {
                        *m.entry(w).or_default() |= 1 << i;
                    }
                }
                m
            },
            clause_openers: folded("clause_opener"),
            context: lx
                .events
                .iter()
                .map(|e| e.context.iter().map(|c| khabar_text::fold(c)).collect())
                .collect(),
            codes: lx.events.iter().map(|e| e.code.clone()).collect(),
            learned,
            // a function word that folds onto a trigger form («هنا» = «هنأ») is left to it
            function: lx
                .stopwords
                .iter()
                .map(|w| khabar_text::fold(w))
                .filter(|w| !forms.contains_key(w))
                // the lexicon keeps «على» out of its stopwords because it folds onto the name
                // «علي», which may start a name; neither triggers an event
                .chain(std::iter::once(khabar_text::fold("على")))
                .collect(),
            forms,
        }
    }

    /// How many words of the text are of each genre (`GENRES` order).
    pub fn genre_counts(&self, ws: &[Word]) -> Vec<(&'static str, usize)> {
        let mut n = [0usize; GENRES.len()];
        for w in ws {
            let bits = w
                .forms()
                .fold(0u8, |b, f| b | self.genres.get(f).copied().unwrap_or(0));
            for (i, c) in n.iter_mut().enumerate() {
                *c += usize::from(bits >> i & 1);
            }
        }
        GENRES.iter().zip(n).map(|(&(g, _), c)| (g, c)).collect()
    }

    /// Is the word a function word (as written, or less its article or conjunction)?
    pub fn is_function(&self, w: &Word) -> bool {
        self.function.contains(&w.core) || self.function.contains(&w.bare)
    }

    /// A function word, or a word that is one with a pronoun suffix («عليه», «منها»).
    pub fn is_function_stem(&self, w: &Word) -> bool {
        self.is_function(w) || self.function.contains(&w.stem)
    }

    /// Is the word one the learned table must not trigger on (`not_learned`)?
    pub fn not_learned_word(&self, w: &Word) -> bool {
        [&w.core, &w.bare]
            .into_iter()
            .any(|f| self.not_learned.contains(f.as_str()))
    }

    /// The code a word triggers, and whether it came from the lexicon (else the learned table).
    /// A row with context words applies when one of them is among the next six words; otherwise a
    /// row of the same form without context.
    pub fn code_at(&self, ws: &[Word], k: usize, end: usize) -> Option<(String, bool)> {
        let w = &ws[k];
        // «هناك» stems to «هنا», the fold of «هنأ»: a function word triggers nothing
        if self.is_function(w) {
            return None;
        }
        let rows = [&w.core, &w.bare, &w.stem]
            .into_iter()
            .find_map(|f| self.forms.get(f.as_str()));
        if let Some(rows) = rows {
            let window = &ws[k + 1..end.min(k + 7).max(k + 1)];
            let with_context = rows.iter().find(|&&r| {
                !self.context[r].is_empty()
                    && window
                        .iter()
                        .any(|x| self.context[r].iter().any(|c| x.reads_as(c)))
            });
            let plain = rows.iter().find(|&&r| self.context[r].is_empty());
            if let Some(&r) = with_context.or(plain) {
                return Some((self.codes[r].clone(), true));
            }
        }
        // a function word with a pronoun suffix («عليه», «بهم») is no learned trigger either, nor
        // an adjective or a noun of an actor the table took from the end of an annotated phrase
        if self.is_function_stem(w) || self.not_learned_word(w) {
            return None;
        }
        [&w.stem, &w.bare, &w.core]
            .into_iter()
            .find_map(|f| self.learned.get(f.as_str()))
            .map(|c| (c.clone(), false))
    }
}

/// The key of an annotated trigger phrase: its last word that is not a light verb, a function
/// word (`index`) or inside an entity, as a stem. «القبض على» is keyed «قبض»: keyed on «على» it
/// had made every «على» and «علي» an arrest, and «اتفاق القاهرة» every «القاهرة» an agreement.
pub fn trigger_key(
    trigger_words: &[&Word],
    index: &TriggerIndex,
    entities: &[Entity],
) -> Option<String> {
    let named = |w: &Word| {
        entities
            .iter()
            .any(|e| e.span.0 <= w.start && w.end <= e.span.1)
    };
    trigger_words
        .iter()
        .rev()
        .find(|w| {
            !LIGHT_VERBS.contains(&w.core.as_str())
                && !w.is_punct()
                && !w.is_number()
                && !index.is_function_stem(w)
                && !index.not_learned_word(w)
                && !named(w)
        })
        .map(|w| w.stem.clone())
        .filter(|s| s.chars().count() >= 2)
}

/// An actor mention: an entity with a code.
#[derive(Debug, Clone)]
pub struct Mention {
    pub entity: usize,
    pub words: Range<usize>,
    /// in the sentence before the trigger's
    pub previous: bool,
}

/// One candidate event: a trigger word with its code and the rule events on it.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub sentence: usize,
    pub sent_words: Range<usize>,
    pub trigger: usize,
    pub code: String,
    /// the code came from the lexicon (else the learned table or the rules)
    pub lexical: bool,
    /// rule events on this trigger word (indices into the rule events)
    pub rules: Vec<usize>,
    pub mentions: Vec<Mention>,
}

impl Candidate {
    pub fn root(&self) -> &str {
        self.code.get(..2).unwrap_or("")
    }
}

pub use crate::words::sentence_words;

/// Words before a country or capital that make it a location («في سوريا», «قرب الحدود مع تركيا»,
/// «شمال العراق»), folded.
const LOCATIVE: &[&str] = &[
    "في",
    "قرب",
    "بالقرب",
    "شمال",
    "جنوب",
    "شرق",
    "غرب",
    "وسط",
    "حدود",
    "الحدود",
    "داخل",
    "انحاء",
    "ارجاء",
    "مع",
    "شمالي",
    "جنوبي",
    "شرقي",
    "غربي",
    "مدينه",
    "محافظه",
    "ولايه",
    "عاصمه",
    "العاصمه",
    // the surroundings, streets and sky of a place («ريف دمشق», «ضواحي بغداد», «أجواء سوريا»):
    // the strict reviews found «دمشق» of «حصار … في ريف دمشق» coded as the besieged government
    "ريف",
    "ضواحي",
    "اطراف",
    "محيط",
    "شوارع",
    "سماء",
    "اجواء",
    "اراضي",
    "الاراضي",
];

/// Nouns of fighting (folded) after which «ب» + a country is where it happened (seed-291 review,
/// item 44: «بحادث التفجير بالكويت» coded with Kuwait as the target).
const FIGHTING: &[&str] = &[
    "تفجير",
    "التفجير",
    "تفجيرات",
    "التفجيرات",
    "انفجار",
    "الانفجار",
    "هجوم",
    "الهجوم",
    "هجمات",
    "الهجمات",
    "اشتباكات",
    "الاشتباكات",
    "معارك",
    "المعارك",
    "قتال",
    "القتال",
    "حرب",
    "الحرب",
    "قصف",
    "القصف",
    "غارات",
    "الغارات",
];

/// Head nouns of a place's name (folded): «العاصمة العراقية», «مدينة حلب السورية».
pub const PLACE_HEADS: &[&str] = &[
    "العاصمه",
    "عاصمه",
    "مدينه",
    "المدينه",
    "محافظه",
    "المحافظه",
    "ولايه",
    "الولايه",
    "بلده",
    "قريه",
];

/// Is the country or capital mention `e` a location here, not an actor?
pub fn locative(ws: &[Word], e: &Entity) -> bool {
    if !matches!(e.etype, EntityType::Country | EntityType::Place) || e.words.start >= ws.len() {
        return false;
    }
    if dateline(ws, e) {
        return true;
    }
    let first = &ws[e.words.start];
    let prev = e.words.start.checked_sub(1).map(|i| ws[i].core.as_str());
    // «بالعاصمة المالية باماكو», «شرق العاصمة العراقية بغداد»: a capital after its head noun
    // and a nationality is the city, as it is right after the head noun
    let headed = e.words.start >= 2 && {
        let adj = &ws[e.words.start - 1].core;
        adj.starts_with("ال")
            && (adj.ends_with("يه") || adj.ends_with('ي'))
            && PLACE_HEADS.contains(&ws[e.words.start - 2].core.as_str())
    };
    // «بسوريا», «في سوريا»: in; «مع سوريا» after «الحدود»; a country after «ب» is in only
    // right after a noun of fighting («التفجير بالكويت», «الحرب بسوريا»): after a verb it is
    // an object («رحب بالسعودية», «اعترف بفلسطين»)
    let after_fighting = prev.is_some_and(|p| FIGHTING.contains(&p));
    headed
        || first.proclitics.ends_with('ب') && (e.etype == EntityType::Place || after_fighting)
        || prev.is_some_and(|p| {
            LOCATIVE.contains(&p)
                && (p != "مع" || e.words.start >= 2 && ws[e.words.start - 2].core.ends_with("حدود"))
        })
}

/// A dateline: a place among the first words of the text, next to a dash or a colon («الرياض -
/// واس», «واس - الرياض :»): where the report was filed, never an actor (the capital would
/// otherwise be read as its government).
fn dateline(ws: &[Word], e: &Entity) -> bool {
    let dash = |w: &Word| w.is_punct() && matches!(w.core.as_str(), "-" | "–" | "—" | ":");
    e.words.start < 4
        && (ws.get(e.words.end).is_some_and(dash)
            || e.words.start.checked_sub(1).is_some_and(|i| dash(&ws[i])))
}

/// Nouns whose construct names a place or an institution after a person («مستشفى الملك فهد»,
/// «طريق الملك عبدالله», «مطار الملكة علياء», «جامعة الملك سعود», «جائزة الملك فيصل»): the
/// strict review of seed 131 found three such names coded as their namesake. «مركز» and «مؤسسة»
/// are left out: «مركز الملك سلمان للإغاثة» acts, as a Saudi government agency.
const FACILITY: &[&str] = &[
    "مستشفى",
    "مستشفيات",
    "مطار",
    "طريق",
    "شارع",
    "جامعة",
    "مدينة",
    "قاعدة",
    "جسر",
    "ميناء",
    "مسجد",
    "جامع",
    "مجمع",
    "حي",
    "ملعب",
    "استاد",
    "ستاد",
    "قاعة",
    "كلية",
    "مدرسة",
    "معهد",
    "برج",
    "فندق",
    "ميدان",
    "دوار",
    "مكتبة",
    "حديقة",
    "منتزه",
    "متنزه",
    "كورنيش",
    "محطة",
    "قصر",
    "بوابة",
    "نفق",
    "منفذ",
    "جائزة",
    "كرسي",
    "مدينتي",
    "مدن",
    "ريف",
    "ضواحي",
    "محيط",
    "شوارع",
];

/// Is the previous word of the mention (title included) a facility or place noun in construct?
fn after_facility(ws: &[Word], e: &Entity) -> bool {
    static FOLDED: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let folded = FOLDED.get_or_init(|| FACILITY.iter().map(|w| khabar_text::fold(w)).collect());
    let first = e.mention_start.min(e.words.start);
    first
        .checked_sub(1)
        .and_then(|i| ws.get(i))
        // in construct the noun has no article: «المستشفى الملك» is no facility name
        .is_some_and(|w| !w.has_article() && folded.contains(&w.core))
}

/// A capital followed by a number names an agreement or a format («مينسك 2»), not a government.
fn numbered(ws: &[Word], e: &Entity) -> bool {
    ws.get(e.words.end).is_some_and(|w| w.is_number())
}

/// Is `e` where rather than who: a place other than a capital read as its government, a country
/// or capital after «في/قرب/شمال…», a capital named with a number («مينسك 2») or after a place
/// noun («مدينتي الرياض والدمام»), or a person's name inside the name of a facility?
pub fn is_location(ws: &[Word], e: &Entity) -> bool {
    e.etype == EntityType::Place && !e.metonymy
        || locative(ws, e)
        || matches!(e.etype, EntityType::Place | EntityType::Person) && after_facility(ws, e)
        || e.etype == EntityType::Place && numbered(ws, e)
}

/// Is the word an office head of cues.tsv `title_head` (folded), alone or with a «ل»/«و» the
/// tokenizer left on it («لرئيس»)?
fn title_head(w: &Word, heads: &FxHashSet<String>) -> bool {
    let c = w.core.as_str();
    heads.contains(c)
        || ["ل", "و", "ول"]
            .iter()
            .any(|p| c.strip_prefix(p).is_some_and(|r| heads.contains(r)))
}

/// Is the organisation `e` part of the title that follows a person's name («الأمير محمد بن سلمان
/// ولي ولي العهد النائب الثاني لرئيس مجلس الوزراء وزير الدفاع»)? It names the body the person
/// serves in, not a second actor: the strict reviews of seed 161 found «مجلس الوزراء» of such a
/// title coded as the host or target of the person's own meeting. The organisation stands right
/// after an office head, a person's name ends at most ten words before with no punctuation in
/// between, and the organisation is no international body and states no country of its own
/// other than the person's.
pub fn in_title(ws: &[Word], entities: &[Entity], e: &Entity, heads: &FxHashSet<String>) -> bool {
    let k = e.words.start;
    // an international body heads a person's title as its code too («الجروان رئيس البرلمان
    // العربي» speaks for the Arab Parliament): only a state's own body goes
    let international = e.code.as_deref().is_some_and(|c| c.starts_with("IGO"));
    if e.etype != EntityType::Org || international || k == 0 || !title_head(&ws[k - 1], heads) {
        return false;
    }
    let own_country = (!e.country_inferred)
        .then_some(e.country.as_deref())
        .flatten();
    (k.saturating_sub(11)..k - 1)
        .rev()
        .take_while(|&j| !ws[j].is_punct())
        .any(|j| {
            entities.iter().any(|p| {
                p.etype == EntityType::Person
                    && p.words.end == j + 1
                    && own_country.is_none_or(|c| p.country.as_deref() == Some(c))
            })
        })
}

/// Can the entity be an actor at all?
fn is_actor(ws: &[Word], entities: &[Entity], e: &Entity, heads: &FxHashSet<String>) -> bool {
    e.code.as_deref().is_some_and(|c| !c.is_empty())
        // a place is where, not who: only a capital read as its government acts, and a
        // country or capital after «في/قرب/شمال…» is where
        && !is_location(ws, e)
        && !in_title(ws, entities, e, heads)
}

/// Mentions usable as actors in `words`, given which entities can be actors.
fn mentions_in<'a>(
    entities: &'a [Entity],
    actor: &'a [bool],
    words: &'a Range<usize>,
    previous: bool,
) -> impl Iterator<Item = Mention> + 'a {
    entities
        .iter()
        .zip(actor)
        .enumerate()
        .filter(move |(_, (e, &a))| a && e.words.start >= words.start && e.words.end <= words.end)
        .map(move |(i, (e, _))| Mention {
            entity: i,
            words: e.words.clone(),
            previous,
        })
}

fn around(
    entities: &[Entity],
    actor: &[bool],
    sent_words: &[Range<usize>],
    si: usize,
) -> Vec<Mention> {
    let mut m = Vec::new();
    if si > 0 {
        m.extend(mentions_in(entities, actor, &sent_words[si - 1], true));
    }
    m.extend(mentions_in(entities, actor, &sent_words[si], false));
    m
}

/// `mentions_around` of every sentence, each entity judged an actor or not once per text.
pub fn mentions_per_sentence(
    ws: &[Word],
    entities: &[Entity],
    sent_words: &[Range<usize>],
    title_heads: &FxHashSet<String>,
) -> Vec<Vec<Mention>> {
    let actor: Vec<bool> = entities
        .iter()
        .map(|e| is_actor(ws, entities, e, title_heads))
        .collect();
    (0..sent_words.len())
        .map(|si| around(entities, &actor, sent_words, si))
        .collect()
}

/// Every candidate of a text, in order (`mentions`: of each sentence, by `mentions_per_sentence`).
pub fn candidates(
    index: &TriggerIndex,
    ws: &[Word],
    sent_words: &[Range<usize>],
    entities: &[Entity],
    rules: &[Event],
    mentions: &[Vec<Mention>],
) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    // a word inside a multi-word actor mention is a name, not a trigger («مجلس التعاون»)
    let mut in_name = vec![false; ws.len()];
    for e in entities {
        if e.etype != EntityType::Person && e.words.len() > 1 {
            for k in e.words.clone() {
                if let Some(x) = in_name.get_mut(k) {
                    *x = true;
                }
            }
        }
    }
    let mut rules_at: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for (i, e) in rules.iter().enumerate() {
        rules_at.entry(e.trigger_word).or_default().push(i);
    }
    for (si, sw) in sent_words.iter().enumerate() {
        let mentions = &mentions[si];
        for k in sw.clone() {
            let w = &ws[k];
            if w.is_punct() || w.is_number() {
                continue;
            }
            if in_name[k] {
                continue;
            }
            let on_word: Vec<usize> = rules_at
                .get(&k)
                .map(|v| {
                    v.iter()
                        .copied()
                        .filter(|&i| rules[i].sentence == si)
                        .collect()
                })
                .unwrap_or_default();
            let lexical = index.code_at(ws, k, sw.end);
            let mut codes: Vec<(String, bool)> = Vec::new();
            for &r in &on_word {
                if !codes.iter().any(|c| c.0 == rules[r].cameo) {
                    codes.push((rules[r].cameo.clone(), true));
                }
            }
            if let Some((c, lex)) = lexical {
                // the rules' code is more precise (negation, future, context); the lexicon's stands
                // when the rules made no event here
                if codes.is_empty() {
                    codes.push((c, lex));
                }
            }
            for (code, lex) in codes {
                let rules_here = on_word
                    .iter()
                    .copied()
                    .filter(|&r| rules[r].cameo == code)
                    .collect();
                out.push(Candidate {
                    sentence: si,
                    sent_words: sw.clone(),
                    trigger: k,
                    code,
                    lexical: lex,
                    rules: rules_here,
                    mentions: mentions.clone(),
                });
            }
        }
    }
    out
}
