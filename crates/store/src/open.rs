//! Opening a store: the schema, its migrations, and the checks that keep a
//! mistyped path from becoming a new database and a foreign SQLite file from
//! gaining our tables. Only [`Store::create_or_open`] (ingest) creates or
//! migrates; readers use [`Store::open_read_only`].

use crate::{Result, Store, StoreError};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

/// `PRAGMA application_id` of a khabar store: "KHBR".
pub const APPLICATION_ID: i32 = 0x4b48_4252;

/// Schema migrations; `user_version` = number applied.
const MIGRATIONS: &[&str] = &[
    // 1: articles, entities, events, full-text index
    "CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        title TEXT, source TEXT, published TEXT, url TEXT,
        text TEXT NOT NULL,
        analysis TEXT
     );
     CREATE INDEX articles_doc ON articles(doc_id);
     CREATE INDEX articles_published ON articles(published);
     CREATE TABLE entities (
        article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        eid TEXT NOT NULL, type TEXT NOT NULL, text TEXT NOT NULL,
        start INTEGER NOT NULL, end INTEGER NOT NULL,
        name TEXT, role TEXT, code TEXT, country TEXT
     );
     CREATE INDEX entities_article ON entities(article);
     CREATE INDEX entities_code ON entities(code);
     CREATE TABLE events (
        article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        eid TEXT NOT NULL, sentence INTEGER, start INTEGER, end INTEGER, evidence TEXT,
        trigger TEXT, source_code TEXT, source_text TEXT, target_code TEXT, target_text TEXT,
        cameo TEXT NOT NULL, root TEXT NOT NULL, quad INTEGER, goldstein REAL,
        plover_type TEXT, plover_mode TEXT, date TEXT, place TEXT, modality TEXT, confidence REAL
     );
     CREATE INDEX events_article ON events(article);
     CREATE INDEX events_dyad ON events(source_code, target_code);
     CREATE INDEX events_root ON events(root);
     CREATE INDEX events_date ON events(date);
     CREATE VIRTUAL TABLE search USING fts5(title, body, content='', tokenize='unicode61 remove_diacritics 0');",
    // 2: what story building needs of each article (opaque JSON from the linker), and the
    // stories, rebuilt over the whole database after each ingest
    "CREATE TABLE story_docs (
        article INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        doc TEXT NOT NULL
     );
     CREATE TABLE stories (
        story_id INTEGER PRIMARY KEY,
        title TEXT, dyad TEXT, start TEXT, end TEXT,
        n_articles INTEGER NOT NULL, n_events INTEGER NOT NULL,
        json TEXT NOT NULL
     );
     CREATE INDEX stories_dyad ON stories(dyad);
     CREATE TABLE story_articles (
        story_id INTEGER NOT NULL REFERENCES stories(story_id) ON DELETE CASCADE,
        doc_id TEXT NOT NULL
     );
     CREATE INDEX story_articles_doc ON story_articles(doc_id);",
    // 3: each event's place on the map (gazetteer feature id, name, country, ADM1, coordinates,
    // precision); stores from before keep their events unplaced (ingest skips known articles)
    "ALTER TABLE events ADD COLUMN place_feature TEXT;
     ALTER TABLE events ADD COLUMN place_name TEXT;
     ALTER TABLE events ADD COLUMN place_country TEXT;
     ALTER TABLE events ADD COLUMN place_adm1 TEXT;
     ALTER TABLE events ADD COLUMN lat REAL;
     ALTER TABLE events ADD COLUMN lon REAL;
     ALTER TABLE events ADD COLUMN place_precision TEXT;
     CREATE INDEX events_place ON events(place_feature);
     CREATE INDEX events_latlon ON events(lat, lon);",
    // 4: the leaner store (issue 18). Texts zstd-compressed (BLOB), entities without their
    // surface (derived from the text by char offsets) in article order without a rowid, story
    // documents as the caller's compact bytes, no unused entity-code index. Older rows cannot be
    // converted in SQL, so the tables start empty and ingest analyses every article again.
    "DROP TABLE story_articles; DROP TABLE stories; DROP TABLE story_docs; DROP TABLE search;
     DROP TABLE events; DROP TABLE entities; DROP TABLE articles;
     CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        title TEXT, source TEXT, published TEXT, url TEXT,
        text BLOB NOT NULL,
        analysis TEXT
     );
     CREATE INDEX articles_doc ON articles(doc_id);
     CREATE INDEX articles_published ON articles(published);
     CREATE TABLE entities (
        article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        eid TEXT NOT NULL, type TEXT NOT NULL,
        start INTEGER NOT NULL, end INTEGER NOT NULL,
        name TEXT, role TEXT, code TEXT, country TEXT,
        PRIMARY KEY (article, seq)
     ) WITHOUT ROWID;
     CREATE TABLE events (
        article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        eid TEXT NOT NULL, sentence INTEGER, start INTEGER, end INTEGER, evidence TEXT,
        trigger TEXT, source_code TEXT, source_text TEXT, target_code TEXT, target_text TEXT,
        cameo TEXT NOT NULL, root TEXT NOT NULL, quad INTEGER, goldstein REAL,
        plover_type TEXT, plover_mode TEXT, date TEXT, place TEXT, modality TEXT, confidence REAL,
        place_feature TEXT, place_name TEXT, place_country TEXT, place_adm1 TEXT,
        lat REAL, lon REAL, place_precision TEXT
     );
     CREATE INDEX events_article ON events(article);
     CREATE INDEX events_dyad ON events(source_code, target_code);
     CREATE INDEX events_root ON events(root);
     CREATE INDEX events_date ON events(date);
     CREATE INDEX events_place ON events(place_feature);
     CREATE INDEX events_latlon ON events(lat, lon);
     CREATE VIRTUAL TABLE search USING fts5(title, body, content='', tokenize='unicode61 remove_diacritics 0');
     CREATE TABLE story_docs (
        article INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        doc BLOB NOT NULL
     );
     CREATE TABLE stories (
        story_id INTEGER PRIMARY KEY,
        title TEXT, dyad TEXT, start TEXT, end TEXT,
        n_articles INTEGER NOT NULL, n_events INTEGER NOT NULL,
        json TEXT NOT NULL
     );
     CREATE INDEX stories_dyad ON stories(dyad);
     CREATE TABLE story_articles (
        story_id INTEGER NOT NULL REFERENCES stories(story_id) ON DELETE CASCADE,
        doc_id TEXT NOT NULL
     );
     CREATE INDEX story_articles_doc ON story_articles(doc_id);",
    // 5: the leaner store, second step (issue 18): texts compressed with a dictionary trained
    // on the store's own articles (`text_dicts`), events without the evidence and id that the
    // text and the doc id give back, story documents without the article's columns and with
    // 32-bit term hashes, entity ids and types as small integers, no URL equal to the doc id. The rows keep their columns but not their meaning, so the tables
    // start empty again and ingest analyses every article anew.
    "DELETE FROM story_articles; DELETE FROM stories; DELETE FROM story_docs;
     INSERT INTO search(search) VALUES('delete-all');
     DELETE FROM events; DROP TABLE entities; DELETE FROM articles;
     CREATE TABLE text_dicts (id INTEGER PRIMARY KEY, dict BLOB NOT NULL);
     -- eid and type without a declared type, so they keep integers: «E12» as 12, the four
     -- entity types as 0–3 (stored in the record header alone), anything else as text
     CREATE TABLE entities (
        article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        eid NOT NULL, type NOT NULL,
        start INTEGER NOT NULL, end INTEGER NOT NULL,
        name TEXT, role TEXT, code TEXT, country TEXT,
        PRIMARY KEY (article, seq)
     ) WITHOUT ROWID;",
    // 6: events by target code, so that an actor on either side is two index ranges, not a
    // scan of every event (the events API's pages and counts, issue 16)
    "CREATE INDEX events_target ON events(target_code);",
];

