//! `khabar serve` end to end over HTTP: search, article spans, clear 4xx errors, the RTL UI,
//! the token rule.

mod common;

use common::{khabar, start};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::Stdio;

fn get(addr: &str, path: &str, auth: Option<&str>) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    let auth = auth
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\n{auth}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = String::new();
    s.read_to_string(&mut buf).unwrap();
    let status: u16 = buf.split(' ').nth(1).unwrap().parse().unwrap();
    let body = buf
        .split_once("\r\n\r\n")
        .map(|x| x.1.to_string())
        .unwrap_or_default();
    (status, body)
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[test]
fn api_and_ui() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    assert!(khabar()
        .args(["ingest", "examples", "--quiet", "--db"])
        .arg(&db)
        .status()
        .unwrap()
        .success());
    let srv = start(&db, &[]);
    let (st, body) = get(
        &srv.1,
        &format!("/api/search?q={}", enc("الحرس الثوري")),
        None,
    );
    assert_eq!(st, 200, "{body}");
    assert!(body.contains("001_0acd3c927d4d0c19.txt"), "{body}");
    let (st, body) = get(&srv.1, "/api/articles/001_0acd3c927d4d0c19.txt", None);
    assert_eq!(st, 200);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["code"] == "IRNMIL"));
    assert!(!v["events"].as_array().unwrap().is_empty());
    let (st, body) = get(&srv.1, "/api/events?quad=9", None);
    assert_eq!(st, 400);
    assert!(body.contains("quad"), "{body}");
    assert_eq!(get(&srv.1, "/api/events?limit=100000", None).0, 400);
    assert_eq!(get(&srv.1, "/api/timeline?source=IRN", None).0, 400);
    assert_eq!(get(&srv.1, "/api/articles/nope", None).0, 404);
    let (st, body) = get(
        &srv.1,
        "/api/timeline?source=IRQ&target=IRN&format=svg",
        None,
    );
    assert_eq!(st, 200);
    assert!(body.contains("<svg"));
    let (st, body) = get(&srv.1, "/", None);
    assert_eq!(st, 200);
    assert!(body.contains(r#"dir="rtl""#));
    assert_eq!(get(&srv.1, "/openapi.json", None).0, 200);
}

#[test]
fn token_rules() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    assert!(khabar()
        .args(["ingest", "examples", "--quiet", "--db"])
        .arg(&db)
        .status()
        .unwrap()
        .success());
    let out = khabar()
        .args(["serve", "--bind", "0.0.0.0", "--port", "0", "--db"])
        .arg(&db)
        .env_remove("KHABAR_TOKEN")
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "a public address without a token must be refused"
    );
    let srv = start(&db, &["--token", "s3cret"]);
    assert_eq!(get(&srv.1, "/api/events", None).0, 401);
    assert_eq!(get(&srv.1, "/api/events", Some("s3cret")).0, 200);
}

/// Issue 16, item 4: a blank or short token does not open a public address.
/// The first stderr line says whether the server refused or started.
#[test]
fn blank_and_short_tokens_are_refused_off_loopback() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    assert!(khabar()
        .args(["ingest", "examples", "--quiet", "--db"])
        .arg(&db)
        .status()
        .unwrap()
        .success());
    let first_line = |token: Option<&str>, env: Option<&str>| {
        let mut cmd = khabar();
        cmd.args(["serve", "--bind", "0.0.0.0", "--port", "0", "--db"])
            .arg(&db)
            .env_remove("KHABAR_TOKEN")
            .stderr(Stdio::piped());
        if let Some(t) = token {
            cmd.args(["--token", t]);
        }
        if let Some(e) = env {
            cmd.env("KHABAR_TOKEN", e);
        }
        let mut child = cmd.spawn().unwrap();
        let mut line = String::new();
        BufReader::new(child.stderr.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        let _ = child.kill();
        let status = child.wait().unwrap();
        (line, status.success())
    };
    for (token, env) in [
        (Some(""), None),
        (Some("   "), None),
        (None, Some("")),
        (Some("s3cret"), None),
        (None, Some("fifteen-chars-x")),
    ] {
        let (line, _) = first_line(token, env);
        assert!(
            line.contains("refusing") && line.contains("16"),
            "{token:?}/{env:?}: {line}"
        );
    }
    let (line, _) = first_line(Some("a-long-enough-token-1234"), None);
    assert!(line.contains("serving http://"), "{line}");
}
