//! The events table, schema `events/1`: one row per coded event, the fields of
//! `khabar events --format jsonl` flattened into typed columns.

use crate::{i32_of, parse_date, Result, TableBuilder, SCHEMA_KEY};
use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float32Builder, Float64Builder, Int32Builder, Int64Builder,
    Int8Builder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// The version in the schema metadata (`khabar.schema` = `events/1`). A column added keeps the
/// version's readers working only if they select columns by name; a column renamed, retyped or
/// removed makes a new version.
pub const VERSION: &str = "events/1";

/// One event side.
#[derive(Debug, Clone, Default)]
pub struct ActorRecord<'a> {
    /// CAMEO actor code (IRNGOV, IGOUNO …)
    pub code: &'a str,
    /// the mention in the text
    pub text: &'a str,
    /// the entity id (`E4`) when the side is a named entity
    pub entity: Option<&'a str>,
    /// the side was understood, not written (a dropped subject)
    pub implicit: bool,
}

/// An event's place: the mention, and the feature when it resolved.
#[derive(Debug, Clone, Default)]
pub struct PlaceRecord<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub geonameid: Option<u32>,
    pub name: Option<&'a str>,
    pub country: Option<&'a str>,
    pub adm1: Option<&'a str>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub precision: Option<&'a str>,
}

/// One row of the events table. Offsets are char offsets into the article's cleaned text.
#[derive(Debug, Clone, Default)]
pub struct EventRecord<'a> {
    pub doc_id: &'a str,
    pub event_id: &'a str,
    /// the article's publication date, `YYYY-MM-DD`
    pub published: Option<&'a str>,
    /// the article's outlet (SaudiNewsNet's `source`), not an actor
    pub article_source: Option<&'a str>,
    pub sentence: Option<usize>,
    pub start: Option<usize>,
    pub end: Option<usize>,
    /// the evidence: the text from `start` to `end`
    pub evidence: &'a str,
    pub trigger: &'a str,
    pub trigger_start: Option<usize>,
    pub trigger_end: Option<usize>,
    pub source: Option<ActorRecord<'a>>,
    pub target: Option<ActorRecord<'a>>,
    pub cameo: &'a str,
    pub root: &'a str,
    pub quad: u8,
    pub goldstein: f32,
    pub plover_type: &'a str,
    pub plover_mode: &'a str,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`
    pub date: Option<&'a str>,
    pub modality: &'a str,
    pub confidence: f32,
    pub place: Option<PlaceRecord<'a>>,
}

fn utf8(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Utf8, nullable)
}

/// The `events/1` schema.
pub fn schema() -> SchemaRef {
    static S: OnceLock<SchemaRef> = OnceLock::new();
    S.get_or_init(|| {
        let i32f = |n: &str| Field::new(n, DataType::Int32, true);
        let fields = vec![
            utf8("doc_id", false),
            utf8("event_id", false),
            Field::new("published", DataType::Date32, true),
            utf8("article_source", true),
            i32f("sentence"),
            i32f("start"),
            i32f("end"),
            utf8("evidence", false),
            utf8("trigger", false),
            i32f("trigger_start"),
            i32f("trigger_end"),
            utf8("source_code", true),
            utf8("source_text", true),
            utf8("source_entity", true),
            Field::new("source_implicit", DataType::Boolean, true),
            utf8("target_code", true),
            utf8("target_text", true),
            utf8("target_entity", true),
            Field::new("target_implicit", DataType::Boolean, true),
            utf8("cameo", false),
            utf8("root", false),
            Field::new("quad", DataType::Int8, false),
            Field::new("goldstein", DataType::Float32, false),
            utf8("plover_type", false),
            utf8("plover_mode", false),
            Field::new("date", DataType::Date32, true),
            utf8("date_precision", true),
            utf8("modality", false),
            Field::new("confidence", DataType::Float32, false),
            utf8("place_text", true),
            i32f("place_start"),
            i32f("place_end"),
            Field::new("place_geonameid", DataType::Int64, true),
            utf8("place_name", true),
            utf8("place_country", true),
            utf8("place_adm1", true),
            Field::new("place_lat", DataType::Float64, true),
            Field::new("place_lon", DataType::Float64, true),
            utf8("place_precision", true),
        ];
        let meta = HashMap::from([(SCHEMA_KEY.to_string(), VERSION.to_string())]);
        Arc::new(Schema::new_with_metadata(fields, meta))
    })
    .clone()
}

#[derive(Default)]
struct Side {
    code: StringBuilder,
    text: StringBuilder,
    entity: StringBuilder,
    implicit: BooleanBuilder,
}

impl Side {
    fn append(&mut self, a: Option<&ActorRecord>) {
        self.code.append_option(a.map(|a| a.code));
        self.text.append_option(a.map(|a| a.text));
        self.entity.append_option(a.and_then(|a| a.entity));
        self.implicit.append_option(a.map(|a| a.implicit));
    }

    fn finish(&mut self, out: &mut Vec<ArrayRef>) {
        out.push(Arc::new(self.code.finish()));
        out.push(Arc::new(self.text.finish()));
        out.push(Arc::new(self.entity.finish()));
        out.push(Arc::new(self.implicit.finish()));
    }
}

