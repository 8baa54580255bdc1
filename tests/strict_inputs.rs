//! Issue 14: exports that don't cut and strict inputs. Every lenient case of item 8 answers
//! 400 (API) naming its parameter, and exits 2 with the same message (CLI); `khabar events
//! --format csv` has one line per stored event plus the header; the API's CSV download holds
//! exactly its total.

mod common;

use common::{khabar, start};
use std::io::{Read, Write};
use std::net::TcpStream;

fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let buf = String::from_utf8_lossy(&buf).into_owned();
    let status: u16 = buf.split(' ').nth(1).unwrap().parse().unwrap();
    let (head, body) = buf.split_once("\r\n\r\n").unwrap_or((&buf, ""));
    // chunked bodies: keep only the data lines
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        let mut out = String::new();
        let mut rest = body;
        while let Some((size, tail)) = rest.split_once("\r\n") {
            let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
            if n == 0 {
                break;
            }
            out.push_str(&tail[..n]);
            rest = &tail[n + 2..];
        }
        out
    } else {
        body.to_string()
    };
    (status, body)
}

fn ingest_examples(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("k.db");
    let st = khabar()
        .args(["ingest", "examples", "--quiet", "--db"])
        .arg(&db)
        .status()
        .unwrap();
    assert!(st.success());
    db
}

