//! Issue 16, item 3: only `ingest` creates a database. Every reader refuses a
//! missing file or one that is not a khabar store with a one-line reason and
//! exit 2, and leaves the file as it was; ingest refuses a foreign SQLite file.

mod common;

use common::khabar;
use std::path::Path;

/// Runs khabar; returns the exit code and stderr.
fn run(args: &[&str], db: &Path) -> (i32, String) {
    let out = khabar().args(args).arg("--db").arg(db).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every command that reads a store, as (arguments before `--db`).
const READERS: &[&[&str]] = &[
    &["search", "x"],
    &["events"],
    &["timeline", "IRN", "IRQ"],
    &["bench"],
    &["serve", "--port", "0"],
];

fn tables(db: &Path) -> Vec<String> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut st = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap();
    let names = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<Vec<String>, _>>()
        .unwrap();
    names
}

#[test]
fn readers_refuse_a_missing_file_and_create_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("typo.db");
    for args in READERS {
        let (code, err) = run(args, &db);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("no such khabar store"), "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: {err}");
        assert!(!db.exists(), "{args:?} created {}", db.display());
    }
}

#[test]
fn foreign_sqlite_files_are_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("other.db");
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute_batch(
        "CREATE TABLE articles (x); CREATE TABLE notes (y); INSERT INTO notes VALUES (1);",
    )
    .unwrap();
    drop(c);
    let before = tables(&db);
    let mut ingest: Vec<&[&str]> = vec![&["ingest", "examples", "--quiet"]];
    ingest.extend_from_slice(READERS);
    for args in ingest {
        let (code, err) = run(args, &db);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains("not a khabar store") && err.contains("notes"),
            "{args:?}: {err}"
        );
        assert_eq!(tables(&db), before, "{args:?} changed the foreign database");
    }
    // a file that is no SQLite at all
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "x".repeat(4096)).unwrap();
    let (code, err) = run(&["search", "x"], &text);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not an SQLite database"), "{err}");
}

#[test]
fn ingest_creates_a_store_the_readers_then_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let (code, err) = run(&["ingest", "examples", "--quiet"], &db);
    assert_eq!(code, 0, "{err}");
    let c = rusqlite::Connection::open(&db).unwrap();
    let app: i32 = c
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(app, khabar_store::APPLICATION_ID);
    drop(c);
    let (code, err) = run(&["search", "الحرس"], &db);
    assert_eq!(code, 0, "{err}");
    // the events filter --source reaches the query (it used to be taken as
    // the input's source name and ignored)
    let all = khabar().args(["events", "--db"]).arg(&db).output().unwrap();
    let none = khabar()
        .args(["events", "--source", "ZZZ", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(all.status.success() && none.status.success());
    assert!(!all.stdout.is_empty());
    assert!(none.stdout.is_empty(), "--source ZZZ matched events");
}
