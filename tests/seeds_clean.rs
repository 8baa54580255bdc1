//! The seed articles clean to their golden files, lose every residue that
//! `gold.json` lists, and keep every sentence of real text.
//! Regenerate the golden files with `UPDATE_GOLDEN=1 cargo test --test seeds_clean`.

use khabar_text::clean;
use std::path::Path;

const SEEDS: &[&str] = &["000_a5b5b01d5677f13f.txt", "001_0acd3c927d4d0c19.txt"];

fn golden(name: &str, actual: &str) {
    let path = Path::new("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing golden file {}", path.display()));
    assert_eq!(
        actual,
        expected,
        "{} differs from the golden file",
        path.display()
    );
}

#[test]
fn seeds_match_golden_files() {
    for name in SEEDS {
        let raw = std::fs::read_to_string(Path::new("examples").join(name)).unwrap();
        let c = clean(&raw);
        golden(&format!("{name}.clean"), &c.text);
        let removed: Vec<String> = c
            .removed
            .iter()
            .map(|r| {
                format!(
                    "{}\t{}\t{:?}\t{}",
                    r.start,
                    r.end,
                    r.reason,
                    &raw[r.start..r.end]
                )
            })
            .collect();
        golden(&format!("{name}.removed"), &(removed.join("\n") + "\n"));
    }
}

fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

#[test]
fn seeds_lose_residue_and_keep_sentences() {
    let gold_path = Path::new("../shared/seeds/gold.json");
    let Ok(gold) = std::fs::read_to_string(gold_path) else {
        eprintln!("skipped: ../shared/seeds/gold.json is absent");
        return;
    };
    let gold: serde_json::Value = serde_json::from_str(&gold).unwrap();
    for doc in gold["documents"].as_array().unwrap() {
        let file = doc["file"].as_str().unwrap();
        let raw = std::fs::read_to_string(Path::new("../shared/seeds").join(file)).unwrap();
        let c = clean(&raw);
        let noise: Vec<&str> = doc["noise_to_remove"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        for n in &noise {
            assert!(
                !c.text.contains(n),
                "{file}: residue {n:?} left in the cleaned text"
            );
        }
        // every raw line of real text survives, word for word, once residue is taken out
        let clean_words = words(&c.text).join(" ");
        for line in raw.lines() {
            let mut l = line.replace("rlm;", "").replace("quot;", "\"");
            for n in &noise {
                if l.trim() == *n {
                    l.clear();
                }
            }
            if l.trim().is_empty() || l.trim_start().starts_with("المصدر") {
                continue;
            }
            let w = words(&l).join(" ");
            assert!(
                clean_words.contains(&w),
                "{file}: sentence lost or altered: {w}"
            );
        }
        if let Some(attr) = doc["source_attribution"].as_array() {
            // the attribution line's names are kept as metadata (إرنا comes from the body, not that line)
            for a in attr.iter().filter_map(|v| v.as_str()) {
                assert!(
                    c.attribution.iter().any(|x| x == a) || c.text.contains(a),
                    "{file}: attribution {a} lost"
                );
            }
        }
    }
}
