//! Query parameters checked strictly, the same way for the API (a 400 whose message names the
//! parameter) and the command line (exit 2 with the same message): unknown or repeated
//! parameters and bad values are refused, never ignored.

use khabar_store::calendar::PartialDate;
use khabar_store::{EventFilter, EventSort};

/// The event filters `/api/events`, `/api/map`, `/api/network` and `khabar events --db` accept.
pub const FILTERS: &[&str] = &[
    "actor",
    "source",
    "target",
    "dyad",
    "cameo",
    "root",
    "quad",
    "modality",
    "from",
    "to",
    "place",
    "bbox",
    "outlet",
    "min_confidence",
    "doc_id",
    "sort",
];

/// The names `modality=` takes: the coder's modalities as serialized.
pub fn modalities() -> [&'static str; 6] {
    khabar_extract::Modality::ALL.map(khabar_extract::Modality::name)
}

/// Name=value pairs, each name known and given once; an empty value is no value.
pub struct Params(Vec<(String, String)>);

impl Params {
    /// Refuses a name outside `known` and a name given twice.
    pub fn new(pairs: Vec<(String, String)>, known: &[&[&str]]) -> Result<Params, String> {
        let mut seen = std::collections::HashSet::new();
        for (k, _) in &pairs {
            if !known.iter().any(|set| set.contains(&k.as_str())) {
                let all: Vec<&str> = known.iter().flat_map(|s| s.iter().copied()).collect();
                return Err(format!(
                    "unknown parameter {k:?} (known: {})",
                    all.join(", ")
                ));
            }
            if !seen.insert(k.clone()) {
                return Err(format!("parameter {k:?} is given twice"));
            }
        }
        Ok(Params(pairs))
    }

    pub fn get(&self, k: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, v)| n == k && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
    }

    /// A whole number in `range`, or the default.
    pub fn number(
        &self,
        k: &str,
        range: std::ops::RangeInclusive<usize>,
        default: usize,
    ) -> Result<usize, String> {
        match self.get(k) {
            None => Ok(default),
            Some(v) => v
                .parse::<usize>()
                .ok()
                .filter(|n| range.contains(n))
                .ok_or_else(|| {
                    format!(
                        "{k} must be a whole number from {} to {}, got {v:?}",
                        range.start(),
                        range.end()
                    )
                }),
        }
    }
}

/// An actor as a code prefix: a CAMEO code (letters and digits, `sau` = SAU) or a name the
/// lexicon knows («السعودية», «Saudi Arabia»).
pub fn actor_code(param: &str, v: &str) -> Result<String, String> {
    if let Some(code) = crate::actors::code_of(v) {
        return Ok(code);
    }
    let ok = (1..=15).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric());
    if ok {
        return Ok(v.to_ascii_uppercase());
    }
    Err(format!(
        "{param} must be a CAMEO actor code (letters and digits, such as SAU or YEMMIL) or a known actor name, got {v:?}"
    ))
}

fn date(param: &str, v: &str) -> Result<String, String> {
    PartialDate::parse(v)
        .map(|_| v.to_string())
        .ok_or_else(|| format!("{param} must be a date YYYY, YYYY-MM or YYYY-MM-DD, got {v:?}"))
}

