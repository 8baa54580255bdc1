//! The store's tests through its public API (and a raw look at what is stored).

use super::*;

fn art(id: &str, body: &str, events: Vec<EventRow>) -> ArticleRow {
    ArticleRow {
        doc_id: id.into(),
        hash: format!("h-{body}"),
        text: body.into(),
        search_body: body.into(),
        events,
        ..Default::default()
    }
}

fn ev(s: &str, t: &str, date: &str, quad: i64, g: f64) -> EventRow {
    EventRow {
        source_code: Some(s.into()),
        target_code: Some(t.into()),
        cameo: "040".into(),
        root: "04".into(),
        quad,
        goldstein: g,
        date: Some(date.into()),
        modality: "asserted".into(),
        ..Default::default()
    }
}

/// Issue 18: what the doc id and the text give back (event ids and evidence, a URL equal to
/// the doc id) is not stored, entity ids and types are small integers, and texts written
/// with the store's dictionary read back after reopening — every value as it went in.
#[test]
fn the_lean_store_gives_back_what_went_in() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut s = Store::create_or_open(&path).unwrap();
    let text = "قال وزير الخارجية إن الرياض استقبلت الوفد";
    let derived = EventRow {
        eid: "http://x/خبر#1".into(),
        start: 4,
        end: 17,
        evidence: char_slice(text, 4, 17),
        ..ev("SAUGOV", "IRNGOV", "2015-07-01", 1, 1.0)
    };
    let own = EventRow {
        eid: "elsewhere-2".into(),
        start: 0,
        end: 3,
        evidence: "ليس من النص".into(),
        ..ev("SAUGOV", "IRNGOV", "2015-07-01", 1, 1.0)
    };
    let ent = |eid: &str, etype: &str| EntityRow {
        eid: eid.into(),
        etype: etype.into(),
        text: char_slice(text, 4, 9),
        start: 4,
        end: 9,
        name: Some("وزير".into()),
        ..Default::default()
    };
    let mut a = art("http://x/خبر", text, vec![derived.clone(), own.clone()]);
    a.url = Some(a.doc_id.clone());
    a.entities = vec![ent("E3", "PERSON"), ent("X1", "EVENT"), ent("E07", "PLACE")];
    let mut b = art("b", "نص آخر", vec![]);
    b.url = None;
    // enough articles of news-like text for a dictionary
    let mut batch: Vec<ArticleRow> = (0..400)
        .map(|i| {
            art(
                &format!("n{i}"),
                &format!(
                    "الرياض - واس: استقبل ولي العهد في مكتبه اليوم {i} سفير دولة {} وبحث معه العلاقات الثنائية. {}",
                    i * 31 % 97,
                    "وأكد الجانبان أهمية مواصلة التنسيق في المحافل الدولية. ".repeat(i % 7 + 1)
                ),
                vec![],
            )
        })
        .collect();
    batch.push(a.clone());
    batch.push(b);
    s.add_batch(&batch).unwrap();
    let raw: (Option<String>, String) = s
        .conn
        .query_row(
            "SELECT e.evidence, e.eid FROM events e ORDER BY e.rowid LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(raw, (None, "#1".to_string()));
    let dicts: i64 = s
        .conn
        .query_row("SELECT count(*) FROM text_dicts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(dicts, 1);
    drop(s);
    let s = Store::open_read_only(&path).unwrap();
    let got = s
        .events(&EventFilter {
            doc_id: Some(a.doc_id.clone()),
            ..Default::default()
        })
        .unwrap();
    let key = |e: &EventRow| (e.eid.clone(), e.evidence.clone(), e.start, e.end);
    assert_eq!(
        got.iter().map(key).collect::<Vec<_>>(),
        vec![key(&derived), key(&own)]
    );
    assert_eq!(got[0].url.as_deref(), Some("http://x/خبر"));
    let ents: Vec<(String, String, String)> = s
        .entities_of(&a.doc_id)
        .unwrap()
        .into_iter()
        .map(|e| (e.eid, e.etype, e.text))
        .collect();
    let want: Vec<(String, String, String)> = a
        .entities
        .iter()
        .map(|e| (e.eid.clone(), e.etype.clone(), e.text.clone()))
        .collect();
    assert_eq!(ents, want);
    let (_, back) = s.article(&a.doc_id).unwrap().unwrap();
    assert_eq!(back.text, text);
    assert_eq!(back.url.as_deref(), Some("http://x/خبر"));
    let (_, nb) = s.article("b").unwrap().unwrap();
    assert_eq!(nb.url, None);
    let (_, n7) = s.article("n7").unwrap().unwrap();
    assert!(n7.text.starts_with("الرياض - واس"));
}

/// Issue 16, items 2 and 5: a query past its deadline stops with
/// `Interrupted` (no longer runs on after the caller gave up), and a value
/// of the wrong type where the schema has a number is damage, not a bad
/// parameter (the server said 400 "Conversion error").
#[test]
fn deadline_interrupts_and_wrong_types_are_damage() {
    let mut s = Store::open_in_memory().unwrap();
    let rows: Vec<ArticleRow> = (0..3000)
        .map(|i| {
            art(
                &format!("d{i}"),
                &format!("في خبر {i}"),
                vec![ev("IRNGOV", "IRQGOV", "2020-11-07", 1, 1.0)],
            )
        })
        .collect();
    s.add_batch(&rows).unwrap();
    let terms = vec!["في".to_string()];
    assert_eq!(s.search(&terms, 10, 2000).unwrap().len(), 10);
    s.set_deadline(std::time::Instant::now());
    assert!(matches!(
        s.search(&terms, 10, 2000),
        Err(StoreError::Interrupted)
    ));
    s.set_deadline(std::time::Instant::now() + std::time::Duration::from_secs(3600));
    let all = EventFilter {
        limit: 10,
        ..Default::default()
    };
    assert_eq!(s.events(&all).unwrap().len(), 10);
    s.conn
        .execute("UPDATE events SET goldstein = 'x' WHERE rowid = 1", [])
        .unwrap();
    assert!(
        matches!(s.events(&all), Err(StoreError::Damaged(_))),
        "{:?}",
        s.events(&all).err()
    );
}

#[test]
fn idempotent_search_timeline() {
    let mut s = Store::open_in_memory().unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    let a = art(
        "a",
        "الحرس الثوري ايران",
        vec![
            ev("IRNGOV", "IRQGOV", "2020-11-07", 1, 1.0),
            ev("IRNGOV", "IRQMIL", "2020-11-20", 4, -10.0),
        ],
    );
    let b = art(
        "b",
        "بغداد طهران",
        vec![ev("IRQGOV", "IRNGOV", "2013-09-22", 1, 1.9)],
    );
    let r = s.add_batch(&[a.clone(), b.clone()]).unwrap();
    assert_eq!((r.added, r.duplicates), (2, 0));
    let r = s.add_batch(&[a]).unwrap();
    assert_eq!((r.added, r.duplicates), (0, 1));
    assert_eq!(s.count_articles().unwrap(), 2);
    let hits = s.search(&["الحرس".into(), "الثوري".into()], 10, 0).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].doc_id, "a");
    let irn_irq = EventFilter {
        source: Some("IRN".into()),
        target: Some("IRQ".into()),
        ..Default::default()
    };
    let t = s.timeline(&irn_irq, "month").unwrap();
    assert_eq!(t.len(), 1);
    assert_eq!(
        (t[0].period.as_str(), t[0].events, t[0].quad1, t[0].quad4),
        ("2020-11", 2, 1, 1)
    );
    let f = EventFilter {
        actor: Some("IRQ".into()),
        ..Default::default()
    };
    assert_eq!(s.events(&f).unwrap().len(), 3);
    let f = EventFilter {
        source: Some("IRQ".into()),
        to: Some("2015".into()),
        ..Default::default()
    };
    assert_eq!(s.events(&f).unwrap().len(), 1);
    assert!(s.timeline(&irn_irq, "fortnight").is_err());
    assert!(s.integrity_ok().unwrap());
}

