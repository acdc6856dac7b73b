//! 定期复核: dibao and tekun recipients are reviewed at intervals set per programme and area
//! (`review_dibao_months`, `review_tekun_months`). A reviewer records what the review found
//! and proposes to continue, adjust the amount or stop; an approver — never the same person
//! — confirms it or sends it back.

use serde::{Deserialize, Serialize};

use super::register::Tier;
use crate::domain::date::Date;
use crate::domain::money::Fen;
use crate::domain::params::ParamName;
use crate::domain::request::{FieldError, Problem};
use crate::domain::text::Note;
use crate::i18n::Msg;

/// What a review concludes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewOutcome {
    Continue,
    /// The monthly amount changes.
    Adjust,
    Stop,
}

impl ReviewOutcome {
    pub const ALL: [ReviewOutcome; 3] = [ReviewOutcome::Continue, ReviewOutcome::Adjust, ReviewOutcome::Stop];

    pub const fn code(self) -> &'static str {
        match self {
            ReviewOutcome::Continue => "continue",
            ReviewOutcome::Adjust => "adjust",
            ReviewOutcome::Stop => "stop",
        }
    }

    pub fn from_code(code: &str) -> Option<ReviewOutcome> {
        ReviewOutcome::ALL.into_iter().find(|o| o.code() == code)
    }

    pub const fn label(self) -> Msg {
        match self {
            ReviewOutcome::Continue => Msg::ReviewContinue,
            ReviewOutcome::Adjust => Msg::ReviewAdjust,
            ReviewOutcome::Stop => Msg::ReviewStop,
        }
    }
}

/// The parameter that sets a tier's review interval; `None` for tiers not reviewed.
pub const fn interval(tier: Tier) -> Option<ParamName> {
    match tier {
        Tier::Dibao => Some(ParamName::ReviewDibaoMonths),
        Tier::Tekun => Some(ParamName::ReviewTekunMonths),
        _ => None,
    }
}

/// When the next review is due: `months` after the last review, or after the person entered
/// the tier when never reviewed.
pub fn due_on(since: Date, last_review: Option<Date>, months: i64) -> Date {
    last_review.unwrap_or(since).plus_months(months.max(1))
}

/// Whether a review due on `due` belongs in the queue on `today`: late, or due within
/// `ahead` days (the office prepares a home visit).
pub fn in_queue(due: Date, today: Date, ahead: i64) -> bool {
    due <= today.plus_days(ahead.max(0))
}

/// How many days ahead a coming review shows in the queue.
pub const REVIEW_AHEAD_DAYS: i64 = 30;

/// A review as the form posted it, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal {
    pub outcome: ReviewOutcome,
    /// The new monthly amount of an adjustment.
    pub amount: Option<Fen>,
    pub note: Note,
}

pub fn read_proposal(outcome: &str, amount: &str, note: &str) -> Result<Proposal, Vec<FieldError>> {
    let mut errors = Vec::new();
    let outcome = ReviewOutcome::from_code(outcome.trim());
    if outcome.is_none() {
        errors.push(FieldError { field: "outcome".into(), problem: Problem::Required });
    }
    let amount = match (outcome, amount.trim()) {
        (Some(ReviewOutcome::Adjust), "") => {
            errors.push(FieldError { field: "amount".into(), problem: Problem::Required });
            None
        }
        (Some(ReviewOutcome::Adjust), typed) => match Fen::parse_yuan(typed) {
            Ok(f) if f > Fen::ZERO => Some(f),
            _ => {
                errors.push(FieldError { field: "amount".into(), problem: Problem::MoneyFormat });
                None
            }
        },
        _ => None,
    };
    let note = super::required_note(note, &mut errors);
    match (outcome, note) {
        (Some(outcome), Some(note)) if errors.is_empty() => Ok(Proposal { outcome, amount, note }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn reviews_fall_due_after_the_interval_from_the_last_one() {
        assert_eq!(due_on(d("2025-12-20"), None, 12), d("2026-12-20"));
        assert_eq!(due_on(d("2024-01-31"), Some(d("2026-01-31")), 1), d("2026-02-28"));
        assert!(in_queue(d("2026-12-20"), d("2026-12-06"), 30), "within the month ahead");
        assert!(!in_queue(d("2027-01-20"), d("2026-12-06"), 30));
        assert!(in_queue(d("2026-01-01"), d("2026-12-06"), 30), "late");
        assert_eq!(interval(Tier::Tekun), Some(ParamName::ReviewTekunMonths));
        assert_eq!(interval(Tier::DibaoEdge), None, "only dibao and tekun are reviewed");
    }

    #[test]
    fn an_adjustment_needs_its_amount_and_every_review_a_note() {
        let p = read_proposal("adjust", "1,050", "入户复核：家庭收入减少").unwrap();
        assert_eq!(p.amount, Some(Fen::from_yuan(1050)));
        assert_eq!(read_proposal("continue", "999", "情况未变").unwrap().amount, None, "only an adjustment keeps an amount");
        let e = read_proposal("adjust", "", " ").unwrap_err();
        assert_eq!(e.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(), ["amount", "note"]);
        assert_eq!(read_proposal("", "", "x").unwrap_err()[0].field, "outcome");
        assert_eq!(read_proposal("adjust", "-5", "x").unwrap_err()[0].problem, Problem::MoneyFormat);
    }
}
