//! Tokens with clitic segmentation.
//!
//! A word is a run of Arabic letters and marks, a number, a Latin run, or a
//! single punctuation char. Arabic words are split into proclitics
//! (و ف, then ب ل ك, then the article ال; «لل» is ل + ال with the alef
//! elided; future س before a present-tense prefix), a stem, and a pronoun
//! suffix. Splits are guided by a lexicon: a word listed as whole is never
//! cut («وليد», «بغداد», «فلسطين»), a bare preposition or a suffix is only
//! split off when the remaining stem is a known word, and و/ف only when the
//! rest is long enough or known. Every token has a byte span into the text
//! (its surface) and a matching form (`norm`), e.g. «للحرس» → ل | ل (norm
//! «ال») | حرس.

use crate::normalize::{self, digits, marks, presentation};
use rustc_hash::FxHashSet as HashSet;
use serde::Serialize;
use std::sync::OnceLock;

const WHOLE_WORDS: &str = include_str!("../../../data/text/whole_words.txt");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// a stem or an unsegmented word
    Word,
    /// و ف ب ل ك س
    Proclitic,
    /// ال (or the ل of «لل»)
    Article,
    /// an attached pronoun
    Suffix,
    Number,
    Latin,
    Punct,
}

/// One token. `start..end` are byte offsets into the analysed text;
/// `norm_start..norm_end` into [`Tokens::norms`]; `word` numbers the
/// whitespace/punctuation-delimited word the token belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    pub norm_start: u32,
    pub norm_end: u32,
    pub kind: Kind,
    pub word: u32,
}

#[derive(Debug, Clone, Default)]
pub struct Tokens {
    pub tokens: Vec<Token>,
    pub norms: String,
}

impl Tokens {
    pub fn norm(&self, t: &Token) -> &str {
        &self.norms[t.norm_start as usize..t.norm_end as usize]
    }
    pub fn len(&self) -> usize {
        self.tokens.len()
    }
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}

/// The clitic segmenter and its lexicon.
#[derive(Debug, Clone)]
pub struct Segmenter {
    /// never cut (matching forms)
    whole: HashSet<String>,
    /// stems known to exist (matching forms), licensing a cut
    known: HashSet<String>,
}

impl Default for Segmenter {
    fn default() -> Self {
        let mut whole = HashSet::default();
        for line in WHOLE_WORDS.lines() {
            let w = line.trim();
            if w.is_empty() || w.starts_with('#') {
                continue;
            }
            whole.insert(normalize::fold(w));
        }
        let known = whole.clone();
        Segmenter { whole, known }
    }
}