/// The event filter of `p` (limit and offset are the caller's).
pub fn event_filter(p: &Params) -> Result<EventFilter, String> {
    let code = |k: &str| p.get(k).map(|v| actor_code(k, v)).transpose();
    let dyad = match p.get("dyad") {
        None => None,
        Some(v) => {
            let (a, b) = v.split_once('-').ok_or_else(|| {
                format!("dyad must be two actors joined by '-', such as SAU-YEM, got {v:?}")
            })?;
            Some((actor_code("dyad", a.trim())?, actor_code("dyad", b.trim())?))
        }
    };
    let root = match p.get("root") {
        None => None,
        Some(v) => Some(
            v.parse::<u8>()
                .ok()
                .filter(|r| v.len() == 2 && (1..=20).contains(r))
                .map(|_| v.to_string())
                .ok_or_else(|| format!("root must be a CAMEO root 01 to 20, got {v:?}"))?,
        ),
    };
    let cameo = match p.get("cameo") {
        None => None,
        Some(v) => {
            let ok = (2..=4).contains(&v.len())
                && v.bytes().all(|b| b.is_ascii_digit())
                && v[..2].parse::<u8>().is_ok_and(|r| (1..=20).contains(&r));
            if !ok {
                return Err(format!(
                    "cameo must be a CAMEO event code prefix of 2 to 4 digits (01 to 20 first), got {v:?}"
                ));
            }
            Some(v.to_string())
        }
    };
    // one QuadClass or several joined by commas
    let quad = match p.get("quad") {
        None => Vec::new(),
        Some(v) => v
            .split(',')
            .map(|q| {
                q.trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|q| (1..=4).contains(q))
                    .ok_or_else(|| format!("quad must be a QuadClass 1 to 4 (or several joined by commas), got {v:?}"))
            })
            .collect::<Result<_, _>>()?,
    };
    if let Some(ms) = p.get("modality") {
        let known = modalities();
        if let Some(m) = ms.split(',').map(str::trim).find(|m| !known.contains(m)) {
            return Err(format!(
                "modality must be one or more (joined by commas) of {}, got {m:?}",
                known.join("|")
            ));
        }
    }
    let from = p.get("from").map(|v| date("from", v)).transpose()?;
    let to = p.get("to").map(|v| date("to", v)).transpose()?;
    if let (Some(a), Some(b)) = (&from, &to) {
        let (a, b) = (PartialDate::parse(a), PartialDate::parse(b));
        if let (Some(a), Some(b)) = (a, b) {
            if a.first_day() > b.last_day() {
                return Err("from must not be after to".into());
            }
        }
    }
    let bbox = p.get("bbox").map(crate::geo::parse_bbox).transpose()?;
    let min_confidence = match p.get("min_confidence") {
        None => None,
        Some(v) => Some(
            v.parse::<f64>()
                .ok()
                .filter(|c| (0.0..=1.0).contains(c))
                .ok_or_else(|| format!("min_confidence must be a number from 0 to 1, got {v:?}"))?,
        ),
    };
    let sort = match p.get("sort") {
        None => EventSort::default(),
        Some(v) => EventSort::parse(v).ok_or_else(|| {
            format!(
                "sort must be one of {}, got {v:?}",
                EventSort::NAMES.join("|")
            )
        })?,
    };
    let text = |k: &str, max: usize| -> Result<Option<String>, String> {
        match p.get(k) {
            Some(v) if v.chars().count() > max => {
                Err(format!("{k} must be at most {max} characters"))
            }
            v => Ok(v.map(String::from)),
        }
    };
    Ok(EventFilter {
        actor: code("actor")?,
        source: code("source")?,
        target: code("target")?,
        dyad,
        cameo,
        root,
        quad,
        modality: p.get("modality").map(String::from),
        from,
        to,
        place: text("place", 200)?,
        bbox,
        doc_id: text("doc_id", 2000)?,
        outlet: text("outlet", 100)?,
        min_confidence,
        sort,
        limit: 0,
        offset: 0,
        after: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(pairs: &[(&str, &str)], want: Result<(), &str>) {
        let pairs = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let got = Params::new(pairs, &[FILTERS]).and_then(|p| event_filter(&p).map(|_| ()));
        match (got, want) {
            (Ok(()), Ok(())) => {}
            (Err(e), Err(w)) => assert!(e.contains(w), "{e:?} should name {w:?}"),
            (g, w) => panic!("got {g:?}, want {w:?}"),
        }
    }

    /// Issue 14, item 8: every lenient case is refused, naming its parameter.
    #[test]
    fn bad_values_name_their_parameter() {
        check(&[("from", "July")], Err("from"));
        check(&[("from", "2015-13-45")], Err("from"));
        check(&[("to", "2015-02-30")], Err("to"));
        check(&[("root", "abc")], Err("root"));
        check(&[("root", "21")], Err("root"));
        check(&[("quad", "9")], Err("quad"));
        check(&[("modality", "bogus")], Err("modality"));
        check(&[("target", "_")], Err("target"));
        check(&[("actor", "%")], Err("actor"));
        check(&[("source", "SA%")], Err("source"));
        check(&[("bogus", "1")], Err("bogus"));
        check(&[("quad", "1"), ("quad", "2")], Err("quad"));
        check(&[("sort", "size")], Err("sort"));
        check(&[("min_confidence", "2")], Err("min_confidence"));
        check(&[("from", "2016"), ("to", "2015")], Err("from"));
        check(&[("dyad", "SAU")], Err("dyad"));
        check(&[("cameo", "1x")], Err("cameo"));
        check(&[("quad", "3,9")], Err("quad"));
        check(&[("quad", "3,4")], Ok(()));
        check(
            &[
                ("actor", "السعودية"),
                ("dyad", "SAU-YEM"),
                ("from", "2015-07"),
                ("to", "2015-07-31"),
                ("root", "19"),
                ("quad", "4"),
                ("sort", "-date"),
                ("quad", ""),
            ],
            Err("quad"),
        );
        check(
            &[
                ("actor", "السعودية"),
                ("from", "2015-07"),
                ("root", "19"),
                ("sort", "-date"),
            ],
            Ok(()),
        );
    }
}
