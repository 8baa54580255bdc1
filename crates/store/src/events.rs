//! Event queries: one filter for the list, its count, the export, the map, the timeline and the
//! network. Codes match literally by prefix: `%` and `_` in a value are escaped, never wildcards.

use crate::calendar::{self, PartialDate};
use crate::{Cursor, EventRow, GeoRow, Result, Store, StoreError};
use rusqlite::OptionalExtension;
use serde::Serialize;
use std::collections::HashMap;

/// What an event list shows of an article besides its events.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ArticleMeta {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
}

/// Event query filters; empty fields do not filter. Codes match by prefix («IRN» matches IRNGOV).
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub actor: Option<String>,
    pub source: Option<String>,
    pub target: Option<String>,
    /// two code prefixes, events between them in either direction
    pub dyad: Option<(String, String)>,
    pub cameo: Option<String>,
    pub root: Option<String>,
    /// QuadClasses (any of them; empty: all)
    pub quad: Vec<i64>,
    pub modality: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// a gazetteer feature id («415189», «YM24») or words of the place's text
    pub place: Option<String>,
    /// west, south, east, north (degrees): events placed inside
    pub bbox: Option<[f64; 4]>,
    /// events of one article
    pub doc_id: Option<String>,
    /// the article's outlet (its source name, exactly)
    pub outlet: Option<String>,
    /// at least this confidence
    pub min_confidence: Option<f64>,
    pub sort: EventSort,
    /// 0: every matching row
    pub limit: usize,
    pub offset: usize,
    /// only the rows after this one in `sort`'s order (keyset paging; `offset` counts from it)
    pub after: Option<Cursor>,
}

/// Row order of an event query.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EventSort {
    #[default]
    Date,
    DateDesc,
    Goldstein,
    GoldsteinDesc,
    Confidence,
    ConfidenceDesc,
}

impl EventSort {
    /// The names [`EventSort::parse`] accepts (`-` first: descending).
    pub const NAMES: [&'static str; 6] = [
        "date",
        "-date",
        "goldstein",
        "-goldstein",
        "confidence",
        "-confidence",
    ];

