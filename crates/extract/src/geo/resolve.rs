//! A PLACE or COUNTRY mention → a feature of the gazetteer.
//!
//! A country («العراق», «شمال العراق») is its centroid. A place is looked up by its words in matching
//! form, a generic head dropped («محافظة لحج» → «لحج», a division; «مدينة عدن» → «عدن», a town); a
//! name the lexicon gives a country («حلب» SYR) keeps to it unless the unit named after it says
//! otherwise. Of several features the best is:
//! 1. inside the unit named right after the mention («المسيمير بمحافظة لحج», «عدن في اليمن»);
//! 2. in a country the article names (a «الرمادي» of an Iraqi story is Ramadi, not the Yemeni village);
//! 3. a division where the head says so, else a town;
//! 4. the most populous.

use super::table::{Feature, Precision, Table};
use crate::entities::{Entity, EntityType};
use crate::gazetteer::Gazetteer;
use crate::words::Word;
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;

/// Heads that make the name a first-level division. «ريف حلب» (Aleppo's countryside) is the
/// governorate, not the city; «ريف دمشق» is a governorate of its own, found by its whole name.
const ADM1_HEADS: &[&str] = &[
    "محافظه",
    "ولايه",
    "اقليم",
    "منطقه",
    "مقاطعه",
    "محافظتي",
    "ريف",
    // an emirate of the UAE («إمارة دبي»)
    "اماره",
];
/// Plural heads of a list of divisions («مناطق عسير والباحة وجازان», «محافظات بغداد وبابل»).
const ADM1_LIST_HEADS: &[&str] = &["محافظات", "مناطق", "ولايات", "اقاليم", "محافظتي", "منطقتي"];
/// Heads that make it a town (or a district, placed at its town).
const CITY_HEADS: &[&str] = &[
    "مدينه",
    "بلده",
    "قريه",
    "مدينتي",
    "بلدتي",
    "ناحيه",
    "قضاء",
    "مديريه",
    "مخيم",
    "حي",
];

/// Why a mention has no feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unresolved {
    /// neither a place nor a country mention
    NotAPlace,
    /// a country code the gazetteer has no centroid for
    NoCentroid,
    /// no name of the gazetteer reads as the mention
    NotInGazetteer,
}

impl Unresolved {
    pub fn as_str(self) -> &'static str {
        match self {
            Unresolved::NotAPlace => "not_a_place",
            Unresolved::NoCentroid => "no_centroid",
            Unresolved::NotInGazetteer => "not_in_gazetteer",
        }
    }
}

/// What a mention resolved to.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution {
    /// shared, so that the analysis keeps it whatever table it came from
    Found(Arc<Feature>),
    Not(Unresolved),
}

