//! Policy parameters: every number the rules use is a dated, sourced row for an area,
//! inherited down the division tree (POLICY.md §6). Evaluation uses the values in force on
//! the evaluation date, so a decision can be re-explained later with the same figures.

use serde::{Deserialize, Serialize};

use super::area::AreaCode;
use super::date::Date;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamName {
    /// 低保标准: per person per month, in fen.
    DibaoStandardMonthlyFen,
    /// 特困供养 basic support as a percentage of the dibao standard.
    TekunSupportPercent,
    /// 低保边缘 line: per-capita income under this percentage of the standard.
    DibaoEdgePercent,
    /// 支出型困难: per-capita income after rigid spending under this percentage of the standard.
    ExpenseHardshipPercent,
    /// Per-capita savings allowed, in months of the dibao standard.
    SavingsLimitMonths,
    /// "1+4" condition 1: per-capita income under this percentage of the standard (200 = 2×).
    TemporaryIncomeLinePercent,
    /// "1+4": one-off aid of at least this many times the standard per member.
    TemporaryMinMultiple,
    /// "1+4": and at most this many.
    TemporaryMaxMultiple,
    /// 1 where the area runs 容缺审批, 0 where it does not.
    RongqueEnabled,
    /// 容缺审批: sudden expenditure above this amount, in fen.
    RongqueThresholdFen,
    /// 先行救助: a sudden event this many days ago or less.
    FirstAidWindowDays,
    /// Age from which a person counts as elderly.
    ElderlyAge,
    /// Age under which a person is a minor.
    AdultAge,
    /// Days the office has to accept (受理) or ask for more information.
    AcceptWithinDays,
    /// Days for verification (home visit, democratic appraisal, public notice).
    VerifyWithinDays,
    /// Days for the decision once verification is complete.
    DecideWithinDays,
    /// Days after a 容缺 approval by which the economic check must be recorded.
    RongqueFollowUpDays,
    /// 1: a 容缺 case that fails the check without false information is still recovered;
    /// 0: it stops from the next payment with nothing recovered (POLICY.md §3.2).
    RongqueRecoverWithoutFraud,
    /// 公示: days a public notice lasts at the least before it may end.
    PublicNoticeMinDays,
    /// 先行救助: at most this much, in fen (and never above the engine's range for temporary aid).
    FirstAidCeilingFen,
    /// 1: emergency help paid beyond what the decision grants is recovered; 0: it is not.
    FirstAidRecoverExcess,
    /// 行政复议: days from learning of a decision within which review may be applied for.
    AppealWithinDays,
    /// 行政诉讼: months from learning of a decision within which a case may be brought.
    SueWithinMonths,
    /// 监测: last year's per-capita disposable income of the area, per year, in fen.
    DisposableIncomeFen,
    /// 预警: out-of-pocket medical spending in twelve months above this percentage of the
    /// per-capita disposable income (0: the rule is off).
    WarnMedicalSharePercent,
    /// 预警: one hospital stay costing the person more than this after all insurance, in fen (0: off).
    WarnHospitalStayFen,
    /// 预警: 1 when the unemployment of a household's only earner raises a warning.
    WarnUnemployment,
    /// 预警: 1 when a death in the household raises a warning.
    WarnDeath,
    /// 预警: a disaster loss above this, in fen (0: off).
    WarnDisasterLossFen,
    /// 预警: a newly certified disability of this grade or more severe (1 is the most severe; 0: off).
    WarnDisabilityGrade,
    /// Days an office has to check a warning and record what it did.
    WarningCheckWithinDays,
    /// People who left a programme stay monitored this many months.
    MonitorLeftMonths,
    /// Applicants who were refused stay monitored this many months.
    MonitorRefusedMonths,
    /// Days a department's row about someone outside the register is kept.
    FeedUnmatchedRetentionDays,
    /// 定期复核: months between reviews of a dibao household.
    ReviewDibaoMonths,
    /// 定期复核: months between reviews of a tekun person.
    ReviewTekunMonths,
    /// 一人一案: months from a plan's making to its review.
    PlanReviewMonths,
    /// 探访关爱: people living alone from this age are visited by the community…
    VisitAloneAge,
    /// …at least every this many days (0: the rule is off).
    VisitAloneDays,
    /// 探访关爱: 分散供养特困 people at least every this many days (0: off).
    VisitTekunDays,
    /// 监管: a provider delivering less than this share of its visits due is flagged.
    ProviderCompletionPercent,
}

