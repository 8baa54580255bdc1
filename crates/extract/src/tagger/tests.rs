use super::*;

pub(super) fn suffix(s: &str, n: usize) -> &str {
    let k = s
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    &s[k..]
}

pub(super) fn prefix(s: &str, n: usize) -> &str {
    let k = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    &s[..k]
}

#[test]
fn affixes_match() {
    for w in [
        "",
        "a",
        "ab",
        "abc",
        "abcd",
        "بلير",
        "ال",
        "علي",
        "عبدالله",
        "x€y",
        "€",
    ] {
        let (p2, p3, s2, s3, n) = affixes(w);
        assert_eq!(
            (p2, p3, s2, s3, n),
            (
                prefix(w, 2),
                prefix(w, 3),
                suffix(w, 2),
                suffix(w, 3),
                w.chars().count()
            ),
            "{w}"
        );
    }
}

#[test]
fn bio_spans() {
    assert_eq!(
        spans(&[0, 1, 2, 0, 3, 5, 6, 6]),
        vec![(1, 3, "PERSON"), (4, 5, "LOCATION"), (5, 8, "ORG")]
    );
    assert!(!allowed(0, 2) && allowed(1, 2) && allowed(2, 2) && !allowed(3, 2));
}

/// The features as first written (one `fnv` call per feature), to pin the hashes.
fn features_ref(ws: &[Word], hints: &[Hints], i: usize, prev: usize, prev2: usize) -> Vec<u64> {
    let w = |j: isize| -> &str {
        if j < 0 || j as usize >= ws.len() {
            "<s>"
        } else {
            ws[j as usize].core.as_str()
        }
    };
    let i_ = i as isize;
    let cur = &ws[i];
    let h = hints[i];
    let rule = |j: isize| -> &str {
        if j < 0 || j as usize >= ws.len() {
            "<s>"
        } else {
            TAGS[hints[j as usize].rule as usize]
        }
    };
    let mut f = vec![
        fnv(&["b"]),
        fnv(&["w", w(i_)]),
        fnv(&["bare", &cur.bare]),
        fnv(&["w-1", w(i_ - 1)]),
        fnv(&["w+1", w(i_ + 1)]),
        fnv(&["w-2", w(i_ - 2)]),
        fnv(&["w+2", w(i_ + 2)]),
        fnv(&["w-1w", w(i_ - 1), w(i_)]),
        fnv(&["ww+1", w(i_), w(i_ + 1)]),
        fnv(&["s2", suffix(&cur.bare, 2)]),
        fnv(&["s3", suffix(&cur.bare, 3)]),
        fnv(&["p2", prefix(&cur.bare, 2)]),
        fnv(&["p3", prefix(&cur.bare, 3)]),
        fnv(&["procl", &cur.proclitics]),
        fnv(&["art", if cur.has_article() { "1" } else { "0" }]),
        fnv(&["rule", rule(i_)]),
        fnv(&["rule-1", rule(i_ - 1)]),
        fnv(&["rule+1", rule(i_ + 1)]),
        fnv(&["t-1", TAGS[prev]]),
        fnv(&["t-2t-1", TAGS[prev2], TAGS[prev]]),
        fnv(&["t-1w", TAGS[prev], w(i_)]),
        fnv(&["len", LENS[cur.bare.chars().count().min(8)]]),
    ];
    let kind = match cur.kind {
        khabar_text::tokens::Kind::Word => "Word",
        khabar_text::tokens::Kind::Number => "Number",
        khabar_text::tokens::Kind::Latin => "Latin",
        khabar_text::tokens::Kind::Punct => "Punct",
        _ => "Other",
    };
    f.push(fnv(&["kind", kind]));
    for (on, name) in [
        (h.given, "given"),
        (h.adjective, "adj"),
        (h.stop, "stop"),
        (h.verb, "verb"),
        (i > 0 && hints[i - 1].given, "given-1"),
        (i + 1 < ws.len() && hints[i + 1].given, "given+1"),
    ] {
        if on {
            f.push(fnv(&[name]));
        }
    }
    f
}

#[test]
fn features_match_reference() {
    let seg = khabar_text::Segmenter::builtin();
    let model = Tagger::from_text(include_str!("../../../../data/models/ner.txt"));
    for text in [
        "وقال الرئيس بلير للصحفيين في لندن 2013، انه سيزور العراق.",
        "بلير",
        "قال بلير",
        "<s> x",
    ] {
        let ws = crate::words(&seg.tokenize(text));
        for model in [&model, &Tagger::default()] {
            check_features(&ws, model);
        }
    }
}

