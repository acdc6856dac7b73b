//! Where assistance is paid: a bank card or passbook account number (银行账号).

use std::fmt;

use serde::{Deserialize, Serialize};

/// Digits only, 12 to 30 of them: Chinese card numbers have 16–19 digits, passbook and
/// social-security card accounts vary, so the length is wide and no check digit is assumed
/// (passbooks do not carry a Luhn digit).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BankAccount(String);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("an account number has 12 to 30 digits")]
pub struct BankAccountError;

impl BankAccount {
    pub const MIN_DIGITS: usize = 12;
    pub const MAX_DIGITS: usize = 30;

    /// Spaces and dashes people type to group digits are dropped; anything else is refused.
    pub fn parse(text: &str) -> Result<BankAccount, BankAccountError> {
        let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-' | '\u{3000}')).collect();
        if (Self::MIN_DIGITS..=Self::MAX_DIGITS).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(BankAccount(digits))
        } else {
            Err(BankAccountError)
        }
    }

    /// `6222 **** 1234`: enough for the person to recognise the account, not to use it.
    pub fn masked(&self) -> String {
        format!("{} **** {}", &self.0[..4], &self.0[self.0.len() - 4..])
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for BankAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BankAccount({})", self.masked())
    }
}

impl TryFrom<String> for BankAccount {
    type Error = BankAccountError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        BankAccount::parse(&s)
    }
}

impl From<BankAccount> for String {
    fn from(a: BankAccount) -> String {
        a.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn grouped_digits_are_accepted_and_masked() {
        let a = BankAccount::parse("6222 0212 3456 7890 123").unwrap();
        assert_eq!(a.expose(), "6222021234567890123");
        assert_eq!(a.masked(), "6222 **** 0123");
        assert!(!format!("{a:?}").contains("0212345"));
    }

    #[test]
    fn wrong_shapes_are_refused() {
        for bad in ["", "12345678901", "6222a21234567890", "１２３４５６７８９０１２３", &"1".repeat(31)] {
            assert_eq!(BankAccount::parse(bad), Err(BankAccountError), "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn parse_never_panics_and_masks_hide_the_middle(s in "\\PC{0,40}") {
            if let Ok(a) = BankAccount::parse(&s) {
                let m = a.masked();
                prop_assert!(m.len() < a.expose().len() + 6);
                prop_assert!(m.contains("****"));
            }
        }
    }
}
