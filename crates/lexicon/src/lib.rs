//! khabar-lexicon: the curated Arabic lexicons, compiled into the binary and combinable at run
//! time with a user's tables.
//!
//! Main types:
//! - [`Lexicon`] — every table, parsed: [`Lexicon::load`] (built-in), [`Lexicon::load_dir`]
//!   (built-in combined with a user's directory), [`builtin`] (the built-in one, shared).
//! - [`Tables`] — the raw tables, by file name, before they become a lexicon.
//! - [`Country`], [`Place`], [`Region`] — geography with CAMEO country/region codes.
//! - [`Role`], [`Org`], [`Person`] — actors: titles/ranks/institutions → agent
//!   codes, named organizations and people → full codes.
//! - [`Calendar`] — month, weekday, Hijri month and season names.
//! - [`Cameo`], [`EventEntry`], [`Cues`] — CAMEO codes with Goldstein/QuadClass/PLOVER,
//!   event trigger words, modality and clause cues.
//!
//! Data lives in `data/lexicon/*.tsv` (outside `src/`). The format check (`check.rs`) runs at
//! compile time on the built-in files (`build.rs`) and at load time on a user's; the row checks
//! (known codes, kinds, values) run at load time on both, with the file and line of the row.
//! Each row may carry an example; tests run them all. No I/O except [`Lexicon::load_dir`].

mod check;
mod files;
mod tables;
mod tsv;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

pub use check::check_format;
pub use tables::{builtin_text, is_geo, table_names, Tables};
pub use tsv::{At, LexiconError, Mode, Table};

