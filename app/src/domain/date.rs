//! Calendar dates without a clock or a date library: the engine takes the date as input,
//! and the client stays small (chrono costs ~15 KB brotli in the WASM).

use std::fmt;

use serde::{Deserialize, Serialize};

/// A valid Gregorian date between 1900-01-01 and 2199-12-31, written `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date {
    /// Days since 1970-01-01; ordering and differences are plain integer arithmetic.
    days: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("write the date as YYYY-MM-DD, e.g. 2026-02-20")]
    Malformed,
    #[error("this day does not exist in the calendar")]
    NoSuchDay,
    #[error("the year must be between 1900 and 2199")]
    OutOfRange,
}

const fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

const fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

// Howard Hinnant's days_from_civil / civil_from_days.
const fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i32 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

const fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

impl Date {
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Result<Date, DateError> {
        if !(1900..=2199).contains(&y) {
            return Err(DateError::OutOfRange);
        }
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return Err(DateError::NoSuchDay);
        }
        Ok(Date { days: days_from_civil(y, m, d) })
    }

    pub fn parse(text: &str) -> Result<Date, DateError> {
        let t = text.trim();
        let b = t.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(DateError::Malformed);
        }
        let num = |s: &str| -> Result<u32, DateError> {
            if s.bytes().all(|c| c.is_ascii_digit()) { s.parse().map_err(|_| DateError::Malformed) } else { Err(DateError::Malformed) }
        };
        Date::from_ymd(num(&t[..4])? as i32, num(&t[5..7])?, num(&t[8..])?)
    }

    /// From days since 1970-01-01 (e.g. a server clock's date); clamped to the valid range.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let lo = days_from_civil(1900, 1, 1) as i64;
        let hi = days_from_civil(2199, 12, 31) as i64;
        Date { days: days.clamp(lo, hi) as i32 }
    }

    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.days)
    }

    /// The date `n` days later (earlier for negative `n`), clamped to the valid range.
    pub fn plus_days(self, n: i64) -> Date {
        Date::from_days_since_epoch(self.days as i64 + n)
    }

    /// The same day `n` months later (earlier for negative `n`); the month's last day when
    /// it is shorter (2026-01-31 plus one month is 2026-02-28). Clamped to the valid range.
    pub fn plus_months(self, n: i64) -> Date {
        let (y, m, d) = self.ymd();
        let total = (y as i64) * 12 + (m as i64 - 1) + n.clamp(-12 * 400, 12 * 400);
        let year = total.div_euclid(12);
        if year > 2199 {
            return Date { days: days_from_civil(2199, 12, 31) };
        }
        if year < 1900 {
            return Date { days: days_from_civil(1900, 1, 1) };
        }
        let (y, m) = (year as i32, total.rem_euclid(12) as u32 + 1);
        let d = d.min(days_in_month(y, m));
        Date { days: days_from_civil(y, m, d) }
    }

    pub fn minus_months(self, n: i64) -> Date {
        self.plus_months(-n)
    }

    /// Whole days from `earlier` to `self` (negative when `earlier` is later).
    pub fn days_since(self, earlier: Date) -> i64 {
        (self.days - earlier.days) as i64
    }
}

impl TryFrom<String> for Date {
    type Error = DateError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Date::parse(&s)
    }
}

impl From<Date> for String {
    fn from(d: Date) -> String {
        d.to_string()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_keep_the_day_or_take_the_months_last() {
        let d = |s: &str| Date::parse(s).unwrap();
        assert_eq!(d("2026-01-31").plus_months(1), d("2026-02-28"));
        assert_eq!(d("2024-01-31").plus_months(1), d("2024-02-29"));
        assert_eq!(d("2026-12-06").plus_months(1), d("2027-01-06"));
        assert_eq!(d("2026-12-06").minus_months(12), d("2025-12-06"));
        assert_eq!(d("2026-03-31").minus_months(1), d("2026-02-28"));
        assert_eq!(d("2026-03-31").plus_months(i64::MAX), d("2199-12-31"));
        assert_eq!(d("2026-03-31").minus_months(i64::MAX), d("1900-01-01"));
    }

    #[test]
    fn round_trips_through_text() {
        for s in ["1900-01-01", "1970-01-01", "2000-02-29", "2026-11-29", "2199-12-31"] {
            assert_eq!(Date::parse(s).unwrap().to_string(), s);
        }
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert_eq!(Date::parse("2026-02-29"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("2100-02-29"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("2026-13-01"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("2026-1-01"), Err(DateError::Malformed));
        assert_eq!(Date::parse("+026-01-01"), Err(DateError::Malformed));
        assert_eq!(Date::parse("1899-12-31"), Err(DateError::OutOfRange));
    }

    #[test]
    fn differences_count_days() {
        let a = Date::parse("2026-02-20").unwrap();
        let b = Date::parse("2026-11-29").unwrap();
        assert_eq!(b.days_since(a), 282);
        assert!(a < b);
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
    }
}
