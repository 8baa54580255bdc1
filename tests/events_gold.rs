//! `khabar eval events --gold`, `--train-coder` and `eval review` through the binary: the gold scorer
//! reports the reference scorer's figures (`../shared/tools/score_gold.py`), our offsets annotations
//! rebuild from the corpus, a small gold file of our own scores and trains, and a review sheet is drawn
//! and tallied. Parts that need `../shared` or python3 skip with a message.

mod common;
use common::khabar;
use std::path::Path;

fn stdout_of(cmd: &mut std::process::Command) -> String {
    let out = cmd.output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// A gold file of our own sentences (not corpus text): two events and one must_not.
fn small_gold(dir: &Path) -> std::path::PathBuf {
    let doc = serde_json::json!({"documents": [{
        "doc_id": "d1", "published": "2015-08-01", "title": "",
        "text": "والتقى الرئيس المصري عبد الفتاح السيسي وزير الخارجية الأمريكي جون كيري في القاهرة. وأدان وزير الخارجية السعودي عادل الجبير الهجوم على المسجد.",
        "must_not": [], "events": [
            {"id": "e1", "source": "EGY", "target": "USA", "root": "04", "codes": ["040", "042", "043"],
             "evidence": "والتقى الرئيس المصري عبد الفتاح السيسي", "optional": false, "symmetric": true,
             "alt_roots": [], "evidence_alt": [], "source_alt": [], "target_alt": []},
            {"id": "e2", "source": "SAU", "target": "---", "root": "11", "codes": ["110", "111"],
             "evidence": "وأدان وزير الخارجية السعودي عادل الجبير", "optional": false, "symmetric": false,
             "alt_roots": [], "evidence_alt": [], "source_alt": [], "target_alt": []}]}]});
    let p = dir.join("small.json");
    std::fs::write(&p, doc.to_string()).unwrap();
    p
}

#[test]
fn gold_scoring_of_a_small_file() {
    let dir = tempfile::tempdir().unwrap();
    let gold = small_gold(dir.path());
    let out = stdout_of(khabar().args(["eval", "events", "--gold"]).arg(&gold));
    assert!(
        out.contains("(2 required)") || out.contains("/2 required)"),
        "{out}"
    );
    assert!(
        out.contains("by root 04:1/1 11:"),
        "the meeting is found: {out}"
    );
    assert!(out.lines().any(|l| l.starts_with("errors:")), "{out}");
    let details = dir.path().join("d.jsonl");
    stdout_of(
        khabar()
            .args(["eval", "events", "--gold"])
            .arg(&gold)
            .arg("--details")
            .arg(&details),
    );
    let d = std::fs::read_to_string(&details).unwrap();
    assert!(d.contains("\"status\":\"found\""), "{d}");
}

#[test]
fn gold_scoring_matches_the_reference_scorer() {
    let gold = Path::new("../shared/eval/saudi_events.dev.json");
    let script = Path::new("../shared/tools/score_gold.py");
    if !gold.exists() || !script.exists() {
        eprintln!("skipping: ../shared/eval or ../shared/tools not found");
        return;
    }
    let Ok(py) = std::process::Command::new("python3")
        .arg(script)
        .arg(gold)
        .arg(env!("CARGO_BIN_EXE_khabar"))
        .output()
    else {
        eprintln!("skipping: python3 not found");
        return;
    };
    let reference = String::from_utf8_lossy(&py.stdout).to_string();
    let ours = stdout_of(khabar().args(["eval", "events", "--gold"]).arg(gold));
    for line in reference
        .lines()
        .filter(|l| l.starts_with("gold:") || l.starts_with("by root"))
    {
        assert!(
            ours.lines().any(|l| l == line),
            "reference line {line:?} missing from\n{ours}"
        );
    }
}

#[test]
fn our_annotations_rebuild_from_the_corpus() {
    let corpus = Path::new("../shared/corpora/saudinewsnet.jsonl.gz");
    if !corpus.exists() {
        eprintln!("skipping: {} not found", corpus.display());
        return;
    }
    let docs =
        khabar::eval::coder::load(Path::new("data/train/events-002.jsonl"), corpus).expect("loads");
    assert_eq!(docs.len(), 420);
    let mut events = 0;
    for d in &docs {
        let text = d["text"].as_str().unwrap();
        for e in d["events"].as_array().unwrap() {
            events += 1;
            let ev = e["evidence"].as_str().expect("evidence offsets resolve");
            assert!(text.contains(ev));
            if let Some(t) = e["trigger"].as_str() {
                assert!(ev.contains(t), "trigger {t} outside {ev}");
            }
        }
    }
    assert!(events >= 1300, "{events}");
}

#[test]
fn coder_trains_on_a_small_file_and_review_sheets_tally() {
    let dir = tempfile::tempdir().unwrap();
    let gold = small_gold(dir.path());
    let model = dir.path().join("coder.txt");
    stdout_of(
        khabar()
            .args(["eval", "events", "--train-coder"])
            .arg(&model)
            .arg("--on")
            .arg(&gold)
            .args(["--folds", "0"]),
    );
    let m = std::fs::read_to_string(&model).unwrap();
    assert!(m.starts_with("# source: learned coder layer"), "{m}");
    assert!(m.contains("[roots]") && m.contains("[source]") && m.contains("[target]"));

    let sheet = dir.path().join("sheet.md");
    khabar()
        .args([
            "eval",
            "review",
            "examples/",
            "--sample",
            "5",
            "--seed",
            "7",
            "--out",
        ])
        .arg(&sheet)
        .output()
        .unwrap();
    let s = std::fs::read_to_string(&sheet).unwrap();
    assert_eq!(s.matches("\n## ").count(), 5, "{s}");
    assert!(s.contains("- sentence: ") && s.contains("- coding: "));
    // drawn only from the events a `--min-confidence` filter keeps: none above 1, fewer above 0.9
    let draw = |min: &str| {
        khabar()
            .args(["eval", "review", "examples/", "--sample", "500"])
            .args(["--min-confidence", min, "--out"])
            .arg(&sheet)
            .output()
            .unwrap();
        let s = std::fs::read_to_string(&sheet).unwrap();
        (s.matches("\n## ").count(), s)
    };
    let (all, _) = draw("0");
    let (sure, s) = draw("0.9");
    assert!(sure > 0 && sure < all, "{sure} of {all}");
    assert!(
        s.contains(&format!(
            "of {sure} emitted with confidence ≥ 0.9 ({all} in all)"
        )),
        "{s}"
    );
    assert_eq!(draw("1.01").0, 0);
    let verdicts = dir.path().join("v.md");
    std::fs::write(
        &verdicts,
        "1. ✓ | ok\n2. ✗d | swapped\n3. ✗ | no event\n4. ✓ | ok\n5. ✗m | date\n",
    )
    .unwrap();
    let out = stdout_of(
        khabar()
            .args(["eval", "review", "--verdicts"])
            .arg(&verdicts),
    );
    assert!(
        out.contains("verdicts: 5 · ✓ 2 · ✗d 1 · ✗m 1 · ✗ 1 · precision 0.40"),
        "{out}"
    );
}