impl Resolution {
    pub fn feature(&self) -> Option<&Arc<Feature>> {
        match self {
            Resolution::Found(f) => Some(f),
            Resolution::Not(_) => None,
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Hint {
    None,
    Adm1,
    City,
}

/// The country code of a COUNTRY mention.
fn country_of(e: &Entity) -> Option<&str> {
    e.country
        .as_deref()
        .or(e.code.as_deref().and_then(|c| c.get(..3)))
}

/// Words before a town's name that make it a club's, a paper's, a team's or a university's.
const NAMED_AFTER_BEFORE: &[&str] = &[
    "نادي",
    "النادي",
    "صحيفه",
    "جريده",
    "فريق",
    "منتخب",
    "ريال",
    "اتلتيكو",
    "بلديه",
    "مجله",
    "بايرن",
    "جامعه",
    "لاعب",
    "مدرب",
    "انتر",
    // a bank's name («بنك أبوظبي الوطني»)
    "بنك",
    "مصرف",
    // a person's nasab or kunya («ابن باجه», «أبو X»): a name, not the town
    "ابن",
    "بن",
    "ابو",
];
/// Words after a town's name that make it a club's («مانشستر يونايتد», «مانشستر سيتي»).
const NAMED_AFTER_AFTER: &[&str] = &[
    "يونايتد",
    "سيتي",
    "سبورت",
    "الرياضي",
    "سان",
    "ريد",
    // «سوق دبي المالي»
    "المالي",
];
/// A market named after its town («المؤشر العام لسوق أبوظبي»): «سوق/بورصة X» with one of these
/// words near it. «سوق» alone is also a bazaar, so the cue is needed.
const MARKET_HEADS: &[&str] = &["سوق", "بورصه"];
const MARKET_CUES: &[&str] = &["مؤشر", "سهم", "اسهم", "اسهمها", "تداول", "تداولات", "نقطه"];
/// Words of a football report; a document with enough of them names clubs by their towns
/// («خاضها برشلونة أمام …», «3- نابولي: 23 نقطة»).
const FOOTBALL_CUES: &[&str] = &[
    "مباراه",
    "مباريات",
    "دوري",
    "لاعب",
    "لاعبي",
    "لاعبين",
    "مدرب",
    "ملعب",
    "اهداف",
    "بطوله",
    "هداف",
    "تعادل",
];
/// Words before a town that keep it a place in a football report («في برشلونة», «مدينة نابولي»).
const LOCATIVES: &[&str] = &[
    "في",
    "من",
    "الى",
    "الي",
    "نحو",
    "داخل",
    "قرب",
    "مدينه",
    "عاصمه",
    "شوارع",
    "سكان",
];

/// Is the document a football report: at least three kinds of match words, five in all?
pub(super) fn is_football(ws: &[Word]) -> bool {
    let mut kinds = FxHashSet::default();
    let mut n = 0;
    for w in ws {
        if let Some(c) = FOOTBALL_CUES
            .iter()
            .find(|c| **c == w.bare || **c == w.stem)
        {
            kinds.insert(*c);
            n += 1;
        }
    }
    kinds.len() >= 3 && n >= 5
}

/// Nouns a masculine adjective after the town may describe («ميناء عدن اليمني»): then the town is
/// no club.
const MASCULINE_NOUNS: &[&str] = &[
    "ميناء",
    "مطار",
    "مضيق",
    "خليج",
    "مركز",
    "مستشفى",
    "شاطي",
    "سجن",
    "جامع",
    "مسجد",
    "معبر",
    "سد",
];
/// Is the mention the name of a club, a paper or a team called after its town?
fn named_after(ws: &[Word], gaz: &Gazetteer, e: &Entity, football: bool) -> bool {
    let before = e.words.start.checked_sub(1).and_then(|i| ws.get(i));
    let after = ws.get(e.words.end);
    if before.is_some_and(|w| NAMED_AFTER_BEFORE.contains(&w.core.as_str()))
        || after.is_some_and(|w| NAMED_AFTER_AFTER.contains(&w.core.as_str()))
    {
        return true;
    }
    // a league table's row («3- نابولي: 23 نقطة»)
    let table_row = ws[e.words.end.min(ws.len())..(e.words.end + 4).min(ws.len())]
        .iter()
        .any(|w| matches!(w.bare.as_str(), "نقطه" | "نقاط"));
    if table_row && ws.get(e.words.end).is_some_and(|w| w.core == ":") {
        return true;
    }
    // «المؤشر العام لسوق أبوظبي»: a market, when market words are near
    if before.is_some_and(|w| MARKET_HEADS.contains(&w.bare.as_str())) {
        let lo = e.words.start.saturating_sub(8);
        let hi = (e.words.end + 8).min(ws.len());
        if ws[lo..hi].iter().any(|w| {
            MARKET_CUES.contains(&w.bare.as_str()) || MARKET_CUES.contains(&w.stem.as_str())
        }) {
            return true;
        }
    }
    // in a football report a town not placed by a preposition or a head is its club («خاضها
    // برشلونة أمام …», «لبرشلونة», «3- نابولي: 23 نقطة»); «في برشلونة», «بمدريد» stay places
    if football {
        let first = &ws[e.words.start.min(ws.len() - 1)];
        let placed = first.proclitics.contains('ب')
            || before.is_some_and(|w| {
                LOCATIVES.contains(&w.bare.as_str())
                    || LOCATIVES.contains(&w.core.as_str())
                    || ADM1_HEADS.contains(&w.bare.as_str())
                    || CITY_HEADS.contains(&w.bare.as_str())
            })
            || CITY_HEADS.contains(&first.bare.as_str())
            || ADM1_HEADS.contains(&first.bare.as_str());
        if !placed {
            return true;
        }
    }
    // a town is feminine («ميلانو الإيطالية»): a masculine nationality adjective makes it a club
    // («القادم من مرسيليا الفرنسي», «أمام غازي عنتاب التركي»)
    let masculine_nationality = after.is_some_and(|w| {
        w.core.starts_with("ال") && w.bare.ends_with('ي') && gaz.adjective(w).is_some()
    });
    if masculine_nationality && !before.is_some_and(|w| MASCULINE_NOUNS.contains(&w.bare.as_str()))
    {
        return true;
    }
    // a quoted town is a paper's name («علمت "الرياض" من مصادرها»)
    let quote = |w: Option<&Word>| w.is_some_and(Word::is_quote);
    quote(before) && quote(after)
}

/// Is the mention one of a list under a plural division head («مناطق عسير والباحة وجازان»)? Walks
/// back over the list's other places (tagged, or names of the gazetteer: «عسير» alone is not
/// tagged) and its commas.
fn in_adm1_list(t: &Table, ws: &[Word], entities: &[Entity], e: &Entity) -> bool {
    let mut i = e.words.start;
    for _ in 0..12 {
        let Some(j) = i.checked_sub(1) else {
            return false;
        };
        let w = &ws[j];
        if ADM1_LIST_HEADS.contains(&w.core.as_str()) || ADM1_LIST_HEADS.contains(&w.bare.as_str())
        {
            return true;
        }
        if w.is_punct() && matches!(w.core.as_str(), "," | "،") {
            i = j;
            continue;
        }
        match entities
            .iter()
            .find(|x| x.words.start <= j && j < x.words.end && x.etype == EntityType::Place)
        {
            Some(x) => i = x.words.start,
            None if !w.is_punct() && !t.named(&w.core).is_empty() => i = j,
            None => return false,
        }
    }
    false
}

/// The lookup key of a place mention and the hint its head gives.
fn key(t: &Table, ws: &[Word], e: &Entity) -> (String, Hint) {
    let end = e.words.end.min(ws.len());
    let mut words: Vec<&str> = ws[e.words.start.min(end)..end]
        .iter()
        .map(|w| w.core.as_str())
        .collect();
    let mut hint = Hint::None;
    // a head inside the mention or right before it; a first word that belongs to the name is no
    // head («المدينة المنورة» is the name of the town and of its region, not «مدينة المنورة»)
    let before = e.words.start.checked_sub(1).map(|i| ws[i].core.as_str());
    let first = words
        .first()
        .copied()
        .filter(|_| t.named(&words.join(" ")).is_empty());
    for head in [first, before].into_iter().flatten() {
        let bare = head.strip_prefix("ال").unwrap_or(head);
        if ADM1_HEADS.contains(&bare) {
            hint = Hint::Adm1;
        } else if CITY_HEADS.contains(&bare) {
            hint = Hint::City;
        } else {
            continue;
        }
        if words.first() == Some(&head) && words.len() > 1 {
            words.remove(0);
        }
        break;
    }
    // «مدينة جازان الاقتصادية» is an economic city of its own in Jazan's region, not the town: the
    // region, where the name has one
    let after = ws.get(e.words.end).map(|w| w.bare.as_str());
    if hint == Hint::City && matches!(after, Some("اقتصاديه" | "صناعيه")) {
        hint = Hint::Adm1;
    }
    (words.join(" "), hint)
}

/// Resolves every mention of `entities` (one [`Resolution`] per entity, in order) in the
/// gazetteer `t`.
pub fn resolve(ws: &[Word], entities: &[Entity], t: &Table, gaz: &Gazetteer) -> Vec<Resolution> {
    let football = is_football(ws);
    let mut votes: FxHashMap<&str, (FxHashSet<&str>, FxHashSet<&str>)> = FxHashMap::default();
    // first the countries and the unambiguous divisions, which may enclose the places
    let mut out: Vec<Resolution> = entities
        .iter()
        .map(|e| match e.etype {
            EntityType::Country => match country_of(e) {
                Some(c) => t
                    .country(c)
                    .map_or(Resolution::Not(Unresolved::NoCentroid), |f| {
                        Resolution::Found(Arc::new(f.clone()))
                    }),
                None => Resolution::Not(Unresolved::NoCentroid),
            },
            EntityType::Place => Resolution::Not(Unresolved::NotInGazetteer),
            _ => Resolution::Not(Unresolved::NotAPlace),
        })
        .collect();
    for (i, e) in entities.iter().enumerate() {
        if e.etype != EntityType::Place {
            continue;
        }
        // «ريال مدريد», «مانشستر يونايتد», «نادي جرش», «صحيفة الرياض»: a club or a paper named
        // after its town is not where anything happened
        if named_after(ws, gaz, e, football) {
            out[i] = Resolution::Not(Unresolved::NotAPlace);
            continue;
        }
        let enclosing = enclosing(t, ws, entities, &out, i);
        let list = in_adm1_list(t, ws, entities, e);
        // the article's countries depend only on the mention's name: built once per name
        let (article, named) = votes
            .entry(e.name.as_str())
            .or_insert_with(|| article_countries(entities, &e.name));
        out[i] = match pick(t, ws, e, enclosing, (article, named), list) {
            Some(f) => Resolution::Found(Arc::new(f.clone())),
            None => Resolution::Not(Unresolved::NotInGazetteer),
        };
    }
    out
}

/// The article's countries for a mention named `name`: every country the other mentions name or
/// carry, and of those the countries of its other countries and places alone (an actor's country
/// says less: «طائرات التحالف» are Saudi-led wherever they strike). The mention's own name does not
/// vote: the twenty «واسط» of an Aramco story would all vote for the Iraqi governorate the lexicon
/// gives the name.
fn article_countries<'e>(
    entities: &'e [Entity],
    name: &str,
) -> (FxHashSet<&'e str>, FxHashSet<&'e str>) {
    let others = || entities.iter().filter(move |x| x.name != name);
    let article = others().filter_map(country_of).collect();
    let named = others()
        .filter(|x| matches!(x.etype, EntityType::Country | EntityType::Place))
        .filter_map(country_of)
        .collect();
    (article, named)
}

/// The unit named right after mention `i` («… بمحافظة لحج», «… في سوريا», «… ، العراق»): a
/// country resolved already, or a place that reads as a division.
fn enclosing<'a>(
    t: &'a Table,
    ws: &[Word],
    entities: &[Entity],
    done: &'a [Resolution],
    i: usize,
) -> Option<&'a Feature> {
    let end = entities[i].words.end;
    entities
        .iter()
        .enumerate()
        .filter(|(j, x)| *j != i && x.words.start >= end && x.words.start <= end + 2)
        .find_map(|(j, x)| match x.etype {
            EntityType::Country => done[j].feature().map(|f| &**f),
            EntityType::Place => {
                let (k, _) = key(t, ws, x);
                t.named(&k)
                    .iter()
                    .map(|&f| &t.features[f as usize])
                    .find(|f| f.precision == Precision::Adm1)
            }
            _ => None,
        })
}

