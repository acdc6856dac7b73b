//! 预警规则: each rule is a dated parameter per area (POLICY.md §3.4 "triggers seen
//! locally"), so a county changes a threshold through the four-eyes parameter page, never in
//! code. A value of 0 turns a rule off. Evaluation is pure and total: any row, any numbers.

use serde::{Deserialize, Serialize};

use super::feeds::Signal;
use crate::domain::area::AreaCode;
use crate::domain::date::Date;
use crate::domain::money::Fen;
use crate::domain::params::{ParamName, ParameterSet};
use crate::i18n::Msg;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Out-of-pocket medical spending in twelve months above a share of last year's
    /// per-capita disposable income (青海).
    MedicalShare,
    /// One hospital stay costing more than a threshold after all insurance (a county rule).
    HospitalStay,
    /// The household's only earner registered as unemployed.
    Unemployment,
    Death,
    DisasterLoss,
    /// A disability newly certified at a severe grade.
    SevereDisability,
}

/// How urgent a warning is: the queue shows high ones first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    High,
    Normal,
}

impl Priority {
    pub const fn code(self) -> &'static str {
        match self {
            Priority::High => "high",
            Priority::Normal => "normal",
        }
    }

    pub fn from_code(code: &str) -> Option<Priority> {
        [Priority::High, Priority::Normal].into_iter().find(|p| p.code() == code)
    }

    pub const fn label(self) -> Msg {
        match self {
            Priority::High => Msg::PriorityHigh,
            Priority::Normal => Msg::PriorityNormal,
        }
    }
}

/// What a rule measures, which decides how its figures are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    Money,
    Grade,
    Event,
}

impl Rule {
    pub const ALL: [Rule; 6] = [Rule::MedicalShare, Rule::HospitalStay, Rule::Unemployment, Rule::Death, Rule::DisasterLoss, Rule::SevereDisability];

    pub const fn code(self) -> &'static str {
        match self {
            Rule::MedicalShare => "medical_share",
            Rule::HospitalStay => "hospital_stay",
            Rule::Unemployment => "unemployment",
            Rule::Death => "death",
            Rule::DisasterLoss => "disaster_loss",
            Rule::SevereDisability => "severe_disability",
        }
    }

    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.code() == code)
    }

    pub const fn label(self) -> Msg {
        match self {
            Rule::MedicalShare => Msg::RuleMedicalShare,
            Rule::HospitalStay => Msg::RuleHospitalStay,
            Rule::Unemployment => Msg::RuleUnemployment,
            Rule::Death => Msg::RuleDeath,
            Rule::DisasterLoss => Msg::RuleDisasterLoss,
            Rule::SevereDisability => Msg::RuleSevereDisability,
        }
    }

    /// The parameter that sets (or turns off) the rule.
    pub const fn param(self) -> ParamName {
        match self {
            Rule::MedicalShare => ParamName::WarnMedicalSharePercent,
            Rule::HospitalStay => ParamName::WarnHospitalStayFen,
            Rule::Unemployment => ParamName::WarnUnemployment,
            Rule::Death => ParamName::WarnDeath,
            Rule::DisasterLoss => ParamName::WarnDisasterLossFen,
            Rule::SevereDisability => ParamName::WarnDisabilityGrade,
        }
    }

    pub const fn priority(self) -> Priority {
        match self {
            Rule::HospitalStay | Rule::Death | Rule::DisasterLoss => Priority::High,
            Rule::MedicalShare | Rule::Unemployment | Rule::SevereDisability => Priority::Normal,
        }
    }

    pub const fn measure(self) -> Measure {
        match self {
            Rule::MedicalShare | Rule::HospitalStay | Rule::DisasterLoss => Measure::Money,
            Rule::SevereDisability => Measure::Grade,
            Rule::Unemployment | Rule::Death => Measure::Event,
        }
    }
}

/// The rules' values in force for one area on one day; 0 is off.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Thresholds {
    pub medical_share_percent: i64,
    /// Last year's per-capita disposable income, per year.
    pub disposable_income: Fen,
    pub hospital_stay: Fen,
    pub unemployment: bool,
    pub death: bool,
    pub disaster_loss: Fen,
    /// Grades up to this one (1 most severe) warn.
    pub disability_grade: u8,
}

