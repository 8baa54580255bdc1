//! Keyset paging of event lists: a cursor holds the sort keys of the last row of a page, and
//! the next page is the rows after it in the same order. Unlike OFFSET, SQLite does not walk
//! the rows before the page, so page 500 costs what page 1 does, and rows ingested meanwhile
//! do not shift the pages a client has not read yet.
//!
//! The text form is opaque to clients but plain ASCII (safe in a URL):
//! `v1.<sort>.<key>.<key>…`, each key `n` (NULL), `i<decimal>`, `r<16 hex digits of the f64's
//! bits>` (exact, where a decimal form could round) or `t<hex of the UTF-8 bytes>`.

use crate::{EventSort, StoreError};
use rusqlite::types::Value;

/// Where the next page starts: after the row with these sort keys.
#[derive(Debug, Clone, PartialEq)]
pub struct Cursor {
    pub sort: EventSort,
    keys: Vec<Value>,
}

/// Longest cursor text accepted (a key holds at most a date; this is generous).
const MAX_LEN: usize = 1_000;

impl EventSort {
    /// The expressions a list is ordered by, each with its direction (true: descending); the
    /// last two make the order total, so a cursor names one place in it.
    pub(crate) fn keys(self) -> &'static [(&'static str, bool)] {
        use EventSort::*;
        match self {
            Date => &[("e.date", false), ("e.article", false), ("e.rowid", false)],
            DateDesc => &[("e.date", true), ("e.article", true), ("e.rowid", true)],
            Goldstein => &[
                ("e.goldstein", false),
                ("e.date", false),
                ("e.article", false),
                ("e.rowid", false),
            ],
            GoldsteinDesc => &[
                ("e.goldstein", true),
                ("e.date", false),
                ("e.article", false),
                ("e.rowid", false),
            ],
            Confidence => &[
                ("e.confidence", false),
                ("e.date", false),
                ("e.article", false),
                ("e.rowid", false),
            ],
            ConfidenceDesc => &[
                ("e.confidence", true),
                ("e.date", false),
                ("e.article", false),
                ("e.rowid", false),
            ],
        }
    }

    /// `ORDER BY` of the keys.
    pub(crate) fn order_by(self) -> String {
        self.keys()
            .iter()
            .map(|(e, desc)| {
                if *desc {
                    format!("{e} DESC")
                } else {
                    e.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn name(self) -> &'static str {
        use EventSort::*;
        match self {
            Date => "date",
            DateDesc => "-date",
            Goldstein => "goldstein",
            GoldsteinDesc => "-goldstein",
            Confidence => "confidence",
            ConfidenceDesc => "-confidence",
        }
    }
}

fn bad(msg: impl Into<String>) -> StoreError {
    StoreError::BadParam(msg.into())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
        .collect()
}

impl Cursor {
    /// The cursor of a row whose sort keys are at `first..` of `r` (as [`Cursor::select`]
    /// appends them).
    pub(crate) fn of_row(
        sort: EventSort,
        r: &rusqlite::Row,
        first: usize,
    ) -> rusqlite::Result<Cursor> {
        let keys = (0..sort.keys().len())
            .map(|i| r.get::<_, Value>(first + i))
            .collect::<rusqlite::Result<_>>()?;
        Ok(Cursor { sort, keys })
    }

    /// The key expressions to append to a SELECT list.
    pub(crate) fn select(sort: EventSort) -> String {
        sort.keys()
            .iter()
            .map(|(e, _)| *e)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Reads a cursor's text; one made for another sort, or damaged, is a [`StoreError::BadParam`].
    pub fn parse(s: &str, sort: EventSort) -> Result<Cursor, StoreError> {
        let broken = || {
            bad("not a cursor khabar gave (copy next_cursor, or the --cursor printed, as it is)")
        };
        if s.len() > MAX_LEN || !s.is_ascii() {
            return Err(broken());
        }
        let mut parts = s.split('.');
        if parts.next() != Some("v1") {
            return Err(broken());
        }
        let made_for = parts.next().and_then(EventSort::parse).ok_or_else(broken)?;
        if made_for != sort {
            return Err(bad(format!(
                "the cursor was made for sort={}, not sort={}: give the same sort",
                made_for.name(),
                sort.name()
            )));
        }
        let keys: Vec<Value> = parts
            .map(|k| {
                let (tag, rest) = k.split_at(k.len().min(1));
                match tag {
                    "n" if rest.is_empty() => Some(Value::Null),
                    "i" => rest.parse().ok().map(Value::Integer),
                    "r" if rest.len() == 16 => u64::from_str_radix(rest, 16)
                        .ok()
                        .map(|b| Value::Real(f64::from_bits(b))),
                    "t" => unhex(rest)
                        .and_then(|b| String::from_utf8(b).ok())
                        .map(Value::Text),
                    _ => None,
                }
            })
            .collect::<Option<_>>()
            .ok_or_else(broken)?;
        if keys.len() != sort.keys().len() {
            return Err(broken());
        }
        Ok(Cursor { sort, keys })
    }

    /// The condition "after this cursor in its order", its parameters numbered from `first`.
    /// SQLite puts NULL first in ascending and last in descending order; `IS` compares NULLs.
    /// The first key's bound is repeated on its own so that SQLite can start in its index.
    pub(crate) fn condition(&self, first: usize) -> (String, Vec<Value>) {
        let mut params: Vec<Value> = Vec::new();
        let mark = |v: &Value, params: &mut Vec<Value>| {
            params.push(v.clone());
            format!("?{}", first + params.len() - 1)
        };
        let keys = self.sort.keys();
        let mut ors: Vec<String> = Vec::new();
        for i in 0..keys.len() {
            let mut ands: Vec<String> = Vec::new();
            for ((e, _), v) in keys.iter().zip(&self.keys).take(i) {
                ands.push(match v {
                    Value::Null => format!("{e} IS NULL"),
                    v => format!("{e} = {}", mark(v, &mut params)),
                });
            }
            let ((e, desc), v) = (keys[i], &self.keys[i]);
            let after = match (desc, v) {
                (false, Value::Null) => format!("{e} IS NOT NULL"),
                (false, v) => format!("{e} > {}", mark(v, &mut params)),
                (true, Value::Null) => "0".to_string(),
                (true, v) => format!("({e} < {} OR {e} IS NULL)", mark(v, &mut params)),
            };
            ands.push(after);
            ors.push(format!("({})", ands.join(" AND ")));
        }
        let ((e, desc), v) = (keys[0], &self.keys[0]);
        let start = match (desc, v) {
            (false, Value::Null) => "1".to_string(),
            (false, v) => format!("{e} >= {}", mark(v, &mut params)),
            (true, Value::Null) => format!("{e} IS NULL"),
            (true, v) => format!("({e} <= {} OR {e} IS NULL)", mark(v, &mut params)),
        };
        (format!("{start} AND ({})", ors.join(" OR ")), params)
    }
}

impl std::fmt::Display for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "v1.{}", self.sort.name())?;
        for k in &self.keys {
            match k {
                Value::Null => write!(f, ".n")?,
                Value::Integer(i) => write!(f, ".i{i}")?,
                Value::Real(r) => write!(f, ".r{:016x}", r.to_bits())?,
                Value::Text(t) => write!(f, ".t{}", hex(t.as_bytes()))?,
                Value::Blob(b) => write!(f, ".t{}", hex(b))?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_form_round_trips_exactly() {
        let c = Cursor {
            sort: EventSort::GoldsteinDesc,
            keys: vec![
                Value::Real(-0.1 + 0.2),
                Value::Text("2015-07-01".into()),
                Value::Integer(42),
                Value::Null,
            ],
        };
        let s = c.to_string();
        assert!(s.starts_with("v1.-goldstein.r"), "{s}");
        assert_eq!(Cursor::parse(&s, EventSort::GoldsteinDesc).unwrap(), c);
    }

    #[test]
    fn foreign_or_damaged_cursors_are_bad_params() {
        let c = Cursor {
            sort: EventSort::Date,
            keys: vec![Value::Null, Value::Integer(1), Value::Integer(2)],
        };
        let s = c.to_string();
        for (text, sort, want) in [
            (s.as_str(), EventSort::DateDesc, "made for sort=date"),
            ("v1.date.n.i1", EventSort::Date, "not a cursor khabar gave"),
            (
                "v1.date.n.i1.x2",
                EventSort::Date,
                "not a cursor khabar gave",
            ),
            (
                "v2.date.n.i1.i2",
                EventSort::Date,
                "not a cursor khabar gave",
            ),
            (
                "v1.date.tzz.i1.i2",
                EventSort::Date,
                "not a cursor khabar gave",
            ),
            ("", EventSort::Date, "not a cursor khabar gave"),
        ] {
            match Cursor::parse(text, sort) {
                Err(StoreError::BadParam(m)) => assert!(m.contains(want), "{text}: {m}"),
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    /// Paging by cursor gives every row once, in the order of the whole list, for every sort
    /// and page size, over ties, NULL dates and several articles.
    #[test]
    fn cursor_pages_concatenate_to_the_whole_list() {
        use crate::{ArticleRow, EventFilter, EventRow, Store};
        let ev = |eid: i64, date: Option<&str>, g: f64, c: f32| EventRow {
            eid: format!("e{eid}"),
            source_code: Some("SAU".into()),
            target_code: Some("YEM".into()),
            cameo: "190".into(),
            root: "19".into(),
            quad: 4,
            goldstein: g,
            date: date.map(String::from),
            modality: "asserted".into(),
            confidence: c as f64,
            ..Default::default()
        };
        let mut s = Store::open_in_memory().unwrap();
        let arts: Vec<ArticleRow> = (0..3)
            .map(|k| ArticleRow {
                doc_id: format!("d{k}"),
                hash: format!("h{k}"),
                events: vec![
                    ev(0, Some("2015-07-14"), -10.0, 0.5),
                    ev(1, None, 0.1 + 0.2, 0.25),
                    ev(2, Some("2015-07"), -10.0, 0.5),
                    ev(3, Some("2015-07-14"), 3.4, 0.75),
                    ev(4, None, -2.0, 0.5),
                ],
                ..Default::default()
            })
            .collect();
        s.add_batch(&arts).unwrap();
        let id = |e: &EventRow| (e.doc_id.clone(), e.eid.clone());
        for name in EventSort::NAMES {
            let sort = EventSort::parse(name).unwrap();
            let all: Vec<_> = s
                .events(&EventFilter {
                    sort,
                    ..Default::default()
                })
                .unwrap()
                .iter()
                .map(id)
                .collect();
            assert_eq!(all.len(), 15);
            for limit in [1, 2, 4, 7, 15, 20] {
                let mut got = Vec::new();
                let mut after: Option<Cursor> = None;
                loop {
                    let f = EventFilter {
                        sort,
                        limit,
                        after: after.clone(),
                        ..Default::default()
                    };
                    let (rows, next) = s.events_page(&f).unwrap();
                    got.extend(rows.iter().map(id));
                    match next {
                        // through its text, as a client hands it back
                        Some(c) => after = Some(Cursor::parse(&c.to_string(), sort).unwrap()),
                        None => break,
                    }
                    assert!(got.len() <= all.len(), "{name} {limit}: endless");
                }
                assert_eq!(got, all, "sort {name}, pages of {limit}");
            }
        }
    }
}
