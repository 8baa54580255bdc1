//! Hamza on seats: ؤ (U+0624) → و, ئ (U+0626) → ي. Pre-normalized corpora
//! (NewsFANE) strip hamza, and press spelling varies («مسؤول/مسئول»), so the
//! matching form drops the seat distinction. Bare hamza ء is kept.

pub fn map(c: char) -> Option<char> {
    match c {
        '\u{0624}' => Some('\u{0648}'),
        '\u{0626}' => Some('\u{064A}'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn table() {
        for (i, e) in [('ؤ', Some('و')), ('ئ', Some('ي')), ('ء', None)] {
            assert_eq!(super::map(i), e, "{i}");
        }
    }
}
