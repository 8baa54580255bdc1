//! Story documents (the linker's input, kept per article) and the stories built from them.

use crate::{Result, Store, StoryFilter, StoryRow};
use rusqlite::params;

/// A story document as stored (the caller's bytes) and the article columns it may leave out.
#[derive(Debug, Clone, Default)]
pub struct StoredDoc {
    pub doc: Vec<u8>,
    pub doc_id: String,
    pub title: Option<String>,
    pub published: Option<String>,
}

impl Store {
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

    /// The JSON of every story holding one of `doc_ids`, each story once (in story order). A
    /// page of events from one large story asked for it once per article before: the same
    /// document of hundreds of KB read and compared again for each.
    pub fn stories_of_docs(&self, doc_ids: &[String]) -> Result<Vec<String>> {
        let mut ids = std::collections::BTreeSet::new();
        {
            let mut st = self
                .conn
                .prepare_cached("SELECT story_id FROM story_articles WHERE doc_id = ?1")?;
            let mut seen = std::collections::HashSet::new();
            for d in doc_ids.iter().filter(|d| seen.insert(*d)) {
                let rows = st.query_map([d], |r| r.get::<_, i64>(0))?;
                for id in rows {
                    ids.insert(id?);
                }
            }
        }
        let mut st = self
            .conn
            .prepare_cached("SELECT json FROM stories WHERE story_id = ?1")?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let rows = st.query_map([id], |r| r.get::<_, String>(0))?;
            for j in rows {
                out.push(j?);
            }
        }
        Ok(out)
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
}
