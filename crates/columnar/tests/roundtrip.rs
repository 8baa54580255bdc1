//! Rows written to Parquet read back with their types and values.

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int32Type, Int8Type};
use arrow_array::{Array, RecordBatch};
use khabar_columnar::articles::{ArticleBuilder, ArticleRecord, EntityRecord};
use khabar_columnar::events::{self, ActorRecord, EventBuilder, EventRecord, PlaceRecord};
use khabar_columnar::{file_schema, read_file, ParquetWriter, TableBuilder, SCHEMA_KEY};

fn event<'a>(doc: &'a str, id: &'a str, date: Option<&'a str>) -> EventRecord<'a> {
    EventRecord {
        doc_id: doc,
        event_id: id,
        published: Some("2015-07-03"),
        article_source: Some("spa"),
        sentence: Some(2),
        start: Some(10),
        end: Some(30),
        evidence: "طهران وبغداد ستوقّعان",
        trigger: "ستوقّعان",
        trigger_start: Some(23),
        trigger_end: Some(30),
        source: Some(ActorRecord {
            code: "IRNGOV",
            text: "طهران",
            entity: Some("E5"),
            implicit: false,
        }),
        target: None,
        cameo: "036",
        root: "03",
        quad: 1,
        goldstein: 4.0,
        plover_type: "AGREE",
        plover_mode: "",
        date,
        modality: "future",
        confidence: 0.75,
        place: Some(PlaceRecord {
            text: "عدن",
            start: 40,
            end: 43,
            geonameid: Some(415189),
            name: Some("Aden"),
            country: Some("YEM"),
            adm1: Some("02"),
            lat: Some(12.779444),
            lon: Some(45.036667),
            precision: Some("city"),
        }),
    }
}

/// The one batch a small test file reads back as.
fn one(mut batches: Vec<RecordBatch>) -> RecordBatch {
    assert_eq!(
        batches.len(),
        1,
        "a test file of a few rows reads as one batch"
    );
    batches.remove(0)
}

#[test]
fn events_round_trip_with_types() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.parquet");
    let mut w = ParquetWriter::<EventBuilder>::file(&path).unwrap();
    w.append(None, &event("d1", "d1#1", Some("2015-07-02")))
        .unwrap();
    w.append(None, &event("d1", "d1#2", Some("2014"))).unwrap();
    let mut odd = event("0042", "0042#1", None);
    odd.place = None;
    odd.target = Some(ActorRecord {
        code: "SAU",
        text: "السعودية",
        entity: None,
        implicit: true,
    });
    w.append(None, &odd).unwrap();
    let s = w.finish().unwrap();
    assert_eq!(s.rows, 3);
    let b = one(read_file(&path).unwrap());
    assert_eq!(b.num_rows(), 3);
    let (schema, groups) = file_schema(&path).unwrap();
    assert_eq!(groups, 1);
    assert_eq!(
        schema.metadata().get(SCHEMA_KEY).map(String::as_str),
        Some(events::VERSION)
    );
    assert_eq!(b.schema().fields(), events::schema().fields());
    let col = |n: &str| b.column_by_name(n).unwrap().clone();
    let doc = col("doc_id");
    assert_eq!(
        doc.as_string::<i32>().value(2),
        "0042",
        "leading zeros kept"
    );
    let date = col("date");
    let date = date.as_primitive::<Date32Type>();
    assert_eq!(date.value(0), 16618);
    assert_eq!(date.value(1), 16071, "a year is its first day");
    assert!(date.is_null(2));
    let prec = col("date_precision");
    let prec = prec.as_string::<i32>();
    assert_eq!((prec.value(0), prec.value(1)), ("day", "year"));
    assert!(prec.is_null(2));
    assert_eq!(col("cameo").as_string::<i32>().value(0), "036");
    assert_eq!(col("root").as_string::<i32>().value(0), "03");
    assert_eq!(col("quad").as_primitive::<Int8Type>().value(0), 1);
    assert_eq!(
        col("trigger_start").as_primitive::<Int32Type>().value(0),
        23
    );
    let lat = col("place_lat");
    let lat = lat.as_primitive::<Float64Type>();
    assert_eq!(lat.value(0), 12.779444);
    assert!(lat.is_null(2));
    assert!(col("target_code").is_null(0));
    assert_eq!(col("target_code").as_string::<i32>().value(2), "SAU");
    assert!(col("target_implicit").as_boolean().value(2));
    assert_eq!(
        col("published").as_primitive::<Date32Type>().value(0),
        16619
    );
}

