//! The matching form: what lexicons and search compare.
//!
//! Steps, in order, each in its own file with its exact mappings:
//! `presentation` (NFKC of presentation forms), `marks` (drop tatweel and
//! diacritics), `alef`, `yeh`, `hamza`, `teh_marbuta` (optional), `digits`.
//! The surface text is never rewritten: tokens carry both their span and
//! their matching form.

pub mod alef;
pub mod digits;
pub mod hamza;
pub mod marks;
pub mod presentation;
pub mod teh_marbuta;
pub mod yeh;

/// Which optional folds are on.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub teh_marbuta: bool,
    pub hamza: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            teh_marbuta: true,
            hamza: true,
        }
    }
}

/// The matching form of one char that is not a presentation form:
/// `None` when it is dropped (a mark).
#[inline]
pub fn fold_char(c: char, o: Options) -> Option<char> {
    if c.is_ascii() {
        return Some(c);
    }
    if marks::is_mark(c) {
        return None;
    }
    let hamza = || if o.hamza { hamza::map(c) } else { None };
    let teh = || {
        if o.teh_marbuta {
            teh_marbuta::map(c)
        } else {
            None
        }
    };
    Some(
        alef::map(c)
            .or_else(|| yeh::map(c))
            .or_else(hamza)
            .or_else(teh)
            .or_else(|| digits::map(c))
            .unwrap_or(c),
    )
}

#[inline]
fn fold_one(c: char, o: Options, out: &mut String) {
    if let Some(c) = fold_char(c, o) {
        out.push(c);
    }
}

/// Appends the matching form of `s` to `out`.
pub fn fold_into(s: &str, o: Options, out: &mut String) {
    for c in s.chars() {
        if presentation::is_presentation(c) {
            presentation::expand(c, &mut |d| fold_one(d, o, out));
        } else {
            fold_one(c, o, out);
        }
    }
}

/// The matching form of `s` with default options.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, Options::default(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(fold(input), expected, "{input:?}");
    }

    #[test]
    fn table() {
        check("ستوقّعان", "ستوقعان");
        check("أميركا", "اميركا");
        check("إيران", "ايران");
        check("مصطفى", "مصطفي");
        check("الـ18", "ال18");
        check("٢٠١٣", "2013");
        check("سورية", "سوريه");
        check("مسؤول", "مسوول");
        check("\u{FEFB}", "لا");
        check("abc", "abc");
    }
}
