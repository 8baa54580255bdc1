//! Content words: the normalized stems similarity is computed on.
//!
//! Only `Word` tokens of the clitic segmenter count (proclitics, the
//! article, pronoun suffixes, numbers, Latin runs and punctuation are
//! dropped), in matching form ([`khabar_text::fold`]), at least two chars
//! long, and not in the small built-in stopword list below (prepositions,
//! conjunctions, pronouns, demonstratives and relatives, auxiliaries and the
//! reporting verbs every news article uses).

use khabar_text::tokens::Kind;
use khabar_text::{fold, Segmenter};
use rustc_hash::FxHashSet;
use std::sync::OnceLock;

/// Function words and news boilerplate verbs, as written; folded (and
/// segmented like text) at first use.
const STOPWORDS: &[&str] = &[
    // prepositions and particles
    "في",
    "من",
    "إلى",
    "الى",
    "على",
    "عن",
    "مع",
    "عند",
    "منذ",
    "خلال",
    "حول",
    "ضد",
    "بعد",
    "قبل",
    "دون",
    "بين",
    "حتى",
    "لدى",
    "نحو",
    "عبر",
    "وفق",
    "وفقا",
    "تحت",
    "فوق",
    "أمام",
    "وراء",
    "ضمن",
    "مثل",
    "سوى",
    "إطار", // conjunctions and complementizers
    "أن",
    "إن",
    "أنه",
    "إنه",
    "أنها",
    "إنها",
    "أنهم",
    "لأن",
    "أو",
    "أم",
    "ثم",
    "بل",
    "لكن",
    "لكنه",
    "إذا",
    "إذ",
    "حيث",
    "كما",
    "كي",
    "لو",
    "إلا",
    "أما",
    "وأما",
    // negation, tense and aspect particles
    "لا",
    "لم",
    "لن",
    "ليس",
    "ليست",
    "قد",
    "وقد",
    "لقد",
    "سوف",
    "ما",
    "ماذا",
    "هل",
    "تم",
    "يتم", // pronouns
    "هو",
    "هي",
    "هم",
    "هن",
    "هما",
    "نحن",
    "أنا",
    "أنت",
    "أنتم",
    "إياه",
    // demonstratives and relatives
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "هذين",
    "هاتين",
    "هؤلاء",
    "أولئك",
    "هنا",
    "هناك",
    "التي",
    "الذي",
    "الذين",
    "اللذين",
    "اللتين",
    "اللذان",
    "اللتان",
    "اللواتي",
    "اللاتي",
    // auxiliaries
    "كان",
    "كانت",
    "كانوا",
    "يكون",
    "تكون",
    "يكونوا",
    "أصبح",
    "أصبحت",
    "ظل",
    "مازال",
    "لازال",
    "زال", // quantifiers and adverbs
    "كل",
    "بعض",
    "غير",
    "أي",
    "أيضا",
    "فقط",
    "جدا",
    "عدة",
    "أكثر",
    "أقل",
    "كلا",
    "جميع",
    // pronoun-bearing prepositions the segmenter may leave whole
    "عليه",
    "عليها",
    "عليهم",
    "إليه",
    "إليها",
    "منه",
    "منها",
    "منهم",
    "فيه",
    "فيها",
    "به",
    "بها",
    "له",
    "لها",
    "لهم",
    "عنه",
    "عنها",
    "لديه",
    "لديها",
    "بينما",
    // reporting verbs
    "قال",
    "قالت",
    "وقال",
    "يقول",
    "تقول",
    "أضاف",
    "وأضاف",
    "أضافت",
    "أكد",
    "أكدت",
    "أشار",
    "أشارت",
    "ذكر",
    "ذكرت",
    "أوضح",
    "أوضحت",
    "وذلك",
];

fn stopwords() -> &'static FxHashSet<String> {
    static S: OnceLock<FxHashSet<String>> = OnceLock::new();
    S.get_or_init(|| {
        let seg = Segmenter::builtin();
        let mut set = FxHashSet::default();
        for w in STOPWORDS {
            set.insert(fold(w));
            // what a segmenter leaves of it (e.g. «الذي» may lose its ال)
            let toks = seg.tokenize(w);
            for t in &toks.tokens {
                if t.kind == Kind::Word {
                    set.insert(fold(toks.norm(t)));
                }
            }
        }
        set
    })
}

/// Whether `folded` (a word in matching form) is a built-in stopword.
pub fn is_stopword(folded: &str) -> bool {
    stopwords().contains(folded)
}

/// The content-word stems of `text`, in order, in matching form. Never
/// panics.
pub fn content_words(seg: &Segmenter, text: &str) -> Vec<String> {
    let toks = seg.tokenize(text);
    let mut out = Vec::with_capacity(toks.len() / 2);
    for t in &toks.tokens {
        if t.kind != Kind::Word {
            continue;
        }
        let w = fold(toks.norm(t));
        if w.chars().nth(1).is_none() || is_stopword(&w) {
            continue;
        }
        out.push(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_clitics_stopwords_numbers() {
        let seg = Segmenter::builtin();
        let w = content_words(
            seg,
            "وقال وزير الخارجية الإيراني إن طهران ستدعم العراق في 2020، وقد التقى الذي.",
        );
        assert!(w.contains(&fold("وزير")), "{w:?}");
        assert!(w.contains(&fold("طهران")), "{w:?}");
        assert!(!w.iter().any(|x| x == &fold("قال") || x == &fold("في")));
        assert!(!w.iter().any(|x| x.chars().any(|c| c.is_ascii_digit())));
        assert!(w.iter().all(|x| x.chars().count() >= 2));
        assert!(!w.contains(&fold("الخارجية")), "article split off: {w:?}");
    }

    #[test]
    fn empty_and_latin() {
        let seg = Segmenter::builtin();
        assert!(content_words(seg, "").is_empty());
        assert!(content_words(seg, "Reuters 123 !!").is_empty());
    }
}
