//! khabar-extract: who, when (and, later, what) from analyzed Arabic text.
//!
//! Main types:
//! - [`Extractor`] — built once from a lexicon (the built-in one or a user's), which it owns;
//!   owns the [`Gazetteer`] and the segmenter that knows every lexicon name as a whole word, and
//!   every word set built from the lexicon (nothing is read from a global lexicon).
//! - [`Word`] (words.rs) — a token group in matching form, proclitics split off.
//! - [`Entity`] (entities/) — COUNTRY / PLACE / ORG / PERSON mentions with CAMEO codes.
//! - [`DateMention`] (dates.rs) — absolute and relative dates resolved to days.
//!
//! Invariants: no I/O; never panics on any input; every span is a byte range
//! of the text given, on char boundaries.

// Index loops over parallel word/tag arrays read more clearly than zipped iterators here.
#![allow(clippy::needless_range_loop, clippy::nonminimal_bool)]

pub mod coalition;
pub mod context;
pub mod dates;
pub mod entities;
pub mod events;
pub mod gazetteer;
pub mod geo;
pub mod learned;
pub mod locate;
pub mod scorer;
pub mod sides;
pub mod tagger;
pub mod words;

pub use dates::{find_dates, DateMention, Granularity, Ymd};
pub use entities::{find_entities, Entity, EntityType};
pub use events::{Actor, Event, EventLexicon, Modality};
pub use gazetteer::Gazetteer;
pub use words::{words, Word};

use khabar_lexicon::Lexicon;
use khabar_text::{Segmenter, Tokens};
use std::ops::Range;
use std::sync::Arc;

/// The shipped weights (`data/models/`): name tagger, violence/protest confidence, learned coder.
pub const SHIPPED_NER: &str = include_str!("../../../data/models/ner.txt");
pub const SHIPPED_EVENTS: &str = include_str!("../../../data/models/events.txt");
/// The learned coder's weights ship zstd-compressed (`data/models/coder.txt.zst`, 4.2 MB for 10.3 MB
/// of text): unpacked once per process, on first use.
pub fn shipped_coder() -> &'static str {
    static CODER: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    CODER.get_or_init(|| {
        let packed: &[u8] = include_bytes!("../../../data/models/coder.txt.zst");
        // built into the binary and checked by the tests: a damaged copy is a build error
        let bytes = zstd::decode_all(packed).expect("data/models/coder.txt.zst unpacks");
        String::from_utf8(bytes).expect("data/models/coder.txt.zst is UTF-8")
    })
}

/// A place is where, not who: a side of an event whose mention is a location («قرب الحسكة», «في
/// سوريا», a town) is left unnamed, and so is one that is the body in a person's title («النائب
/// الثاني لرئيس مجلس الوزراء»); an event left with no side is dropped (no event without an actor).
fn drop_locations(
    ws: &[Word],
    entities: &[Entity],
    title_heads: &rustc_hash::FxHashSet<String>,
    events: &mut Vec<Event>,
) {
    let location = |a: &Option<Actor>| {
        a.as_ref().is_some_and(|a| {
            entities.iter().any(|e| {
                e.span == a.span
                    && (learned::candidates::is_location(ws, e)
                        || learned::candidates::in_title(ws, entities, e, title_heads))
            })
        })
    };
    for e in events.iter_mut() {
        if location(&e.source) {
            e.source = None;
        }
        if location(&e.target) {
            e.target = None;
        }
    }
    events.retain(|e| e.source.is_some() || e.target.is_some());
}

/// Everything extracted from one text.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    pub words: Vec<Word>,
    pub entities: Vec<Entity>,
    pub dates: Vec<DateMention>,
    pub events: Vec<Event>,
    /// what each entity resolved to on the map (parallel to `entities`)
    pub places: Vec<geo::Resolution>,
}

pub struct Extractor {
    pub gaz: Gazetteer,
    pub events: EventLexicon,
    /// statistical name tagger for mentions the rules miss (may be empty)
    pub tagger: tagger::Tagger,
    /// confidence model for violence/protest events (may be empty)
    pub scorer: scorer::Scorer,
    /// the learned layer over the rule coder's candidates (empty model: rules only)
    pub layer: learned::Layer,
    /// the gazetteer places resolve in: the compiled-in one, or the lexicon's own geo tables
    pub geo: Arc<geo::Table>,
    pub lx: Arc<Lexicon>,
}

impl Default for Extractor {
    /// The built-in lexicon and the shipped weights.
    fn default() -> Self {
        Extractor::new(khabar_lexicon::builtin())
    }
}

impl Extractor {
    /// An extractor over `lx` with the shipped weights.
    pub fn new(lx: Arc<Lexicon>) -> Extractor {
        Extractor::with_models(lx, SHIPPED_NER, SHIPPED_EVENTS, shipped_coder())
    }

