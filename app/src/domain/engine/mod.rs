//! The policy engine: which programmes a household may get, with amounts, fast tracks,
//! reasons naming the rule and the parameters used, what would change the verdict, and
//! what to do next. Pure: the date and the parameters are inputs, nothing is read or stored.

mod dibao;
mod edge;
mod expense;
mod facts;
mod medical;
mod rongque;
mod service;
mod temporary;
mod tekun;

use serde::{Deserialize, Serialize};

use super::area::AreaCode;
use super::date::Date;
use super::household::CheckInput;
use super::money::Fen;
use super::params::{ParamName, Parameter, ParameterSet};
use super::programme::{FastTrack, Programme, Verdict};
use crate::i18n::{fill, Lang, Msg};
pub use facts::Facts;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Month,
    Once,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmountRange {
    pub min: Fen,
    pub max: Fen,
    pub period: Period,
}

/// A parameter as it was used: value, date and source travel with every reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParamUse {
    pub name: ParamName,
    pub value: i64,
    pub area: AreaCode,
    pub effective_from: Date,
    pub source: String,
    pub demo: bool,
}

impl From<&Parameter> for ParamUse {
    fn from(p: &Parameter) -> Self {
        ParamUse {
            name: p.name,
            value: p.value,
            area: p.area.clone(),
            effective_from: p.effective_from,
            source: p.source.clone(),
            demo: p.demo,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// A stable identifier of the rule.
    pub rule: String,
    pub text: String,
    pub parameters: Vec<ParamUse>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeOption {
    pub programme: Programme,
    pub verdict: Verdict,
    pub amount: Option<AmountRange>,
    pub fast_track: Option<FastTrack>,
    pub reasons: Vec<Reason>,
    pub what_would_change: Vec<String>,
    pub next_steps: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckResult {
    pub as_of: Date,
    pub area: AreaCode,
    /// One option per programme, best first.
    pub options: Vec<ProgrammeOption>,
}

impl CheckResult {
    pub fn option(&self, programme: Programme) -> &ProgrammeOption {
        // Every programme is present by construction (see `evaluate`).
        self.options.iter().find(|o| o.programme == programme).unwrap_or(&self.options[0])
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    #[error("no value of {name} is in force for area {area} on {on}")]
    MissingParameter { name: &'static str, area: String, on: Date },
}

/// Builds one option while the rules run: reasons and advice accumulate in order.
pub(crate) struct Builder<'a> {
    facts: &'a Facts<'a>,
    option: ProgrammeOption,
}

impl<'a> Builder<'a> {
    fn new(facts: &'a Facts<'a>, programme: Programme) -> Self {
        Builder {
            facts,
            option: ProgrammeOption {
                programme,
                verdict: Verdict::Unlikely,
                amount: None,
                fast_track: None,
                reasons: Vec::new(),
                what_would_change: Vec::new(),
                next_steps: Vec::new(),
            },
        }
    }

    fn text(&self, msg: Msg, args: &[(&str, String)]) -> String {
        fill(self.facts.lang.t(msg), args)
    }

    fn reason(&mut self, rule: &'static str, msg: Msg, args: &[(&str, String)], params: &[&Parameter]) {
        let text = self.text(msg, args);
        self.option.reasons.push(Reason { rule: rule.to_string(), text, parameters: params.iter().map(|p| ParamUse::from(*p)).collect() });
    }

    fn would_change(&mut self, msg: Msg, args: &[(&str, String)]) {
        let text = self.text(msg, args);
        self.option.what_would_change.push(text);
    }

    fn next(&mut self, msg: Msg, args: &[(&str, String)]) {
        let text = self.text(msg, args);
        self.option.next_steps.push(text);
    }

    fn verdict(&mut self, v: Verdict) {
        self.option.verdict = v;
    }

    fn finish(self) -> ProgrammeOption {
        self.option
    }
}

/// Evaluates every programme for `input` with the parameters in force on `input.as_of`.
pub fn evaluate(input: &CheckInput, params: &ParameterSet, lang: Lang) -> Result<CheckResult, EngineError> {
    let facts = Facts::derive(input, params, lang)?;
    let dibao = dibao::assess(&facts);
    let tekun = tekun::assess(&facts);
    let edge = edge::assess(&facts);
    let expense = expense::assess(&facts);
    let temporary = temporary::assess(&facts);
    let medical = medical::assess(&facts, &dibao, &tekun, &edge, &expense);
    let service = service::assess(&facts, &dibao, &tekun);
    let mut options = vec![dibao, tekun, edge, expense, temporary, medical, service];
    // Best first: verdict, then the larger cash over a year (a monthly allowance is worth
    // twelve payments, a one-off payment one), then the programme order of POLICY.md.
    options.sort_by_key(|o| (o.verdict, std::cmp::Reverse(o.amount.map(yearly_value).unwrap_or(Fen::ZERO)), o.programme));
    Ok(CheckResult { as_of: input.as_of, area: input.area.clone(), options })
}

fn yearly_value(a: AmountRange) -> Fen {
    match a.period {
        Period::Month => a.max.times(12),
        Period::Once => a.max,
    }
}

/// `200` → `2`, `150` → `1.5`: a percentage as a multiple, without floats in the client.
pub(crate) fn times_text(percent: i64) -> String {
    let (whole, frac) = (percent / 100, percent % 100);
    if frac == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{frac:02}").trim_end_matches('0').to_string()
    }
}

/// The yuan text of an amount, as the reasons print it.
pub(crate) fn yuan(f: Fen) -> String {
    f.yuan_text()
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod properties;