/// Schema 4 keeps no entity surface and no name equal to it: both come back as given.
#[test]
fn entities_read_back_from_the_compressed_text() {
    let mut s = Store::open_in_memory().unwrap();
    let mut a = art("a", "قال وزير خارجية إيران في طهران", vec![]);
    let ent = |eid: &str, text: &str, start: i64, name: Option<&str>| EntityRow {
        eid: eid.into(),
        etype: "PLACE".into(),
        text: text.into(),
        start,
        end: start + text.chars().count() as i64,
        name: name.map(String::from),
        ..Default::default()
    };
    a.entities = vec![
        ent("E2", "طهران", 25, Some("طهران")),
        ent("E1", "إيران", 16, Some("ايران")),
        ent("E1", "إيران", 16, None),
    ];
    s.add_batch(&[a.clone()]).unwrap();
    let back = s.entities_of("a").unwrap();
    let want = [&a.entities[1], &a.entities[2], &a.entities[0]];
    assert_eq!(back.len(), 3);
    for (b, w) in back.iter().zip(want) {
        assert_eq!(
            (&b.eid, &b.text, b.start, &b.name),
            (&w.eid, &w.text, w.start, &w.name)
        );
    }
    assert_eq!(s.article("a").unwrap().unwrap().1.text, a.text);
}