impl Segmenter {
    /// The shared segmenter with only the built-in word list.
    pub fn builtin() -> &'static Segmenter {
        static S: OnceLock<Segmenter> = OnceLock::new();
        S.get_or_init(Segmenter::default)
    }

    /// Adds words that must stay whole (names, places); also known stems.
    pub fn add_whole<I: IntoIterator<Item = S>, S: AsRef<str>>(&mut self, words: I) {
        for w in words {
            let f = normalize::fold(w.as_ref());
            if !f.is_empty() {
                self.known.insert(f.clone());
                self.whole.insert(f);
            }
        }
    }

    /// Adds known stems (which license a cut but may themselves be cut).
    pub fn add_known<I: IntoIterator<Item = S>, S: AsRef<str>>(&mut self, words: I) {
        for w in words {
            let f = normalize::fold(w.as_ref());
            if !f.is_empty() {
                self.known.insert(f);
            }
        }
    }

    pub fn is_whole(&self, norm: &str) -> bool {
        self.whole.contains(norm)
    }

    fn is_known(&self, norm: &str) -> bool {
        self.known.contains(norm)
    }

    /// Tokenizes `text`. Never panics.
    pub fn tokenize(&self, text: &str) -> Tokens {
        let mut out = Tokens {
            tokens: Vec::with_capacity(text.len() / 5),
            norms: String::with_capacity(text.len()),
        };
        let mut word = 0u32;
        let mut letters: Vec<Letter> = Vec::with_capacity(32);
        // the current word's matching form, reused so a word costs no allocation
        let mut n = String::with_capacity(96);
        // by byte position, so an Arabic run is decoded once (collect_letters finds its end)
        let mut pos = 0;
        while let Some(c) = text[pos..].chars().next() {
            let i = pos;
            pos += c.len_utf8();
            if c.is_whitespace() {
                continue;
            }
            if is_arabic(c) {
                letters.clear();
                let end = collect_letters(text, i, &mut letters);
                pos = end;
                self.segment(text, i, end, &letters, word, &mut n, &mut out);
                word += 1;
            } else if digits::is_digit(c) {
                let mut end = pos;
                while let Some(d) = text[end..].chars().next() {
                    if digits::is_digit(d) {
                        end += d.len_utf8();
                    } else if matches!(d, '.' | ',' | '٫' | '٬') {
                        // a separator only when a digit follows it
                        let after = text[end + d.len_utf8()..].chars().next();
                        if after.is_some_and(digits::is_digit) {
                            end += d.len_utf8();
                        } else {
                            break;
                        }
                    } else {
                        break;
                    }
                }
                pos = end;
                push(&mut out, text, i, end, Kind::Number, word, None);
                word += 1;
            } else if c.is_alphanumeric() {
                let mut end = pos;
                while let Some(d) = text[end..].chars().next() {
                    if d.is_alphanumeric() && !is_arabic(d) {
                        end += d.len_utf8();
                    } else {
                        break;
                    }
                }
                pos = end;
                push(&mut out, text, i, end, Kind::Latin, word, None);
                word += 1;
            } else {
                push(&mut out, text, i, pos, Kind::Punct, word, None);
                word += 1;
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn segment(
        &self,
        text: &str,
        start: usize,
        end: usize,
        letters: &[Letter],
        word: u32,
        n: &mut String,
        out: &mut Tokens,
    ) {
        let nl = letters.len();
        // the word's matching form and each letter's byte offset in it
        n.clear();
        let mut lb: [usize; 48] = [0; 48];
        for (k, l) in letters.iter().enumerate() {
            if k < lb.len() {
                lb[k] = n.len();
            }
            n.push(l.c);
        }
        let n: &str = n;
        let whole = |out: &mut Tokens| {
            let kind = if n == "ال" {
                Kind::Article
            } else {
                Kind::Word
            };
            push(out, text, start, end, kind, word, Some(n));
        };
        // very long runs (glued words, junk) are not segmented
        if nl <= 2 || nl >= lb.len() || self.is_whole(n) {
            return whole(out);
        }
        let c = |k: usize| letters[k].c;
        // a final teh marbuta (folded to ه) is no pronoun: the word is a noun
        let tm = text[letters[nl - 1].start..letters[nl - 1].end].starts_with('ة');
        let rest = |k: usize| &n[lb[k]..];
        // (letter index where the part ends, kind, norm override)
        let mut cuts: [(usize, Kind, Option<&'static str>); 4] = [(0, Kind::Word, None); 4];
        let mut nc = 0usize;
        let mut pos = 0usize;
        // conjunction
        if matches!(c(0), 'و' | 'ف') && nl > 2 {
            let r = rest(1);
            let article = r.starts_with("ال") || r.starts_with("لل");
            let mut ok = self.is_known(r) || article || nl > 3;
            // a known word that merely begins with و/ف stays whole when the rest is no
            // word: «فرقت» (not ف + «رقت»), «وصلت», «فعالياته»
            if ok && !article && self.lexical(n, tm, 3) && !self.lexical(r, tm, 2) {
                ok = false;
            }
            if ok {
                cuts[nc] = (1, Kind::Proclitic, None);
                nc += 1;
                pos = 1;
            }
        }
        // preposition (with article) or future marker
        if nl - pos >= 3 && !self.is_whole(rest(pos)) {
            let c0 = c(pos);
            if c0 == 'ل' && c(pos + 1) == 'ل' && nl - pos >= 4 {
                cuts[nc] = (pos + 1, Kind::Proclitic, None);
                cuts[nc + 1] = (pos + 2, Kind::Article, Some("ال"));
                nc += 2;
                pos += 2;
            } else if matches!(c0, 'ب' | 'ك' | 'ل') {
                let r1 = rest(pos + 1);
                if (r1.starts_with("ال") && nl - pos >= 5) || self.is_known(r1) {
                    cuts[nc] = (pos + 1, Kind::Proclitic, None);
                    nc += 1;
                    pos += 1;
                }
            } else if c0 == 'س'
                && nl - pos > 3
                && self.future_verb(text, letters, &n[lb[pos]..], c(pos + 1), tm)
            {
                cuts[nc] = (pos + 1, Kind::Proclitic, None);
                nc += 1;
                pos += 1;
            }
        }
        // article
        let mut has_article = false;
        if pos + 1 < nl
            && c(pos) == 'ا'
            && c(pos + 1) == 'ل'
            && nl - pos >= 4
            && !self.is_whole(rest(pos))
        {
            cuts[nc] = (pos + 2, Kind::Article, None);
            nc += 1;
            pos += 2;
            has_article = true;
        }
        // pronoun suffix
        let mut suffix_at = nl;
        if !has_article && nl - pos >= 4 {
            let stem_full = rest(pos);
            if !self.is_known(stem_full) {
                for suf in ["هما", "كما", "هم", "هن", "ها", "كم", "نا", "ه", "ك"]
                {
                    let sl = suf.chars().count();
                    if nl - pos < sl + 2 || !stem_full.ends_with(suf) || (tm && suf == "ه") {
                        continue;
                    }
                    if self.stem_known(&n[lb[pos]..lb[nl - sl]]) {
                        suffix_at = nl - sl;
                        break;
                    }
                }
            }
        }
        // emit
        let mut from = 0usize;
        for &(to, kind, norm) in
            cuts[..nc]
                .iter()
                .chain(std::iter::once(&(suffix_at, Kind::Word, None)))
        {
            if to <= from {
                continue;
            }
            let norm = norm.unwrap_or(&n[lb[from]..if to < nl { lb[to] } else { n.len() }]);
            emit(out, text, letters, from, to, kind, word, norm);
            from = to;
        }
        if from < nl {
            emit(
                out,
                text,
                letters,
                from,
                nl,
                Kind::Suffix,
                word,
                &n[lb[from]..],
            );
        }
    }

    /// Could `word` (a future «س», then `prefix`, then a stem) be a present-tense
    /// verb? The prefix is ي/ت/ن (first-person «سأ» is rare in news, and «سا»
    /// begins many words: «ساحة», «ساهم», «سائق»); a verb never ends in teh
    /// marbuta (`tm`), «ات», a bare or tanween alef, nor in «ين» except after ت;
    /// and a known word (with its suffixes) is not cut into an unknown one
    /// («سيطرته», «سياستها»).
    fn future_verb(
        &self,
        text: &str,
        letters: &[Letter],
        word: &str,
        prefix: char,
        tm: bool,
    ) -> bool {
        if !matches!(prefix, 'ي' | 'ت' | 'ن') || tm {
            return false;
        }
        let Some(last) = letters.last() else {
            return false;
        };
        let tail = &text[last.start..last.end];
        if tail.starts_with('ا') || tail.contains(['\u{064B}', '\u{064C}', '\u{064D}']) {
            return false;
        }
        if word.ends_with("ات") || (prefix != 'ت' && word.ends_with("ين")) {
            return false;
        }
        let rest = &word['س'.len_utf8()..];
        !self.lexical(word, false, 3) || self.lexical(rest, false, 2)
    }

    /// A known word, possibly inflected: itself, without a verb/noun ending
    /// («وصلت» ← «وصل»), or with an attached pronoun («فعالياته» ← «فعاليات»,
    /// «سيطرته» ← «سيطرة»); a word ending in teh marbuta (`tm`) only as
    /// itself or as the feminine of a known word («فريدة» ← «فريد»). Stems
    /// shorter than `min` letters do not count.
    fn lexical(&self, w: &str, tm: bool, min: usize) -> bool {
        if self.is_known(w) {
            return true;
        }
        let long = |s: &str| s.chars().count() >= min;
        if tm {
            return w
                .strip_suffix('ه')
                .is_some_and(|m| long(m) && self.is_known(m));
        }
        let ending = ["ت", "وا", "ا", "ن", "ون", "ين", "ان", "تا"]
            .iter()
            .any(|e| {
                w.strip_suffix(e)
                    .is_some_and(|s| long(s) && self.is_known(s))
            });
        ending
            || ["ها", "هم", "هما", "ه", "نا"].iter().any(|e| {
                w.strip_suffix(e)
                    .is_some_and(|s| long(s) && self.stem_known(s))
            })
    }

    fn stem_known(&self, stem: &str) -> bool {
        if self.is_known(stem) {
            return true;
        }
        // حكومته → حكومة (teh marbuta written ت before a suffix); لقائه → لقاء
        let Some(last) = stem.chars().next_back() else {
            return false;
        };
        let base = match last {
            'ت' => 'ه',
            'ي' | 'و' => 'ء',
            _ => return false,
        };
        // the candidate in a stack buffer: this runs for many words, an allocation each was costly
        let head = &stem.as_bytes()[..stem.len() - last.len_utf8()];
        let mut buf = [0u8; 128];
        let n = head.len() + base.len_utf8();
        if n > buf.len() {
            let mut s = String::with_capacity(n);
            s.push_str(&stem[..head.len()]);
            s.push(base);
            return self.is_known(&s);
        }
        buf[..head.len()].copy_from_slice(head);
        base.encode_utf8(&mut buf[head.len()..n]);
        std::str::from_utf8(&buf[..n]).is_ok_and(|s| self.is_known(s))
    }
}

#[derive(Debug, Clone, Copy)]
struct Letter {
    c: char,
    start: usize,
    end: usize,
}

/// Letters of an Arabic run in matching form, each with its surface span
/// (marks such as shadda or tatweel are included in the preceding letter's span).
/// The run starts at `start` and ends before the first char that is not [`is_arabic`]; returns
/// its end.
fn collect_letters(text: &str, start: usize, out: &mut Vec<Letter>) -> usize {
    let opts = normalize::Options::default();
    let block = arabic_block();
    let mut buf = String::new();
    let mut end = start;
    for (off, c) in text[start..].char_indices() {
        if !is_arabic(c) {
            break;
        }
        let i = start + off;
        let cend = i + c.len_utf8();
        end = cend;
        // the common case, a char of the Arabic block, from the table
        if let Some(&f) = block.get((c as usize).wrapping_sub(0x600)) {
            match f {
                MARK => {
                    if let Some(last) = out.last_mut() {
                        last.end = cend;
                    }
                }
                DROPPED => {}
                _ => out.push(Letter {
                    c: char::from_u32(f).unwrap_or(c),
                    start: i,
                    end: cend,
                }),
            }
            continue;
        }
        if marks::is_mark(c) {
            if let Some(last) = out.last_mut() {
                last.end = cend;
            }
            continue;
        }
        if !presentation::is_presentation(c) {
            if let Some(d) = normalize::fold_char(c, opts) {
                out.push(Letter {
                    c: d,
                    start: i,
                    end: cend,
                });
            }
            continue;
        }
        buf.clear();
        let mut tmp = String::new();
        presentation::expand(c, &mut |d| tmp.push(d));
        normalize::fold_into(&tmp, opts, &mut buf);
        let mut first = true;
        for d in buf.chars() {
            // a ligature's second letter shares the span: it cannot be cut apart
            out.push(Letter {
                c: d,
                start: if first { i } else { cend },
                end: cend,
            });
            first = false;
        }
    }
    end
}

const MARK: u32 = u32::MAX;
const DROPPED: u32 = u32::MAX - 1;

/// What [`collect_letters`] makes of each char U+0600..=U+06FF: [`MARK`], [`DROPPED`] or the
/// folded char; built once from `is_mark` and `fold_char`, so it cannot disagree with them.
fn arabic_block() -> &'static [u32; 256] {
    static T: OnceLock<[u32; 256]> = OnceLock::new();
    T.get_or_init(|| {
        let opts = normalize::Options::default();
        let mut t = [DROPPED; 256];
        for (k, x) in t.iter_mut().enumerate() {
            let Some(c) = char::from_u32(0x600 + k as u32) else {
                continue;
            };
            debug_assert!(!presentation::is_presentation(c));
            *x = if marks::is_mark(c) {
                MARK
            } else {
                normalize::fold_char(c, opts).map_or(DROPPED, u32::from)
            };
        }
        t
    })
}

#[allow(clippy::too_many_arguments)]
fn emit(
    out: &mut Tokens,
    text: &str,
    letters: &[Letter],
    from: usize,
    to: usize,
    kind: Kind,
    word: u32,
    norm: &str,
) {
    let s = letters[from].start;
    let e = letters[to - 1].end;
    if s >= e {
        // a ligature's second letter: no surface of its own
        return;
    }
    push(out, text, s, e, kind, word, Some(norm));
}

fn push(
    out: &mut Tokens,
    text: &str,
    s: usize,
    e: usize,
    kind: Kind,
    word: u32,
    norm: Option<&str>,
) {
    let ns = out.norms.len();
    match norm {
        Some(n) => out.norms.push_str(n),
        None => normalize::fold_into(&text[s..e], normalize::Options::default(), &mut out.norms),
    }
    out.tokens.push(Token {
        start: s as u32,
        end: e as u32,
        norm_start: ns as u32,
        norm_end: out.norms.len() as u32,
        kind,
        word,
    });
}

/// Arabic letters, marks and presentation forms (not Arabic digits or punctuation).
pub fn is_arabic(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{0620}'..='\u{065F}'
        | '\u{066E}'..='\u{06D3}'
        | '\u{06D5}'..='\u{06ED}'
        | '\u{06FA}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFC}')
        && c != '\u{06D4}'
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "surface/norm" per token, space separated; `|` between words.
    fn check(input: &str, expected: &str) {
        let seg = Segmenter::builtin();
        let toks = seg.tokenize(input);
        let mut got = String::new();
        let mut last_word = None;
        for t in &toks.tokens {
            if let Some(w) = last_word {
                got.push_str(if w == t.word { " " } else { " | " });
            }
            let surface = &input[t.start as usize..t.end as usize];
            let norm = toks.norm(t);
            if surface == norm {
                got.push_str(surface);
            } else {
                got.push_str(&format!("{surface}/{norm}"));
            }
            last_word = Some(t.word);
        }
        assert_eq!(got, expected, "{input:?}");
    }

    #[test]
    fn table() {
        check("للحرس", "ل ل/ال حرس");
        check("وليد", "وليد");
        check("بغداد", "بغداد");
        check("فلسطين", "فلسطين");
        check("والعراق", "و ال عراق");
        check("ستوقّعان", "س توقّعان/توقعان");
        check("وزير الدفاع", "وزير | ال دفاع");
        check("بالمنطقة", "ب ال منطقة/منطقه");
        check("الـ18", "الـ/ال | 18");
        check("2.5%", "2.5 | %");
        check("Libanaujourdui", "Libanaujourdui");
        check("لقائه", "لقائ/لقاي ه");
        check("وأضاف", "و أضاف/اضاف");
        check("إلى", "إلى/الي");
        check("الله", "الله");
        check("، .", "، | .");
        // a teh marbuta is no pronoun; a word whose rest is no word keeps its و/ف/س
        check("إضافة", "إضافة/اضافه");
        check("وساروا", "و ساروا");
        check("ساحة", "ساحة/ساحه");
        check("سياستها", "سياست ها");
        check("فعاليات", "فعاليات");
        check("وصلت", "وصلت");
        check("سيتظاهرون", "س يتظاهرون");
        check("وستكون", "و س تكون");
        check("والعراق", "و ال عراق");
    }
}
