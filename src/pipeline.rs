//! One article through the stages, and its JSON form.

use khabar_extract::{Extracted, Extractor};
use khabar_ingest::Article;
use khabar_text::{clean, sentences, CharIndex, Cleaned, Segmenter, Tokens};
use serde::Serialize;
use std::ops::Range;

/// Which stages to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// clean, sentences, tokens
    Tokens,
    /// … plus entities, dates and events (the whole pipeline)
    Entities,
    /// … plus entities and dates, no events (to time the entity stage)
    Names,
}

pub struct Analyzer {
    extractor: Extractor,
}

impl Default for Analyzer {
    /// The coder in its default mode (the rules' events). `KHABAR_CODER` in the environment picks
    /// another to compare on the same input: `learned` (the models decide every event), `hybrid`
    /// (the rules' events stand and the models add what the rules left uncoded), `vet` (the rules'
    /// events the root model confirms), `rules`.
    fn default() -> Self {
        Analyzer::with(&crate::resources::Resources::default())
    }
}

impl Analyzer {
    /// The analyzer over a lexicon and weights (the built-in ones, or a user's: `--lexicon`,
    /// `--models`); `KHABAR_CODER` picks the coder's mode as for [`Analyzer::default`].
    pub fn with(r: &crate::resources::Resources) -> Analyzer {
        let mut extractor = Extractor::with_models(r.lexicon.clone(), &r.ner, &r.events, &r.coder);
        if let Ok(v) = std::env::var("KHABAR_CODER") {
            if let Some(m) = khabar_extract::learned::Mode::parse(&v) {
                extractor.layer.mode = m;
            }
        }
        Analyzer { extractor }
    }
}

/// Everything known about one article. Spans are byte ranges into `cleaned.text`.
pub struct Analysis {
    pub article: Article,
    pub cleaned: Cleaned,
    pub title: Option<String>,
    pub sentences: Vec<Range<usize>>,
    pub tokens: Tokens,
    pub extracted: Extracted,
}

impl Analyzer {
    /// The rule coder alone (the learned layer off).
    pub fn rules_only() -> Analyzer {
        Analyzer {
            extractor: Extractor::rules_only(),
        }
    }

    pub fn segmenter(&self) -> &Segmenter {
        self.extractor.segmenter()
    }

    pub fn extractor(&self) -> &Extractor {
        &self.extractor
    }

    pub fn extractor_mut(&mut self) -> &mut Extractor {
        &mut self.extractor
    }

    pub fn analyze(&self, article: Article, depth: Depth) -> Analysis {
        let cleaned = clean(&article.text);
        let sentences = sentences::split(&cleaned.text);
        let tokens = self.segmenter().tokenize(&cleaned.text);
        let extracted = match depth {
            Depth::Tokens => Extracted::default(),
            Depth::Names => self.extractor.extract_names(
                &cleaned.text,
                &tokens,
                &sentences,
                article.published.as_deref(),
            ),
            Depth::Entities => self.extractor.extract(
                &cleaned.text,
                &tokens,
                &sentences,
                article.published.as_deref(),
            ),
        };
        let title = article
            .title
            .clone()
            .or_else(|| khabar_text::clean::guess_title(&cleaned.text).map(str::to_string));
        Analysis {
            article,
            cleaned,
            title,
            sentences,
            tokens,
            extracted,
        }
    }
}

#[derive(Serialize)]
struct SpanOut {
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct TokenOut<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    norm: &'a str,
    kind: khabar_text::tokens::Kind,
}

#[derive(Serialize)]
struct EntityOut<'a> {
    id: String,
    text: &'a str,
    start: usize,
    end: usize,
    #[serde(rename = "type")]
    etype: &'static str,
    name: &'a str,
    role: Option<&'a str>,
    code: Option<&'a str>,
    country: Option<&'a str>,
    /// the country was not said in the mention but taken from the article
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    country_inferred: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    agent: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    metonymy: bool,
    /// a place's or country's feature on the map, or why it has none
    #[serde(skip_serializing_if = "Option::is_none")]
    geo: Option<crate::geo::FeatureOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    geo_unresolved: Option<&'static str>,
}

