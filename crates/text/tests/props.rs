//! Property tests: no panic on arbitrary input, spans are surfaces, the
//! cleaned→raw map round-trips on copied text.

use khabar_text::{clean, sentences, Segmenter};
use proptest::prelude::*;

/// Strings biased towards Arabic news material and residue.
fn newsish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "وزير",
        "الدفاع",
        "للحرس",
        "quot;",
        "&quot;",
        "rlm;",
        "&#8207;",
        "\u{200F}",
        "\u{FEFB}",
        "ـ",
        "\u{064E}",
        "،",
        ".",
        "؟",
        "\n",
        "\n\n",
        " ",
        "  ",
        "«",
        "»",
        "\"",
        "2.5",
        "٢٠١٣",
        "Libanaujourdui",
        "عرض",
        "المصدر : الجزيرة",
        "&",
        "#",
        ";",
        "د.",
        "\r\n",
        "\u{A0}",
    ]);
    prop::collection::vec(
        prop_oneof![atoms.prop_map(String::from), any::<String>()],
        0..40,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn clean_never_panics_and_maps_back(raw in newsish()) {
        let c = clean(&raw);
        // every char of the cleaned text maps inside the raw text, monotonically
        let mut last = 0;
        for (i, ch) in c.text.char_indices() {
            let r = c.map.span_to_raw(i..i + ch.len_utf8());
            prop_assert!(r.start <= r.end && r.end <= raw.len());
            prop_assert!(r.start >= last);
            prop_assert!(raw.is_char_boundary(r.start) && raw.is_char_boundary(r.end));
            last = r.start;
        }
        // copied tokens are found at their mapped raw span
        let toks = Segmenter::builtin().tokenize(&c.text);
        for t in &toks.tokens {
            let (s, e) = (t.start as usize, t.end as usize);
            let r = c.map.span_to_raw(s..e);
            let surface = &c.text[s..e];
            if !surface.contains([' ', '"', '&', '\'']) && raw[r.clone()].chars().all(|ch| !ch.is_control() && ch != ';') {
                // raw may hold removed controls inside; compare without them
                let stripped: String = raw[r].chars().filter(|ch| !khabar_text::clean::controls::is_format_control(*ch) && !khabar_text::clean::controls::is_junk_control(*ch)).collect();
                prop_assert_eq!(stripped, surface.to_string());
            }
        }
    }

    #[test]
    fn bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let s = String::from_utf8_lossy(&bytes);
        let c = clean(&s);
        let _ = sentences::split(&c.text);
        let _ = Segmenter::builtin().tokenize(&c.text);
        let _ = khabar_text::fold(&s);
    }

    #[test]
    fn token_and_sentence_spans_are_surfaces(text in newsish()) {
        for r in sentences::split(&text) {
            prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            prop_assert!(!text[r.clone()].trim().is_empty());
            prop_assert_eq!(text[r.clone()].trim(), &text[r]);
        }
        let toks = Segmenter::builtin().tokenize(&text);
        let mut last_end = 0;
        for t in &toks.tokens {
            let (s, e) = (t.start as usize, t.end as usize);
            prop_assert!(s < e && e <= text.len());
            prop_assert!(s >= last_end, "tokens overlap");
            prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
            prop_assert!(!text[s..e].chars().any(char::is_whitespace));
            last_end = e;
        }
    }
}
