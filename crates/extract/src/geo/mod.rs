//! Where: PLACE and COUNTRY mentions resolved to gazetteer features, and events located.
//!
//! - [`table`] — the gazetteer (towns, first-level divisions, country centroids, FIPS): the
//!   compiled-in one, or one built from a lexicon's own geo tables (the extractor's).
//! - [`resolve`] — a mention → a feature, or why not; ambiguity settled by the enclosing unit
//!   named right after it («بمحافظة لحج», «في حلب بسوريا»), the article's countries, then population.
//! - [`Place`] — an event's place: the mention's span and its feature.

pub mod resolve;
pub mod table;
#[cfg(test)]
mod tests;

pub use resolve::{resolve, Resolution, Unresolved};
pub use table::{table, Feature, Precision, Table};

use crate::entities::Entity;
use crate::events::Event;
use crate::learned::candidates::is_location;
use crate::words::Word;

/// An event's place: the mention (byte span into the text) and what it resolved to.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub span: (usize, usize),
    pub feature: Option<std::sync::Arc<Feature>>,
}

impl Place {
    /// A mention not yet resolved.
    pub fn at(start: usize, end: usize) -> Place {
        Place {
            span: (start, end),
            feature: None,
        }
    }
}

/// Gives every event the feature of its place: the coder's explicit place («في حلب») when it
/// resolved, else the nearest resolved location of the sentence to the trigger, else none: an event
/// is never placed where its sentence names no place.
pub fn locate_events(
    ws: &[Word],
    entities: &[Entity],
    resolved: &[Resolution],
    events: &mut [Event],
) {
    for e in events.iter_mut() {
        if let Some(p) = e.place.as_mut() {
            if let Some(f) = entities
                .iter()
                .zip(resolved)
                .find(|(x, _)| x.span.0 < p.span.1 && p.span.0 < x.span.1)
                .and_then(|(_, r)| r.feature())
            {
                p.feature = Some(f.clone());
                continue;
            }
        }
        let sw = &e.sentence_words;
        let is_side = |x: &Entity| {
            [&e.source, &e.target]
                .iter()
                .any(|a| a.as_ref().is_some_and(|a| a.span == x.span))
        };
        let nearest = entities
            .iter()
            .zip(resolved)
            .filter(|(x, _)| x.words.start >= sw.start && x.words.end <= sw.end)
            .filter(|(x, _)| is_location(ws, x) && !is_side(x))
            .filter_map(|(x, r)| Some((x, r.feature()?)))
            .min_by_key(|(x, f)| {
                // the nearest; at equal distance the more exact
                (x.words.start.abs_diff(e.trigger_word), f.precision as u8)
            });
        if let Some((x, f)) = nearest {
            e.place = Some(Place {
                span: x.span,
                feature: Some(f.clone()),
            });
        }
    }
}
