//! Seeds: every gold event of `../shared/seeds/gold.json` is found (root, code, dyad,
//! sentence, date, modality as `khabar eval events --seeds` scores them) and no
//! `must_not` case occurs. Skips with a message when the shared folder is absent.

use khabar::pipeline::Analyzer;
use std::path::Path;

#[test]
fn seed_events_match_gold() {
    let gold = Path::new("../shared/seeds/gold.json");
    if !gold.exists() {
        eprintln!("skipping: {} not found", gold.display());
        return;
    }
    let rep = khabar::eval::events::seeds(&Analyzer::default(), gold).expect("gold.json scores");
    assert!(rep.gold >= 18, "gold events: {}", rep.gold);
    assert_eq!(rep.found, rep.gold, "\n{}", rep.render());
    assert!(rep.must_not_violations.is_empty(), "\n{}", rep.render());
}