#[derive(Serialize)]
struct DateOut<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    value: Option<&'a str>,
    granularity: khabar_extract::Granularity,
    relative: Option<&'a str>,
}

#[derive(Serialize)]
pub struct TriggerOut<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

#[derive(Serialize)]
pub struct ActorOut<'a> {
    pub text: &'a str,
    pub code: &'a str,
    pub entity: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub implicit: bool,
}

#[derive(Serialize)]
pub struct PloverOut<'a> {
    #[serde(rename = "type")]
    pub ptype: &'a str,
    pub mode: &'a str,
}

/// One event as `khabar analyze` and `khabar events --format jsonl` print it.
#[derive(Serialize)]
pub struct EventOut<'a> {
    pub id: String,
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    pub trigger: TriggerOut<'a>,
    pub source: Option<ActorOut<'a>>,
    pub target: Option<ActorOut<'a>>,
    pub cameo: &'a str,
    pub root: &'a str,
    pub quad: u8,
    #[serde(serialize_with = "short_f32")]
    pub goldstein: f32,
    pub plover: PloverOut<'a>,
    pub date: Option<&'a str>,
    pub place: Option<crate::geo::PlaceOut<'a>>,
    pub modality: khabar_extract::Modality,
    #[serde(serialize_with = "short_f32")]
    pub confidence: f32,
}

/// An f32 as its shortest decimal (0.59, -4.4), not as the f64 it widens to
/// (0.5899999737739563), as the API and the CSV print it.
fn short_f32<S: serde::Serializer>(v: &f32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(v.to_string().parse().unwrap_or(f64::from(*v)))
}

#[derive(Serialize)]
struct RemovedOut {
    start: usize,
    end: usize,
    reason: khabar_text::clean::Reason,
    text: String,
}

#[derive(Serialize)]
struct Metadata<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    source_attribution: &'a [String],
    origin: &'a str,
    #[serde(skip_serializing_if = "<[khabar_ingest::Diagnostic]>::is_empty")]
    warnings: &'a [khabar_ingest::Diagnostic],
}

#[derive(Serialize)]
struct AnalyzeOut<'a> {
    doc_id: &'a str,
    published: Option<&'a str>,
    title: Option<&'a str>,
    source: Option<&'a str>,
    text: &'a str,
    sentences: Vec<SpanOut>,
    tokens: Vec<TokenOut<'a>>,
    entities: Vec<EntityOut<'a>>,
    dates: Vec<DateOut<'a>>,
    events: Vec<EventOut<'a>>,
    metadata: Metadata<'a>,
}

#[derive(Serialize)]
struct CleanOut<'a> {
    doc_id: &'a str,
    text: &'a str,
    removed: Vec<RemovedOut>,
    metadata: Metadata<'a>,
}

