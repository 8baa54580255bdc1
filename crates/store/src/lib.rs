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

/// The stored URL as read back (`write.rs` stores NULL for a URL equal to the doc id and '' for
/// none), over the articles table aliased `a`; a macro so that `concat!` can put it in queries.
macro_rules! stored_url {
    () => {
        "CASE WHEN a.url IS NULL THEN a.doc_id ELSE NULLIF(a.url, '') END"
    };
}

mod articles;
pub mod calendar;
mod cursor;
mod events;
mod geo;
mod open;
mod partners;
mod search;
mod stories;
mod texts;
mod write;

pub use cursor::Cursor;
pub use events::{
    ArticleMeta, Edge, EventFilter, EventSort, TimelineRow, MAX_PERIODS, TIMELINE_MODALITIES,
};
pub use geo::{GeoRow, MapRow};
pub use partners::{Partner, Partners};
pub use search::SearchQuery;
pub use stories::StoredDoc;

pub use open::{APPLICATION_ID, SCHEMA_VERSION};
use rusqlite::Connection;
use serde::Serialize;

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

/// Outcome of adding one batch.
#[derive(Debug, Default, Clone, Copy)]
pub struct BatchResult {
    pub added: usize,
    pub duplicates: usize,
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
}

#[cfg(test)]
mod tests;
