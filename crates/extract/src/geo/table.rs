//! The gazetteer: GeoNames places, hand-written first-level divisions and country centroids
//! (`data/lexicon/geo_*.tsv`, built and checked by `tools/geo_tables.py`), compiled in and indexed
//! by the matching form of every Arabic name.

use rustc_hash::FxHashMap;
use serde::Serialize;
use std::sync::{Arc, OnceLock};

const PLACES: &str = include_str!("../../../../data/lexicon/geo_places.tsv");
const ADM1: &str = include_str!("../../../../data/lexicon/geo_adm1.tsv");
const COUNTRIES: &str = include_str!("../../../../data/lexicon/geo_countries.tsv");

/// How exact a feature is: GDELT's ActionGeo_Type reads the same scale (1 country, 2/3 ADM1, 4 city).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    City,
    Adm1,
    Country,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::City => "city",
            Precision::Adm1 => "adm1",
            Precision::Country => "country",
        }
    }
}

/// A place on the map: a GeoNames town, a first-level division or a country.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// GeoNames id of a town; divisions and countries have none
    pub geonameid: Option<u32>,
    pub name: String,
    /// ISO3 (= the CAMEO country code)
    pub country: String,
    /// GeoNames ADM1 code within the country ("24" Lahij), empty for a country
    pub adm1: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    pub precision: Precision,
}

/// The parsed tables and the name index.
pub struct Table {
    pub features: Vec<Feature>,
    /// matching form of a name (and the same without «ال») → feature indices
    pub by_name: FxHashMap<String, Vec<u32>>,
    /// ISO3 → the country's feature index
    pub countries: FxHashMap<String, u32>,
    /// ISO3 → FIPS 10-4 code (GDELT's country codes)
    pub fips: FxHashMap<String, String>,
    /// (ISO3, ADM1 code) → the division's feature index
    pub adm1: FxHashMap<(String, String), u32>,
}

fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
}

impl Table {
    fn add_names(&mut self, names: &str, i: u32) {
        for n in names.split('|').filter(|n| !n.is_empty()) {
            let k = khabar_text::fold(n);
            let bare = k.strip_prefix("ال").filter(|b| b.chars().count() >= 2);
            for key in std::iter::once(k.as_str()).chain(bare) {
                let v = self.by_name.entry(key.to_string()).or_default();
                if !v.contains(&i) {
                    v.push(i);
                }
            }
        }
    }

    /// The compiled-in tables.
    pub fn builtin() -> Table {
        Table::from_texts(PLACES, ADM1, COUNTRIES)
    }

    /// Tables in the layout of `data/lexicon/geo_places.tsv`, `geo_adm1.tsv`, `geo_countries.tsv`.
    pub fn from_texts(places: &str, adm1: &str, countries: &str) -> Table {
        let mut t = Table {
            features: Vec::new(),
            by_name: FxHashMap::default(),
            countries: FxHashMap::default(),
            fips: FxHashMap::default(),
            adm1: FxHashMap::default(),
        };
        // rows that do not parse are skipped here; `tests::every_row_parses` fails on them
        for f in rows(countries) {
            let (Some(lat), Some(lon)) = (parse(f.get(2)), parse(f.get(3))) else {
                continue;
            };
            let iso3 = f[0].to_string();
            if !f[1].is_empty() {
                t.fips.insert(iso3.clone(), f[1].to_string());
            }
            let i = t.features.len() as u32;
            t.countries.insert(iso3.clone(), i);
            t.features.push(Feature {
                geonameid: None,
                name: iso3.clone(),
                country: iso3,
                adm1: String::new(),
                lat,
                lon,
                population: 0,
                precision: Precision::Country,
            });
        }
        for f in rows(adm1) {
            let (Some(lat), Some(lon)) = (parse(f.get(5)), parse(f.get(6))) else {
                continue;
            };
            let i = t.features.len() as u32;
            t.adm1.insert((f[0].to_string(), f[4].to_string()), i);
            t.features.push(Feature {
                geonameid: None,
                name: f[1].to_string(),
                country: f[0].to_string(),
                adm1: f[4].to_string(),
                lat,
                lon,
                population: 0,
                precision: Precision::Adm1,
            });
            t.add_names(f[2], i);
        }
        for f in rows(places) {
            if f.len() < 9 {
                continue;
            }
            let (Some(lat), Some(lon), Ok(id)) = (parse(f.get(5)), parse(f.get(6)), f[0].parse())
            else {
                continue;
            };
            let i = t.features.len() as u32;
            t.features.push(Feature {
                geonameid: Some(id),
                name: f[1].to_string(),
                country: f[3].to_string(),
                adm1: f[4].to_string(),
                lat,
                lon,
                population: f[7].parse().unwrap_or(0),
                precision: Precision::City,
            });
            t.add_names(f[8], i);
        }
        t
    }

