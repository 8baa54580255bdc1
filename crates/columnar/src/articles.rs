//! The articles table, schema `articles/1`: one row per article with its cleaned text and its
//! entities as a list of structs (what `khabar analyze --format parquet` writes; tokens and
//! sentence spans stay in the JSON form, they would multiply the file for little analysis use).

use crate::{i32_of, parse_date, Result, TableBuilder, SCHEMA_KEY};
use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int32Builder, Int64Builder, StringBuilder,
};
use arrow_array::{ArrayRef, ListArray, RecordBatch, StructArray};
use arrow_buffer::OffsetBuffer;
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

pub const VERSION: &str = "articles/1";

/// One entity mention (char offsets into the article's cleaned text).
#[derive(Debug, Clone, Default)]
pub struct EntityRecord<'a> {
    /// `E4`; mentions of one referent share it
    pub id: &'a str,
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    /// PERSON, ORG, COUNTRY or PLACE
    pub etype: &'a str,
    pub name: &'a str,
    pub role: Option<&'a str>,
    pub code: Option<&'a str>,
    pub country: Option<&'a str>,
    pub agent: Option<&'a str>,
    pub metonymy: bool,
    /// a resolved place's feature
    pub geonameid: Option<u32>,
    pub geo_name: Option<&'a str>,
    pub geo_country: Option<&'a str>,
    pub adm1: Option<&'a str>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub geo_precision: Option<&'a str>,
}

#[derive(Debug, Clone, Default)]
pub struct ArticleRecord<'a> {
    pub doc_id: &'a str,
    pub published: Option<&'a str>,
    pub title: Option<&'a str>,
    pub source: Option<&'a str>,
    pub url: Option<&'a str>,
    /// the cleaned text the offsets index
    pub text: &'a str,
    pub sentences: usize,
    pub tokens: usize,
    pub events: usize,
    pub entities: Vec<EntityRecord<'a>>,
}

fn entity_fields() -> Fields {
    let s = |n: &str, null: bool| Field::new(n, DataType::Utf8, null);
    Fields::from(vec![
        s("id", false),
        s("text", false),
        Field::new("start", DataType::Int32, false),
        Field::new("end", DataType::Int32, false),
        s("type", false),
        s("name", false),
        s("role", true),
        s("code", true),
        s("country", true),
        s("agent", true),
        Field::new("metonymy", DataType::Boolean, false),
        Field::new("geonameid", DataType::Int64, true),
        s("geo_name", true),
        s("geo_country", true),
        s("adm1", true),
        Field::new("lat", DataType::Float64, true),
        Field::new("lon", DataType::Float64, true),
        s("geo_precision", true),
    ])
}

fn entity_item() -> Arc<Field> {
    Arc::new(Field::new("item", DataType::Struct(entity_fields()), false))
}

/// The `articles/1` schema.
pub fn schema() -> SchemaRef {
    static S: OnceLock<SchemaRef> = OnceLock::new();
    S.get_or_init(|| {
        let fields = vec![
            Field::new("doc_id", DataType::Utf8, false),
            Field::new("published", DataType::Date32, true),
            Field::new("title", DataType::Utf8, true),
            Field::new("source", DataType::Utf8, true),
            Field::new("url", DataType::Utf8, true),
            Field::new("text", DataType::Utf8, false),
            Field::new("sentence_count", DataType::Int32, false),
            Field::new("token_count", DataType::Int32, false),
            Field::new("event_count", DataType::Int32, false),
            Field::new("entities", DataType::List(entity_item()), false),
        ];
        let meta = HashMap::from([(SCHEMA_KEY.to_string(), VERSION.to_string())]);
        Arc::new(Schema::new_with_metadata(fields, meta))
    })
    .clone()
}

#[derive(Default)]
struct Entities {
    offsets: Vec<i32>,
    id: StringBuilder,
    text: StringBuilder,
    start: Int32Builder,
    end: Int32Builder,
    etype: StringBuilder,
    name: StringBuilder,
    role: StringBuilder,
    code: StringBuilder,
    country: StringBuilder,
    agent: StringBuilder,
    metonymy: BooleanBuilder,
    geonameid: Int64Builder,
    geo_name: StringBuilder,
    geo_country: StringBuilder,
    adm1: StringBuilder,
    lat: Float64Builder,
    lon: Float64Builder,
    geo_precision: StringBuilder,
}

