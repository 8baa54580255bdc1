//! «التحالف» alone: the coalition the article is about. SaudiNewsNet's war reports name the
//! Saudi-led coalition in Yemen and the US-led coalition against the Islamic State mostly as
//! «التحالف» («طيران التحالف», «غارات التحالف»), which no lexicon row can code by itself: the
//! article decides. Yemen (its places, the Houthis, Yemeni actors) leads → the Saudi-led coalition
//! (SAUMIL, as the hand-coded files code it); the Islamic State, Iraq or Syria lead → the US-led
//! coalition (the code of orgs.tsv «التحالف الدولي»); neither, or a tie → no entity.
//! Political alliances («التحالف الوطني», «التحالف الشيعي») are left alone.
//! «المقاومة» / «المقاومة الشعبية» in an article where Yemen leads are the pro-government forces
//! (YEMMIL).

use crate::entities::{Entity, EntityType};
use crate::words::Word;
use khabar_lexicon::Lexicon;

/// Words after «التحالف» that make it a political alliance, not a military coalition.
const POLITICAL: &[&str] = &[
    "الوطني",
    "الحاكم",
    "الشيعي",
    "الانتخابي",
    "المعارض",
    "الحكومي",
    "الكردي",
    "الاسلامي",
    "المدني",
    "الديمقراطي",
    "السني",
    "الاستراتيجي",
    "مع",
];

/// Adds an ORG entity for each bare «التحالف» when the article says which coalition it is.
pub fn resolve(ws: &[Word], lx: &Lexicon, entities: &mut Vec<Entity>) {
    let mut yemen = 0usize;
    let mut levant = 0usize;
    for e in entities.iter() {
        let code = e.code.as_deref().unwrap_or("");
        let country = e.country.as_deref().unwrap_or(code.get(..3).unwrap_or(""));
        match country {
            "YEM" => yemen += 1,
            "IRQ" | "SYR" => levant += 1,
            _ if code.starts_with("IMG") => levant += 1,
            _ => {}
        }
    }
    resistance(ws, yemen > levant, entities);
    let code = match yemen.cmp(&levant) {
        std::cmp::Ordering::Greater => "SAUMIL".to_string(),
        std::cmp::Ordering::Less => match lx
            .orgs
            .iter()
            .find(|o| o.names.iter().any(|n| n == "التحالف الدولي"))
        {
            Some(o) => o.code.clone(),
            None => return,
        },
        std::cmp::Ordering::Equal => return,
    };
    let country = code.get(..3).filter(|c| *c != "IGO").map(String::from);
    let mut id = entities.iter().map(|e| e.id + 1).max().unwrap_or(1);
    let mut added = false;
    for (i, w) in ws.iter().enumerate() {
        if w.bare != "تحالف" || !w.has_article() {
            continue;
        }
        if entities.iter().any(|e| e.words.contains(&i)) {
            continue;
        }
        if ws
            .get(i + 1)
            .is_some_and(|n| n.proclitics.is_empty() && POLITICAL.contains(&n.core.as_str()))
        {
            continue;
        }
        if !added {
            id += 1;
            added = true;
        }
        entities.push(Entity {
            id,
            span: (w.start, w.end),
            words: i..i + 1,
            mention_start: i,
            etype: EntityType::Org,
            name: "التحالف".to_string(),
            role: None,
            code: Some(code.clone()),
            country: country.clone(),
            agent: Some("MIL".to_string()),
            metonymy: false,
            nominal: false,
            country_inferred: false,
        });
    }
    entities.sort_by_key(|x| (x.span.0, std::cmp::Reverse(x.span.1)));
}

/// Words after «المقاومة» that name another resistance (Palestinian, Lebanese, Iraqi, Islamic).
const OTHER_RESISTANCE: &[&str] = &[
    "الفلسطينيه",
    "اللبنانيه",
    "العراقيه",
    "الاسلاميه",
    "الوطنيه",
    "السوريه",
];

/// «المقاومة», «المقاومة الشعبية» in an article about Yemen: the forces fighting the Houthis for
/// the government (YEMMIL, as the hand-coded files code them).
fn resistance(ws: &[Word], yemen: bool, entities: &mut Vec<Entity>) {
    if !yemen {
        return;
    }
    let mut id = entities.iter().map(|e| e.id + 1).max().unwrap_or(1);
    let mut added = false;
    for (i, w) in ws.iter().enumerate() {
        if w.bare != "مقاومه" || !w.has_article() {
            continue;
        }
        if entities.iter().any(|e| e.words.contains(&i)) {
            continue;
        }
        let next = ws.get(i + 1).filter(|n| n.proclitics.is_empty());
        if next.is_some_and(|n| OTHER_RESISTANCE.contains(&n.core.as_str())) {
            continue;
        }
        let end = if next.is_some_and(|n| n.core == "الشعبيه") {
            i + 2
        } else {
            i + 1
        };
        if !added {
            id += 1;
            added = true;
        }
        entities.push(Entity {
            id,
            span: (w.start, ws[end - 1].end),
            words: i..end,
            mention_start: i,
            etype: EntityType::Org,
            name: "المقاومة الشعبية".to_string(),
            role: None,
            code: Some("YEMMIL".to_string()),
            country: Some("YEM".to_string()),
            agent: Some("MIL".to_string()),
            metonymy: false,
            nominal: false,
            country_inferred: false,
        });
    }
}
