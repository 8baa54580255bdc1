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

/// Sends raw bytes, returns the status, the content type and the body.
fn raw(addr: &str, request: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut buf = String::new();
    s.read_to_string(&mut buf).unwrap();
    let status: u16 = buf.split(' ').nth(1).unwrap().parse().unwrap();
    let (head, body) = buf.split_once("\r\n\r\n").unwrap_or((&buf, ""));
    let ctype = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-type: ")
                .map(str::to_string)
        })
        .unwrap_or_default();
    (status, ctype, body.to_string())
}

fn ingested(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("k.db");
    assert!(khabar()
        .args(["ingest", "examples", "--quiet", "--db"])
        .arg(&db)
        .status()
        .unwrap()
        .success());
    db
}

/// Issue 16, items 5 and 2: every error is JSON with its status (a bad
/// percent-encoded path was plain text, a wrong method an empty body), a
/// deep search page is refused, and a damaged store is a 500 that says so
/// (it was 400 "sqlite: Conversion error").
#[test]
fn every_error_is_json_and_damage_is_a_5xx() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingested(dir.path());
    let srv = start(&db, &[]);
    let a = &srv.1;
    for (req, want) in [
        (format!("GET /api/articles/%FF%FE HTTP/1.1\r\nHost: {a}\r\nConnection: close\r\n\r\n"), 400),
        (format!("POST /api/search?q=x HTTP/1.1\r\nHost: {a}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), 405),
        (format!("GET /api/search?q=%D9%81%D9%8A&limit=500&offset=29000 HTTP/1.1\r\nHost: {a}\r\nConnection: close\r\n\r\n"), 400),
        (format!("GET /api/nothing HTTP/1.1\r\nHost: {a}\r\nConnection: close\r\n\r\n"), 404),
        // answered by hyper before any handler (it was 414 with an empty body)
        (format!("GET /api/search?q={} HTTP/1.1\r\nHost: {a}\r\nConnection: close\r\n\r\n", "a".repeat(100_000)), 414),
        ("NOT HTTP AT ALL\r\n\r\n".to_string(), 400),
    ] {
        let (status, ctype, body) = raw(a, &req);
        assert_eq!(status, want, "{req}: {body}");
        assert!(ctype.starts_with("application/json"), "{req}: {ctype} {body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["status"], want, "{body}");
        assert!(v["error"].as_str().is_some_and(|e| !e.is_empty()), "{body}");
    }
    drop(srv);

    // a value of the wrong type where the schema has a number
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute("UPDATE events SET goldstein = 'x'", []).unwrap();
    drop(c);
    let srv = start(&db, &[]);
    let (status, body) = get(&srv.1, "/api/events", None);
    assert_eq!(status, 500, "{body}");
    assert!(body.contains("damaged"), "{body}");
}

/// Issue 16, item 7: an idle connection and one trickling its headers are
/// closed by the server (they stayed open 25 s and more).
#[test]
fn idle_and_trickling_connections_are_closed() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingested(dir.path());
    let srv = start(&db, &["--idle-timeout", "1", "--header-timeout", "1"]);
    // idle: the server closes it; the read timeout only keeps a broken
    // server from hanging the test
    let mut s = TcpStream::connect(&srv.1).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .unwrap();
    let mut buf = [0u8; 256];
    let n = s
        .read(&mut buf)
        .expect("closed by the server, not timed out here");
    let answer = String::from_utf8_lossy(&buf[..n]);
    assert!(n == 0 || answer.starts_with("HTTP/1.1 408"), "{answer}");

    // trickling: a header line every 200 ms never completes the request
    let mut s = TcpStream::connect(&srv.1).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_millis(200)))
        .unwrap();
    s.write_all(b"GET /api/search?q=x HTTP/1.1\r\n").unwrap();
    let mut closed = false;
    for i in 0..300 {
        if s.write_all(format!("X-{i}: y\r\n").as_bytes()).is_err() {
            closed = true;
            break;
        }
        match s.read(&mut buf) {
            Ok(0) => {
                closed = true;
                break;
            }
            Ok(n) => {
                let answer = String::from_utf8_lossy(&buf[..n]).to_string();
                assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
                closed = true;
                break;
            }
            Err(e)
                if e.kind() == std::io::ErrorKind::WouldBlock
                    || e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(_) => {
                closed = true;
                break;
            }
        }
    }
    assert!(closed, "a trickling client kept its connection for 60 s");
}

