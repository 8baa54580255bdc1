//! The extract stage never panics and keeps every span on the text's char
//! boundaries, for any input.

use khabar_extract::Extractor;
use proptest::prelude::*;
use std::sync::OnceLock;

fn ex() -> &'static Extractor {
    static E: OnceLock<Extractor> = OnceLock::new();
    E.get_or_init(Extractor::default)
}

/// Arabic-heavy text: letters, clitics, names, digits, punctuation.
fn arabic() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "و",
        "ال",
        "لل",
        "ب",
        "س",
        "قال",
        "إن",
        "أن",
        "وزير",
        "الدفاع",
        "العراقي",
        "إيران",
        "طهران",
        "بغداد",
        "أمس",
        "السبت",
        "الـ",
        "18",
        "من",
        "أكتوبر",
        "/",
        "تشرين",
        "الأول",
        "الماضي",
        "عام",
        "2003",
        "هجوم",
        "قتل",
        "مظاهرة",
        "المتظاهرون",
        "الحرس",
        "الثوري",
        "،",
        ".",
        "؟",
        "«",
        "»",
        " ",
        " ",
        "\n",
        "علي",
        "على",
        "نظيره",
        "الإيراني",
        "اللواء",
        "محمد",
        "ستوقّعان",
        "ّ",
        "ـ",
        "٣",
        "x",
        "é",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

/// Every word the event coder knows (trigger forms, context words, cue
/// phrases, country names), so generated text walks the coder's rarer paths:
/// triggers next to triggers, cues with nothing after them, clitics glued on.
fn lexicon_words() -> &'static [String] {
    static W: OnceLock<Vec<String>> = OnceLock::new();
    W.get_or_init(|| {
        let lx = khabar_lexicon::builtin();
        let mut w: Vec<String> = Vec::new();
        for e in &lx.events {
            w.extend(e.words().cloned());
        }
        for kind in [
            "negation",
            "future",
            "hypothetical",
            "historical",
            "report",
            "non_event",
            "formula",
            "realized",
            "crowd_quantity",
            "crowd_people",
            "exposed",
            "talks",
        ] {
            w.extend(lx.cues.get(kind).iter().cloned());
        }
        for c in &lx.countries {
            w.extend(c.names.iter().cloned());
        }
        w.sort();
        w.dedup();
        w
    })
}

fn lexicon_text() -> impl Strategy<Value = String> {
    let n = lexicon_words().len();
    let clitic = prop::sample::select(vec!["", "", "", "و", "ف", "ب", "ل", "وب", "س", "ال"]);
    let sep = prop::sample::select(vec![" ", " ", " ", "، ", ". ", " «", "» "]);
    prop::collection::vec((clitic, 0..n, sep), 0..40).prop_map(|v| {
        v.into_iter()
            .map(|(c, i, s)| format!("{c}{}{s}", lexicon_words()[i]))
            .collect()
    })
}

fn check(text: &str) {
    let e = ex();
    let toks = e.segmenter().tokenize(text);
    let sents = khabar_text::sentences::split(text);
    let x = e.extract(text, &toks, &sents, Some("2020-11-08"));
    for en in &x.entities {
        assert!(
            text.get(en.span.0..en.span.1).is_some(),
            "entity span {:?} in {text:?}",
            en.span
        );
    }
    for d in &x.dates {
        assert!(
            text.get(d.span.0..d.span.1).is_some(),
            "date span {:?}",
            d.span
        );
    }
    for ev in &x.events {
        assert!(
            text.get(ev.span.0..ev.span.1).is_some(),
            "event span {:?}",
            ev.span
        );
        assert!(text.get(ev.trigger.0..ev.trigger.1).is_some());
        assert!(
            ev.source.is_some() || ev.target.is_some(),
            "an event without actors"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn no_panic_on_arabic_like_text(s in arabic()) {
        check(&s);
    }

    #[test]
    fn no_panic_on_lexicon_word_salad(s in lexicon_text()) {
        check(&s);
    }

    #[test]
    fn no_panic_on_any_string(s in ".{0,200}") {
        check(&s);
    }
}
