//! Full-text search over the FTS5 index of search forms.

use crate::{texts::decompress, Result, SearchHit, Store};
use rusqlite::params;

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

impl Store {
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
}
