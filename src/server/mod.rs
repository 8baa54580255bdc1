//! `khabar serve`: a JSON API over the store and a right-to-left web UI, both in the binary.
//!
//! Loopback by default; any other address needs a bearer token. Every query runs on a blocking
//! thread with its own read-only connection (WAL lets readers run beside an ingest) and a
//! deadline at which SQLite interrupts it; a few queries run at once. Every error is JSON.

mod actor;
mod cache;
mod events;
mod export;
mod listen;
mod map;
mod panics;

pub use listen::Limits;

use crate::pipeline::Analyzer;
use crate::query::Params;
use axum::extract::{Path as UrlPath, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use khabar_store::{EventFilter, Store, StoreError};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

const UI: &str = include_str!("ui.html");
const QUERY_TIME: Duration = Duration::from_secs(5);
const MAX_LIMIT: usize = 500;
/// Deepest search result served (offset + limit): ranking is over every
/// match whatever the offset, and nobody reads page 600 of a ranking.
const MAX_SEARCH_DEPTH: usize = 10_000;
/// A blocking query thread gives back its result this long after the
/// deadline at most (SQLite checks it every few thousand steps).
const GRACE: Duration = Duration::from_millis(500);

pub struct AppState {
    pub db: PathBuf,
    pub token: Option<String>,
    pub analyzer: Analyzer,
    /// queries running at once: more wait (within their deadline), so that a
    /// burst of heavy ones cannot take every core
    pub queries: Arc<tokio::sync::Semaphore>,
    /// read-only connections kept between requests: opening one (and
    /// checking the file is a khabar store) per request cost more than a
    /// light query
    pub idle_stores: std::sync::Mutex<Vec<Store>>,
    /// answers to searches and event pages, kept while the store is unchanged
    answers: cache::Cache,
}

impl AppState {
    /// The state of a server over `db`, no connection opened yet.
    pub fn new(db: PathBuf, token: Option<String>, analyzer: Analyzer) -> AppState {
        AppState {
            answers: cache::Cache::new(&db),
            db,
            token,
            analyzer,
            queries: Arc::new(tokio::sync::Semaphore::new(query_slots())),
            idle_stores: std::sync::Mutex::new(Vec::new()),
        }
    }

    fn take_store(&self) -> Result<Store, ApiError> {
        let pooled = self.idle_stores.lock().ok().and_then(|mut p| p.pop());
        match pooled {
            Some(s) => Ok(s),
            None => Store::open_read_only(&self.db).map_err(store_err),
        }
    }

    fn give_back(&self, s: Store) {
        if let Ok(mut p) = self.idle_stores.lock() {
            if p.len() < query_slots() {
                p.push(s);
            }
        }
    }
}

type Shared = Arc<AppState>;

/// A JSON error with a status.
pub struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.0,
            Json(json!({"error": self.1, "status": self.0.as_u16()})),
        )
            .into_response()
    }
}

fn bad(msg: impl Into<String>) -> ApiError {
    ApiError(StatusCode::BAD_REQUEST, msg.into())
}

fn too_long() -> ApiError {
    ApiError(
        StatusCode::SERVICE_UNAVAILABLE,
        format!("query took too long (limit {} s)", QUERY_TIME.as_secs()),
    )
}

/// A store error as an answer: the caller's fault is a 4xx, a damaged or
/// missing store a 500 that says so, an interrupted query a 503.
fn store_err(e: StoreError) -> ApiError {
    match e {
        StoreError::BadParam(m) => bad(m),
        StoreError::Interrupted => too_long(),
        e @ (StoreError::Damaged(_)
        | StoreError::Missing { .. }
        | StoreError::Foreign { .. }
        | StoreError::TooOld { .. }
        | StoreError::TooNew { .. }) => ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        StoreError::Sqlite(e) => ApiError(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("store error: {e}"),
        ),
    }
}

/// Runs a store query off the async threads: waits for a free query slot
/// and runs, both within [`QUERY_TIME`]; past it SQLite interrupts the
/// query, so no work goes on after the 503.
async fn with_store<T: Send + 'static>(
    st: &Shared,
    f: impl FnOnce(&Store, &AppState) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    with_store_for(st, QUERY_TIME, f).await
}