/// Builds `events/1` record batches row by row.
#[derive(Default)]
pub struct EventBuilder {
    len: usize,
    doc_id: StringBuilder,
    event_id: StringBuilder,
    published: Date32Builder,
    article_source: StringBuilder,
    sentence: Int32Builder,
    start: Int32Builder,
    end: Int32Builder,
    evidence: StringBuilder,
    trigger: StringBuilder,
    trigger_start: Int32Builder,
    trigger_end: Int32Builder,
    source: Side,
    target: Side,
    cameo: StringBuilder,
    root: StringBuilder,
    quad: Int8Builder,
    goldstein: Float32Builder,
    plover_type: StringBuilder,
    plover_mode: StringBuilder,
    date: Date32Builder,
    date_precision: StringBuilder,
    modality: StringBuilder,
    confidence: Float32Builder,
    place_text: StringBuilder,
    place_start: Int32Builder,
    place_end: Int32Builder,
    place_geonameid: Int64Builder,
    place_name: StringBuilder,
    place_country: StringBuilder,
    place_adm1: StringBuilder,
    place_lat: Float64Builder,
    place_lon: Float64Builder,
    place_precision: StringBuilder,
}

impl TableBuilder for EventBuilder {
    type Row<'a> = EventRecord<'a>;

    fn schema() -> SchemaRef {
        schema()
    }

    fn len(&self) -> usize {
        self.len
    }

    fn append(&mut self, e: &EventRecord<'_>) {
        let i32o = |n: Option<usize>| n.map(i32_of);
        self.len += 1;
        self.doc_id.append_value(e.doc_id);
        self.event_id.append_value(e.event_id);
        self.published
            .append_option(e.published.and_then(parse_date).map(|d| d.0));
        self.article_source.append_option(e.article_source);
        self.sentence.append_option(i32o(e.sentence));
        self.start.append_option(i32o(e.start));
        self.end.append_option(i32o(e.end));
        self.evidence.append_value(e.evidence);
        self.trigger.append_value(e.trigger);
        self.trigger_start.append_option(i32o(e.trigger_start));
        self.trigger_end.append_option(i32o(e.trigger_end));
        self.source.append(e.source.as_ref());
        self.target.append(e.target.as_ref());
        self.cameo.append_value(e.cameo);
        self.root.append_value(e.root);
        // QuadClass is 1–4; anything out of i8 would be a bug upstream, kept visible as -1
        self.quad.append_value(i8::try_from(e.quad).unwrap_or(-1));
        self.goldstein.append_value(e.goldstein);
        self.plover_type.append_value(e.plover_type);
        self.plover_mode.append_value(e.plover_mode);
        let date = e.date.and_then(parse_date);
        self.date.append_option(date.map(|d| d.0));
        self.date_precision
            .append_option(date.map(|d| d.1.as_str()));
        self.modality.append_value(e.modality);
        self.confidence.append_value(e.confidence);
        let p = e.place.as_ref();
        self.place_text.append_option(p.map(|p| p.text));
        self.place_start.append_option(p.map(|p| i32_of(p.start)));
        self.place_end.append_option(p.map(|p| i32_of(p.end)));
        self.place_geonameid
            .append_option(p.and_then(|p| p.geonameid).map(i64::from));
        self.place_name.append_option(p.and_then(|p| p.name));
        self.place_country.append_option(p.and_then(|p| p.country));
        self.place_adm1.append_option(p.and_then(|p| p.adm1));
        self.place_lat.append_option(p.and_then(|p| p.lat));
        self.place_lon.append_option(p.and_then(|p| p.lon));
        self.place_precision
            .append_option(p.and_then(|p| p.precision));
    }

    fn finish(&mut self) -> Result<RecordBatch> {
        self.len = 0;
        let mut c: Vec<ArrayRef> = vec![
            Arc::new(self.doc_id.finish()),
            Arc::new(self.event_id.finish()),
            Arc::new(self.published.finish()),
            Arc::new(self.article_source.finish()),
            Arc::new(self.sentence.finish()),
            Arc::new(self.start.finish()),
            Arc::new(self.end.finish()),
            Arc::new(self.evidence.finish()),
            Arc::new(self.trigger.finish()),
            Arc::new(self.trigger_start.finish()),
            Arc::new(self.trigger_end.finish()),
        ];
        self.source.finish(&mut c);
        self.target.finish(&mut c);
        c.push(Arc::new(self.cameo.finish()));
        c.push(Arc::new(self.root.finish()));
        c.push(Arc::new(self.quad.finish()));
        c.push(Arc::new(self.goldstein.finish()));
        c.push(Arc::new(self.plover_type.finish()));
        c.push(Arc::new(self.plover_mode.finish()));
        c.push(Arc::new(self.date.finish()));
        c.push(Arc::new(self.date_precision.finish()));
        c.push(Arc::new(self.modality.finish()));
        c.push(Arc::new(self.confidence.finish()));
        c.push(Arc::new(self.place_text.finish()));
        c.push(Arc::new(self.place_start.finish()));
        c.push(Arc::new(self.place_end.finish()));
        c.push(Arc::new(self.place_geonameid.finish()));
        c.push(Arc::new(self.place_name.finish()));
        c.push(Arc::new(self.place_country.finish()));
        c.push(Arc::new(self.place_adm1.finish()));
        c.push(Arc::new(self.place_lat.finish()));
        c.push(Arc::new(self.place_lon.finish()));
        c.push(Arc::new(self.place_precision.finish()));
        Ok(RecordBatch::try_new(schema(), c)?)
    }
}
