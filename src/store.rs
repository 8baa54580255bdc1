//! From analyses to store rows, and the search forms shared by indexing and queries.

use crate::pipeline::Analysis;
use khabar_store::{ArticleRow, EntityRow, EventRow};
use khabar_text::{CharIndex, Segmenter};

/// A stable content hash (FNV-1a 64) of the raw text: the same article twice is stored once.
pub fn content_hash(text: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{h:016x}{:08x}", text.len())
}

/// Search forms of a text: each word's matching form without proclitics («للحرس» → «الحرس»),
/// plus the form without the article («حرس»), so either query form finds it.
pub fn search_forms(seg: &Segmenter, text: &str) -> String {
    let toks = seg.tokenize(text);
    let mut out = String::with_capacity(text.len());
    for w in khabar_extract::words(&toks) {
        if w.is_punct() || w.core.is_empty() {
            continue;
        }
        out.push_str(&w.core);
        out.push(' ');
        if w.bare != w.core && !w.bare.is_empty() {
            out.push_str(&w.bare);
            out.push(' ');
        }
    }
    out
}

/// Query terms in the same forms (one per word, article kept when written).
pub fn query_terms(seg: &Segmenter, q: &str) -> Vec<String> {
    let toks = seg.tokenize(q);
    khabar_extract::words(&toks)
        .into_iter()
        .filter(|w| !w.is_punct() && !w.core.is_empty())
        .map(|w| w.core)
        .collect()
}

/// A snippet of `text` around the first word matching a term, matches wrapped in ⟦ ⟧.
pub fn snippet(seg: &Segmenter, text: &str, terms: &[String], width: usize) -> String {
    let toks = seg.tokenize(text);
    let ws = khabar_extract::words(&toks);
    let hit = |w: &khabar_extract::Word| terms.iter().any(|t| *t == w.core || *t == w.bare);
    let Some(first) = ws.iter().position(hit) else {
        return text.chars().take(width * 2).collect();
    };
    let ci = CharIndex::new(text);
    let c0 = ci.char_of(ws[first].word_start).saturating_sub(width);
    let c1 = (ci.char_of(ws[first].end) + width).min(ci.char_len());
    let (b0, b1) = (ci.byte_of(c0), ci.byte_of(c1));
    let mut out = String::new();
    if c0 > 0 {
        out.push('…');
    }
    let mut pos = b0;
    for w in ws
        .iter()
        .filter(|w| w.word_start >= b0 && w.end <= b1 && hit(w))
    {
        out.push_str(&text[pos..w.word_start]);
        out.push('⟦');
        out.push_str(&text[w.word_start..w.end]);
        out.push('⟧');
        pos = w.end;
    }
    out.push_str(&text[pos..b1]);
    if c1 < ci.char_len() {
        out.push('…');
    }
    out.replace('\n', " ")
}

/// HTML entities left in a scraped title (`&#8220;`, `&quot;`) decoded; only those written with
/// their `&`, so no title word is taken for a bare entity name.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s.as_bytes()[i] == b'&' {
            if let Some((len, rep, ch)) = khabar_text::clean::entities::entity_at(s, i) {
                out.push_str(rep);
                if let Some(c) = ch {
                    out.push(c);
                }
                i += len;
                continue;
            }
        }
        let c = s[i..].chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// A stored title as shown: entities decoded on reading too, for stores ingested before titles
/// were decoded at ingest (re-ingesting skips known articles, so they would keep `&#8220;`).
pub fn shown_title(t: Option<String>) -> Option<String> {
    t.map(|t| {
        if t.contains('&') {
            decode_entities(&t)
        } else {
            t
        }
    })
}

