//! How a person (or their guardian or proxy) agrees to their plan: a drawn signature where the
//! signature pad runs, a code texted to their phone, or a verbal agreement heard by a witness.

use serde::{Deserialize, Serialize};

use crate::domain::request::{FieldError, Problem};
use crate::domain::text::PersonName;
use crate::i18n::Msg;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgreedHow {
    Signature,
    Code,
    Verbal,
}

impl AgreedHow {
    pub const ALL: [AgreedHow; 3] = [AgreedHow::Signature, AgreedHow::Code, AgreedHow::Verbal];

    pub const fn code(self) -> &'static str {
        match self {
            AgreedHow::Signature => "signature",
            AgreedHow::Code => "code",
            AgreedHow::Verbal => "verbal",
        }
    }

    pub fn from_code(code: &str) -> Option<AgreedHow> {
        AgreedHow::ALL.into_iter().find(|a| a.code() == code)
    }

    pub const fn label(self) -> Msg {
        match self {
            AgreedHow::Signature => Msg::AgreedBySignature,
            AgreedHow::Code => Msg::AgreedByCode,
            AgreedHow::Verbal => Msg::AgreedVerbally,
        }
    }
}

/// An agreement as read from the form; the code itself and the drawing are checked by the
/// server, which holds the challenge and decodes the image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agreement {
    pub how: AgreedHow,
    /// Who agreed: the person, or their guardian or proxy.
    pub by: PersonName,
    /// Verbal agreements only: who heard it (never the one who agreed).
    pub witness: Option<PersonName>,
}

pub fn read_agreement(how: &str, by: &str, witness: &str) -> Result<Agreement, Vec<FieldError>> {
    let mut errors = Vec::new();
    let how = AgreedHow::from_code(how.trim());
    if how.is_none() {
        errors.push(FieldError { field: "how".into(), problem: Problem::Required });
    }
    let by = PersonName::parse(by);
    if by.is_none() {
        errors.push(FieldError { field: "agreed_by".into(), problem: Problem::NameFormat });
    }
    let witness = match (how, witness.trim()) {
        (Some(AgreedHow::Verbal), "") => {
            errors.push(FieldError { field: "witness".into(), problem: Problem::Required });
            None
        }
        (Some(AgreedHow::Verbal), w) => match PersonName::parse(w) {
            Some(w) if by.as_ref().is_some_and(|b| *b == w) => {
                errors.push(FieldError { field: "witness".into(), problem: Problem::WitnessIsAgreeing });
                None
            }
            Some(w) => Some(w),
            None => {
                errors.push(FieldError { field: "witness".into(), problem: Problem::NameFormat });
                None
            }
        },
        _ => None,
    };
    match (how, by) {
        (Some(how), Some(by)) if errors.is_empty() => Ok(Agreement { how, by, witness }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verbal_agreement_needs_a_witness_who_is_someone_else() {
        let a = read_agreement("verbal", "王秀英", "李红").unwrap();
        assert_eq!((a.how, a.witness.as_ref().map(PersonName::as_str)), (AgreedHow::Verbal, Some("李红")));
        assert_eq!(read_agreement("verbal", "王秀英", "").unwrap_err()[0].field, "witness");
        assert_eq!(read_agreement("verbal", "王秀英", "王秀英").unwrap_err()[0].problem, Problem::WitnessIsAgreeing);
        let code = read_agreement("code", "王秀英", "李红").unwrap();
        assert_eq!(code.witness, None, "a witness belongs to verbal agreements only");
        let e = read_agreement("nod", "", "").unwrap_err();
        assert_eq!(e.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(), ["how", "agreed_by"]);
    }
}