impl Thresholds {
    /// What the parameters say for `area` on `on`; a rule without a row is off.
    pub fn in_force(params: &ParameterSet, area: &AreaCode, on: Date) -> Thresholds {
        let v = |n: ParamName| params.lookup(n, area, on).map(|p| p.value).unwrap_or(0);
        let fen = |n: ParamName| Fen::new(v(n)).unwrap_or_default();
        Thresholds {
            medical_share_percent: v(ParamName::WarnMedicalSharePercent),
            disposable_income: fen(ParamName::DisposableIncomeFen),
            hospital_stay: fen(ParamName::WarnHospitalStayFen),
            unemployment: v(ParamName::WarnUnemployment) == 1,
            death: v(ParamName::WarnDeath) == 1,
            disaster_loss: fen(ParamName::WarnDisasterLossFen),
            disability_grade: u8::try_from(v(ParamName::WarnDisabilityGrade)).unwrap_or(0).min(4),
        }
    }
}

/// What the register already knows of the person when a row arrives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct History {
    /// Out-of-pocket medical spending already received for the twelve months before this
    /// row's period ends.
    pub medical_out_of_pocket_year: Fen,
}

/// A rule a row crossed, with the figure and the threshold it crossed (both 0 for an event;
/// a grade for a disability).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Crossed {
    pub rule: Rule,
    pub value: i64,
    pub threshold: i64,
}

