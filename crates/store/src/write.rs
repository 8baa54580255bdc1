//! Writing: a batch of analysed articles in one transaction, and what is stored of them in
//! compact form (issue 18): entity ids and types as integers, event ids and evidence only where
//! the doc id and the text do not give them back, texts with the store's dictionary.

use crate::{char_slice, texts, texts::compress, ArticleRow, BatchResult, Result, Store};
use rusqlite::{params, OptionalExtension};

/// Entity ids as stored: «E12» as the integer 12, any other id as its text.
pub(crate) mod entity_id {
    use rusqlite::types::Value;
    pub fn encode(eid: &str) -> Value {
        match eid.strip_prefix('E').and_then(|n| n.parse::<i64>().ok()) {
            Some(n) if n >= 0 && format!("E{n}") == eid => Value::Integer(n),
            _ => Value::Text(eid.to_string()),
        }
    }
    pub fn decode(v: Value) -> String {
        match v {
            Value::Integer(n) => format!("E{n}"),
            Value::Text(t) => t,
            _ => String::new(),
        }
    }
}

/// Entity types as stored: the four the extractor gives as 0–3, any other as its text.
pub(crate) mod entity_type {
    use rusqlite::types::Value;
    const TYPES: [&str; 4] = ["PERSON", "ORG", "COUNTRY", "PLACE"];
    pub fn encode(t: &str) -> Value {
        match TYPES.iter().position(|x| *x == t) {
            Some(i) => Value::Integer(i as i64),
            None => Value::Text(t.to_string()),
        }
    }
    pub fn decode(v: Value) -> String {
        match v {
            Value::Integer(i) => TYPES.get(i as usize).copied().unwrap_or("").to_string(),
            Value::Text(t) => t,
            _ => String::new(),
        }
    }
}

impl Store {
    /// Is an article with this content hash stored?
    pub fn has_hash(&self, hash: &str) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM articles WHERE hash = ?1", [hash], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// The content hashes of every stored article (ingest skips them before analysing).
    pub fn hashes(&self) -> Result<Vec<String>> {
        let mut st = self.conn.prepare("SELECT hash FROM articles")?;
        let rows = st.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Adds a batch in one transaction; articles already stored (same hash) are skipped.
    pub fn add_batch(&mut self, batch: &[ArticleRow]) -> Result<BatchResult> {
        if self.dict.is_none() && batch.len() >= texts::MIN_SAMPLES {
            self.train_dict(batch)?;
        }
        let mut dict = self.dict.as_mut();
        let tx = self.conn.transaction()?;
        let mut res = BatchResult::default();
        {
            let mut ins = tx.prepare_cached("INSERT OR IGNORE INTO articles (doc_id, hash, title, source, published, url, text, analysis) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)")?;
            let mut fts =
                tx.prepare_cached("INSERT INTO search (rowid, title, body) VALUES (?1, ?2, ?3)")?;
            let mut sdoc =
                tx.prepare_cached("INSERT INTO story_docs (article, doc) VALUES (?1, ?2)")?;
            // the surface is not stored (it is the text at the offsets), nor a name equal to it
            let mut ent = tx.prepare_cached("INSERT INTO entities (article, seq, eid, type, start, end, name, role, code, country) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)")?;
            let mut evt = tx.prepare_cached(
                "INSERT INTO events (article, eid, sentence, start, end, evidence, trigger, source_code, source_text, target_code, target_text, cameo, root, quad, goldstein, plover_type, plover_mode, date, place, modality, confidence, place_feature, place_name, place_country, place_adm1, lat, lon, place_precision)
                 VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,?27,?28)",
            )?;
            for a in batch {
                let n = ins.execute(params![
                    a.doc_id,
                    a.hash,
                    a.title,
                    a.source,
                    a.published,
                    // NULL: the URL is the doc id (as in most crawls); '': no URL
                    match &a.url {
                        Some(u) if *u == a.doc_id => None,
                        Some(u) => Some(u.as_str()),
                        None => Some(""),
                    },
                    compress(&a.text, dict.as_deref_mut())?,
                    a.analysis
                ])?;
                if n == 0 {
                    res.duplicates += 1;
                    continue;
                }
                res.added += 1;
                let id = tx.last_insert_rowid();
                fts.execute(params![id, a.search_title, a.search_body])?;
                if let Some(d) = &a.story_doc {
                    sdoc.execute(params![id, d])?;
                }
                for (seq, e) in a.entities.iter().enumerate() {
                    // NULL: the name is the surface; '' : no name
                    let name = match &e.name {
                        Some(n) if *n == e.text => None,
                        Some(n) => Some(n.as_str()),
                        None => Some(""),
                    };
                    ent.execute(params![
                        id,
                        seq as i64,
                        entity_id::encode(&e.eid),
                        entity_type::encode(&e.etype),
                        e.start,
                        e.end,
                        name,
                        e.role,
                        e.code,
                        e.country
                    ])?;
                }
                for e in &a.events {
                    // what the doc id and the text give back is not stored (issue 18)
                    let eid = match e.eid.strip_prefix(a.doc_id.as_str()) {
                        Some(n) if n.starts_with('#') => n,
                        _ => e.eid.as_str(),
                    };
                    let evidence = (char_slice(&a.text, e.start, e.end) != e.evidence)
                        .then_some(e.evidence.as_str());
                    evt.execute(params![
                        id,
                        eid,
                        e.sentence,
                        e.start,
                        e.end,
                        evidence,
                        e.trigger,
                        e.source_code,
                        e.source_text,
                        e.target_code,
                        e.target_text,
                        e.cameo,
                        e.root,
                        e.quad,
                        e.goldstein,
                        e.plover_type,
                        e.plover_mode,
                        e.date,
                        e.place,
                        e.modality,
                        e.confidence,
                        e.geo.as_ref().map(|g| &g.feature),
                        e.geo.as_ref().map(|g| &g.name),
                        e.geo.as_ref().map(|g| &g.country),
                        e.geo.as_ref().map(|g| &g.adm1),
                        e.geo.as_ref().map(|g| g.lat),
                        e.geo.as_ref().map(|g| g.lon),
                        e.geo.as_ref().map(|g| &g.precision),
                    ])?;
                }
            }
        }
        tx.commit()?;
        Ok(res)
    }

    /// Trains the store's text dictionary on the texts of the first batch large enough, and keeps
    /// it in `text_dicts` (its own transaction: a killed ingest keeps it or not, either is whole).
    fn train_dict(&mut self, batch: &[ArticleRow]) -> Result<()> {
        let sample: Vec<&str> = batch.iter().map(|a| a.text.as_str()).collect();
        let Some(bytes) = texts::train(&sample) else {
            return Ok(());
        };
        let Some(d) = texts::load(&bytes) else {
            return Ok(());
        };
        self.conn.execute(
            "INSERT OR REPLACE INTO text_dicts (id, dict) VALUES (?1, ?2)",
            params![i64::from(d.id), bytes],
        )?;
        self.dict = Some(d);
        Ok(())
    }
}
