//! khabar-store: analyzed articles, entities and events in SQLite.
//!
//! Main types:
//! - [`Store`] — an open database (WAL, foreign keys, schema migrations by `user_version`,
//!   `application_id` "KHBR"): [`Store::create_or_open`] for ingest, [`Store::open_read_only`]
//!   for everything else.
//! - [`ArticleRow`], [`EntityRow`], [`EventRow`] — what the pipeline hands over; the store
//!   knows nothing of Arabic: the caller gives each article its search text already in
//!   matching form (clitics split, letters folded) and normalizes queries the same way.
//! - [`EventFilter`], [`TimelineRow`], [`SearchHit`], [`StoryFilter`] — queries.
//! - [`StoryRow`] — stories as the linker built them, replaced whole after each ingest.
//!
//! Invariants: an article is stored once per content hash (idempotent ingest); every batch is
//! one transaction, so a killed process leaves only whole batches; queries never write.

pub mod calendar;
mod cursor;
mod events;
mod geo;
mod open;
mod partners;
mod texts;

pub use cursor::Cursor;
pub use events::{
    ArticleMeta, Edge, EventFilter, EventSort, TimelineRow, MAX_PERIODS, TIMELINE_MODALITIES,
};
pub use geo::{GeoRow, MapRow};
pub use partners::{Partner, Partners};

pub use open::{APPLICATION_ID, SCHEMA_VERSION};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use texts::{compress, decompress};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("sqlite: {0}")]
    Sqlite(#[source] rusqlite::Error),
    /// a query stopped at its deadline ([`Store::set_deadline`])
    #[error("query interrupted at its time limit")]
    Interrupted,
    #[error("database schema version {found} is newer than this khabar ({supported})")]
    TooNew { found: i64, supported: i64 },
    #[error("{path}: no such khabar store (only `khabar ingest` creates one)")]
    Missing { path: String },
    #[error("{path}: not a khabar store: {why}")]
    Foreign { path: String, why: String },
    #[error("{path}: schema version {found} is older than this khabar's ({supported}); run `khabar ingest` on it once to upgrade it")]
    TooOld {
        path: String,
        found: i64,
        supported: i64,
    },
    #[error("the store is damaged: {0}")]
    Damaged(String),
    #[error("bad query parameter: {0}")]
    BadParam(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// SQLite errors sorted by whose fault they are: an interrupted query, a
/// damaged file (corrupt pages, or values of the wrong type where our schema
/// has its own — a caller's bad parameter can cause neither), or other.
impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::{Error as E, ErrorCode as C};
        match &e {
            _ if e.sqlite_error_code() == Some(C::OperationInterrupted) => StoreError::Interrupted,
            _ if matches!(
                e.sqlite_error_code(),
                Some(C::DatabaseCorrupt | C::NotADatabase)
            ) =>
            {
                StoreError::Damaged(e.to_string())
            }
            E::FromSqlConversionFailure(..)
            | E::InvalidColumnType(..)
            | E::IntegralValueOutOfRange(..) => StoreError::Damaged(e.to_string()),
            _ => StoreError::Sqlite(e),
        }
    }
}

/// A story as stored: the summary columns and the full JSON object
/// (`{"story_id","title","articles","events",…}`) the linker produced.
#[derive(Debug, Clone, Default)]
pub struct StoryRow {
    pub story_id: i64,
    pub title: String,
    /// e.g. `IRN-IRQ`
    pub dyad: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub articles: Vec<String>,
    pub n_events: i64,
    pub json: String,
}

/// Story query filters (empty: all).
#[derive(Debug, Clone, Default)]
pub struct StoryFilter {
    /// a country code on either side of the dyad
    pub actor: Option<String>,
    /// stories holding this article
    pub doc_id: Option<String>,
    pub story_id: Option<i64>,
    /// at least this many articles
    pub min_articles: i64,
    pub limit: usize,
    pub offset: usize,
}

