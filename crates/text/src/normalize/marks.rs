//! Marks that carry no letter: tatweel ـ (U+0640), harakat and tanwin
//! (U+064B–U+065F), superscript alef (U+0670), Quranic marks (U+06D6–U+06ED),
//! and U+0610–U+061A. All are dropped in the matching form.

pub fn is_mark(c: char) -> bool {
    matches!(c, '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0610}'..='\u{061A}')
}

#[cfg(test)]
mod tests {
    #[test]
    fn table() {
        for (i, e) in [
            ('ـ', true),
            ('\u{064E}', true),
            ('\u{0651}', true),
            ('\u{0670}', true),
            ('ب', false),
            ('،', false),
        ] {
            assert_eq!(super::is_mark(i), e, "{i:?}");
        }
    }
}
