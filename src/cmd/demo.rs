//! `khabar demo`: the bundled examples, embedded in the binary.

use anyhow::Result;
use khabar::pipeline::Depth;
use khabar_ingest::Article;
use std::process::ExitCode;

/// (file name, text, published, source)
pub const EXAMPLES: &[(&str, &str, &str, &str)] = &[
    (
        "000_a5b5b01d5677f13f.txt",
        include_str!("../../examples/000_a5b5b01d5677f13f.txt"),
        "2020-11-08",
        "aljazeera.net",
    ),
    (
        "001_0acd3c927d4d0c19.txt",
        include_str!("../../examples/001_0acd3c927d4d0c19.txt"),
        "2013-09-26",
        "elaph",
    ),
];

pub fn articles() -> Vec<Article> {
    EXAMPLES
        .iter()
        .map(|(name, text, published, source)| Article {
            doc_id: name.to_string(),
            published: Some(published.to_string()),
            source: Some(source.to_string()),
            text: text.to_string(),
            origin: format!("examples/{name}"),
            ..Default::default()
        })
        .collect()
}

pub fn run() -> Result<ExitCode> {
    let analyzer = crate::cmd::analyzer();
    println!(
        "khabar demo — {} bundled Arabic news articles\n",
        EXAMPLES.len()
    );
    for article in articles() {
        let a = analyzer.analyze(article, Depth::Entities);
        println!(
            "━━ {} (published {})",
            a.article.doc_id,
            a.article.published.as_deref().unwrap_or("?")
        );
        if let Some(t) = &a.title {
            println!("   title: {t}");
        }
        println!(
            "   {} chars raw → {} chars clean, {} sentences, {} tokens",
            a.article.text.chars().count(),
            a.cleaned.text.chars().count(),
            a.sentences.len(),
            a.tokens.len()
        );
        if !a.cleaned.attribution.is_empty() {
            println!(
                "   source attribution: {}",
                a.cleaned.attribution.join(" + ")
            );
        }
        let mut removed: Vec<String> = a
            .cleaned
            .removed
            .iter()
            .map(|r| {
                format!(
                    "{:?} {:?}",
                    a.article.text.get(r.start..r.end).unwrap_or(""),
                    r.reason
                )
            })
            .collect();
        removed.dedup();
        if !removed.is_empty() {
            let n = removed.len();
            removed.truncate(8);
            println!("   removed ({n}): {}", removed.join(", "));
        }
        if let Some(s) = a.sentences.get(1) {
            let toks: Vec<String> = a
                .tokens
                .tokens
                .iter()
                .filter(|t| t.start as usize >= s.start && (t.end as usize) <= s.end)
                .take(14)
                .map(|t| a.tokens.norm(t).to_string())
                .collect();
            println!("   first body sentence: {}", &a.cleaned.text[s.clone()]);
            println!("   its tokens: {}", toks.join(" · "));
        }
        let text = &a.cleaned.text;
        let mut seen = std::collections::BTreeSet::new();
        let people: Vec<String> = a
            .extracted
            .entities
            .iter()
            .filter(|e| {
                e.etype == khabar_extract::EntityType::Person && !e.nominal && seen.insert(e.id)
            })
            .map(|e| {
                format!(
                    "{} [{}{}]",
                    e.name,
                    e.code.as_deref().unwrap_or("?"),
                    e.role
                        .as_deref()
                        .map(|r| format!(", {r}"))
                        .unwrap_or_default()
                )
            })
            .collect();
        println!("   people: {}", people.join("; "));
        let dates: Vec<String> = a
            .extracted
            .dates
            .iter()
            .map(|d| {
                format!(
                    "«{}» → {}",
                    &text[d.span.0..d.span.1],
                    d.value.as_deref().unwrap_or("?")
                )
            })
            .collect();
        println!("   dates: {}", dates.join(", "));
        println!("   events ({}):", a.extracted.events.len());
        for e in &a.extracted.events {
            let code = |x: &Option<khabar_extract::Actor>| {
                x.as_ref().map_or("-".to_string(), |x| x.code.clone())
            };
            let m = serde_json::to_value(e.modality)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default();
            println!(
                "     {} {:>6} → {:<6} {:<12} {}  «{}»",
                e.cameo,
                code(&e.source),
                code(&e.target),
                m,
                e.date.as_deref().unwrap_or(""),
                text[e.span.0..e.span.1]
                    .chars()
                    .take(70)
                    .collect::<String>()
            );
        }
        println!();
    }
    // the embedded store: the examples, ready to search and chart
    let db = std::env::temp_dir().join("khabar-demo.db");
    // the demo's own scratch store, made afresh each run: one left by another khabar version
    // would be refused (its schema differs) and the demo must work on any machine
    for suffix in ["", "-wal", "-shm"] {
        let mut p = db.clone().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
    let mut store = khabar_store::Store::create_or_open(&db)?;
    let seg = analyzer.segmenter().clone();
    let rows: Vec<_> = articles()
        .into_iter()
        .map(|a| khabar::store::article_row(&analyzer.analyze(a, Depth::Entities), &seg))
        .collect();
    let r = store.add_batch(&rows)?;
    let (stories, _) = khabar::store::rebuild_stories(&mut store)?;
    println!(
        "Stored in {} ({} new, {} already there; {} events in the store).",
        db.display(),
        r.added,
        r.duplicates,
        store.count_events()?
    );
    println!("{stories} story thread(s) linked over the stored articles.");
    println!();
    println!(
        "Open the web UI (search, articles with entities and events, timeline, network, stories):"
    );
    println!(
        "  khabar serve --db {}     then browse http://127.0.0.1:8080/",
        db.display()
    );
    println!(
        "  (cargo run --release -- serve --db {} from the source tree)",
        db.display()
    );
    println!("Try:");
    println!("  khabar search \"الحرس الثوري\" --db {}", db.display());
    println!(
        "  khabar timeline IRN IRQ --by month --db {} --svg irn-irq.svg",
        db.display()
    );
    println!(
        "  khabar events --db {} --actor IRN --format csv",
        db.display()
    );
    println!("  khabar stories examples/");
    println!(
        "  khabar similar examples/000_a5b5b01d5677f13f.txt examples/001_0acd3c927d4d0c19.txt"
    );
    println!("  khabar analyze examples/ | head -c 600");
    Ok(ExitCode::SUCCESS)
}
