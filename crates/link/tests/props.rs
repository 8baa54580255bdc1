//! Properties over arbitrary input.

use khabar_link::{
    build_stories, content_words, features_similarity, jaccard_estimate, stories::term_counts,
    DocFeatures, Idf, MinHasher, StoryDoc, StoryEvent, StoryParams,
};
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

    #[test]
    fn pair_features_are_finite_and_stories_place_every_dyad_article(
        texts in proptest::collection::vec("[\\u0621-\\u064A ]{0,80}", 1..8),
        dates in proptest::collection::vec("(20[0-9]{2}-[01][0-9]-[0-3][0-9])|garbage|", 1..8),
        countries in proptest::collection::vec("(IRN|IRQ|SAU)?", 1..8),
    ) {
        let seg = Segmenter::builtin();
        let words: Vec<Vec<String>> = texts.iter().map(|t| content_words(seg, t)).collect();
        let idf = Idf::fit(words.iter().map(|w| w.as_slice()));
        let f = |i: usize| DocFeatures { words: words[i].clone(), published: dates.get(i).cloned(), ..Default::default() };
        for i in 0..words.len() {
            let x = features_similarity(&f(i), &f(0), &idf);
            prop_assert!(x.iter().all(|v| v.is_finite() && (0.0..=1.0).contains(v)), "{x:?}");
        }
        let docs: Vec<StoryDoc> = (0..words.len())
            .map(|i| StoryDoc {
                doc_id: format!("d{i}"),
                published: dates.get(i).cloned(),
                terms: term_counts(&words[i]),
                events: vec![StoryEvent {
                    root: "04".into(),
                    source_country: countries.get(i).cloned().filter(|c| !c.is_empty()),
                    target_country: Some("IRQ".into()),
                    date: dates.get(i).cloned(),
                    ..Default::default()
                }],
                ..Default::default()
            })
            .collect();
        let got = build_stories(&docs, &StoryParams::default());
        let placed: usize = got.stories.iter().map(|s| s.articles.len()).sum();
        // every article with a dyad is in exactly one story; the others in none
        prop_assert_eq!(placed + got.without_dyad, docs.len());
        let mut ids: Vec<&String> = got.stories.iter().flat_map(|s| &s.articles).collect();
        ids.sort();
        ids.dedup();
        prop_assert_eq!(ids.len(), placed);
    }
}
