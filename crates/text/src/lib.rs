//! khabar-text: the text layer. Raw scraped article → cleaned text with an
//! offset map → sentences → clitic-segmented tokens. No I/O.
//!
//! Main types:
//! - [`clean::Cleaned`] — cleaned text, [`offsets::OffsetMap`] back to raw,
//!   removed ranges with reasons, attribution names.
//! - [`normalize::fold`] — the matching form (alef/yeh/hamza/teh marbuta
//!   folds, marks dropped, digits to ASCII).
//! - [`sentences::split`] — sentence byte spans.
//! - [`tokens::Segmenter`] → [`tokens::Tokens`] — tokens with spans and
//!   matching forms, clitics split off.
//! - [`offsets::CharIndex`] — byte ↔ char offsets for output.
//!
//! Invariants: nothing here panics on any `&str`; every span is a byte range
//! on char boundaries of the text it indexes, and `text[span]` is the
//! token's or sentence's surface.

pub mod clean;
pub mod normalize;
pub mod offsets;
pub mod sentences;
pub mod tokens;

pub use clean::{clean, Cleaned};
pub use normalize::fold;
pub use offsets::{CharIndex, OffsetMap};
pub use tokens::{Segmenter, Token, Tokens};
