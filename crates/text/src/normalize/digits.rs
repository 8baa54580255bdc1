//! Arabic-Indic (U+0660–U+0669) and Persian (U+06F0–U+06F9) digits → ASCII;
//! Arabic decimal separator ٫ (U+066B) → `.`, thousands ٬ (U+066C) → `,`.

pub fn map(c: char) -> Option<char> {
    match c {
        '\u{0660}'..='\u{0669}' => char::from_u32(c as u32 - 0x0660 + '0' as u32),
        '\u{06F0}'..='\u{06F9}' => char::from_u32(c as u32 - 0x06F0 + '0' as u32),
        '\u{066B}' => Some('.'),
        '\u{066C}' => Some(','),
        _ => None,
    }
}

pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}')
}

#[cfg(test)]
mod tests {
    #[test]
    fn table() {
        for (i, e) in [
            ('٠', Some('0')),
            ('٩', Some('9')),
            ('۵', Some('5')),
            ('٫', Some('.')),
            ('5', None),
        ] {
            assert_eq!(super::map(i), e, "{i}");
        }
    }
}