#[test]
fn row_groups_are_written_as_rows_come() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.parquet");
    let mut w = ParquetWriter::<EventBuilder>::file(&path)
        .unwrap()
        .with_row_group_rows(2);
    let ids: Vec<String> = (0..5).map(|i| format!("d#{i}")).collect();
    for id in &ids {
        w.append(None, &event("d", id, Some("2015-07"))).unwrap();
    }
    let s = w.finish().unwrap();
    assert_eq!((s.rows, s.row_groups), (5, 3));
    assert_eq!(file_schema(&path).unwrap().1, 3);
    let n: usize = read_file(&path).unwrap().iter().map(|b| b.num_rows()).sum();
    assert_eq!(n, 5);
}

#[test]
fn empty_output_is_a_readable_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("none.parquet");
    let s = ParquetWriter::<EventBuilder>::file(&path)
        .unwrap()
        .finish()
        .unwrap();
    assert_eq!(s.rows, 0);
    let n: usize = read_file(&path).unwrap().iter().map(|b| b.num_rows()).sum();
    assert_eq!(n, 0);
}

#[test]
fn partitions_by_value_in_hive_layout() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = ParquetWriter::<EventBuilder>::partitioned(dir.path(), "month").unwrap();
    w.append(Some("2015-07"), &event("a", "a#1", None)).unwrap();
    w.append(Some("2015-08"), &event("b", "b#1", None)).unwrap();
    w.append(Some("2015-07"), &event("c", "c#1", None)).unwrap();
    w.append(None, &event("d", "d#1", None)).unwrap();
    assert!(w.append(Some("../x"), &event("e", "e#1", None)).is_err());
    let s = w.finish().unwrap();
    assert_eq!(s.files.len(), 3);
    let count = |m: &str| -> usize {
        let p = dir.path().join(format!("month={m}")).join("part-0.parquet");
        read_file(&p).unwrap().iter().map(|b| b.num_rows()).sum()
    };
    assert_eq!(count("2015-07"), 2);
    assert_eq!(count("2015-08"), 1);
    assert_eq!(count("__HIVE_DEFAULT_PARTITION__"), 1);
}

#[test]
fn articles_carry_their_entities() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.parquet");
    let ent = |id: &'static str, etype: &'static str| EntityRecord {
        id,
        text: "عدن",
        start: 1,
        end: 4,
        etype,
        name: "عدن",
        geonameid: Some(415189),
        lat: Some(12.5),
        ..Default::default()
    };
    let mut w = ParquetWriter::<ArticleBuilder>::file(&path).unwrap();
    w.append(
        None,
        &ArticleRecord {
            doc_id: "a",
            published: Some("2015-07-03"),
            text: "في عدن",
            sentences: 1,
            tokens: 2,
            events: 0,
            entities: vec![ent("E1", "PLACE"), ent("E2", "COUNTRY")],
            ..Default::default()
        },
    )
    .unwrap();
    w.append(
        None,
        &ArticleRecord {
            doc_id: "b",
            text: "لا شيء",
            ..Default::default()
        },
    )
    .unwrap();
    w.finish().unwrap();
    let b = one(read_file(&path).unwrap());
    assert_eq!(b.num_rows(), 2);
    let ents = b
        .column_by_name("entities")
        .unwrap()
        .as_list::<i32>()
        .clone();
    assert_eq!(ents.value_length(0), 2);
    assert_eq!(ents.value_length(1), 0);
    let first = ents.value(0);
    let first = first.as_struct();
    assert_eq!(
        first
            .column_by_name("type")
            .unwrap()
            .as_string::<i32>()
            .value(1),
        "COUNTRY"
    );
    assert!(first.column_by_name("role").unwrap().is_null(0));
    let mut builder = ArticleBuilder::default();
    assert!(builder.is_empty());
    assert_eq!(builder.finish().unwrap().num_rows(), 0);
}
