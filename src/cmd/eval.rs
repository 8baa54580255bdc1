//! `khabar eval …`: scores on gold files.

use anyhow::{Context, Result};
use khabar::eval::ner::{evaluate, NerFormat};
use khabar_extract::Extractor;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn ner(
    format: NerFormat,
    file: &Path,
    predictions: Option<&Path>,
    train: Option<&Path>,
    folds: usize,
) -> Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let mut ex = Extractor::default();
    if let Some(out) = train {
        let (sents, _) = khabar::eval::ner::parse(&text, format);
        if folds >= 2 {
            let rep = khabar::eval::ner::cross_validate(&mut ex, &sents, format, folds, 8);
            println!("{folds}-fold cross-validation (rules + tagger trained on the other folds):");
            print!("{}", rep.render());
        }
        ex.tagger = khabar_extract::tagger::Tagger::default();
        let items = khabar::eval::ner::train_items(&ex, &sents, format);
        let t = khabar_extract::tagger::Tagger::train(&items, 8, 17);
        let header = format!("source: averaged perceptron trained by `khabar eval ner --train` on {} ({} sentences), 8 epochs", file.file_name().and_then(|n| n.to_str()).unwrap_or("?"), sents.len());
        std::fs::write(out, t.to_text(&header))
            .with_context(|| format!("writing {}", out.display()))?;
        eprintln!(
            "khabar: wrote the tagger to {} (rebuild to embed it)",
            out.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let rep = evaluate(&ex, &text, format);
    print!("{}", rep.render());
    if let Some(p) = predictions {
        std::fs::write(p, &rep.predictions).with_context(|| format!("writing {}", p.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// What `khabar eval events` was asked to do.
pub struct EventsEval {
    pub seeds: Option<PathBuf>,
    pub gold: Option<PathBuf>,
    pub details: Option<PathBuf>,
    pub train_coder: Option<PathBuf>,
    pub train_when: Option<PathBuf>,
    pub on: Vec<PathBuf>,
    pub corpus: PathBuf,
    pub sentences: Option<PathBuf>,
    pub spans: Option<PathBuf>,
    pub errors: Option<PathBuf>,
    pub train: Option<PathBuf>,
    pub folds: usize,
    pub repeats: usize,
}

pub fn events(args: EventsEval) -> Result<ExitCode> {
    let EventsEval {
        seeds,
        gold,
        details,
        train_coder,
        train_when,
        on,
        corpus,
        sentences,
        spans,
        errors,
        train,
        folds,
        repeats,
    } = args;
    if let Some(out) = &train_coder {
        return train_coder_cmd(out, &on, &corpus, folds);
    }
    if let Some(out) = &train_when {
        return train_when_cmd(out, &on, &corpus, folds);
    }
    let (seeds, sentences, spans, errors, train) = (
        seeds.as_deref(),
        sentences.as_deref(),
        spans.as_deref(),
        errors.as_deref(),
        train.as_deref(),
    );
    let mut an = crate::cmd::analyzer();
    if let (Some(out), Some(f)) = (train, sentences) {
        let (report, model, oof) = khabar::eval::events::train_scorer(&mut an, f, folds, repeats)?;
        print!("{report}");
        if let Some(e) = errors {
            std::fs::write(e, oof).with_context(|| format!("writing {}", e.display()))?;
        }
        let header = format!(
            "source: per-class L2 logistic regression (L-BFGS) trained by `khabar eval events --train` on {} (split-vote sentences with their majority label); thresholds from {folds}-fold cross-validation, {} repeat(s)",
            f.file_name().and_then(|n| n.to_str()).unwrap_or("?"),
            repeats.max(1)
        );
        std::fs::write(out, model.to_text(&header))
            .with_context(|| format!("writing {}", out.display()))?;
        eprintln!(
            "khabar: wrote the event confidence model to {} (rebuild to embed it)",
            out.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    if seeds.is_none() && sentences.is_none() && gold.is_none() {
        anyhow::bail!("give --gold EVENTS.json, --seeds GOLD.json and/or --sentences FILE.jsonl");
    }
    if let Some(g) = &gold {
        let rep = khabar::eval::gold::score_file(&an, g, &corpus)
            .with_context(|| format!("scoring {}", g.display()))?;
        print!("{}", rep.render());
        if let Some(d) = &details {
            let mut s = rep.details.join("\n");
            s.push('\n');
            std::fs::write(d, s).with_context(|| format!("writing {}", d.display()))?;
        }
    }
    if let Some(g) = seeds {
        let rep = khabar::eval::events::seeds(&an, g)?;
        print!("{}", rep.render());
    }
    if let Some(f) = sentences {
        // the spans file sits next to the sentences file by default
        let default_spans = f.with_file_name(
            f.file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .replace("event_sentences", "event_spans"),
        );
        let spans = spans
            .map(Path::to_path_buf)
            .or_else(|| (default_spans != f && default_spans.exists()).then_some(default_spans));
        let rep = khabar::eval::events::sentences(&an, f, spans.as_deref())?;
        print!("{}", rep.render());
        // the shipped model has seen its training file: say so, and where the honest figures are
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if !name.is_empty()
            && khabar_extract::scorer::shipped_model_source().contains(&format!(" on {name} "))
        {
            println!(
                "note: the shipped confidence model was trained on {name}, so these detection figures are in-sample; `--train OUT --folds 10 --repeats 10` prints cross-validated ones"
            );
        }
        if let Some(e) = errors {
            let mut s = String::new();
            for (class, label, hit, text) in &rep.errors {
                s.push_str(&serde_json::json!({"class": class, "label": label, "detected": hit, "text": text}).to_string());
                s.push('\n');
            }
            std::fs::write(e, s).with_context(|| format!("writing {}", e.display()))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Hand-coded documents of the --on files, analyzed by `an`.
fn training_docs(
    an: &khabar::pipeline::Analyzer,
    on: &[PathBuf],
    corpus: &Path,
) -> Result<Vec<khabar::eval::coder::Doc>> {
    if on.is_empty() {
        anyhow::bail!("give the training files with --on FILE (repeatable)");
    }
    let mut gold = Vec::new();
    for f in on {
        let docs = khabar::eval::coder::load(f, corpus)
            .with_context(|| format!("reading {}", f.display()))?;
        eprintln!("khabar: {} documents from {}", docs.len(), f.display());
        gold.extend(docs);
    }
    Ok(khabar::eval::coder::analyze(an, gold))
}

/// Writes a coder model, packed when `out` ends in .zst (as the shipped `coder.txt.zst`).
fn write_coder(out: &Path, text: String) -> Result<()> {
    let bytes = if out.extension().is_some_and(|e| e == "zst") {
        zstd::encode_all(text.as_bytes(), 19).context("packing the coder model")?
    } else {
        text.into_bytes()
    };
    std::fs::write(out, bytes).with_context(|| format!("writing {}", out.display()))?;
    eprintln!(
        "khabar: wrote the coder model to {} (rebuild to embed it)",
        out.display()
    );
    Ok(())
}

/// `khabar eval events --train-when OUT --on FILE…`: the coder model in use (shipped, or from
/// `--models`) with its background model trained anew on the files; the rest unchanged.
fn train_when_cmd(out: &Path, on: &[PathBuf], corpus: &Path, folds: usize) -> Result<ExitCode> {
    let an = crate::cmd::analyzer();
    let docs = training_docs(&an, on, corpus)?;
    let (report, when, floor) = khabar::eval::when::train(&docs, folds);
    print!("{report}");
    let text = &crate::cmd::resources().coder;
    // the model's own header lines stay; the background model's source is said after them
    let header: String = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut model = khabar_extract::learned::Model::from_text(text);
    (model.when, model.when_floor) = (when, floor);
    let body = model.to_text("");
    let body = body.strip_prefix("# \n").unwrap_or(&body);
    let names: Vec<&str> = on
        .iter()
        .filter_map(|p| p.file_name().and_then(|n| n.to_str()))
        .collect();
    let text = format!(
        "{header}# background model trained by `khabar eval events --train-when` on {} ({} documents)\n{body}",
        names.join(", "),
        docs.len()
    );
    write_coder(out, text)?;
    Ok(ExitCode::SUCCESS)
}

/// `khabar eval events --train-coder OUT --on FILE…`: cross-validates the learned layer, then fits it
/// on every document and writes the model.
fn train_coder_cmd(out: &Path, on: &[PathBuf], corpus: &Path, folds: usize) -> Result<ExitCode> {
    let mut an = crate::cmd::analyzer();
    // candidates come from the rules alone
    let lx = an.extractor().lx.clone();
    an.extractor_mut().layer =
        khabar_extract::learned::Layer::new(&lx, khabar_extract::learned::Model::from_text(""));
    let mut docs = training_docs(&an, on, corpus)?;
    // thresholds and the vetting model are fitted for the mode the model will run in
    // (KHABAR_CODER, else the default mode)
    let mode = std::env::var("KHABAR_CODER")
        .ok()
        .and_then(|v| khabar_extract::learned::Mode::parse(&v))
        .filter(|m| *m != khabar_extract::learned::Mode::Rules)
        .unwrap_or(khabar_extract::learned::MODE_DEFAULT);
    let (report, model) =
        khabar::eval::coder::train(&mut docs, folds, &lx, &an.extractor().gaz, mode);
    print!("{report}");
    let names: Vec<String> = on
        .iter()
        .map(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("?")
                .to_string()
        })
        .collect();
    let header = format!(
        "source: learned coder layer trained by `khabar eval events --train-coder` on {} ({} documents); keep thresholds and the vetting model from {folds}-fold cross-validation in {mode:?} mode",
        names.join(", "),
        docs.len()
    );
    // the shipped copy is `data/models/coder.txt.zst`: an OUT ending in .zst is written packed
    write_coder(out, model.to_text(&header))?;
    Ok(ExitCode::SUCCESS)
}