/// The tables each migration adds (FTS5 shadow tables included), to
/// recognise a store written before the application_id was set.
const TABLES: &[&[&str]] = &[
    &[
        "articles",
        "entities",
        "events",
        "search",
        "search_data",
        "search_idx",
        "search_docsize",
        "search_config",
    ],
    &["story_docs", "stories", "story_articles"],
    &[],
    &[],
    &["text_dicts"],
    &[],
];

/// Stores older than this schema lose their rows on upgrade (migrations 4 and 5 start the
/// tables afresh): ingest says so and analyses every article again.
const EMPTIED_BY: i64 = 5;

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

fn damaged(path: &Path, e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => StoreError::Foreign {
            path: path.display().to_string(),
            why: "not an SQLite database".into(),
        },
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => StoreError::Damaged(e.to_string()),
        _ => StoreError::Sqlite(e),
    }
}

/// What a file holds, by its application_id, version and tables.
enum Kind {
    /// no tables at all (a new or empty file)
    Empty,
    /// ours, at this schema version
    Khabar(i64),
}

fn inspect(conn: &Connection, path: &Path) -> Result<Kind> {
    let foreign = |why: String| StoreError::Foreign {
        path: path.display().to_string(),
        why,
    };
    let app: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(|e| damaged(path, e))?;
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| damaged(path, e))?;
    let mut st = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .map_err(|e| damaged(path, e))?;
    let tables: Vec<String> = st
        .query_map([], |r| r.get(0))
        .and_then(|rows| rows.collect())
        .map_err(|e| damaged(path, e))?;
    if app != 0 && app != APPLICATION_ID {
        return Err(foreign(format!(
            "application_id {app:#x} belongs to another program"
        )));
    }
    if app == 0 && tables.is_empty() && version == 0 {
        return Ok(Kind::Empty);
    }
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    // a store without the application_id (written before it was set) is
    // recognised by holding exactly the tables of its schema version
    let ours: Vec<&str> = TABLES.iter().flat_map(|t| t.iter().copied()).collect();
    let extra: Vec<&str> = tables
        .iter()
        .map(String::as_str)
        .filter(|t| !ours.contains(t))
        .collect();
    let wanted = TABLES
        .iter()
        .take(version.max(0) as usize)
        .flat_map(|t| t.iter());
    let missing: Vec<&str> = wanted
        .filter(|t| !tables.iter().any(|x| x == *t))
        .copied()
        .collect();
    if app == 0 && (version == 0 || !extra.is_empty()) {
        // without a schema version even tables named like ours are not ours
        let mut names: Vec<&str> = if extra.is_empty() {
            tables.iter().map(String::as_str).collect()
        } else {
            extra
        };
        names.truncate(5);
        return Err(foreign(format!(
            "an SQLite database with other tables ({})",
            names.join(", ")
        )));
    }
    if !missing.is_empty() {
        return Err(StoreError::Damaged(format!(
            "schema {version} without table(s) {}",
            missing.join(", ")
        )));
    }
    Ok(Kind::Khabar(version))
}

