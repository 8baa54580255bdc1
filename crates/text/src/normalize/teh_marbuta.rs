//! Optional: teh marbuta ة (U+0629) → heh ه (U+0647), since news text
//! writes «سورية/سوريه» both ways. On in the matching form.

pub fn map(c: char) -> Option<char> {
    match c {
        '\u{0629}' => Some('\u{0647}'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn table() {
        for (i, e) in [('ة', Some('ه')), ('ه', None), ('ت', None)] {
            assert_eq!(super::map(i), e, "{i}");
        }
    }
}
