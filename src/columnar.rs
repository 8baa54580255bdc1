//! Analyses and store rows as rows of the columnar tables (`khabar-columnar`): what
//! `--format parquet` writes and what the Python package hands to Arrow.

use crate::pipeline::{Analysis, EventOut};
use khabar_columnar::articles::{ArticleRecord, EntityRecord};
use khabar_columnar::events::{ActorRecord, EventRecord, PlaceRecord};
use khabar_store::EventRow;
use khabar_text::CharIndex;

/// The events of an article as `khabar events` prints them (each with a source or a target).
pub fn events_of(a: &Analysis) -> Vec<EventOut<'_>> {
    crate::export::rows(a)
}

/// One event of `a` as a row of the events table.
pub fn event_record<'a>(a: &'a Analysis, e: &'a EventOut<'a>) -> EventRecord<'a> {
    let side = |s: &'a crate::pipeline::ActorOut<'a>| ActorRecord {
        code: s.code,
        text: s.text,
        entity: s.entity.as_deref(),
        implicit: s.implicit,
    };
    EventRecord {
        doc_id: &a.article.doc_id,
        event_id: &e.id,
        published: a.article.published.as_deref(),
        article_source: a.article.source.as_deref(),
        sentence: Some(e.sentence),
        start: Some(e.start),
        end: Some(e.end),
        evidence: e.text,
        trigger: e.trigger.text,
        trigger_start: Some(e.trigger.start),
        trigger_end: Some(e.trigger.end),
        source: e.source.as_ref().map(side),
        target: e.target.as_ref().map(side),
        cameo: e.cameo,
        root: e.root,
        quad: e.quad,
        goldstein: e.goldstein,
        plover_type: e.plover.ptype,
        plover_mode: e.plover.mode,
        date: e.date,
        modality: e.modality.name(),
        confidence: e.confidence,
        place: e.place.as_ref().map(|p| PlaceRecord {
            text: p.text,
            start: p.start,
            end: p.end,
            geonameid: p.geonameid,
            name: p.name,
            country: p.country,
            adm1: p.adm1,
            lat: p.lat,
            lon: p.lon,
            precision: p.precision,
        }),
    }
}

/// A stored event as a row of the events table (the store keeps no trigger offsets, entity ids
/// or publication date: those columns are null).
pub fn stored_event_record<'a>(e: &'a EventRow) -> EventRecord<'a> {
    let side = |code: &'a Option<String>, text: &'a Option<String>| {
        code.as_deref().map(|c| ActorRecord {
            code: c,
            text: text.as_deref().unwrap_or(""),
            entity: None,
            implicit: false,
        })
    };
    EventRecord {
        doc_id: &e.doc_id,
        event_id: &e.eid,
        published: None,
        article_source: None,
        sentence: usize::try_from(e.sentence).ok(),
        start: usize::try_from(e.start).ok(),
        end: usize::try_from(e.end).ok(),
        evidence: &e.evidence,
        trigger: &e.trigger,
        trigger_start: None,
        trigger_end: None,
        source: side(&e.source_code, &e.source_text),
        target: side(&e.target_code, &e.target_text),
        cameo: &e.cameo,
        root: &e.root,
        quad: u8::try_from(e.quad).unwrap_or(u8::MAX),
        goldstein: e.goldstein as f32,
        plover_type: &e.plover_type,
        plover_mode: &e.plover_mode,
        date: e.date.as_deref(),
        modality: &e.modality,
        confidence: e.confidence as f32,
        place: e.place.as_deref().map(|text| {
            let g = e.geo.as_ref();
            PlaceRecord {
                text,
                start: 0,
                end: 0,
                geonameid: g.and_then(|g| g.feature.parse().ok()),
                name: g.map(|g| g.name.as_str()),
                country: g.map(|g| g.country.as_str()),
                adm1: g.map(|g| g.adm1.as_str()).filter(|a| !a.is_empty()),
                lat: g.map(|g| g.lat),
                lon: g.map(|g| g.lon),
                precision: g.map(|g| g.precision.as_str()),
            }
        }),
    }
}

/// The partition of an event under `--partition-by month`: the article's publication month,
/// so a backfill of new articles adds partitions and never rewrites old ones; else (events from
/// the store, which keeps no publication date per event) the month of the event's date when it
/// is known to the month. `None` is Hive's default partition.
pub fn event_month(r: &EventRecord) -> Option<String> {
    let month = |d: &str| {
        let m = d.get(..7)?;
        (m.len() == 7 && m.as_bytes()[4] == b'-').then(|| m.to_string())
    };
    match r.published {
        Some(p) => month(p),
        None => r.date.and_then(month),
    }
}

/// The entity ids (`E4`) of an analysis, which [`article_record`] borrows.
pub fn entity_ids(a: &Analysis) -> Vec<String> {
    a.extracted
        .entities
        .iter()
        .map(|e| format!("E{}", e.id))
        .collect()
}

/// An analysis as a row of the articles table; `ids` from [`entity_ids`].
pub fn article_record<'a>(a: &'a Analysis, ids: &'a [String]) -> ArticleRecord<'a> {
    let text = &a.cleaned.text;
    let ci = CharIndex::new(text);
    let places = a
        .extracted
        .places
        .iter()
        .map(Some)
        .chain(std::iter::repeat(None));
    let entities = a
        .extracted
        .entities
        .iter()
        .zip(places)
        .zip(ids)
        .map(|((e, r), id)| {
            let (geo, _) = crate::geo::entity_geo(r);
            EntityRecord {
                id,
                text: text.get(e.span.0..e.span.1).unwrap_or_default(),
                start: ci.char_of(e.span.0),
                end: ci.char_of(e.span.1),
                etype: e.etype.as_str(),
                name: &e.name,
                role: e.role.as_deref(),
                code: e.code.as_deref(),
                country: e.country.as_deref(),
                agent: e.agent.as_deref(),
                metonymy: e.metonymy,
                geonameid: geo.and_then(|g| g.geonameid),
                geo_name: geo.map(|g| g.name),
                geo_country: geo.map(|g| g.country),
                adm1: geo.and_then(|g| g.adm1),
                lat: geo.map(|g| g.lat),
                lon: geo.map(|g| g.lon),
                geo_precision: geo.map(|g| g.precision),
            }
        })
        .collect();
    ArticleRecord {
        doc_id: &a.article.doc_id,
        published: a.article.published.as_deref(),
        title: a.title.as_deref(),
        source: a.article.source.as_deref(),
        url: a.article.url.as_deref(),
        text,
        sentences: a.sentences.len(),
        tokens: a.tokens.tokens.len(),
        events: a
            .extracted
            .events
            .iter()
            .filter(|e| e.source.is_some() || e.target.is_some())
            .count(),
        entities,
    }
}
