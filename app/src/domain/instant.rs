//! A moment as stored and sent by the API, always UTC (`2026-12-02T05:31:28Z`), and how it
//! reads on a person's screen: Beijing time. Mainland China keeps one zone, UTC+8, with no
//! daylight saving since 1991, so a fixed offset is exact for every time the portal records.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::date::Date;

/// China Standard Time: UTC+8 all year.
const BEIJING_OFFSET_SECS: i64 = 8 * 3600;

/// A UTC moment to the second, between 1900 and 2199 like [`Date`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Instant {
    /// Seconds since 1970-01-01T00:00:00Z.
    secs: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InstantError {
    #[error("write the time as YYYY-MM-DDTHH:MM:SSZ, e.g. 2026-12-02T05:31:28Z")]
    Malformed,
}

/// A local wall-clock reading: the calendar day and the time of day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WallClock {
    pub date: Date,
    pub hour: u32,
    pub minute: u32,
}

impl Instant {
    pub fn from_unix(secs: i64) -> Instant {
        Instant { secs }
    }

    pub fn unix(self) -> i64 {
        self.secs
    }

    /// Reads `YYYY-MM-DDTHH:MM:SS` followed by `Z` or `+00:00`, with optional fractional
    /// seconds (dropped): the forms the two databases and the server write.
    pub fn parse(text: &str) -> Result<Instant, InstantError> {
        let t = text.trim();
        let (main, zone) = if let Some(m) = t.strip_suffix('Z') {
            (m, "Z")
        } else if let Some(m) = t.strip_suffix("+00:00") {
            (m, "Z")
        } else {
            (t, "")
        };
        if zone.is_empty() {
            return Err(InstantError::Malformed);
        }
        let main = match main.split_once('.') {
            Some((whole, frac)) if !frac.is_empty() && frac.bytes().all(|c| c.is_ascii_digit()) => whole,
            Some(_) => return Err(InstantError::Malformed),
            None => main,
        };
        let b = main.as_bytes();
        if b.len() != 19 || !(b[10] == b'T' || b[10] == b' ') || b[13] != b':' || b[16] != b':' {
            return Err(InstantError::Malformed);
        }
        let date = Date::parse(&main[..10]).map_err(|_| InstantError::Malformed)?;
        let num = |s: &str, max: u32| -> Result<i64, InstantError> {
            if s.len() != 2 || !s.bytes().all(|c| c.is_ascii_digit()) {
                return Err(InstantError::Malformed);
            }
            let n: u32 = s.parse().map_err(|_| InstantError::Malformed)?;
            if n > max { Err(InstantError::Malformed) } else { Ok(n as i64) }
        };
        let (h, m, s) = (num(&main[11..13], 23)?, num(&main[14..16], 59)?, num(&main[17..19], 59)?);
        let days = date.days_since(Date::from_days_since_epoch(0));
        Ok(Instant { secs: days * 86_400 + h * 3600 + m * 60 + s })
    }

    /// A time as a phone's date-and-time field gives it, read on a clock in Beijing
    /// (`2026-12-06T09:30`, seconds optional), or a UTC moment as an app sends it.
    pub fn parse_beijing_or_utc(text: &str) -> Result<Instant, InstantError> {
        let t = text.trim();
        if t.ends_with('Z') || t.ends_with("+00:00") {
            return Instant::parse(t);
        }
        let whole = match t.len() {
            16 => format!("{t}:00Z"),
            19 => format!("{t}Z"),
            _ => return Err(InstantError::Malformed),
        };
        Instant::parse(&whole).map(|i| Instant { secs: i.secs - BEIJING_OFFSET_SECS })
    }

    /// The date and time a clock in Beijing showed at this moment.
    pub fn beijing(self) -> WallClock {
        let local = self.secs + BEIJING_OFFSET_SECS;
        let days = local.div_euclid(86_400);
        let of_day = local.rem_euclid(86_400);
        WallClock { date: Date::from_days_since_epoch(days), hour: (of_day / 3600) as u32, minute: (of_day % 3600 / 60) as u32 }
    }
}

impl TryFrom<String> for Instant {
    type Error = InstantError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Instant::parse(&s)
    }
}

impl From<Instant> for String {
    fn from(i: Instant) -> String {
        i.to_string()
    }
}

/// The storage and API form: UTC with a `Z`.
impl fmt::Display for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let date = Date::from_days_since_epoch(self.secs.div_euclid(86_400));
        let s = self.secs.rem_euclid(86_400);
        write!(f, "{date}T{:02}:{:02}:{:02}Z", s / 3600, s % 3600 / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_phone_field_is_read_on_beijing_clocks() {
        assert_eq!(Instant::parse_beijing_or_utc("2026-12-06T09:30").unwrap().to_string(), "2026-12-06T01:30:00Z");
        assert_eq!(Instant::parse_beijing_or_utc("2026-12-06T01:30:00Z").unwrap().to_string(), "2026-12-06T01:30:00Z");
        assert!(Instant::parse_beijing_or_utc("2026-12-06 9:30").is_err());
        assert!(Instant::parse_beijing_or_utc("").is_err());
    }

    #[test]
    fn afternoon_in_beijing_is_morning_in_utc() {
        let w = Instant::parse("2026-12-02T05:31:28Z").unwrap().beijing();
        assert_eq!((w.date.to_string(), w.hour, w.minute), ("2026-12-02".into(), 13, 31));
    }

    #[test]
    fn late_utc_evening_is_the_next_day_in_beijing() {
        let w = Instant::parse("2026-12-31T16:00:00Z").unwrap().beijing();
        assert_eq!((w.date.to_string(), w.hour, w.minute), ("2027-01-01".into(), 0, 0));
        let w = Instant::parse("2026-12-31T15:59:59Z").unwrap().beijing();
        assert_eq!((w.date.to_string(), w.hour, w.minute), ("2026-12-31".into(), 23, 59));
    }

    #[test]
    fn database_forms_are_read() {
        let want = Instant::parse("2026-12-02T05:31:28Z").unwrap();
        for s in ["2026-12-02 05:31:28+00:00", "2026-12-02T05:31:28.123456Z", " 2026-12-02T05:31:28Z "] {
            assert_eq!(Instant::parse(s), Ok(want), "{s}");
        }
    }

    #[test]
    fn junk_and_local_times_are_refused() {
        for s in ["", "2026-12-02", "2026-12-02T05:31:28", "2026-12-02T05:31:28+08:00", "2026-12-02T24:00:00Z", "2026-12-02T05:60:00Z", "2026-02-30T00:00:00Z", "2026-12-02T5:31:28Z", "2026-12-02T05:31:28.Z", "２026-12-02T05:31:28Z"] {
            assert_eq!(Instant::parse(s), Err(InstantError::Malformed), "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn text_round_trips(secs in -2_208_988_800i64..7_258_118_399) {
            let i = Instant::from_unix(secs);
            prop_assert_eq!(Instant::parse(&i.to_string()), Ok(i));
        }

        #[test]
        fn beijing_is_eight_hours_ahead(secs in 0i64..7_000_000_000) {
            let utc = Instant::from_unix(secs);
            let local = Instant::from_unix(secs + BEIJING_OFFSET_SECS);
            let w = utc.beijing();
            let shown = format!("{}T{:02}:{:02}", w.date, w.hour, w.minute);
            prop_assert!(local.to_string().starts_with(&shown));
        }
    }
}