#[derive(Debug, Clone, Default)]
pub struct ArticleRow {
    pub doc_id: String,
    /// content hash (caller's choice of function; equal content → equal hash)
    pub hash: String,
    pub title: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub text: String,
    /// search forms, space-separated
    pub search_title: String,
    pub search_body: String,
    /// the full analysis JSON, kept for the article view
    pub analysis: Option<String>,
    /// what story building needs of the article (opaque bytes from the caller)
    pub story_doc: Option<Vec<u8>>,
    pub entities: Vec<EntityRow>,
    pub events: Vec<EventRow>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct EntityRow {
    pub eid: String,
    #[serde(rename = "type")]
    pub etype: String,
    pub text: String,
    pub start: i64,
    pub end: i64,
    pub name: Option<String>,
    pub role: Option<String>,
    pub code: Option<String>,
    pub country: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct EventRow {
    pub doc_id: String,
    pub eid: String,
    pub sentence: i64,
    pub start: i64,
    pub end: i64,
    pub evidence: String,
    pub trigger: String,
    pub source_code: Option<String>,
    pub source_text: Option<String>,
    pub target_code: Option<String>,
    pub target_text: Option<String>,
    pub cameo: String,
    pub root: String,
    pub quad: i64,
    pub goldstein: f64,
    pub plover_type: String,
    pub plover_mode: String,
    pub date: Option<String>,
    pub place: Option<String>,
    pub modality: String,
    pub confidence: f64,
    /// where the place is on the map, when it resolved
    pub geo: Option<GeoRow>,
    /// `day`, `month` or `year`: how much of `date` is known (filled on reading)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_precision: Option<String>,
    /// the article's title, outlet, publication date and URL (filled on reading)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// GDELT's NumMentions, NumSources, NumArticles: the reports of this event across the
    /// store (its event cluster), filled by the caller that knows the clusters
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mentions: Option<Mentions>,
}

/// How widely an event was reported: GDELT's NumMentions (reports of it, several in one
/// article counting apart), NumSources (outlets) and NumArticles (articles).
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Mentions {
    pub num_mentions: i64,
    pub num_sources: i64,
    pub num_articles: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    pub doc_id: String,
    pub title: Option<String>,
    pub score: f64,
    pub published: Option<String>,
    pub outlet: Option<String>,
    #[serde(skip)]
    pub text: String,
    #[serde(skip)]
    pub id: i64,
}

/// Entity ids as stored: «E12» as the integer 12, any other id as its text.
mod entity_id {
    use rusqlite::types::Value;
    pub fn encode(eid: &str) -> Value {
        match eid.strip_prefix('E').and_then(|n| n.parse::<i64>().ok()) {
            Some(n) if n >= 0 && format!("E{n}") == eid => Value::Integer(n),
            _ => Value::Text(eid.to_string()),
        }
    }
    pub fn decode(v: Value) -> String {
        match v {
            Value::Integer(n) => format!("E{n}"),
            Value::Text(t) => t,
            _ => String::new(),
        }
    }
}

/// Entity types as stored: the four the extractor gives as 0–3, any other as its text.
mod entity_type {
    use rusqlite::types::Value;
    const TYPES: [&str; 4] = ["PERSON", "ORG", "COUNTRY", "PLACE"];
    pub fn encode(t: &str) -> Value {
        match TYPES.iter().position(|x| *x == t) {
            Some(i) => Value::Integer(i as i64),
            None => Value::Text(t.to_string()),
        }
    }
    pub fn decode(v: Value) -> String {
        match v {
            Value::Integer(i) => TYPES.get(i as usize).copied().unwrap_or("").to_string(),
            Value::Text(t) => t,
            _ => String::new(),
        }
    }
}

/// A story document as stored (the caller's bytes) and the article columns it may leave out.
#[derive(Debug, Clone, Default)]
pub struct StoredDoc {
    pub doc: Vec<u8>,
    pub doc_id: String,
    pub title: Option<String>,
    pub published: Option<String>,
}

/// Outcome of adding one batch.
#[derive(Debug, Default, Clone, Copy)]
pub struct BatchResult {
    pub added: usize,
    pub duplicates: usize,
}

/// A full-text query: terms in matching form, optional publication range and outlet, ranked
/// by relevance or newest first.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    pub terms: Vec<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub outlet: Option<String>,
    pub by_date: bool,
    pub limit: usize,
    pub offset: usize,
}

/// The FTS5 expression of terms (each quoted), none when no term is left.
fn match_expr(terms: &[String]) -> Option<String> {
    let t: Vec<String> = terms
        .iter()
        .filter(|t| !t.is_empty())
        .map(|t| format!("\"{}\"", t.replace('"', "")))
        .collect();
    (!t.is_empty()).then(|| t.join(" "))
}

pub struct Store {
    conn: Connection,
    /// the schema a store had before ingest emptied it for this one
    upgraded_from: Option<i64>,
    /// the dictionary new texts are compressed with, once the store has one
    dict: Option<texts::TextDict>,
}

/// The chars `start..end` of `text` (entity offsets are in chars).
pub(crate) fn char_slice(text: &str, start: i64, end: i64) -> String {
    let (s, e) = (start.max(0) as usize, end.max(0) as usize);
    text.chars().skip(s).take(e.saturating_sub(s)).collect()
}

impl Store {
    /// Is an article with this content hash stored?
    pub fn has_hash(&self, hash: &str) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM articles WHERE hash = ?1", [hash], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// The content hashes of every stored article (ingest skips them before analysing).
    pub fn hashes(&self) -> Result<Vec<String>> {
        let mut st = self.conn.prepare("SELECT hash FROM articles")?;
        let rows = st.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Adds a batch in one transaction; articles already stored (same hash) are skipped.
    pub fn add_batch(&mut self, batch: &[ArticleRow]) -> Result<BatchResult> {
        if self.dict.is_none() && batch.len() >= texts::MIN_SAMPLES {
            self.train_dict(batch)?;
        }
        let mut dict = self.dict.as_mut();
        let tx = self.conn.transaction()?;
        let mut res = BatchResult::default();
        {
            let mut ins = tx.prepare_cached("INSERT OR IGNORE INTO articles (doc_id, hash, title, source, published, url, text, analysis) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)")?;
            let mut fts =
                tx.prepare_cached("INSERT INTO search (rowid, title, body) VALUES (?1, ?2, ?3)")?;
            let mut sdoc =
                tx.prepare_cached("INSERT INTO story_docs (article, doc) VALUES (?1, ?2)")?;
            // the surface is not stored (it is the text at the offsets), nor a name equal to it
            let mut ent = tx.prepare_cached("INSERT INTO entities (article, seq, eid, type, start, end, name, role, code, country) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)")?;
            let mut evt = tx.prepare_cached(
                "INSERT INTO events (article, eid, sentence, start, end, evidence, trigger, source_code, source_text, target_code, target_text, cameo, root, quad, goldstein, plover_type, plover_mode, date, place, modality, confidence, place_feature, place_name, place_country, place_adm1, lat, lon, place_precision)
                 VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,?27,?28)",
            )?;
            for a in batch {
                let n = ins.execute(params![
                    a.doc_id,
                    a.hash,
                    a.title,
                    a.source,
                    a.published,
                    // NULL: the URL is the doc id (as in most crawls); '': no URL
                    match &a.url {
                        Some(u) if *u == a.doc_id => None,
                        Some(u) => Some(u.as_str()),
                        None => Some(""),
                    },
                    compress(&a.text, dict.as_deref_mut())?,
                    a.analysis
                ])?;
                if n == 0 {
                    res.duplicates += 1;
                    continue;
                }
                res.added += 1;
                let id = tx.last_insert_rowid();
                fts.execute(params![id, a.search_title, a.search_body])?;
                if let Some(d) = &a.story_doc {
                    sdoc.execute(params![id, d])?;
                }
                for (seq, e) in a.entities.iter().enumerate() {
                    // NULL: the name is the surface; '' : no name
                    let name = match &e.name {
                        Some(n) if *n == e.text => None,
                        Some(n) => Some(n.as_str()),
                        None => Some(""),
                    };
                    ent.execute(params![
                        id,
                        seq as i64,
                        entity_id::encode(&e.eid),
                        entity_type::encode(&e.etype),
                        e.start,
                        e.end,
                        name,
                        e.role,
                        e.code,
                        e.country
                    ])?;
                }
                for e in &a.events {
                    // what the doc id and the text give back is not stored (issue 18)
                    let eid = match e.eid.strip_prefix(a.doc_id.as_str()) {
                        Some(n) if n.starts_with('#') => n,
                        _ => e.eid.as_str(),
                    };
                    let evidence = (char_slice(&a.text, e.start, e.end) != e.evidence)
                        .then_some(e.evidence.as_str());
                    evt.execute(params![
                        id,
                        eid,
                        e.sentence,
                        e.start,
                        e.end,
                        evidence,
                        e.trigger,
                        e.source_code,
                        e.source_text,
                        e.target_code,
                        e.target_text,
                        e.cameo,
                        e.root,
                        e.quad,
                        e.goldstein,
                        e.plover_type,
                        e.plover_mode,
                        e.date,
                        e.place,
                        e.modality,
                        e.confidence,
                        e.geo.as_ref().map(|g| &g.feature),
                        e.geo.as_ref().map(|g| &g.name),
                        e.geo.as_ref().map(|g| &g.country),
                        e.geo.as_ref().map(|g| &g.adm1),
                        e.geo.as_ref().map(|g| g.lat),
                        e.geo.as_ref().map(|g| g.lon),
                        e.geo.as_ref().map(|g| &g.precision),
                    ])?;
                }
            }
        }
        tx.commit()?;
        Ok(res)
    }

