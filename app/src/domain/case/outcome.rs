//! Where a decision leaves the person, in plain words (#18 item 4): a 容缺 approval and the
//! day its check is due; the check's outcome with what follows (help goes on, stops from a
//! day, or is cancelled), whether money must be returned and how, whether a credit record
//! was written; and, for a refusal, a stop or a cancellation, the right to administrative
//! review or to sue within the periods the law sets (parameters, POLICY.md §6).

use super::Verification;
use crate::domain::date::Date;
use crate::domain::money::Fen;
use crate::i18n::{fill, Lang, Msg};

/// How long the person has to challenge a decision: 行政复议 within days, 行政诉讼 within
/// months of learning of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rights {
    pub review_days: i64,
    pub sue_months: i64,
}

/// A decided case as its applicant is told it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Approved,
    Rejected,
    /// 容缺: paid ahead of the economic check, due by a day.
    Provisional { check_by: Option<Date> },
    /// The 容缺 check is in: on which day, what must be returned, and whether a credit
    /// record was written.
    Checked { verification: Verification, on: Option<Date>, recover: Fen, credit: bool },
}

impl Outcome {
    /// The outcome of a decision (`approved`, `provisional`, `rejected`) and, for 容缺, the
    /// check recorded since.
    pub fn of(decision: &str, verification: Option<Verification>, check_by: Option<Date>, checked_on: Option<Date>, recover: Fen, credit: bool) -> Option<Outcome> {
        Some(match (decision, verification) {
            ("provisional", Some(v)) => Outcome::Checked { verification: v, on: checked_on, recover, credit },
            ("provisional", None) => Outcome::Provisional { check_by },
            ("approved", _) => Outcome::Approved,
            ("rejected", _) => Outcome::Rejected,
            _ => return None,
        })
    }

    /// Help was refused, stopped or cancelled: the person may challenge it.
    pub fn adverse(self) -> bool {
        match self {
            Outcome::Rejected => true,
            Outcome::Checked { verification, .. } => verification != Verification::Meets,
            Outcome::Approved | Outcome::Provisional { .. } => false,
        }
    }

    /// Money is still paid under it.
    pub fn pays(self) -> bool {
        !self.adverse()
    }

    /// What the person is told follows, line by line. `office` is the office that decided;
    /// `rights`, where the law's periods are known for the area.
    pub fn words(self, office: &str, rights: Option<Rights>, lang: Lang) -> Vec<String> {
        let mut lines = Vec::new();
        let day = |d: Option<Date>| d.map(|d| lang.date(d)).unwrap_or_default();
        match self {
            Outcome::Approved => {}
            Outcome::Rejected => lines.push(lang.t(Msg::StatusRejectedNote).to_string()),
            Outcome::Provisional { check_by } => lines.push(fill(lang.t(Msg::OutcomeProvisional), &[("date", day(check_by))])),
            Outcome::Checked { verification, on, recover, credit } => {
                lines.push(fill(lang.t(Msg::OutcomeChecked), &[("outcome", lang.t(verification.citizen_label()).to_string())]));
                match verification {
                    Verification::Meets => {}
                    Verification::Fails => lines.push(fill(lang.t(Msg::OutcomeStoppedOn), &[("date", day(on))])),
                    Verification::FalseInfo => lines.push(fill(lang.t(Msg::OutcomeCancelledOn), &[("date", day(on))])),
                }
                if verification != Verification::Meets {
                    if recover > Fen::ZERO {
                        let amount = fill(lang.t(Msg::AppYuan), &[("amount", recover.yuan_text())]);
                        lines.push(fill(lang.t(Msg::OutcomeReturn), &[("amount", amount)]));
                        lines.push(fill(lang.t(Msg::OutcomeReturnHow), &[("office", office.to_string())]));
                    } else {
                        lines.push(lang.t(Msg::OutcomeNothingToReturn).to_string());
                    }
                }
                if credit {
                    lines.push(lang.t(Msg::OutcomeCreditRecorded).to_string());
                }
            }
        }
        if let Some(r) = rights.filter(|_| self.adverse()) {
            lines.push(fill(lang.t(Msg::OutcomeRights), &[("days", r.review_days.to_string()), ("months", r.sue_months.to_string())]));
        }
        lines
    }
}

