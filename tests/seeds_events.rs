//! Seeds: the rule coder (the candidate generator under the learned layer) finds every gold event
//! of `../shared/seeds/gold.json` (root, code, dyad, sentence, date, modality as `khabar eval
//! events --seeds` scores them) with no `must_not` case; the default (hybrid) coder misses at most
//! three of them; the learned layer deciding every event makes no `must_not` case and finds at least
//! what it found when it shipped. Skips with a message when the shared folder is absent.

use khabar::pipeline::Analyzer;
use std::path::Path;

fn gold() -> Option<&'static Path> {
    let gold = Path::new("../shared/seeds/gold.json");
    if gold.exists() {
        Some(gold)
    } else {
        eprintln!("skipping: {} not found", gold.display());
        None
    }
}

#[test]
fn seed_events_match_gold_with_the_rules() {
    let Some(gold) = gold() else { return };
    let mut an = Analyzer::default();
    an.extractor_mut().layer.mode = khabar_extract::learned::Mode::Rules;
    let rep = khabar::eval::events::seeds(&an, gold).expect("gold.json scores");
    assert!(rep.gold >= 18, "gold events: {}", rep.gold);
    assert_eq!(rep.found, rep.gold, "\n{}", rep.render());
    assert!(rep.must_not_violations.is_empty(), "\n{}", rep.render());
}

#[test]
fn seed_events_with_the_default_coder() {
    let Some(gold) = gold() else { return };
    let rep = khabar::eval::events::seeds(&Analyzer::default(), gold).expect("gold.json scores");
    // hybrid keeps the rules' events the vetting model does not find very unlikely: 15 of 18
    // with the model of 6,440 documents (three Iranian statements of the first seed — a demand,
    // an accusation, a threat — fall below its rule floor): a floor
    assert!(rep.found + 3 >= rep.gold, "\n{}", rep.render());
    assert!(rep.must_not_violations.is_empty(), "\n{}", rep.render());
}

#[test]
fn seed_events_with_the_learned_layer() {
    let Some(gold) = gold() else { return };
    let mut an = Analyzer::default();
    an.extractor_mut().layer.mode = khabar_extract::learned::Mode::Learned;
    let rep = khabar::eval::events::seeds(&an, gold).expect("gold.json scores");
    // 9/18 when the layer shipped (the models' dyads and the seeds' strict date/modality match): a floor
    assert!(rep.found >= 9, "\n{}", rep.render());
    assert!(rep.must_not_violations.is_empty(), "\n{}", rep.render());
}
