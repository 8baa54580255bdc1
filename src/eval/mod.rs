//! Evaluation against users' gold files (also ours in `../shared/eval`).

pub mod events;
pub mod gold;
pub mod ner;