impl ParamName {
    pub const ALL: [ParamName; 41] = [
        ParamName::DibaoStandardMonthlyFen,
        ParamName::TekunSupportPercent,
        ParamName::DibaoEdgePercent,
        ParamName::ExpenseHardshipPercent,
        ParamName::SavingsLimitMonths,
        ParamName::TemporaryIncomeLinePercent,
        ParamName::TemporaryMinMultiple,
        ParamName::TemporaryMaxMultiple,
        ParamName::RongqueEnabled,
        ParamName::RongqueThresholdFen,
        ParamName::FirstAidWindowDays,
        ParamName::ElderlyAge,
        ParamName::AdultAge,
        ParamName::AcceptWithinDays,
        ParamName::VerifyWithinDays,
        ParamName::DecideWithinDays,
        ParamName::RongqueFollowUpDays,
        ParamName::RongqueRecoverWithoutFraud,
        ParamName::PublicNoticeMinDays,
        ParamName::FirstAidCeilingFen,
        ParamName::FirstAidRecoverExcess,
        ParamName::AppealWithinDays,
        ParamName::SueWithinMonths,
        ParamName::DisposableIncomeFen,
        ParamName::WarnMedicalSharePercent,
        ParamName::WarnHospitalStayFen,
        ParamName::WarnUnemployment,
        ParamName::WarnDeath,
        ParamName::WarnDisasterLossFen,
        ParamName::WarnDisabilityGrade,
        ParamName::WarningCheckWithinDays,
        ParamName::MonitorLeftMonths,
        ParamName::MonitorRefusedMonths,
        ParamName::FeedUnmatchedRetentionDays,
        ParamName::ReviewDibaoMonths,
        ParamName::ReviewTekunMonths,
        ParamName::PlanReviewMonths,
        ParamName::VisitAloneAge,
        ParamName::VisitAloneDays,
        ParamName::VisitTekunDays,
        ParamName::ProviderCompletionPercent,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            ParamName::DibaoStandardMonthlyFen => "dibao_standard_monthly_fen",
            ParamName::TekunSupportPercent => "tekun_support_percent",
            ParamName::DibaoEdgePercent => "dibao_edge_percent",
            ParamName::ExpenseHardshipPercent => "expense_hardship_percent",
            ParamName::SavingsLimitMonths => "savings_limit_months",
            ParamName::TemporaryIncomeLinePercent => "temporary_income_line_percent",
            ParamName::TemporaryMinMultiple => "temporary_min_multiple",
            ParamName::TemporaryMaxMultiple => "temporary_max_multiple",
            ParamName::RongqueEnabled => "rongque_enabled",
            ParamName::RongqueThresholdFen => "rongque_threshold_fen",
            ParamName::FirstAidWindowDays => "first_aid_window_days",
            ParamName::ElderlyAge => "elderly_age",
            ParamName::AdultAge => "adult_age",
            ParamName::AcceptWithinDays => "accept_within_days",
            ParamName::VerifyWithinDays => "verify_within_days",
            ParamName::DecideWithinDays => "decide_within_days",
            ParamName::RongqueFollowUpDays => "rongque_follow_up_days",
            ParamName::RongqueRecoverWithoutFraud => "rongque_recover_without_fraud",
            ParamName::PublicNoticeMinDays => "public_notice_min_days",
            ParamName::FirstAidCeilingFen => "first_aid_ceiling_fen",
            ParamName::FirstAidRecoverExcess => "first_aid_recover_excess",
            ParamName::AppealWithinDays => "appeal_within_days",
            ParamName::SueWithinMonths => "sue_within_months",
            ParamName::DisposableIncomeFen => "disposable_income_fen",
            ParamName::WarnMedicalSharePercent => "warn_medical_share_percent",
            ParamName::WarnHospitalStayFen => "warn_hospital_stay_fen",
            ParamName::WarnUnemployment => "warn_unemployment",
            ParamName::WarnDeath => "warn_death",
            ParamName::WarnDisasterLossFen => "warn_disaster_loss_fen",
            ParamName::WarnDisabilityGrade => "warn_disability_grade",
            ParamName::WarningCheckWithinDays => "warning_check_within_days",
            ParamName::MonitorLeftMonths => "monitor_left_months",
            ParamName::MonitorRefusedMonths => "monitor_refused_months",
            ParamName::FeedUnmatchedRetentionDays => "feed_unmatched_retention_days",
            ParamName::ReviewDibaoMonths => "review_dibao_months",
            ParamName::ReviewTekunMonths => "review_tekun_months",
            ParamName::PlanReviewMonths => "plan_review_months",
            ParamName::VisitAloneAge => "visit_alone_age",
            ParamName::VisitAloneDays => "visit_alone_days",
            ParamName::VisitTekunDays => "visit_tekun_days",
            ParamName::ProviderCompletionPercent => "provider_completion_percent",
        }
    }

    pub fn from_code(code: &str) -> Option<ParamName> {
        ParamName::ALL.into_iter().find(|p| p.code() == code)
    }

    /// Bounds a configured value must respect; a row outside them is refused when loaded,
    /// so the engine never divides by zero or multiplies by nonsense.
    pub const fn bounds(self) -> (i64, i64) {
        match self {
            ParamName::DibaoStandardMonthlyFen => (1, 10_000_000),
            ParamName::TekunSupportPercent => (100, 1000),
            ParamName::DibaoEdgePercent | ParamName::ExpenseHardshipPercent => (100, 1000),
            ParamName::SavingsLimitMonths => (0, 240),
            ParamName::TemporaryIncomeLinePercent => (100, 1000),
            ParamName::TemporaryMinMultiple | ParamName::TemporaryMaxMultiple => (1, 50),
            ParamName::RongqueEnabled => (0, 1),
            ParamName::RongqueThresholdFen => (0, 1_000_000_000),
            ParamName::FirstAidWindowDays => (0, 3650),
            ParamName::ElderlyAge => (40, 100),
            ParamName::AdultAge => (14, 21),
            ParamName::AcceptWithinDays
            | ParamName::VerifyWithinDays
            | ParamName::DecideWithinDays
            | ParamName::RongqueFollowUpDays => (1, 365),
            ParamName::RongqueRecoverWithoutFraud => (0, 1),
            ParamName::PublicNoticeMinDays => (1, 60),
            ParamName::FirstAidCeilingFen => (0, 1_000_000_000),
            ParamName::FirstAidRecoverExcess => (0, 1),
            ParamName::AppealWithinDays => (15, 365),
            ParamName::SueWithinMonths => (1, 24),
            ParamName::DisposableIncomeFen => (1, 1_000_000_000),
            ParamName::WarnMedicalSharePercent => (0, 1000),
            ParamName::WarnHospitalStayFen | ParamName::WarnDisasterLossFen => (0, 1_000_000_000),
            ParamName::WarnUnemployment | ParamName::WarnDeath => (0, 1),
            ParamName::WarnDisabilityGrade => (0, 4),
            ParamName::WarningCheckWithinDays => (1, 90),
            ParamName::MonitorLeftMonths | ParamName::MonitorRefusedMonths => (0, 60),
            ParamName::FeedUnmatchedRetentionDays => (1, 365),
            ParamName::ReviewDibaoMonths | ParamName::ReviewTekunMonths => (1, 36),
            ParamName::PlanReviewMonths => (1, 24),
            ParamName::VisitAloneAge => (60, 100),
            ParamName::VisitAloneDays | ParamName::VisitTekunDays => (0, 365),
            ParamName::ProviderCompletionPercent => (0, 100),
        }
    }
}

