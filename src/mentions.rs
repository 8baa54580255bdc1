//! The reports of one event across outlets: GDELT's NumMentions, NumSources and NumArticles
//! from the event clusters the linker built (the same action between the same countries within
//! days, near-duplicates included), so one event reported by four outlets is one event with
//! four articles, not four unrelated rows.
//!
//! An event belongs to the cluster that lists its article and has its CAMEO root and its
//! countries (an empty side matches an empty side); an event in no cluster is one mention in
//! one article of one outlet.

use khabar_store::{EventRow, Mentions, Store, StoreError, StoryFilter};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};

#[derive(Deserialize)]
struct StoryJson {
    #[serde(default)]
    events: Vec<ClusterJson>,
}

#[derive(Deserialize, Clone)]
pub struct ClusterJson {
    #[serde(default)]
    pub doc_ids: Vec<String>,
    #[serde(default)]
    pub cameo: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub target: String,
}

fn country(code: &str) -> &str {
    code.get(..3).unwrap_or(code)
}

/// The clusters of the stories holding `doc_ids` (all stories when none).
fn clusters(store: &Store, doc_ids: Option<&[String]>) -> Result<Vec<ClusterJson>, StoreError> {
    let jsons = match doc_ids {
        None => store.stories(&StoryFilter {
            limit: usize::MAX >> 2,
            ..Default::default()
        })?,
        Some(ids) => store.stories_of_docs(ids)?,
    };
    Ok(jsons
        .iter()
        .filter_map(|j| serde_json::from_str::<StoryJson>(j).ok())
        .flat_map(|s| s.events)
        .collect())
}

/// The clusters of events, indexed by article.
pub struct Reports {
    clusters: Vec<ClusterJson>,
    by_doc: HashMap<String, Vec<usize>>,
    outlets: HashMap<String, Option<String>>,
    counts: HashMap<(String, String, String, String), i64>,
}

impl Reports {
    /// What is needed for `rows` (or for every event of the store, for an export of all).
    pub fn load(store: &Store, rows: Option<&[EventRow]>) -> Result<Reports, StoreError> {
        let docs: Option<Vec<String>> = rows.map(|r| r.iter().map(|e| e.doc_id.clone()).collect());
        let clusters = clusters(store, docs.as_deref())?;
        let mut by_doc: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, c) in clusters.iter().enumerate() {
            for d in &c.doc_ids {
                by_doc.entry(d.clone()).or_default().push(i);
            }
        }
        let mut r = Reports {
            clusters,
            by_doc,
            outlets: HashMap::new(),
            counts: HashMap::new(),
        };
        // the outlets and counts of the clusters the rows belong to: a page's stories hold
        // hundreds of other clusters (739 articles for a page of 50 events), whose articles
        // the page never counts
        let members: Vec<String> = match rows {
            None => r.by_doc.keys().cloned().collect(),
            Some(rows) => {
                let mut m: HashSet<&String> = HashSet::new();
                for e in rows {
                    if let Some(c) = r.cluster_of(e) {
                        m.extend(&c.doc_ids);
                    }
                }
                m.into_iter().cloned().collect()
            }
        };
        r.outlets = store
            .articles_meta(&members)?
            .into_iter()
            .map(|(d, m)| (d, m.outlet))
            .collect();
        r.counts = match rows {
            None => store.report_counts(None)?,
            Some(_) => store.report_counts(Some(&members))?,
        };
        Ok(r)
    }

    /// The cluster of an event, if any.
    pub fn cluster_of(&self, e: &EventRow) -> Option<&ClusterJson> {
        let root = e.cameo.get(..2).unwrap_or("");
        let (s, t) = (
            country(e.source_code.as_deref().unwrap_or("")),
            country(e.target_code.as_deref().unwrap_or("")),
        );
        self.by_doc
            .get(&e.doc_id)?
            .iter()
            .map(|&i| &self.clusters[i])
            .find(|c| {
                c.cameo.get(..2) == Some(root) && country(&c.source) == s && country(&c.target) == t
            })
    }

    pub fn of(&self, e: &EventRow) -> Mentions {
        let Some(c) = self.cluster_of(e) else {
            return Mentions {
                num_mentions: 1,
                num_sources: 1,
                num_articles: 1,
            };
        };
        let docs: HashSet<&String> = c.doc_ids.iter().collect();
        let sources: HashSet<Option<&String>> = docs
            .iter()
            .map(|d| self.outlets.get(*d).and_then(|o| o.as_ref()))
            .collect();
        let key = |d: &String| {
            (
                d.clone(),
                country(&c.source).to_string(),
                country(&c.target).to_string(),
                c.cameo.get(..2).unwrap_or("").to_string(),
            )
        };
        let mentions: i64 = docs
            .iter()
            .map(|d| self.counts.get(&key(d)).copied().unwrap_or(1).max(1))
            .sum();
        Mentions {
            num_mentions: mentions,
            num_sources: sources.len() as i64,
            num_articles: docs.len() as i64,
        }
    }

    /// Fills each row's mentions.
    pub fn fill(&self, rows: &mut [EventRow]) {
        for e in rows {
            e.mentions = Some(self.of(e));
        }
    }
}
