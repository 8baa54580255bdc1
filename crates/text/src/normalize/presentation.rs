//! Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF) → their NFKC
//! letters (ﻻ → لا, ﺑ → ب). Other text is untouched: full NFKC would also
//! rewrite punctuation and digits we keep as written.

use unicode_normalization::char::decompose_compatible;

pub fn is_presentation(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}')
}

/// Pushes the compatibility decomposition of `c` (assumed a presentation form).
pub fn expand(c: char, out: &mut impl FnMut(char)) {
    decompose_compatible(c, out);
}

#[cfg(test)]
mod tests {
    fn exp(c: char) -> String {
        let mut s = String::new();
        super::expand(c, &mut |d| s.push(d));
        s
    }

    #[test]
    fn table() {
        assert_eq!(exp('\u{FEFB}'), "لا");
        assert_eq!(exp('\u{FE91}'), "ب");
        assert!(super::is_presentation('\u{FEFB}'));
        assert!(!super::is_presentation('ب'));
    }
}
