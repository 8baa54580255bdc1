//! Sentence splitting for Arabic news.
//!
//! Ends: `.` `؟` `?` `!` `؛` `…` and line breaks. Not ends: the Arabic comma
//! `،`; a `.` between digits (2.5); a `.` after a one-letter abbreviation
//! («د.», «م.») or a known one («ق.م.», «ص.»); any end inside a quotation
//! that closes on the same line within 600 bytes. Closing quotes and brackets
//! after an end stay with the sentence. Spans are byte ranges into the text,
//! trimmed of whitespace.

use std::ops::Range;

const QUOTE_WINDOW: usize = 600;

fn closing_for(c: char) -> Option<char> {
    match c {
        '«' => Some('»'),
        '“' => Some('”'),
        '"' => Some('"'),
        '(' => Some(')'),
        _ => None,
    }
}

fn is_end(c: char) -> bool {
    matches!(c, '.' | '؟' | '?' | '!' | '؛' | '…')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '”' | '»' | '\'' | ')' | ']' | '’')
}

/// The word (non-space run) that ends at byte `i`.
fn word_before(s: &str, i: usize) -> &str {
    let head = &s[..i];
    let start = head
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace() || matches!(c, '(' | '«' | '"' | '“'))
        .map(|(j, c)| j + c.len_utf8())
        .unwrap_or(0);
    &head[start..]
}

fn is_abbreviation(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| *c != '.').collect();
    if letters.len() == 1 && letters[0].is_alphabetic() {
        return true;
    }
    // dotted abbreviations like ق.م or أ.د
    word.contains('.') && letters.len() <= 3 && letters.iter().all(|c| c.is_alphabetic())
}

/// Sentence spans (byte ranges) of `text`.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut start = 0usize;
    let mut quote_end = 0usize; // byte offset until which ends are suppressed
    let mut k = 0usize;
    while k < chars.len() {
        let (i, c) = chars[k];
        if c == '\n' {
            push_trimmed(text, start..i, &mut out);
            start = i + 1;
            quote_end = 0;
            k += 1;
            continue;
        }
        if i >= quote_end {
            if let Some(close) = closing_for(c) {
                if c != '(' {
                    let rest = &text[i + c.len_utf8()..];
                    let window = &rest[..floor_boundary(rest, QUOTE_WINDOW)];
                    let window = window.split('\n').next().unwrap_or("");
                    if let Some(j) = window.find(close) {
                        quote_end = i + c.len_utf8() + j + close.len_utf8();
                    }
                }
                k += 1;
                continue;
            }
        }
        if is_end(c) && i >= quote_end {
            let prev = if k > 0 { Some(chars[k - 1].1) } else { None };
            let next = chars.get(k + 1).map(|x| x.1);
            let numeric = c == '.'
                && prev.is_some_and(crate::normalize::digits::is_digit)
                && next.is_some_and(crate::normalize::digits::is_digit);
            let abbrev =
                c == '.' && next.is_none_or(|n| n == ' ') && is_abbreviation(word_before(text, i));
            if !numeric && !abbrev {
                // take the whole run of ends and closers
                let mut m = k + 1;
                while m < chars.len() && (is_end(chars[m].1) || is_closer(chars[m].1)) {
                    m += 1;
                }
                let end = chars.get(m).map_or(text.len(), |x| x.0);
                push_trimmed(text, start..end, &mut out);
                start = end;
                k = m;
                continue;
            }
        }
        k += 1;
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

fn floor_boundary(s: &str, mut n: usize) -> usize {
    if n >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(n) {
        n -= 1;
    }
    n
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    if r.start >= r.end || r.end > text.len() {
        return;
    }
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(r.start + lead..r.end - trail);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &[&str]) {
        let got: Vec<&str> = split(input).into_iter().map(|r| &input[r]).collect();
        assert_eq!(got, expected, "{input:?}");
    }

    #[test]
    fn table() {
        check(
            "وصل الوزير. وقال إن الزيارة مهمة، وأضاف أنها ناجحة.",
            &["وصل الوزير.", "وقال إن الزيارة مهمة، وأضاف أنها ناجحة."],
        );
        check("بلغ النمو 2.5 في المئة.", &["بلغ النمو 2.5 في المئة."]);
        check("قال د. أحمد إن الوضع صعب.", &["قال د. أحمد إن الوضع صعب."]);
        check(
            "قال: «الوضع صعب. والحل قريب». ثم غادر.",
            &["قال: «الوضع صعب. والحل قريب».", "ثم غادر."],
        );
        check(
            "هل تنجح الهدنة؟ لا أحد يعرف!",
            &["هل تنجح الهدنة؟", "لا أحد يعرف!"],
        );
        check(
            "عنوان\n\nالفقرة الأولى؛ والثانية",
            &["عنوان", "الفقرة الأولى؛", "والثانية"],
        );
        check("انتهى...", &["انتهى..."]);
        check("", &[]);
        check("قال \"نعم. لا\" ثم", &["قال \"نعم. لا\" ثم"]);
    }
}
