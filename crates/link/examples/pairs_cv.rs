//! Cross-validated Pearson of the pair model on a SemEval-style pairs file
//! using the word features only (entities, places, dates and events left
//! empty; the CLI fills them from khabar's analysis).
//!
//! cargo run -p khabar-link --release --example pairs_cv -- PAIRS.jsonl [FOLDS]

use khabar_link::*;
use khabar_text::Segmenter;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: pairs_cv PAIRS.jsonl [FOLDS]");
    let folds: usize = args.next().map_or(10, |f| f.parse().expect("folds"));
    let text = std::fs::read_to_string(&path).expect("read");
    let seg = Segmenter::builtin();
    let mut docs = Vec::new();
    let mut y = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("json");
        let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
        let f = |k: &str| v[k].as_f64().unwrap_or(2.5);
        let doc = |t: &str, b: &str| DocFeatures {
            words: content_words(seg, &format!("{}\n{}", s(t), s(b))),
            ..Default::default()
        };
        docs.push((doc("title1", "text1"), doc("title2", "text2")));
        y.push([
            f("geography"),
            f("entities"),
            f("time"),
            f("narrative"),
            f("overall"),
        ]);
    }
    let idf = Idf::fit(
        docs.iter()
            .flat_map(|(a, b)| [a.words.as_slice(), b.words.as_slice()]),
    );
    let x: Vec<Vec<f64>> = docs
        .iter()
        .map(|(a, b)| features_similarity(a, b, &idf))
        .collect();
    let overall: Vec<f64> = y.iter().map(|r| r[4]).collect();
    for (j, name) in FEATURE_NAMES.iter().enumerate() {
        let col: Vec<f64> = x.iter().map(|r| r[j]).collect();
        println!("{name:24} r(overall) = {:+.3}", pearson(&col, &overall));
    }
    let base: Vec<f64> = x
        .iter()
        .map(|r| PairModel::baseline().predict(r).overall)
        .collect();
    println!(
        "baseline model r(overall) = {:.3}",
        pearson(&base, &overall)
    );
    for lambda in [0.1, 1.0, 3.0, 10.0, 30.0, 100.0] {
        let mut mean = [0.0; 5];
        for seed in 0..10 {
            let r = cross_validate_with(&x, &y, folds, seed, lambda);
            for k in 0..5 {
                mean[k] += r[k] / 10.0;
            }
        }
        println!(
            "lambda {lambda:6}: {:?} ({OUTPUTS:?}, mean of 10 seeds)",
            mean.map(|v| (v * 1000.0).round() / 1000.0)
        );
    }
}
