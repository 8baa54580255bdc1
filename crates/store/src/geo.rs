//! Events on the map: each event's resolved place, and the per-feature aggregate of `/api/map`.

use crate::{EventFilter, Result, Store};
use rusqlite::Row;
use serde::Serialize;

/// Where an event's place is: a gazetteer feature (GeoNames id, else ADM1 or country code).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct GeoRow {
    pub feature: String,
    pub name: String,
    /// ISO3
    pub country: String,
    pub adm1: String,
    pub lat: f64,
    pub lon: f64,
    /// city, adm1 or country
    pub precision: String,
}

impl GeoRow {
    /// The seven place columns from column `at` on (feature, name, country, adm1, lat, lon,
    /// precision); none where the event has no feature.
    pub(crate) fn read(r: &Row, at: usize) -> rusqlite::Result<Option<GeoRow>> {
        let feature: Option<String> = r.get(at)?;
        let (Some(feature), Some(lat), Some(lon)) = (
            feature,
            r.get::<_, Option<f64>>(at + 4)?,
            r.get::<_, Option<f64>>(at + 5)?,
        ) else {
            return Ok(None);
        };
        Ok(Some(GeoRow {
            feature,
            name: r.get::<_, Option<String>>(at + 1)?.unwrap_or_default(),
            country: r.get::<_, Option<String>>(at + 2)?.unwrap_or_default(),
            adm1: r.get::<_, Option<String>>(at + 3)?.unwrap_or_default(),
            lat,
            lon,
            precision: r.get::<_, Option<String>>(at + 6)?.unwrap_or_default(),
        }))
    }
}

/// One place on the map with the count of its events by QuadClass.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MapRow {
    #[serde(flatten)]
    pub geo: GeoRow,
    /// the most frequent surface of the place in the texts («عدن», «بعدن»)
    pub text: String,
    pub events: i64,
    pub quad1: i64,
    pub quad2: i64,
    pub quad3: i64,
    pub quad4: i64,
    pub goldstein_mean: f64,
}

impl Store {
    /// Events per place for the filter (its limit caps the places, most events first; 0 = 500).
    pub fn map(&self, f: &EventFilter) -> Result<Vec<MapRow>> {
        let (w, p) = Store::where_clause(f);
        let limit = if f.limit == 0 { 500 } else { f.limit };
        let sql = format!(
            "SELECT e.place_feature, max(e.place_name), max(e.place_country), max(e.place_adm1),
                    avg(e.lat), avg(e.lon), max(e.place_precision), min(e.place),
                    count(*), sum(e.quad = 1), sum(e.quad = 2), sum(e.quad = 3), sum(e.quad = 4),
                    avg(e.goldstein)
             FROM events e JOIN articles a ON a.id = e.article
             WHERE {w} AND e.place_feature IS NOT NULL AND e.lat IS NOT NULL
             GROUP BY e.place_feature ORDER BY count(*) DESC, e.place_feature LIMIT {limit} OFFSET {}",
            f.offset
        );
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(p.iter()), |r| {
            Ok(MapRow {
                geo: GeoRow::read(r, 0)?.unwrap_or_default(),
                text: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
                events: r.get(8)?,
                quad1: r.get::<_, Option<i64>>(9)?.unwrap_or(0),
                quad2: r.get::<_, Option<i64>>(10)?.unwrap_or(0),
                quad3: r.get::<_, Option<i64>>(11)?.unwrap_or(0),
                quad4: r.get::<_, Option<i64>>(12)?.unwrap_or(0),
                goldstein_mean: r.get::<_, Option<f64>>(13)?.unwrap_or(0.0),
            })
        })?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use crate::{ArticleRow, EventFilter, EventRow, GeoRow, Store};

    fn placed(doc: &str, quad: i64, feature: &str, lat: f64, lon: f64) -> ArticleRow {
        ArticleRow {
            doc_id: doc.into(),
            hash: doc.into(),
            text: format!("نص {doc}"),
            search_body: format!("نص {doc}"),
            events: vec![EventRow {
                eid: format!("{doc}#1"),
                source_code: Some("YEMMIL".into()),
                cameo: "190".into(),
                root: "19".into(),
                quad,
                date: Some("2015-07-10".into()),
                modality: "asserted".into(),
                place: Some("عدن".into()),
                geo: Some(GeoRow {
                    feature: feature.into(),
                    name: "Aden".into(),
                    country: "YEM".into(),
                    adm1: "02".into(),
                    lat,
                    lon,
                    precision: "city".into(),
                }),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn bbox_place_and_map() {
        let mut s = Store::open_in_memory().unwrap();
        s.add_batch(&[
            placed("a", 4, "415189", 12.78, 45.04),
            placed("b", 1, "415189", 12.78, 45.04),
            placed("c", 4, "98717", 33.42, 43.31),
            ArticleRow {
                doc_id: "d".into(),
                hash: "d".into(),
                text: "نص".into(),
                events: vec![EventRow {
                    cameo: "040".into(),
                    root: "04".into(),
                    ..Default::default()
                }],
                ..Default::default()
            },
        ])
        .unwrap();
        let yemen = EventFilter {
            bbox: Some([42.0, 12.0, 54.0, 19.0]),
            ..Default::default()
        };
        let ev = s.events(&yemen).unwrap();
        assert_eq!(ev.len(), 2);
        assert_eq!(ev[0].geo.as_ref().unwrap().feature, "415189");
        let by_feature = EventFilter {
            place: Some("98717".into()),
            ..Default::default()
        };
        assert_eq!(s.events(&by_feature).unwrap().len(), 1);
        let m = s.map(&EventFilter::default()).unwrap();
        assert_eq!(m.len(), 2);
        assert_eq!((m[0].geo.feature.as_str(), m[0].events), ("415189", 2));
        assert_eq!((m[0].quad1, m[0].quad4), (1, 1));
        let violent = EventFilter {
            quad: vec![4],
            bbox: Some([40.0, 30.0, 50.0, 40.0]),
            ..Default::default()
        };
        let m = s.map(&violent).unwrap();
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].geo.name, "Aden");
    }
}
