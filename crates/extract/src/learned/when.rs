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

/// The explicit date that dates the event of trigger `k` (sentence words `sw`): the nearest within
/// ten words, else a date later in its clause, else the sentence's only date.
fn event_date<'a>(
    x: &Input<'a>,
    k: usize,
    sw: &std::ops::Range<usize>,
) -> Option<&'a crate::dates::DateMention> {
    let ws = x.ws;
    let lo = ws[k.saturating_sub(10).max(sw.start)].start;
    let hi = ws[(k + 10).min(sw.end.saturating_sub(1)).max(k)].end;
    x.dates
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
        })
}

/// Date and modality of an event the rules did not code: the explicit date nearest the trigger in
/// its clause wins over the publication date; a date more than a week before publication makes
/// the event background (historical); a negation or a word of plan right before the trigger, or the
/// future prefix, make it negated or future.
pub(super) fn when(x: &Input, c: &Candidate) -> (Option<String>, Modality) {
    let ws = x.ws;
    let k = c.trigger;
    let sw = &c.sent_words;
    let nearest = event_date(x, k, sw);
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

/// How far before the report a date lies, in coarse steps ("none" without one).
fn age(value: Option<&str>, published: Option<&str>) -> &'static str {
    use crate::dates::Ymd;
    let (Some(v), Some(p)) = (value, published.and_then(Ymd::parse)) else {
        return "none";
    };
    let Some(d) = Ymd::parse(v) else {
        // a month or a year: the publication's own, or before it
        return if p.fmt_day().starts_with(v) {
            "same-period"
        } else if v < p.fmt_day().as_str() {
            "earlier-period"
        } else {
            "later-period"
        };
    };
    match p.days() - d.days() {
        i64::MIN..=-1 => "future",
        0 => "0",
        1 => "1",
        2..=7 => "2-7",
        8..=31 => "8-31",
        32..=365 => "32-365",
        _ => "366+",
    }
}

/// Features of the event on trigger `k` (sentence words `sw`, CAMEO root `root`) for the
/// background model: is it a happening the report refers back to («في حادث التفجير الذي استهدف»,
/// «بعد الاتفاق النووي»), not the news? Its word and how it is framed (article, the words
/// before it), the age of its date, tense cues, and whether the text named the same word before.
pub fn features(x: &Input, k: usize, sw: &std::ops::Range<usize>, root: &str) -> Vec<u64> {
    use super::features::{bucket, Sink};
    let ws = x.ws;
    let mut f = Sink::new("W", 48);
    let w = &ws[k];
    let art = if w.has_article() { "1" } else { "0" };
    let first = w.bare.chars().next().map_or(String::new(), String::from);
    f.add(&["bias"]);
    f.add(&["root", root]);
    f.add(&["key", &w.stem]);
    f.add(&["art", art]);
    f.add(&["art", art, "root", root]);
    f.add(&["procl", &w.proclitics, art]);
    f.add(&["first", &first, art]);
    let at = |j: Option<usize>| j.filter(|&j| j >= sw.start && j < sw.end).map(|j| &ws[j]);
    let p1 = at(k.checked_sub(1)).map_or("^", |w| w.core.as_str());
    let p2 = at(k.checked_sub(2)).map_or("^", |w| w.core.as_str());
    let n1 = at(Some(k + 1)).map_or("$", |w| w.core.as_str());
    f.add(&["p1", p1]);
    f.add(&["p1", p1, art]);
    f.add(&["p2", p2, p1]);
    f.add(&["n1", n1]);
    f.add(&["n1", n1, art]);
    for j in k.saturating_sub(6).max(sw.start)..(k + 7).min(sw.end) {
        if j != k && !ws[j].is_punct() && !ws[j].is_number() {
            f.add(&["wnd", if j < k { "L" } else { "R" }, &ws[j].stem]);
        }
    }
    let date = event_date(x, k, sw);
    let a = age(date.and_then(|d| d.value.as_deref()), x.published);
    f.add(&["age", a]);
    f.add(&["age", a, art]);
    f.add(&["age", a, "root", root]);
    if let Some(d) = date {
        f.add(&["rel", d.relative.as_deref().unwrap_or("abs")]);
    }
    let sent_dates = x
        .dates
        .iter()
        .filter(|d| d.span.0 >= ws[sw.start].start && d.span.1 <= ws[sw.end - 1].end)
        .count();
    f.add(&["ndates", bucket(sent_dates)]);
    let plu = crate::events::pluperfect(ws, k, sw.start);
    f.add(&["plu", if plu { "1" } else { "0" }]);
    // the same word earlier in the text: a happening named again
    let again = ws[..sw.start].iter().any(|o| o.stem == w.stem);
    f.add(&["again", if again { "1" } else { "0" }, art]);
    f.add(&["pos", bucket(k - sw.start), art]);
    f.out
}

/// A reported-as-news event the background model finds to be a happening the report refers back
/// to becomes historical (P ≥ `floor`). Its date stays: one of its clause where there is one,
/// else the report's. Leaving it unknown instead, or taking the date of an earlier naming of the
/// same word in the text, matched the annotators' dates less often (events-026/027: date right
/// 83.0% → 81.3% and 89.6% → 86.2% unknown; earlier namings changed nothing).
pub(super) fn background(
    m: &crate::scorer::Scorer,
    floor: f32,
    x: &Input,
    e: &mut crate::events::Event,
) {
    if m.is_empty() || !matches!(e.modality, Modality::Asserted | Modality::Reported) {
        return;
    }
    let k = e.trigger_word;
    let sw = e.sentence_words.clone();
    if k < sw.start || k >= sw.end || sw.end > x.ws.len() {
        return;
    }
    let f = features(x, k, &sw, &e.root);
    if m.prob(&f) < floor {
        return;
    }
    e.modality = Modality::Historical;
}

/// The model's floor, unless `KHABAR_WHEN_FLOOR` gives another (for experiments).
pub(super) fn floor(model: f32) -> f32 {
    static FLOOR: std::sync::OnceLock<Option<f32>> = std::sync::OnceLock::new();
    FLOOR
        .get_or_init(|| std::env::var("KHABAR_WHEN_FLOOR").ok()?.parse().ok())
        .unwrap_or(model)
}

#[cfg(test)]
mod tests {
    use super::age;

    #[test]
    fn ages_are_counted_back_from_the_report() {
        let p = Some("2015-08-10");
        for (date, expected) in [
            (Some("2015-08-10"), "0"),
            (Some("2015-08-09"), "1"),
            (Some("2015-08-06"), "2-7"),
            (Some("2015-07-14"), "8-31"),
            (Some("2015-03-26"), "32-365"),
            (Some("2014-06-10"), "366+"),
            (Some("2015-08-12"), "future"),
            (Some("2015-08"), "same-period"),
            (Some("2015-07"), "earlier-period"),
            (Some("2014"), "earlier-period"),
            (Some("2016"), "later-period"),
            (None, "none"),
        ] {
            assert_eq!(age(date, p), expected, "{date:?}");
        }
        assert_eq!(age(Some("2015-08-10"), None), "none");
    }
}