/// Issue 16, item 7: past `--max-connections` a client waits to be
/// accepted and is served once a slot frees. (B cannot be answered while A
/// holds the only slot, so the check cannot flake; A's round trip first
/// gives a server without the limit the time to answer B.)
#[test]
fn connections_over_the_limit_wait_for_a_free_slot() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingested(dir.path());
    let srv = start(&db, &["--max-connections", "1"]);
    let req = format!(
        "GET /api/timeline?source=IRN&target=IRQ HTTP/1.1\r\nHost: {}\r\n\r\n",
        srv.1
    );
    // one whole answer: the head, then content-length bytes of body
    let answer = |s: &mut TcpStream| {
        let mut got = Vec::new();
        let mut one = [0u8; 1];
        while !got.ends_with(b"\r\n\r\n") {
            assert_eq!(s.read(&mut one).unwrap(), 1, "closed mid-head");
            got.push(one[0]);
        }
        let head = String::from_utf8_lossy(&got).to_ascii_lowercase();
        let len: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length: "))
            .and_then(|v| v.trim().parse().ok())
            .expect("content-length");
        let mut body = vec![0u8; len];
        s.read_exact(&mut body).unwrap();
        head
    };
    let mut a = TcpStream::connect(&srv.1).unwrap();
    a.write_all(req.as_bytes()).unwrap();
    assert!(answer(&mut a).starts_with("http/1.1 200"));
    let mut b = TcpStream::connect(&srv.1).unwrap();
    b.write_all(req.as_bytes()).unwrap();
    a.write_all(req.as_bytes()).unwrap();
    assert!(answer(&mut a).starts_with("http/1.1 200"));
    b.set_nonblocking(true).unwrap();
    let mut one = [0u8; 1];
    match b.read(&mut one) {
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        other => panic!("served over the connection limit: {other:?}"),
    }
    b.set_nonblocking(false).unwrap();
    drop(a);
    assert!(answer(&mut b).starts_with("http/1.1 200"));
}