impl Entities {
    fn append(&mut self, list: &[EntityRecord]) {
        if self.offsets.is_empty() {
            self.offsets.push(0);
        }
        for e in list {
            self.id.append_value(e.id);
            self.text.append_value(e.text);
            self.start.append_value(i32_of(e.start));
            self.end.append_value(i32_of(e.end));
            self.etype.append_value(e.etype);
            self.name.append_value(e.name);
            self.role.append_option(e.role);
            self.code.append_option(e.code);
            self.country.append_option(e.country);
            self.agent.append_option(e.agent);
            self.metonymy.append_value(e.metonymy);
            self.geonameid.append_option(e.geonameid.map(i64::from));
            self.geo_name.append_option(e.geo_name);
            self.geo_country.append_option(e.geo_country);
            self.adm1.append_option(e.adm1);
            self.lat.append_option(e.lat);
            self.lon.append_option(e.lon);
            self.geo_precision.append_option(e.geo_precision);
        }
        let last = self.offsets.last().copied().unwrap_or(0);
        self.offsets.push(last.saturating_add(i32_of(list.len())));
    }

    fn finish(&mut self) -> Result<ListArray> {
        let cols: Vec<ArrayRef> = vec![
            Arc::new(self.id.finish()),
            Arc::new(self.text.finish()),
            Arc::new(self.start.finish()),
            Arc::new(self.end.finish()),
            Arc::new(self.etype.finish()),
            Arc::new(self.name.finish()),
            Arc::new(self.role.finish()),
            Arc::new(self.code.finish()),
            Arc::new(self.country.finish()),
            Arc::new(self.agent.finish()),
            Arc::new(self.metonymy.finish()),
            Arc::new(self.geonameid.finish()),
            Arc::new(self.geo_name.finish()),
            Arc::new(self.geo_country.finish()),
            Arc::new(self.adm1.finish()),
            Arc::new(self.lat.finish()),
            Arc::new(self.lon.finish()),
            Arc::new(self.geo_precision.finish()),
        ];
        let items = StructArray::try_new(entity_fields(), cols, None)?;
        let mut offsets = std::mem::take(&mut self.offsets);
        if offsets.is_empty() {
            offsets.push(0);
        }
        Ok(ListArray::try_new(
            entity_item(),
            OffsetBuffer::new(offsets.into()),
            Arc::new(items),
            None,
        )?)
    }
}

/// Builds `articles/1` record batches row by row.
#[derive(Default)]
pub struct ArticleBuilder {
    len: usize,
    doc_id: StringBuilder,
    published: Date32Builder,
    title: StringBuilder,
    source: StringBuilder,
    url: StringBuilder,
    text: StringBuilder,
    sentences: Int32Builder,
    tokens: Int32Builder,
    events: Int32Builder,
    entities: Entities,
}

impl TableBuilder for ArticleBuilder {
    type Row<'a> = ArticleRecord<'a>;

    fn schema() -> SchemaRef {
        schema()
    }

    fn len(&self) -> usize {
        self.len
    }

    fn append(&mut self, a: &ArticleRecord<'_>) {
        self.len += 1;
        self.doc_id.append_value(a.doc_id);
        self.published
            .append_option(a.published.and_then(parse_date).map(|d| d.0));
        self.title.append_option(a.title);
        self.source.append_option(a.source);
        self.url.append_option(a.url);
        self.text.append_value(a.text);
        self.sentences.append_value(i32_of(a.sentences));
        self.tokens.append_value(i32_of(a.tokens));
        self.events.append_value(i32_of(a.events));
        self.entities.append(&a.entities);
    }

    fn finish(&mut self) -> Result<RecordBatch> {
        self.len = 0;
        let c: Vec<ArrayRef> = vec![
            Arc::new(self.doc_id.finish()),
            Arc::new(self.published.finish()),
            Arc::new(self.title.finish()),
            Arc::new(self.source.finish()),
            Arc::new(self.url.finish()),
            Arc::new(self.text.finish()),
            Arc::new(self.sentences.finish()),
            Arc::new(self.tokens.finish()),
            Arc::new(self.events.finish()),
            Arc::new(self.entities.finish()?),
        ];
        Ok(RecordBatch::try_new(schema(), c)?)
    }
}
