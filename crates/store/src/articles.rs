//! One stored article and its entity mentions, read back.

use crate::write::{entity_id, entity_type};
use crate::{char_slice, texts::decompress, ArticleRow, EntityRow, Result, Store};
use rusqlite::OptionalExtension;

impl Store {
    /// The stored article (text, title, analysis JSON) by doc_id.
    pub fn article(&self, doc_id: &str) -> Result<Option<(i64, ArticleRow)>> {
        let row = self
            .conn
            .query_row(
                concat!(
                    "SELECT a.id, a.doc_id, a.hash, a.title, a.source, a.published, ",
                    stored_url!(),
                    ", a.text, a.analysis FROM articles a WHERE a.doc_id = ?1 LIMIT 1"
                ),
                [doc_id],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        ArticleRow {
                            doc_id: r.get(1)?,
                            hash: r.get(2)?,
                            title: r.get(3)?,
                            source: r.get(4)?,
                            published: r.get(5)?,
                            url: r.get(6)?,
                            analysis: r.get(8)?,
                            ..Default::default()
                        },
                        r.get::<_, Vec<u8>>(7)?,
                    ))
                },
            )
            .optional()?;
        row.map(|(id, a, blob)| {
            Ok((
                id,
                ArticleRow {
                    text: decompress(&blob)?,
                    ..a
                },
            ))
        })
        .transpose()
    }

    /// The entity mentions of one article, in text order.
    /// Surfaces come from the article's text at the entity's char offsets.
    pub fn entities_of(&self, doc_id: &str) -> Result<Vec<EntityRow>> {
        let Some((id, art)) = self.article(doc_id)? else {
            return Ok(Vec::new());
        };
        let mut st = self.conn.prepare_cached(
            "SELECT eid, type, start, end, name, role, code, country FROM entities WHERE article = ?1 ORDER BY start, seq",
        )?;
        let rows = st.query_map([id], |r| {
            let (start, end) = (r.get(2)?, r.get(3)?);
            let text = char_slice(&art.text, start, end);
            let name: Option<String> = r.get(4)?;
            Ok(EntityRow {
                eid: entity_id::decode(r.get(0)?),
                etype: entity_type::decode(r.get(1)?),
                name: match name {
                    None => Some(text.clone()),
                    Some(n) if n.is_empty() => None,
                    n => n,
                },
                text,
                start,
                end,
                role: r.get(5)?,
                code: r.get(6)?,
                country: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }
}
