//! The command line as users and scripts call it: output contract, offsets,
//! diagnostics and exit codes.

use std::io::Write;
use std::process::{Command, Stdio};

fn khabar(args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        // the process may exit before reading (usage errors)
        let _ = child.stdin.take().unwrap().write_all(input);
    } else {
        drop(child.stdin.take());
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn char_slice(s: &str, start: usize, end: usize) -> String {
    s.chars().skip(start).take(end - start).collect()
}

#[test]
fn analyze_examples_contract() {
    let (code, out, err) = khabar(&["analyze", "examples", "--quiet"], None);
    assert_eq!(code, 0, "{err}");
    let docs: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 2, "{err}");
    for d in &docs {
        for key in [
            "doc_id",
            "published",
            "title",
            "source",
            "text",
            "sentences",
            "tokens",
        ] {
            assert!(d.get(key).is_some(), "missing {key}");
        }
        let text = d["text"].as_str().unwrap();
        for t in d["tokens"].as_array().unwrap() {
            let (s, e) = (
                t["start"].as_u64().unwrap() as usize,
                t["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(char_slice(text, s, e), t["text"].as_str().unwrap());
        }
        assert!(!d["sentences"].as_array().unwrap().is_empty());
    }
    assert_eq!(docs[0]["doc_id"], "000_a5b5b01d5677f13f.txt");
    assert_eq!(docs[0]["published"], "2020-11-08");
    assert!(!docs[1]["text"].as_str().unwrap().contains("quot;"));
}

#[test]
fn published_flag_and_stdin() {
    let (code, out, _) = khabar(
        &["analyze", "-", "--published", "2020-11-08", "--quiet"],
        Some("وصل الوزير إلى طهران.".as_bytes()),
    );
    assert_eq!(code, 0);
    let d: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(d["published"], "2020-11-08");
    let (code, _, err) = khabar(&["analyze", "-", "--published", "yesterday"], Some(b"x"));
    assert_eq!(code, 2, "{err}");
}

#[test]
fn bad_input_is_reported_counted_and_skipped() {
    let input = "{\"id\":\"a\",\"text\":\"وصل الوزير.\"}\n{broken\n{\"id\":\"b\",\"text\":\"\"}\n{\"id\":\"c\",\"text\":\"غادر الوفد.\"}\n";
    let (code, out, err) = khabar(&["analyze", "-", "--quiet"], Some(input.as_bytes()));
    assert_eq!(code, 1, "some inputs skipped → exit 1");
    assert_eq!(out.lines().count(), 2, "the good articles still come out");
    assert!(err.contains("-:2: broken_json"), "{err}");
    assert!(err.contains("-:3: empty"), "{err}");
    assert!(err.contains("read 2 articles, skipped 2"), "{err}");
}

#[test]
fn clean_json_reports_removals() {
    let (code, out, _) = khabar(
        &["clean", "--json", "examples/001_0acd3c927d4d0c19.txt"],
        None,
    );
    assert_eq!(code, 0);
    let d: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    let removed = d["removed"].as_array().unwrap();
    assert!(removed
        .iter()
        .any(|r| r["reason"] == "entity" && r["text"] == "quot;"));
    assert!(d["metadata"].is_object());
}

#[test]
fn usage_error_exits_2() {
    let (code, _, _) = khabar(&["analyze"], None);
    assert_eq!(code, 2);
}

#[test]
fn demo_runs() {
    let (code, out, err) = khabar(&["demo"], None);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("000_a5b5b01d5677f13f.txt"));
}

#[test]
fn eval_events_sentences_scores_and_trains() {
    // a tiny crowd-labelled file of our own: two clear reports, two non-reports
    let dir = std::env::temp_dir().join(format!("khabar-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("sentences.jsonl");
    let rows = [
        (
            "ASSAULT",
            "yes",
            3,
            0,
            "وقتل مسلحون خمسة جنود في هجوم على نقطة تفتيش شمال بغداد أمس.",
        ),
        (
            "ASSAULT",
            "easy no",
            0,
            3,
            "وتناول الفيلم قصة اغتيال الرئيس في الستينات.",
        ),
        (
            "PROTEST",
            "yes",
            3,
            0,
            "وتظاهر آلاف الأشخاص أمس أمام البرلمان احتجاجا على القانون الجديد.",
        ),
        (
            "PROTEST",
            "easy no",
            0,
            3,
            "ويحظر القانون التظاهر دون ترخيص مسبق.",
        ),
        (
            "PROTEST",
            "ambiguous",
            2,
            1,
            "وتجمع عشرات الطلاب في ساحة الجامعة مطالبين بالإفراج عن زملائهم.",
        ),
    ];
    let mut s = String::new();
    for (i, (class, label, yes, no, text)) in rows.iter().enumerate() {
        s.push_str(&format!(
            "{{\"id\":\"s{i}\",\"event_type\":\"{class}\",\"crowd_label\":\"{label}\",\"accept\":{yes},\"reject\":{no},\"text\":\"{text}\"}}\n"
        ));
    }
    std::fs::write(&file, s).unwrap();
    let f = file.to_str().unwrap();
    let (code, out, err) = khabar(&["eval", "events", "--sentences", f], None);
    assert_eq!(code, 0, "{err}");
    for line in ["ASSAULT", "PROTEST", "left out of scoring"] {
        assert!(out.contains(line), "{out}");
    }
    // training writes a model whose header says what it was fitted on, and
    // reports cross-validated figures first
    let model = dir.join("model.txt");
    let (code, out, err) = khabar(
        &[
            "eval",
            "events",
            "--sentences",
            f,
            "--train",
            model.to_str().unwrap(),
            "--folds",
            "2",
            "--repeats",
            "2",
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2-fold cross-validated detection"), "{out}");
    let text = std::fs::read_to_string(&model).unwrap();
    assert!(
        text.starts_with("# source: per-class L2 logistic regression"),
        "{text}"
    );
    assert!(text.contains("threshold:14\t"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}