/// [`with_store`] with its own time limit (exports of every row take longer than a page).
async fn with_store_for<T: Send + 'static>(
    st: &Shared,
    time: Duration,
    f: impl FnOnce(&Store, &AppState) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let deadline = tokio::time::Instant::now() + time;
    let permit = match tokio::time::timeout_at(deadline, st.queries.clone().acquire_owned()).await {
        Ok(Ok(p)) => p,
        _ => return Err(too_long()),
    };
    let st2 = st.clone();
    let job = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let store = st2.take_store()?;
        store.set_deadline(deadline.into_std());
        let r = f(&store, &st2);
        // a connection that met a damaged or failing store is not kept
        if !matches!(&r, Err(e) if e.0 == StatusCode::INTERNAL_SERVER_ERROR) {
            st2.give_back(store);
        }
        r
    });
    match tokio::time::timeout_at(deadline + GRACE, job).await {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => {
            // a panic on the query thread: a bug, answered like one in a handler
            let why = e
                .try_into_panic()
                .map(|p| panics::panic_text(&*p).to_string())
                .unwrap_or_else(|e| e.to_string());
            eprintln!("khabar: a query thread failed: {why}");
            Err(panics::bug())
        }
        Err(_) => Err(ApiError(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("query took too long (limit {} s)", time.as_secs()),
        )),
    }
}

/// Turns every error answer that is not JSON yet (axum's rejections of a
/// bad path or query, 405, 413 …) into `{"error", "status"}`.
async fn json_errors(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let status = res.status();
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return res;
    }
    let (parts, body) = res.into_parts();
    let text = axum::body::to_bytes(body, 16 * 1024)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let msg = if text.is_empty() {
        status.canonical_reason().unwrap_or("error").to_string()
    } else {
        text
    };
    let mut out = ApiError(status, msg).into_response();
    for (k, v) in &parts.headers {
        if k != header::CONTENT_TYPE && k != header::CONTENT_LENGTH {
            out.headers_mut().insert(k.clone(), v.clone());
        }
    }
    out
}

/// `limit` (1..=500, default 20) and `offset`.
fn page(p: &Params) -> Result<(usize, usize), ApiError> {
    let limit = p.number("limit", 1..=MAX_LIMIT, 20).map_err(bad)?;
    let offset = p.number("offset", 0..=usize::MAX, 0).map_err(bad)?;
    Ok((limit, offset))
}

/// The query's pairs, each name among `known` and given once.
fn params(q: Vec<(String, String)>, known: &[&[&str]]) -> Result<Params, ApiError> {
    Params::new(q, known).map_err(bad)
}

async fn search(
    State(st): State<Shared>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let q = params(
        q,
        &[&["q", "limit", "offset", "from", "to", "outlet", "sort"]],
    )?;
    let query = q.get("q").unwrap_or_default().to_string();
    if query.is_empty() {
        return Err(bad("q is required"));
    }
    let (limit, offset) = page(&q)?;
    if offset.saturating_add(limit) > MAX_SEARCH_DEPTH {
        return Err(bad(format!(
            "offset + limit must be at most {MAX_SEARCH_DEPTH}: narrow the query instead"
        )));
    }
    // the same date checks as the event filters
    let dates = Params::new(
        ["from", "to"]
            .iter()
            .filter_map(|k| q.get(k).map(|v| (k.to_string(), v.to_string())))
            .collect(),
        &[crate::query::FILTERS],
    )
    .and_then(|p| crate::query::event_filter(&p))
    .map_err(bad)?;
    let by_date = match q.get("sort").unwrap_or("relevance") {
        "relevance" => false,
        "date" => true,
        other => {
            return Err(bad(format!(
                "sort must be relevance or date, got {other:?}"
            )))
        }
    };
    let outlet = q.get("outlet").map(String::from);
    // everything the answer depends on (the analyzer is fixed for the server's life)
    let key = format!(
        "{query}\0{limit}\0{offset}\0{:?}\0{:?}\0{outlet:?}\0{by_date}",
        dates.from, dates.to
    );
    let stamp = st.answers.stamp();
    if let Some(answer) = st.answers.get(&key, &stamp) {
        return Ok(json_text(answer));
    }
    let answer = with_store(&st, move |s, app| {
        let seg = app.analyzer.segmenter();
        let terms = crate::store::query_terms(seg, &query);
        let sq = khabar_store::SearchQuery {
            terms: terms.clone(),
            from: dates.from,
            to: dates.to,
            outlet,
            by_date,
            limit,
            offset,
        };
        let (total, hits) = s.search_page(&sq).map_err(store_err)?;
        let items: Vec<Value> = hits
            .iter()
            .map(|h| json!({"doc_id": h.doc_id, "title": crate::store::shown_title(h.title.clone()), "score": h.score, "published": h.published, "outlet": h.outlet, "snippet": crate::store::snippet(seg, &h.text, &terms, 60)}))
            .collect();
        Ok(json!({"query": query, "terms": terms, "total": total, "limit": limit, "offset": offset, "items": items}).to_string())
    })
    .await?;
    st.answers.put(key, &stamp, &answer);
    Ok(json_text(answer))
}