#[test]
fn bad_values_answer_400_and_exit_2_with_the_same_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingest_examples(dir.path());
    let srv = start(&db, &[]);
    // (API query, CLI arguments or none, the parameter the message must name)
    let cases: &[(&str, Option<&[&str]>, &str)] = &[
        ("from=July", Some(&["--from", "July"]), "from"),
        ("from=2015-13-45", Some(&["--from", "2015-13-45"]), "from"),
        ("from=abc", Some(&["--from", "abc"]), "from"),
        ("root=abc", Some(&["--root", "abc"]), "root"),
        ("quad=9", Some(&["--quad", "9"]), "quad"),
        ("modality=bogus", Some(&["--modality", "bogus"]), "modality"),
        ("target=_", Some(&["--target", "_"]), "target"),
        ("actor=%25", Some(&["--actor", "%"]), "actor"),
        ("source=IR%25", Some(&["--source", "IR%"]), "source"),
        ("bogus=1", None, "bogus"),
        ("quad=1&quad=2", None, "quad"),
        ("limit=0", None, "limit"),
        ("format=xml", None, "format"),
    ];
    for (query, cli, param) in cases {
        let (st, body) = get(&srv.1, &format!("/api/events?{query}"));
        assert_eq!(st, 400, "{query}: {body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        let msg = v["error"].as_str().unwrap();
        assert!(
            msg.contains(param),
            "{query}: {msg:?} does not name {param}"
        );
        if let Some(args) = cli {
            let out = khabar()
                .args(["events", "--db"])
                .arg(&db)
                .args(*args)
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
            assert!(out.stdout.is_empty(), "{args:?} printed rows");
            assert!(err.contains(msg), "{args:?}: {err:?} is not {msg:?}");
        }
    }
    // the other endpoints refuse unknown parameters and bad values too
    for path in [
        "/api/timeline?source=IRN&target=IRQ&from=July",
        "/api/timeline?source=IRN&target=IRQ&colour=red",
        "/api/timeline?source=IR_&target=IRQ",
        "/api/map?quad=9",
        "/api/network?root=abc",
        "/api/search?q=x&page=2",
        "/api/stories?colour=red",
    ] {
        let (st, body) = get(&srv.1, path);
        assert_eq!(st, 400, "{path}: {body}");
    }
    // the literal code still finds its events
    let (st, body) = get(&srv.1, "/api/events?actor=IRN");
    assert_eq!(st, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(v["total"].as_i64().unwrap() > 0, "{body}");
}

#[test]
fn exports_hold_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingest_examples(dir.path());
    let stored: usize = {
        let out = khabar()
            .args(["events", "--format", "jsonl", "--db"])
            .arg(&db)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).lines().count()
    };
    assert!(stored > 0);
    let csv = khabar()
        .args(["events", "--format", "csv", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(csv.status.success());
    let csv = String::from_utf8_lossy(&csv.stdout).into_owned();
    assert_eq!(csv.lines().count(), stored + 1, "CSV rows + header");
    let header = csv.lines().next().unwrap();
    assert!(
        header.starts_with("doc_id,event_id,date,")
            && header.ends_with(
                ",url,outlet,published,title,date_precision,num_mentions,num_sources,num_articles"
            ),
        "{header}"
    );
    let limited = khabar()
        .args(["events", "--format", "csv", "--limit", "1", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&limited.stdout).lines().count(), 2);

    // the API: the page's total, and a download of exactly that many rows
    let srv = start(&db, &[]);
    let (st, body) = get(&srv.1, "/api/events?actor=IRN&limit=1");
    assert_eq!(st, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let total = v["total"].as_u64().unwrap() as usize;
    assert_eq!(v["items"].as_array().unwrap().len(), 1);
    let (st, body) = get(&srv.1, "/api/events?actor=IRN&format=csv");
    assert_eq!(st, 200);
    assert_eq!(body.lines().count(), total + 1, "{body}");
    let (st, body) = get(&srv.1, "/api/events?actor=IRN&format=jsonl");
    assert_eq!(st, 200);
    assert_eq!(body.lines().count(), total);
    let (_, body) = get(&srv.1, "/api/events?format=csv");
    assert_eq!(body.lines().count(), stored + 1);
    // streamed as the rows are read: chunked, no length known before the end
    let mut s = TcpStream::connect(&srv.1).unwrap();
    write!(
        s,
        "GET /api/events?format=jsonl HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).to_ascii_lowercase();
    let head = raw.split("\r\n\r\n").next().unwrap();
    assert!(
        head.contains("transfer-encoding: chunked") && !head.contains("content-length"),
        "{head}"
    );
    assert!(raw.ends_with("0\r\n\r\n"), "the stream did not end whole");
    // an actor's timeline: its bars open the explorer with the same filters
    let (st, svg) = get(
        &srv.1,
        "/api/timeline?actor=IRN&quad=1,4&by=year&format=svg",
    );
    assert_eq!(st, 200, "{svg}");
    let href = svg
        .split(r#"class="bar" href=""#)
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("no bar link")
        .replace("&amp;", "&");
    assert!(
        href.contains("actor=IRN") && href.contains("quad=1,4"),
        "{href}"
    );
    let bar_events: i64 = svg
        .split(r#"data-events=""#)
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .parse()
        .unwrap();
    let (_, body) = get(
        &srv.1,
        &format!("/api{}&limit=1", href.replace("/explore", "/events")),
    );
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["total"].as_i64(), Some(bar_events), "{href}: {body}");
}

/// Issue 14, item 12: empty articles are reported and counted but do not fail the run; a
/// broken line still does; ingest's summary says how many events it added.
#[test]
fn empty_articles_do_not_fail_a_run() {
    let run = |input: &str, args: &[&str]| {
        let mut c = khabar()
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        c.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        let out = c.wait_with_output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let empty = "{\"id\":\"a\",\"text\":\"وصل وزير الخارجية الإيراني إلى بغداد.\"}\n{\"id\":\"b\",\"text\":\"\"}\n";
    let (code, err) = run(empty, &["analyze", "-", "--quiet"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("-:2: empty") && err.contains("skipped 1"),
        "{err}"
    );
    let (code, err) = run(&format!("{empty}{{broken\n"), &["analyze", "-", "--quiet"]);
    assert_eq!(code, Some(1), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let (code, err) = run(
        empty,
        &["ingest", "-", "--quiet", "--db", db.to_str().unwrap()],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("articles added (") && err.contains(" events)"),
        "{err}"
    );
}
