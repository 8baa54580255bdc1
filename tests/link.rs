//! Linking through the CLI: the seeds form one story of two events; near-duplicates cluster;
//! pair similarity prints the documented fields and trains from gold.

mod common;

use common::khabar;
use std::process::Command;

/// Runs `cmd` and requires success (showing its stderr otherwise).
fn run_ok(cmd: &mut Command) -> std::process::Output {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Runs `cmd`, requires success, and parses its stdout as JSON lines.
fn run_jsonl(cmd: &mut Command) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&run_ok(cmd).stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn seeds_are_one_story_of_two_events() {
    let stories = run_jsonl(khabar().args(["stories", "examples", "--quiet", "--format", "jsonl"]));
    assert_eq!(stories.len(), 1, "{stories:?}");
    let s = &stories[0];
    for field in ["story_id", "title", "articles", "events"] {
        assert!(s.get(field).is_some(), "missing {field}");
    }
    // in date order: 2013 first
    assert_eq!(
        s["articles"],
        serde_json::json!(["001_0acd3c927d4d0c19.txt", "000_a5b5b01d5677f13f.txt"])
    );
    let events = s["events"].as_array().unwrap();
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(
        events[0]["doc_ids"],
        serde_json::json!(["001_0acd3c927d4d0c19.txt"])
    );
    assert_eq!(
        events[1]["doc_ids"],
        serde_json::json!(["000_a5b5b01d5677f13f.txt"])
    );
    assert!(events[0]["date"].as_str().unwrap().starts_with("2013"));
    assert!(events[1]["date"].as_str().unwrap().starts_with("2020"));
    for e in events {
        for field in [
            "event_cluster",
            "doc_ids",
            "date",
            "cameo",
            "source",
            "target",
        ] {
            assert!(e.get(field).is_some(), "missing {field}");
        }
    }
}

fn write_jsonl(path: &std::path::Path, rows: &[serde_json::Value]) {
    let text: String = rows.iter().map(|r| r.to_string() + "\n").collect();
    std::fs::write(path, text).unwrap();
}

#[test]
fn dedup_groups_a_syndicated_copy_and_leaves_other_news() {
    let seed = std::fs::read_to_string("examples/001_0acd3c927d4d0c19.txt").unwrap();
    let other = std::fs::read_to_string("examples/000_a5b5b01d5677f13f.txt").unwrap();
    // a copy with the first sentence dropped and a sign-off added: a light edit
    let edited = format!(
        "{} المصدر: وكالات",
        seed.split_once('.').map(|x| x.1).unwrap_or(&seed)
    );
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("a.jsonl");
    write_jsonl(
        &f,
        &[
            serde_json::json!({"id": "orig", "source": "elaph", "text": seed}),
            serde_json::json!({"id": "copy", "source": "alriyadh", "text": edited}),
            serde_json::json!({"id": "other", "source": "aljazeera", "text": other}),
        ],
    );
    let clusters = run_jsonl(khabar().args(["dedup", "--quiet", "--json"]).arg(&f));
    assert_eq!(clusters.len(), 1, "{clusters:?}");
    let ids: Vec<&str> = clusters[0]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["doc_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["orig", "copy"]);
}

#[test]
fn similar_scores_two_articles_and_trains_on_gold_pairs() {
    let rows = run_jsonl(khabar().args([
        "similar",
        "examples/000_a5b5b01d5677f13f.txt",
        "examples/001_0acd3c927d4d0c19.txt",
    ]));
    let row = &rows[0];
    let keys: Vec<&String> = row.as_object().unwrap().keys().collect();
    for field in [
        "pair_id",
        "geography",
        "entities",
        "time",
        "narrative",
        "overall",
        "same_event",
        "same_story",
    ] {
        assert!(keys.iter().any(|k| *k == field), "missing {field}");
    }
    // same story (Iran–Iraq defence cooperation), not the same event (2013 vs 2020)
    assert_eq!(row["same_story"], true, "{row}");
    assert_eq!(row["same_event"], false, "{row}");

    // a gold file: each article with itself (1) and with the other (4)
    let a = std::fs::read_to_string("examples/000_a5b5b01d5677f13f.txt").unwrap();
    let b = std::fs::read_to_string("examples/001_0acd3c927d4d0c19.txt").unwrap();
    let mut rows = Vec::new();
    for i in 0..12 {
        let (t1, t2, g) = match i % 3 {
            0 => (&a, &a, 1.0),
            1 => (&b, &b, 1.0),
            _ => (&a, &b, 4.0),
        };
        rows.push(serde_json::json!({"pair_id": format!("p{i}"), "title1": "", "text1": t1, "title2": "", "text2": t2,
            "geography": g, "entities": g, "time": g, "narrative": g, "overall": g}));
    }
    let dir = tempfile::tempdir().unwrap();
    let pairs = dir.path().join("pairs.jsonl");
    write_jsonl(&pairs, &rows);
    let model = dir.path().join("model.txt");
    run_ok(
        khabar()
            .args(["similar", "--folds", "3", "--pairs"])
            .arg(&pairs)
            .arg("--train")
            .arg(&model),
    );
    let text = std::fs::read_to_string(&model).unwrap();
    assert!(text.starts_with("# source:"), "{text}");
    assert!(text.lines().any(|l| l.starts_with("overall\t")), "{text}");
}
