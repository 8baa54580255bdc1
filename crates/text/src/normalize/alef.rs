//! Alef variants fold to bare alef: أ (U+0623), إ (U+0625), آ (U+0622),
//! ٱ (U+0671, wasla), ٲ (U+0672), ٳ (U+0673) → ا (U+0627).

pub fn map(c: char) -> Option<char> {
    match c {
        '\u{0623}' | '\u{0625}' | '\u{0622}' | '\u{0671}' | '\u{0672}' | '\u{0673}' => {
            Some('\u{0627}')
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn table() {
        for (i, e) in [
            ('أ', Some('ا')),
            ('إ', Some('ا')),
            ('آ', Some('ا')),
            ('ٱ', Some('ا')),
            ('ا', None),
            ('ب', None),
        ] {
            assert_eq!(super::map(i), e, "{i}");
        }
    }
}
