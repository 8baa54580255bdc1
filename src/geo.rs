//! Places in the output: an event's `place` object, an entity's `geo` feature, and the store's
//! and GDELT's geographic columns.

use khabar_extract::geo::{self, Feature, Resolution};
use khabar_store::GeoRow;
use khabar_text::CharIndex;
use serde::Serialize;

/// A resolved feature as JSON.
#[derive(Serialize, Clone, Copy)]
pub struct FeatureOut<'a> {
    pub geonameid: Option<u32>,
    pub name: &'a str,
    pub country: &'a str,
    pub adm1: Option<&'a str>,
    pub lat: f64,
    pub lon: f64,
    pub precision: &'static str,
}

impl<'a> FeatureOut<'a> {
    pub fn of(f: &'a Feature) -> Self {
        FeatureOut {
            geonameid: f.geonameid,
            name: &f.name,
            country: &f.country,
            adm1: Some(f.adm1.as_str()).filter(|a| !a.is_empty()),
            // six decimals are 0.1 m: no more digits than the gazetteer has
            lat: (f.lat * 1e6).round() / 1e6,
            lon: (f.lon * 1e6).round() / 1e6,
            precision: f.precision.as_str(),
        }
    }
}

/// An event's place: the mention (char offsets) and its feature's fields, null where it did not
/// resolve.
#[derive(Serialize)]
pub struct PlaceOut<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub geonameid: Option<u32>,
    pub name: Option<&'a str>,
    pub country: Option<&'a str>,
    pub adm1: Option<&'a str>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub precision: Option<&'static str>,
    /// the feature id GDELT's FeatureID takes (not printed: the fields above say it)
    #[serde(skip)]
    pub feature: Option<&'a Feature>,
}

impl<'a> PlaceOut<'a> {
    pub fn of(p: &'a geo::Place, text: &'a str, ci: &CharIndex) -> Self {
        let f = p.feature.as_deref().map(FeatureOut::of);
        PlaceOut {
            text: text.get(p.span.0..p.span.1).unwrap_or_default(),
            start: ci.char_of(p.span.0),
            end: ci.char_of(p.span.1),
            geonameid: f.and_then(|f| f.geonameid),
            name: f.map(|f| f.name),
            country: f.map(|f| f.country),
            adm1: f.and_then(|f| f.adm1),
            lat: f.map(|f| f.lat),
            lon: f.map(|f| f.lon),
            precision: f.map(|f| f.precision),
            feature: p.feature.as_deref(),
        }
    }

    /// The store's columns for this place.
    pub fn row(&self) -> Option<GeoRow> {
        let f = self.feature?;
        Some(GeoRow {
            feature: geo::table().feature_id(f),
            name: f.name.clone(),
            country: f.country.clone(),
            adm1: f.adm1.clone(),
            lat: f.lat,
            lon: f.lon,
            precision: f.precision.as_str().to_string(),
        })
    }
}

/// An entity's resolution: its feature, or why it has none (places only: a person has no place).
pub fn entity_geo(r: Option<&Resolution>) -> (Option<FeatureOut<'_>>, Option<&'static str>) {
    match r {
        Some(Resolution::Found(f)) => (Some(FeatureOut::of(f)), None),
        Some(Resolution::Not(why)) if *why != geo::Unresolved::NotAPlace => {
            (None, Some(why.as_str()))
        }
        _ => (None, None),
    }
}

