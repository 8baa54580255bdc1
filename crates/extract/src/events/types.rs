//! What the coder produces: events and their sides. A leaf module — it knows nothing of the
//! coder or the scorer, so the scorer (and the learned layer) can use these types without
//! depending on the rules.

use serde::Serialize;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    Asserted,
    Future,
    Negated,
    Hypothetical,
    Reported,
    Historical,
}

impl Modality {
    /// Every modality, in declaration order.
    pub const ALL: [Modality; 6] = [
        Modality::Asserted,
        Modality::Future,
        Modality::Negated,
        Modality::Hypothetical,
        Modality::Reported,
        Modality::Historical,
    ];

    /// The lowercase name (as serialized).
    pub fn name(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Future => "future",
            Modality::Negated => "negated",
            Modality::Hypothetical => "hypothetical",
            Modality::Reported => "reported",
            Modality::Historical => "historical",
        }
    }
}

/// One side of an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Actor {
    /// byte span of the mention in the text
    #[serde(skip)]
    pub span: (usize, usize),
    pub code: String,
    /// entity id, when the actor is an entity
    #[serde(skip)]
    pub entity: Option<usize>,
    /// taken from context (pronoun, topic), not from this clause
    #[serde(skip)]
    pub implicit: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub sentence: usize,
    /// word index of the trigger and the sentence's word range (for the scorer)
    pub trigger_word: usize,
    pub sentence_words: Range<usize>,
    /// evidence byte span
    pub span: (usize, usize),
    pub trigger: (usize, usize),
    pub source: Option<Actor>,
    pub target: Option<Actor>,
    pub cameo: String,
    pub root: String,
    pub quad: u8,
    pub goldstein: f32,
    pub plover_type: String,
    pub plover_mode: String,
    pub date: Option<String>,
    pub place: Option<crate::geo::Place>,
    pub modality: Modality,
    pub confidence: f32,
}

impl Event {
    /// Sets the CAMEO code and what follows from it (root, QuadClass, Goldstein, PLOVER type and
    /// mode; zero or empty for a code the table lacks).
    pub fn set_code(&mut self, code: String, cameo: Option<&khabar_lexicon::Cameo>) {
        self.root = code.get(..2).unwrap_or("").to_string();
        self.quad = cameo.map_or(0, |c| c.quad);
        self.goldstein = cameo.map_or(0.0, |c| c.goldstein);
        self.plover_type = cameo.map(|c| c.plover_type.clone()).unwrap_or_default();
        self.plover_mode = cameo.map(|c| c.plover_mode.clone()).unwrap_or_default();
        self.cameo = code;
    }
}