fn check_features(ws: &[Word], model: &Tagger) {
    let n = ws.len();
    let hints: Vec<Hints> = (0..n)
        .map(|k| Hints {
            rule: (k % NT) as u8,
            given: k % 2 == 0,
            adjective: k % 3 == 0,
            stop: k % 4 == 0,
            verb: k % 5 == 0,
        })
        .collect();
    let pre = Pre::new(ws);
    for i in 0..n {
        for prev in 0..NT {
            for prev2 in 0..NT {
                let mut f = Features::new();
                features(&mut f, ws, &hints, &pre, i, prev, prev2);
                let mut sc = Scores {
                    tagger: model,
                    s: [0f32; 8],
                };
                features(&mut sc, ws, &hints, &pre, i, prev, prev2);
                let want = model.score(&f);
                assert_eq!(sc.s.map(f32::to_bits), want.map(f32::to_bits));
                assert_eq!(&f[..], &features_ref(ws, &hints, i, prev, prev2)[..]);
            }
        }
    }
}

/// Tagging as first written: reference features, the weight map, `[f32; NT]` sums.
fn tag_ref(t: &Tagger, ws: &[Word], hints: &[Hints]) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for i in 0..ws.len() {
        let prev = if i > 0 { out[i - 1] } else { 0 };
        let prev2 = if i > 1 { out[i - 2] } else { 0 };
        let mut s = [0f32; NT];
        for k in features_ref(ws, hints, i, prev, prev2) {
            if let Some(w) = t.w.get(&k) {
                for x in 0..NT {
                    s[x] += w[x];
                }
            }
        }
        out.push(best(prev, &s));
    }
    out
}

#[test]
fn tags_match_reference() {
    let seg = khabar_text::Segmenter::builtin();
    let model = Tagger::from_text(include_str!("../../../../data/models/ner.txt"));
    let text = concat!(
        include_str!("../../../../examples/000_a5b5b01d5677f13f.txt"),
        include_str!("../../../../examples/001_0acd3c927d4d0c19.txt")
    );
    for line in text.lines().chain([
        "التقى الرئيس الأمريكي باراك أوباما نظيره الفرنسي فرانسوا هولاند في باريس امس.",
        "وقال كوفي انان ان توني بلير سيزور بغداد.",
    ]) {
        let ws = crate::words(&seg.tokenize(line));
        for variant in 0..3 {
            let hints: Vec<Hints> = (0..ws.len())
                .map(|k| Hints {
                    rule: ((k * variant) % NT) as u8,
                    given: (k + variant) % 3 == 0,
                    adjective: variant == 1 && k % 4 == 0,
                    stop: (k + variant) % 5 == 0,
                    verb: variant == 2 && k % 2 == 0,
                })
                .collect();
            for m in [&model, &Tagger::default()] {
                assert_eq!(m.tag(&ws, &hints), tag_ref(m, &ws, &hints), "{line}");
            }
        }
    }
}

#[test]
fn table_matches_map() {
    let t = Tagger::from_text(include_str!("../../../../data/models/ner.txt"));
    for (k, v) in &t.w {
        assert_eq!(t.table.get(*k).map(|w| &w[..NT]), Some(&v[..]));
        assert_eq!(t.table.get(k ^ 1).is_some(), t.w.contains_key(&(k ^ 1)));
    }
    assert!(Tagger::default().table.get(7).is_none());
    assert!(Tagger::default().table.get(0).is_none());
    // the hash 0 is a key like any other
    let mut w = FxHashMap::default();
    w.insert(0u64, [1.0; NT]);
    w.insert(5u64, [2.0; NT]);
    let t = Tagger::new(w);
    assert_eq!(t.table.get(0).map(|r| r[0]), Some(1.0));
    assert_eq!(t.table.get(5).map(|r| r[0]), Some(2.0));
    assert!(t.table.get(6).is_none());
}

#[test]
fn learns_and_round_trips() {
    let seg = khabar_text::Segmenter::builtin();
    let mk = |s: &str, gold: &[usize]| {
        let ws = crate::words(&seg.tokenize(s));
        let n = ws.len();
        (ws, vec![Hints::default(); n], gold.to_vec())
    };
    let data = vec![
        mk("قال بلير امس", &[0, 1, 0]),
        mk("وقال بلير ان", &[0, 1, 0]),
        mk("قال الوزير امس", &[0, 0, 0]),
    ];
    let t = Tagger::train(&data, 5, 7);
    let (ws, h, _) = mk("قال بلير امس", &[0, 1, 0]);
    assert_eq!(t.tag(&ws, &h), vec![0, 1, 0]);
    let back = Tagger::from_text(&t.to_text("test"));
    assert_eq!(back.tag(&ws, &h), vec![0, 1, 0]);
}
