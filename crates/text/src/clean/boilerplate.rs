//! Scrape boilerplate: whole lines that are widgets, links, site names or
//! Latin-script junk, and the source-attribution line.
//!
//! Data-driven from `data/text/boilerplate.tsv`, and conservative: only whole
//! short lines are judged, and a line is never dropped for a word inside it.
//! Latin junk is a short line (≤ 4 words) with no Arabic letter and no digit
//! inside an otherwise Arabic document.

use std::sync::OnceLock;

const DATA: &str = include_str!("../../../../data/text/boilerplate.tsv");

/// Longest line (in bytes) that can be a label, site name or attribution.
pub const MAX_JUDGED_LINE: usize = 240;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineVerdict {
    Keep,
    Label,
    Prefix,
    Site,
    LatinJunk,
    Attribution,
}

struct Rules {
    labels: Vec<String>,
    prefixes: Vec<String>,
    sites: Vec<String>,
    attributions: Vec<String>,
}

fn rules() -> &'static Rules {
    static R: OnceLock<Rules> = OnceLock::new();
    R.get_or_init(|| {
        let mut r = Rules {
            labels: vec![],
            prefixes: vec![],
            sites: vec![],
            attributions: vec![],
        };
        for line in DATA.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let Some((kind, phrase)) = line.split_once('\t') else {
                continue;
            };
            let phrase = squash(phrase);
            match kind {
                "label" => r.labels.push(phrase),
                "prefix" => r.prefixes.push(phrase),
                "site" => r.sites.push(phrase),
                "attribution" => r.attributions.push(phrase),
                _ => {}
            }
        }
        r
    })
}

/// Lower-cased, alef-folded, trimmed of spaces and light punctuation, single spaces.
fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in w.chars() {
            let c = match c {
                'أ' | 'إ' | 'آ' => 'ا',
                'ى' => 'ي',
                '\u{064B}'..='\u{065F}' | '\u{0640}' => continue,
                c => c,
            };
            out.extend(c.to_lowercase());
        }
    }
    out.trim_matches(|c: char| {
        matches!(
            c,
            ':' | '-' | '|' | '»' | '«' | '•' | '>' | '<' | '،' | '.' | ' '
        )
    })
    .to_string()
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}')
}

/// Judges one visible line (entities already decoded). `edge` says whether
/// the line is among the first 2 or last 6 non-empty lines; `arabic_doc`
/// whether the document is mostly Arabic.
pub fn judge(line: &str, edge: bool, arabic_doc: bool) -> LineVerdict {
    let t = line.trim();
    if t.is_empty() || t.len() > MAX_JUDGED_LINE {
        return LineVerdict::Keep;
    }
    let r = rules();
    let sq = squash(t);
    if sq.is_empty() {
        return LineVerdict::Keep;
    }
    if r.labels.contains(&sq) {
        return LineVerdict::Label;
    }
    if r.prefixes
        .iter()
        .any(|p| sq.starts_with(p.trim_end_matches(':')) && t.contains([':', '：']))
    {
        return LineVerdict::Prefix;
    }
    if attribution(t).is_some() {
        return LineVerdict::Attribution;
    }
    if edge && r.sites.contains(&sq) {
        return LineVerdict::Site;
    }
    if arabic_doc {
        let words = t.split_whitespace().count();
        let has_arabic = t.chars().any(is_arabic_letter);
        let has_digit = t.chars().any(|c| c.is_ascii_digit());
        let has_latin = t.chars().any(|c| c.is_ascii_alphabetic());
        if words <= 4 && !has_arabic && !has_digit && has_latin {
            return LineVerdict::LatinJunk;
        }
    }
    LineVerdict::Keep
}

/// Parses a source-attribution line (`المصدر : الجزيرة + وكالات`) into its names.
pub fn attribution(line: &str) -> Option<Vec<String>> {
    let t = line.trim();
    if t.len() > 160 {
        return None;
    }
    let (head, rest) = t.split_once([':', '：'])?;
    let head = squash(head);
    if !rules().attributions.contains(&head) {
        return None;
    }
    let names: Vec<String> = rest
        .split(['+', '،', ',', '/', '|'])
        .flat_map(|p| p.split(" و "))
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    if names.is_empty() || names.iter().any(|n| n.split_whitespace().count() > 5) {
        return None;
    }
    Some(names)
}

pub fn arabic_share(text: &str) -> f32 {
    let (mut ar, mut letters) = (0usize, 0usize);
    for c in text.chars().take(4000) {
        if is_arabic_letter(c) {
            ar += 1;
            letters += 1;
        } else if c.is_alphabetic() {
            letters += 1;
        }
    }
    if letters == 0 {
        0.0
    } else {
        ar as f32 / letters as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use LineVerdict::*;

    #[test]
    fn table() {
        for (line, edge, expected) in [
            ("مجانى", false, Label),
            ("عرض", true, Label),
            (" اقرأ أيضاً ", false, Label),
            ("اقرأ أيضا: السعودية تعلن عن ميزانية", false, Prefix),
            ("Libanaujourdui", true, Site),
            ("Click here", false, LatinJunk),
            ("المصدر : الجزيرة + وكالات", false, Attribution),
            ("الجزيرة نت", true, Site),
            ("الجزيرة نت", false, Keep),
            ("عرض الرئيس خطة جديدة للسلام.", false, Keep),
            ("وقال المصدر إن الوزير وصل.", false, Keep),
            ("CNN 2015", false, Keep),
            ("", false, Keep),
        ] {
            assert_eq!(judge(line, edge, true), expected, "{line:?}");
        }
    }

    #[test]
    fn attribution_names() {
        assert_eq!(
            attribution("المصدر : الجزيرة + وكالات"),
            Some(vec!["الجزيرة".to_string(), "وكالات".to_string()])
        );
        assert_eq!(
            attribution("المصدر: رويترز"),
            Some(vec!["رويترز".to_string()])
        );
        assert_eq!(attribution("قال المصدر: إن الوفد وصل"), None);
    }
}
