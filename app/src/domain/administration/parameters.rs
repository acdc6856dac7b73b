//! Parameters changed in the workbench (#17 item 4, POLICY.md §6): a district officer
//! proposes a new value for a parameter of their area, from today or a later day, with its
//! source; another district officer approves it before it takes effect. Rows in force are
//! never edited: a new value is a new dated row, so every earlier evaluation can be
//! re-explained with the figures of its day.

use serde::{Deserialize, Serialize};

use crate::domain::date::Date;
use crate::domain::money::Fen;
use crate::domain::params::ParamName;
use crate::domain::request::{FieldError, Problem};
use crate::domain::text::Text;
use crate::i18n::{fill, Lang, Msg};

/// What a parameter counts, which decides how its value is typed and shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Stored in fen, typed and shown in yuan.
    Yuan,
    Percent,
    Days,
    Months,
    /// Times the dibao standard.
    Multiple,
    Years,
    /// 1 or 0: the area does it or not.
    Flag,
    /// A disability grade (1 the most severe, 4 the least; 0 off).
    Grade,
}

pub fn unit(name: ParamName) -> Unit {
    use ParamName::*;
    match name {
        DibaoStandardMonthlyFen | RongqueThresholdFen | FirstAidCeilingFen | DisposableIncomeFen | WarnHospitalStayFen | WarnDisasterLossFen => Unit::Yuan,
        TekunSupportPercent | DibaoEdgePercent | ExpenseHardshipPercent | TemporaryIncomeLinePercent | WarnMedicalSharePercent | ProviderCompletionPercent => Unit::Percent,
        FirstAidWindowDays | AcceptWithinDays | VerifyWithinDays | DecideWithinDays | RongqueFollowUpDays | PublicNoticeMinDays | AppealWithinDays | WarningCheckWithinDays | FeedUnmatchedRetentionDays | VisitAloneDays | VisitTekunDays => Unit::Days,
        SavingsLimitMonths | SueWithinMonths | MonitorLeftMonths | MonitorRefusedMonths | ReviewDibaoMonths | ReviewTekunMonths | PlanReviewMonths => Unit::Months,
        WarnDisabilityGrade => Unit::Grade,
        TemporaryMinMultiple | TemporaryMaxMultiple => Unit::Multiple,
        ElderlyAge | AdultAge | VisitAloneAge => Unit::Years,
        RongqueEnabled | RongqueRecoverWithoutFraud | FirstAidRecoverExcess | WarnUnemployment | WarnDeath => Unit::Flag,
    }
}

/// What the parameter is called in the workbench.
pub const fn label(name: ParamName) -> Msg {
    use ParamName::*;
    match name {
        DibaoStandardMonthlyFen => Msg::ParamDibaoStandard,
        TekunSupportPercent => Msg::ParamTekunSupport,
        DibaoEdgePercent => Msg::ParamDibaoEdge,
        ExpenseHardshipPercent => Msg::ParamExpenseHardship,
        SavingsLimitMonths => Msg::ParamSavingsLimit,
        TemporaryIncomeLinePercent => Msg::ParamTemporaryIncomeLine,
        TemporaryMinMultiple => Msg::ParamTemporaryMin,
        TemporaryMaxMultiple => Msg::ParamTemporaryMax,
        RongqueEnabled => Msg::ParamRongqueEnabled,
        RongqueThresholdFen => Msg::ParamRongqueThreshold,
        FirstAidWindowDays => Msg::ParamFirstAidWindow,
        ElderlyAge => Msg::ParamElderlyAge,
        AdultAge => Msg::ParamAdultAge,
        AcceptWithinDays => Msg::ParamAcceptWithin,
        VerifyWithinDays => Msg::ParamVerifyWithin,
        DecideWithinDays => Msg::ParamDecideWithin,
        RongqueFollowUpDays => Msg::ParamRongqueFollowUp,
        RongqueRecoverWithoutFraud => Msg::ParamRongqueRecover,
        PublicNoticeMinDays => Msg::ParamNoticeDays,
        FirstAidCeilingFen => Msg::ParamFirstAidCeiling,
        FirstAidRecoverExcess => Msg::ParamFirstAidRecover,
        AppealWithinDays => Msg::ParamAppealWithin,
        SueWithinMonths => Msg::ParamSueWithin,
        DisposableIncomeFen => Msg::ParamDisposableIncome,
        WarnMedicalSharePercent => Msg::ParamWarnMedicalShare,
        WarnHospitalStayFen => Msg::ParamWarnHospitalStay,
        WarnUnemployment => Msg::ParamWarnUnemployment,
        WarnDeath => Msg::ParamWarnDeath,
        WarnDisasterLossFen => Msg::ParamWarnDisasterLoss,
        WarnDisabilityGrade => Msg::ParamWarnDisabilityGrade,
        WarningCheckWithinDays => Msg::ParamWarningCheckWithin,
        MonitorLeftMonths => Msg::ParamMonitorLeft,
        MonitorRefusedMonths => Msg::ParamMonitorRefused,
        FeedUnmatchedRetentionDays => Msg::ParamFeedRetention,
        ReviewDibaoMonths => Msg::ParamReviewDibao,
        ReviewTekunMonths => Msg::ParamReviewTekun,
        PlanReviewMonths => Msg::ParamPlanReview,
        VisitAloneAge => Msg::ParamVisitAloneAge,
        VisitAloneDays => Msg::ParamVisitAloneDays,
        VisitTekunDays => Msg::ParamVisitTekunDays,
        ProviderCompletionPercent => Msg::ParamProviderCompletion,
    }
}