/// The rules a row crosses, each at most once.
pub fn evaluate(signal: &Signal, history: History, t: Thresholds) -> Vec<Crossed> {
    let mut out = Vec::new();
    match signal {
        Signal::Medical { out_of_pocket, inpatient, .. } => {
            let limit = t.disposable_income.times_percent(t.medical_share_percent);
            let year = history.medical_out_of_pocket_year.saturating_add(*out_of_pocket);
            if t.medical_share_percent > 0 && limit > Fen::ZERO && year > limit {
                out.push(Crossed { rule: Rule::MedicalShare, value: year.get(), threshold: limit.get() });
            }
            if *inpatient && t.hospital_stay > Fen::ZERO && *out_of_pocket > t.hospital_stay {
                out.push(Crossed { rule: Rule::HospitalStay, value: out_of_pocket.get(), threshold: t.hospital_stay.get() });
            }
        }
        Signal::Unemployment { only_earner: true, .. } if t.unemployment => out.push(Crossed { rule: Rule::Unemployment, value: 0, threshold: 0 }),
        Signal::Death { .. } if t.death => out.push(Crossed { rule: Rule::Death, value: 0, threshold: 0 }),
        Signal::Disaster { loss, .. } if t.disaster_loss > Fen::ZERO && *loss > t.disaster_loss => {
            out.push(Crossed { rule: Rule::DisasterLoss, value: loss.get(), threshold: t.disaster_loss.get() })
        }
        Signal::Disability { grade, .. } if (1..=t.disability_grade).contains(grade) => {
            out.push(Crossed { rule: Rule::SevereDisability, value: i64::from(*grade), threshold: i64::from(t.disability_grade) })
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn qinghai_like() -> Thresholds {
        Thresholds {
            medical_share_percent: 50,
            disposable_income: Fen::from_yuan(56_000),
            hospital_stay: Fen::from_yuan(6_000),
            unemployment: true,
            death: true,
            disaster_loss: Fen::from_yuan(10_000),
            disability_grade: 2,
        }
    }

    fn medical(yuan: i64, inpatient: bool) -> Signal {
        Signal::Medical { out_of_pocket: Fen::from_yuan(yuan), period_start: d("2026-11-01"), period_end: d("2026-11-30"), inpatient }
    }

    fn rules(v: &[Crossed]) -> Vec<Rule> {
        v.iter().map(|c| c.rule).collect()
    }

    #[test]
    fn a_hospital_stay_over_six_thousand_warns_and_the_year_adds_up() {
        let t = qinghai_like();
        assert_eq!(rules(&evaluate(&medical(8_200, true), History::default(), t)), [Rule::HospitalStay]);
        assert_eq!(rules(&evaluate(&medical(6_000, true), History::default(), t)), Vec::<Rule>::new(), "over, not at");
        assert_eq!(rules(&evaluate(&medical(8_200, false), History::default(), t)), Vec::<Rule>::new(), "outpatient costs count only for the year");
        let earlier = History { medical_out_of_pocket_year: Fen::from_yuan(25_000) };
        let crossed = evaluate(&medical(3_500, false), earlier, t);
        assert_eq!(crossed, [Crossed { rule: Rule::MedicalShare, value: 2_850_000, threshold: 2_800_000 }]);
    }

    #[test]
    fn events_warn_when_the_area_turns_them_on() {
        let t = qinghai_like();
        assert_eq!(rules(&evaluate(&Signal::Death { died_on: d("2026-11-02") }, History::default(), t)), [Rule::Death]);
        let off = Thresholds { death: false, unemployment: false, ..t };
        assert!(evaluate(&Signal::Death { died_on: d("2026-11-02") }, History::default(), off).is_empty());
        assert!(evaluate(&Signal::Unemployment { registered_on: d("2026-11-02"), only_earner: false }, History::default(), t).is_empty());
        assert_eq!(rules(&evaluate(&Signal::Unemployment { registered_on: d("2026-11-02"), only_earner: true }, History::default(), t)), [Rule::Unemployment]);
        assert_eq!(rules(&evaluate(&Signal::Disability { grade: 2, certified_on: d("2026-11-02") }, History::default(), t)), [Rule::SevereDisability]);
        assert!(evaluate(&Signal::Disability { grade: 3, certified_on: d("2026-11-02") }, History::default(), t).is_empty());
        assert!(evaluate(&Signal::StudentAid { aid: Fen::from_yuan(2_000), granted_on: d("2026-09-01") }, History::default(), t).is_empty());
        assert!(evaluate(&medical(1_000_000, true), History::default(), Thresholds::default()).is_empty(), "no rows, no rules");
    }

    fn thresholds() -> impl Strategy<Value = Thresholds> {
        (0i64..200, 0i64..10_000_000_000, 0i64..10_000_000_000, any::<bool>(), any::<bool>(), 0i64..10_000_000_000, 0u8..=4).prop_map(|(share, income, stay, u, death, loss, grade)| Thresholds {
            medical_share_percent: share,
            disposable_income: Fen::new(income).unwrap(),
            hospital_stay: Fen::new(stay).unwrap(),
            unemployment: u,
            death,
            disaster_loss: Fen::new(loss).unwrap(),
            disability_grade: grade,
        })
    }

    proptest! {
        /// A higher amount never clears a warning a lower one raised.
        #[test]
        fn more_money_never_clears_a_warning(t in thresholds(), a in 0i64..10_000_000_000, b in 0i64..10_000_000_000, before in 0i64..10_000_000_000, inpatient in any::<bool>()) {
            let (lo, hi) = (a.min(b), a.max(b));
            let h = History { medical_out_of_pocket_year: Fen::new(before).unwrap() };
            let m = |x: i64| Signal::Medical { out_of_pocket: Fen::new(x).unwrap(), period_start: d("2026-01-01"), period_end: d("2026-01-31"), inpatient };
            let (low, high) = (rules(&evaluate(&m(lo), h, t)), rules(&evaluate(&m(hi), h, t)));
            prop_assert!(low.iter().all(|r| high.contains(r)), "{low:?} ⊄ {high:?}");
            let dis = |x: i64| Signal::Disaster { loss: Fen::new(x).unwrap(), occurred_on: d("2026-01-01") };
            prop_assert!(evaluate(&dis(lo), h, t).len() <= evaluate(&dis(hi), h, t).len());
        }

        /// A more severe grade (a lower number) never clears what a milder one raised.
        #[test]
        fn a_more_severe_grade_never_clears_a_warning(t in thresholds(), g1 in 1u8..=4, g2 in 1u8..=4) {
            let s = |g: u8| Signal::Disability { grade: g, certified_on: d("2026-01-01") };
            let (severe, mild) = (g1.min(g2), g1.max(g2));
            prop_assert!(evaluate(&s(mild), History::default(), t).len() <= evaluate(&s(severe), History::default(), t).len());
        }

        #[test]
        fn any_row_evaluates_without_panic(t in thresholds(), x in 0i64..=10_000_000_000, before in 0i64..=10_000_000_000, grade in any::<u8>()) {
            let h = History { medical_out_of_pocket_year: Fen::new(before).unwrap() };
            let m = Signal::Medical { out_of_pocket: Fen::new(x).unwrap(), period_start: d("2026-01-01"), period_end: d("2026-01-31"), inpatient: true };
            let _ = evaluate(&m, h, t);
            let _ = evaluate(&Signal::Disability { grade, certified_on: d("2026-01-01") }, h, t);
            for c in evaluate(&m, h, t) {
                prop_assert!(c.value > c.threshold);
            }
        }
    }
}
