//! `--format parquet`: the file reads back with the documented schema and holds as many rows as
//! the JSON lines; partitions by month; articles with entities.

use arrow_array::cast::AsArray;
use arrow_array::Array;
use khabar_columnar::{file_schema, read_file, SCHEMA_KEY};
use std::path::Path;
use std::process::Command;

fn khabar(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(args)
        .output()
        .expect("run khabar")
}

fn rows(path: &Path) -> usize {
    read_file(path).unwrap().iter().map(|b| b.num_rows()).sum()
}

#[test]
fn events_parquet_has_the_jsonl_rows() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ev.parquet");
    let o = khabar(
        &["events", "examples/", "--format", "parquet", "--out"]
            .iter()
            .copied()
            .chain([out.to_str().unwrap()])
            .collect::<Vec<_>>(),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let j = khabar(&["events", "examples/", "--format", "jsonl"]);
    let lines: Vec<serde_json::Value> = String::from_utf8(j.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!lines.is_empty());
    assert_eq!(rows(&out), lines.len());
    let (schema, _) = file_schema(&out).unwrap();
    assert_eq!(
        schema.metadata().get(SCHEMA_KEY).map(String::as_str),
        Some("events/1")
    );
    let b = &read_file(&out).unwrap()[0];
    let ids = b.column_by_name("event_id").unwrap().as_string::<i32>();
    let cameo = b.column_by_name("cameo").unwrap().as_string::<i32>();
    for (i, l) in lines.iter().enumerate().take(b.num_rows()) {
        assert_eq!(ids.value(i), l["id"].as_str().unwrap());
        assert_eq!(cameo.value(i), l["cameo"].as_str().unwrap());
    }
    let date = b.column_by_name("date").unwrap();
    assert!(date.null_count() < date.len(), "events have dates");
}

#[test]
fn partitions_by_publication_month() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events");
    let o = khabar(&[
        "events",
        "examples/",
        "--format",
        "parquet",
        "--partition-by",
        "month",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // the example articles were published in November 2020 and September 2013
    let j = khabar(&["events", "examples/", "--format", "jsonl"]);
    let stdout = String::from_utf8(j.stdout).unwrap();
    for (month, doc) in [("2020-11", "000_"), ("2013-09", "001_")] {
        let part = out.join(format!("month={month}")).join("part-0.parquet");
        assert!(part.exists(), "{}", String::from_utf8_lossy(&o.stderr));
        let want = stdout
            .lines()
            .filter(|l| l.contains(&format!("\"doc_id\":\"{doc}")))
            .count();
        assert!(want > 0);
        assert_eq!(rows(&part), want, "{month}");
    }
}

#[test]
fn analyze_parquet_has_articles_with_entities() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.parquet");
    let o = khabar(&[
        "analyze",
        "examples/",
        "--format",
        "parquet",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let b = &read_file(&out).unwrap()[0];
    assert_eq!(b.num_rows(), 2);
    let ents = b.column_by_name("entities").unwrap().as_list::<i32>();
    assert!(ents.value_length(0) > 0);
    let e = ents.value(0);
    let types = e.as_struct().column_by_name("type").unwrap();
    assert!(types
        .as_string::<i32>()
        .iter()
        .any(|t| t == Some("COUNTRY")));
}

#[test]
fn parquet_flags_need_the_format_and_a_file() {
    let o = khabar(&["events", "examples/", "--format", "parquet"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--out"));
    let o = khabar(&["events", "examples/", "--out", "x.parquet"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!Path::new("x.parquet").exists());
}