/// One dated, sourced value for an area and everything under it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parameter {
    pub area: AreaCode,
    pub name: ParamName,
    pub value: i64,
    pub effective_from: Date,
    pub source: String,
    /// A demonstration value, not a published one: shown as such wherever it is used.
    pub demo: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParameterError {
    #[error("{name} = {value} is outside {lo}..={hi}")]
    OutOfBounds { name: &'static str, value: i64, lo: i64, hi: i64 },
    #[error("{name} for {area} has no source")]
    NoSource { name: &'static str, area: String },
}

impl Parameter {
    pub fn check(&self) -> Result<(), ParameterError> {
        let (lo, hi) = self.name.bounds();
        if !(lo..=hi).contains(&self.value) {
            return Err(ParameterError::OutOfBounds { name: self.name.code(), value: self.value, lo, hi });
        }
        if self.source.trim().is_empty() {
            return Err(ParameterError::NoSource { name: self.name.code(), area: self.area.to_string() });
        }
        Ok(())
    }
}

/// The parameters known to an evaluation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParameterSet {
    rows: Vec<Parameter>,
}

impl ParameterSet {
    pub fn new(rows: Vec<Parameter>) -> Result<ParameterSet, ParameterError> {
        for row in &rows {
            row.check()?;
        }
        Ok(ParameterSet { rows })
    }

    pub fn rows(&self) -> &[Parameter] {
        &self.rows
    }

    /// The value in force on `on` for `area`: the nearest area up the tree that has a row
    /// in force wins; within an area, the latest `effective_from` not after `on`.
    pub fn lookup(&self, name: ParamName, area: &AreaCode, on: Date) -> Option<&Parameter> {
        let mut current = Some(area.clone());
        while let Some(code) = current {
            let found = self
                .rows
                .iter()
                .filter(|p| p.name == name && p.area == code && p.effective_from <= on)
                .max_by_key(|p| p.effective_from);
            if found.is_some() {
                return found;
            }
            current = code.parent();
        }
        None
    }

    /// Only the rows an evaluation for `area` on `on` can use (sent to the browser).
    pub fn in_force_for(&self, area: &AreaCode, on: Date) -> ParameterSet {
        let rows = ParamName::ALL.iter().filter_map(|n| self.lookup(*n, area, on).cloned()).collect();
        ParameterSet { rows }
    }
}

/// Parses the parameter file (`server/data/parameters.csv`): `#` comments, a header line,
/// then `area,name,value,effective_from,demo,source` (the source may contain commas).
pub fn parse_parameter_csv(text: &str) -> Result<Vec<Parameter>, String> {
    let mut rows = Vec::new();
    let mut header_seen = false;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if !header_seen {
            header_seen = true;
            continue;
        }
        let at = |e: &dyn std::fmt::Display| format!("line {}: {e}", i + 1);
        let fields: Vec<&str> = line.splitn(6, ',').map(str::trim).collect();
        let [area, name, value, from, demo, source] = fields[..] else {
            return Err(at(&"expected 6 fields"));
        };
        let row = Parameter {
            area: AreaCode::parse(area).map_err(|e| at(&e))?,
            name: ParamName::from_code(name).ok_or_else(|| at(&format!("unknown parameter {name}")))?,
            value: value.parse().map_err(|_| at(&format!("{value} is not a whole number")))?,
            effective_from: Date::parse(from).map_err(|e| at(&e))?,
            demo: match demo {
                "yes" => true,
                "no" => false,
                other => return Err(at(&format!("demo must be yes or no, not {other}"))),
            },
            source: source.to_string(),
        };
        row.check().map_err(|e| at(&e))?;
        rows.push(row);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(area: &str, name: ParamName, value: i64, from: &str) -> Parameter {
        Parameter {
            area: AreaCode::parse(area).unwrap(),
            name,
            value,
            effective_from: Date::parse(from).unwrap(),
            source: "test".into(),
            demo: true,
        }
    }

    #[test]
    fn the_nearest_area_in_force_wins() {
        let set = ParameterSet::new(vec![
            row("320000", ParamName::DibaoStandardMonthlyFen, 80_000, "2020-01-01"),
            row("320100", ParamName::DibaoStandardMonthlyFen, 100_000, "2025-07-01"),
            row("320100", ParamName::DibaoStandardMonthlyFen, 111_000, "2026-07-01"),
        ])
        .unwrap();
        let qinhuai = AreaCode::parse("320104001").unwrap();
        let value = |d: &str| set.lookup(ParamName::DibaoStandardMonthlyFen, &qinhuai, Date::parse(d).unwrap()).map(|p| p.value);
        assert_eq!(value("2026-11-29"), Some(111_000));
        assert_eq!(value("2026-06-30"), Some(100_000));
        assert_eq!(value("2024-01-01"), Some(80_000), "falls back to the province before the city's first row");
        assert_eq!(value("2019-12-31"), None);
        let binhai = AreaCode::parse("320922").unwrap();
        assert_eq!(set.lookup(ParamName::DibaoStandardMonthlyFen, &binhai, Date::parse("2026-11-29").unwrap()).map(|p| p.value), Some(80_000));
    }

    #[test]
    fn values_outside_their_bounds_are_refused() {
        assert!(ParameterSet::new(vec![row("320000", ParamName::DibaoStandardMonthlyFen, 0, "2020-01-01")]).is_err());
        assert!(ParameterSet::new(vec![row("320000", ParamName::RongqueEnabled, 2, "2020-01-01")]).is_err());
        let mut unsourced = row("320000", ParamName::AdultAge, 18, "2020-01-01");
        unsourced.source = " ".into();
        assert!(ParameterSet::new(vec![unsourced]).is_err());
    }

    #[test]
    fn in_force_subset_keeps_one_row_a_name() {
        let set = ParameterSet::new(vec![
            row("320000", ParamName::AdultAge, 18, "2020-01-01"),
            row("320100", ParamName::AdultAge, 18, "2026-01-01"),
        ])
        .unwrap();
        let sub = set.in_force_for(&AreaCode::parse("320104").unwrap(), Date::parse("2026-11-29").unwrap());
        assert_eq!(sub.rows().len(), 1);
        assert_eq!(sub.rows()[0].area.as_str(), "320100");
    }
}
