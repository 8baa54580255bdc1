//! One actor: `/api/actor?code=` (its names, how many events, its partners with counts each
//! way) and the actor page `/actor?code=` that shows them with its timeline and its events.

use super::{bad, events::filter_of, params, store_err, with_store, ApiError, Shared};
use crate::query::actor_code;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::Json;
use khabar_store::EventFilter;
use serde_json::{json, Value};

const PAGE: &str = include_str!("actor.html");

/// The filters an actor's figures can be narrowed by (its side is the `code` itself).
const ACTOR_FILTERS: &[&str] = &[
    "code",
    "from",
    "to",
    "root",
    "cameo",
    "quad",
    "modality",
    "outlet",
    "min_confidence",
    "limit",
];

pub(super) async fn page_html() -> Html<&'static str> {
    Html(PAGE)
}

/// `code` (a CAMEO code or a name the lexicon knows: `السعودية` → SAU) is required; `limit`
/// caps the partners (1..=100, default 20). Each partner's `events` is the explorer's total for
/// `dyad=<code>-<partner>` under the same filters.
pub(super) async fn actor(
    State(st): State<Shared>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Json<Value>, ApiError> {
    let q = params(q, &[ACTOR_FILTERS])?;
    let raw = q.get("code").ok_or_else(|| bad("code is required"))?;
    let code = actor_code("code", raw).map_err(bad)?;
    let limit = q.number("limit", 1..=100, 20).map_err(bad)?;
    // the filter reads only its own names (code and limit are not among them)
    let f = filter_of(&q)?;
    with_store(&st, move |s, _| {
        let total = s
            .count_matching(&EventFilter {
                actor: Some(code.clone()),
                ..f.clone()
            })
            .map_err(store_err)?;
        let p = s.partners(&f, &code, limit).map_err(store_err)?;
        let partners: Vec<Value> = p
            .items
            .iter()
            .map(|x| {
                let n = crate::actors::describe(&x.code);
                json!({"code": x.code, "ar": n.as_ref().map(|a| a.ar.clone()), "en": n.as_ref().map(|a| a.en.clone()),
                       "events": x.events, "outgoing": x.outgoing, "incoming": x.incoming, "goldstein_mean": x.goldstein_mean})
            })
            .collect();
        let name = crate::actors::describe(&code);
        Ok(Json(json!({
            "code": code,
            "ar": name.as_ref().map(|a| a.ar.clone()),
            "en": name.as_ref().map(|a| a.en.clone()),
            "country": code.get(..3).is_some_and(crate::actors::is_country),
            "from": f.from, "to": f.to,
            "total": total,
            "domestic": p.domestic,
            "alone": p.alone,
            "partners": partners,
        })))
    })
    .await
}
