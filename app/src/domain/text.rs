//! What counts as text a person can type, and the two types every outside text takes before
//! it reaches the database. Control characters (NUL above all, which PostgreSQL refuses in
//! text) never come from a keyboard; tabs and line breaks are typed and stay. A length limit
//! is part of each type, so no value can outgrow its column's index or the page that shows it.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::request::Problem;

/// Whether `c` is a control character no form field takes.
pub fn is_forbidden(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Whether `s` holds only characters a person can type.
pub fn is_typed(s: &str) -> bool {
    !s.chars().any(is_forbidden)
}

/// Why a text was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextError {
    ControlCharacter,
    TooLong { max: usize },
}

impl TextError {
    pub fn problem(self) -> Problem {
        match self {
            TextError::ControlCharacter => Problem::ControlCharacters,
            TextError::TooLong { max } => Problem::TooLong { max: max as i64 },
        }
    }
}

/// Free text a person typed (a note, a reason, a name, an answer), trimmed, of at most `MAX`
/// characters and without control characters. It may be empty: whether a field is required
/// is the form's rule, not the text's.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Text<const MAX: usize>(String);

/// A text a form must carry: read, or its problem (empty, too long, control characters)
/// recorded under `field`.
pub fn required<const MAX: usize>(field: &str, text: &str, errors: &mut Vec<super::request::FieldError>) -> Option<Text<MAX>> {
    let problem = match Text::<MAX>::parse(text) {
        Ok(t) if !t.is_empty() => return Some(t),
        Ok(_) => Problem::Required,
        Err(e) => e.problem(),
    };
    errors.push(super::request::FieldError { field: field.into(), problem });
    None
}

impl<const MAX: usize> Text<MAX> {
    pub const MAX: usize = MAX;

    pub fn parse(s: &str) -> Result<Self, TextError> {
        let s = s.trim();
        if !is_typed(s) {
            Err(TextError::ControlCharacter)
        } else if s.chars().count() > MAX {
            Err(TextError::TooLong { max: MAX })
        } else {
            Ok(Self(s.to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<const MAX: usize> fmt::Display for Text<MAX> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<const MAX: usize> AsRef<str> for Text<MAX> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// A one-line answer or a person's name.
pub type Line = Text<200>;
/// A note, a reason or an answer of several lines.
pub type Note = Text<500>;

/// The longest name a person is written down with.
pub const NAME_MAX_CHARS: usize = 30;

/// A person's name as they typed it: runs of spaces become one (so "王  小明" and "王 小明"
/// are one name), 2 to 30 characters, nothing a keyboard does not type.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(s: &str) -> Option<Self> {
        let name = s.split_whitespace().collect::<Vec<_>>().join(" ");
        ((2..=NAME_MAX_CHARS).contains(&name.chars().count()) && is_typed(&name)).then_some(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The longest identifier that arrives from outside (an idempotency key is the longest).
pub const KEY_MAX: usize = 128;

/// An identifier that arrives from outside and is looked up or kept: an application's
/// reference, a draft's or a document's id, a staff username, a pledge text's id, an
/// idempotency key. Visible ASCII only, 1 to 128 characters, so a path or a header cannot
/// carry a control character, a space or a 12,000-character value into a query.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Key(String);

impl Key {
    pub fn parse(s: &str) -> Option<Self> {
        ((1..=KEY_MAX).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_graphic())).then(|| Self(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Read from a path or a body, a value that could not be a key is refused.
impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Key::parse(&s).ok_or_else(|| serde::de::Error::custom("not an identifier"))
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Key {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn control_characters_are_refused_and_line_breaks_kept() {
        assert!(is_typed("王小明\n中牌楼 3 栋\t201 室\r\n"));
        for bad in ["\u{0}", "a\u{1}b", "\u{7f}", "\u{1b}[31m", "\u{85}"] {
            assert!(!is_typed(bad), "{bad:?}");
        }
    }

    #[test]
    fn text_is_trimmed_and_limited_in_characters_not_bytes() {
        assert_eq!(Text::<3>::parse("  王小明 \n").unwrap().as_str(), "王小明");
        assert_eq!(Text::<3>::parse("王小明二"), Err(TextError::TooLong { max: 3 }));
        assert_eq!(Note::parse("a\u{0}b"), Err(TextError::ControlCharacter));
        assert!(Note::parse("").unwrap().is_empty());
        assert_eq!(TextError::TooLong { max: 500 }.problem(), Problem::TooLong { max: 500 });
    }

    #[test]
    fn keys_are_short_visible_ascii() {
        assert_eq!(Key::parse("SZ-2026-000123").unwrap().as_str(), "SZ-2026-000123");
        for bad in ["", "a b", "a\u{0}", "王", &"k".repeat(KEY_MAX + 1)] {
            assert!(Key::parse(bad).is_none(), "{bad:?}");
        }
        assert!(Key::parse(&"k".repeat(KEY_MAX)).is_some());
    }

    #[test]
    fn names_are_two_to_thirty_characters_with_single_spaces() {
        assert_eq!(PersonName::parse("  王  小明 ").unwrap().as_str(), "王 小明");
        assert_eq!(PersonName::parse("Li Wei").unwrap().as_str(), "Li Wei");
        for bad in ["", "王", "王\u{0}明", &"名".repeat(NAME_MAX_CHARS + 1)] {
            assert!(PersonName::parse(bad).is_none(), "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn a_parsed_text_holds_its_promise(s in "\\PC{0,40}|[\\x00-\\x7f]{0,40}") {
            match Text::<20>::parse(&s) {
                Ok(t) => {
                    prop_assert!(t.as_str().chars().count() <= 20);
                    prop_assert!(is_typed(t.as_str()));
                    prop_assert_eq!(t.as_str(), s.trim());
                }
                Err(TextError::ControlCharacter) => prop_assert!(!is_typed(s.trim())),
                Err(TextError::TooLong { max }) => prop_assert!(max == 20 && s.trim().chars().count() > 20),
            }
        }

        #[test]
        fn a_parsed_key_holds_its_promise(s in "\\PC{0,200}") {
            if let Some(k) = Key::parse(&s) {
                prop_assert!(k.as_str().len() <= KEY_MAX && k.as_str().bytes().all(|b| b.is_ascii_graphic()));
            }
        }

        #[test]
        fn text_without_control_characters_is_typed(s in "[^\\p{Cc}]*") {
            prop_assert!(is_typed(&s));
        }

        #[test]
        fn one_control_character_anywhere_is_enough(a in "[a-z王]{0,5}", b in "[a-z王]{0,5}", c in 0u32..0x20) {
            let c = char::from_u32(c).unwrap();
            prop_assume!(!matches!(c, '\t' | '\n' | '\r'));
            let s = format!("{a}{c}{b}");
            prop_assert!(!is_typed(&s));
        }
    }
}
