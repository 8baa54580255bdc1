//! Invisible format controls: bidi marks and embeddings, zero-width chars,
//! BOM and soft hyphen. All are deleted; none carries meaning in Arabic news
//! text once it is plain text (ZWNJ matters in Persian, not here).
//!
//! Deleted: U+200B–U+200F, U+202A–U+202E, U+2060–U+2064, U+2066–U+2069,
//! U+061C (Arabic letter mark), U+FEFF, U+00AD, U+FFFC.

pub fn is_format_control(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{061C}'
        | '\u{FEFF}'
        | '\u{00AD}'
        | '\u{FFFC}')
}

/// Other C0/C1 controls that are not whitespace (and U+FFFD from lossy
/// decoding) are also deleted.
pub fn is_junk_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\t' | '\r')) || c == '\u{FFFD}'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        for (c, expected) in [
            ('\u{200F}', true),
            ('\u{200E}', true),
            ('\u{202B}', true),
            ('\u{FEFF}', true),
            ('\u{061C}', true),
            ('ع', false),
            (' ', false),
            ('\u{0640}', false), // tatweel is normalization's job
        ] {
            assert_eq!(is_format_control(c), expected, "{c:?}");
        }
        assert!(is_junk_control('\u{0007}'));
        assert!(!is_junk_control('\n'));
    }
}