#[derive(Debug, Clone)]
pub struct Country {
    pub iso3: String,
    pub iso2: String,
    pub english: String,
    pub names: Vec<String>,
    /// masculine singular nisba adjectives (عراقي)
    pub adjectives: Vec<String>,
    /// irregular plurals given after `;`
    pub plurals: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Place {
    pub names: Vec<String>,
    pub iso3: String,
    /// capital, city, region
    pub kind: String,
    pub english: String,
    pub ambiguous: bool,
    /// where the row was read
    pub at: At,
}

#[derive(Debug, Clone)]
pub struct Region {
    pub names: Vec<String>,
    pub code: String,
    pub english: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleKind {
    Title,
    Rank,
    Honorific,
    Institution,
    Group,
}

#[derive(Debug, Clone)]
pub struct Role {
    pub phrases: Vec<String>,
    /// CAMEO agent code (GOV, MIL …); empty for honorifics
    pub agent: String,
    pub kind: RoleKind,
    pub priority: i32,
    pub example: String,
    /// where the row was read
    pub at: At,
}

#[derive(Debug, Clone)]
pub struct Org {
    pub names: Vec<String>,
    pub code: String,
    pub english: String,
    pub example: String,
    /// where the row was read
    pub at: At,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub names: Vec<String>,
    pub code: String,
    pub english: String,
    pub example: String,
    /// where the row was read
    pub at: At,
}

#[derive(Debug, Clone, Default)]
pub struct Calendar {
    /// (matching form, month 1-12)
    pub months: Vec<(String, u32)>,
    /// (matching form, 0 = Monday … 6 = Sunday)
    pub weekdays: Vec<(String, u32)>,
    pub hijri: Vec<(String, u32)>,
    /// (matching form, spring|summer|autumn|winter)
    pub seasons: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct Cameo {
    pub code: String,
    pub name: String,
    pub goldstein: f32,
    pub quad: u8,
    pub plover_type: String,
    pub plover_mode: String,
}

#[derive(Debug, Clone)]
pub struct EventEntry {
    pub code: String,
    pub past: Vec<String>,
    pub present: Vec<String>,
    pub masdar: Vec<String>,
    pub context: Vec<String>,
    pub example: String,
    /// where the row was read
    pub at: At,
}

/// Something a speaker says another actor does (or must stop doing): see deeds.tsv.
#[derive(Debug, Clone)]
pub struct Deed {
    pub phrases: Vec<String>,
    pub code: String,
    pub example: String,
    /// where the row was read
    pub at: At,
}

impl EventEntry {
    /// Every word of the row: past, present and verbal-noun forms, then context words.
    pub fn words(&self) -> impl Iterator<Item = &String> {
        self.past
            .iter()
            .chain(&self.present)
            .chain(&self.masdar)
            .chain(&self.context)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Cues {
    /// kind → phrases (as written)
    pub by_kind: HashMap<String, Vec<String>>,
}

impl Cues {
    pub fn get(&self, kind: &str) -> &[String] {
        self.by_kind.get(kind).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// The three gazetteer tables as text (the layout of `data/lexicon/geo_*.tsv`), present when a
/// user's directory changed one of them: the place resolver builds its gazetteer from these.
#[derive(Debug, Clone, Default)]
pub struct GeoTexts {
    pub places: String,
    pub adm1: String,
    pub countries: String,
}

#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// None: the compiled-in gazetteer
    pub geo: Option<GeoTexts>,
    pub countries: Vec<Country>,
    pub places: Vec<Place>,
    pub regions: Vec<Region>,
    pub roles: Vec<Role>,
    pub orgs: Vec<Org>,
    pub people: Vec<Person>,
    pub calendar: Calendar,
    pub cameo: Vec<Cameo>,
    pub events: Vec<EventEntry>,
    pub cues: Cues,
    pub deeds: Vec<Deed>,
    /// given names (matching form)
    pub given_names: Vec<String>,
    /// function words (matching form); «على» is left out since it folds to the name «علي»
    pub stopwords: Vec<String>,
    /// fixed expressions that hold a given name and are no name («حسن الجوار», «يرحمه الله»),
    /// as folded words (stopwords.tsv, kind `phrase`)
    pub not_names: Vec<Vec<String>>,
    cameo_index: HashMap<String, usize>,
}

fn list(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

impl Lexicon {
    /// Is `iso3` the code of one of the countries (not a region, an agent or a group code)?
    pub fn is_country(&self, iso3: &str) -> bool {
        self.countries.iter().any(|c| c.iso3 == iso3)
    }

    /// The built-in tables. Errors name the file and line.
    pub fn load() -> Result<Lexicon, LexiconError> {
        Lexicon::from_tables(&Tables::builtin()?)
    }

    /// The built-in tables combined with the `*.tsv` files of `dir` (see [`Tables::overlay_dir`]).
    pub fn load_dir(dir: &Path) -> Result<Lexicon, LexiconError> {
        let mut t = Tables::builtin()?;
        t.overlay_dir(dir)?;
        Lexicon::from_tables(&t)
    }

    /// Builds the lexicon from raw tables and checks every row: known kinds and codes, values
    /// that parse, no row without a name or form. Errors name the file and line of the row.
    pub fn from_tables(tables: &Tables) -> Result<Lexicon, LexiconError> {
        let mut lx = Lexicon::default();
        let t = table(tables, "countries.tsv")?;
        for r in t.rows() {
            let adj_field = r.get("adjectives");
            let (adj, plur) = adj_field.split_once(';').unwrap_or((adj_field, ""));
            let iso3 = r.get("iso3");
            if iso3.len() != 3 || !iso3.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(r.error(format!("iso3 {iso3:?} is not three capital letters")));
            }
            names_given(&r, "names")?;
            lx.countries.push(Country {
                iso3: r.get("iso3").to_string(),
                iso2: r.get("iso2").to_string(),
                english: r.get("english").to_string(),
                names: list(r.get("names")),
                adjectives: list(adj),
                plurals: list(plur),
            });
        }
        let t = table(tables, "places.tsv")?;
        for r in t.rows() {
            names_given(&r, "names")?;
            lx.places.push(Place {
                names: list(r.get("names")),
                iso3: r.get("iso3").to_string(),
                kind: r.get("kind").to_string(),
                english: r.get("english").to_string(),
                ambiguous: r.get("ambiguous").eq_ignore_ascii_case("yes"),
                at: r.at(),
            });
        }
        let t = table(tables, "regions.tsv")?;
        for r in t.rows() {
            lx.regions.push(Region {
                names: list(r.get("names")),
                code: r.get("code").to_string(),
                english: r.get("english").to_string(),
            });
        }
        let t = table(tables, "roles.tsv")?;
        for r in t.rows() {
            let kind = match r.get("kind") {
                "title" => RoleKind::Title,
                "rank" => RoleKind::Rank,
                "honorific" => RoleKind::Honorific,
                "institution" => RoleKind::Institution,
                "group" => RoleKind::Group,
                other => return Err(r.error(format!("unknown role kind {other:?}"))),
            };
            names_given(&r, "phrases")?;
            lx.roles.push(Role {
                phrases: list(r.get("phrases")),
                agent: r.get("agent").to_string(),
                kind,
                priority: r.get("priority").parse().unwrap_or(0),
                example: r.get("example").to_string(),
                at: r.at(),
            });
        }
        let t = table(tables, "orgs.tsv")?;
        for r in t.rows() {
            names_given(&r, "names")?;
            code_given(&r)?;
            lx.orgs.push(Org {
                names: list(r.get("names")),
                code: r.get("code").to_string(),
                english: r.get("english").to_string(),
                example: r.get("example").to_string(),
                at: r.at(),
            });
        }
        let t = table(tables, "people.tsv")?;
        for r in t.rows() {
            names_given(&r, "names")?;
            code_given(&r)?;
            lx.people.push(Person {
                names: list(r.get("names")),
                code: r.get("code").to_string(),
                english: r.get("english").to_string(),
                example: r.get("example").to_string(),
                at: r.at(),
            });
        }
        let t = table(tables, "calendar.tsv")?;
        for r in t.rows() {
            let names: Vec<String> = list(r.get("names"))
                .iter()
                .map(|n| khabar_text::fold(n))
                .collect();
            let value = r.get("value");
            match r.get("kind") {
                "month" | "weekday" | "hijri" => {
                    let v: u32 = value
                        .parse()
                        .map_err(|_| r.error(format!("bad value {value:?}")))?;
                    let target = match r.get("kind") {
                        "month" => &mut lx.calendar.months,
                        "weekday" => &mut lx.calendar.weekdays,
                        _ => &mut lx.calendar.hijri,
                    };
                    target.extend(names.into_iter().map(|n| (n, v)));
                }
                "season" => lx
                    .calendar
                    .seasons
                    .extend(names.into_iter().map(|n| (n, value.to_string()))),
                other => return Err(r.error(format!("unknown calendar kind {other:?}"))),
            }
        }
        let t = table(tables, "cameo.tsv")?;
        for r in t.rows() {
            let c = Cameo {
                code: r.get("code").to_string(),
                name: r.get("name").to_string(),
                goldstein: r.get("goldstein").parse().unwrap_or(0.0),
                quad: r.get("quad").parse().unwrap_or(0),
                plover_type: r.get("plover_type").to_string(),
                plover_mode: r.get("plover_mode").to_string(),
            };
            lx.cameo_index.insert(c.code.clone(), lx.cameo.len());
            lx.cameo.push(c);
        }
        let t = table(tables, "events.tsv")?;
        for r in t.rows() {
            known_code(&lx, &r)?;
            if ["past", "present", "masdar"]
                .iter()
                .all(|c| list(r.get(c)).is_empty())
            {
                return Err(r.error("no past, present or masdar form".into()));
            }
            lx.events.push(EventEntry {
                code: r.get("code").to_string(),
                past: list(r.get("past")),
                present: list(r.get("present")),
                masdar: list(r.get("masdar")),
                context: list(r.get("context")),
                example: r.get("example").to_string(),
                at: r.at(),
            });
        }
        let t = table(tables, "cues.tsv")?;
        for r in t.rows() {
            if r.get("kind").is_empty() {
                return Err(r.error("no kind".into()));
            }
            lx.cues
                .by_kind
                .entry(r.get("kind").to_string())
                .or_default()
                .extend(list(r.get("phrases")));
        }
        let t = table(tables, "deeds.tsv")?;
        for r in t.rows() {
            known_code(&lx, &r)?;
            names_given(&r, "phrases")?;
            lx.deeds.push(Deed {
                phrases: list(r.get("phrases")),
                code: r.get("code").to_string(),
                example: r.get("example").to_string(),
                at: r.at(),
            });
        }
        let t = table(tables, "names.tsv")?;
        for r in t.rows() {
            lx.given_names
                .extend(list(r.get("names")).iter().map(|n| khabar_text::fold(n)));
        }
        if ["geo_places.tsv", "geo_adm1.tsv", "geo_countries.tsv"]
            .iter()
            .any(|n| tables.get(n).is_some())
        {
            lx.geo = Some(geo_texts(tables)?);
        }
        let t = table(tables, "stopwords.tsv")?;
        for r in t.rows() {
            if r.get("kind") == "phrase" {
                lx.not_names.extend(list(r.get("words")).iter().map(|p| {
                    p.split_whitespace()
                        .map(khabar_text::fold)
                        .collect::<Vec<_>>()
                }));
                continue;
            }
            lx.stopwords.extend(
                list(r.get("words"))
                    .iter()
                    .map(|n| khabar_text::fold(n))
                    .filter(|w| w != "علي"),
            );
        }
        Ok(lx)
    }

    /// The CAMEO row for a code ("043"), if known.
    pub fn cameo(&self, code: &str) -> Option<&Cameo> {
        self.cameo_index.get(code).map(|&i| &self.cameo[i])
    }
}

fn table<'t>(tables: &'t Tables, name: &str) -> Result<&'t Table, LexiconError> {
    tables
        .get(name)
        .ok_or_else(|| LexiconError::at(name, 1, "table missing"))
}

/// The gazetteer tables as text, each a user's (checked row by row) or the built-in one.
fn geo_texts(tables: &Tables) -> Result<GeoTexts, LexiconError> {
    let number = |r: &tsv::Row<'_>, col: &str| -> Result<(), LexiconError> {
        match r.get(col).parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(()),
            _ => Err(r.error(format!("{col} {:?} is not a number", r.get(col)))),
        }
    };
    let text = |name: &str,
                check: &dyn Fn(&tsv::Row<'_>) -> Result<(), LexiconError>|
     -> Result<String, LexiconError> {
        match tables.get(name) {
            Some(t) => {
                for r in t.rows() {
                    check(&r)?;
                }
                Ok(t.to_text("a user's table over the built-in one"))
            }
            None => Ok(builtin_text(name).unwrap_or_default().to_string()),
        }
    };
    Ok(GeoTexts {
        places: text("geo_places.tsv", &|r| {
            if r.get("geonameid").parse::<u32>().is_err() {
                return Err(r.error(format!(
                    "geonameid {:?} is not a number",
                    r.get("geonameid")
                )));
            }
            number(r, "lat")?;
            number(r, "lon")?;
            names_given(r, "names")
        })?,
        adm1: text("geo_adm1.tsv", &|r| {
            number(r, "lat")?;
            number(r, "lon")?;
            names_given(r, "names")
        })?,
        countries: text("geo_countries.tsv", &|r| {
            number(r, "lat")?;
            number(r, "lon")
        })?,
    })
}

fn names_given(r: &tsv::Row<'_>, col: &str) -> Result<(), LexiconError> {
    if list(r.get(col)).is_empty() {
        return Err(r.error(format!("no {col}")));
    }
    Ok(())
}

fn code_given(r: &tsv::Row<'_>) -> Result<(), LexiconError> {
    let code = r.get("code");
    if code.len() < 3
        || !code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        return Err(r.error(format!(
            "code {code:?} is not a CAMEO actor code (capital letters, at least three)"
        )));
    }
    Ok(())
}

fn known_code(lx: &Lexicon, r: &tsv::Row<'_>) -> Result<(), LexiconError> {
    let code = r.get("code");
    if lx.cameo(code).is_none() {
        return Err(r.error(format!("event code {code:?} is not in cameo.tsv")));
    }
    Ok(())
}

/// The built-in lexicon, parsed once and shared (the default of an `Extractor`; a user's tables
/// make another `Lexicon`, owned by whoever loads it). The data is compiled in and checked at
/// build time and by tests, so a failure here is a build defect: it panics with the location.
pub fn builtin() -> Arc<Lexicon> {
    static L: OnceLock<Arc<Lexicon>> = OnceLock::new();
    L.get_or_init(|| {
        Arc::new(Lexicon::load().unwrap_or_else(|e| panic!("built-in lexicon is malformed: {e}")))
    })
    .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads() {
        let lx = Lexicon::load().expect("lexicon loads");
        assert!(
            lx.countries.len() >= 249,
            "{} countries",
            lx.countries.len()
        );
        assert!(lx
            .countries
            .iter()
            .any(|c| c.iso3 == "IRQ" && c.adjectives.iter().any(|a| a == "عراقي")));
        assert_eq!(lx.cameo("057").map(|c| c.quad), Some(1));
        assert!(lx
            .calendar
            .months
            .iter()
            .any(|(n, v)| n == "اكتوبر" && *v == 10));
        assert!(lx
            .calendar
            .weekdays
            .iter()
            .any(|(n, v)| n == "السبت" && *v == 5));
    }

    #[test]
    fn every_country_has_a_name() {
        for c in &builtin().countries {
            assert!(!c.names.is_empty(), "{} has no Arabic name", c.iso3);
            assert_eq!(c.iso3.len(), 3, "{}", c.iso3);
        }
    }

    #[test]
    fn every_event_and_actor_row_has_an_example_containing_it() {
        let lx = builtin();
        let contains = |ex: &str, forms: &[&String]| {
            let ex = khabar_text::fold(ex);
            forms.iter().any(|f| ex.contains(&khabar_text::fold(f)))
        };
        for e in &lx.events {
            let forms: Vec<&String> = e.past.iter().chain(&e.present).chain(&e.masdar).collect();
            assert!(
                contains(&e.example, &forms),
                "event {} example {:?} has none of its forms",
                e.code,
                e.example
            );
            assert!(
                lx.cameo(&e.code).is_some(),
                "event code {} is not in cameo.tsv",
                e.code
            );
        }
        for d in &lx.deeds {
            assert!(
                contains(&d.example, &d.phrases.iter().collect::<Vec<_>>()),
                "deed {:?}: example {:?}",
                d.phrases,
                d.example
            );
            assert!(
                lx.cameo(&d.code).is_some(),
                "deed code {} is not in cameo.tsv",
                d.code
            );
        }
        for r in &lx.roles {
            assert!(
                contains(&r.example, &r.phrases.iter().collect::<Vec<_>>()),
                "role {:?}: example {:?}",
                r.phrases,
                r.example
            );
        }
        for o in &lx.orgs {
            assert!(
                contains(&o.example, &o.names.iter().collect::<Vec<_>>()),
                "org {:?}: example {:?}",
                o.names,
                o.example
            );
        }
        for p in &lx.people {
            assert!(
                contains(&p.example, &p.names.iter().collect::<Vec<_>>()),
                "person {:?}: example {:?}",
                p.names,
                p.example
            );
        }
    }
}