    /// The features named `key` (a matching form).
    pub fn named(&self, key: &str) -> &[u32] {
        self.by_name.get(key).map_or(&[], |v| v.as_slice())
    }

    pub fn country(&self, iso3: &str) -> Option<&Feature> {
        self.countries
            .get(iso3)
            .map(|&i| &self.features[i as usize])
    }

    /// GDELT's FeatureID: the GeoNames id, else the ADM1 code (FIPS + ADM1), else the FIPS code.
    pub fn feature_id(&self, f: &Feature) -> String {
        match f.geonameid {
            Some(id) => id.to_string(),
            None => self.adm1_code(f),
        }
    }

    /// GDELT's ADM1Code: FIPS country code + the GeoNames ADM1 code («YM24»); the country's FIPS code
    /// alone where no division is known.
    pub fn adm1_code(&self, f: &Feature) -> String {
        let fips = self.fips.get(&f.country).map_or("", |s| s.as_str());
        format!("{fips}{}", f.adm1)
    }

    pub fn fips(&self, iso3: &str) -> &str {
        self.fips.get(iso3).map_or("", |s| s.as_str())
    }
}

fn parse(s: Option<&&str>) -> Option<f64> {
    s.and_then(|s| s.parse().ok())
        .filter(|x: &f64| x.is_finite())
}

/// The compiled-in gazetteer, built on first use and shared (an extractor whose lexicon has geo
/// tables of its own builds its own instead; the store's and GDELT's FIPS columns read this one).
pub fn shared() -> Arc<Table> {
    static T: OnceLock<Arc<Table>> = OnceLock::new();
    T.get_or_init(|| Arc::new(Table::builtin())).clone()
}

/// The compiled-in gazetteer.
pub fn table() -> &'static Table {
    static T: OnceLock<Arc<Table>> = OnceLock::new();
    T.get_or_init(shared)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_parses() {
        let t = table();
        let n = |s: &str| rows(s).count();
        assert_eq!(t.features.len(), n(PLACES) + n(ADM1) + n(COUNTRIES));
        for f in &t.features {
            assert!((-90.0..=90.0).contains(&f.lat) && (-180.0..=180.0).contains(&f.lon));
        }
    }

    #[test]
    fn every_country_of_the_region_has_a_centroid_and_fips() {
        let t = table();
        for c in [
            "SAU", "YEM", "IRQ", "SYR", "IRN", "TUR", "EGY", "PSE", "USA", "RUS",
        ] {
            assert!(t.country(c).is_some(), "{c}");
            assert!(!t.fips(c).is_empty(), "{c}");
        }
        assert_eq!(t.fips("IRQ"), "IZ");
        assert_eq!(t.fips("YEM"), "YM");
    }

    #[test]
    fn common_words_and_persian_spellings_are_no_names() {
        let t = table();
        for w in ["معسكر", "الحكومه", "السوق", "ان", "كان", "اوباما"] {
            assert!(t.named(&khabar_text::fold(w)).is_empty(), "{w}");
        }
        assert!(!t.named(&khabar_text::fold("كابل")).is_empty());
    }
}
