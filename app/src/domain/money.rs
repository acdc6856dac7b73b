//! Money in integer fen (1 yuan = 100 fen). Never a float.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A non-negative amount of money in fen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Fen(i64);

/// Upper bound on any single amount the portal accepts: 100 million yuan. Keeps every
/// product of an amount and a small factor far from overflow.
pub const MAX_FEN: i64 = 10_000_000_000;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FenError {
    #[error("an amount cannot be negative")]
    Negative,
    #[error("an amount cannot exceed 100,000,000 yuan")]
    TooLarge,
    #[error("write the amount in yuan, e.g. 1200 or 1200.50")]
    Malformed,
}

impl Fen {
    pub const ZERO: Fen = Fen(0);

    pub fn new(fen: i64) -> Result<Fen, FenError> {
        if fen < 0 {
            Err(FenError::Negative)
        } else if fen > MAX_FEN {
            Err(FenError::TooLarge)
        } else {
            Ok(Fen(fen))
        }
    }

    pub const fn from_yuan(yuan: i64) -> Fen {
        Fen(yuan * 100)
    }

    /// Parses what a person types in yuan: `1200`, `1,200.5`, `1200.50`, `１２００` is refused.
    pub fn parse_yuan(text: &str) -> Result<Fen, FenError> {
        let t: String = text.trim().chars().filter(|c| *c != ',' && *c != '，' && *c != ' ').collect();
        let t = t.strip_suffix('元').unwrap_or(&t);
        if t.starts_with('-') {
            return Err(FenError::Negative);
        }
        let (whole, frac) = match t.split_once('.') {
            Some((w, f)) => (w, f),
            None => (t, ""),
        };
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FenError::Malformed);
        }
        if whole.len() > 12 {
            return Err(FenError::TooLarge);
        }
        let whole: i64 = whole.parse().map_err(|_| FenError::Malformed)?;
        let frac: i64 = if frac.is_empty() { 0 } else { format!("{frac:0<2}").parse().map_err(|_| FenError::Malformed)? };
        Fen::new(whole * 100 + frac)
    }

    pub const fn get(self) -> i64 {
        self.0
    }

    pub fn saturating_add(self, other: Fen) -> Fen {
        Fen((self.0 + other.0).min(MAX_FEN * 100))
    }

    pub fn saturating_sub(self, other: Fen) -> Fen {
        Fen((self.0 - other.0).max(0))
    }

    /// Multiplies by `percent / 100`, rounding down to the fen.
    pub fn times_percent(self, percent: i64) -> Fen {
        Fen((self.0 as i128 * percent.max(0) as i128 / 100).min(i64::MAX as i128) as i64)
    }

    pub fn times(self, n: i64) -> Fen {
        Fen(self.0.saturating_mul(n.max(0)))
    }

    pub fn div(self, n: i64) -> Fen {
        if n <= 0 { self } else { Fen(self.0 / n) }
    }

    /// `12,345.60` style, for people: whole yuan when there are no fen.
    pub fn yuan_text(self) -> String {
        let yuan = self.0 / 100;
        let fen = self.0 % 100;
        let digits = yuan.to_string();
        let mut grouped = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        if fen == 0 { grouped } else { format!("{grouped}.{fen:02}") }
    }
}

impl TryFrom<i64> for Fen {
    type Error = FenError;
    fn try_from(v: i64) -> Result<Self, Self::Error> {
        Fen::new(v)
    }
}

impl From<Fen> for i64 {
    fn from(f: Fen) -> i64 {
        f.0
    }
}

impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.yuan_text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_as_typed_become_fen() {
        assert_eq!(Fen::parse_yuan("1200").unwrap().get(), 120_000);
        assert_eq!(Fen::parse_yuan("1,200.5").unwrap().get(), 120_050);
        assert_eq!(Fen::parse_yuan(" 1200.05元 ").unwrap().get(), 120_005);
        assert_eq!(Fen::parse_yuan("0").unwrap(), Fen::ZERO);
    }

    #[test]
    fn bad_amounts_are_refused() {
        assert_eq!(Fen::parse_yuan("-5"), Err(FenError::Negative));
        assert_eq!(Fen::parse_yuan("1.234"), Err(FenError::Malformed));
        assert_eq!(Fen::parse_yuan("abc"), Err(FenError::Malformed));
        assert_eq!(Fen::parse_yuan(""), Err(FenError::Malformed));
        assert_eq!(Fen::parse_yuan("99999999999999"), Err(FenError::TooLarge));
        assert_eq!(Fen::new(-1), Err(FenError::Negative));
    }

    #[test]
    fn shown_with_thousands_separators() {
        assert_eq!(Fen::new(1_134_000).unwrap().yuan_text(), "11,340");
        assert_eq!(Fen::new(111_050).unwrap().yuan_text(), "1,110.50");
        assert_eq!(Fen::ZERO.yuan_text(), "0");
    }

    #[test]
    fn percent_multiplication_rounds_down() {
        assert_eq!(Fen::new(111_000).unwrap().times_percent(150).get(), 166_500);
        assert_eq!(Fen::new(101).unwrap().times_percent(50).get(), 50);
    }
}
