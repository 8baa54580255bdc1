//! `khabar dedup` and `khabar similar`: the linking stage on the command line.

use super::{finish, for_each_analysis, write_line};
use crate::InputArgs;
use anyhow::{bail, Context, Result};
use khabar::pipeline::Depth;
use khabar_ingest::Article;
use khabar_link::{features_similarity, DocFeatures, MinHasher, PairModel};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn dedup(args: &InputArgs, threshold: f64, json: bool, min_words: usize) -> Result<ExitCode> {
    let seg = crate::cmd::analyzer().segmenter().clone();
    let mh = MinHasher::default();
    // signatures only: bounded memory whatever the corpus size
    let mut ids: Vec<(String, String, String)> = Vec::new();
    let mut sigs: Vec<Vec<u64>> = Vec::new();
    let mut short = 0usize;
    let t0 = std::time::Instant::now();
    let stats = for_each_analysis(args, Depth::Tokens, &mut |a| {
        let words = khabar_link::content_words(&seg, &a.cleaned.text);
        if words.len() < min_words {
            short += 1;
            return Ok(());
        }
        sigs.push(mh.signature(&words));
        // a short title for reading the clusters (bounded: 80 chars)
        let title: String = a.title.as_deref().unwrap_or("").chars().take(80).collect();
        ids.push((
            a.article.doc_id.clone(),
            a.article.source.clone().unwrap_or_default(),
            title,
        ));
        Ok(())
    })?;
    let sig_secs = t0.elapsed().as_secs_f64();
    let t1 = std::time::Instant::now();
    let clusters = khabar_link::dedup_signatures(&sigs, threshold);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut in_clusters = 0usize;
    let mut cross = 0usize;
    for (ci, c) in clusters.iter().enumerate() {
        in_clusters += c.members.len();
        let sources: std::collections::BTreeSet<&str> =
            c.members.iter().map(|&m| ids[m].1.as_str()).collect();
        if sources.len() > 1 {
            cross += 1;
        }
        if json {
            let members: Vec<serde_json::Value> = c
                .members
                .iter()
                .zip(&c.similarity)
                .map(|(&m, s)| serde_json::json!({"doc_id": ids[m].0, "source": ids[m].1, "title": ids[m].2, "similarity": (s * 1000.0).round() / 1000.0}))
                .collect();
            write_line(&mut out, &serde_json::json!({"cluster": ci + 1, "size": c.members.len(), "members": members}).to_string())?;
        } else {
            write_line(
                &mut out,
                &format!(
                    "cluster {} ({} articles, {} outlets)",
                    ci + 1,
                    c.members.len(),
                    sources.len()
                ),
            )?;
            for (&m, s) in c.members.iter().zip(&c.similarity) {
                write_line(
                    &mut out,
                    &format!("  {s:.2}  {}  {}  {}", ids[m].1, ids[m].0, ids[m].2),
                )?;
            }
        }
    }
    out.flush()?;
    eprintln!(
        "khabar: {} articles signed ({short} too short) in {sig_secs:.1} s; {} clusters holding {in_clusters} articles ({cross} across outlets), found in {:.2} s; signatures {:.1} MB",
        sigs.len(),
        clusters.len(),
        t1.elapsed().as_secs_f64(),
        (sigs.len() * mh.num_perm() * 8) as f64 / 1e6
    );
    Ok(finish(&stats))
}

/// One line of a pairs file.
struct Pair {
    id: String,
    a: Article,
    b: Article,
    gold: Option<[f64; 5]>,
}

fn read_pairs(path: &Path) -> Result<Vec<Pair>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                eprintln!(
                    "khabar: skipped {}:{}: broken JSON line: {e}",
                    path.display(),
                    n + 1
                );
                continue;
            }
        };
        let s = |k: &str| v[k].as_str().map(String::from);
        let id = s("pair_id").unwrap_or_else(|| format!("{}", n + 1));
        let art = |t: &str, x: &str, d: &str, u: &str| Article {
            doc_id: format!("{id}/{t}"),
            title: s(t),
            text: format!(
                "{}\n\n{}",
                s(t).unwrap_or_default(),
                s(x).unwrap_or_default()
            ),
            published: s(d).and_then(|d| khabar_ingest::normalize_date(&d)),
            url: s(u),
            ..Default::default()
        };
        let gold = ["geography", "entities", "time", "narrative", "overall"].map(|k| v[k].as_f64());
        let gold = gold
            .iter()
            .all(Option::is_some)
            .then(|| gold.map(|x| x.unwrap_or(0.0)));
        out.push(Pair {
            a: art("title1", "text1", "date1", "link1"),
            b: art("title2", "text2", "date2", "link2"),
            id,
            gold,
        });
    }
    Ok(out)
}

