//! Cleaning raw scraped text into analysis text plus an offset map.
//!
//! Two layers of edits: (1) per line, boilerplate lines are dropped and the
//! attribution line is taken out as metadata; inside kept lines HTML entity
//! residue is decoded and format controls deleted; (2) whitespace is tidied.
//! `Cleaned::map` maps every cleaned offset back to the raw text.

pub mod boilerplate;
pub mod controls;
pub mod entities;
pub mod whitespace;

use crate::offsets::{Edit, Layer, OffsetMap};
use boilerplate::LineVerdict;
use serde::Serialize;

/// Why a raw range was removed or rewritten.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// HTML entity residue (`quot;`, `&rlm;`, `&#8207;`), decoded or deleted
    Entity,
    /// invisible bidi / zero-width / C0 control
    Control,
    /// a widget or link line (`عرض`, `اقرأ أيضا: …`)
    Boilerplate,
    /// a site name at the top or bottom
    SiteName,
    /// a short Latin-script line inside Arabic text
    LatinJunk,
    /// the `المصدر : …` line, kept as metadata
    Attribution,
}

/// A raw byte range that did not reach the cleaned text as it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Removal {
    pub start: usize,
    pub end: usize,
    pub reason: Reason,
}

#[derive(Debug, Clone, Default)]
pub struct Cleaned {
    pub text: String,
    pub map: OffsetMap,
    /// raw byte ranges, sorted
    pub removed: Vec<Removal>,
    /// names from the attribution line, in order
    pub attribution: Vec<String>,
}

/// Cleans one raw article. Never panics; an empty input gives an empty output.
pub fn clean(raw: &str) -> Cleaned {
    let arabic_doc = boilerplate::arabic_share(raw) >= 0.5;
    // line ranges (without the '\n')
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for (i, b) in raw.bytes().enumerate() {
        if b == b'\n' {
            lines.push((start, i));
            start = i + 1;
        }
    }
    lines.push((start, raw.len()));
    let nonempty: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, (s, e))| !raw[*s..*e].trim().is_empty())
        .map(|(i, _)| i)
        .collect();
    let n = nonempty.len();
    let mut edits: Vec<Edit> = Vec::new();
    let mut removed = Vec::new();
    let mut attribution = Vec::new();
    for (rank, &li) in nonempty.iter().enumerate() {
        let (s, e) = lines[li];
        let line = &raw[s..e];
        let mut verdict = LineVerdict::Keep;
        if line.len() <= boilerplate::MAX_JUDGED_LINE * 2 {
            let visible = decode_line(line);
            let edge = rank < 2 || rank + 6 >= n;
            // never drop the only line of a document
            if n > 1 {
                verdict = boilerplate::judge(&visible, edge, arabic_doc);
            }
            if verdict == LineVerdict::Attribution {
                attribution.extend(boilerplate::attribution(&visible).unwrap_or_default());
            }
        }
        let reason = match verdict {
            LineVerdict::Keep => {
                line_edits(raw, s, e, &mut edits, &mut removed);
                continue;
            }
            LineVerdict::Label | LineVerdict::Prefix => Reason::Boilerplate,
            LineVerdict::Site => Reason::SiteName,
            LineVerdict::LatinJunk => Reason::LatinJunk,
            LineVerdict::Attribution => Reason::Attribution,
        };
        edits.push(Edit {
            range: s..e,
            replacement: String::new(),
        });
        removed.push(Removal {
            start: s,
            end: e,
            reason,
        });
    }
    let (stage1, layer1) = Layer::apply(raw, &edits);
    let tidy = whitespace::tidy_edits(&stage1);
    let (text, layer2) = Layer::apply(&stage1, &tidy);
    let mut map = OffsetMap::identity();
    map.push(layer1);
    map.push(layer2);
    Cleaned {
        text,
        map,
        removed,
        attribution,
    }
}

/// Entity and control edits inside one kept line.
fn line_edits(raw: &str, s: usize, e: usize, edits: &mut Vec<Edit>, removed: &mut Vec<Removal>) {
    let line = &raw[s..e];
    let mut skip_to = 0usize;
    for (i, c) in line.char_indices() {
        if i < skip_to {
            continue;
        }
        // Arabic letters and marks (most of the text) are neither entity starts nor controls
        // (U+061C, the one control of the block, lies below)
        if ('\u{0620}'..='\u{06FF}').contains(&c) {
            continue;
        }
        if c == '&'
            || c == '#'
            || (c.is_ascii_alphabetic()
                && (i == 0 || !line.as_bytes()[i - 1].is_ascii_alphabetic()))
        {
            if let Some((len, rep, ch)) = entities::entity_at(line, i) {
                let replacement = match ch {
                    Some(ch)
                        if controls::is_format_control(ch) || controls::is_junk_control(ch) =>
                    {
                        String::new()
                    }
                    Some(ch) => ch.to_string(),
                    None => rep.to_string(),
                };
                edits.push(Edit {
                    range: s + i..s + i + len,
                    replacement,
                });
                removed.push(Removal {
                    start: s + i,
                    end: s + i + len,
                    reason: Reason::Entity,
                });
                skip_to = i + len;
                continue;
            }
        }
        if !c.is_ascii() && controls::is_format_control(c)
            || (c != '\r' && controls::is_junk_control(c))
        {
            edits.push(Edit {
                range: s + i..s + i + c.len_utf8(),
                replacement: String::new(),
            });
            removed.push(Removal {
                start: s + i,
                end: s + i + c.len_utf8(),
                reason: Reason::Control,
            });
        }
    }
}

/// The line as a reader sees it: entities decoded, controls gone.
fn decode_line(line: &str) -> String {
    let mut edits = Vec::new();
    let mut removed = Vec::new();
    line_edits(line, 0, line.len(), &mut edits, &mut removed);
    Layer::apply(line, &edits).0
}

/// The first line as a title when it looks like one: followed by a blank
/// line, shorter than 250 bytes, and not ending in sentence punctuation.
pub fn guess_title(cleaned: &str) -> Option<&str> {
    let (first, rest) = cleaned.split_once("\n\n")?;
    if first.contains('\n') || first.len() > 250 || rest.trim().is_empty() {
        return None;
    }
    let t = first.trim();
    if t.is_empty() || t.ends_with(['.', '؟', '?', '!', ':']) {
        return None;
    }
    Some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn residue_is_removed_and_mapped() {
        let raw = "قال quot;اليومquot; إن rlm;السفارة\u{200F} هدف.\n\nLibanaujourdui\n\nعرض";
        let c = clean(raw);
        assert_eq!(c.text, "قال \"اليوم\" إن السفارة هدف.");
        // every char of the cleaned text that was copied maps back to itself
        let i = c.text.find("السفارة").unwrap();
        let r = c.map.span_to_raw(i..i + "السفارة".len());
        assert_eq!(&raw[r], "السفارة");
        assert!(c
            .removed
            .iter()
            .any(|r| r.reason == Reason::LatinJunk || r.reason == Reason::SiteName));
    }

    #[test]
    fn attribution_line_becomes_metadata() {
        let c = clean("وصل الوزير إلى طهران.\n\nالمصدر : الجزيرة + وكالات\n");
        assert_eq!(c.text, "وصل الوزير إلى طهران.");
        assert_eq!(c.attribution, vec!["الجزيرة", "وكالات"]);
    }

    #[test]
    fn title() {
        assert_eq!(guess_title("عنوان الخبر\n\nنص الخبر."), Some("عنوان الخبر"));
        assert_eq!(guess_title("جملة أولى.\n\nنص الخبر."), None);
    }
}
