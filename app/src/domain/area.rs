//! Administrative division codes (GB/T 2260 extended by the statistical division codes).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// Level of an area in the division tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AreaLevel {
    Province = 1,
    City = 2,
    District = 3,
    Subdistrict = 4,
    Community = 5,
}

impl AreaLevel {
    pub fn from_number(n: i64) -> Option<AreaLevel> {
        Some(match n {
            1 => AreaLevel::Province,
            2 => AreaLevel::City,
            3 => AreaLevel::District,
            4 => AreaLevel::Subdistrict,
            5 => AreaLevel::Community,
            _ => return None,
        })
    }

    pub fn number(self) -> i64 {
        self as i64
    }
}

/// A division code in its shortest form: 6 digits down to district/county, 9 for a
/// subdistrict/town, 12 for a community/village. A 9- or 12-digit code padded with zeros
/// is normalised to the area it names (`320104000` is `320104`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AreaCode(String);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AreaCodeError {
    #[error("an area code has 6, 9 or 12 digits")]
    Shape,
    #[error("the province part of an area code cannot be 00")]
    NoProvince,
}

impl AreaCode {
    pub fn parse(raw: &str) -> Result<AreaCode, AreaCodeError> {
        let s = raw.trim();
        if !matches!(s.len(), 6 | 9 | 12) || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AreaCodeError::Shape);
        }
        if &s[..2] == "00" {
            return Err(AreaCodeError::NoProvince);
        }
        let mut code = s;
        if code.len() == 12 && code.ends_with("000") {
            code = &code[..9];
        }
        if code.len() == 9 && code.ends_with("000") {
            code = &code[..6];
        }
        Ok(AreaCode(code.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The level the code's shape implies.
    pub fn level(&self) -> AreaLevel {
        match self.0.len() {
            12 => AreaLevel::Community,
            9 => AreaLevel::Subdistrict,
            _ if self.0.ends_with("0000") => AreaLevel::Province,
            _ if self.0.ends_with("00") => AreaLevel::City,
            _ => AreaLevel::District,
        }
    }

    /// The digits every code under this area starts with: a province's first two, a city's
    /// first four, the whole code below them.
    pub fn prefix(&self) -> &str {
        match self.level() {
            AreaLevel::Province => &self.0[..2],
            AreaLevel::City => &self.0[..4],
            _ => &self.0,
        }
    }

    /// This area and every one above it, nearest first (where inherited values come from).
    pub fn and_above(&self) -> Vec<AreaCode> {
        std::iter::successors(Some(self.clone()), AreaCode::parent).collect()
    }

    /// Whether `other` is this area or lies under it.
    pub fn contains(&self, other: &AreaCode) -> bool {
        other.0.starts_with(self.prefix())
    }

    /// The enclosing area's code, if any.
    pub fn parent(&self) -> Option<AreaCode> {
        let parent = match self.level() {
            AreaLevel::Province => return None,
            AreaLevel::City => format!("{}0000", &self.0[..2]),
            AreaLevel::District => format!("{}00", &self.0[..4]),
            AreaLevel::Subdistrict => self.0[..6].to_string(),
            AreaLevel::Community => self.0[..9].to_string(),
        };
        Some(AreaCode(parent))
    }
}

impl TryFrom<String> for AreaCode {
    type Error = AreaCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        AreaCode::parse(&s)
    }
}

impl From<AreaCode> for String {
    fn from(c: AreaCode) -> String {
        c.0
    }
}

impl fmt::Display for AreaCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A division as offered in a list to choose from (a district, subdistrict or community),
/// with its name in both languages where the division data has one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaChoice {
    pub code: String,
    pub name_zh: String,
    pub name_en: Option<String>,
}

impl AreaChoice {
    pub fn name(&self, lang: Lang) -> &str {
        match (lang, &self.name_en) {
            (Lang::En, Some(en)) => en,
            _ => &self.name_zh,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_follow_the_code_shape() {
        let level = |c: &str| AreaCode::parse(c).unwrap().level();
        assert_eq!(level("320000"), AreaLevel::Province);
        assert_eq!(level("320100"), AreaLevel::City);
        assert_eq!(level("320104"), AreaLevel::District);
        assert_eq!(level("320104001"), AreaLevel::Subdistrict);
        assert_eq!(level("320104001001"), AreaLevel::Community);
    }

    #[test]
    fn zero_padded_codes_name_the_same_area() {
        assert_eq!(AreaCode::parse("320104000000").unwrap().as_str(), "320104");
        assert_eq!(AreaCode::parse("320104001000").unwrap().as_str(), "320104001");
        assert_eq!(AreaCode::parse(" 320104 ").unwrap().as_str(), "320104");
    }

    #[test]
    fn parents_walk_up_to_the_province() {
        let mut code = AreaCode::parse("320104001001").unwrap();
        let mut seen = vec![code.to_string()];
        while let Some(p) = code.parent() {
            seen.push(p.to_string());
            code = p;
        }
        assert_eq!(seen, ["320104001001", "320104001", "320104", "320100", "320000"]);
    }

    #[test]
    fn malformed_codes_are_refused() {
        for bad in ["", "32010", "3201040", "32010A", "000000", "3201040010", "３２０１０４"] {
            assert!(AreaCode::parse(bad).is_err(), "{bad:?}");
        }
    }
}
