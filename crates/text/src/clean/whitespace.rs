//! Whitespace tidying, as edits: every run of whitespace becomes one space
//! (no newline in it), one `\n` (one newline) or `\n\n` (a paragraph break);
//! runs at the start or end of the document are dropped. `\r`, tabs, NBSP and
//! the Unicode space separators count as whitespace.

use crate::offsets::Edit;

pub fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\r' | '\n' | '\u{0B}' | '\u{0C}' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{2028}' | '\u{2029}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

pub fn tidy_edits(s: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if !is_space(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        let mut newlines = usize::from(c == '\n' || c == '\u{2029}' || c == '\u{2028}');
        while let Some(&(j, d)) = it.peek() {
            if !is_space(d) {
                break;
            }
            if d == '\n' || d == '\u{2029}' || d == '\u{2028}' {
                newlines += 1;
            }
            end = j + d.len_utf8();
            it.next();
        }
        let rep = if i == 0 || end == s.len() {
            ""
        } else {
            match newlines {
                0 => " ",
                1 => "\n",
                _ => "\n\n",
            }
        };
        if &s[i..end] != rep {
            edits.push(Edit {
                range: i..end,
                replacement: rep.to_string(),
            });
        }
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::offsets::Layer;

    fn check(input: &str, expected: &str) {
        let (out, _) = Layer::apply(input, &tidy_edits(input));
        assert_eq!(out, expected, "{input:?}");
    }

    #[test]
    fn table() {
        check("  a  b \n\n\n c \r\n d\t", "a b\n\nc\nd");
        check("x\u{a0}y", "x y");
        check("\n\n", "");
        check("a b", "a b");
    }
}