    /// Trains the store's text dictionary on the texts of the first batch large enough, and keeps
    /// it in `text_dicts` (its own transaction: a killed ingest keeps it or not, either is whole).
    fn train_dict(&mut self, batch: &[ArticleRow]) -> Result<()> {
        let sample: Vec<&str> = batch.iter().map(|a| a.text.as_str()).collect();
        let Some(bytes) = texts::train(&sample) else {
            return Ok(());
        };
        let Some(d) = texts::load(&bytes) else {
            return Ok(());
        };
        self.conn.execute(
            "INSERT OR REPLACE INTO text_dicts (id, dict) VALUES (?1, ?2)",
            params![i64::from(d.id), bytes],
        )?;
        self.dict = Some(d);
        Ok(())
    }

    /// Every article's story document with the article columns it leaves out, in storage order.
    pub fn story_docs(&self) -> Result<Vec<StoredDoc>> {
        let mut st = self.conn.prepare(
            "SELECT s.doc, a.doc_id, a.title, a.published FROM story_docs s JOIN articles a ON a.id = s.article ORDER BY s.article",
        )?;
        let rows = st.query_map([], |r| {
            Ok(StoredDoc {
                doc: r.get(0)?,
                doc_id: r.get(1)?,
                title: r.get(2)?,
                published: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Replaces all stories in one transaction.
    pub fn replace_stories(&mut self, stories: &[StoryRow]) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM story_articles", [])?;
        tx.execute("DELETE FROM stories", [])?;
        {
            let mut ins = tx.prepare_cached("INSERT INTO stories (story_id, title, dyad, start, end, n_articles, n_events, json) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)")?;
            let mut art =
                tx.prepare_cached("INSERT INTO story_articles (story_id, doc_id) VALUES (?1, ?2)")?;
            for s in stories {
                ins.execute(params![
                    s.story_id,
                    s.title,
                    s.dyad,
                    s.start,
                    s.end,
                    s.articles.len() as i64,
                    s.n_events,
                    s.json
                ])?;
                for d in &s.articles {
                    art.execute(params![s.story_id, d])?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Stories (their JSON objects), largest first.
    pub fn stories(&self, f: &StoryFilter) -> Result<Vec<String>> {
        let mut sql = String::from("SELECT json FROM stories s WHERE n_articles >= ?1");
        let mut args: Vec<rusqlite::types::Value> = vec![f.min_articles.into()];
        if let Some(a) = f.actor.as_deref().filter(|a| !a.is_empty()) {
            args.push(a.to_string().into());
            let n = args.len();
            sql.push_str(&format!(
                " AND (substr(dyad, 1, 3) = ?{n} OR substr(dyad, 5, 3) = ?{n})"
            ));
        }
        if let Some(d) = f.doc_id.as_deref() {
            args.push(d.to_string().into());
            sql.push_str(&format!(
                " AND story_id IN (SELECT story_id FROM story_articles WHERE doc_id = ?{})",
                args.len()
            ));
        }
        if let Some(id) = f.story_id {
            args.push(id.into());
            sql.push_str(&format!(" AND story_id = ?{}", args.len()));
        }
        sql.push_str(&format!(
            " ORDER BY n_articles DESC, story_id LIMIT {} OFFSET {}",
            f.limit.max(1),
            f.offset
        ));
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(args), |r| r.get(0))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    pub fn count_articles(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?)
    }

    pub fn count_events(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM events", [], |r| r.get(0))?)
    }

    pub fn integrity_ok(&self) -> Result<bool> {
        let s: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        Ok(s == "ok")
    }

    /// A page of [`SearchQuery`] and the number of all its hits.
    pub fn search_page(&self, q: &SearchQuery) -> Result<(i64, Vec<SearchHit>)> {
        let Some(m) = match_expr(&q.terms) else {
            return Ok((0, Vec::new()));
        };
        let mut w = String::new();
        let mut args: Vec<String> = vec![m];
        if let Some(f) = &q.from {
            args.push(f.clone());
            w.push_str(&format!(" AND a.published >= ?{}", args.len()));
        }
        if let Some(t) = &q.to {
            args.push(t.clone());
            let n = args.len();
            w.push_str(&format!(
                " AND substr(a.published, 1, length(?{n})) <= ?{n}"
            ));
        }
        if let Some(o) = &q.outlet {
            args.push(o.clone());
            w.push_str(&format!(" AND a.source = ?{}", args.len()));
        }
        // the articles table only where a filter or the order needs it: the index's rowids
        // are the articles' ids, and looking each match up in articles was half the cost of
        // a plain search (twice: the count and the ranking)
        let join = !w.is_empty() || q.by_date;
        let total: i64 = self.conn.prepare_cached(&if join {
            format!("SELECT count(*) FROM search JOIN articles a ON a.id = search.rowid WHERE search MATCH ?1{w}")
        } else {
            "SELECT count(*) FROM search WHERE search MATCH ?1".to_string()
        })?.query_row(
            rusqlite::params_from_iter(args.iter()),
            |r| r.get(0),
        )?;
        let order = if q.by_date {
            "a.published DESC, r.score, r.rid"
        } else {
            "r.score, r.rid"
        };
        let from = if join {
            format!(" JOIN articles a ON a.id = r.rid WHERE 1=1{w}")
        } else {
            String::new()
        };
        // the page is chosen without the texts; only its rows read theirs (sorting every
        // match with its text was what made deep pages slow)
        let sql = format!(
            "SELECT r.rid, r.score FROM
               (SELECT rowid AS rid, bm25(search, 2.0, 1.0) AS score FROM search WHERE search MATCH ?1) r
             {from} ORDER BY {order} LIMIT {} OFFSET {}",
            q.limit.max(1),
            q.offset
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let page = st
            .query_map(rusqlite::params_from_iter(args.iter()), |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, f64>(1)?))
            })?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let mut one = self.conn.prepare_cached(
            "SELECT doc_id, title, text, published, source FROM articles WHERE id = ?1",
        )?;
        let mut hits = Vec::with_capacity(page.len());
        for (id, score) in page {
            let (hit, blob) = one.query_row([id], |r| {
                Ok((
                    SearchHit {
                        id,
                        doc_id: r.get(0)?,
                        title: r.get(1)?,
                        text: String::new(),
                        score: -score,
                        published: r.get(3)?,
                        outlet: r.get(4)?,
                    },
                    r.get::<_, Vec<u8>>(2)?,
                ))
            })?;
            hits.push(SearchHit {
                text: decompress(&blob)?,
                ..hit
            });
        }
        Ok((total, hits))
    }

    /// Full-text search over the search forms; `terms` are already in matching form.
    /// All terms must occur; ranked by BM25 (title weighted ×2).
    pub fn search(&self, terms: &[String], limit: usize, offset: usize) -> Result<Vec<SearchHit>> {
        let terms: Vec<String> = terms
            .iter()
            .filter(|t| !t.is_empty())
            .map(|t| format!("\"{}\"", t.replace('"', "")))
            .collect();
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let q = terms.join(" ");
        // ranked inside the index, then only the page joins the articles:
        // joining first made SQLite sort every match with its text (a word in
        // most articles, offset 9,500: 1.46 s → 0.06 s; a light one 27 → 9 ms)
        let mut st = self.conn.prepare_cached(
            "SELECT a.id, a.doc_id, a.title, a.text, r.score, a.published, a.source FROM
               (SELECT rowid AS rid, bm25(search, 2.0, 1.0) AS score FROM search
                WHERE search MATCH ?1 ORDER BY score, rowid LIMIT ?2 OFFSET ?3) r
             JOIN articles a ON a.id = r.rid ORDER BY r.score, r.rid",
        )?;
        let rows = st.query_map(params![q, limit as i64, offset as i64], |r| {
            Ok((
                SearchHit {
                    id: r.get(0)?,
                    doc_id: r.get(1)?,
                    title: r.get(2)?,
                    text: String::new(),
                    score: -r.get::<_, f64>(4)?,
                    published: r.get(5)?,
                    outlet: r.get(6)?,
                },
                r.get::<_, Vec<u8>>(3)?,
            ))
        })?;
        let mut hits = Vec::new();
        for row in rows {
            let (hit, blob) = row?;
            hits.push(SearchHit {
                text: decompress(&blob)?,
                ..hit
            });
        }
        Ok(hits)
    }

    /// The stored article (text, title, analysis JSON) by doc_id.
    pub fn article(&self, doc_id: &str) -> Result<Option<(i64, ArticleRow)>> {
        let row = self
            .conn
            .query_row("SELECT id, doc_id, hash, title, source, published, CASE WHEN url IS NULL THEN doc_id ELSE NULLIF(url, '') END, text, analysis FROM articles WHERE doc_id = ?1 LIMIT 1", [doc_id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    ArticleRow {
                        doc_id: r.get(1)?,
                        hash: r.get(2)?,
                        title: r.get(3)?,
                        source: r.get(4)?,
                        published: r.get(5)?,
                        url: r.get(6)?,
                        analysis: r.get(8)?,
                        ..Default::default()
                    },
                    r.get::<_, Vec<u8>>(7)?,
                ))
            })
            .optional()?;
        row.map(|(id, a, blob)| {
            Ok((
                id,
                ArticleRow {
                    text: decompress(&blob)?,
                    ..a
                },
            ))
        })
        .transpose()
    }

    /// The entity mentions of one article, in text order.
    /// Surfaces come from the article's text at the entity's char offsets.
    pub fn entities_of(&self, doc_id: &str) -> Result<Vec<EntityRow>> {
        let Some((id, art)) = self.article(doc_id)? else {
            return Ok(Vec::new());
        };
        let mut st = self.conn.prepare_cached(
            "SELECT eid, type, start, end, name, role, code, country FROM entities WHERE article = ?1 ORDER BY start, seq",
        )?;
        let rows = st.query_map([id], |r| {
            let (start, end) = (r.get(2)?, r.get(3)?);
            let text = char_slice(&art.text, start, end);
            let name: Option<String> = r.get(4)?;
            Ok(EntityRow {
                eid: entity_id::decode(r.get(0)?),
                etype: entity_type::decode(r.get(1)?),
                name: match name {
                    None => Some(text.clone()),
                    Some(n) if n.is_empty() => None,
                    n => n,
                },
                text,
                start,
                end,
                role: r.get(5)?,
                code: r.get(6)?,
                country: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(id: &str, body: &str, events: Vec<EventRow>) -> ArticleRow {
        ArticleRow {
            doc_id: id.into(),
            hash: format!("h-{body}"),
            text: body.into(),
            search_body: body.into(),
            events,
            ..Default::default()
        }
    }

    fn ev(s: &str, t: &str, date: &str, quad: i64, g: f64) -> EventRow {
        EventRow {
            source_code: Some(s.into()),
            target_code: Some(t.into()),
            cameo: "040".into(),
            root: "04".into(),
            quad,
            goldstein: g,
            date: Some(date.into()),
            modality: "asserted".into(),
            ..Default::default()
        }
    }

    /// Issue 18: what the doc id and the text give back (event ids and evidence, a URL equal to
    /// the doc id) is not stored, entity ids and types are small integers, and texts written
    /// with the store's dictionary read back after reopening — every value as it went in.
    #[test]
    fn the_lean_store_gives_back_what_went_in() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let mut s = Store::create_or_open(&path).unwrap();
        let text = "قال وزير الخارجية إن الرياض استقبلت الوفد";
        let derived = EventRow {
            eid: "http://x/خبر#1".into(),
            start: 4,
            end: 17,
            evidence: char_slice(text, 4, 17),
            ..ev("SAUGOV", "IRNGOV", "2015-07-01", 1, 1.0)
        };
        let own = EventRow {
            eid: "elsewhere-2".into(),
            start: 0,
            end: 3,
            evidence: "ليس من النص".into(),
            ..ev("SAUGOV", "IRNGOV", "2015-07-01", 1, 1.0)
        };
        let ent = |eid: &str, etype: &str| EntityRow {
            eid: eid.into(),
            etype: etype.into(),
            text: char_slice(text, 4, 9),
            start: 4,
            end: 9,
            name: Some("وزير".into()),
            ..Default::default()
        };
        let mut a = art("http://x/خبر", text, vec![derived.clone(), own.clone()]);
        a.url = Some(a.doc_id.clone());
        a.entities = vec![ent("E3", "PERSON"), ent("X1", "EVENT"), ent("E07", "PLACE")];
        let mut b = art("b", "نص آخر", vec![]);
        b.url = None;
        // enough articles of news-like text for a dictionary
        let mut batch: Vec<ArticleRow> = (0..400)
            .map(|i| {
                art(
                    &format!("n{i}"),
                    &format!(
                        "الرياض - واس: استقبل ولي العهد في مكتبه اليوم {i} سفير دولة {} وبحث معه العلاقات الثنائية. {}",
                        i * 31 % 97,
                        "وأكد الجانبان أهمية مواصلة التنسيق في المحافل الدولية. ".repeat(i % 7 + 1)
                    ),
                    vec![],
                )
            })
            .collect();
        batch.push(a.clone());
        batch.push(b);
        s.add_batch(&batch).unwrap();
        let raw: (Option<String>, String) = s
            .conn
            .query_row(
                "SELECT e.evidence, e.eid FROM events e ORDER BY e.rowid LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(raw, (None, "#1".to_string()));
        let dicts: i64 = s
            .conn
            .query_row("SELECT count(*) FROM text_dicts", [], |r| r.get(0))
            .unwrap();
        assert_eq!(dicts, 1);
        drop(s);
        let s = Store::open_read_only(&path).unwrap();
        let got = s
            .events(&EventFilter {
                doc_id: Some(a.doc_id.clone()),
                ..Default::default()
            })
            .unwrap();
        let key = |e: &EventRow| (e.eid.clone(), e.evidence.clone(), e.start, e.end);
        assert_eq!(
            got.iter().map(key).collect::<Vec<_>>(),
            vec![key(&derived), key(&own)]
        );
        assert_eq!(got[0].url.as_deref(), Some("http://x/خبر"));
        let ents: Vec<(String, String, String)> = s
            .entities_of(&a.doc_id)
            .unwrap()
            .into_iter()
            .map(|e| (e.eid, e.etype, e.text))
            .collect();
        let want: Vec<(String, String, String)> = a
            .entities
            .iter()
            .map(|e| (e.eid.clone(), e.etype.clone(), e.text.clone()))
            .collect();
        assert_eq!(ents, want);
        let (_, back) = s.article(&a.doc_id).unwrap().unwrap();
        assert_eq!(back.text, text);
        assert_eq!(back.url.as_deref(), Some("http://x/خبر"));
        let (_, nb) = s.article("b").unwrap().unwrap();
        assert_eq!(nb.url, None);
        let (_, n7) = s.article("n7").unwrap().unwrap();
        assert!(n7.text.starts_with("الرياض - واس"));
    }

    /// Issue 16, items 2 and 5: a query past its deadline stops with
    /// `Interrupted` (no longer runs on after the caller gave up), and a value
    /// of the wrong type where the schema has a number is damage, not a bad
    /// parameter (the server said 400 "Conversion error").
    #[test]
    fn deadline_interrupts_and_wrong_types_are_damage() {
        let mut s = Store::open_in_memory().unwrap();
        let rows: Vec<ArticleRow> = (0..3000)
            .map(|i| {
                art(
                    &format!("d{i}"),
                    &format!("في خبر {i}"),
                    vec![ev("IRNGOV", "IRQGOV", "2020-11-07", 1, 1.0)],
                )
            })
            .collect();
        s.add_batch(&rows).unwrap();
        let terms = vec!["في".to_string()];
        assert_eq!(s.search(&terms, 10, 2000).unwrap().len(), 10);
        s.set_deadline(std::time::Instant::now());
        assert!(matches!(
            s.search(&terms, 10, 2000),
            Err(StoreError::Interrupted)
        ));
        s.set_deadline(std::time::Instant::now() + std::time::Duration::from_secs(3600));
        let all = EventFilter {
            limit: 10,
            ..Default::default()
        };
        assert_eq!(s.events(&all).unwrap().len(), 10);
        s.conn
            .execute("UPDATE events SET goldstein = 'x' WHERE rowid = 1", [])
            .unwrap();
        assert!(
            matches!(s.events(&all), Err(StoreError::Damaged(_))),
            "{:?}",
            s.events(&all).err()
        );
    }

    #[test]
    fn idempotent_search_timeline() {
        let mut s = Store::open_in_memory().unwrap();
        assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
        let a = art(
            "a",
            "الحرس الثوري ايران",
            vec![
                ev("IRNGOV", "IRQGOV", "2020-11-07", 1, 1.0),
                ev("IRNGOV", "IRQMIL", "2020-11-20", 4, -10.0),
            ],
        );
        let b = art(
            "b",
            "بغداد طهران",
            vec![ev("IRQGOV", "IRNGOV", "2013-09-22", 1, 1.9)],
        );
        let r = s.add_batch(&[a.clone(), b.clone()]).unwrap();
        assert_eq!((r.added, r.duplicates), (2, 0));
        let r = s.add_batch(&[a]).unwrap();
        assert_eq!((r.added, r.duplicates), (0, 1));
        assert_eq!(s.count_articles().unwrap(), 2);
        let hits = s.search(&["الحرس".into(), "الثوري".into()], 10, 0).unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].doc_id, "a");
        let irn_irq = EventFilter {
            source: Some("IRN".into()),
            target: Some("IRQ".into()),
            ..Default::default()
        };
        let t = s.timeline(&irn_irq, "month").unwrap();
        assert_eq!(t.len(), 1);
        assert_eq!(
            (t[0].period.as_str(), t[0].events, t[0].quad1, t[0].quad4),
            ("2020-11", 2, 1, 1)
        );
        let f = EventFilter {
            actor: Some("IRQ".into()),
            ..Default::default()
        };
        assert_eq!(s.events(&f).unwrap().len(), 3);
        let f = EventFilter {
            source: Some("IRQ".into()),
            to: Some("2015".into()),
            ..Default::default()
        };
        assert_eq!(s.events(&f).unwrap().len(), 1);
        assert!(s.timeline(&irn_irq, "fortnight").is_err());
        assert!(s.integrity_ok().unwrap());
    }

    /// Schema 4 keeps no entity surface and no name equal to it: both come back as given.
    #[test]
    fn entities_read_back_from_the_compressed_text() {
        let mut s = Store::open_in_memory().unwrap();
        let mut a = art("a", "قال وزير خارجية إيران في طهران", vec![]);
        let ent = |eid: &str, text: &str, start: i64, name: Option<&str>| EntityRow {
            eid: eid.into(),
            etype: "PLACE".into(),
            text: text.into(),
            start,
            end: start + text.chars().count() as i64,
            name: name.map(String::from),
            ..Default::default()
        };
        a.entities = vec![
            ent("E2", "طهران", 25, Some("طهران")),
            ent("E1", "إيران", 16, Some("ايران")),
            ent("E1", "إيران", 16, None),
        ];
        s.add_batch(&[a.clone()]).unwrap();
        let back = s.entities_of("a").unwrap();
        let want = [&a.entities[1], &a.entities[2], &a.entities[0]];
        assert_eq!(back.len(), 3);
        for (b, w) in back.iter().zip(want) {
            assert_eq!(
                (&b.eid, &b.text, b.start, &b.name),
                (&w.eid, &w.text, w.start, &w.name)
            );
        }
        assert_eq!(s.article("a").unwrap().unwrap().1.text, a.text);
    }

    #[test]
    fn story_docs_kept_and_stories_replaced_whole() {
        let mut s = Store::open_in_memory().unwrap();
        let mut a = art("a", "x", vec![]);
        a.story_doc = Some(b"\x01doc a".to_vec());
        s.add_batch(&[a, art("b", "y", vec![])]).unwrap();
        assert_eq!(s.story_docs().unwrap()[0].doc, b"\x01doc a".to_vec());
        let story = |id: i64, dyad: &str, docs: &[&str]| StoryRow {
            story_id: id,
            dyad: dyad.into(),
            articles: docs.iter().map(|d| d.to_string()).collect(),
            json: format!("story {id}"),
            ..Default::default()
        };
        s.replace_stories(&[
            story(1, "IRN-IRQ", &["a", "b"]),
            story(2, "SAU-YEM", &["c"]),
        ])
        .unwrap();
        let q = |s: &Store, f: StoryFilter| s.stories(&StoryFilter { limit: 10, ..f }).unwrap();
        assert_eq!(q(&s, StoryFilter::default()), ["story 1", "story 2"]);
        let by_actor = StoryFilter {
            actor: Some("IRQ".into()),
            ..Default::default()
        };
        assert_eq!(q(&s, by_actor), ["story 1"]);
        let by_doc = StoryFilter {
            doc_id: Some("c".into()),
            ..Default::default()
        };
        assert_eq!(q(&s, by_doc), ["story 2"]);
        let big = StoryFilter {
            min_articles: 2,
            ..Default::default()
        };
        assert_eq!(q(&s, big), ["story 1"]);
        // a rebuild replaces, never appends
        s.replace_stories(&[story(1, "IRN-IRQ", &["a"])]).unwrap();
        assert_eq!(q(&s, StoryFilter::default()), ["story 1"]);
        assert!(s.integrity_ok().unwrap());
    }
}