fn scores_json(id: &str, s: &khabar_link::Scores) -> String {
    let r = |x: f64| (x * 1000.0).round() / 1000.0;
    // a struct keeps the documented field order (json! maps sort keys)
    #[derive(serde::Serialize)]
    struct Row<'a> {
        pair_id: &'a str,
        geography: f64,
        entities: f64,
        time: f64,
        narrative: f64,
        overall: f64,
        same_event: bool,
        same_story: bool,
    }
    serde_json::to_string(&Row {
        pair_id: id,
        geography: r(s.geography),
        entities: r(s.entities),
        time: r(s.time),
        narrative: r(s.narrative),
        overall: r(s.overall),
        same_event: s.same_event,
        same_story: s.same_story,
    })
    .unwrap_or_default()
}

pub fn similar(
    pairs: Option<&Path>,
    files: &[std::path::PathBuf],
    train: Option<&Path>,
    folds: usize,
    features: Option<&Path>,
    idf_path: Option<&Path>,
) -> Result<ExitCode> {
    let an = crate::cmd::analyzer();
    let seg = an.segmenter().clone();
    let loaded;
    let idf = match idf_path {
        Some(p) => {
            let t =
                std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
            loaded = khabar_link::Idf::from_text(&t)
                .with_context(|| format!("parsing {}", p.display()))?;
            &loaded
        }
        None => match &super::resources().idf {
            Some(t) => {
                loaded = khabar_link::Idf::from_text(t).context("parsing the --models idf.txt")?;
                &loaded
            }
            None => khabar::link::shipped_idf(),
        },
    };
    let feats = |a: Article| -> DocFeatures {
        khabar::link::doc_features(&an.analyze(a, Depth::Entities), &seg)
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if let Some(p) = pairs {
        let ps = read_pairs(p)?;
        let x: Vec<Vec<f64>> = ps
            .iter()
            .map(|p| {
                let (fa, fb) = (feats(p.a.clone()), feats(p.b.clone()));
                features_similarity(&fa, &fb, idf)
            })
            .collect();
        if let Some(fp) = features {
            let mut t = String::from("pair_id");
            for n in khabar_link::FEATURE_NAMES {
                t.push('\t');
                t.push_str(n);
            }
            for n in khabar_link::OUTPUTS {
                t.push_str("\tgold_");
                t.push_str(n);
            }
            t.push('\n');
            for (p, xv) in ps.iter().zip(&x) {
                t.push_str(&p.id);
                for v in xv {
                    t.push_str(&format!("\t{v:.5}"));
                }
                for g in p.gold.iter().flatten() {
                    t.push_str(&format!("\t{g}"));
                }
                t.push('\n');
            }
            std::fs::write(fp, t).with_context(|| format!("writing {}", fp.display()))?;
        }
        if let Some(outp) = train {
            let labelled: Vec<usize> = (0..ps.len()).filter(|&i| ps[i].gold.is_some()).collect();
            if labelled.len() < 10 {
                bail!("training needs gold scores (geography … overall) on at least 10 pairs");
            }
            let xs: Vec<Vec<f64>> = labelled.iter().map(|&i| x[i].clone()).collect();
            let ys: Vec<[f64; 5]> = labelled
                .iter()
                .map(|&i| ps[i].gold.unwrap_or([0.0; 5]))
                .collect();
            if folds >= 2 {
                // averaged over seeds: 120 pairs make one split noisy
                let mut acc = [0.0f64; 5];
                let seeds = 10;
                for s in 0..seeds {
                    let r = khabar_link::cross_validate(&xs, &ys, folds, 7 + s);
                    for k in 0..5 {
                        acc[k] += r[k] / seeds as f64;
                    }
                }
                println!(
                    "{folds}-fold cross-validated Pearson (mean of {seeds} shuffles), {} pairs:",
                    xs.len()
                );
                for (k, name) in khabar_link::OUTPUTS.iter().enumerate() {
                    println!("  {name:<10} {:.3}", acc[k]);
                }
            }
            let m = PairModel::fit(&xs, &ys);
            let text = format!("# source: ridge regression fitted by `khabar similar --pairs {} --train` ({} pairs)\n{}", p.file_name().and_then(|n| n.to_str()).unwrap_or("?"), xs.len(), m.to_text());
            std::fs::write(outp, text).with_context(|| format!("writing {}", outp.display()))?;
            eprintln!(
                "khabar: wrote the pair model to {} (rebuild to embed it)",
                outp.display()
            );
            return Ok(ExitCode::SUCCESS);
        }
        let model = pair_model()?;
        for (p, xv) in ps.iter().zip(&x) {
            write_line(&mut out, &scores_json(&p.id, &model.predict(xv)))?;
        }
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    if files.len() != 2 {
        bail!("give --pairs FILE.jsonl, or two article files A B");
    }
    let (mut arts, _) = super::read_articles(files)?;
    if arts.len() != 2 {
        bail!("expected two articles, read {}", arts.len());
    }
    let b = arts.pop().unwrap_or_default();
    let a = arts.pop().unwrap_or_default();
    let id = format!("{}|{}", a.doc_id, b.doc_id);
    let x = features_similarity(&feats(a), &feats(b), idf);
    write_line(&mut out, &scores_json(&id, &pair_model()?.predict(&x)))?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Fits document frequencies on a corpus (for the shipped `data/models/idf.txt`).
pub fn fit_idf(args: &InputArgs, out: &Path, min_df: u64) -> Result<ExitCode> {
    let seg = crate::cmd::analyzer().segmenter().clone();
    let mut idf = khabar_link::Idf::fit(std::iter::empty::<&[String]>());
    let stats = for_each_analysis(args, Depth::Tokens, &mut |a| {
        let mut w = khabar_link::content_words(&seg, &a.cleaned.text);
        w.sort();
        w.dedup();
        idf.add(&w);
        Ok(())
    })?;
    idf.prune(min_df);
    let names: Vec<String> = args.files.iter().map(|f| f.display().to_string()).collect();
    let header = format!(
        "# source: document frequencies of content words (normalized, clitic-segmented) computed by `khabar idf --min-df {min_df}` over {}\n",
        names.join(", ")
    );
    std::fs::write(out, header + &idf.to_text())
        .with_context(|| format!("writing {}", out.display()))?;
    eprintln!(
        "khabar: {} documents, wrote {}",
        idf.num_docs(),
        out.display()
    );
    Ok(finish(&stats))
}

/// `khabar stories`: analyze, then cluster into event clusters and stories.
pub fn stories(args: &InputArgs, jsonl: bool, min_articles: usize) -> Result<ExitCode> {
    let an = crate::cmd::analyzer();
    let seg = an.segmenter().clone();
    let mut docs = Vec::new();
    let stats = for_each_analysis(args, Depth::Entities, &mut |a| {
        docs.push(khabar::link::story_doc(a, &seg));
        Ok(())
    })?;
    let t = std::time::Instant::now();
    let result = khabar_link::build_stories(&docs, &khabar_link::StoryParams::default());
    let titles: std::collections::HashMap<&str, (&str, Option<&str>)> = docs
        .iter()
        .map(|d| {
            (
                d.doc_id.as_str(),
                (d.title.as_str(), d.published.as_deref()),
            )
        })
        .collect();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut shown = 0;
    for s in result
        .stories
        .iter()
        .filter(|s| s.articles.len() >= min_articles)
    {
        shown += 1;
        if jsonl {
            write_line(&mut out, &serde_json::to_string(s)?)?;
            continue;
        }
        let first = s
            .events
            .first()
            .and_then(|e| e.date.as_deref())
            .unwrap_or("?");
        let last = s
            .events
            .last()
            .and_then(|e| e.date.as_deref())
            .unwrap_or("?");
        write_line(
            &mut out,
            &format!(
                "story {} [{}–{}] {} articles, {} events, {first} … {last}: {}",
                s.story_id,
                s.dyad[0],
                s.dyad[1],
                s.articles.len(),
                s.events.len(),
                s.title.trim()
            ),
        )?;
        for e in &s.events {
            write_line(
                &mut out,
                &format!(
                    "  event {}  {}  {} {} → {}",
                    e.event_cluster,
                    e.date.as_deref().unwrap_or("?"),
                    e.cameo,
                    if e.source.is_empty() { "-" } else { &e.source },
                    if e.target.is_empty() { "-" } else { &e.target }
                ),
            )?;
            for d in &e.doc_ids {
                let (title, published) = titles.get(d.as_str()).copied().unwrap_or(("", None));
                write_line(
                    &mut out,
                    &format!("      {}  {d}  {}", published.unwrap_or("?"), title.trim()),
                )?;
            }
        }
    }
    out.flush()?;
    eprintln!(
        "khabar: {} articles: {} stories ({} shown), {} event clusters; {} articles without a coded dyad; clustered in {:.2} s",
        docs.len(),
        result.stories.len(),
        shown,
        result.stories.iter().map(|s| s.events.len()).sum::<usize>(),
        result.without_dyad,
        t.elapsed().as_secs_f64()
    );
    Ok(finish(&stats))
}

/// The pair model of this run: a `--models` directory's pairs.txt, else the shipped one.
fn pair_model() -> Result<PairModel> {
    match &super::resources().pairs {
        Some(t) => PairModel::from_text(t).context("parsing the --models pairs.txt"),
        None => Ok(khabar::link::shipped_model()),
    }
}