/// A JSON answer already serialized.
pub(super) fn json_text(body: String) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

async fn article(
    State(st): State<Shared>,
    UrlPath(doc_id): UrlPath<String>,
) -> Result<Json<Value>, ApiError> {
    with_store(&st, move |s, _| {
        let Some((_, a)) = s.article(&doc_id).map_err(store_err)? else {
            return Err(ApiError(StatusCode::NOT_FOUND, format!("no article {doc_id:?}")));
        };
        let entities = s.entities_of(&doc_id).map_err(store_err)?;
        let mut events = s.events(&EventFilter { doc_id: Some(doc_id.clone()), ..Default::default() }).map_err(store_err)?;
        // the other outlets' reports of each event (its cluster's other articles)
        let reports = crate::mentions::Reports::load(s, Some(&events)).map_err(store_err)?;
        reports.fill(&mut events);
        let others: Vec<Vec<String>> = events.iter().map(|e| reports.cluster_of(e).map(|c| c.doc_ids.iter().filter(|d| **d != doc_id).cloned().collect()).unwrap_or_default()).collect();
        let meta = s.articles_meta(&others.concat()).map_err(store_err)?;
        let events: Vec<Value> = events.into_iter().zip(others).map(|(e, o)| {
            let mut v = serde_json::to_value(e).unwrap_or_default();
            v["reports"] = o.iter().map(|d| json!({"doc_id": d, "title": crate::store::shown_title(meta.get(d).and_then(|m| m.title.clone())), "outlet": meta.get(d).and_then(|m| m.outlet.clone()), "published": meta.get(d).and_then(|m| m.published.clone())})).collect();
            v
        }).collect();
        Ok(Json(json!({"doc_id": a.doc_id, "title": crate::store::shown_title(a.title), "source": a.source, "published": a.published, "url": a.url, "text": a.text, "entities": entities, "events": events})))
    })
    .await
}

