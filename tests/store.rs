//! The store: idempotent ingest, Arabic search through clitics, and a process killed with
//! SIGKILL mid-ingest leaving a sound database that holds every batch it reported.

mod common;

use common::khabar;
use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;

#[test]
fn ingest_is_idempotent_and_search_sees_through_clitics() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    for _ in 0..2 {
        let st = khabar()
            .args(["ingest", "examples", "--quiet", "--db"])
            .arg(&db)
            .status()
            .unwrap();
        assert!(st.success());
        let s = khabar_store::Store::open_read_only(&db).unwrap();
        assert_eq!(
            s.count_articles().unwrap(),
            2,
            "the same articles twice are stored once"
        );
    }
    let out = khabar()
        .args(["search", "الحرس الثوري", "--format", "jsonl", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let hits: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(hits.len(), 1, "{text}");
    assert_eq!(hits[0]["doc_id"], "001_0acd3c927d4d0c19.txt");
    assert!(
        hits[0]["snippet"].as_str().unwrap().contains("⟦للحرس⟧"),
        "{text}"
    );
    let out = khabar()
        .args(["timeline", "IRQ", "IRN", "--by", "month", "--db"])
        .arg(&db)
        .arg("--svg")
        .arg(dir.path().join("t.svg"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let svg = std::fs::read_to_string(dir.path().join("t.svg")).unwrap();
    assert!(
        svg.starts_with("<svg") && svg.contains("<rect"),
        "a drawn chart"
    );
}

#[test]
fn kill_9_mid_ingest_leaves_every_reported_batch() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("many.jsonl");
    let seed = std::fs::read_to_string("examples/001_0acd3c927d4d0c19.txt").unwrap();
    let mut f = std::fs::File::create(&input).unwrap();
    for i in 0..6000 {
        // distinct content per line, so nothing is a duplicate
        let text = format!(
            "{} رقم {i}",
            &seed[..seed.len().min(1500)]
                .chars()
                .take(600)
                .collect::<String>()
        );
        writeln!(
            f,
            "{}",
            serde_json::json!({"id": format!("d{i}"), "text": text, "date": "2013-09-26"})
        )
        .unwrap();
    }
    drop(f);
    let db = dir.path().join("k.db");
    let mut child = khabar()
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .arg(&input)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut reported = 0usize;
    let mut batches = 0;
    for line in BufReader::new(stderr).lines() {
        let line = line.unwrap();
        if let Some(rest) = line.strip_prefix("khabar: committed batch ") {
            batches += 1;
            let n: usize = rest
                .split('(')
                .nth(1)
                .and_then(|x| x.split(' ').next())
                .and_then(|x| x.parse().ok())
                .unwrap();
            reported += n;
            if batches == 3 {
                child.kill().unwrap(); // SIGKILL on Unix
                break;
            }
        }
    }
    let _ = child.wait();
    assert!(batches >= 3, "ingest ended before three batches");
    let s = khabar_store::Store::open_read_only(&db).unwrap();
    assert!(s.integrity_ok().unwrap(), "integrity_check after kill -9");
    let n = s.count_articles().unwrap() as usize;
    assert!(n >= reported, "{n} stored < {reported} reported committed");
    assert!(n < 6000, "the kill came before the end");
}