    /// An extractor over `lx` with the given weights (texts as `data/models/*.txt`).
    pub fn with_models(lx: Arc<Lexicon>, ner: &str, events: &str, coder: &str) -> Extractor {
        Extractor {
            gaz: Gazetteer::build(&lx),
            events: EventLexicon::build(&lx),
            tagger: tagger::Tagger::from_text(ner),
            scorer: scorer::Scorer::from_text(events),
            layer: learned::Layer::new(&lx, learned::Model::from_text(coder)),
            geo: match &lx.geo {
                Some(g) => Arc::new(geo::Table::from_texts(&g.places, &g.adm1, &g.countries)),
                None => geo::table::shared(),
            },
            lx,
        }
    }

    /// The rule coder alone: the learned layer's model left empty.
    pub fn rules_only() -> Extractor {
        let mut x = Extractor::default();
        x.layer = learned::Layer::new(&x.lx, learned::Model::from_text(""));
        x
    }

    /// Rule tags and lexicon flags per word, for the tagger.
    pub fn hints(&self, ws: &[Word], entities: &[Entity]) -> Vec<tagger::Hints> {
        self.hints_flagged(entities, &entities::word_flags(ws, &self.gaz))
    }

    /// [`Self::hints`] from the words' `Gazetteer::flags`.
    fn hints_flagged(&self, entities: &[Entity], flags: &[u8]) -> Vec<tagger::Hints> {
        use gazetteer::{F_ADJ, F_GIVEN, F_STOP, F_VERB};
        let mut h: Vec<tagger::Hints> = flags
            .iter()
            .map(|&f| tagger::Hints {
                rule: 0,
                given: f & F_GIVEN != 0,
                adjective: f & F_ADJ != 0,
                // `is_stop(w, "")`: no surface, so no «على» rule
                stop: f & F_STOP != 0,
                verb: f & F_VERB != 0,
            })
            .collect();
        for e in entities {
            let label = match e.etype {
                EntityType::Person => 1,
                EntityType::Country | EntityType::Place => 3,
                EntityType::Org => 5,
            };
            for k in e.words.clone() {
                if let Some(x) = h.get_mut(k) {
                    x.rule = if k == e.words.start { label } else { label + 1 };
                }
            }
        }
        h
    }