impl Analysis {
    fn metadata(&self) -> Metadata<'_> {
        Metadata {
            url: self.article.url.as_deref(),
            author: self.article.author.as_deref(),
            source_attribution: &self.cleaned.attribution,
            origin: &self.article.origin,
            warnings: &self.article.warnings,
        }
    }

    /// The `khabar analyze` object; offsets are char offsets into `text`.
    pub fn to_json(&self) -> String {
        let text = &self.cleaned.text;
        let ci = CharIndex::new(text);
        let sentences = self
            .sentences
            .iter()
            .map(|r| SpanOut {
                start: ci.char_of(r.start),
                end: ci.char_of(r.end),
            })
            .collect();
        let tokens = self
            .tokens
            .tokens
            .iter()
            .map(|t| TokenOut {
                text: &text[t.start as usize..t.end as usize],
                start: ci.char_of(t.start as usize),
                end: ci.char_of(t.end as usize),
                norm: self.tokens.norm(t),
                kind: t.kind,
            })
            .collect();
        let entities = self
            .extracted
            .entities
            .iter()
            .zip(
                self.extracted
                    .places
                    .iter()
                    .map(Some)
                    .chain(std::iter::repeat(None)),
            )
            .map(|(e, r)| (e, crate::geo::entity_geo(r)))
            .map(|(e, (geo, geo_unresolved))| EntityOut {
                id: format!("E{}", e.id),
                text: text.get(e.span.0..e.span.1).unwrap_or_default(),
                start: ci.char_of(e.span.0),
                end: ci.char_of(e.span.1),
                etype: e.etype.as_str(),
                name: &e.name,
                role: e.role.as_deref(),
                code: e.code.as_deref(),
                country: e.country.as_deref(),
                country_inferred: e.country_inferred,
                agent: e.agent.as_deref(),
                metonymy: e.metonymy,
                geo,
                geo_unresolved,
            })
            .collect();
        let dates = self
            .extracted
            .dates
            .iter()
            .map(|d| DateOut {
                text: text.get(d.span.0..d.span.1).unwrap_or_default(),
                start: ci.char_of(d.span.0),
                end: ci.char_of(d.span.1),
                value: d.value.as_deref(),
                granularity: d.granularity,
                relative: d.relative.as_deref(),
            })
            .collect();
        let events = self.events_out(&ci);
        let out = AnalyzeOut {
            doc_id: &self.article.doc_id,
            published: self.article.published.as_deref(),
            title: self.title.as_deref(),
            source: self.article.source.as_deref(),
            text,
            sentences,
            tokens,
            entities,
            dates,
            events,
            metadata: self.metadata(),
        };
        serde_json::to_string(&out).unwrap_or_default()
    }

    /// Events with char offsets into the cleaned text.
    pub fn events_out<'s>(&'s self, ci: &CharIndex) -> Vec<EventOut<'s>> {
        let text = &self.cleaned.text;
        let sub = |a: usize, b: usize| text.get(a..b).unwrap_or_default();
        let actor = |a: &'s khabar_extract::Actor| ActorOut {
            text: sub(a.span.0, a.span.1),
            code: &a.code,
            entity: a.entity.map(|e| format!("E{e}")),
            implicit: a.implicit,
        };
        self.extracted
            .events
            .iter()
            .enumerate()
            .map(|(i, e)| EventOut {
                id: format!("{}#{}", self.article.doc_id, i + 1),
                sentence: e.sentence,
                start: ci.char_of(e.span.0),
                end: ci.char_of(e.span.1),
                text: sub(e.span.0, e.span.1),
                trigger: TriggerOut {
                    text: sub(e.trigger.0, e.trigger.1),
                    start: ci.char_of(e.trigger.0),
                    end: ci.char_of(e.trigger.1),
                },
                source: e.source.as_ref().map(actor),
                target: e.target.as_ref().map(actor),
                cameo: &e.cameo,
                root: &e.root,
                quad: e.quad,
                goldstein: e.goldstein,
                plover: PloverOut {
                    ptype: &e.plover_type,
                    mode: &e.plover_mode,
                },
                date: e.date.as_deref(),
                place: e
                    .place
                    .as_ref()
                    .map(|p| crate::geo::PlaceOut::of(p, text, ci)),
                modality: e.modality,
                confidence: (e.confidence * 100.0).round() / 100.0,
            })
            .collect()
    }

    /// The `khabar clean --json` object; `removed` offsets are char offsets into the raw text.
    pub fn to_clean_json(&self) -> String {
        let raw = &self.article.text;
        let ci = CharIndex::new(raw);
        let removed = self
            .cleaned
            .removed
            .iter()
            .map(|r| RemovedOut {
                start: ci.char_of(r.start),
                end: ci.char_of(r.end),
                reason: r.reason,
                text: raw.get(r.start..r.end).unwrap_or_default().to_string(),
            })
            .collect();
        let out = CleanOut {
            doc_id: &self.article.doc_id,
            text: &self.cleaned.text,
            removed,
            metadata: self.metadata(),
        };
        serde_json::to_string(&out).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    #[derive(serde::Serialize)]
    struct Scores {
        #[serde(serialize_with = "super::short_f32")]
        confidence: f32,
        #[serde(serialize_with = "super::short_f32")]
        goldstein: f32,
    }

    #[test]
    fn scores_print_as_their_shortest_decimal() {
        let s = Scores {
            confidence: 0.59,
            goldstein: -4.4,
        };
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"confidence":0.59,"goldstein":-4.4}"#
        );
    }
}
