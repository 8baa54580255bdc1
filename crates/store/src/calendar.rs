//! Dates of partial precision («2015», «2015-07», «2015-07-14») and the day arithmetic the
//! timeline needs to fill empty periods (proleptic Gregorian, days since 1970-01-01).

/// A date known to the year, the month or the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    pub year: i64,
    pub month: Option<i64>,
    pub day: Option<i64>,
}

impl PartialDate {
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` naming a real calendar day; anything else is none.
    pub fn parse(s: &str) -> Option<PartialDate> {
        let parts: Vec<&str> = s.split('-').collect();
        let num = |p: &str, len: usize| -> Option<i64> {
            (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        };
        let year = num(parts.first()?, 4)?;
        let month = match parts.get(1) {
            Some(m) => Some(num(m, 2).filter(|m| (1..=12).contains(m))?),
            None => None,
        };
        let day = match (parts.get(2), month) {
            (Some(d), Some(m)) => Some(num(d, 2).filter(|d| *d >= 1 && *d <= month_days(year, m))?),
            _ => None,
        };
        if parts.len() > 3 {
            return None;
        }
        Some(PartialDate { year, month, day })
    }

    /// `day`, `month` or `year`.
    pub fn precision(&self) -> &'static str {
        match (self.month, self.day) {
            (Some(_), Some(_)) => "day",
            (Some(_), None) => "month",
            _ => "year",
        }
    }

    /// The first day the date covers, as days since 1970-01-01.
    pub fn first_day(&self) -> i64 {
        days_from_civil(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day the date covers.
    pub fn last_day(&self) -> i64 {
        match (self.month, self.day) {
            (Some(m), Some(d)) => days_from_civil(self.year, m, d),
            (Some(m), None) => days_from_civil(self.year, m, month_days(self.year, m)),
            _ => days_from_civil(self.year, 12, 31),
        }
    }
}

/// How much of a stored date is known: `day`, `month`, `year`, or none for anything else.
pub fn date_precision(date: &str) -> Option<&'static str> {
    PartialDate::parse(date).map(|d| d.precision())
}

pub fn month_days(y: i64, m: i64) -> i64 {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    days_from_civil(ny, nm, 1) - days_from_civil(y, m, 1)
}

/// Days since 1970-01-01 (H. Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month, day) of a day number.
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

pub fn day_string(z: i64) -> String {
    let (y, m, d) = civil_from_days(z);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The timeline's key of a day: `2015-07-14`, `2015-W28` (SQLite's `%W`: weeks start on
/// Monday, days before the year's first Monday are week 00), `2015-07` or `2015`.
pub fn period_key(z: i64, by: &str) -> String {
    let (y, m, _) = civil_from_days(z);
    match by {
        "day" => day_string(z),
        "week" => {
            let yday = z - days_from_civil(y, 1, 1);
            // 1970-01-01 was a Thursday: Monday = 0
            let wday = (z + 3).rem_euclid(7);
            format!("{y:04}-W{:02}", (yday + 7 - wday) / 7)
        }
        "month" => format!("{y:04}-{m:02}"),
        _ => format!("{y:04}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_bounds() {
        let check = |s: &str, want: Option<(&str, &str, &str)>| {
            let got = PartialDate::parse(s).map(|d| {
                (
                    d.precision(),
                    day_string(d.first_day()),
                    day_string(d.last_day()),
                )
            });
            let want = want.map(|(p, a, b)| (p, a.to_string(), b.to_string()));
            assert_eq!(got, want, "{s}");
        };
        check("2015", Some(("year", "2015-01-01", "2015-12-31")));
        check("2016-02", Some(("month", "2016-02-01", "2016-02-29")));
        check("2015-07-14", Some(("day", "2015-07-14", "2015-07-14")));
        for bad in [
            "July",
            "2015-13-45",
            "2015-02-29",
            "15-07-01",
            "2015-7",
            "2015-07-01-01",
            "",
            "٢٠١٥",
        ] {
            check(bad, None);
        }
    }

    #[test]
    fn weeks_follow_sqlite() {
        // SQLite: strftime('%Y-W%W', '2015-01-04') = 2015-W00, '2015-01-05' = 2015-W01
        let z = |s: &str| PartialDate::parse(s).unwrap().first_day();
        assert_eq!(period_key(z("2015-01-04"), "week"), "2015-W00");
        assert_eq!(period_key(z("2015-01-05"), "week"), "2015-W01");
        assert_eq!(period_key(z("2015-07-14"), "week"), "2015-W28");
        assert_eq!(period_key(z("1970-01-01"), "day"), "1970-01-01");
        assert_eq!(civil_from_days(z("1949-12-31") + 1), (1950, 1, 1));
    }
}