/// A stored value as people read it: "1,080 元", "150%", "15 天", "是".
pub fn value_text(name: ParamName, value: i64, lang: Lang) -> String {
    let n = value.to_string();
    if value == 0 && crate::domain::monitoring::rules::Rule::ALL.iter().any(|r| r.param() == name) {
        return lang.t(Msg::ParamRuleOff).to_string();
    }
    match unit(name) {
        Unit::Yuan => fill(lang.t(Msg::AppYuan), &[("amount", Fen::new(value).unwrap_or_default().yuan_text())]),
        Unit::Percent => format!("{value}%"),
        Unit::Days => fill(lang.t(Msg::UnitDays), &[("n", n)]),
        Unit::Months => fill(lang.t(Msg::UnitMonths), &[("n", n)]),
        Unit::Multiple => fill(lang.t(Msg::UnitMultiple), &[("n", n)]),
        Unit::Years => fill(lang.t(Msg::UnitYears), &[("n", n)]),
        Unit::Flag => lang.t(if value == 1 { Msg::Yes } else { Msg::No }).to_string(),
        Unit::Grade => fill(lang.t(Msg::UnitGrade), &[("n", n)]),
    }
}

/// A value as typed for the form: yuan for money, 1/0 for a flag, the number otherwise.
pub fn value_input(name: ParamName, value: i64) -> String {
    match unit(name) {
        Unit::Yuan => Fen::new(value).map(|f| f.yuan_text().replace(',', "")).unwrap_or_default(),
        _ => value.to_string(),
    }
}

/// Reads a typed value into what is stored, within the parameter's bounds.
pub fn parse_value(name: ParamName, text: &str) -> Result<i64, Problem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Problem::Required);
    }
    let value = match unit(name) {
        Unit::Yuan => Fen::parse_yuan(text).map(Fen::get).map_err(|_| Problem::MoneyFormat)?,
        _ => text.parse::<i64>().map_err(|_| Problem::NotWholeNumber)?,
    };
    let (lo, hi) = name.bounds();
    if (lo..=hi).contains(&value) {
        Ok(value)
    } else {
        let shown = |v: i64| value_input(name, v);
        Err(Problem::ParameterRange { min: shown(lo), max: shown(hi) })
    }
}

/// Where a proposal says its value comes from: a document number, a notice.
pub type Source = Text<200>;

/// A proposal as the form posted it, read: what becomes a row once approved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposed {
    pub name: ParamName,
    pub value: i64,
    pub effective_from: Date,
    pub source: String,
}

/// Reads the proposal form; an effective date before `today` is refused (a value in force
/// is never changed after the fact), as is a value outside the parameter's bounds.
pub fn read_proposal(name: &str, value: &str, effective_from: &str, source: &str, today: Date) -> Result<Proposed, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut fail = |field: &str, problem: Problem| errors.push(FieldError { field: field.into(), problem });
    let name = ParamName::from_code(name.trim());
    if name.is_none() {
        fail("name", Problem::Required);
    }
    let value = name.map(|n| parse_value(n, value).map_err(|p| fail("value", p)).ok()).unwrap_or(None);
    let date = super::effective_from(effective_from, today).map_err(|p| fail("effective_from", p)).ok();
    let source = match Source::parse(source) {
        Ok(s) if !s.is_empty() => Some(s),
        Ok(_) => {
            fail("source", Problem::Required);
            None
        }
        Err(e) => {
            fail("source", e.problem());
            None
        }
    };
    match (name, value, date, source) {
        (Some(name), Some(value), Some(effective_from), Some(source)) if errors.is_empty() => Ok(Proposed { name, value, effective_from, source: source.into_string() }),
        _ => Err(errors),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Proposed,
    Approved,
    Refused,
    Withdrawn,
}

impl Status {
    pub const fn code(self) -> &'static str {
        match self {
            Status::Proposed => "proposed",
            Status::Approved => "approved",
            Status::Refused => "refused",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        [Status::Proposed, Status::Approved, Status::Refused, Status::Withdrawn].into_iter().find(|s| s.code() == code)
    }

    pub const fn label(self) -> Msg {
        match self {
            Status::Proposed => Msg::ProposalProposed,
            Status::Approved => Msg::ProposalApproved,
            Status::Refused => Msg::ProposalRefused,
            Status::Withdrawn => Msg::ProposalWithdrawn,
        }
    }
}

