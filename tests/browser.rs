//! The web UI end to end in headless Chromium: ingest the seeds, search, open an article
//! (entities highlighted, events underlined), draw the dyad timeline, open the story.
//! Screenshots are kept under `target/browser-screenshots/`.
//!
//! Needs Debian's `chromium` (installed by `.ci/run`); skips with a message where it is
//! absent, unless `KHABAR_REQUIRE_BROWSER` is set (as in CI), where absence fails.

mod common;

use common::{khabar, start};
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("KHABAR_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

/// Loads `url` in headless Chromium, lets its scripts and fetches run, saves a screenshot,
/// and returns the rendered DOM.
fn render(chrome: &Path, url: &str, shot: &Path, profile: &Path) -> String {
    let common = |c: &mut Command| {
        c.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--hide-scrollbars",
            "--virtual-time-budget=15000",
            "--window-size=1200,1400",
        ])
        .arg(format!("--user-data-dir={}", profile.display()));
    };
    let mut c = Command::new(chrome);
    common(&mut c);
    let out = c.arg("--dump-dom").arg(url).output().unwrap();
    assert!(
        out.status.success(),
        "chromium failed on {url}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut c = Command::new(chrome);
    common(&mut c);
    let st = c
        .arg(format!("--screenshot={}", shot.display()))
        .arg(url)
        .output()
        .unwrap();
    assert!(st.status.success(), "screenshot of {url} failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn ui_search_article_timeline_story_in_chromium() {
    let Some(chrome) = chromium() else {
        if std::env::var_os("KHABAR_REQUIRE_BROWSER").is_some() {
            panic!("KHABAR_REQUIRE_BROWSER is set but no chromium was found");
        }
        eprintln!("skipping the browser test: no chromium (apt-get install chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let st = khabar()
        .args(["ingest", "examples", "--quiet", "--db"])
        .arg(&db)
        .status()
        .unwrap();
    assert!(st.success());
    let server = start(&db, &[]);
    let base = format!("http://{}/", server.1);
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("browser-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let profile = dir.path().join("profile");

    // search through a clitic: «الحرس الثوري» finds «للحرس الثوري»
    let dom = render(
        &chrome,
        &format!("{base}#search/الحرس الثوري"),
        &shots.join("1-search.png"),
        &profile,
    );
    assert!(dom.contains(r#"dir="rtl""#), "page not right-to-left");
    assert!(
        dom.contains(r#"class="hit""#),
        "no search hit rendered:\n{dom}"
    );
    assert!(
        dom.contains("<mark>"),
        "no highlighted match in the snippet"
    );
    assert!(dom.contains("001_0acd3c927d4d0c19.txt"));

    // the article: entities coloured by type, events underlined, the events table
    let dom = render(
        &chrome,
        &format!("{base}#article/000_a5b5b01d5677f13f.txt"),
        &shots.join("2-article.png"),
        &profile,
    );
    for class in ["ent PERSON", "ent ORG", "ent COUNTRY"] {
        assert!(
            dom.contains(&format!(r#"class="{class}""#)),
            "no {class} highlight:\n{dom}"
        );
    }
    assert!(dom.contains(r#"class="ev""#), "no event underline");
    assert!(
        dom.contains(r#"id="events""#) && dom.contains("<td"),
        "no events table"
    );
    assert!(dom.contains("Story:"), "no link to the article's story");

    // the Iran–Iraq timeline draws a chart
    let dom = render(
        &chrome,
        &format!("{base}#timeline"),
        &shots.join("3-timeline.png"),
        &profile,
    );
    let chart = dom.split(r#"id="chart""#).nth(1).unwrap_or("");
    assert!(
        chart.contains("<svg") && chart.contains("<rect"),
        "no chart:\n{dom}"
    );

    // the story: both seed articles, two events in date order
    let dom = render(
        &chrome,
        &format!("{base}#story/1"),
        &shots.join("4-story.png"),
        &profile,
    );
    assert!(dom.contains("story-events"), "no story table:\n{dom}");
    let a = dom.find("001_0acd3c927d4d0c19.txt").expect("2013 article");
    let b = dom.find("000_a5b5b01d5677f13f.txt").expect("2020 article");
    assert!(a < b, "story events not in date order");
    // seven years apart: one story, two threads, each headed by its dates
    let t1 = dom
        .find(r#"thread 1: <span class="ltr">2013"#)
        .expect("no 2013 thread");
    let t2 = dom
        .find(r#"thread 2: <span class="ltr">2020"#)
        .expect("no 2020 thread");
    assert!(
        t1 < a && a < t2 && t2 < b,
        "threads do not head their events"
    );
    for f in ["1-search", "2-article", "3-timeline", "4-story"] {
        let len = std::fs::metadata(shots.join(format!("{f}.png")))
            .map(|m| m.len())
            .unwrap_or(0);
        assert!(len > 1000, "screenshot {f} missing or empty");
    }
}

/// The map page: outlines drawn from the embedded copy, a circle per place coloured by
/// QuadClass, and a place's events listed with links to their articles (the click path, opened
/// by `?place=`), in the region the filters ask for.
#[test]
fn map_page_in_chromium() {
    let Some(chrome) = chromium() else {
        if std::env::var_os("KHABAR_REQUIRE_BROWSER").is_some() {
            panic!("KHABAR_REQUIRE_BROWSER is set but no chromium was found");
        }
        eprintln!("skipping the map browser test: no chromium (apt-get install chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let st = khabar()
        .args(["ingest", "examples", "--quiet", "--db"])
        .arg(&db)
        .status()
        .unwrap();
    assert!(st.success());
    let server = start(&db, &[]);
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("browser-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let profile = dir.path().join("profile");
    // Tehran (GeoNames 112931) is where the seed article's meeting took place
    let shot = shots.join("5-map.png");
    let dom = render(
        &chrome,
        &format!("http://{}/map?region=mena&place=112931", server.1),
        &shot,
        &profile,
    );
    assert!(dom.contains(r#"dir="rtl""#), "map page not right-to-left");
    assert!(
        dom.matches(r#"class="land""#).count() > 100,
        "country outlines not drawn:\n{dom}"
    );
    assert!(
        dom.contains(r#"data-feature="112931""#),
        "no circle for Tehran:\n{dom}"
    );
    let coloured = |dom: &str| (1..=4).any(|q| dom.contains(&format!(r#"class="place q{q}"#)));
    assert!(coloured(&dom), "circle not coloured by QuadClass");
    let list = dom.split(r#"id="events""#).nth(1).unwrap_or("");
    assert!(
        list.contains("#article/000_a5b5b01d5677f13f.txt"),
        "the place's events do not link to their article:\n{dom}"
    );
    // a filter that leaves nothing: no circle
    let dom = render(
        &chrome,
        &format!(
            "http://{}/map?region=yemen&quad=4&from=2030-01-01",
            server.1
        ),
        &shots.join("6-map-empty.png"),
        &profile,
    );
    assert!(!coloured(&dom), "circles past the filter:\n{dom}");
    assert!(dom.contains("0 مكانا"), "no count of places:\n{dom}");
    assert!(std::fs::metadata(&shot).map(|m| m.len()).unwrap_or(0) > 1000);
}

/// A plain GET on the test server: (status, body).
fn http_get(addr: &str, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let buf = String::from_utf8_lossy(&buf).into_owned();
    let status = buf.split(' ').nth(1).unwrap().parse().unwrap();
    let (head, body) = buf.split_once("\r\n\r\n").unwrap();
    if !head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        return (status, body.to_string());
    }
    // a streamed download: the chunks' data without their size lines
    let (mut out, mut rest) = (String::new(), body);
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&tail[..n]);
        rest = &tail[n + 2..];
    }
    (status, out)
}

/// The value of `attr="…"` in the first tag of `dom` that holds `marker`, entities undone.
fn attr_near(dom: &str, marker: &str, attr: &str) -> Option<String> {
    let at = dom.find(marker)?;
    let tag_start = dom[..at].rfind('<')?;
    let tag = &dom[tag_start..tag_start + dom[tag_start..].find('>')?];
    let v = tag.split(&format!("{attr}=\"")).nth(1)?.split('"').next()?;
    Some(v.replace("&amp;", "&"))
}

/// The number inside `<… id="total">N<`.
fn total_in(dom: &str) -> i64 {
    dom.split(r#"id="total">"#)
        .nth(1)
        .and_then(|r| r.split('<').next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(-1)
}

/// Issue 14's "done when": what happened between Saudi Arabia and Yemen in July 2015, day by
/// day, with the evidence — answered in the events explorer with its filters in the URL; the
/// CSV download holds exactly the API's total; a timeline bar and a network edge lead to
/// their events; an event's article opens with its evidence highlighted. Articles of two days
/// of SaudiNewsNet (skipped when ../shared is absent).
#[test]
fn explorer_answers_the_dyad_question_in_chromium() {
    let Some(chrome) = chromium() else {
        if std::env::var_os("KHABAR_REQUIRE_BROWSER").is_some() {
            panic!("KHABAR_REQUIRE_BROWSER is set but no chromium was found");
        }
        eprintln!("skipping the explorer browser test: no chromium (apt-get install chromium)");
        return;
    };
    let corpus = Path::new("../shared/corpora/saudinewsnet.jsonl.gz");
    if !corpus.exists() {
        eprintln!(
            "skipping the explorer browser test: ../shared/corpora/saudinewsnet.jsonl.gz is absent"
        );
        return;
    }
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = std::io::BufReader::new(flate2::read::GzDecoder::new(
        std::fs::File::open(corpus).unwrap(),
    ))
    .lines()
    .map_while(Result::ok)
    .filter(|l| {
        (l.contains(r#""date_extracted": "2015-07-23"#)
            || l.contains(r#""date_extracted": "2015-07-24"#))
            && l.contains("اليمن")
            && l.contains("السعودية")
    })
    .collect();
    assert!(lines.len() > 50, "too few articles: {}", lines.len());
    let input = dir.path().join("sau-yem.jsonl");
    std::fs::write(&input, lines.join("\n") + "\n").unwrap();
    let db = dir.path().join("k.db");
    let st = khabar()
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .arg(&input)
        .status()
        .unwrap();
    assert!(st.success());
    let server = start(&db, &[]);
    let base = format!("http://{}", server.1);
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("browser-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let profile = dir.path().join("profile");
    let api_total = |q: &str| -> i64 {
        let (st, body) = http_get(&server.1, &format!("/api/events?{q}&limit=1"));
        assert_eq!(st, 200, "{q}: {body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        v["total"].as_i64().unwrap()
    };

    // the question, asked by the URL alone
    let filters = "source=SAU&target=YEM&from=2015-07-01&to=2015-07-31&sort=date";
    let dom = render(
        &chrome,
        &format!("{base}/explore?{filters}"),
        &shots.join("7-explorer-sau-yem.png"),
        &profile,
    );
    assert!(dom.contains(r#"dir="rtl""#), "explorer not right-to-left");
    let total = total_in(&dom);
    assert_eq!(total, api_total(filters), "the page's total is the API's");
    assert!(total > 5, "too few SAU→YEM events in July 2015: {total}");
    // the page's script holds the row template too
    let rows = dom.matches(r#"<tr class="event" data-eid=""#).count() as i64
        - dom.matches(r#"<tr class="event" data-eid="${"#).count() as i64;
    assert_eq!(rows, total.min(50), "one row per event on the page");
    assert!(
        dom.contains(r#"value="SAU""#),
        "filters not filled from the URL"
    );
    assert!(dom.contains("<svg"), "no day-by-day chart");
    // the download: exactly the filtered set
    let csv = attr_near(&dom, r#"id="csv""#, "href").expect("no CSV link");
    let (st, body) = http_get(&server.1, &csv);
    assert_eq!(st, 200);
    assert_eq!(body.lines().count() as i64, total + 1, "CSV rows ≠ total");
    assert!(body
        .lines()
        .skip(1)
        .all(|l| l.contains(",SAU") && l.contains(",YEM")));

    // a timeline bar → the explorer with that period's events
    let bar = attr_near(&dom, r#"class="bar""#, "href").expect("no timeline bar link");
    let bar_events: i64 = attr_near(&dom, r#"class="bar""#, "data-events")
        .unwrap()
        .parse()
        .unwrap();
    let dom_bar = render(
        &chrome,
        &format!("{base}{bar}"),
        &shots.join("8-timeline-bar-click.png"),
        &profile,
    );
    assert_eq!(total_in(&dom_bar), bar_events, "bar {bar} lands elsewhere");

    // a network edge → the dyad's events
    let dom_net = render(
        &chrome,
        &format!("{base}/#network"),
        &shots.join("9-network.png"),
        &profile,
    );
    let edge = attr_near(&dom_net, r#"class="edge""#, "href").expect("no network edge link");
    let edge_events: i64 = attr_near(&dom_net, r#"class="edge""#, "data-events")
        .unwrap()
        .parse()
        .unwrap();
    assert!(dom_net.contains("marker-end"), "edges not directed");
    let dom_edge = render(
        &chrome,
        &format!("{base}{edge}"),
        &shots.join("10-network-edge-click.png"),
        &profile,
    );
    assert_eq!(
        total_in(&dom_edge),
        edge_events,
        "edge {edge} lands elsewhere"
    );

    // an event's article, its evidence highlighted
    let link = attr_near(&dom, r#"class="doc""#, "href").expect("no article link");
    assert!(link.contains("&ev="), "{link}");
    let dom_art = render(
        &chrome,
        &format!("{base}{link}"),
        &shots.join("11-article-evidence.png"),
        &profile,
    );
    assert!(
        dom_art.contains(r#"class="ev hl""#),
        "evidence not highlighted: {link}"
    );
    assert!(
        dom_art.contains(r#"class="hl""#),
        "event row not highlighted"
    );
}

/// Skips (returns None) without chromium, unless `KHABAR_REQUIRE_BROWSER` is set.
fn chromium_or_skip(what: &str) -> Option<PathBuf> {
    let chrome = chromium();
    if chrome.is_none() {
        if std::env::var_os("KHABAR_REQUIRE_BROWSER").is_some() {
            panic!("KHABAR_REQUIRE_BROWSER is set but no chromium was found");
        }
        eprintln!("skipping the {what} browser test: no chromium (apt-get install chromium)");
    }
    chrome
}

/// A store of the seed examples, its server, the screenshot folder and a browser profile.
fn seed_server(dir: &Path) -> (common::Server, PathBuf, PathBuf) {
    let db = dir.join("k.db");
    let st = khabar()
        .args(["ingest", "examples", "--quiet", "--db"])
        .arg(&db)
        .status()
        .unwrap();
    assert!(st.success());
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("browser-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    (start(&db, &[]), shots, dir.join("profile"))
}

/// Issue 14: a map circle is a link to its place's events in the explorer; following it (and
/// the side list's link) lands on exactly the events the circle counts.
#[test]
fn map_circle_leads_to_the_places_events_in_chromium() {
    let Some(chrome) = chromium_or_skip("map click-through") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (server, shots, profile) = seed_server(dir.path());
    let base = format!("http://{}", server.1);
    let dom = render(
        &chrome,
        &format!("{base}/map?region=mena"),
        &shots.join("12-map-circles.png"),
        &profile,
    );
    let link = attr_near(&dom, r#"class="place-link""#, "href").expect("no circle link");
    let counted: i64 = attr_near(&dom, r#"class="place-link""#, "data-events")
        .unwrap()
        .parse()
        .unwrap();
    assert!(counted > 0 && link.contains("place="), "{link}");
    let feature = link
        .split("place=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();
    let (st, body) = http_get(&server.1, &format!("/api/events?place={feature}&limit=1"));
    assert_eq!(st, 200, "{body}");
    let api: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(api["total"].as_i64(), Some(counted), "circle count ≠ API");
    let landed = render(
        &chrome,
        &format!("{base}{link}"),
        &shots.join("13-map-circle-click.png"),
        &profile,
    );
    assert_eq!(total_in(&landed), counted, "circle {link} lands elsewhere");
    assert!(
        landed.contains(&format!(r#"value="{feature}""#)),
        "the explorer's place filter is not the circle's"
    );
    // the side list of the same place links to the same events
    let dom = render(
        &chrome,
        &format!("{base}/map?region=mena&place={feature}"),
        &shots.join("14-map-place-list.png"),
        &profile,
    );
    let side = attr_near(&dom, r#"id="explore""#, "href").expect("no explorer link aside");
    let landed = render(
        &chrome,
        &format!("{base}{side}"),
        &shots.join("15-map-list-click.png"),
        &profile,
    );
    assert_eq!(
        total_in(&landed),
        counted,
        "side link {side} lands elsewhere"
    );
}

/// Issue 14, actor pages: a network node opens its actor page; the page names the actor in
/// Arabic and English, right to left, lists its partners (each linking to the dyad's events,
/// which the explorer counts alike), draws its timeline and lists its events.
#[test]
fn actor_page_in_chromium() {
    let Some(chrome) = chromium_or_skip("actor page") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (server, shots, profile) = seed_server(dir.path());
    let base = format!("http://{}", server.1);
    // a network node → its actor page
    let net = render(
        &chrome,
        &format!("{base}/#network"),
        &shots.join("16-network-nodes.png"),
        &profile,
    );
    let node = attr_near(&net, r#"class="node""#, "href").expect("no node link");
    assert!(
        node.starts_with("/actor?") && node.contains("code="),
        "{node}"
    );
    let code = node
        .split("code=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();
    let dom = render(
        &chrome,
        &format!("{base}{node}"),
        &shots.join("17-actor-from-node.png"),
        &profile,
    );
    assert!(
        dom.contains(&format!(r#"id="code">{code}<"#)),
        "node {node} opens another actor:\n{dom}"
    );

    let dom = render(
        &chrome,
        &format!("{base}/actor?code=IRN"),
        &shots.join("18-actor-iran.png"),
        &profile,
    );
    assert!(dom.contains(r#"dir="rtl""#), "actor page not right-to-left");
    assert!(
        dom.contains(r#"id="name-ar">إيران<"#) && dom.contains("Iran"),
        "no Arabic · English name:\n{dom}"
    );
    let (_, body) = http_get(&server.1, "/api/events?actor=IRN&limit=1");
    let total = serde_json::from_str::<serde_json::Value>(&body).unwrap()["total"]
        .as_i64()
        .unwrap();
    assert_eq!(total_in(&dom), total, "the page's total is the API's");
    let rows = dom.matches(r#"<tr class="event" data-eid=""#).count() as i64
        - dom.matches(r#"<tr class="event" data-eid="${"#).count() as i64;
    assert_eq!(rows, total.min(50), "one row per event");
    let chart = dom.split(r#"id="chart""#).nth(1).unwrap_or("");
    assert!(
        chart.contains("<svg") && chart.contains("<rect"),
        "no timeline"
    );
    assert!(
        dom.contains(r#"data-code="IRQ""#),
        "Iraq not among the partners"
    );
    // the partner's count → the dyad's events in the explorer
    let dyad = attr_near(&dom, r#"class="dyad""#, "href").expect("no dyad link");
    let n: i64 = attr_near(&dom, r#"class="dyad""#, "data-events")
        .unwrap()
        .parse()
        .unwrap();
    assert!(dyad.contains("dyad=IRN-"), "{dyad}");
    let landed = render(
        &chrome,
        &format!("{base}{dyad}"),
        &shots.join("19-actor-partner-click.png"),
        &profile,
    );
    assert_eq!(total_in(&landed), n, "partner {dyad} lands elsewhere");
    // an actor code in the explorer's rows opens its page
    assert!(
        landed.contains(r#"class="code actor" href="/actor?code="#),
        "explorer codes do not link to actor pages"
    );
    // a name in the lookup resolves to the code
    let dom = render(
        &chrome,
        &format!("{base}/actor?code=%D8%A5%D9%8A%D8%B1%D8%A7%D9%86"),
        &shots.join("20-actor-by-name.png"),
        &profile,
    );
    assert!(dom.contains(r#"id="code">IRN<"#), "name lookup failed");
}
