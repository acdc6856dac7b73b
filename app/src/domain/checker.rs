//! The checker questionnaire as a state machine over raw form answers. The same code runs on
//! the server (plain form posts, no JavaScript) and in the browser (the island), so both
//! ways through it behave exactly alike.

use serde::{Deserialize, Serialize};

use crate::domain::application::answers::{read_with, remove_member, Answers};
use crate::domain::area::AreaChoice;
use crate::domain::date::Date;
use crate::domain::engine::{evaluate, CheckResult};
use crate::domain::household::{CheckInput, MAX_MEMBERS};
use crate::domain::params::ParameterSet;
use crate::domain::request::{FieldError, Problem};
use crate::i18n::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Step {
    Where,
    Household,
    Income,
    Spending,
    Pledge,
    Result,
}

impl Step {
    pub const QUESTIONS: [Step; 5] = [Step::Where, Step::Household, Step::Income, Step::Spending, Step::Pledge];

    pub const fn code(self) -> &'static str {
        match self {
            Step::Where => "where",
            Step::Household => "household",
            Step::Income => "income",
            Step::Spending => "spending",
            Step::Pledge => "pledge",
            Step::Result => "result",
        }
    }

    pub fn from_code(code: &str) -> Option<Step> {
        [Step::Where, Step::Household, Step::Income, Step::Spending, Step::Pledge, Step::Result].into_iter().find(|s| s.code() == code)
    }

    pub fn number(self) -> usize {
        self as usize + 1
    }

    fn next(self) -> Step {
        match self {
            Step::Where => Step::Household,
            Step::Household => Step::Income,
            Step::Income => Step::Spending,
            Step::Spending => Step::Pledge,
            Step::Pledge | Step::Result => Step::Result,
        }
    }

    fn prev(self) -> Step {
        match self {
            Step::Where | Step::Household => Step::Where,
            Step::Income => Step::Household,
            Step::Spending => Step::Income,
            Step::Pledge => Step::Spending,
            Step::Result => Step::Pledge,
        }
    }

    /// The step that asks for a form field.
    pub fn of_field(field: &str) -> Step {
        match field {
            "area" | "hukou_local" | "months" => Step::Where,
            "income" | "savings" | "extra_housing" | "vehicle" => Step::Income,
            "medical" | "education" | "event" | "event_date" | "event_loss" | "event_casualties" => Step::Spending,
            "recv_dibao" | "recv_tekun" | "pledge" => Step::Pledge,
            _ => Step::Household,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Wizard {
    pub step: Step,
    pub answers: Answers,
    pub errors: Vec<FieldError>,
    pub result: Option<CheckResult>,
}

/// What the checker page needs, on the server and in the browser.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckPageData {
    pub lang: Lang,
    pub today: Date,
    pub areas: Vec<AreaChoice>,
    pub params: ParameterSet,
    pub wizard: Wizard,
}

pub fn start() -> Wizard {
    let mut answers = Answers::default();
    answers.0.insert("members".into(), "1".into());
    answers.0.insert("m0_relation".into(), "self".into());
    Wizard { step: Step::Where, answers, errors: Vec::new(), result: None }
}

/// Whether a posted form may reach the results, the one screen that reads the parameters: a
/// question page is answered without them, so the server need not load them for it. The
/// last `step` field counts, as in `advance`.
pub fn may_reach_results(fields: &[(String, String)]) -> bool {
    let step = fields.iter().rev().find(|(k, _)| k == "step").and_then(|(_, v)| Step::from_code(v)).unwrap_or(Step::Where);
    step.next() == Step::Result
}

/// Applies one submitted form: `step` says where it came from, `action` which button.
pub fn advance(fields: Vec<(String, String)>, data: &CheckPageData) -> Wizard {
    let mut answers = Answers::default();
    let mut step = Step::Where;
    let mut action = String::from("continue");
    for (k, v) in fields {
        match k.as_str() {
            "step" => step = Step::from_code(&v).unwrap_or(Step::Where),
            "action" => action = v,
            _ if k.len() <= 40 && v.len() <= 200 => {
                answers.0.insert(k, v);
            }
            _ => {}
        }
    }
    if !answers.0.contains_key("members") {
        answers.0.insert("members".into(), "1".into());
    }
    let stay = |answers: Answers, step: Step| Wizard { step, answers, errors: Vec::new(), result: None };

    if action == "add_member" {
        let n = answers.members();
        if n < MAX_MEMBERS {
            answers.0.insert("members".into(), (n + 1).to_string());
        }
        return stay(answers, Step::Household);
    }
    if let Some(i) = action.strip_prefix("remove_member_").and_then(|i| i.parse::<usize>().ok()) {
        remove_member(&mut answers, i);
        return stay(answers, Step::Household);
    }
    if action == "back" {
        return stay(answers, step.prev());
    }
    if let Some(target) = action.strip_prefix("edit_").and_then(Step::from_code) {
        return stay(answers, target);
    }
    if action == "restart" {
        return start();
    }

    let (input, errors) = read(&answers, data);
    let here: Vec<FieldError> = errors.iter().filter(|e| Step::of_field(&e.field) <= step).cloned().collect();
    if !here.is_empty() {
        let first = here.iter().map(|e| Step::of_field(&e.field)).min().unwrap_or(step);
        return Wizard { step: first, answers, errors: here, result: None };
    }
    let next = step.next();
    if next != Step::Result {
        return stay(answers, next);
    }
    match input {
        Some(input) => match evaluate(&input, &data.params, data.lang) {
            Ok(result) => Wizard { step: Step::Result, answers, errors: Vec::new(), result: Some(result) },
            Err(_) => Wizard {
                step: Step::Where,
                answers,
                errors: vec![FieldError { field: "area".into(), problem: Problem::UnknownArea }],
                result: None,
            },
        },
        None => stay(answers, Step::Where),
    }
}

/// Reads every answer; returns the input when all are valid, and every problem found.
pub fn read(a: &Answers, data: &CheckPageData) -> (Option<CheckInput>, Vec<FieldError>) {
    read_with(a, data.today, &|code| data.areas.iter().any(|c| c.code == code))
}


#[cfg(test)]
mod tests;
