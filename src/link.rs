//! From analyses to the linking stage: document features for pair similarity, and the
//! shipped term weights and pair model.

use crate::pipeline::Analysis;
use khabar_extract::EntityType;
use khabar_link::{DocFeatures, Idf, PairModel};
use khabar_text::Segmenter;
use std::sync::OnceLock;

/// Document frequencies shipped with khabar (`data/models/idf.txt`, fitted on SaudiNewsNet).
pub fn shipped_idf() -> &'static Idf {
    static I: OnceLock<Idf> = OnceLock::new();
    I.get_or_init(|| {
        Idf::from_text(include_str!("../data/models/idf.txt"))
            .unwrap_or_else(|_| Idf::fit(std::iter::empty::<&[String]>()))
    })
}

/// The pair model shipped with khabar (`data/models/pairs.txt`); rules-only baseline when empty.
pub fn shipped_model() -> PairModel {
    PairModel::from_text(include_str!("../data/models/pairs.txt"))
        .unwrap_or_else(|_| PairModel::baseline())
}

/// Content words of the title, then the text: what every linking step compares.
fn article_words(a: &Analysis, seg: &Segmenter) -> Vec<String> {
    let mut words = Vec::new();
    if let Some(t) = &a.title {
        words.extend(khabar_link::content_words(seg, t));
    }
    words.extend(khabar_link::content_words(seg, &a.cleaned.text));
    words
}

pub fn doc_features(a: &Analysis, seg: &Segmenter) -> DocFeatures {
    let mut f = DocFeatures {
        words: article_words(a, seg),
        published: a.article.published.clone(),
        ..Default::default()
    };
    for e in &a.extracted.entities {
        match e.etype {
            EntityType::Country => {
                if let Some(c) = &e.code {
                    f.countries.push(c.clone());
                }
            }
            EntityType::Place => {
                f.places.push(khabar_text::fold(&e.name));
                if let Some(c) = &e.country {
                    f.countries.push(c.clone());
                }
            }
            EntityType::Person | EntityType::Org => {
                if !e.nominal {
                    f.entities
                        .push((e.etype.as_str().to_string(), khabar_text::fold(&e.name)));
                }
            }
        }
    }
    for d in &a.extracted.dates {
        if let Some(v) = &d.value {
            f.dates.push(v.clone());
        }
    }
    for e in &a.extracted.events {
        let code = |x: &Option<khabar_extract::Actor>| {
            x.as_ref().map(|a| a.code.clone()).unwrap_or_default()
        };
        f.events
            .push((e.root.clone(), code(&e.source), code(&e.target)));
    }
    f
}

/// The country of an event actor: its entity's, else the code's first three
/// letters when they are a country code (IRNGOV → IRN; CVL → none).
fn actor_country(a: &Analysis, actor: &khabar_extract::Actor) -> Option<String> {
    if let Some(id) = actor.entity {
        if let Some(c) = a
            .extracted
            .entities
            .iter()
            .find(|e| e.id == id)
            .and_then(|e| e.country.clone())
        {
            return Some(c);
        }
    }
    let head = actor.code.get(..3)?;
    // the built-in countries: ISO codes, which a user's lexicon does not change
    khabar_lexicon::builtin()
        .is_country(head)
        .then(|| head.to_string())
}

/// What the story builder needs of an analysis (at `Depth::Events`).
pub fn story_doc(a: &Analysis, seg: &Segmenter) -> khabar_link::StoryDoc {
    let words = article_words(a, seg);
    let title = a.title.clone().unwrap_or_else(|| {
        let first = a
            .sentences
            .first()
            .and_then(|r| a.cleaned.text.get(r.clone()))
            .unwrap_or("");
        first.chars().take(120).collect()
    });
    let events = a
        .extracted
        .events
        .iter()
        .filter(|e| {
            !matches!(
                e.modality,
                khabar_extract::Modality::Negated | khabar_extract::Modality::Hypothetical
            )
        })
        .map(|e| khabar_link::StoryEvent {
            cameo: e.cameo.clone(),
            root: e.root.clone(),
            source: e
                .source
                .as_ref()
                .map(|x| x.code.clone())
                .unwrap_or_default(),
            target: e
                .target
                .as_ref()
                .map(|x| x.code.clone())
                .unwrap_or_default(),
            source_country: e.source.as_ref().and_then(|x| actor_country(a, x)),
            target_country: e.target.as_ref().and_then(|x| actor_country(a, x)),
            date: e.date.clone(),
        })
        .collect();
    // the most mentioned country (ties: the first mentioned)
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for e in &a.extracted.entities {
        if let Some(c) = e.country.as_deref().or(if e.etype == EntityType::Country {
            e.code.as_deref()
        } else {
            None
        }) {
            match counts.iter_mut().find(|x| x.0 == c) {
                Some(x) => x.1 += 1,
                None => counts.push((c, 1)),
            }
        }
    }
    let country = counts
        .iter()
        .rev()
        .max_by_key(|x| x.1)
        .map(|x| x.0.to_string());
    khabar_link::StoryDoc {
        doc_id: a.article.doc_id.clone(),
        title,
        published: a.article.published.clone(),
        terms: khabar_link::stories::term_counts(&words),
        events,
        country,
    }
}
