//! Figures every rule needs, derived once from the input and the parameters in force.

use super::EngineError;
use crate::domain::household::{CheckInput, Member};
use crate::domain::money::Fen;
use crate::domain::params::{ParamName, Parameter, ParameterSet};
use crate::domain::programme::Programme;
use crate::i18n::Lang;

pub struct Facts<'a> {
    pub input: &'a CheckInput,
    pub lang: Lang,
    pub members: i64,
    /// 低保标准 per person per month.
    pub standard: Fen,
    pub p_standard: &'a Parameter,
    pub income_per_capita: Fen,
    pub savings_per_capita: Fen,
    pub savings_limit: Fen,
    pub p_savings: &'a Parameter,
    pub assets_ok: bool,
    pub rigid_total: Fen,
    /// Per-capita monthly income once a twelfth of the year's rigid spending is taken off.
    pub disposable_per_capita: Fen,
    pub p_elderly: &'a Parameter,
    pub p_adult: &'a Parameter,
    params: &'a ParameterSet,
}

impl<'a> Facts<'a> {
    pub fn derive(input: &'a CheckInput, params: &'a ParameterSet, lang: Lang) -> Result<Facts<'a>, EngineError> {
        let get = |name: ParamName| {
            params.lookup(name, &input.area, input.as_of).ok_or(EngineError::MissingParameter {
                name: name.code(),
                area: input.area.to_string(),
                on: input.as_of,
            })
        };
        // Every parameter must be in force, not only those this household's rules touch:
        // a half-configured area is refused rather than judged on partial rules.
        for name in ParamName::ALL {
            get(name)?;
        }
        let p_standard = get(ParamName::DibaoStandardMonthlyFen)?;
        let p_savings = get(ParamName::SavingsLimitMonths)?;
        let standard = Fen::new(p_standard.value).unwrap_or(Fen::ZERO);
        let members = input.household.size();
        let income_per_capita = input.avg_monthly_income_6m.div(members);
        let savings_per_capita = input.assets.savings.div(members);
        let savings_limit = standard.times(p_savings.value);
        let assets_ok = savings_per_capita <= savings_limit && !input.assets.extra_housing && !input.assets.vehicle;
        let rigid_total = input.rigid_expenses_12m.total();
        let disposable_per_capita = input.avg_monthly_income_6m.saturating_sub(rigid_total.div(12)).div(members);
        Ok(Facts {
            input,
            lang,
            members,
            standard,
            p_standard,
            income_per_capita,
            savings_per_capita,
            savings_limit,
            p_savings,
            assets_ok,
            rigid_total,
            disposable_per_capita,
            p_elderly: get(ParamName::ElderlyAge)?,
            p_adult: get(ParamName::AdultAge)?,
            params,
        })
    }

    /// A parameter checked present in `derive`.
    pub fn param(&self, name: ParamName) -> &'a Parameter {
        let found = self.params.lookup(name, &self.input.area, self.input.as_of);
        found.unwrap_or(self.p_standard)
    }

    pub fn is_elderly(&self, m: &Member) -> bool {
        i64::from(m.age) >= self.p_elderly.value
    }

    pub fn is_minor(&self, m: &Member) -> bool {
        i64::from(m.age) < self.p_adult.value
    }

    /// No work ability: elderly, minor, disabled, or declared unable to work.
    pub fn cannot_work(&self, m: &Member) -> bool {
        self.is_elderly(m) || self.is_minor(m) || m.disabled || !m.able_to_work
    }

    pub fn receiving(&self, p: Programme) -> bool {
        self.input.receiving_at_hukou.contains(&p)
    }

    pub fn lives_alone(&self) -> bool {
        self.members == 1
    }

    pub fn event_name(&self) -> String {
        use crate::domain::programme::EventKind;
        use crate::i18n::Msg;
        let msg = match self.input.sudden_event.as_ref().map(|e| e.kind) {
            Some(EventKind::SeriousIllness) => Msg::EvSeriousIllness,
            Some(EventKind::Fire) => Msg::EvFire,
            Some(EventKind::TrafficAccident) => Msg::EvTrafficAccident,
            Some(EventKind::NaturalDisaster) => Msg::EvNaturalDisaster,
            Some(EventKind::OtherAccident) | None => Msg::EvOtherAccident,
        };
        self.lang.t(msg).to_string()
    }
}