/// Places over HTTP: `/api/map` counts events per feature, `bbox` and `place` filter
/// `/api/events`, a bad box is a 400, and the map page and its outlines are served.
#[test]
fn map_api_bbox_and_place() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    assert!(khabar()
        .args(["ingest", "examples", "--quiet", "--db"])
        .arg(&db)
        .status()
        .unwrap()
        .success());
    let srv = start(&db, &[]);
    let (st, body) = get(&srv.1, "/api/map", None);
    assert_eq!(st, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let tehran = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["feature"] == "112931")
        .unwrap_or_else(|| panic!("no Tehran in {body}"));
    assert_eq!(tehran["country"], "IRN");
    assert!(tehran["events"].as_i64().unwrap() >= 1);
    // Iran's box holds the Tehran event, Yemen's none
    let (st, body) = get(&srv.1, "/api/events?bbox=44,25,63,40", None);
    assert_eq!(st, 200, "{body}");
    assert!(body.contains("\"112931\""), "{body}");
    let (_, body) = get(&srv.1, "/api/events?bbox=42,12,54,19", None);
    assert!(body.contains("\"items\":[]"), "{body}");
    let (_, body) = get(&srv.1, "/api/events?place=112931", None);
    assert!(body.contains("Tehran"), "{body}");
    for b in ["1,2,3", "10,0,5,5", "0,0,200,5", "a,b,c,d"] {
        assert_eq!(
            get(&srv.1, &format!("/api/events?bbox={b}"), None).0,
            400,
            "{b}"
        );
    }
    assert_eq!(get(&srv.1, "/api/map?bbox=1,2", None).0, 400);
    let (st, body) = get(&srv.1, "/map", None);
    assert_eq!(st, 200);
    assert!(body.contains(r#"dir="rtl""#));
    let (st, body) = get(&srv.1, "/map/countries.json", None);
    assert_eq!(st, 200);
    assert!(body.contains("Yemen") && body.contains("Natural Earth"));
}

/// Issue 17: `serve` analyzes queries with the run's `--lexicon`, as ingest analyzed the texts.
/// A person «كمال فلاح» in the user's table keeps «فلاح» whole; the built-in segmenter cuts it
/// to ف + «لاح», so a server on the built-in tables searched for a word the index never holds.
#[test]
fn search_segments_queries_with_the_users_lexicon() {
    let dir = tempfile::tempdir().unwrap();
    let my = dir.path().join("my");
    std::fs::create_dir(&my).unwrap();
    std::fs::write(
        my.join("people.tsv"),
        "# source: test\n# columns: names\tcode\tenglish\texample\n\
         كمال فلاح\tYEMGOV\tKamal Fallah\tقال كمال فلاح إن الوفد وصل.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "قال كمال فلاح إن الوفد وصل إلى المدينة أمس.\n",
    )
    .unwrap();
    let db = dir.path().join("k.db");
    assert!(khabar()
        .args(["ingest", "--quiet", "--lexicon"])
        .arg(&my)
        .arg(dir.path().join("a.txt"))
        .arg("--db")
        .arg(&db)
        .env_remove("KHABAR_LEXICON")
        .status()
        .unwrap()
        .success());
    let lexicon = my.to_str().unwrap();
    let srv = start(&db, &["--lexicon", lexicon]);
    let (st, body) = get(&srv.1, &format!("/api/search?q={}", enc("فلاح")), None);
    assert_eq!(st, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["terms"], serde_json::json!(["فلاح"]), "{body}");
    assert_eq!(v["total"], 1, "{body}");
}

/// Issue 16, item 2: keyset paging of `/api/events`. Following `next_cursor` gives the rows of
/// the whole list once each, in its order, and ends with a null cursor; `offset` still works; a
/// damaged cursor, one made for another sort, or a cursor with an offset are 400s.
#[test]
fn events_cursor_paging() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingested(dir.path());
    let srv = start(&db, &[]);
    let ids = |v: &serde_json::Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| format!("{}#{}", e["doc_id"], e["eid"]))
            .collect()
    };
    for sort in ["date", "-goldstein"] {
        let (st, body) = get(&srv.1, &format!("/api/events?limit=500&sort={sort}"), None);
        assert_eq!(st, 200, "{body}");
        let all: serde_json::Value = serde_json::from_str(&body).unwrap();
        let want = ids(&all);
        assert!(want.len() > 4, "the examples have events: {body}");
        assert!(all["next_cursor"].is_null(), "{body}");
        let mut got = Vec::new();
        let mut path = format!("/api/events?limit=3&sort={sort}");
        loop {
            let (st, body) = get(&srv.1, &path, None);
            assert_eq!(st, 200, "{path}: {body}");
            let v: serde_json::Value = serde_json::from_str(&body).unwrap();
            assert_eq!(v["total"], all["total"], "{body}");
            got.extend(ids(&v));
            match v["next_cursor"].as_str() {
                Some(c) => path = format!("/api/events?limit=3&sort={sort}&cursor={}", enc(c)),
                None => break,
            }
            assert!(got.len() <= want.len(), "endless paging: {body}");
        }
        assert_eq!(got, want, "sort={sort}");
        // the offset pages are the same rows
        let (_, body) = get(
            &srv.1,
            &format!("/api/events?limit=3&offset=3&sort={sort}"),
            None,
        );
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(ids(&v), want[3..6.min(want.len())].to_vec());
    }
    let (_, body) = get(&srv.1, "/api/events?limit=2", None);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let c = enc(v["next_cursor"].as_str().unwrap());
    for (path, want) in [
        (format!("/api/events?cursor={c}&offset=2"), "not both"),
        (
            format!("/api/events?cursor={c}&sort=-date"),
            "made for sort=date",
        ),
        ("/api/events?cursor=v1.date.zz".to_string(), "cursor"),
    ] {
        let (st, body) = get(&srv.1, &path, None);
        assert_eq!(st, 400, "{path}: {body}");
        assert!(body.contains(want), "{path}: {body}");
    }
}

