//! Properties over arbitrary input.

use khabar_link::{content_words, jaccard_estimate, MinHasher};
use khabar_text::Segmenter;
use proptest::prelude::*;

proptest! {
    #[test]
    fn content_words_never_panics(s in any::<String>()) {
        let w = content_words(Segmenter::builtin(), &s);
        prop_assert!(w.iter().all(|x| x.chars().count() >= 2));
    }

    #[test]
    fn content_words_arabic_never_panics(s in "[\\u0600-\\u06FF \\u0660-\\u0669a-z0-9.،]{0,200}") {
        let _ = content_words(Segmenter::builtin(), &s);
    }

    #[test]
    fn equal_inputs_equal_signatures(words in proptest::collection::vec("[a-z\\u0621-\\u064A]{1,6}", 0..40),
                                     perms in 1usize..64, k in 1usize..5, seed in any::<u64>()) {
        let a = MinHasher::new(perms, k, seed);
        let b = MinHasher::new(perms, k, seed);
        let sa = a.signature(&words);
        prop_assert_eq!(&sa, &b.signature(&words.clone()));
        prop_assert_eq!(sa.len(), perms);
        let j = jaccard_estimate(&sa, &a.signature(&words[..words.len() / 2]));
        prop_assert!((0.0..=1.0).contains(&j));
    }
}