/// Why a credit record was written, as stored: a code now, the Chinese text before codes.
pub fn credit_reason(stored: &str) -> Option<Msg> {
    match stored {
        CREDIT_RONGQUE_FALSE_INFO | "容缺审批后核对发现提供虚假信息" => Some(Msg::CreditRongqueFalseInfo),
        _ => None,
    }
}

/// The credit record's reason for false information found by a 容缺 check.
pub const CREDIT_RONGQUE_FALSE_INFO: &str = "rongque_false_info";

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const RIGHTS: Rights = Rights { review_days: 60, sue_months: 6 };

    fn day(s: &str) -> Option<Date> {
        Date::parse(s).ok()
    }

    #[test]
    fn each_outcome_says_what_follows() {
        let cancelled = Outcome::of("provisional", Some(Verification::FalseInfo), day("2027-01-01"), day("2026-12-03"), Fen::new(320_000).unwrap(), true).unwrap();
        assert_eq!(
            cancelled.words("滨海县东坎街道", Some(RIGHTS), Lang::ZhCn),
            [
                "核对结果：不符合条件，且提供了不实信息，救助已撤销。",
                "自2026年12月3日起撤销救助。",
                "已发的 3,200 元需要退回。",
                "滨海县东坎街道会通知您退回的方式和期限，您也可以直接到那里办理。",
                "此事已记入个人信用记录。",
                "如对决定不服，可以自知道决定之日起 60 日内申请行政复议，或者 6 个月内向人民法院提起行政诉讼。",
            ]
        );
        let stopped = Outcome::of("provisional", Some(Verification::Fails), None, day("2026-12-03"), Fen::ZERO, false).unwrap();
        let w = stopped.words("东坎街道", Some(RIGHTS), Lang::ZhCn);
        assert_eq!(w[1..3], ["自2026年12月3日起停发。".to_string(), "已发的救助金不需要退回。".to_string()]);
        assert!(w.last().unwrap().contains("行政复议"));
        let goes_on = Outcome::of("provisional", Some(Verification::Meets), None, day("2026-12-03"), Fen::ZERO, false).unwrap();
        assert_eq!(goes_on.words("东坎街道", Some(RIGHTS), Lang::ZhCn), ["核对结果：符合条件，救助继续发放。"]);
        let provisional = Outcome::of("provisional", None, day("2027-01-01"), None, Fen::ZERO, false).unwrap();
        assert!(provisional.words("x", Some(RIGHTS), Lang::ZhCn)[0].contains("2027年1月1日前"));
        assert!(Outcome::of("rejected", None, None, None, Fen::ZERO, false).unwrap().words("x", Some(RIGHTS), Lang::En).last().unwrap().contains("60 days"));
        assert_eq!(Outcome::of("approved", None, None, None, Fen::ZERO, false).unwrap().words("x", Some(RIGHTS), Lang::ZhCn), Vec::<String>::new());
        assert_eq!(Outcome::of("withdrawn", None, None, None, Fen::ZERO, false), None);
    }

    #[test]
    fn credit_reasons_read_old_and_new() {
        assert_eq!(credit_reason(CREDIT_RONGQUE_FALSE_INFO), Some(Msg::CreditRongqueFalseInfo));
        assert_eq!(credit_reason("容缺审批后核对发现提供虚假信息"), Some(Msg::CreditRongqueFalseInfo));
        assert_eq!(credit_reason("other"), None);
    }

    proptest! {
        /// Rights are told exactly when help is refused, stopped or cancelled; no code is.
        #[test]
        fn rights_follow_every_adverse_outcome(i in 0usize..4, v in 0usize..3, fen in 0i64..10_000_000, credit in any::<bool>(), en in any::<bool>()) {
            let decision = ["approved", "provisional", "rejected", "provisional"][i];
            let verification = (i == 3).then_some(Verification::ALL[v]);
            let o = Outcome::of(decision, verification, day("2027-01-01"), day("2026-12-03"), Fen::new(fen).unwrap(), credit).unwrap();
            let lang = if en { Lang::En } else { Lang::ZhCn };
            let w = o.words("office", Some(RIGHTS), lang).join(" ");
            let told = w.contains("60");
            prop_assert_eq!(told, o.adverse());
            for code in ["false_info", "meets", "fails", "provisional"] {
                prop_assert!(!w.to_lowercase().contains(code), "{}", w);
            }
        }
    }
}
