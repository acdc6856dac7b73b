//! 预警处置: a warning is checked within a time limit (a parameter; 15 days by default, the
//! rural poverty-relapse anchor) and closed with one of a few outcomes, each with a note
//! (分级预警、分类管理、限时核查).

use serde::{Deserialize, Serialize};

use crate::domain::date::Date;
use crate::domain::request::{FieldError, Problem};
use crate::domain::text::Note;
use crate::i18n::Msg;

/// What the office did about a warning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// A text message with a link that starts an application with what is known.
    InviteToApply,
    /// A case registered for the person (主动发现), through the proactive-case flow.
    ProactiveCase,
    /// A needs assessment for service help (物质+服务).
    NeedsAssessment,
    /// The help the person receives now is adjusted.
    AdjustAssistance,
    /// Handed to another department.
    Refer,
    /// Checked: nothing needed.
    NoAction,
}

impl Outcome {
    pub const ALL: [Outcome; 6] = [Outcome::InviteToApply, Outcome::ProactiveCase, Outcome::NeedsAssessment, Outcome::AdjustAssistance, Outcome::Refer, Outcome::NoAction];

    pub const fn code(self) -> &'static str {
        match self {
            Outcome::InviteToApply => "invite",
            Outcome::ProactiveCase => "proactive_case",
            Outcome::NeedsAssessment => "needs_assessment",
            Outcome::AdjustAssistance => "adjust",
            Outcome::Refer => "refer",
            Outcome::NoAction => "no_action",
        }
    }

    pub fn from_code(code: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.code() == code)
    }

    pub const fn label(self) -> Msg {
        match self {
            Outcome::InviteToApply => Msg::OutcomeInvite,
            Outcome::ProactiveCase => Msg::OutcomeProactiveCase,
            Outcome::NeedsAssessment => Msg::OutcomeNeedsAssessment,
            Outcome::AdjustAssistance => Msg::OutcomeAdjust,
            Outcome::Refer => Msg::OutcomeRefer,
            Outcome::NoAction => Msg::OutcomeNoAction,
        }
    }

    /// Whether the person was helped (or is being helped) because of the warning: what the
    /// district's "assisted after a warning" figure counts.
    pub const fn leads_to_help(self) -> bool {
        matches!(self, Outcome::InviteToApply | Outcome::ProactiveCase | Outcome::NeedsAssessment | Outcome::AdjustAssistance)
    }
}

/// The day a warning raised on `raised` must be answered by.
pub fn due_on(raised: Date, days: i64) -> Date {
    raised.plus_days(days.max(1))
}

/// Whether a warning still open on `today` is late.
pub fn overdue(due: Date, today: Date) -> bool {
    today > due
}

/// A closing as the form posted it, read: an outcome and its note, both required.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Closing {
    pub outcome: Outcome,
    pub note: Note,
}

pub fn read_closing(outcome: &str, note: &str) -> Result<Closing, Vec<FieldError>> {
    let mut errors = Vec::new();
    let outcome = Outcome::from_code(outcome.trim());
    if outcome.is_none() {
        errors.push(FieldError { field: "outcome".into(), problem: Problem::Required });
    }
    let note = super::required_note(note, &mut errors);
    match (outcome, note) {
        (Some(outcome), Some(note)) => Ok(Closing { outcome, note }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_warning_is_due_after_the_areas_days_and_late_the_day_after() {
        let raised = Date::parse("2026-11-25").unwrap();
        let due = due_on(raised, 15);
        assert_eq!(due.to_string(), "2026-12-10");
        assert!(!overdue(due, due));
        assert!(overdue(due, due.plus_days(1)));
    }

    #[test]
    fn closing_needs_an_outcome_and_a_note() {
        assert_eq!(read_closing("no_action", " 已入户核实，家庭有稳定收入 ").unwrap().note.as_str(), "已入户核实，家庭有稳定收入");
        let e = read_closing("shrug", "  ").unwrap_err();
        assert_eq!(e.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(), ["outcome", "note"]);
        assert!(read_closing("refer", &"字".repeat(501)).is_err());
        for o in Outcome::ALL {
            assert_eq!(Outcome::from_code(o.code()), Some(o));
        }
    }
}
