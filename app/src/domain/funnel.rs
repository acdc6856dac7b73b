//! From a first question to money received (#13 item 5, the district's funnel): how many
//! people reached each stage, by month and area. Counts only — no person is in it.

use crate::domain::checker::{Step, Wizard};
use crate::i18n::Msg;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    /// The checker's first question answered.
    CheckStarted,
    /// The checker's results shown after its last question.
    ResultsSeen,
    /// An application's residence given (the first step that names a place).
    ApplicationStarted,
    Submitted,
    Decided,
    Paid,
    /// The person said the money arrived.
    Received,
}

impl Stage {
    pub const ALL: [Stage; 7] = [Stage::CheckStarted, Stage::ResultsSeen, Stage::ApplicationStarted, Stage::Submitted, Stage::Decided, Stage::Paid, Stage::Received];

    pub const fn code(self) -> &'static str {
        match self {
            Stage::CheckStarted => "check_started",
            Stage::ResultsSeen => "results_seen",
            Stage::ApplicationStarted => "application_started",
            Stage::Submitted => "submitted",
            Stage::Decided => "decided",
            Stage::Paid => "paid",
            Stage::Received => "received",
        }
    }

    pub fn from_code(code: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.code() == code)
    }

    pub const fn label(self) -> Msg {
        match self {
            Stage::CheckStarted => Msg::FunnelCheckStarted,
            Stage::ResultsSeen => Msg::FunnelResultsSeen,
            Stage::ApplicationStarted => Msg::FunnelApplicationStarted,
            Stage::Submitted => Msg::FunnelSubmitted,
            Stage::Decided => Msg::FunnelDecided,
            Stage::Paid => Msg::FunnelPaid,
            Stage::Received => Msg::FunnelReceived,
        }
    }

    /// Counted as it happens (the others are read from the cases themselves).
    pub const fn counted(self) -> bool {
        matches!(self, Stage::CheckStarted | Stage::ResultsSeen | Stage::ApplicationStarted)
    }
}

/// What one checker post adds: answering the first question starts a check; answering the
/// last shows the results. Going back, editing an answer, changing the household or
/// updating on the results page adds nothing, so a person counts once per pass.
pub fn after_checker_post(fields: &[(String, String)], wizard: &Wizard) -> Option<Stage> {
    let field = |name: &str| fields.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    if field("action").is_some_and(|a| a != "continue") || !wizard.errors.is_empty() {
        return None;
    }
    match field("step").and_then(Step::from_code)? {
        Step::Where if wizard.step != Step::Where => Some(Stage::CheckStarted),
        Step::Pledge if wizard.result.is_some() => Some(Stage::ResultsSeen),
        _ => None,
    }
}

/// One month of the funnel: the count at each stage, in `Stage::ALL`'s order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Month {
    pub month: String,
    pub counts: [i64; 7],
}

/// (month, stage code, count) rows as months, newest first; unknown stages are ignored.
pub fn by_month(rows: impl IntoIterator<Item = (String, String, i64)>) -> Vec<Month> {
    let mut months: Vec<Month> = Vec::new();
    for (month, stage, n) in rows {
        let Some(i) = Stage::from_code(&stage).and_then(|s| Stage::ALL.iter().position(|x| *x == s)) else { continue };
        match months.iter_mut().find(|m| m.month == month) {
            Some(m) => m.counts[i] += n,
            None => {
                let mut counts = [0; 7];
                counts[i] = n;
                months.push(Month { month, counts });
            }
        }
    }
    months.sort_by(|a, b| b.month.cmp(&a.month));
    months
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::checker::start;

    fn post(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn a_pass_through_the_checker_counts_its_start_and_its_results_once() {
        let mut moved = start();
        moved.step = Step::Household;
        assert_eq!(after_checker_post(&post(&[("step", "where")]), &moved), Some(Stage::CheckStarted));
        assert_eq!(after_checker_post(&post(&[("step", "where")]), &start()), None, "the first question not answered");
        assert_eq!(after_checker_post(&post(&[("step", "household"), ("action", "back")]), &start()), None);
        let mut done = start();
        done.step = Step::Result;
        done.result = Some(crate::domain::engine::CheckResult {
            as_of: crate::domain::date::Date::parse("2026-12-05").unwrap(),
            area: crate::domain::area::AreaCode::parse("320104").unwrap(),
            options: Vec::new(),
        });
        assert_eq!(after_checker_post(&post(&[("step", "pledge")]), &done), Some(Stage::ResultsSeen));
        assert_eq!(after_checker_post(&post(&[("step", "result")]), &done), None, "an update on the results page");
        assert_eq!(after_checker_post(&post(&[("step", "pledge"), ("action", "edit_income")]), &done), None);
    }

    #[test]
    fn rows_become_months_newest_first() {
        let rows = [("2026-11", "submitted", 3), ("2026-12", "check_started", 40), ("2026-11", "check_started", 25), ("2026-12", "nonsense", 9), ("2026-11", "submitted", 1)];
        let months = by_month(rows.map(|(m, s, n)| (m.to_string(), s.to_string(), n)));
        assert_eq!(months.iter().map(|m| m.month.as_str()).collect::<Vec<_>>(), ["2026-12", "2026-11"]);
        assert_eq!(months[0].counts, [40, 0, 0, 0, 0, 0, 0]);
        assert_eq!(months[1].counts, [25, 0, 0, 4, 0, 0, 0]);
    }
}
