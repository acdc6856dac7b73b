//! An application's answers as the person typed them: one loose map of form fields, kept
//! as it is (a draft is saved before anything is checked), and the one reading of it into
//! the engine's input. The checker and the application share both, so a checker's answers
//! carry straight into an application and the same definitions decide both.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::area::AreaCode;
use crate::domain::date::Date;
use crate::domain::household::{Assets, CheckInput, Household, Member, RigidExpenses, SuddenEvent, MAX_AGE, MAX_MEMBERS};
use crate::domain::money::{Fen, FenError};
use crate::domain::programme::{EventKind, Programme, Relation};
use crate::domain::request::{FieldError, Problem};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers(pub BTreeMap<String, String>);

impl Answers {
    pub fn get(&self, key: &str) -> &str {
        self.0.get(key).map(String::as_str).unwrap_or("")
    }

    pub fn checked(&self, key: &str) -> bool {
        self.get(key) == "true"
    }

    pub fn members(&self) -> usize {
        self.get("members").parse::<usize>().unwrap_or(1).clamp(1, MAX_MEMBERS)
    }
}

pub fn remove_member(answers: &mut Answers, index: usize) {
    let n = answers.members();
    if n <= 1 || index >= n || index == 0 {
        return;
    }
    for j in index..n {
        for suffix in MEMBER_FIELDS {
            let from = format!("m{}_{suffix}", j + 1);
            let to = format!("m{j}_{suffix}");
            match answers.0.remove(&from) {
                Some(v) => {
                    answers.0.insert(to, v);
                }
                None => {
                    answers.0.remove(&to);
                }
            }
        }
    }
    answers.0.insert("members".into(), (n - 1).to_string());
}

/// `m{index}_{field}`: one household member's answer.
pub fn is_member_key(k: &str) -> bool {
    k.strip_prefix('m').and_then(|r| r.split_once('_')).is_some_and(|(n, f)| n.parse::<usize>().is_ok() && MEMBER_FIELDS.contains(&f))
}

pub const MEMBER_FIELDS: [&str; 7] = ["relation", "age", "income", "disabled", "ill", "work", "name"];

/// `read` for any list of places: the checker knows districts, an application communities.
pub fn read_with(a: &Answers, today: Date, known_area: &dyn Fn(&str) -> bool) -> (Option<CheckInput>, Vec<FieldError>) {
    let mut errors = Vec::new();
    let mut fail = |field: &str, problem: Problem| errors.push(FieldError { field: field.into(), problem });

    let area = match a.get("area") {
        "" => {
            fail("area", Problem::Required);
            None
        }
        code if known_area(code) => AreaCode::parse(code).ok(),
        _ => {
            fail("area", Problem::UnknownArea);
            None
        }
    };
    let hukou_local = yes_no(a, "hukou_local", &mut fail);
    let months = match a.get("months").trim() {
        "" => 0,
        m => match m.parse::<u16>() {
            Ok(v) if v <= 1560 => v,
            _ => {
                fail("months", Problem::MonthsRange);
                0
            }
        },
    };

    let mut members = Vec::new();
    for i in 0..a.members() {
        let key = |s: &str| format!("m{i}_{s}");
        let relation = if i == 0 {
            Some(Relation::Applicant)
        } else {
            match Relation::from_code(a.get(&key("relation"))) {
                Some(r) => Some(r),
                None => {
                    fail(&key("relation"), Problem::Required);
                    None
                }
            }
        };
        let age = match a.get(&key("age")).trim() {
            "" => {
                fail(&key("age"), Problem::Required);
                None
            }
            t => match t.parse::<u8>() {
                Ok(v) if v <= MAX_AGE => Some(v),
                _ => {
                    fail(&key("age"), Problem::AgeRange);
                    None
                }
            },
        };
        let income = yuan(a, &key("income"), false, &mut fail);
        if let (Some(relation), Some(age)) = (relation, age) {
            members.push(Member {
                relation,
                age,
                disabled: a.checked(&key("disabled")),
                serious_illness: a.checked(&key("ill")),
                able_to_work: a.checked(&key("work")),
                monthly_income: income,
            });
        }
    }

    let income = yuan(a, "income", true, &mut fail);
    let savings = yuan(a, "savings", false, &mut fail);
    let medical = yuan(a, "medical", false, &mut fail);
    let education = yuan(a, "education", false, &mut fail);
    let event = match a.get("event") {
        "" | "none" => None,
        code => match EventKind::from_code(code) {
            None => {
                fail("event", Problem::UnknownValue { allowed: vec![] });
                None
            }
            Some(kind) => {
                let date = match a.get("event_date").trim() {
                    "" => {
                        fail("event_date", Problem::Required);
                        None
                    }
                    t => match Date::parse(t) {
                        Ok(d) if d > today => {
                            fail("event_date", Problem::FutureDate);
                            None
                        }
                        Ok(d) => Some(d),
                        Err(_) => {
                            fail("event_date", Problem::DateFormat);
                            None
                        }
                    },
                };
                let loss = yuan(a, "event_loss", false, &mut fail);
                date.map(|date| SuddenEvent { kind, date, loss, casualties: a.checked("event_casualties") })
            }
        },
    };
    let receiving: Vec<Programme> = [("recv_dibao", Programme::Dibao), ("recv_tekun", Programme::Tekun)]
        .into_iter()
        .filter(|(k, _)| a.checked(k))
        .map(|(_, p)| p)
        .collect();
    let pledge = yes_no(a, "pledge", &mut fail);

    if !errors.is_empty() {
        return (None, errors);
    }
    let (Some(area), Some(hukou_local), Some(household), Some(pledge)) = (area, hukou_local, Household::new(members), pledge) else {
        return (None, errors);
    };
    let input = CheckInput {
        as_of: today,
        area,
        hukou_local,
        months_at_residence: months,
        household,
        avg_monthly_income_6m: income,
        assets: Assets { savings, extra_housing: a.checked("extra_housing"), vehicle: a.checked("vehicle") },
        rigid_expenses_12m: RigidExpenses { medical, education },
        sudden_event: event,
        receiving_at_hukou: receiving,
        will_sign_pledge: pledge,
    };
    (Some(input), errors)
}

fn yes_no(a: &Answers, key: &str, fail: &mut impl FnMut(&str, Problem)) -> Option<bool> {
    match a.get(key) {
        "yes" => Some(true),
        "no" => Some(false),
        _ => {
            fail(key, Problem::Required);
            None
        }
    }
}

fn yuan(a: &Answers, key: &str, required: bool, fail: &mut impl FnMut(&str, Problem)) -> Fen {
    let text = a.get(key).trim();
    if text.is_empty() {
        if required {
            fail(key, Problem::Required);
        }
        return Fen::ZERO;
    }
    match Fen::parse_yuan(text) {
        Ok(f) => f,
        Err(e) => {
            fail(
                key,
                match e {
                    FenError::Negative => Problem::Negative,
                    FenError::TooLarge => Problem::TooLarge,
                    FenError::Malformed => Problem::MoneyFormat,
                },
            );
            Fen::ZERO
        }
    }
}
