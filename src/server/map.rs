//! The map: `/api/map` (events per place for the event filters and a period), the map page and
//! the country outlines it draws (a simplified Natural Earth copy embedded in the binary: no CDN,
//! no tile server).

use super::{bad, events::filter_of, params, store_err, with_store, ApiError, Shared};
use crate::query::FILTERS;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse};
use axum::Json;
use serde_json::{json, Value};

const PAGE: &str = include_str!("map.html");
const OUTLINES: &str = include_str!("../../data/geo/countries.json");

/// Events per place: `/api/events`' filters (actor, root, quad, from, to, bbox …), places with the
/// most events first; `limit` caps the places (default 500).
pub(super) async fn map(
    State(st): State<Shared>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Json<Value>, ApiError> {
    let q = params(q, &[FILTERS, &["limit", "offset"]])?;
    let limit = q.number("limit", 1..=super::MAX_LIMIT, 500).map_err(bad)?;
    let offset = q.number("offset", 0..=usize::MAX, 0).map_err(bad)?;
    let mut f = filter_of(&q)?;
    (f.limit, f.offset) = (limit, offset);
    with_store(&st, move |s, _| {
        let rows = s.map(&f).map_err(store_err)?;
        let events: i64 = rows.iter().map(|r| r.events).sum();
        Ok(Json(
            json!({"limit": limit, "offset": offset, "events": events, "items": rows}),
        ))
    })
    .await
}

pub(super) async fn page_html() -> Html<&'static str> {
    Html(PAGE)
}

pub(super) async fn outlines() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "max-age=86400"),
        ],
        OUTLINES,
    )
}
