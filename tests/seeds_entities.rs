//! Seeds against `../shared/seeds/gold.json`: every gold entity is found with
//! its type and code (aliases resolve to the same entity), and every gold date
//! resolves as listed. Skips with a message when the shared folder is absent.

use khabar::pipeline::{Analysis, Analyzer, Depth};
use khabar_ingest::Article;
use serde_json::Value;
use std::path::Path;

fn gold() -> Option<Value> {
    let p = Path::new("../shared/seeds/gold.json");
    let Ok(s) = std::fs::read_to_string(p) else {
        eprintln!("skipping: {} not found", p.display());
        return None;
    };
    Some(serde_json::from_str(&s).expect("gold.json parses"))
}

pub fn analyze_seed(doc: &Value) -> Analysis {
    let file = doc["file"].as_str().unwrap();
    let text = std::fs::read_to_string(Path::new("examples").join(file)).unwrap();
    let article = Article {
        doc_id: file.into(),
        published: doc["published"].as_str().map(String::from),
        text,
        ..Default::default()
    };
    Analyzer::default().analyze(article, Depth::Entities)
}

fn f(s: &str) -> String {
    khabar_text::fold(s)
}

/// Does a mention's surface stand for the gold text? «للحرس» loses the article's alef.
fn same_text(mention: &str, gold: &str) -> bool {
    let (m, g) = (f(mention), f(gold));
    m == g || g.strip_prefix('ا').is_some_and(|g| g == m)
}

/// The mention may extend the gold name by a nationality adjective («وكالة إرنا الإيرانية»).
fn covers(mention: &str, gold: &str) -> bool {
    let (m, g) = (f(mention), f(gold));
    same_text(mention, gold)
        || m.strip_prefix(&g)
            .is_some_and(|rest| rest.starts_with(' ') && rest.trim().split(' ').count() == 1)
}

#[test]
fn seed_entities_match_gold() {
    let Some(g) = gold() else { return };
    let mut failures = Vec::new();
    for doc in g["documents"].as_array().unwrap() {
        let a = analyze_seed(doc);
        let text = &a.cleaned.text;
        let ents = &a.extracted.entities;
        for ge in doc["entities"].as_array().unwrap() {
            let gt = ge["text"].as_str().unwrap();
            let ty = ge["type"].as_str().unwrap();
            let found: Vec<_> = ents
                .iter()
                .filter(|e| covers(&text[e.span.0..e.span.1], gt))
                .collect();
            let ok = found.iter().find(|e| {
                e.etype.as_str() == ty
                    && ge["code"]
                        .as_str()
                        .is_none_or(|c| e.code.as_deref() == Some(c))
                    && ge["country"]
                        .as_str()
                        .is_none_or(|c| e.country.as_deref() == Some(c))
                    && ge["metonymy_for"]
                        .as_str()
                        .is_none_or(|c| e.code.as_deref() == Some(c))
            });
            let Some(ok) = ok else {
                failures.push(format!(
                    "{}: {gt} {ty} {:?}: got {:?}",
                    doc["file"],
                    ge["code"],
                    found
                        .iter()
                        .map(|e| (e.etype, e.code.clone()))
                        .collect::<Vec<_>>()
                ));
                continue;
            };
            for alias in ge["aliases"].as_array().into_iter().flatten() {
                let al = alias.as_str().unwrap();
                if !ents
                    .iter()
                    .any(|e| e.id == ok.id && same_text(&text[e.span.0..e.span.1], al))
                {
                    failures.push(format!(
                        "{}: alias {al} does not resolve to {gt}",
                        doc["file"]
                    ));
                }
            }
        }
        for gd in doc["dates"].as_array().unwrap() {
            let gt = gd["text"].as_str().unwrap();
            let want = gd["resolves_to"].as_str().unwrap();
            let hit = a.extracted.dates.iter().any(|d| {
                same_text(&text[d.span.0..d.span.1], gt) && d.value.as_deref() == Some(want)
            });
            if !hit {
                let got: Vec<_> = a
                    .extracted
                    .dates
                    .iter()
                    .map(|d| (&text[d.span.0..d.span.1], d.value.clone()))
                    .collect();
                failures.push(format!("{}: date {gt} → {want}; got {got:?}", doc["file"]));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
