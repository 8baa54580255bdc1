//! khabar-link: which articles belong together.
//!
//! Main types:
//! - [`content_words`] (words.rs) — the normalized content-word stems of a text
//!   (clitics, numbers, punctuation and stopwords dropped); the input of
//!   everything below.
//! - [`MinHasher`] (minhash.rs) — MinHash signatures over word shingles;
//!   [`jaccard_estimate`] compares two signatures.
//! - [`Lsh`] (lsh.rs) — the banding index that proposes candidate pairs.
//! - [`dedup`] / [`Cluster`] (dedup.rs) — exact and near-duplicate clusters by
//!   union-find over verified LSH candidates; keeps signatures only.
//! - [`DocFeatures`], [`Idf`], [`features_similarity`] (features.rs, idf.rs) —
//!   a fixed-length pair feature vector (order in [`FEATURE_NAMES`]).
//! - [`PairModel`] / [`Scores`] (model.rs) — ridge regression from features to
//!   the SemEval-2022 Task 8 scale (1 = very similar … 4 = very dissimilar),
//!   weights as plain text; [`cross_validate`] and [`pearson`].
//! - [`build_stories`] / [`Story`] / [`EventCluster`] (stories.rs) — articles
//!   into event clusters (same dyad, action, days) and stories (same dyad and
//!   topic across time).
//!
//! Invariants: no I/O; nothing panics on any `&str` or on empty inputs; all
//! hashing is seeded and stable across runs, platforms and crate versions, so
//! signatures may be stored.

pub mod dedup;
pub mod features;
pub mod idf;
pub mod lsh;
pub mod minhash;
pub mod model;
pub mod stories;
pub mod words;

pub use dedup::{dedup, dedup_signatures, Cluster};
pub use features::{features_similarity, DocFeatures, FEATURE_NAMES, LEAD_WORDS, NUM_FEATURES};
pub use idf::{Idf, IdfError};
pub use lsh::Lsh;
pub use minhash::{jaccard_estimate, MinHasher};
pub use model::{
    cross_validate, cross_validate_with, pearson, ModelError, PairModel, Scores, OUTPUTS,
};
pub use stories::{
    build_stories, EventCluster, Stories, Story, StoryDoc, StoryEvent, StoryParams, Thread,
};
pub use words::{content_words, is_stopword};
