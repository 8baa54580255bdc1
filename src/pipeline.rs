//! One article through the stages, and its JSON form.

use khabar_ingest::Article;
use khabar_text::{clean, sentences, CharIndex, Cleaned, Segmenter, Tokens};
use serde::Serialize;
use std::ops::Range;

/// Which stages to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// clean, sentences, tokens
    Tokens,
}

pub struct Analyzer {
    segmenter: Segmenter,
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer {
            segmenter: Segmenter::builtin().clone(),
        }
    }
}

/// Everything known about one article. Spans are byte ranges into `cleaned.text`.
pub struct Analysis {
    pub article: Article,
    pub cleaned: Cleaned,
    pub title: Option<String>,
    pub sentences: Vec<Range<usize>>,
    pub tokens: Tokens,
}

impl Analyzer {
    pub fn segmenter(&self) -> &Segmenter {
        &self.segmenter
    }

    pub fn analyze(&self, article: Article, _depth: Depth) -> Analysis {
        let cleaned = clean(&article.text);
        let sentences = sentences::split(&cleaned.text);
        let tokens = self.segmenter.tokenize(&cleaned.text);
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
        let out = AnalyzeOut {
            doc_id: &self.article.doc_id,
            published: self.article.published.as_deref(),
            title: self.title.as_deref(),
            source: self.article.source.as_deref(),
            text,
            sentences,
            tokens,
            metadata: self.metadata(),
        };
        serde_json::to_string(&out).unwrap_or_default()
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