pub fn article_row(a: &Analysis, seg: &Segmenter) -> ArticleRow {
    let title = a.title.as_deref().map(decode_entities);
    let text = &a.cleaned.text;
    let ci = CharIndex::new(text);
    let entities = a
        .extracted
        .entities
        .iter()
        .map(|e| EntityRow {
            eid: format!("E{}", e.id),
            etype: e.etype.as_str().to_string(),
            text: text.get(e.span.0..e.span.1).unwrap_or_default().to_string(),
            start: ci.char_of(e.span.0) as i64,
            end: ci.char_of(e.span.1) as i64,
            name: Some(e.name.clone()),
            role: e.role.clone(),
            code: e.code.clone(),
            country: e.country.clone(),
        })
        .collect();
    let events = a
        .events_out(&ci)
        .into_iter()
        .map(|e| EventRow {
            doc_id: a.article.doc_id.clone(),
            eid: e.id.clone(),
            sentence: e.sentence as i64,
            start: e.start as i64,
            end: e.end as i64,
            evidence: e.text.to_string(),
            trigger: e.trigger.text.to_string(),
            source_code: e.source.as_ref().map(|x| x.code.to_string()),
            source_text: e.source.as_ref().map(|x| x.text.to_string()),
            target_code: e.target.as_ref().map(|x| x.code.to_string()),
            target_text: e.target.as_ref().map(|x| x.text.to_string()),
            cameo: e.cameo.to_string(),
            root: e.root.to_string(),
            quad: i64::from(e.quad),
            goldstein: f64::from(e.goldstein),
            plover_type: e.plover.ptype.to_string(),
            plover_mode: e.plover.mode.to_string(),
            date: e.date.map(String::from),
            geo: e.place.as_ref().and_then(|p| p.row()),
            place: e.place.map(|p| p.text.to_string()),
            modality: serde_json::to_value(e.modality)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default(),
            confidence: f64::from(e.confidence),
            // the article's columns: the store joins them on reading
            date_precision: None,
            title: None,
            outlet: None,
            published: None,
            url: None,
            mentions: None,
        })
        .collect();
    ArticleRow {
        doc_id: a.article.doc_id.clone(),
        hash: content_hash(&a.article.text),
        title: title.clone(),
        source: a.article.source.clone(),
        published: a.article.published.clone(),
        url: a.article.url.clone(),
        text: text.clone(),
        search_title: title
            .as_deref()
            .map(|t| search_forms(seg, t))
            .unwrap_or_default(),
        search_body: search_forms(seg, text),
        analysis: None,
        story_doc: Some(encode_story_doc(
            &crate::link::story_doc(a, seg),
            title.as_deref(),
        )),
        entities,
        events,
    }
}

/// A story document as stored: its hashed terms as bytes (their number as 4 bytes, then the low
/// 32 bits of each hash and its count as a varint, little-endian), then the rest as JSON without
/// what the articles table holds (doc id, publication date, and the title when it is the
/// article's). As JSON the 64 hashes in decimal made the story documents 64 of a 299 MB store
/// (issue 18); 32 bits keep terms apart (a collision needs two of an article's 64 terms to share
/// them, and then only their counts add up).
pub fn encode_story_doc(d: &khabar_link::StoryDoc, article_title: Option<&str>) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + d.terms.len() * 6 + 128);
    out.extend_from_slice(&(d.terms.len() as u32).to_le_bytes());
    for (h, c) in &d.terms {
        out.extend_from_slice(&(*h as u32).to_le_bytes());
        // counts are small: 7 bits a byte, high bit = more
        let mut c = *c;
        loop {
            let b = (c & 0x7f) as u8;
            c >>= 7;
            if c == 0 {
                out.push(b);
                break;
            }
            out.push(b | 0x80);
        }
    }
    let rest = khabar_link::StoryDoc {
        doc_id: String::new(),
        published: None,
        // "" stands for the article's title
        title: if article_title == Some(d.title.as_str()) {
            String::new()
        } else {
            d.title.clone()
        },
        terms: Vec::new(),
        ..d.clone()
    };
    out.extend_from_slice(serde_json::to_string(&rest).unwrap_or_default().as_bytes());
    out
}

/// The inverse of [`encode_story_doc`], given the article's columns; `None` for damaged bytes.
/// Terms come back sorted by their (32-bit) hash, as the linker wants them.
pub fn decode_story_doc(
    b: &[u8],
    article: &khabar_store::StoredDoc,
) -> Option<khabar_link::StoryDoc> {
    let n = u32::from_le_bytes(b.get(..4)?.try_into().ok()?) as usize;
    let mut at = 4;
    let mut terms: Vec<(u64, u32)> = Vec::with_capacity(n.min(1024));
    for _ in 0..n {
        let h = u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?);
        at += 4;
        let (mut c, mut shift) = (0u32, 0u32);
        loop {
            let x = *b.get(at)?;
            at += 1;
            c |= u32::from(x & 0x7f).checked_shl(shift)?;
            if x & 0x80 == 0 {
                break;
            }
            shift += 7;
            if shift > 28 {
                return None;
            }
        }
        terms.push((u64::from(h), c));
    }
    terms.sort_unstable_by_key(|t| t.0);
    // two terms that share their low 32 bits count as one
    terms.dedup_by(|b, a| {
        if a.0 == b.0 {
            a.1 = a.1.saturating_add(b.1);
            true
        } else {
            false
        }
    });
    let mut d: khabar_link::StoryDoc = serde_json::from_slice(&b[at..]).ok()?;
    d.terms = terms;
    d.doc_id = article.doc_id.clone();
    d.published = article.published.clone();
    if d.title.is_empty() {
        d.title = article.title.clone().unwrap_or_default();
    }
    Some(d)
}

