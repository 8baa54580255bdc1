//! Dates as Arrow Date32 (days since 1970-01-01) plus their precision: khabar resolves «في يوليو»
//! to a month and «عام 2014» to a year; the date column holds the period's first day and the
//! precision column says which period it is.

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePrecision {
    Day,
    Month,
    Year,
}

impl DatePrecision {
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Month => "month",
            DatePrecision::Year => "year",
        }
    }
}

/// `YYYY-MM-DD`, `YYYY-MM` or `YYYY` → (days since the epoch of the period's first day, precision).
/// Anything else, or an impossible day, is `None`.
pub fn parse_date(s: &str) -> Option<(i32, DatePrecision)> {
    let mut parts = s.trim().split('-');
    let y: i32 = num(parts.next()?, 4)?;
    let m = match parts.next() {
        Some(p) => Some(num(p, 2)?),
        None => None,
    };
    let d = match parts.next() {
        Some(p) => Some(num(p, 2)?),
        None => None,
    };
    if parts.next().is_some() {
        return None;
    }
    let prec = match (m, d) {
        (None, _) => DatePrecision::Year,
        (Some(_), None) => DatePrecision::Month,
        (Some(_), Some(_)) => DatePrecision::Day,
    };
    let (m, d) = (m.unwrap_or(1), d.unwrap_or(1));
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    Some((days_from_civil(y, m, d), prec))
}

fn num(s: &str, digits: usize) -> Option<i32> {
    if s.len() != digits || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn days_in_month(y: i32, m: i32) -> i32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's days_from_civil: proleptic Gregorian date → days since 1970-01-01.
fn days_from_civil(y: i32, m: i32, d: i32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_precision() {
        assert_eq!(parse_date("1970-01-01"), Some((0, DatePrecision::Day)));
        assert_eq!(parse_date("2015-07-03"), Some((16619, DatePrecision::Day)));
        assert_eq!(parse_date("2015-07"), Some((16617, DatePrecision::Month)));
        assert_eq!(parse_date("2000"), Some((10957, DatePrecision::Year)));
        assert_eq!(parse_date("2016-02-29").map(|d| d.0), Some(16860));
        assert_eq!(parse_date("1969-12-31").map(|d| d.0), Some(-1));
        for bad in [
            "",
            "2015-13",
            "2015-02-30",
            "15-07-03",
            "2015/07/03",
            "2015-07-03-1",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
