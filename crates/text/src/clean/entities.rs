//! HTML entity residue, with or without the leading `&`.
//!
//! Scraped Arabic news often carries entities whose `&` was lost on the way:
//! `quot;اليوم` or `rlm;الثوري`. Mappings (name → replacement):
//! `quot`→`"`, `amp`→`&`, `lt`→`<`, `gt`→`>`, `apos`→`'`, `nbsp`→space,
//! `laquo`→`«`, `raquo`→`»`, `ldquo`/`rdquo`→`"`, `lsquo`/`rsquo`→`'`,
//! `ndash`→`–`, `mdash`→`—`, `hellip`→`…`, `rlm`/`lrm`/`zwnj`/`zwj`/`shy`→
//! nothing; numeric `&#NNN;` / `&#xHH;` (and `#NNN;` without `&`) → the char,
//! or nothing when it is a control. A bare name (no `&`) is only taken when
//! the char before it is not an ASCII letter, so Latin words are not cut.

/// Looks for an entity at byte `i` of `s`. Returns (length in bytes, replacement).
pub fn entity_at(s: &str, i: usize) -> Option<(usize, &'static str, Option<char>)> {
    let b = s.as_bytes();
    let amp = b.get(i) == Some(&b'&');
    let start = if amp { i + 1 } else { i };
    if !amp {
        // bare residue must not continue a Latin word
        if i > 0 && b[i - 1].is_ascii_alphabetic() {
            return None;
        }
    }
    let first = *b.get(start)?;
    if first == b'#' {
        let mut j = start + 1;
        let hex = matches!(b.get(j), Some(b'x') | Some(b'X'));
        if hex {
            j += 1;
        }
        let dstart = j;
        while j < b.len()
            && j - dstart < 7
            && (if hex {
                b[j].is_ascii_hexdigit()
            } else {
                b[j].is_ascii_digit()
            })
        {
            j += 1;
        }
        if j == dstart || b.get(j) != Some(&b';') {
            return None;
        }
        if !amp && !hex && j - dstart < 3 {
            // "#12;" without & is too likely to be real text
            return None;
        }
        let num = u32::from_str_radix(&s[dstart..j], if hex { 16 } else { 10 }).ok()?;
        let c = char::from_u32(num)?;
        let len = j + 1 - i;
        if crate::clean::controls::is_format_control(c) {
            return Some((len, "", None));
        }
        if c == '\u{a0}' {
            return Some((len, " ", None));
        }
        return Some((len, "", Some(c)));
    }
    if !first.is_ascii_alphabetic() {
        return None;
    }
    let mut j = start;
    while j < b.len() && j - start < 8 && b[j].is_ascii_alphabetic() {
        j += 1;
    }
    if b.get(j) != Some(&b';') {
        return None;
    }
    let name = &s[start..j];
    let rep = named(name, amp)?;
    Some((j + 1 - i, rep, None))
}

fn named(name: &str, amp: bool) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    let r = match lower.as_str() {
        "quot" => "\"",
        "amp" => "&",
        "nbsp" => " ",
        "rlm" | "lrm" | "zwnj" | "zwj" | "shy" => "",
        "laquo" => "«",
        "raquo" => "»",
        "ldquo" | "rdquo" | "bdquo" => "\"",
        "lsquo" | "rsquo" => "'",
        "hellip" => "…",
        "ndash" => "–",
        "mdash" => "—",
        // short names are only safe with their ampersand
        "lt" if amp => "<",
        "gt" if amp => ">",
        "apos" if amp => "'",
        _ => return None,
    };
    Some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, at: usize, expected: Option<(usize, &str)>) {
        let got = entity_at(input, at)
            .map(|(l, r, c)| (l, c.map(|c| c.to_string()).unwrap_or_else(|| r.to_string())));
        assert_eq!(
            got.as_ref().map(|(l, r)| (*l, r.as_str())),
            expected,
            "input {input:?} at {at}"
        );
    }

    #[test]
    fn table() {
        check("quot;اليوم", 0, Some((5, "\"")));
        check("&quot;x", 0, Some((6, "\"")));
        check("rlm;الثوري", 0, Some((4, "")));
        check("&rlm;", 0, Some((5, "")));
        check("nbsp;", 0, Some((5, " ")));
        check("&#8207;", 0, Some((7, "")));
        check("&#1593;", 0, Some((7, "ع")));
        check("&#x627;", 0, Some((7, "ا")));
        check("#8207;", 0, Some((6, "")));
        check("#12;", 0, None);
        check("aquot;", 1, None);
        check("lt;", 0, None);
        check("&lt;", 0, Some((4, "<")));
        check("quot", 0, None);
        check("&unknown;", 0, None);
    }
}
