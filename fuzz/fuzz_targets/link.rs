#![no_main]
//! link (content words, MinHash, dedup, pair features, stories): no panic on any text;
//! a document is always its own near-duplicate.
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn seg() -> &'static khabar_text::Segmenter {
    static S: OnceLock<khabar_text::Segmenter> = OnceLock::new();
    S.get_or_init(khabar_text::Segmenter::default)
}

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let (a, b) = s.split_at(s.char_indices().nth(s.chars().count() / 2).map_or(s.len(), |x| x.0));
    let wa = khabar_link::content_words(seg(), a);
    let wb = khabar_link::content_words(seg(), b);
    let mh = khabar_link::MinHasher::default();
    let (sa, sb) = (mh.signature(&wa), mh.signature(&wb));
    let j = khabar_link::jaccard_estimate(&sa, &sa);
    assert!(wa.is_empty() || j == 1.0);
    let _ = khabar_link::dedup_signatures(&[sa, sb], 0.8);
    let fa = khabar_link::DocFeatures { words: wa.clone(), published: Some(b.to_string()), ..Default::default() };
    let fb = khabar_link::DocFeatures { words: wb.clone(), ..Default::default() };
    let idf = khabar_link::Idf::fit([wa.as_slice(), wb.as_slice()]);
    let x = khabar_link::features_similarity(&fa, &fb, &idf);
    assert!(x.iter().all(|v| v.is_finite()));
    let doc = |id: &str, w: &[String], date: &str| khabar_link::StoryDoc {
        doc_id: id.into(),
        published: Some(date.into()),
        terms: khabar_link::stories::term_counts(w),
        events: vec![khabar_link::StoryEvent {
            source_country: Some("IRN".into()),
            date: Some(date.into()),
            ..Default::default()
        }],
        country: Some("IRQ".into()),
        ..Default::default()
    };
    let _ = khabar_link::build_stories(&[doc("a", &wa, a), doc("b", &wb, b)], &Default::default());
});