#[test]
fn story_docs_kept_and_stories_replaced_whole() {
    let mut s = Store::open_in_memory().unwrap();
    let mut a = art("a", "x", vec![]);
    a.story_doc = Some(b"\x01doc a".to_vec());
    s.add_batch(&[a, art("b", "y", vec![])]).unwrap();
    assert_eq!(s.story_docs().unwrap()[0].doc, b"\x01doc a".to_vec());
    let story = |id: i64, dyad: &str, docs: &[&str]| StoryRow {
        story_id: id,
        dyad: dyad.into(),
        articles: docs.iter().map(|d| d.to_string()).collect(),
        json: format!("story {id}"),
        ..Default::default()
    };
    s.replace_stories(&[
        story(1, "IRN-IRQ", &["a", "b"]),
        story(2, "SAU-YEM", &["c"]),
    ])
    .unwrap();
    let q = |s: &Store, f: StoryFilter| s.stories(&StoryFilter { limit: 10, ..f }).unwrap();
    assert_eq!(q(&s, StoryFilter::default()), ["story 1", "story 2"]);
    let by_actor = StoryFilter {
        actor: Some("IRQ".into()),
        ..Default::default()
    };
    assert_eq!(q(&s, by_actor), ["story 1"]);
    let by_doc = StoryFilter {
        doc_id: Some("c".into()),
        ..Default::default()
    };
    assert_eq!(q(&s, by_doc), ["story 2"]);
    let big = StoryFilter {
        min_articles: 2,
        ..Default::default()
    };
    assert_eq!(q(&s, big), ["story 1"]);
    // a rebuild replaces, never appends
    s.replace_stories(&[story(1, "IRN-IRQ", &["a"])]).unwrap();
    assert_eq!(q(&s, StoryFilter::default()), ["story 1"]);
    assert!(s.integrity_ok().unwrap());
}

/// Code prefixes are index ranges where they are a code's capitals and digits, LIKE otherwise:
/// both give the codes that start with the prefix, on either side, and nothing next to it.
#[test]
fn code_prefixes_as_ranges_match_like() {
    assert_eq!(
        events::code_range("YEMREB"),
        Some(("YEMREB".into(), "YEMREC".into()))
    );
    assert_eq!(events::code_range("S9"), Some(("S9".into(), "S:".into())));
    for v in ["", "sau", "SA%", "السعودية"] {
        assert_eq!(events::code_range(v), None, "{v}");
    }
    let mut s = Store::open_in_memory().unwrap();
    let evs = vec![
        ev("SAU", "YEM", "2015-07-01", 4, -10.0),
        ev("SAUGOV", "USA", "2015-07-02", 1, 1.0),
        ev("SAV", "SA", "2015-07-03", 1, 1.0),
        ev("YEMREB", "SAUMIL", "2015-07-04", 4, -10.0),
        ev("SAX", "SAU_X", "2015-07-05", 1, 1.0),
    ];
    s.add_batch(&[art("a", "نص", evs)]).unwrap();
    let n = |f: EventFilter| {
        let rows = s.events(&f).unwrap();
        assert_eq!(s.count_matching(&f).unwrap() as usize, rows.len());
        rows.len()
    };
    let actor = |a: &str| EventFilter {
        actor: Some(a.into()),
        ..Default::default()
    };
    assert_eq!(n(actor("SAU")), 4);
    assert_eq!(n(actor("sau")), 4);
    assert_eq!(n(actor("SAUGOV")), 1);
    assert_eq!(n(actor("SA")), 5);
    assert_eq!(n(actor("SAU_")), 1);
    let dyad = EventFilter {
        dyad: Some(("SAU".into(), "YEM".into())),
        ..Default::default()
    };
    assert_eq!(n(dyad), 2);
    let st = EventFilter {
        source: Some("SAU".into()),
        target: Some("U".into()),
        ..Default::default()
    };
    assert_eq!(n(st), 1);
}