async fn stories(
    State(st): State<Shared>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Json<Value>, ApiError> {
    let q = params(q, &[&["actor", "doc_id", "id", "min", "limit", "offset"]])?;
    let num = |k: &str| -> Result<Option<i64>, ApiError> {
        q.get(k)
            .map(|v| {
                v.parse::<i64>()
                    .map_err(|_| bad(format!("{k} must be a number")))
            })
            .transpose()
    };
    let (limit, offset) = page(&q)?;
    let f = khabar_store::StoryFilter {
        actor: q
            .get("actor")
            .map(|a| a.trim().to_uppercase())
            .filter(|a| !a.is_empty()),
        doc_id: q.get("doc_id").map(String::from),
        story_id: num("id")?,
        min_articles: num("min")?.unwrap_or(1),
        limit,
        offset,
    };
    if f.actor
        .as_deref()
        .is_some_and(|a| a.len() != 3 || !a.bytes().all(|b| b.is_ascii_alphabetic()))
    {
        return Err(bad("actor must be a three-letter country code"));
    }
    with_store(&st, move |s, _| {
        let mut items: Vec<Value> = s
            .stories(&f)
            .map_err(store_err)?
            .iter()
            .filter_map(|j| serde_json::from_str(j).ok())
            .collect();
        // the articles' titles, outlets and dates, so a story reads as news, not as URLs
        for it in &mut items {
            let ids: Vec<String> = it["articles"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|d| d.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            let mut meta = s.articles_meta(&ids).map_err(store_err)?;
            for m in meta.values_mut() {
                m.title = crate::store::shown_title(m.title.take());
            }
            it["docs"] = serde_json::to_value(meta).unwrap_or_default();
        }
        Ok(Json(
            json!({"items": items, "limit": f.limit, "offset": f.offset}),
        ))
    })
    .await
}

async fn openapi() -> Json<Value> {
    let p = |name: &str, desc: &str| json!({"name": name, "in": "query", "required": false, "description": desc, "schema": {"type": "string"}});
    Json(json!({
        "openapi": "3.0.3",
        "info": {"title": "khabar", "version": env!("CARGO_PKG_VERSION"), "description": "Arabic news → coded political events"},
        "paths": {
            "/api/search": {"get": {"summary": "Full-text search (Arabic normalization, clitic segmentation); total, items with date and outlet", "parameters": [p("q", "query"), p("from", "published on or after (YYYY[-MM[-DD]])"), p("to", "published on or before"), p("outlet", "source name, e.g. sabq"), p("sort", "relevance|date"), p("limit", "1..500"), p("offset", "")]}},
            "/api/articles/{doc_id}": {"get": {"summary": "Article text with entity and event spans (char offsets)", "parameters": [{"name": "doc_id", "in": "path", "required": true, "schema": {"type": "string"}}]}},
            "/api/events": {"get": {"summary": "Events by actor, dyad, CAMEO code/root, QuadClass, modality, date range, place, outlet, confidence: a page with total and next_cursor (format=json), or every matching row streamed (format=csv|jsonl). Unknown parameters and bad values are 400", "parameters": [p("actor", "code prefix (letters, digits) or actor name, either side"), p("source", "code prefix or name"), p("target", "code prefix or name"), p("dyad", "A-B: either direction"), p("cameo", "2-4 digits"), p("root", "01..20"), p("quad", "1..4"), p("modality", "asserted|future|negated|hypothetical|reported|historical, several joined by commas"), p("from", "YYYY[-MM[-DD]]"), p("to", "YYYY[-MM[-DD]], inclusive"), p("place", "gazetteer feature id (GeoNames id, ADM1 code) or words of the place"), p("bbox", "W,S,E,N degrees"), p("outlet", "source name"), p("min_confidence", "0..1"), p("sort", "date|-date|goldstein|-goldstein|confidence|-confidence"), p("format", "json|csv|jsonl"), p("limit", "json: 1..500 (default 20); csv/jsonl: optional cap"), p("offset", "rows to skip (or cursor)"), p("cursor", "next_cursor of the previous page: the rows after it, as fast deep as on page 1")]}},
            "/api/map": {"get": {"summary": "Events per place (feature, coordinates, counts by QuadClass) for the event filters and a period", "parameters": [p("actor", ""), p("source", ""), p("target", ""), p("cameo", ""), p("root", ""), p("quad", "1..4"), p("modality", ""), p("from", ""), p("to", ""), p("bbox", "W,S,E,N"), p("limit", "places, default 500"), p("offset", "")]}},
            "/api/timeline": {"get": {"summary": "Events per day/week/month/year for a dyad, every period in the range (zeros where none); each row's from/to select its events in /api/events", "parameters": [p("source", "code prefix or name"), p("target", "code prefix or name"), p("by", "day|week|month|year"), p("from", "YYYY[-MM[-DD]]"), p("to", "YYYY[-MM[-DD]]"), p("format", "json|svg")]}},
            "/api/network": {"get": {"summary": "Directed country/IGO actor network weighted by events, for the event filters", "parameters": [p("min", "minimum events per edge"), p("limit", ""), p("root", ""), p("quad", ""), p("from", ""), p("to", ""), p("actor", "")]}},
            "/api/actors": {"get": {"summary": "Actor lookup: codes for Arabic or English names (autocomplete)", "parameters": [p("q", "name, its start, or a code"), p("limit", "1..100")]}},
            "/api/actor": {"get": {"summary": "One actor: Arabic and English names, its events' total, its partners (counterpart countries, first three letters of the other side's code) with events each way; a partner's events equal /api/events?dyad=<code>-<partner> under the same filters. The page /actor?code= shows them with the actor's timeline and events", "parameters": [{"name": "code", "in": "query", "required": true, "description": "CAMEO actor code (prefix) or a known actor name", "schema": {"type": "string"}}, p("from", "YYYY[-MM[-DD]]"), p("to", "YYYY[-MM[-DD]]"), p("root", "01..20"), p("cameo", "2-4 digits"), p("quad", "1..4, several joined by commas"), p("modality", ""), p("outlet", ""), p("min_confidence", "0..1"), p("limit", "partners, 1..100 (default 20)")]}},
            "/api/cameo": {"get": {"summary": "CAMEO event code names: {code: [Arabic root name, English name]}", "parameters": []}},
            "/api/stories": {"get": {"summary": "Stories: event clusters of one dyad and topic in date order, cut into threads (runs of coverage without a week's gap, each with from, to, first_event, events, articles)", "parameters": [p("actor", "country code on either side"), p("doc_id", "stories holding this article"), p("id", "one story"), p("min", "at least this many articles"), p("limit", ""), p("offset", "")]}}
        }
    }))
}

async fn ui() -> Html<&'static str> {
    Html(UI)
}

async fn auth(State(st): State<Shared>, headers: HeaderMap, req: Request, next: Next) -> Response {
    if let Some(tok) = &st.token {
        let ok = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|v| v == tok);
        if !ok {
            return ApiError(
                StatusCode::UNAUTHORIZED,
                "missing or wrong bearer token".into(),
            )
            .into_response();
        }
    }
    next.run(req).await
}