/// Rebuilds the stories over every article in the store; returns (stories, articles in them).
pub fn rebuild_stories(
    store: &mut khabar_store::Store,
) -> Result<(usize, usize), khabar_store::StoreError> {
    let docs: Vec<khabar_link::StoryDoc> = store
        .story_docs()?
        .iter()
        .filter_map(|d| decode_story_doc(&d.doc, d))
        .collect();
    let built = khabar_link::build_stories(&docs, &khabar_link::StoryParams::default());
    let rows: Vec<khabar_store::StoryRow> = built
        .stories
        .iter()
        .map(|s| khabar_store::StoryRow {
            story_id: s.story_id as i64,
            title: s.title.clone(),
            dyad: format!("{}-{}", s.dyad[0], s.dyad[1]),
            start: s.events.first().and_then(|e| e.date.clone()),
            end: s.events.last().and_then(|e| e.date.clone()),
            articles: s.articles.clone(),
            n_events: s.events.len() as i64,
            json: serde_json::to_string(s).unwrap_or_default(),
        })
        .collect();
    store.replace_stories(&rows)?;
    Ok((rows.len(), rows.iter().map(|r| r.articles.len()).sum()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn story_docs_round_trip_and_damage_is_none() {
        let d = khabar_link::StoryDoc {
            doc_id: "a".into(),
            title: "عنوان".into(),
            published: Some("2015-07-01".into()),
            terms: vec![(1, 2), (5, 300), (6, u32::MAX), (u64::from(u32::MAX), 7)],
            events: vec![],
            country: Some("YEM".into()),
        };
        let art = khabar_store::StoredDoc {
            doc: Vec::new(),
            doc_id: "a".into(),
            title: Some("عنوان".into()),
            published: Some("2015-07-01".into()),
        };
        let json = |d: &khabar_link::StoryDoc| serde_json::to_string(d).unwrap();
        // the title is left to the article when it is the article's
        let b = super::encode_story_doc(&d, Some("عنوان"));
        assert!(!String::from_utf8_lossy(&b).contains("عنوان"));
        assert_eq!(json(&super::decode_story_doc(&b, &art).unwrap()), json(&d));
        // a title of its own (the first sentence of an untitled article) is kept
        let own = khabar_link::StoryDoc {
            title: "أول جملة".into(),
            ..d.clone()
        };
        let b2 = super::encode_story_doc(&own, None);
        let untitled = khabar_store::StoredDoc {
            title: None,
            ..art.clone()
        };
        assert_eq!(
            json(&super::decode_story_doc(&b2, &untitled).unwrap()),
            json(&own)
        );
        // hashes keep their low 32 bits; two that share them add their counts
        let wide = khabar_link::StoryDoc {
            terms: vec![(7, 1), ((1u64 << 40) | 9, 2), (9, 3)],
            ..d.clone()
        };
        let back = super::decode_story_doc(&super::encode_story_doc(&wide, None), &art).unwrap();
        assert_eq!(back.terms, vec![(7, 1), (9, 5)]);
        assert!(super::decode_story_doc(&b[..10], &art).is_none());
        assert!(super::decode_story_doc(&[255, 255, 255, 255], &art).is_none());
        assert!(super::decode_story_doc(&[], &art).is_none());
    }

    #[test]
    fn title_entities_decoded() {
        for (raw, want) in [
            ("&#8220;الحوثي&#8221; يعلن", "\u{201c}الحوثي\u{201d} يعلن"),
            ("قال &quot;لا&quot; &amp; مضى", "قال \"لا\" & مضى"),
            ("quot; بلا علامة", "quot; بلا علامة"),
            ("AT&T", "AT&T"),
        ] {
            assert_eq!(super::decode_entities(raw), want, "{raw}");
        }
    }
}