    /// Adds the tagger's mentions that no rule found (no code: the rules did not know them).
    fn add_tagged(
        &self,
        ws: &[Word],
        sentences: &[Range<usize>],
        entities: &mut Vec<Entity>,
        flags: &[u8],
    ) {
        let hints = self.hints_flagged(entities, flags);
        let mut next_id = entities.iter().map(|e| e.id + 1).max().unwrap_or(1);
        let mut added: Vec<Entity> = Vec::new();
        for sw in words::sentence_words(ws, sentences) {
            let (from, wi) = (sw.start, sw.end);
            if from == wi {
                continue;
            }
            let tags = self.tagger.tag(&ws[from..wi], &hints[from..wi]);
            // the tagger reads «حسن الجوار» as a man: fixed expressions are no names
            let mut fixed: Vec<Range<usize>> = Vec::new();
            for k in from..wi {
                if let Some(to) = self.gaz.not_name_end(ws, k) {
                    fixed.push(k..to);
                }
            }
            for (a, b, label) in tagger::spans(&tags) {
                let (a, b) = (a + from, b + from);
                if entities
                    .iter()
                    .any(|e| e.words.start < b && a < e.words.end)
                    || fixed.iter().any(|r| r.start < b && a < r.end)
                {
                    continue;
                }
                let etype = match label {
                    "PERSON" => EntityType::Person,
                    "ORG" => EntityType::Org,
                    _ => EntityType::Place,
                };
                let name: String = ws[a..b]
                    .iter()
                    .map(|w| w.core.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                let id = match added.iter().find(|e| e.etype == etype && e.name == name) {
                    Some(e) => e.id,
                    None => {
                        next_id += 1;
                        next_id - 1
                    }
                };
                added.push(Entity {
                    id,
                    span: (ws[a].start, ws[b - 1].end),
                    words: a..b,
                    mention_start: a,
                    etype,
                    name,
                    role: None,
                    code: None,
                    country: None,
                    agent: None,
                    metonymy: false,
                    nominal: false,
                    country_inferred: false,
                });
            }
        }
        entities.extend(added);
        entities.sort_by_key(|x| (x.span.0, std::cmp::Reverse(x.span.1)));
    }

    /// The segmenter to tokenize with, so lexicon names stay whole.
    pub fn segmenter(&self) -> &Segmenter {
        &self.gaz.seg
    }

    /// Is the actor a state: a country, or a country's government named as a body («النظام»,
    /// «الحكومة اليمنية»), not a person?
    fn is_state(&self, a: &Actor, entities: &[Entity]) -> bool {
        let body = || {
            a.entity
                .and_then(|id| entities.iter().find(|e| e.id == id))
                .is_some_and(|e| e.etype == EntityType::Org)
        };
        self.lx.is_country(&a.code)
            || a.code.len() == 6
                && a.code.ends_with("GOV")
                && self.lx.is_country(&a.code[..3])
                && body()
    }

    /// Entities, dates and events of a tokenized text (`tokens` from [`Self::segmenter`]).
    pub fn extract(
        &self,
        text: &str,
        tokens: &Tokens,
        sentences: &[Range<usize>],
        published: Option<&str>,
    ) -> Extracted {
        let mut x = self.extract_names_raw(text, tokens, sentences, published);
        // the rules tell actors apart by code, so they see only the countries the text states
        let mut rules = events::Coder::new(&self.lx, &self.events, &self.gaz)
            .with_scorer(&self.scorer)
            .code(text, &x.words, sentences, &x.entities, &x.dates, published);
        drop_locations(
            &x.words,
            &x.entities,
            &self.layer.index.title_heads,
            &mut rules,
        );
        context::fill_countries(text, &mut x.entities, &x.places, sentences);
        context::recode_actors(&x.entities, &mut rules);
        if self.layer.model.is_empty() || self.layer.mode == learned::Mode::Rules {
            locate::Locator::new(&self.lx, &self.gaz, &x.words, &x.entities).locate(&mut rules);
            geo::locate_events(&x.words, &x.entities, &x.places, &mut rules);
            sides::fix_sides(&self.events, &x.words, &mut rules);
            sides::condemned_deeds(&self.events, &x.words, &mut rules);
            sides::state_force(&mut rules, |a| self.is_state(a, &x.entities));
            events::undate_background(&mut rules, published);
            x.events = rules;
            return x;
        }
        let input = learned::Input {
            text,
            ws: &x.words,
            sentences,
            entities: &x.entities,
            dates: &x.dates,
            published,
            rules: &rules,
        };
        let prepared = self.layer.prepare(&input);
        x.events = self
            .layer
            .decide(&input, &prepared, &self.layer.model, &self.lx);
        // the rules' sentence guards hold for the events the models added too
        let coder = events::Coder::new(&self.lx, &self.events, &self.gaz);
        x.events.retain(|e| {
            rules
                .iter()
                .any(|r| r.sentence == e.sentence && r.trigger_word == e.trigger_word)
                || !coder.no_event_here(&x.words, e.sentence_words.clone(), e.trigger_word, &e.root)
        });
        events::recode_bombings(&self.events, &self.lx, &x.words, &mut x.events);
        events::drop_bombing_casualties(&self.events, &x.words, &mut x.events);
        sides::fix_sides(&self.events, &x.words, &mut x.events);
        sides::condemned_deeds(&self.events, &x.words, &mut x.events);
        let entities = &x.entities;
        sides::state_force(&mut x.events, |a| self.is_state(a, entities));
        learned::one_per_dyad(&mut x.events);
        locate::Locator::new(&self.lx, &self.gaz, &x.words, &x.entities).locate(&mut x.events);
        geo::locate_events(&x.words, &x.entities, &x.places, &mut x.events);
        events::undate_background(&mut x.events, published);
        x
    }

    /// Entities and dates only (no event coding).
    pub fn extract_names(
        &self,
        text: &str,
        tokens: &Tokens,
        sentences: &[Range<usize>],
        published: Option<&str>,
    ) -> Extracted {
        let mut x = self.extract_names_raw(text, tokens, sentences, published);
        context::fill_countries(text, &mut x.entities, &x.places, sentences);
        x
    }

    /// Entities and dates as the text states them: no country taken from the article.
    pub(crate) fn extract_names_raw(
        &self,
        text: &str,
        tokens: &Tokens,
        sentences: &[Range<usize>],
        published: Option<&str>,
    ) -> Extracted {
        let ws = words(tokens);
        let flags = entities::word_flags(&ws, &self.gaz);
        let mut entities =
            entities::find_entities_flagged(text, &ws, sentences, &self.gaz, &self.lx, &flags);
        coalition::resolve(&ws, &self.lx, &mut entities);
        if !self.tagger.is_empty() {
            self.add_tagged(&ws, sentences, &mut entities, &flags);
        }
        let dates = dates::find_dates_flagged(&ws, &self.lx, published, &flags);
        context::the_kingdom(&ws, &self.lx, &mut entities);
        let places = geo::resolve(&ws, &entities, &self.geo, &self.gaz);
        Extracted {
            words: ws,
            entities,
            dates,
            events: Vec::new(),
            places,
        }
    }
}
