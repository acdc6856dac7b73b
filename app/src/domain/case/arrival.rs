//! Did the money arrive? (收到了吗, #13 item 5) After a payment is recorded the person is
//! asked; "not received" or "only part of it" puts the case back in front of its office
//! until the person says it came or the office pays again.

use crate::domain::request::{FieldError, Problem};
use crate::domain::text::Text;
use crate::i18n::Msg;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Arrival {
    Received,
    NotReceived,
    Partly,
}

/// The most a person writes beside their answer.
pub const NOTE_MAX: usize = 500;
pub type ArrivalNote = Text<NOTE_MAX>;

impl Arrival {
    pub const ALL: [Arrival; 3] = [Arrival::Received, Arrival::NotReceived, Arrival::Partly];

    pub const fn code(self) -> &'static str {
        match self {
            Arrival::Received => "received",
            Arrival::NotReceived => "not_received",
            Arrival::Partly => "partly",
        }
    }

    pub fn from_code(code: &str) -> Option<Arrival> {
        Arrival::ALL.into_iter().find(|a| a.code() == code)
    }

    /// The answer in words.
    pub const fn label(self) -> Msg {
        match self {
            Arrival::Received => Msg::ArrivalReceived,
            Arrival::NotReceived => Msg::ArrivalNotReceived,
            Arrival::Partly => Msg::ArrivalPartly,
        }
    }

    /// The office must look into it.
    pub const fn needs_office(self) -> bool {
        !matches!(self, Arrival::Received)
    }
}

/// The person's answer as posted: which one, and what they wrote beside it (trimmed).
pub fn read(answer: &str, note: &str) -> Result<(Arrival, ArrivalNote), Vec<FieldError>> {
    let mut errors = Vec::new();
    let arrival = Arrival::from_code(answer.trim());
    if arrival.is_none() {
        errors.push(FieldError { field: "arrival".into(), problem: Problem::Required });
    }
    let note = ArrivalNote::parse(note).map_err(|e| errors.push(FieldError { field: "arrival_note".into(), problem: e.problem() }));
    match (arrival, note) {
        (Some(a), Ok(note)) if errors.is_empty() => Ok((a, note)),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn answers_are_read_and_problems_named() {
        assert_eq!(read("not_received", "  卡里没有  "), Ok((Arrival::NotReceived, ArrivalNote::parse("卡里没有").unwrap())));
        assert!(Arrival::NotReceived.needs_office() && Arrival::Partly.needs_office() && !Arrival::Received.needs_office());
        let errors = read("", &"多".repeat(501)).unwrap_err();
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["arrival", "arrival_note"]);
        assert_eq!(read("maybe", "").unwrap_err()[0].problem, Problem::Required);
    }

    proptest! {
        #[test]
        fn any_post_is_an_answer_or_named_problems(answer in ".{0,20}", note in ".{0,600}") {
            match read(&answer, &note) {
                Ok((a, kept)) => {
                    prop_assert_eq!(a.code(), answer.trim());
                    prop_assert!(kept.as_str().chars().count() <= NOTE_MAX);
                }
                Err(errors) => prop_assert!(!errors.is_empty()),
            }
        }
    }
}