/// Searches and event pages are answered from a cache while the store is unchanged: an ingest beside the
/// server (a commit writes the WAL) makes the next search see the new article.
#[test]
fn search_sees_an_ingest_beside_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingested(dir.path());
    let srv = start(&db, &[]);
    let word = "زعفرانستان";
    let total = || {
        let (st, body) = get(&srv.1, &format!("/api/search?q={}", enc(word)), None);
        assert_eq!(st, 200, "{body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        v["total"].as_i64().unwrap()
    };
    // event pages are kept the same way
    let events = || {
        let (st, body) = get(&srv.1, "/api/events?dyad=SAU-JOR&limit=5", None);
        assert_eq!(st, 200, "{body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        v["total"].as_i64().unwrap()
    };
    let before = events();
    assert_eq!(events(), before);
    assert_eq!(total(), 0);
    assert_eq!(total(), 0);
    let new = dir.path().join("new.txt");
    std::fs::write(
        &new,
        format!(
            "وصل وفد من {word} إلى الرياض أمس.\nواستقبل الملك سلمان وزير الداخلية الأردني أمس.\n"
        ),
    )
    .unwrap();
    assert!(khabar()
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .arg(&new)
        .status()
        .unwrap()
        .success());
    assert_eq!(total(), 1);
    assert!(events() > before, "the new article's event is listed");
}

/// Issue 14, actor pages: `/api/actor` names the actor and counts its events and partners; a
/// partner's count is the explorer's total for the dyad, its own total the explorer's for the
/// actor; names resolve to codes; bad values are 400 naming their parameter.
#[test]
fn actor_api_partners_and_strict_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let srv = start(&ingested(dir.path()), &[]);
    let json = |path: &str| -> serde_json::Value {
        let (st, body) = get(&srv.1, path, None);
        assert_eq!(st, 200, "{path}: {body}");
        serde_json::from_str(&body).unwrap()
    };
    let a = json("/api/actor?code=IRN");
    assert_eq!(a["code"], "IRN");
    assert_eq!(a["en"], "Iran");
    assert_eq!(a["country"], true);
    let total = json("/api/events?actor=IRN&limit=1")["total"]
        .as_i64()
        .unwrap();
    assert!(total > 0);
    assert_eq!(a["total"].as_i64(), Some(total));
    let partners = a["partners"].as_array().unwrap();
    assert!(
        partners.iter().any(|p| p["code"] == "IRQ"),
        "no Iraq among Iran's partners: {a}"
    );
    for p in partners {
        let code = p["code"].as_str().unwrap();
        let dyad = json(&format!("/api/events?dyad=IRN-{code}&limit=1"));
        assert_eq!(p["events"], dyad["total"], "IRN-{code}");
        assert_eq!(
            p["outgoing"].as_i64().unwrap() + p["incoming"].as_i64().unwrap(),
            p["events"].as_i64().unwrap()
        );
    }
    // a name is looked up; the filters narrow the counts (nothing before 1900)
    assert_eq!(
        json(&format!("/api/actor?code={}", enc("إيران")))["code"],
        "IRN"
    );
    let none = json("/api/actor?code=IRN&to=1900");
    assert_eq!(none["total"], 0);
    assert_eq!(none["partners"].as_array().map(Vec::len), Some(0));
    for (path, param) in [
        ("/api/actor", "code"),
        ("/api/actor?code=%25", "code"),
        ("/api/actor?code=IRN&quad=9", "quad"),
        ("/api/actor?code=IRN&limit=0", "limit"),
        ("/api/actor?code=IRN&from=July", "from"),
        ("/api/actor?code=IRN&colour=red", "colour"),
        ("/api/actor?code=IRN&code=IRQ", "code"),
    ] {
        let (st, body) = get(&srv.1, path, None);
        assert_eq!(st, 400, "{path}: {body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert!(
            v["error"].as_str().unwrap().contains(param),
            "{path}: {body} does not name {param}"
        );
    }
    let (st, page) = get(&srv.1, "/actor?code=IRN", None);
    assert_eq!(st, 200);
    assert!(page.contains(r#"dir="rtl""#) && !page.contains("https://"));
}
