//! Actor names → CAMEO codes and back: countries (ISO3 = CAMEO country code) and
//! international organisations from the lexicon, agent codes from the CAMEO codebook, so a
//! user can say «السعودية», «Saudi Arabia» or SAU. Also the CAMEO event code names.

use std::collections::HashMap;
use std::sync::OnceLock;

const COUNTRIES: &str = include_str!("../data/lexicon/countries.tsv");
const ORGS: &str = include_str!("../data/lexicon/orgs.tsv");
const CAMEO: &str = include_str!("../data/lexicon/cameo.tsv");

/// CAMEO agent codes (the codebook's actor types) with Arabic and English names; hand-written.
const AGENTS: &[(&str, &str, &str)] = &[
    ("GOV", "حكومة", "Government"),
    ("MIL", "جيش", "Military"),
    ("REB", "متمردون", "Rebels"),
    ("OPP", "معارضة", "Opposition"),
    ("CVL", "مدنيون", "Civilians"),
    ("COP", "شرطة", "Police"),
    ("JUD", "قضاء", "Judiciary"),
    ("LEG", "برلمان", "Legislature"),
    ("MED", "إعلام", "Media"),
    ("BUS", "قطاع الأعمال", "Business"),
    ("EDU", "تعليم", "Education"),
    ("REF", "لاجئون", "Refugees"),
    ("SPY", "استخبارات", "Intelligence"),
    ("UAF", "قوات مسلحة غير نظامية", "Unaligned armed forces"),
    ("CRM", "مجرمون", "Criminals"),
    ("LAB", "عمال", "Labour"),
    ("HLH", "صحة", "Health"),
    ("ELI", "نخبة", "Elites"),
    ("RAD", "متطرفون", "Radicals"),
    ("IGO", "منظمة دولية", "Intergovernmental organisation"),
    ("NGO", "منظمة غير حكومية", "Non-governmental organisation"),
    (
        "IMG",
        "جماعة مسلحة دولية",
        "International militarised group",
    ),
];

/// The twenty CAMEO roots in Arabic, translated by hand from the codebook's root names.
const ROOTS_AR: [&str; 20] = [
    "إدلاء بتصريح",
    "مناشدة",
    "إبداء نية التعاون",
    "تشاور",
    "تعاون دبلوماسي",
    "تعاون مادي",
    "تقديم مساعدة",
    "تنازل",
    "تحقيق",
    "مطالبة",
    "استنكار",
    "رفض",
    "تهديد",
    "احتجاج",
    "استعراض القوة",
    "تخفيض العلاقات",
    "إكراه",
    "اعتداء",
    "قتال",
    "عنف جماعي غير تقليدي",
];

#[derive(Debug, Clone, serde::Serialize)]
pub struct Actor {
    pub code: String,
    pub en: String,
    pub ar: String,
}

struct Tables {
    actors: Vec<Actor>,
    /// folded name → code
    by_name: HashMap<String, String>,
    /// 3-letter country codes
    countries: std::collections::HashSet<String>,
    cameo: HashMap<String, String>,
}

/// Folds the spellings that vary in the press: hamzas on alef, ta marbuta, alef maqsura.
pub fn fold(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| match c {
            'أ' | 'إ' | 'آ' => 'ا',
            'ة' => 'ه',
            'ى' => 'ي',
            c => c.to_lowercase().next().unwrap_or(c),
        })
        .collect()
}

/// The tables of this run: the built-in ones, with the names of a user's lexicon (`--lexicon`)
/// when [`use_lexicon`] was called; set once, by `main`, before any command runs.
static RUN: OnceLock<Tables> = OnceLock::new();

/// Adds the countries and organisations of `lx` (the lexicon of this run) to the names actors
/// are looked up by, so `actor=قوات النخبة الحضرمية` finds a user's own row. Built-in names keep
/// their codes; a second call is ignored.
pub fn use_lexicon(lx: &khabar_lexicon::Lexicon) {
    let mut t = builtin_tables();
    let mut add = |names: &[String], en: &str, code: &str| {
        for n in names.iter().map(String::as_str).chain([en]) {
            if !n.trim().is_empty() {
                t.by_name.entry(fold(n)).or_insert_with(|| code.to_string());
            }
        }
        if !t.actors.iter().any(|a| a.code == code) {
            t.actors.push(Actor {
                code: code.to_string(),
                en: en.to_string(),
                ar: names.first().cloned().unwrap_or_default(),
            });
        }
    };
    for c in &lx.countries {
        add(&c.names, &c.english, &c.iso3);
    }
    for o in &lx.orgs {
        add(&o.names, &o.english, &o.code);
    }
    for c in &lx.countries {
        t.countries.insert(c.iso3.clone());
    }
    let _ = RUN.set(t);
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    RUN.get().unwrap_or_else(|| T.get_or_init(builtin_tables))
}

