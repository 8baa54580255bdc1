//! Words for matching: each whitespace/punctuation-delimited word of the
//! token stream with its leading proclitics (و ف ب ل ك س) dropped and the
//! rest joined in matching form, so «للحرس» and «والحرس» both read «الحرس».

use khabar_text::tokens::{Kind, Tokens};
use khabar_text::Segmenter;

/// Built only by [`words`]: `bare` is `core` less its article and `stem` is `bare` less its
/// suffix, so two forms of equal length are the same string (lookups skip the repeat).
#[derive(Debug, Clone)]
pub struct Word {
    /// matching form without proclitics (the article stays: «الحرس»)
    pub core: String,
    /// the same without the article («حرس»)
    pub bare: String,
    /// `bare` without a pronoun suffix («لقائه» → «لقاء»)
    pub stem: String,
    /// byte span in the text of the core (proclitics excluded)
    pub start: usize,
    pub end: usize,
    /// byte start of the whole word, proclitics included
    pub word_start: usize,
    /// proclitics in matching form («و», «ب», «ل» …)
    pub proclitics: String,
    pub kind: Kind,
    /// first token index
    pub tok: usize,
}

impl Word {
    pub fn is_number(&self) -> bool {
        self.kind == Kind::Number
    }
    pub fn is_punct(&self) -> bool {
        self.kind == Kind::Punct
    }
    pub fn has_article(&self) -> bool {
        self.core.len() > self.bare.len()
    }
    /// Does the word read as `c` in any of its matching forms (core, bare, stem)?
    pub fn reads_as(&self, c: &str) -> bool {
        self.core == c || self.bare == c || self.stem == c
    }
    /// The word's distinct matching forms: core, then bare and stem where they differ.
    pub fn forms(&self) -> impl Iterator<Item = &str> {
        // bare is core less the article, stem is bare less a suffix: equal lengths, equal
        // strings, so a form is looked up only when it differs
        [
            Some(self.core.as_str()),
            (self.bare.len() != self.core.len()).then_some(self.bare.as_str()),
            (self.stem.len() != self.bare.len()).then_some(self.stem.as_str()),
        ]
        .into_iter()
        .flatten()
    }
    /// A quotation mark: it may enclose a name without ending its phrase or clause.
    pub fn is_quote(&self) -> bool {
        self.is_punct() && is_quote(&self.core)
    }
    /// A quotation mark that opens a quote («تنظيم “داعش”»).
    pub fn opens_quote(&self) -> bool {
        self.is_punct() && matches!(self.core.as_str(), "\"" | "“" | "«" | "„" | "'" | "‘")
    }
    /// Is any of the word's matching forms (core, bare, stem) in `set`?
    pub fn in_set(&self, set: &rustc_hash::FxHashSet<String>) -> bool {
        self.forms().any(|f| set.contains(f))
    }
}

/// Quotation marks, straight, curly, low and angled (the one list every step reads).
pub fn is_quote(c: &str) -> bool {
    matches!(c, "\"" | "“" | "”" | "«" | "»" | "„" | "'" | "‘" | "’")
}

/// Is the «ما» at `j` the relative pronoun ("what", «على ما رفعه», «إن ما حدث», «بما فيها»)
/// rather than the negation particle («ما زال», «وما قتل»)? Negating «ما» opens its clause: it
/// stands first in the sentence, after punctuation or a complementizer («إنه ما»), or with a
/// conjunction of its own; after a preposition or a noun it is relative.
pub fn relative_ma(ws: &[Word], j: usize, from: usize) -> bool {
    let w = &ws[j];
    if w.core != "ما" {
        return false;
    }
    match w.proclitics.as_str() {
        "" => {
            j > from
                && !ws[j - 1].is_punct()
                && !matches!(
                    ws[j - 1].core.as_str(),
                    "ان" | "انه" | "انها" | "انهم" | "لكن" | "لكنه" | "بل" | "اذ" | "ثم"
                )
        }
        "و" | "ف" => false,
        // «بما», «لما», «كما»: fused with a preposition
        _ => true,
    }
}

pub fn words(tokens: &Tokens) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::with_capacity(tokens.len());
    let toks = &tokens.tokens;
    let mut i = 0;
    while i < toks.len() {
        let w = toks[i].word;
        let mut j = i;
        while j < toks.len() && toks[j].word == w {
            j += 1;
        }
        // sizes first, so each string is allocated once at its final length
        let (mut nc, mut nb, mut ns, mut np) = (0, 0, 0, 0);
        let mut seen = false;
        for t in &toks[i..j] {
            let n = (t.norm_end - t.norm_start) as usize;
            match t.kind {
                Kind::Proclitic if !seen => np += n,
                Kind::Article => {
                    seen = true;
                    nc += n;
                }
                _ => {
                    seen = true;
                    nc += n;
                    nb += n;
                    if t.kind != Kind::Suffix {
                        ns += n;
                    }
                }
            }
        }
        let mut core = String::with_capacity(nc);
        let mut bare = String::with_capacity(nb);
        let mut stem = String::with_capacity(ns);
        let mut procl = String::with_capacity(np);
        let mut start = None;
        let mut kind = Kind::Word;
        for t in &toks[i..j] {
            let n = tokens.norm(t);
            match t.kind {
                Kind::Proclitic if start.is_none() => procl.push_str(n),
                Kind::Article => {
                    start.get_or_insert(t.start as usize);
                    core.push_str(n);
                }
                _ => {
                    start.get_or_insert(t.start as usize);
                    core.push_str(n);
                    bare.push_str(n);
                    if t.kind != Kind::Suffix {
                        kind = t.kind;
                        stem.push_str(n);
                    }
                }
            }
        }
        let end = toks[j - 1].end as usize;
        out.push(Word {
            start: start.unwrap_or(toks[i].start as usize),
            end,
            word_start: toks[i].start as usize,
            core,
            bare,
            stem,
            proclitics: procl,
            kind,
            tok: i,
        });
        i = j;
    }
    out
}

/// The word cores of a phrase, segmented exactly as text is.
pub fn phrase_cores(seg: &Segmenter, phrase: &str) -> Vec<String> {
    words(&seg.tokenize(phrase))
        .into_iter()
        .filter(|w| !w.is_punct())
        .map(|w| w.core)
        .collect()
}

/// The word range of each sentence (sentences as byte ranges of the text the words index).
pub fn sentence_words(
    ws: &[Word],
    sentences: &[std::ops::Range<usize>],
) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::with_capacity(sentences.len());
    let mut wi = 0;
    for s in sentences {
        while wi < ws.len() && ws[wi].start < s.start {
            wi += 1;
        }
        let from = wi;
        while wi < ws.len() && ws[wi].start < s.end {
            wi += 1;
        }
        out.push(from..wi);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cores() {
        let seg = Segmenter::builtin();
        let t = "للحرس والعراق بغداد 2013";
        let w = words(&seg.tokenize(t));
        let cores: Vec<&str> = w.iter().map(|w| w.core.as_str()).collect();
        assert_eq!(cores, ["الحرس", "العراق", "بغداد", "2013"]);
        assert_eq!(&t[w[0].start..w[0].end], "لحرس");
        assert_eq!(w[1].proclitics, "و");
        assert_eq!(w[1].bare, "عراق");
    }
}
