//! Date and modality of an event the models add (the rules' events keep their own reading
//! unless these cues see a negation, a plan or a background date).

use super::candidates::Candidate;
use super::Input;
use crate::events::Modality;

/// Negation particles right before a trigger (folded).
const NEGATION: &[&str] = &["لم", "لن", "لا", "ما", "عدم", "دون", "بدون"];
/// Words of intent or plan right before a trigger («يعتزم», «تعمل على إبرام»): not done yet.
const INTENT: &[&str] = &[
    "سوف",
    "يعتزم",
    "تعتزم",
    "يعتزمون",
    "ينوي",
    "تنوي",
    "يخطط",
    "تخطط",
    "يخططون",
    "تعمل",
    "يعمل",
    "يسعى",
    "تسعى",
    "ستعمل",
    "سيعمل",
    "خطه",
    "اعتزام",
    "نيه",
    "لبحث",
    "بهدف",
    "امكانيه",
    "المقرر",
    "مقرر",
    "المرتقب",
    "المزمع",
];

/// Date and modality of an event the rules did not code: the explicit date nearest the trigger in
/// its clause wins over the publication date; a date more than a week before publication makes
/// the event background (historical); a negation or a word of plan right before the trigger, or the
/// future prefix, make it negated or future.
pub(super) fn when(x: &Input, c: &Candidate) -> (Option<String>, Modality) {
    let ws = x.ws;
    let k = c.trigger;
    let sw = &c.sent_words;
    let lo = ws[k.saturating_sub(10).max(sw.start)].start;
    let hi = ws[(k + 10).min(sw.end.saturating_sub(1)).max(k)].end;
    let nearest = x
        .dates
        .iter()
        .filter(|d| d.value.is_some() && d.span.0 >= lo && d.span.1 <= hi)
        .min_by_key(|d| d.span.0.abs_diff(ws[k].start))
        // a sentence with one dated expression dates its events, however far from the trigger
        // (as the rules do: «قتل 25 … إثر غارات … في محافظة مأرب مساء الجمعة»)
        .or_else(|| {
            let (s, e) = (
                ws[sw.start].start,
                ws[sw.end.saturating_sub(1).max(sw.start)].end,
            );
            crate::dates::later_in_clause(ws, k, sw.end, 16, x.dates).or_else(|| {
                crate::dates::sole_dated(x.dates.iter().filter(|d| d.span.0 >= s && d.span.1 <= e))
            })
        });
    let date = nearest
        .and_then(|d| d.value.clone())
        .or_else(|| x.published.map(String::from));
    let before = |n: usize| {
        (1..=n)
            .filter_map(|d| k.checked_sub(d))
            .filter(|&j| j >= sw.start)
    };
    let negated = before(2).any(|j| {
        NEGATION.contains(&ws[j].core.as_str()) && !crate::words::relative_ma(ws, j, sw.start)
    });
    let w = &ws[k];
    let future = w.proclitics.contains('س') && (w.core.starts_with('ي') || w.core.starts_with('ت'))
        || before(3).any(|j| {
            INTENT.contains(&ws[j].core.as_str())
                || ws[j].proclitics.contains('س') && ws[j].core.starts_with('ي')
        });
    let published = x.published.and_then(crate::dates::Ymd::parse);
    let old = nearest
        .and_then(|d| d.value.as_deref())
        .zip(published)
        .is_some_and(|(v, p)| match crate::dates::Ymd::parse(v) {
            Some(d) => d.days() < p.days() - 7,
            // a month or a year: before the publication's
            None => v < p.fmt_day().get(..v.len()).unwrap_or(""),
        });
    // dated after the report («الأسبوع المقبل»): still to come
    let future = future
        || crate::dates::after_publication(nearest.and_then(|d| d.value.as_deref()), x.published);
    // «وكانت الوزارة قد أطاحت»: what had happened before the news; «دعاني في السابق»
    let background = crate::events::pluperfect(ws, k, sw.start)
        || (k + 1..(k + 4).min(sw.end))
            .take_while(|&j| !ws[j].is_punct())
            .any(|j| ws[j].core == "سابقا" || ws[j].core == "السابق" && ws[j - 1].core == "في");
    let modality = if negated {
        Modality::Negated
    } else if future {
        Modality::Future
    } else if old || background {
        Modality::Historical
    } else {
        Modality::Asserted
    };
    (date, modality)
}