/// Why a proposal cannot be decided now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Four eyes: the one who proposed does not decide.
    OwnProposal,
    AlreadyDecided,
    /// Its effective date passed while it waited: it would change a value already in force.
    DatePassed,
}

impl Refusal {
    pub const fn problem(self) -> Problem {
        match self {
            Refusal::OwnProposal => Problem::OwnProposal,
            Refusal::AlreadyDecided => Problem::ChangedMeanwhile,
            Refusal::DatePassed => Problem::EffectiveBeforeToday,
        }
    }
}

/// Whether `decider` may approve a proposal of `proposer` in `status` taking effect on
/// `effective_from`, on `today`. Refusing needs only the first two.
pub fn may_approve(status: Status, proposer: &str, decider: &str, effective_from: Date, today: Date) -> Result<(), Refusal> {
    may_refuse(status, proposer, decider)?;
    if effective_from < today {
        return Err(Refusal::DatePassed);
    }
    Ok(())
}

pub fn may_refuse(status: Status, proposer: &str, decider: &str) -> Result<(), Refusal> {
    if proposer == decider {
        return Err(Refusal::OwnProposal);
    }
    if status != Status::Proposed {
        return Err(Refusal::AlreadyDecided);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn values_are_typed_in_the_unit_people_use() {
        assert_eq!(parse_value(ParamName::DibaoStandardMonthlyFen, "1,180"), Ok(118_000));
        assert_eq!(parse_value(ParamName::DibaoStandardMonthlyFen, "1180.5"), Ok(118_050));
        assert_eq!(parse_value(ParamName::PublicNoticeMinDays, "7"), Ok(7));
        assert_eq!(parse_value(ParamName::PublicNoticeMinDays, "0"), Err(Problem::ParameterRange { min: "1".into(), max: "60".into() }));
        assert_eq!(parse_value(ParamName::RongqueEnabled, "2"), Err(Problem::ParameterRange { min: "0".into(), max: "1".into() }));
        assert_eq!(parse_value(ParamName::ElderlyAge, "六十"), Err(Problem::NotWholeNumber));
        assert_eq!(parse_value(ParamName::FirstAidCeilingFen, "abc"), Err(Problem::MoneyFormat));
        assert_eq!(parse_value(ParamName::ElderlyAge, " "), Err(Problem::Required));
        assert_eq!(value_text(ParamName::DibaoStandardMonthlyFen, 118_000, Lang::ZhCn), "1,180 元");
        assert_eq!(value_text(ParamName::RongqueEnabled, 1, Lang::En), "Yes");
    }

    #[test]
    fn a_proposal_starts_today_or_later_and_names_its_source() {
        let today = day("2026-12-05");
        let ok = read_proposal("dibao_standard_monthly_fen", "1180", "2026-12-05", "宁民发〔2026〕1号", today).unwrap();
        assert_eq!((ok.value, ok.effective_from), (118_000, today));
        let errors = read_proposal("dibao_standard_monthly_fen", "1180", "2026-12-04", " ", today).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| (e.field.as_str(), e.problem.clone())).collect();
        assert_eq!(fields, [("effective_from", Problem::EffectiveBeforeToday), ("source", Problem::Required)]);
        assert_eq!(read_proposal("pi", "3", "2026-12-05", "x", today).unwrap_err()[0].field, "name");
    }

    #[test]
    fn nobody_approves_their_own_proposal_or_one_already_decided() {
        let (d, today) = (day("2026-12-10"), day("2026-12-05"));
        assert_eq!(may_approve(Status::Proposed, "a", "a", d, today), Err(Refusal::OwnProposal));
        assert_eq!(may_approve(Status::Approved, "a", "b", d, today), Err(Refusal::AlreadyDecided));
        assert_eq!(may_approve(Status::Proposed, "a", "b", day("2026-12-04"), today), Err(Refusal::DatePassed));
        assert_eq!(may_approve(Status::Proposed, "a", "b", today, today), Ok(()));
        assert_eq!(may_refuse(Status::Proposed, "a", "a"), Err(Refusal::OwnProposal));
    }

    proptest! {
        #[test]
        fn a_shown_value_reads_back_as_itself(i in 0usize..ParamName::ALL.len(), x in any::<i64>()) {
            let name = ParamName::ALL[i];
            let (lo, hi) = name.bounds();
            let v = lo + x.rem_euclid(hi - lo + 1);
            prop_assert_eq!(parse_value(name, &value_input(name, v)), Ok(v));
        }

        #[test]
        fn any_typed_value_is_read_or_refused_within_bounds(i in 0usize..ParamName::ALL.len(), text in "\\PC{0,12}") {
            let name = ParamName::ALL[i];
            if let Ok(v) = parse_value(name, &text) {
                let (lo, hi) = name.bounds();
                prop_assert!((lo..=hi).contains(&v));
            }
        }
    }
}
