//! Our own event annotations (`data/train/*.jsonl`) keep no corpus text: each line names a SaudiNewsNet
//! corpus line and gives character offsets into that article's `content` (the annotated text is
//! `content[text_start..text_end]`); events give offsets of their evidence, trigger and actor
//! mentions with the codes. This module reads the corpus and rebuilds gold-format documents (the
//! shape of `../shared/eval/saudi_events.dev.json`) for scoring and training.

use anyhow::{bail, Context};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::io::BufRead;
use std::path::Path;

/// `content` of the wanted corpus lines (0-based), read in one pass over the (gzip) corpus.
pub fn corpus_lines(
    corpus: &Path,
    wanted: &BTreeSet<usize>,
) -> anyhow::Result<BTreeMap<usize, Value>> {
    let f = std::fs::File::open(corpus).with_context(|| format!("opening {}", corpus.display()))?;
    let reader: Box<dyn BufRead> = if corpus.extension().is_some_and(|e| e == "gz") {
        Box::new(std::io::BufReader::new(flate2::read::MultiGzDecoder::new(
            f,
        )))
    } else {
        Box::new(std::io::BufReader::new(f))
    };
    let last = wanted.iter().next_back().copied().unwrap_or(0);
    let mut out = BTreeMap::new();
    for (i, line) in reader.lines().enumerate() {
        if i > last {
            break;
        }
        let line = line.with_context(|| format!("{}:{}", corpus.display(), i + 1))?;
        if wanted.contains(&i) {
            out.insert(
                i,
                serde_json::from_str(&line)
                    .with_context(|| format!("{}:{}", corpus.display(), i + 1))?,
            );
        }
    }
    Ok(out)
}

/// The substring of `chars` at char offsets `[s, e]`.
fn slice(chars: &[char], span: &Value) -> Option<String> {
    let s = span.get(0)?.as_u64()? as usize;
    let e = span.get(1)?.as_u64()? as usize;
    (s <= e && e <= chars.len()).then(|| chars[s..e].iter().collect())
}

/// Gold-format documents from an offsets file (JSON lines) and the corpus.
pub fn materialize(text: &str, path: &Path, corpus: &Path) -> anyhow::Result<Vec<Value>> {
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Value =
            serde_json::from_str(line).with_context(|| format!("{}:{}", path.display(), i + 1))?;
        rows.push((i + 1, v));
    }
    let wanted: BTreeSet<usize> = rows
        .iter()
        .filter_map(|(_, v)| v["corpus_line"].as_u64().map(|x| x as usize))
        .collect();
    let lines = corpus_lines(corpus, &wanted)?;
    let mut docs = Vec::new();
    for (ln, v) in rows {
        let at = format!("{}:{ln}", path.display());
        let Some(cl) = v["corpus_line"].as_u64() else {
            bail!("{at}: no corpus_line")
        };
        let Some(article) = lines.get(&(cl as usize)) else {
            bail!("{at}: corpus line {cl} not found")
        };
        let content: Vec<char> = article["content"].as_str().unwrap_or("").chars().collect();
        let Some(doc_text) = slice(&content, &json!([v["text_start"], v["text_end"]])) else {
            bail!("{at}: text offsets out of range")
        };
        let base = v["text_start"].as_u64().unwrap_or(0) as usize;
        let rel = |span: &Value| -> Value {
            match (
                span.get(0).and_then(Value::as_u64),
                span.get(1).and_then(Value::as_u64),
            ) {
                (Some(s), Some(e)) => slice(&content, &json!([s, e]))
                    .filter(|_| s as usize >= base)
                    .map_or(Value::Null, Value::String),
                _ => Value::Null,
            }
        };
        let mut events = Vec::new();
        for e in v["events"].as_array().into_iter().flatten() {
            let mut g = e.clone();
            let Some(ev) = rel(&e["evidence"]).as_str().map(String::from) else {
                bail!("{at}: event {} has bad evidence offsets", e["id"])
            };
            g["evidence"] = json!(ev);
            g["evidence_alt"] = json!(e["evidence_alt"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| rel(s).as_str().map(String::from))
                .collect::<Vec<_>>());
            for k in ["trigger", "source_text", "target_text"] {
                let key = match k {
                    "trigger" => "trigger",
                    "source_text" => "source_mention",
                    _ => "target_mention",
                };
                g[k] = rel(&e[key]);
            }
            events.push(g);
        }
        docs.push(json!({
            "doc_id": article["url"], "published": v["published"], "newspaper": article["source"],
            "title": article["title"], "corpus_line": cl, "text": doc_text,
            "no_events": v["no_events"], "must_not": v["must_not"], "events": events,
        }));
    }
    Ok(docs)
}