/// The tables of the built-in lexicon files.
fn builtin_tables() -> Tables {
    let mut t = Tables {
        actors: Vec::new(),
        by_name: HashMap::new(),
        countries: Default::default(),
        cameo: HashMap::new(),
    };
    let rows = |s: &'static str| {
        s.lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| l.split('\t').collect::<Vec<_>>())
    };
    for c in rows(COUNTRIES) {
        let (Some(code), Some(en), Some(names)) = (c.first(), c.get(2), c.get(3)) else {
            continue;
        };
        t.countries.insert(code.to_string());
        let ar = names.split('|').next().unwrap_or("").to_string();
        for n in names.split('|').chain([*en]) {
            t.by_name.entry(fold(n)).or_insert_with(|| code.to_string());
        }
        t.actors.push(Actor {
            code: code.to_string(),
            en: en.to_string(),
            ar,
        });
    }
    for o in rows(ORGS) {
        let (Some(names), Some(code), Some(en)) = (o.first(), o.get(1), o.get(2)) else {
            continue;
        };
        for n in names.split('|').chain([*en]) {
            t.by_name.entry(fold(n)).or_insert_with(|| code.to_string());
        }
        if !t.actors.iter().any(|a| a.code == *code) {
            t.actors.push(Actor {
                code: code.to_string(),
                en: en.to_string(),
                ar: names.split('|').next().unwrap_or("").to_string(),
            });
        }
    }
    for (code, ar, en) in AGENTS {
        for n in [ar, en] {
            t.by_name.entry(fold(n)).or_insert_with(|| code.to_string());
        }
        t.actors.push(Actor {
            code: code.to_string(),
            en: en.to_string(),
            ar: ar.to_string(),
        });
    }
    for c in rows(CAMEO) {
        if let (Some(code), Some(name)) = (c.first(), c.get(1)) {
            t.cameo.insert(code.to_string(), name.to_string());
        }
    }
    t
}

/// The code of an actor name (Arabic or English, any common spelling the lexicon knows).
pub fn code_of(name: &str) -> Option<String> {
    tables().by_name.get(&fold(name)).cloned()
}

/// Is this three-letter code a country?
pub fn is_country(code: &str) -> bool {
    tables().countries.contains(code)
}

/// Actors whose code, Arabic or English name starts with (or holds) `q`, best first.
pub fn lookup(q: &str, limit: usize) -> Vec<Actor> {
    let f = fold(q);
    if f.is_empty() {
        return Vec::new();
    }
    let t = tables();
    let score = |a: &Actor| -> Option<u8> {
        let names = [fold(&a.code), fold(&a.en), fold(&a.ar)];
        if names.contains(&f) {
            Some(0)
        } else if names.iter().any(|n| n.starts_with(&f)) {
            Some(1)
        } else if names.iter().any(|n| n.contains(&f)) {
            Some(2)
        } else {
            None
        }
    };
    let mut hits: Vec<(u8, &Actor)> = t
        .actors
        .iter()
        .filter_map(|a| score(a).map(|s| (s, a)))
        .collect();
    // names the lexicon knows beyond the first one («المملكة العربية السعودية»)
    if let Some(code) = t.by_name.get(&f) {
        if let Some(a) = t.actors.iter().find(|a| a.code == *code) {
            hits.push((0, a));
        }
    }
    hits.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.code.cmp(&b.1.code)));
    let mut seen = std::collections::HashSet::new();
    hits.into_iter()
        .filter(|(_, a)| seen.insert(a.code.clone()))
        .take(limit)
        .map(|(_, a)| a.clone())
        .collect()
}

/// A readable name of an actor code: the country, organisation or agent, `SAUMIL` → «السعودية جيش
/// · Saudi Arabia Military».
pub fn describe(code: &str) -> Option<Actor> {
    let t = tables();
    if let Some(a) = t.actors.iter().find(|a| a.code == code) {
        return Some(a.clone());
    }
    let (head, rest) = (code.get(..3)?, code.get(3..)?);
    let a = t.actors.iter().find(|a| a.code == head)?;
    let b = AGENTS.iter().find(|x| x.0 == rest.get(..3).unwrap_or(""))?;
    Some(Actor {
        code: code.to_string(),
        en: format!("{} {}", a.en, b.2),
        ar: format!("{} {}", b.1, a.ar),
    })
}

/// The CAMEO name of an event code: Arabic root name · English code name.
pub fn cameo_name(code: &str) -> (String, String) {
    let ar = code
        .get(..2)
        .and_then(|r| r.parse::<usize>().ok())
        .and_then(|r| ROOTS_AR.get(r.wrapping_sub(1)))
        .map_or(String::new(), |s| s.to_string());
    let en = tables().cameo.get(code).cloned().unwrap_or_default();
    (ar, en)
}

/// Every CAMEO code with its names: `{code: [arabic root name, english name]}`.
pub fn cameo_table() -> serde_json::Value {
    let mut m = serde_json::Map::new();
    let mut codes: Vec<&String> = tables().cameo.keys().collect();
    codes.sort();
    for c in codes {
        let (ar, en) = cameo_name(c);
        m.insert(c.clone(), serde_json::json!([ar, en]));
    }
    serde_json::Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_to_codes() {
        for (name, code) in [
            ("السعودية", "SAU"),
            ("المملكة العربية السعودية", "SAU"),
            ("Saudi Arabia", "SAU"),
            ("اليمن", "YEM"),
            ("الأمم المتحدة", "IGOUNO"),
        ] {
            assert_eq!(code_of(name).as_deref(), Some(code), "{name}");
        }
        assert_eq!(code_of("لا أحد"), None);
        assert_eq!(lookup("اليمن", 5)[0].code, "YEM");
        assert!(is_country("SAU") && !is_country("CVL"));
        assert!(describe("SAUMIL").is_some());
        assert_eq!(describe("ZWEEDU").unwrap().en, "Zimbabwe Education");
        assert_eq!(cameo_name("190").0, "قتال");
        assert!(cameo_name("190")
            .1
            .starts_with("Use conventional military force"));
    }
}
