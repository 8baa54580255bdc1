//! khabar: Arabic news → political event data.
//!
//! This crate is the top of the pipeline: it wires the stages together for
//! the command line. Main items:
//! - [`pipeline::Analyzer`] — runs text → (later) entities, dates, events on one
//!   [`khabar_ingest::Article`] and returns an [`pipeline::Analysis`].
//! - [`pipeline::Analysis::to_json`] — the `khabar analyze` output object
//!   (char offsets into the cleaned `text`).
//!
//! The stages live in their own crates: `khabar-ingest` (reading),
//! `khabar-text` (clean, normalize, sentences, tokens), `khabar-lexicon`,
//! `khabar-extract`. See ARCHITECTURE.md.

pub mod actors;
pub mod chart;
pub mod columnar;
pub mod eval;
pub mod export;
pub mod geo;
pub mod lexicon_examples;
pub mod link;
pub mod mentions;
pub mod pipeline;
pub mod query;
pub mod resources;
pub mod server;
pub mod store;
