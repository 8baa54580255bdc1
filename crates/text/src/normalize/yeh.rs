//! Yeh forms: alef maksura ى (U+0649), Farsi yeh ی (U+06CC) and the yeh
//! with hamza-less final forms fold to ي (U+064A); keheh ک (U+06A9) → ك.

pub fn map(c: char) -> Option<char> {
    match c {
        '\u{0649}' | '\u{06CC}' | '\u{06D2}' => Some('\u{064A}'),
        '\u{06A9}' => Some('\u{0643}'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn table() {
        for (i, e) in [
            ('ى', Some('ي')),
            ('ی', Some('ي')),
            ('ک', Some('ك')),
            ('ي', None),
        ] {
            assert_eq!(super::map(i), e, "{i}");
        }
    }
}