    pub fn parse(s: &str) -> Option<EventSort> {
        use EventSort::*;
        Some(match s {
            "date" => Date,
            "-date" => DateDesc,
            "goldstein" => Goldstein,
            "-goldstein" => GoldsteinDesc,
            "confidence" => Confidence,
            "-confidence" => ConfidenceDesc,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TimelineRow {
    pub period: String,
    /// the period inside the asked range as event filter values (`from`/`to` of `/api/events`
    /// give the events the period counts): the period's key for a whole month or year, else days
    pub from: String,
    pub to: String,
    pub events: i64,
    pub goldstein_sum: f64,
    pub goldstein_mean: f64,
    pub quad1: i64,
    pub quad2: i64,
    pub quad3: i64,
    pub quad4: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Edge {
    pub source: String,
    pub target: String,
    pub events: i64,
    pub goldstein_mean: f64,
}

/// The modalities a timeline counts unless asked otherwise: what happened or was reported.
pub const TIMELINE_MODALITIES: &str = "asserted,reported,historical";

/// Most periods a timeline fills: a longer span needs a range or a coarser period.
pub const MAX_PERIODS: i64 = 10_000;

/// The first and last day of the period (of `by`) holding day `z`; weeks 00 and the last week
/// of a year end with the year, as SQLite's `%W` counts them.
fn period_bounds(z: i64, by: &str) -> (i64, i64) {
    let (y, m, _) = calendar::civil_from_days(z);
    let (jan1, dec31) = (
        calendar::days_from_civil(y, 1, 1),
        calendar::days_from_civil(y, 12, 31),
    );
    match by {
        "day" => (z, z),
        "week" => {
            // 1970-01-01 was a Thursday: Monday = 0
            let wday = (z + 3).rem_euclid(7);
            ((z - wday).max(jan1), (z + 6 - wday).min(dec31))
        }
        "month" => (
            calendar::days_from_civil(y, m, 1),
            calendar::days_from_civil(y, m, calendar::month_days(y, m)),
        ),
        _ => (jan1, dec31),
    }
}

/// `[v, v with its last character raised)`: the codes starting with `v`, where `v` is upper-case
/// letters and digits (as every actor code is).
pub(crate) fn code_range(v: &str) -> Option<(String, String)> {
    let last = *v.as_bytes().last()?;
    if !v
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        return None;
    }
    let mut hi = v[..v.len() - 1].to_string();
    hi.push((last + 1) as char);
    Some((v.to_string(), hi))
}

/// A code prefix as a LIKE pattern that matches it literally.
pub(crate) fn like_prefix(v: &str) -> String {
    format!("{}%", like_escape(v))
}

fn like_escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// The column where a row's sort keys start: after [`EVENT_COLUMNS`].
const KEYS_AT: usize = 34;

const EVENT_COLUMNS: &str = concat!(
    "a.doc_id, e.eid, e.sentence, e.start, e.end, e.evidence, e.trigger, e.source_code, e.source_text, e.target_code, e.target_text, e.cameo, e.root, e.quad, e.goldstein, e.plover_type, e.plover_mode, e.date, e.place, e.modality, e.confidence, e.place_feature, e.place_name, e.place_country, e.place_adm1, e.lat, e.lon, e.place_precision, a.title, a.source, a.published, ",
    stored_url!(),
    ", a.id, CASE WHEN e.evidence IS NULL THEN a.text END"
);

/// The text of the article last read, for the evidence of its next events.
#[derive(Default)]
struct TextCache {
    article: Option<i64>,
    text: String,
}

fn event_row(r: &rusqlite::Row, texts: &mut TextCache) -> Result<EventRow> {
    let date: Option<String> = r.get(17)?;
    let doc_id: String = r.get(0)?;
    let (start, end) = (
        r.get::<_, Option<i64>>(3)?.unwrap_or(0),
        r.get::<_, Option<i64>>(4)?.unwrap_or(0),
    );
    // stored without what the doc id and the text give back (issue 18): the id as "#n", the
    // evidence as its char offsets
    let eid: String = r.get(1)?;
    let eid = if eid.starts_with('#') {
        format!("{doc_id}{eid}")
    } else {
        eid
    };
    let evidence = match r.get::<_, Option<String>>(5)? {
        Some(e) => e,
        None => {
            let id: i64 = r.get(32)?;
            if texts.article != Some(id) {
                let blob: Option<Vec<u8>> = r.get(33)?;
                texts.text = blob
                    .map(|b| crate::texts::decompress(&b))
                    .transpose()?
                    .unwrap_or_default();
                texts.article = Some(id);
            }
            crate::char_slice(&texts.text, start, end)
        }
    };
    Ok(EventRow {
        doc_id,
        eid,
        sentence: r.get::<_, Option<i64>>(2)?.unwrap_or(0),
        start,
        end,
        evidence,
        trigger: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
        source_code: r.get(7)?,
        source_text: r.get(8)?,
        target_code: r.get(9)?,
        target_text: r.get(10)?,
        cameo: r.get(11)?,
        root: r.get(12)?,
        quad: r.get::<_, Option<i64>>(13)?.unwrap_or(0),
        goldstein: r.get::<_, Option<f64>>(14)?.unwrap_or(0.0),
        plover_type: r.get::<_, Option<String>>(15)?.unwrap_or_default(),
        plover_mode: r.get::<_, Option<String>>(16)?.unwrap_or_default(),
        date_precision: date
            .as_deref()
            .and_then(calendar::date_precision)
            .map(String::from),
        date,
        place: r.get(18)?,
        modality: r.get::<_, Option<String>>(19)?.unwrap_or_default(),
        // stored from an f32: 0.4 reads back as 0.4000000059604645
        confidence: (r.get::<_, Option<f64>>(20)?.unwrap_or(0.0) * 1e4).round() / 1e4,
        geo: GeoRow::read(r, 21)?,
        title: r.get(28)?,
        outlet: r.get(29)?,
        published: r.get(30)?,
        url: r.get(31)?,
        mentions: None,
    })
}

impl Store {
    pub(crate) fn where_clause(f: &EventFilter) -> (String, Vec<String>) {
        let mut w = vec!["1=1".to_string()];
        let mut p: Vec<String> = Vec::new();
        // a code prefix: a range of the index where the prefix is a code's letters and digits
        // (LIKE, case-blind, reads every row), else LIKE
        let mut prefix = |col: &str, v: &str| {
            let n = p.len() + 1;
            match code_range(v) {
                Some((lo, hi)) => {
                    p.extend([lo, hi]);
                    format!("({col} >= ?{n} AND {col} < ?{})", n + 1)
                }
                None => {
                    p.push(like_prefix(v));
                    format!(r"{col} LIKE ?{n} ESCAPE '\'")
                }
            }
        };
        if let Some(a) = &f.actor {
            let (s, t) = (prefix("e.source_code", a), prefix("e.target_code", a));
            w.push(format!("({s} OR {t})"));
        }
        if let Some(s) = &f.source {
            w.push(prefix("e.source_code", s));
        }
        if let Some(t) = &f.target {
            w.push(prefix("e.target_code", t));
        }
        if let Some((x, y)) = &f.dyad {
            let (sx, ty) = (prefix("e.source_code", x), prefix("e.target_code", y));
            let (sy, tx) = (prefix("e.source_code", y), prefix("e.target_code", x));
            w.push(format!("(({sx} AND {ty}) OR ({sy} AND {tx}))"));
        }
        // `{}` in a condition is replaced by the number of its first value, `{+1}` by the second's …
        let mut add = |cond: &str, vals: &[String]| {
            let n = p.len() + 1;
            p.extend(vals.iter().cloned());
            let mut c = cond.replace("{}", &n.to_string());
            for i in (1..vals.len()).rev() {
                c = c.replace(&format!("{{+{i}}}"), &(n + i).to_string());
            }
            w.push(c);
        };
        if let Some(c) = &f.cameo {
            add(r"e.cameo LIKE ?{} ESCAPE '\'", &[like_prefix(c)]);
        }
        if let Some(r) = &f.root {
            add("e.root = ?{}", std::slice::from_ref(r));
        }
        if !f.quad.is_empty() {
            // checked numbers: written into the SQL as they are
            let qs: Vec<String> = f.quad.iter().map(|q| q.to_string()).collect();
            add(&format!("e.quad IN ({})", qs.join(", ")), &[]);
        }
        if let Some(m) = &f.modality {
            // one modality or several joined by commas
            let ms: Vec<String> = m.split(',').map(|x| x.trim().to_string()).collect();
            let marks: Vec<String> = (0..ms.len())
                .map(|i| {
                    if i == 0 {
                        "?{}".to_string()
                    } else {
                        format!("?{{+{i}}}")
                    }
                })
                .collect();
            add(&format!("e.modality IN ({})", marks.join(", ")), &ms);
        }
        if let Some(d) = &f.from {
            add("e.date >= ?{}", std::slice::from_ref(d));
        }
        if let Some(d) = &f.to {
            // «2020-11» includes the whole month
            add(
                "substr(e.date, 1, length(?{})) <= ?{}",
                std::slice::from_ref(d),
            );
        }
        if let Some(pl) = &f.place {
            add(
                r"(e.place_feature = ?{} OR e.place LIKE '%' || ?{+1} || '%' ESCAPE '\')",
                &[pl.clone(), like_escape(pl)],
            );
        }
        // west ≤ east: the server refuses a box across 180°
        if let Some([w, s, e, n]) = f.bbox {
            add("e.lon >= CAST(?{} AS REAL)", &[w.to_string()]);
            add("e.lat >= CAST(?{} AS REAL)", &[s.to_string()]);
            add("e.lon <= CAST(?{} AS REAL)", &[e.to_string()]);
            add("e.lat <= CAST(?{} AS REAL)", &[n.to_string()]);
        }
        if let Some(d) = &f.doc_id {
            add("a.doc_id = ?{}", std::slice::from_ref(d));
        }
        if let Some(o) = &f.outlet {
            add("a.source = ?{}", std::slice::from_ref(o));
        }
        if let Some(c) = f.min_confidence {
            // stored as f32: 0.7 reads back as 0.6999999881
            add("e.confidence >= CAST(?{} AS REAL) - 1e-6", &[c.to_string()]);
        }
        (w.join(" AND "), p)
    }

    /// The events matching `f`, in its order, `f.limit` of them from `f.offset` (0: all).
    pub fn events(&self, f: &EventFilter) -> Result<Vec<EventRow>> {
        let mut out = Vec::new();
        self.for_each_event(f, |e| -> Result<()> {
            out.push(e);
            Ok(())
        })?;
        Ok(out)
    }

    /// Streams the events matching `f` to `each`, one at a time (exports of the whole store).
    pub fn for_each_event<E: From<StoreError>>(
        &self,
        f: &EventFilter,
        mut each: impl FnMut(EventRow) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let limit = if f.limit == 0 { -1 } else { f.limit as i64 };
        self.scan_events(f, limit, |e, _| each(e))
    }

    /// A page of `f.limit` events (from `f.after`, then `f.offset`) and the cursor of the page
    /// after it: None when no row follows (or `f.limit` is 0, every row).
    pub fn events_page(&self, f: &EventFilter) -> Result<(Vec<EventRow>, Option<Cursor>)> {
        let mut rows = Vec::new();
        let next = self.for_each_event_paged(f, |e| -> Result<()> {
            rows.push(e);
            Ok(())
        })?;
        Ok((rows, next))
    }

    /// [`Self::for_each_event`] that also gives the cursor of the next page: None when no row
    /// follows (or `f.limit` is 0, every row).
    pub fn for_each_event_paged<E: From<StoreError>>(
        &self,
        f: &EventFilter,
        mut each: impl FnMut(EventRow) -> std::result::Result<(), E>,
    ) -> std::result::Result<Option<Cursor>, E> {
        if f.limit == 0 {
            self.for_each_event(f, each)?;
            return Ok(None);
        }
        let (mut n, mut last, mut more) = (0, None, false);
        // one row past the page tells whether there is a next page
        self.scan_events(
            f,
            f.limit as i64 + 1,
            |e, r| -> std::result::Result<(), E> {
                n += 1;
                if n <= f.limit {
                    last = Some(Cursor::of_row(f.sort, r, KEYS_AT).map_err(StoreError::from)?);
                    each(e)
                } else {
                    more = true;
                    Ok(())
                }
            },
        )?;
        Ok(if more { last } else { None })
    }

    /// The events of `f` in its order, at most `limit` (-1: all) from `f.after` and `f.offset`;
    /// `each` also gets the row, whose columns from [`KEYS_AT`] are the sort keys.
    fn scan_events<E: From<StoreError>>(
        &self,
        f: &EventFilter,
        limit: i64,
        mut each: impl FnMut(EventRow, &rusqlite::Row) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let (mut w, p) = Self::where_clause(f);
        let mut params: Vec<rusqlite::types::Value> =
            p.into_iter().map(rusqlite::types::Value::Text).collect();
        if let Some(c) = &f.after {
            if c.sort != f.sort {
                return Err(StoreError::BadParam(
                    "the cursor was made for another sort: give the same sort".into(),
                )
                .into());
            }
            let (cond, vals) = c.condition(params.len() + 1);
            w = format!("{w} AND {cond}");
            params.extend(vals);
        }
        // the page's rows are chosen by rowid first, then read whole: sorting the full rows
        // (an article's text among them) in a temporary b-tree was most of a page's cost
        let order = f.sort.order_by();
        let sql = format!(
            "SELECT {EVENT_COLUMNS}, {} FROM events e JOIN articles a ON a.id = e.article WHERE e.rowid IN (SELECT e.rowid FROM events e{} WHERE {w} ORDER BY {order} LIMIT {limit} OFFSET {}) ORDER BY {order}",
            Cursor::select(f.sort),
            Self::articles_join(f),
            f.offset
        );
        let mut st = self.conn.prepare(&sql).map_err(StoreError::from)?;
        let mut rows = st
            .query(rusqlite::params_from_iter(params.iter()))
            .map_err(StoreError::from)?;
        let mut texts = TextCache::default();
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            each(event_row(r, &mut texts)?, r)?;
        }
        Ok(())
    }

    /// The join on articles where `f` filters on them: a lookup per event was half a count's cost.
    fn articles_join(f: &EventFilter) -> &'static str {
        if f.doc_id.is_some() || f.outlet.is_some() {
            " JOIN articles a ON a.id = e.article"
        } else {
            ""
        }
    }

    /// How many events match `f` (its limit, offset and cursor aside).
    pub fn count_matching(&self, f: &EventFilter) -> Result<i64> {
        let (w, p) = Self::where_clause(f);
        let sql = format!(
            "SELECT count(*) FROM events e{} WHERE {w}",
            Self::articles_join(f)
        );
        Ok(self
            .conn
            .query_row(&sql, rusqlite::params_from_iter(p.iter()), |r| r.get(0))?)
    }

    /// Events matching `f` per day, week, month or year, between its `from` and `to` (any
    /// precision, inclusive) when given; periods without events are filled with zeros, so the
    /// axis is continuous. Without a modality in `f`: [`TIMELINE_MODALITIES`].
    pub fn timeline(&self, f: &EventFilter, by: &str) -> Result<Vec<TimelineRow>> {
        let (from, to) = (f.from.as_deref(), f.to.as_deref());
        let period = match by {
            "day" => "substr(e.date, 1, 10)",
            "week" => "strftime('%Y-W%W', substr(e.date, 1, 10))",
            "month" => "substr(e.date, 1, 7)",
            "year" => "substr(e.date, 1, 4)",
            other => {
                return Err(StoreError::BadParam(format!(
                    "by must be day|week|month|year, not {other:?}"
                )))
            }
        };
        let bound = |name: &str, v: Option<&str>| -> Result<Option<PartialDate>> {
            v.map(|v| {
                PartialDate::parse(v).ok_or_else(|| {
                    StoreError::BadParam(format!(
                        "{name} must be YYYY, YYYY-MM or YYYY-MM-DD, got {v:?}"
                    ))
                })
            })
            .transpose()
        };
        let (lo, hi) = (bound("from", from)?, bound("to", to)?);
        // week and day need a full date
        let need = match by {
            "day" | "week" => 10,
            "month" => 7,
            _ => 4,
        };
        // what happened: unless the filter says otherwise, no future, negated or hypothetical
        let mut f = f.clone();
        f.modality
            .get_or_insert_with(|| TIMELINE_MODALITIES.to_string());
        let (w, args) = Self::where_clause(&f);
        let sql = format!(
            "SELECT {period} AS p, count(*), sum(e.goldstein), avg(e.goldstein),
                    sum(e.quad = 1), sum(e.quad = 2), sum(e.quad = 3), sum(e.quad = 4),
                    min(substr(e.date, 1, 10)), max(substr(e.date, 1, 10))
             FROM events e JOIN articles a ON a.id = e.article
             WHERE {w} AND length(e.date) >= {need}
             GROUP BY p ORDER BY p"
        );
        let mut st = self.conn.prepare(&sql)?;
        let mut found: std::collections::HashMap<String, TimelineRow> = Default::default();
        let (mut first, mut last): (Option<String>, Option<String>) = (None, None);
        let mut rows = st.query(rusqlite::params_from_iter(args.iter()))?;
        while let Some(r) = rows.next()? {
            let lo_d: String = r.get(8)?;
            let hi_d: String = r.get(9)?;
            if first.as_ref().is_none_or(|f| lo_d < *f) {
                first = Some(lo_d);
            }
            if last.as_ref().is_none_or(|l| hi_d > *l) {
                last = Some(hi_d);
            }
            let period = r.get::<_, Option<String>>(0)?.unwrap_or_default();
            found.insert(
                period.clone(),
                TimelineRow {
                    period,
                    from: String::new(),
                    to: String::new(),
                    events: r.get(1)?,
                    goldstein_sum: r.get::<_, Option<f64>>(2)?.unwrap_or(0.0),
                    goldstein_mean: r.get::<_, Option<f64>>(3)?.unwrap_or(0.0),
                    quad1: r.get::<_, Option<i64>>(4)?.unwrap_or(0),
                    quad2: r.get::<_, Option<i64>>(5)?.unwrap_or(0),
                    quad3: r.get::<_, Option<i64>>(6)?.unwrap_or(0),
                    quad4: r.get::<_, Option<i64>>(7)?.unwrap_or(0),
                },
            );
        }
        // without a bound the axis runs over whole periods from the first event to the last
        let start = match (lo, &first) {
            (Some(d), _) => d.first_day(),
            (None, Some(f)) => {
                period_bounds(PartialDate::parse(f).map_or(0, |d| d.first_day()), by).0
            }
            (None, None) => return Ok(Vec::new()),
        };
        let end = match (hi, &last) {
            (Some(d), _) => d.last_day(),
            (None, Some(l)) => {
                period_bounds(PartialDate::parse(l).map_or(start, |d| d.last_day()), by).1
            }
            (None, None) => return Ok(Vec::new()),
        };
        let days = end - start + 1;
        let periods = match by {
            "day" => days,
            "week" => days / 7,
            "month" => days / 30,
            _ => days / 365,
        };
        if periods > MAX_PERIODS {
            return Err(StoreError::BadParam(format!(
                "from/to: {periods} periods of a {by} are too many to draw (at most {MAX_PERIODS}); narrow from/to or use a longer period"
            )));
        }
        let mut out: Vec<TimelineRow> = Vec::new();
        let mut z = start;
        while z <= end {
            let key = calendar::period_key(z, by);
            // the period's last day inside the range
            let z1 = period_bounds(z, by).1.min(end);
            let mut row = found.remove(&key).unwrap_or(TimelineRow {
                period: key,
                from: String::new(),
                to: String::new(),
                events: 0,
                goldstein_sum: 0.0,
                goldstein_mean: 0.0,
                quad1: 0,
                quad2: 0,
                quad3: 0,
                quad4: 0,
            });
            // a whole month or year is its own key as a filter value: «2015-07» also holds the
            // events dated only to the month, as the timeline counts them
            let (p0, p1) = period_bounds(z, by);
            if matches!(by, "month" | "year") && (p0, p1) == (z, z1) {
                row.from = row.period.clone();
                row.to = row.period.clone();
            } else {
                row.from = calendar::day_string(z);
                row.to = calendar::day_string(z1);
            }
            out.push(row);
            z = z1 + 1;
        }
        Ok(out)
    }

    /// Title, outlet and publication date of each of `doc_ids` that is stored.
    pub fn articles_meta(&self, doc_ids: &[String]) -> Result<HashMap<String, ArticleMeta>> {
        let mut st = self.conn.prepare_cached(
            "SELECT title, source, published FROM articles WHERE doc_id = ?1 LIMIT 1",
        )?;
        let mut out = HashMap::new();
        for d in doc_ids {
            if out.contains_key(d) {
                continue;
            }
            let row = st
                .query_row([d], |r| {
                    Ok(ArticleMeta {
                        title: r.get(0)?,
                        outlet: r.get(1)?,
                        published: r.get(2)?,
                    })
                })
                .optional()?;
            if let Some(m) = row {
                out.insert(d.clone(), m);
            }
        }
        Ok(out)
    }

    /// Events per (article, source country, target country, root) in `doc_ids` (every article
    /// when none): how often each article reports a kind of event between two countries.
    pub fn report_counts(
        &self,
        doc_ids: Option<&[String]>,
    ) -> Result<HashMap<(String, String, String, String), i64>> {
        let mut out = HashMap::new();
        let sql = "SELECT a.doc_id, substr(coalesce(e.source_code, ''), 1, 3), substr(coalesce(e.target_code, ''), 1, 3), e.root, count(*)
             FROM events e JOIN articles a ON a.id = e.article";
        let mut take = |r: &rusqlite::Row| -> rusqlite::Result<()> {
            out.insert((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?), r.get(4)?);
            Ok(())
        };
        match doc_ids {
            None => {
                let mut st = self.conn.prepare(&format!("{sql} GROUP BY 1, 2, 3, 4"))?;
                let mut rows = st.query([])?;
                while let Some(r) = rows.next()? {
                    take(r)?;
                }
            }
            Some(ids) => {
                let mut st = self
                    .conn
                    .prepare_cached(&format!("{sql} WHERE a.doc_id = ?1 GROUP BY 1, 2, 3, 4"))?;
                let mut seen = std::collections::HashSet::new();
                for d in ids.iter().filter(|d| seen.insert(*d)) {
                    let mut rows = st.query([d])?;
                    while let Some(r) = rows.next()? {
                        take(r)?;
                    }
                }
            }
        }
        Ok(out)
    }

    /// Actor network: edges between country-level codes (first three letters) of the events
    /// matching `f`, weighted by events; only nodes `keep` accepts, at least `min_events` per
    /// edge, the `limit` heaviest.
    pub fn network(
        &self,
        f: &EventFilter,
        min_events: i64,
        limit: usize,
        keep: impl Fn(&str) -> bool,
    ) -> Result<Vec<Edge>> {
        let (w, p) = Self::where_clause(f);
        let sql = format!(
            "SELECT substr(e.source_code, 1, 3) s, substr(e.target_code, 1, 3) t, count(*) n, avg(e.goldstein)
             FROM events e JOIN articles a ON a.id = e.article
             WHERE {w} AND e.source_code IS NOT NULL AND e.target_code IS NOT NULL AND s <> t
             GROUP BY s, t HAVING n >= {min_events} ORDER BY n DESC, s, t"
        );
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(p.iter()), |r| {
            Ok(Edge {
                source: r.get(0)?,
                target: r.get(1)?,
                events: r.get(2)?,
                goldstein_mean: r.get::<_, Option<f64>>(3)?.unwrap_or(0.0),
            })
        })?;
        let mut out = Vec::new();
        for e in rows {
            let e = e?;
            if keep(&e.source) && keep(&e.target) {
                out.push(e);
                if out.len() >= limit {
                    break;
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use crate::{ArticleRow, EventFilter, EventRow, EventSort, Store};

    fn store() -> Store {
        let ev = |s: &str, t: &str, date: &str, g: f64| EventRow {
            source_code: Some(s.into()),
            target_code: Some(t.into()),
            cameo: "190".into(),
            root: "19".into(),
            quad: 4,
            goldstein: g,
            date: Some(date.into()),
            modality: "asserted".into(),
            ..Default::default()
        };
        let mut s = Store::open_in_memory().unwrap();
        let a = ArticleRow {
            doc_id: "a".into(),
            hash: "a".into(),
            title: Some("t".into()),
            source: Some("sabq".into()),
            events: vec![
                ev("SAUMIL", "YEMREB", "2015-07-14", -10.0),
                ev("SAU", "YEM", "2015-07-20", -9.0),
                ev("YEM", "SAU", "2015-07", -2.0),
                ev("USA", "S_U", "1949", 1.0),
            ],
            ..Default::default()
        };
        s.add_batch(&[a]).unwrap();
        s
    }

    /// Issue 14, item 8: `_` and `%` are literal; dyads either way; counts; sorting.
    #[test]
    fn literal_codes_dyads_counts() {
        let s = store();
        let n = |f: EventFilter| s.count_matching(&f).unwrap();
        let code = |v: &str| Some(v.to_string());
        assert_eq!(
            n(EventFilter {
                target: code("_"),
                ..Default::default()
            }),
            0
        );
        assert_eq!(
            n(EventFilter {
                target: code("%"),
                ..Default::default()
            }),
            0
        );
        assert_eq!(
            n(EventFilter {
                target: code("S_U"),
                ..Default::default()
            }),
            1
        );
        assert_eq!(
            n(EventFilter {
                source: code("SAU"),
                target: code("YEM"),
                ..Default::default()
            }),
            2
        );
        let dyad = Some(("SAU".to_string(), "YEM".to_string()));
        assert_eq!(
            n(EventFilter {
                dyad: dyad.clone(),
                ..Default::default()
            }),
            3
        );
        let f = EventFilter {
            dyad,
            sort: EventSort::DateDesc,
            limit: 0,
            ..Default::default()
        };
        let dates: Vec<String> = s
            .events(&f)
            .unwrap()
            .into_iter()
            .filter_map(|e| e.date)
            .collect();
        assert_eq!(dates, ["2015-07-20", "2015-07-14", "2015-07"]);
        let all = s.events(&EventFilter::default()).unwrap();
        assert_eq!(all.len(), 4);
        assert_eq!(all[0].date_precision.as_deref(), Some("year"));
        assert_eq!(all[0].outlet.as_deref(), Some("sabq"));
    }

    /// Issue 14, item 4: the range is honoured and empty days are filled.
    #[test]
    fn timeline_range_and_zero_days() {
        let s = store();
        let tl = |from: &str, to: &str| EventFilter {
            source: Some("SAU".into()),
            target: Some("YEM".into()),
            from: (!from.is_empty()).then(|| from.to_string()),
            to: (!to.is_empty()).then(|| to.to_string()),
            ..Default::default()
        };
        let t = s.timeline(&tl("2015-07-13", "2015-07-21"), "day").unwrap();
        let got: Vec<(&str, i64)> = t.iter().map(|r| (r.period.as_str(), r.events)).collect();
        assert_eq!(got.len(), 9);
        assert_eq!(got[1], ("2015-07-14", 1));
        assert_eq!(got[2], ("2015-07-15", 0));
        assert_eq!(got[7], ("2015-07-20", 1));
        let t = s.timeline(&tl("2015-06-15", "2015-07"), "month").unwrap();
        let got: Vec<(&str, &str, &str, i64)> = t
            .iter()
            .map(|r| (r.period.as_str(), r.from.as_str(), r.to.as_str(), r.events))
            .collect();
        assert_eq!(
            got,
            [
                ("2015-06", "2015-06-15", "2015-06-30", 0),
                ("2015-07", "2015-07", "2015-07", 2)
            ]
        );
        let t = s.timeline(&tl("", ""), "week").unwrap();
        assert_eq!(t.iter().map(|r| r.events).sum::<i64>(), 2);
        assert_eq!(
            (t[0].period.as_str(), t[0].from.as_str()),
            ("2015-W28", "2015-07-13")
        );
        assert!(s.timeline(&tl("1900", "2020"), "day").is_err());
        assert!(s.timeline(&tl("July", ""), "day").is_err());
    }
}
