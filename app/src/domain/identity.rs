//! Identity values people type: resident ID numbers (GB 11643) and mainland mobile numbers
//! (POLICY.md §7). Each can only hold a valid value; masking is how they are shown.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::date::Date;

/// An 18-character resident ID number with a correct check character. Never require the
/// 6-digit prefix to be in today's area list: areas are renamed and merged, numbers stay.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdNumber(String);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberError {
    #[error("an ID number has 18 characters: 17 digits, then a digit or X")]
    Shape,
    #[error("the birth date inside the ID number does not exist")]
    BirthDate,
    #[error("the last character does not match; please check each digit")]
    CheckCharacter,
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: &[u8; 11] = b"10X98765432";

/// ISO 7064 MOD 11-2 check character of the first 17 digits.
pub fn check_character(first17: &[u8]) -> u8 {
    let sum: u32 = first17.iter().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    CHECK[(sum % 11) as usize]
}

impl IdNumber {
    pub fn parse(text: &str) -> Result<IdNumber, IdNumberError> {
        let s: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
        let b = s.as_bytes();
        if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) || !(b[17].is_ascii_digit() || b[17] == b'X') {
            return Err(IdNumberError::Shape);
        }
        Date::parse(&format!("{}-{}-{}", &s[6..10], &s[10..12], &s[12..14])).map_err(|_| IdNumberError::BirthDate)?;
        if check_character(&b[..17]) != b[17] {
            return Err(IdNumberError::CheckCharacter);
        }
        Ok(IdNumber(s))
    }

    pub fn birth_date(&self) -> Date {
        // Checked in `parse`; the fallback is never taken.
        Date::parse(&format!("{}-{}-{}", &self.0[6..10], &self.0[10..12], &self.0[12..14]))
            .unwrap_or_else(|_| Date::from_days_since_epoch(0))
    }

    /// Age in whole years on `on`.
    pub fn age_on(&self, on: Date) -> i32 {
        let (by, bm, bd) = self.birth_date().ymd();
        let (y, m, d) = on.ymd();
        y - by - i32::from((m, d) < (bm, bd))
    }

    /// `3201**********1234`: the first four and last four characters.
    pub fn masked(&self) -> String {
        format!("{}{}{}", &self.0[..4], "*".repeat(10), &self.0[14..])
    }

    /// The full number, for encryption and verification only — never for display.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Debug never prints the number.
impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({})", self.masked())
    }
}

impl TryFrom<String> for IdNumber {
    type Error = IdNumberError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        IdNumber::parse(&s)
    }
}

impl From<IdNumber> for String {
    fn from(id: IdNumber) -> String {
        id.0
    }
}

/// A mainland mobile number: `1[3-9]` and nine more digits, stored without +86 or spaces.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a mobile number has 11 digits and starts with 13 to 19")]
pub struct PhoneError;

impl Phone {
    pub fn parse(text: &str) -> Result<Phone, PhoneError> {
        let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-' | '\u{3000}')).collect();
        let digits = digits.strip_prefix("+86").or_else(|| digits.strip_prefix("0086")).unwrap_or(&digits);
        let b = digits.as_bytes();
        if b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) && b.iter().all(u8::is_ascii_digit) {
            Ok(Phone(digits.to_string()))
        } else {
            Err(PhoneError)
        }
    }

    /// `138****5678`
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Phone({})", self.masked())
    }
}

impl TryFrom<String> for Phone {
    type Error = PhoneError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Phone::parse(&s)
    }
}

impl From<Phone> for String {
    fn from(p: Phone) -> String {
        p.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A valid number from 17 digits, for tests.
    fn with_check(first17: &str) -> String {
        format!("{first17}{}", check_character(first17.as_bytes()) as char)
    }

    #[test]
    fn the_standard_example_is_valid() {
        // GB 11643-1999's own example.
        let id = IdNumber::parse("11010519491231002X").unwrap();
        assert_eq!(id.birth_date().to_string(), "1949-12-31");
        assert_eq!(id.masked(), "1101**********002X");
        assert_eq!(id.age_on(Date::parse("2026-11-29").unwrap()), 76);
        assert_eq!(id.age_on(Date::parse("2026-12-31").unwrap()), 77);
        assert_eq!(IdNumber::parse(" 11010519491231002x ").unwrap().expose(), "11010519491231002X");
    }

    #[test]
    fn mistakes_are_told_apart() {
        assert_eq!(IdNumber::parse("110105194912310021"), Err(IdNumberError::CheckCharacter));
        assert_eq!(IdNumber::parse("11010519491231002"), Err(IdNumberError::Shape));
        assert_eq!(IdNumber::parse("1101051949123100XX"), Err(IdNumberError::Shape));
        assert_eq!(IdNumber::parse(&with_check("11010519490231002")), Err(IdNumberError::BirthDate));
    }

    #[test]
    fn an_unknown_area_prefix_is_still_valid() {
        // 999999 is in no area list; a valid check character is all that counts.
        assert!(IdNumber::parse(&with_check("99999920000101001")).is_ok());
    }

    #[test]
    fn debug_output_is_masked() {
        let id = IdNumber::parse("11010519491231002X").unwrap();
        assert!(!format!("{id:?}").contains("19491231"));
        let p = Phone::parse("13812345678").unwrap();
        assert_eq!(format!("{p:?}"), "Phone(138****5678)");
    }

    #[test]
    fn phones_are_normalised() {
        for ok in ["13812345678", "+86 138 1234 5678", "138-1234-5678", "008613812345678"] {
            assert_eq!(Phone::parse(ok).unwrap().expose(), "13812345678", "{ok}");
        }
        for bad in ["12812345678", "1381234567", "138123456789", "+1 138 1234 5678", "1381234567a", ""] {
            assert!(Phone::parse(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn exactly_one_check_character_fits(first17 in "[1-9][0-9]{5}(19[5-9][0-9]|20[0-2][0-9])(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}") {
            let fits: Vec<char> = "0123456789X".chars().filter(|c| IdNumber::parse(&format!("{first17}{c}")).is_ok()).collect();
            prop_assert_eq!(fits.len(), 1);
        }

        #[test]
        fn any_text_is_parsed_without_panic(s in "\\PC{0,30}") {
            let _ = IdNumber::parse(&s);
            let _ = Phone::parse(&s);
        }
    }
}
