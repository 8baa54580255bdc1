//! Events: `/api/events` (a page with the total, or every matching row as CSV / JSON lines),
//! the dyad timeline, the actor network, actor lookup, CAMEO names, and the explorer page.

use super::{bad, page, params, store_err, with_store, with_store_for, ApiError, Shared};
use crate::query::{actor_code, event_filter, Params, FILTERS};
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use khabar_store::EventFilter;
use serde_json::{json, Value};
use std::time::Duration;

const PAGE: &str = include_str!("explore.html");
/// An export of every row may take this long.
const EXPORT_TIME: Duration = Duration::from_secs(120);

pub(super) async fn page_html() -> Html<&'static str> {
    Html(PAGE)
}

/// The event filter of a request's parameters (limit and offset left to the caller).
pub(super) fn filter_of(q: &Params) -> Result<EventFilter, ApiError> {
    event_filter(q).map_err(bad)
}

/// `format=json` (default): a page (`limit` 1..=500) with `total`; `format=csv|jsonl`: every
/// matching row as a download, or the first `limit` when given.
pub(super) async fn events(
    State(st): State<Shared>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let q = params(q, &[FILTERS, &["limit", "offset", "format"]])?;
    let mut f = filter_of(&q)?;
    let format = q.get("format").unwrap_or("json").to_string();
    match format.as_str() {
        "json" => {
            let (limit, offset) = page(&q)?;
            (f.limit, f.offset) = (limit, offset);
            with_store(&st, move |s, _| {
                let total = s.count_matching(&f).map_err(store_err)?;
                let mut rows = s.events(&f).map_err(store_err)?;
                crate::mentions::Reports::load(s, Some(&rows))
                    .map_err(store_err)?
                    .fill(&mut rows);
                Ok(
                    Json(json!({"total": total, "limit": limit, "offset": offset, "items": rows}))
                        .into_response(),
                )
            })
            .await
        }
        "csv" | "jsonl" => {
            f.limit = q.number("limit", 1..=usize::MAX, 0).map_err(bad)?;
            f.offset = q.number("offset", 0..=usize::MAX, 0).map_err(bad)?;
            let csv = format == "csv";
            with_store_for(&st, EXPORT_TIME, move |s, _| {
                let mut body = String::new();
                if csv {
                    body.push_str(crate::export::CSV_HEADER);
                    body.push('\n');
                }
                let reports = crate::mentions::Reports::load(s, None).map_err(store_err)?;
                s.for_each_event(&f, |mut e| -> Result<(), khabar_store::StoreError> {
                    e.mentions = Some(reports.of(&e));
                    if csv {
                        body.push_str(&crate::export::csv_row(&e));
                    } else {
                        body.push_str(&serde_json::to_string(&e).unwrap_or_default());
                    }
                    body.push('\n');
                    Ok(())
                })
                .map_err(store_err)?;
                let (ctype, name) = if csv {
                    ("text/csv; charset=utf-8", "events.csv")
                } else {
                    ("application/x-ndjson", "events.jsonl")
                };
                Ok((
                    [
                        (header::CONTENT_TYPE, ctype.to_string()),
                        (
                            header::CONTENT_DISPOSITION,
                            format!("attachment; filename=\"{name}\""),
                        ),
                    ],
                    body,
                )
                    .into_response())
            })
            .await
        }
        other => Err(bad(format!(
            "format must be json, csv or jsonl, got {other:?}"
        ))),
    }
}

pub(super) async fn timeline(
    State(st): State<Shared>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let q = params(q, &[&["source", "target", "by", "format", "from", "to"]])?;
    let code = |k: &str, need: &str| -> Result<String, ApiError> {
        let v = q
            .get(k)
            .ok_or_else(|| bad(format!("{k} is required ({need})")))?;
        actor_code(k, v).map_err(bad)
    };
    let source = code(
        "source",
        "a CAMEO code prefix such as SAU, or a country name",
    )?;
    let target = code(
        "target",
        "a CAMEO code prefix such as YEM, or a country name",
    )?;
    let by = q.get("by").unwrap_or("month").to_string();
    if !["day", "week", "month", "year"].contains(&by.as_str()) {
        return Err(bad(format!("by must be day|week|month|year, got {by:?}")));
    }
    let svg = match q.get("format").unwrap_or("json") {
        "json" => false,
        "svg" => true,
        other => return Err(bad(format!("format must be json or svg, got {other:?}"))),
    };
    // the same date checks as the event filters
    let dates = Params::new(
        ["from", "to"]
            .iter()
            .filter_map(|k| q.get(k).map(|v| (k.to_string(), v.to_string())))
            .collect(),
        &[FILTERS],
    )
    .map_err(bad)?;
    let df = filter_of(&dates)?;
    with_store(&st, move |s, _| {
        let rows = s
            .timeline(&source, &target, &by, df.from.as_deref(), df.to.as_deref())
            .map_err(store_err)?;
        if svg {
            let title = format!("{source} → {target} per {by}");
            return Ok((
                [(header::CONTENT_TYPE, "image/svg+xml")],
                crate::chart::timeline_svg(&title, &rows, Some((&source, &target))),
            )
                .into_response());
        }
        Ok(Json(json!({"source": source, "target": target, "by": by, "from": df.from, "to": df.to, "items": rows}))
            .into_response())
    })
    .await
}

/// Directed edges between countries and international organisations (agents folded into
/// their country; codes with no country such as CVL or REB left out), for the event filters.
pub(super) async fn network(
    State(st): State<Shared>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Json<Value>, ApiError> {
    let q = params(q, &[FILTERS, &["min", "limit"]])?;
    let min = q.number("min", 1..=usize::MAX, 1).map_err(bad)? as i64;
    let (limit, _) = page(&q)?;
    let f = filter_of(&q)?;
    with_store(&st, move |s, _| {
        let keep = |c: &str| crate::actors::is_country(c) || c == "IGO";
        let edges = s.network(&f, min, limit, keep).map_err(store_err)?;
        let mut names = serde_json::Map::new();
        for e in &edges {
            for c in [&e.source, &e.target] {
                if let Some(a) = crate::actors::describe(c) {
                    names.insert(c.clone(), json!({"ar": a.ar, "en": a.en}));
                }
            }
        }
        Ok(Json(json!({"edges": edges, "names": names})))
    })
    .await
}

/// Actor lookup for autocomplete: `q` is a code or an Arabic or English name (or its start).
pub(super) async fn actors(
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Json<Value>, ApiError> {
    let q = params(q, &[&["q", "limit"]])?;
    let text = q.get("q").ok_or_else(|| bad("q is required"))?;
    let limit = q.number("limit", 1..=100, 10).map_err(bad)?;
    Ok(Json(
        json!({"q": text, "items": crate::actors::lookup(text, limit)}),
    ))
}

/// Every CAMEO event code with its names: `{"190": ["قتال", "Use conventional military force…"]}`.
pub(super) async fn cameo(Query(q): Query<Vec<(String, String)>>) -> Result<Response, ApiError> {
    params(q, &[&[]])?;
    Ok((
        [(header::CACHE_CONTROL, "max-age=86400")],
        Json(crate::actors::cameo_table()),
    )
        .into_response())
}