/// How much of a store readers map into memory (address space, not memory: the pages are the
/// kernel's file cache, shared by every connection).
const MMAP_BYTES: i64 = 1 << 30;

impl Store {
    /// For `khabar ingest`: creates the file if missing, migrates an older
    /// store, and refuses a file that is not a khabar store.
    pub fn create_or_open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path)?;
        let kind = inspect(&conn, path)?;
        if matches!(kind, Kind::Empty) {
            // before the first table: compressed texts (~1 KB) leave less slack on large pages
            conn.pragma_update(None, "page_size", 16384)?;
        }
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let from = match kind {
            Kind::Empty => 0,
            Kind::Khabar(v) => v,
        };
        migrate(&conn, from)?;
        Store::with_dicts(conn, (1..EMPTIED_BY).contains(&from).then_some(from))
    }

    /// For every reader (search, events, serve, stories, bench): never
    /// creates or writes; refuses a missing file, a foreign one, and a store
    /// of another schema version, each with a one-line reason.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        if !path.is_file() {
            return Err(StoreError::Missing {
                path: path.display().to_string(),
            });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| damaged(path, e))?;
        match inspect(&conn, path)? {
            Kind::Empty => Err(StoreError::Foreign {
                path: path.display().to_string(),
                why: "an empty file".into(),
            }),
            Kind::Khabar(v) if v < SCHEMA_VERSION => Err(StoreError::TooOld {
                path: path.display().to_string(),
                found: v,
                supported: SCHEMA_VERSION,
            }),
            Kind::Khabar(_) => {
                conn.busy_timeout(std::time::Duration::from_secs(10))?;
                conn.pragma_update(None, "query_only", "ON")?;
                // reads through a shared memory map instead of a read() copy per page: a
                // server's connections scanned the same pages through the kernel on every
                // query (most of its CPU under load). The store only ever grows (nothing here
                // vacuums), so the map never outlives the file's end.
                conn.pragma_update(None, "mmap_size", MMAP_BYTES)?;
                Store::with_dicts(conn, None)
            }
        }
    }

    /// A fresh store in memory (tests, demo).
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate(&conn, 0)?;
        Store::with_dicts(conn, None)
    }

    /// The store on `conn` with its text dictionaries loaded: the newest for writing, every
    /// one for reading.
    fn with_dicts(conn: Connection, upgraded_from: Option<i64>) -> Result<Store> {
        let mut dict = None;
        {
            let mut st = conn.prepare("SELECT dict FROM text_dicts ORDER BY rowid")?;
            let rows = st.query_map([], |r| r.get::<_, Vec<u8>>(0))?;
            for bytes in rows {
                let bytes = bytes?;
                dict = Some(crate::texts::load(&bytes).ok_or_else(|| {
                    StoreError::Damaged(
                        "text_dicts holds something that is not a zstd dictionary".into(),
                    )
                })?);
            }
        }
        Ok(Store {
            conn,
            upgraded_from,
            dict,
        })
    }

    /// The schema version this store had before `create_or_open` emptied it for the current
    /// one, if it did.
    pub fn upgraded_from(&self) -> Option<i64> {
        self.upgraded_from
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// Stops any query of this connection that runs past `deadline` with
    /// [`StoreError::Interrupted`]: checked every few thousand SQLite VM
    /// steps, so the work ends instead of running on after the caller gave
    /// up (a timed-out search used to burn CPU for another 30 s).
    pub fn set_deadline(&self, deadline: std::time::Instant) {
        self.conn
            .progress_handler(4096, Some(move || std::time::Instant::now() >= deadline));
    }

    pub fn application_id(&self) -> Result<i32> {
        Ok(self
            .conn
            .pragma_query_value(None, "application_id", |r| r.get(0))?)
    }
}

