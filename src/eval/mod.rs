//! Evaluation against users' gold files (also ours in `../shared/eval`).

pub mod annotations;
pub mod coder;
pub mod events;
pub mod gold;
pub mod ner;
pub mod vet;
pub mod when;
