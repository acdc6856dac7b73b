//! What counts as text a person can type. Control characters (NUL above all, which
//! PostgreSQL refuses in text) never come from a keyboard: a request holding one is refused
//! before anything reads it. Tabs and line breaks are typed and stay.

/// Whether `c` is a control character no form field takes.
pub fn is_forbidden(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Whether `s` holds only characters a person can type.
pub fn is_typed(s: &str) -> bool {
    !s.chars().any(is_forbidden)
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

    proptest! {
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