async fn not_found() -> ApiError {
    ApiError(StatusCode::NOT_FOUND, "no such endpoint".into())
}

pub fn router(state: Shared) -> Router {
    with_layers(routes(state.clone()), state)
}

/// Every route, without the layers that apply to all of them.
fn routes(state: Shared) -> Router<Shared> {
    let api = Router::new()
        .route("/api/search", get(search))
        .route("/api/articles/{doc_id}", get(article))
        .route("/api/events", get(events::events))
        .route("/api/timeline", get(events::timeline))
        .route("/api/network", get(events::network))
        .route("/api/actors", get(events::actors))
        .route("/api/actor", get(actor::actor))
        .route("/api/cameo", get(events::cameo))
        .route("/api/stories", get(stories))
        .route("/api/map", get(map::map))
        .route("/openapi.json", get(openapi))
        .route_layer(middleware::from_fn_with_state(state.clone(), auth));
    Router::new()
        .route("/", get(ui))
        .route("/map", get(map::page_html))
        .route("/explore", get(events::page_html))
        .route("/actor", get(actor::page_html))
        .route("/map/countries.json", get(map::outlines))
        .merge(api)
        .fallback(not_found)
}

/// The layers every answer passes: a body limit, JSON errors, and outermost the panic guard,
/// so that a bug anywhere below is a 500 JSON answer and never the end of a connection.
fn with_layers(routes: Router<Shared>, state: Shared) -> Router {
    routes
        .layer(axum::extract::DefaultBodyLimit::max(64 * 1024))
        .layer(middleware::from_fn(json_errors))
        .layer(middleware::from_fn(panics::catch_panics))
        .with_state(state)
}

/// Shortest token accepted off loopback: a guessable one is no guard.
pub const MIN_TOKEN_CHARS: usize = 16;

/// A blank token is refused everywhere (it would only ever match a blank
/// header); off loopback a token is required and must be at least
/// [`MIN_TOKEN_CHARS`] long.
pub fn check_token(ip: std::net::IpAddr, token: Option<&str>) -> Result<(), String> {
    let how = "give --token or set KHABAR_TOKEN (clients send it as `Authorization: Bearer …`)";
    match token {
        Some(t) if t.trim().is_empty() => Err(format!(
            "refusing a blank token: {how}, at least {MIN_TOKEN_CHARS} characters"
        )),
        None if !ip.is_loopback() => Err(format!(
            "refusing to serve on {ip} without a token: {how}, at least {MIN_TOKEN_CHARS} characters"
        )),
        Some(t) if !ip.is_loopback() && t.trim().chars().count() < MIN_TOKEN_CHARS => {
            Err(format!(
                "refusing to serve on {ip} with a token of {} characters: the minimum is {MIN_TOKEN_CHARS}",
                t.trim().chars().count()
            ))
        }
        _ => Ok(()),
    }
}

/// Serves until interrupted. Refuses a non-loopback address without a token. `analyzer` is the
/// run's (over its `--lexicon`/`--models`): queries are segmented as ingest segmented the texts.
pub async fn serve(
    db: PathBuf,
    bind: String,
    port: u16,
    token: Option<String>,
    limits: Limits,
    analyzer: Analyzer,
) -> anyhow::Result<()> {
    let ip: std::net::IpAddr = bind
        .parse()
        .map_err(|_| anyhow::anyhow!("--bind must be an IP address, got {bind:?}"))?;
    check_token(ip, token.as_deref()).map_err(anyhow::Error::msg)?;
    // a missing, foreign or outdated file is refused before listening
    Store::open_read_only(&db)?;
    let state = Arc::new(AppState::new(db, token, analyzer));
    let listener = tokio::net::TcpListener::bind((ip, port)).await?;
    eprintln!(
        "khabar: serving http://{}/ (Ctrl-C to stop)",
        listener.local_addr()?
    );
    listen::run(listener, router(state), limits, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await;
    Ok(())
}

/// Two queries per core: enough to keep the cores busy while one waits on
/// I/O, few enough that heavy ones cannot starve the rest for long.
fn query_slots() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()) * 2
}
