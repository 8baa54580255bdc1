//! Events: `/api/events` (a page with the total, or every matching row as CSV / JSON lines),
//! the dyad timeline, the actor network, actor lookup, CAMEO names, and the explorer page.

use super::{bad, page, params, store_err, with_store, ApiError, Shared};
use crate::query::{event_filter, Params, FILTERS};
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use khabar_store::EventFilter;
use serde_json::{json, Value};

const PAGE: &str = include_str!("explore.html");

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
    // a page depends on its parameters and the store alone: kept like a search's answer (a
    // page costs ~35 ms, most of it the stories its events belong to; an explorer, a dashboard
    // or several analysts ask for the same pages again)
    let key = {
        let mut kv = q.clone();
        kv.sort();
        format!("events\0{kv:?}")
    };
    let q = params(q, &[FILTERS, &["limit", "offset", "cursor", "format"]])?;
    let mut f = filter_of(&q)?;
    // keyset paging: the rows after the one the cursor names (page 500 costs what page 1 does)
    let cursor = q.get("cursor").map(String::from);
    if let Some(c) = &cursor {
        if q.get("offset").is_some() {
            return Err(bad("give cursor or offset, not both"));
        }
        f.after = Some(khabar_store::Cursor::parse(c, f.sort).map_err(store_err)?);
    }
    let format = q.get("format").unwrap_or("json").to_string();
    match format.as_str() {
        "json" => {
            let (limit, offset) = page(&q)?;
            (f.limit, f.offset) = (limit, offset);
            let stamp = st.answers.stamp();
            if let Some(answer) = st.answers.get(&key, &stamp) {
                return Ok(super::json_text(answer));
            }
            let answer = with_store(&st, move |s, _| {
                // the total of the whole filter, whatever the page
                let total = s.count_matching(&f).map_err(store_err)?;
                let (mut rows, next) = s.events_page(&f).map_err(store_err)?;
                crate::mentions::Reports::load(s, Some(&rows))
                    .map_err(store_err)?
                    .fill(&mut rows);
                for e in &mut rows {
                    e.title = crate::store::shown_title(e.title.take());
                }
                Ok(json!({"total": total, "limit": limit, "offset": offset, "cursor": cursor, "next_cursor": next.map(|c| c.to_string()), "items": rows}).to_string())
            })
            .await?;
            st.answers.put(key, &stamp, &answer);
            Ok(super::json_text(answer))
        }
        "csv" | "jsonl" => {
            f.limit = q.number("limit", 1..=usize::MAX, 0).map_err(bad)?;
            f.offset = q.number("offset", 0..=usize::MAX, 0).map_err(bad)?;
            super::export::stream(&st, f, format == "csv").await
        }
        other => Err(bad(format!(
            "format must be json, csv or jsonl, got {other:?}"
        ))),
    }
}

/// Events per period for the event filters: a dyad (`source` and `target`, or `dyad`) or an
/// actor on either side; every period of the range drawn, zeros where none. Each bar of the SVG
/// links to the explorer with the same filters and the bar's period.
pub(super) async fn timeline(
    State(st): State<Shared>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let pairs = q.clone();
    let q = params(q, &[FILTERS, &["by", "format"]])?;
    let dyad = q.get("source").is_some() && q.get("target").is_some();
    if !(dyad || q.get("actor").is_some() || q.get("dyad").is_some()) {
        let missing = if q.get("source").is_none() {
            "source"
        } else {
            "target"
        };
        return Err(bad(format!(
            "{missing} is required: give source and target (CAMEO code prefixes such as SAU, YEM, or country names), or actor, or dyad"
        )));
    }
    let f = filter_of(&q)?;
    let by = q.get("by").unwrap_or("month").to_string();
    if !["day", "week", "month", "year"].contains(&by.as_str()) {
        return Err(bad(format!("by must be day|week|month|year, got {by:?}")));
    }
    let svg = match q.get("format").unwrap_or("json") {
        "json" => false,
        "svg" => true,
        other => return Err(bad(format!("format must be json or svg, got {other:?}"))),
    };
    // the explorer's query for a bar: these filters, the timeline's modalities, the bar's dates
    let mut base: Vec<(String, String)> = pairs
        .into_iter()
        .filter(|(k, v)| {
            FILTERS.contains(&k.as_str())
                && !["from", "to", "sort"].contains(&k.as_str())
                && !v.trim().is_empty()
        })
        .collect();
    if f.modality.is_none() {
        base.push(("modality".into(), khabar_store::TIMELINE_MODALITIES.into()));
    }
    let base = base
        .iter()
        .map(|(k, v)| format!("{k}={}", url_encode(v.trim())))
        .collect::<Vec<_>>()
        .join("&");
    let title = match (&f.source, &f.target, &f.dyad, &f.actor) {
        (Some(s), Some(t), _, _) => format!("{s} → {t} per {by}"),
        (_, _, Some((a, b)), _) => format!("{a} ↔ {b} per {by}"),
        (_, _, _, Some(a)) => format!("{a} per {by}"),
        _ => format!("events per {by}"),
    };
    with_store(&st, move |s, _| {
        let rows = s.timeline(&f, &by).map_err(store_err)?;
        if svg {
            return Ok((
                [(header::CONTENT_TYPE, "image/svg+xml")],
                crate::chart::timeline_svg(&title, &rows, Some(&base)),
            )
                .into_response());
        }
        Ok(Json(json!({"source": f.source, "target": f.target, "by": by, "from": f.from, "to": f.to, "items": rows}))
            .into_response())
    })
    .await
}

/// Percent-encoding of a query value (UTF-8 bytes; letters, digits and `-_.~,` kept).
fn url_encode(v: &str) -> String {
    v.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~,".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
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
