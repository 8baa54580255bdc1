//! Seeds: the rule coder (the candidate generator under the learned layer) finds every gold event of
//! `../shared/seeds/gold.json` (root, code, dyad, sentence, date, modality as `khabar eval events
//! --seeds` scores them) with no `must_not` case; the full coder (rules + learned layer) makes no
//! `must_not` case and, since the rules' events stand under it, finds them all too. Skips with a message
//! when the shared folder is absent.

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
    let rep = khabar::eval::events::seeds(&Analyzer::rules_only(), gold).expect("gold.json scores");
    assert!(rep.gold >= 18, "gold events: {}", rep.gold);
    assert_eq!(rep.found, rep.gold, "\n{}", rep.render());
    assert!(rep.must_not_violations.is_empty(), "\n{}", rep.render());
}

#[test]
fn seed_events_with_the_learned_layer() {
    let Some(gold) = gold() else { return };
    let rep = khabar::eval::events::seeds(&Analyzer::default(), gold).expect("gold.json scores");
    // the rules' events stand under the layer: every seed event is still found
    assert_eq!(rep.found, rep.gold, "\n{}", rep.render());
    assert!(rep.must_not_violations.is_empty(), "\n{}", rep.render());
}