/// GDELT's ActionGeo columns (Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat, Long,
/// FeatureID) of a stored event: Type 1 country, 2 (US state) / 5 (world ADM1), 3 US city,
/// 4 world city; FIPS country codes.
pub fn gdelt_cols(g: Option<&GeoRow>) -> [String; 8] {
    let Some(g) = g else {
        return Default::default();
    };
    let t = geo::table();
    let us = g.country == "USA";
    let kind = match (g.precision.as_str(), us) {
        ("country", _) => "1",
        ("adm1", true) => "2",
        ("adm1", false) => "5",
        (_, true) => "3",
        _ => "4",
    };
    let fips = t.fips(&g.country).to_string();
    let adm1 = if g.adm1.is_empty() {
        fips.clone()
    } else {
        format!("{fips}{}", g.adm1)
    };
    // GDELT's FullName is English: the built-in lexicon's country name (the stored event keeps
    // only the code; ISO names are no user's to change)
    let country_name = khabar_lexicon::builtin()
        .countries
        .iter()
        .find(|c| c.iso3 == g.country)
        .map_or(g.country.clone(), |c| c.english.clone());
    let full = match g.precision.as_str() {
        "country" => country_name,
        _ => format!("{}, {country_name}", g.name),
    };
    [
        kind.into(),
        full,
        fips,
        adm1,
        String::new(),
        format!("{:.4}", g.lat),
        format!("{:.4}", g.lon),
        g.feature.clone(),
    ]
}

/// GDELT's Actor1Geo/Actor2Geo columns (the same eight as ActionGeo's) of an actor with CAMEO code
/// `code`: the event's place where it lies in the actor's country (an Iraqi force fighting in
/// Ramadi is there), else the centroid of the actor's country at Type 1 (the code says no more);
/// empty for an actor of no country (IGOs, NGOs, armed groups without one).
pub fn actor_gdelt_cols(code: Option<&str>, action: Option<&GeoRow>) -> [String; 8] {
    let t = geo::table();
    let Some(country) = code
        .and_then(|c| c.get(..3))
        .filter(|c| t.country(c).is_some())
    else {
        return Default::default();
    };
    if let Some(g) = action.filter(|g| g.country == country) {
        return gdelt_cols(Some(g));
    }
    let Some(f) = t.country(country) else {
        return Default::default();
    };
    gdelt_cols(Some(&GeoRow {
        feature: t.feature_id(f),
        name: f.name.clone(),
        country: f.country.clone(),
        adm1: String::new(),
        lat: f.lat,
        lon: f.lon,
        precision: "country".into(),
    }))
}

/// `W,S,E,N` in degrees: west ≤ east (no box across 180°), south ≤ north, all on the globe.
pub fn parse_bbox(s: &str) -> Result<[f64; 4], String> {
    let v: Vec<f64> = s
        .split(',')
        .map(|x| x.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("bbox must be four numbers W,S,E,N, not {s:?}"))?;
    let [w, s_, e, n] = v[..] else {
        return Err(format!("bbox must be four numbers W,S,E,N, not {s:?}"));
    };
    let lon = -180.0..=180.0;
    let lat = -90.0..=90.0;
    if !(lon.contains(&w) && lon.contains(&e) && lat.contains(&s_) && lat.contains(&n)) {
        return Err("bbox out of range (longitude -180..180, latitude -90..90)".into());
    }
    if w > e || s_ > n {
        return Err("bbox must have west <= east and south <= north".into());
    }
    Ok([w, s_, e, n])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ramadi() -> GeoRow {
        GeoRow {
            feature: "91616".into(),
            name: "Ramadi".into(),
            country: "IRQ".into(),
            adm1: "01".into(),
            lat: 33.42,
            lon: 43.3,
            precision: "city".into(),
        }
    }

    #[test]
    fn an_actor_in_the_country_of_the_place_is_there() {
        let g = ramadi();
        let c = actor_gdelt_cols(Some("IRQMIL"), Some(&g));
        assert_eq!(c, gdelt_cols(Some(&g)));
        assert_eq!(c[0], "4");
        assert_eq!(c[2], "IZ");
        assert_eq!(c[7], "91616");
    }

    #[test]
    fn an_actor_elsewhere_is_at_its_country() {
        let c = actor_gdelt_cols(Some("USAGOV"), Some(&ramadi()));
        assert_eq!(c[0], "1");
        assert_eq!(c[2], "US");
        assert_eq!(c[3], "US");
        assert!(!c[5].is_empty() && !c[6].is_empty());
        // no country, no place
        assert!(actor_gdelt_cols(Some("IGOUNO"), None)
            .iter()
            .all(String::is_empty));
        assert!(actor_gdelt_cols(None, Some(&ramadi()))
            .iter()
            .all(String::is_empty));
    }
}