fn pick<'t>(
    t: &'t Table,
    ws: &[Word],
    e: &Entity,
    enclosing: Option<&Feature>,
    (article, placed): (&FxHashSet<&str>, &FxHashSet<&str>),
    in_list: bool,
) -> Option<&'t Feature> {
    let (k, mut hint) = key(t, ws, e);
    if in_list && hint == Hint::None {
        hint = Hint::Adm1;
    }
    let named = |k: &str| -> Vec<&'t Feature> {
        t.named(k)
            .iter()
            .map(|&i| &t.features[i as usize])
            .collect()
    };
    // «ريف دمشق» is a governorate of its own, not Damascus's countryside: its whole name first
    let start = match ws.get(e.words.start) {
        Some(w) if w.core == "ريف" => Some(e.words.start),
        _ => e
            .words
            .start
            .checked_sub(1)
            .filter(|&i| ws[i].core == "ريف"),
    };
    let whole = start.map(|s| {
        ws[s..e.words.end.min(ws.len())]
            .iter()
            .map(|w| w.core.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    });
    let mut cands = whole.map(|w| named(&w)).unwrap_or_default();
    if cands.is_empty() {
        cands = named(&k);
    }
    if cands.is_empty() {
        // the source often has a name without its article only («خرطوم» for «الخرطوم»)
        if let Some(bare) = k.strip_prefix("ال") {
            cands = t
                .named(bare)
                .iter()
                .map(|&i| &t.features[i as usize])
                .collect();
        }
    }
    if cands.is_empty() {
        // the lexicon's own name («نيويورك» for «ولاية نيويورك»)
        cands = t
            .named(&khabar_text::fold(&e.name))
            .iter()
            .map(|&i| &t.features[i as usize])
            .collect();
    }

    let lexicon_contradicted = e.country.as_deref().is_some_and(|c| {
        !article.contains(c) && cands.iter().any(|f| article.contains(f.country.as_str()))
    });
    // a division the lexicon places in a country the article never names, in an article that names
    // others, with no candidate there: a namesake the gazetteer lacks (Aramco's «واسط» gas plant in
    // a Saudi story is not Iraq's Wasit governorate)
    if let Some(c) = e.country.as_deref() {
        if enclosing.is_none()
            && !placed.is_empty()
            && !article.contains(c)
            && !cands.is_empty()
            && cands
                .iter()
                .all(|f| f.precision == Precision::Adm1 && !article.contains(f.country.as_str()))
        {
            return None;
        }
    }
    let score = |f: &Feature| -> f64 {
        let mut s = ((f.population + 10) as f64).log10();
        if let Some(u) = enclosing {
            if f.country == u.country {
                s += 20.0;
                if u.precision == Precision::Adm1 && f.adm1 == u.adm1 && f != u {
                    s += 20.0;
                }
            }
        }
        if article.contains(f.country.as_str()) {
            s += 10.0;
        }
        // a name the lexicon gives a country keeps to it, unless the text places it elsewhere
        // («ولاية زابل … بأفغانستان» is Zabul, though «زابل» alone is Zabol in Iran) or the article
        // names another candidate's country and not the lexicon's («الجوف» of a Saudi story)
        if e.country.as_deref() == Some(f.country.as_str()) && !lexicon_contradicted {
            s += 15.0;
        }
        match (hint, f.precision) {
            // the head decides between a division and its seat: «منطقة مكة المكرمة» is the region
            // though the city is far more populous (the hand check's commonest error)
            (Hint::Adm1, Precision::Adm1) | (Hint::City, Precision::City) => s += 10.0,
            // a division's name alone is its seat's too («حلب»): the town, more exact, unless the
            // division is the article's and the town is not
            (Hint::None, Precision::Adm1) => s += 3.0,
            _ => {}
        }
        s
    };
    cands
        .into_iter()
        .map(|f| (score(f), f))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, f)| f)
}
