//! An actor's partners: the counterpart countries (first three letters of the other side's code)
//! of its events, with counts each way. A partner's `events` equal the explorer's total for the
//! dyad `actor-partner` under the same filters, so a partner row can link to its events.

use crate::events::like_prefix;
use crate::{EventFilter, Result, Store};
use serde::Serialize;

/// One counterpart of an actor.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Partner {
    /// the other side's code, first three letters (a country, IGO, or an agent such as CVL)
    pub code: String,
    /// events of either direction
    pub events: i64,
    /// events the actor did to the partner
    pub outgoing: i64,
    /// events the partner did to the actor
    pub incoming: i64,
    pub goldstein_mean: f64,
}

/// What [`Store::partners`] answers.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Partners {
    /// events of the actor with both sides coded inside its own country (`SAUGOV → SAUMIL`)
    pub domestic: i64,
    /// events whose other side is uncoded
    pub alone: i64,
    /// the heaviest partners first (ties by code)
    pub items: Vec<Partner>,
}

impl Store {
    /// The partners of actor `code` (a code prefix) among the events matching `f` (its
    /// actor, source, target and dyad are replaced by `code` on either side), the `limit`
    /// heaviest.
    pub fn partners(&self, f: &EventFilter, code: &str, limit: usize) -> Result<Partners> {
        let f = EventFilter {
            actor: Some(code.to_string()),
            source: None,
            target: None,
            dyad: None,
            ..f.clone()
        };
        let (w, mut p) = Self::where_clause(&f);
        // the other side: the target when the source is the actor, else the source (an event
        // the actor did to itself counts as outgoing, and its partner is its own country)
        let me = p.len() + 1;
        p.push(like_prefix(code));
        let own = code.chars().take(3).collect::<String>();
        let sql = format!(
            r"SELECT other, count(*), sum(out), avg(g) FROM (
                SELECT CASE WHEN e.source_code LIKE ?{me} ESCAPE '\' THEN substr(e.target_code, 1, 3)
                            ELSE substr(e.source_code, 1, 3) END other,
                       e.source_code LIKE ?{me} ESCAPE '\' out, e.goldstein g
                FROM events e JOIN articles a ON a.id = e.article WHERE {w})
              GROUP BY other ORDER BY count(*) DESC, other"
        );
        let mut st = self.conn.prepare(&sql)?;
        let mut rows = st.query(rusqlite::params_from_iter(p.iter()))?;
        let mut out = Partners {
            domestic: 0,
            alone: 0,
            items: Vec::new(),
        };
        while let Some(r) = rows.next()? {
            let other: Option<String> = r.get(0)?;
            let n: i64 = r.get(1)?;
            match other.filter(|o| !o.is_empty()) {
                None => out.alone += n,
                Some(o) if o == own => out.domestic += n,
                Some(o) => {
                    if out.items.len() < limit {
                        let outgoing: i64 = r.get(2)?;
                        out.items.push(Partner {
                            code: o,
                            events: n,
                            outgoing,
                            incoming: n - outgoing,
                            goldstein_mean: r.get::<_, Option<f64>>(3)?.unwrap_or(0.0),
                        });
                    }
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use crate::{ArticleRow, EventFilter, EventRow, Store};

    /// Each partner's count is the dyad's count in the event list, both directions; the
    /// actor's own country and uncoded sides are counted apart.
    #[test]
    fn partners_match_their_dyads() {
        let ev = |s: Option<&str>, t: Option<&str>, g: f64| EventRow {
            source_code: s.map(String::from),
            target_code: t.map(String::from),
            cameo: "190".into(),
            root: "19".into(),
            quad: 4,
            goldstein: g,
            date: Some("2015-07-14".into()),
            modality: "asserted".into(),
            ..Default::default()
        };
        let mut s = Store::open_in_memory().unwrap();
        let a = ArticleRow {
            doc_id: "a".into(),
            hash: "a".into(),
            events: vec![
                ev(Some("SAUMIL"), Some("YEMREB"), -10.0),
                ev(Some("SAU"), Some("YEM"), -8.0),
                ev(Some("YEMREB"), Some("SAUMIL"), -6.0),
                ev(Some("SAU"), Some("USA"), 4.0),
                ev(Some("SAUGOV"), Some("SAUMIL"), 1.0),
                ev(Some("SAU"), None, 1.0),
                ev(Some("IRN"), Some("IRQ"), 1.0),
            ],
            ..Default::default()
        };
        s.add_batch(&[a]).unwrap();
        let p = s.partners(&EventFilter::default(), "SAU", 10).unwrap();
        let got: Vec<(&str, i64, i64, i64)> = p
            .items
            .iter()
            .map(|x| (x.code.as_str(), x.events, x.outgoing, x.incoming))
            .collect();
        assert_eq!(got, [("YEM", 3, 2, 1), ("USA", 1, 1, 0)]);
        assert_eq!((p.domestic, p.alone), (1, 1));
        assert_eq!(p.items[0].goldstein_mean, -8.0);
        for x in &p.items {
            let dyad = EventFilter {
                dyad: Some(("SAU".into(), x.code.clone())),
                ..Default::default()
            };
            assert_eq!(s.count_matching(&dyad).unwrap(), x.events, "{}", x.code);
        }
        // an agent code: its partners from its own events only
        let p = s.partners(&EventFilter::default(), "SAUMIL", 10).unwrap();
        assert_eq!(p.items.len(), 1);
        assert_eq!((p.items[0].code.as_str(), p.items[0].events), ("YEM", 2));
        assert_eq!(p.domestic, 1);
        // the limit keeps the heaviest
        let p = s.partners(&EventFilter::default(), "SAU", 1).unwrap();
        assert_eq!(p.items.len(), 1);
        assert_eq!(p.items[0].code, "YEM");
    }
}