/// Applies the migrations after `from`, each in one transaction, and stamps
/// the application_id (also on stores written before it was set).
fn migrate(conn: &Connection, from: i64) -> Result<()> {
    for (i, m) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(m)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.commit()?;
    }
    let app: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    if app != APPLICATION_ID {
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(r: Result<Store>) -> String {
        match r {
            Ok(_) => "opened".into(),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn readers_never_create_and_refuse_foreign_files() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("typo.db");
        assert!(err(Store::open_read_only(&missing)).contains("no such khabar store"));
        assert!(!missing.exists(), "a reader created the file");

        let only_articles = dir.path().join("articles.db");
        let c = Connection::open(&only_articles).unwrap();
        c.execute_batch("CREATE TABLE articles (x);").unwrap();
        drop(c);
        let e = err(Store::create_or_open(&only_articles));
        assert!(e.contains("other tables (articles)"), "{e}");

        let foreign = dir.path().join("other.db");
        let c = Connection::open(&foreign).unwrap();
        c.execute_batch("CREATE TABLE articles (x); CREATE TABLE mine (y);")
            .unwrap();
        drop(c);
        let e = err(Store::open_read_only(&foreign));
        assert!(
            e.contains("not a khabar store") && e.contains("mine"),
            "{e}"
        );
        let e = err(Store::create_or_open(&foreign));
        assert!(e.contains("not a khabar store"), "{e}");
        let c = Connection::open(&foreign).unwrap();
        let n: i64 = c
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 2, "ingest modified a foreign database");

        let other_app = dir.path().join("app.db");
        let c = Connection::open(&other_app).unwrap();
        c.pragma_update(None, "application_id", 7).unwrap();
        drop(c);
        assert!(err(Store::create_or_open(&other_app)).contains("another program"));

        let text = dir.path().join("notes.db");
        std::fs::write(&text, "just some text, long enough to be read as a header ........................................................................").unwrap();
        let e = err(Store::open_read_only(&text));
        assert!(e.contains("not an SQLite database"), "{e}");
        assert!(err(Store::open_read_only(&dir.path().join("empty.db"))).contains("no such"));
    }

    #[test]
    fn ingest_creates_readers_open_and_old_stores_are_recognised() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("k.db");
        drop(Store::create_or_open(&db).unwrap());
        let s = Store::open_read_only(&db).unwrap();
        assert_eq!(s.application_id().unwrap(), APPLICATION_ID);
        assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
        assert!(s.count_articles().is_ok());
        drop(s);

        // a store from before the application_id: our tables, id 0
        let old = dir.path().join("old.db");
        let c = Connection::open(&old).unwrap();
        for (i, m) in MIGRATIONS.iter().enumerate() {
            c.execute_batch(m).unwrap();
            c.pragma_update(None, "user_version", (i + 1) as i64)
                .unwrap();
        }
        drop(c);
        assert!(Store::open_read_only(&old).is_ok());
        drop(Store::create_or_open(&old).unwrap());
        let s = Store::open_read_only(&old).unwrap();
        assert_eq!(s.application_id().unwrap(), APPLICATION_ID);
        drop(s);

        // schema 1 of before stories: readers ask for an ingest first
        let v1 = dir.path().join("v1.db");
        let c = Connection::open(&v1).unwrap();
        c.execute_batch(MIGRATIONS[0]).unwrap();
        c.pragma_update(None, "user_version", 1).unwrap();
        drop(c);
        let e = err(Store::open_read_only(&v1));
        assert!(e.contains("schema version 1"), "{e}");
        drop(Store::create_or_open(&v1).unwrap());
        assert!(Store::open_read_only(&v1).is_ok());
    }
}
