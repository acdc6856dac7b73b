//! The application form as steps over raw answers, the same `Answers` the checker uses so
//! a checker's answers carry straight over. Pure: the server supplies what only it knows
//! (the area lists for the chosen places, whether a pledge is signed) in `StepContext`.

use serde::{Deserialize, Serialize};

use crate::domain::bank::BankAccount;
use crate::domain::date::Date;
use crate::domain::household::CheckInput;
use crate::domain::identity::{IdNumber, IdNumberError, Phone};
use crate::domain::programme::Programme;
use crate::domain::request::{FieldError, Problem};
use crate::domain::application::answers::{is_member_key, read_with, Answers};
use crate::domain::area::AreaChoice;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ApplyStep {
    Who,
    Programme,
    Residence,
    Household,
    Income,
    Spending,
    Documents,
    Payment,
    Pledge,
    Review,
}

impl ApplyStep {
    pub const ALL: [ApplyStep; 10] = [
        ApplyStep::Who,
        ApplyStep::Programme,
        ApplyStep::Residence,
        ApplyStep::Household,
        ApplyStep::Income,
        ApplyStep::Spending,
        ApplyStep::Documents,
        ApplyStep::Payment,
        ApplyStep::Pledge,
        ApplyStep::Review,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            ApplyStep::Who => "who",
            ApplyStep::Programme => "programme",
            ApplyStep::Residence => "residence",
            ApplyStep::Household => "household",
            ApplyStep::Income => "income",
            ApplyStep::Spending => "spending",
            ApplyStep::Documents => "documents",
            ApplyStep::Payment => "payment",
            ApplyStep::Pledge => "pledge",
            ApplyStep::Review => "review",
        }
    }

    pub fn from_code(code: &str) -> Option<ApplyStep> {
        ApplyStep::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn number(self) -> usize {
        self as usize + 1
    }

    pub fn next(self) -> ApplyStep {
        ApplyStep::ALL.get(self as usize + 1).copied().unwrap_or(ApplyStep::Review)
    }

    pub fn prev(self) -> Option<ApplyStep> {
        (self as usize).checked_sub(1).map(|i| ApplyStep::ALL[i])
    }

    pub fn path(self) -> String {
        format!("{}/{}", crate::paths::APPLY_STEP, self.code())
    }

    /// The step whose page asks for a form field; `None` for fields no step owns (they are
    /// never taken from a post).
    pub fn of_field(field: &str) -> Option<ApplyStep> {
        Some(match field {
            "for_whom" | "subject_name" | "subject_id" | "subject_relation" | "subject_phone" | "proxy_consent" => ApplyStep::Who,
            "programme" => ApplyStep::Programme,
            "district" | "subdistrict" | "community" | "address" | "hukou_local" | "months" | "area" => ApplyStep::Residence,
            "members" => ApplyStep::Household,
            k if is_member_key(k) => ApplyStep::Household,
            "income" | "savings" | "extra_housing" | "vehicle" => ApplyStep::Income,
            "medical" | "education" | "event" | "event_date" | "event_loss" | "event_casualties" | "event_story" => ApplyStep::Spending,
            "pay_holder" | "pay_bank" | "pay_account" => ApplyStep::Payment,
            "pledge" => ApplyStep::Pledge,
            "fast_track" => ApplyStep::Review,
            _ => return None,
        })
    }

    /// Check boxes send nothing when unticked, so a post from their page clears them first.
    pub fn check_boxes(self) -> &'static [&'static str] {
        match self {
            ApplyStep::Who => &["proxy_consent"],
            ApplyStep::Income => &["extra_housing", "vehicle"],
            ApplyStep::Spending => &["event_casualties"],
            ApplyStep::Review => &["fast_track"],
            _ => &[],
        }
    }
}

/// Who may be named as the person the application is for, when someone applies for them.
pub const PROXY_RELATIONS: [&str; 4] = ["relative", "guardian", "community_worker", "other"];

/// What the application may ask for: temporary aid, and inclusion in the standing programmes.
pub const APPLY_PROGRAMMES: [Programme; 5] =
    [Programme::Temporary, Programme::Dibao, Programme::Tekun, Programme::DibaoEdge, Programme::ExpenseHardship];

pub const MAX_STORY_CHARS: usize = 500;
/// What a person writes of their situation, or in answer to a request for more information.
pub type Story = crate::domain::text::Text<MAX_STORY_CHARS>;
pub const MAX_ADDRESS_CHARS: usize = 100;
pub const MAX_NAME_CHARS: usize = crate::domain::text::NAME_MAX_CHARS;
/// What a step keeps of one posted value. A value over its field's limit is kept (up to
/// this) so the person gets their text back with the limit named; nobody types more.
pub const MAX_KEPT_CHARS: usize = 4 * MAX_STORY_CHARS;

/// A posted value as a draft keeps it: cut at `MAX_KEPT_CHARS`, and through the type of
/// every kept text (a value holding a control character keeps nothing).
fn kept(v: &str) -> String {
    let cut: String = v.trim().chars().take(MAX_KEPT_CHARS).collect();
    crate::domain::text::Text::<MAX_KEPT_CHARS>::parse(&cut).map(|t| t.into_string()).unwrap_or_default()
}

/// The places offered at each level for the current choice, loaded one level at a time.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaPicker {
    pub districts: Vec<AreaChoice>,
    pub subdistricts: Vec<AreaChoice>,
    pub communities: Vec<AreaChoice>,
}

/// What the server knows that the rules need.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepContext {
    pub today: Date,
    pub picker: AreaPicker,
    /// The verification code of the pledge the account holder signed, if any.
    pub pledge_code: Option<String>,
}

/// Keeps from a posted form only the fields its step owns, so a crafted post can never
/// change another step's answers; unticked boxes are cleared.
pub fn merge(answers: &mut Answers, step: ApplyStep, fields: &[(String, String)]) {
    for key in step.check_boxes() {
        answers.0.remove(*key);
    }
    if step == ApplyStep::Household {
        answers.0.retain(|k, _| !is_member_key(k));
    }
    for (k, v) in fields {
        if ApplyStep::of_field(k) == Some(step) && k != "area" && k != "pledge" {
            answers.0.insert(k.clone(), kept(v));
        }
    }
    if step == ApplyStep::Residence {
        // A changed district or subdistrict invalidates the choices below it.
        let community = answers.get("community").to_string();
        let subdistrict = answers.get("subdistrict").to_string();
        let district = answers.get("district").to_string();
        if !subdistrict.starts_with(district.get(..6).unwrap_or("-")) || district.is_empty() {
            answers.0.remove("subdistrict");
        }
        if !community.starts_with(answers.get("subdistrict").get(..9).unwrap_or("-")) || answers.get("subdistrict").is_empty() {
            answers.0.remove("community");
        }
        let area = answers.get("community").to_string();
        answers.0.insert("area".into(), area);
    }
}

fn fail(errors: &mut Vec<FieldError>, field: &str, problem: Problem) {
    errors.push(FieldError { field: field.into(), problem });
}

fn name_ok(text: &str) -> bool {
    crate::domain::text::PersonName::parse(text).is_some()
}

fn in_list(list: &[AreaChoice], code: &str) -> bool {
    !code.is_empty() && list.iter().any(|c| c.code == code)
}

/// The checker's rules over these answers: the application uses the same definitions.
fn engine_read(answers: &Answers, ctx: &StepContext) -> (Option<CheckInput>, Vec<FieldError>) {
    let mut a = answers.clone();
    a.0.insert("pledge".into(), if ctx.pledge_code.is_some() { "yes" } else { "no" }.into());
    read_with(&a, ctx.today, &|code| in_list(&ctx.picker.communities, code))
}

/// Every problem with one step's answers.
pub fn validate(step: ApplyStep, a: &Answers, ctx: &StepContext) -> Vec<FieldError> {
    let mut errors = Vec::new();
    match step {
        ApplyStep::Who => match a.get("for_whom") {
            "self" => {}
            "other" => {
                if !name_ok(a.get("subject_name")) {
                    fail(&mut errors, "subject_name", Problem::NameFormat);
                }
                if let Err(e) = IdNumber::parse(a.get("subject_id")) {
                    fail(&mut errors, "subject_id", id_problem(e));
                }
                if !PROXY_RELATIONS.contains(&a.get("subject_relation")) {
                    fail(&mut errors, "subject_relation", Problem::Required);
                }
                // Optional: their own mobile number, so they are told of their case too.
                let phone = a.get("subject_phone").trim();
                if !phone.is_empty() && Phone::parse(phone).is_err() {
                    fail(&mut errors, "subject_phone", Problem::PhoneFormat);
                }
                // Their details are collected by someone else: that person vouches for consent.
                if !a.checked("proxy_consent") {
                    fail(&mut errors, "proxy_consent", Problem::ConsentRequired);
                }
            }
            _ => fail(&mut errors, "for_whom", Problem::Required),
        },
        ApplyStep::Programme => {
            if !APPLY_PROGRAMMES.iter().any(|p| p.code() == a.get("programme")) {
                fail(&mut errors, "programme", Problem::Required);
            }
        }
        ApplyStep::Residence => {
            for (field, list) in
                [("district", &ctx.picker.districts), ("subdistrict", &ctx.picker.subdistricts), ("community", &ctx.picker.communities)]
            {
                if !in_list(list, a.get(field)) {
                    fail(&mut errors, field, if a.get(field).is_empty() { Problem::Required } else { Problem::UnknownArea });
                }
            }
            let address = a.get("address").trim().chars().count();
            if address < 4 {
                fail(&mut errors, "address", Problem::AddressFormat);
            } else if address > MAX_ADDRESS_CHARS {
                fail(&mut errors, "address", Problem::TooLong { max: MAX_ADDRESS_CHARS as i64 });
            }
            let (_, engine) = engine_read(a, ctx);
            errors.extend(engine.into_iter().filter(|e| e.field == "hukou_local" || e.field == "months"));
        }
        ApplyStep::Household | ApplyStep::Income | ApplyStep::Spending => {
            let (_, engine) = engine_read(a, ctx);
            errors.extend(engine.into_iter().filter(|e| ApplyStep::of_field(&e.field) == Some(step)));
            if step == ApplyStep::Household {
                for i in 1..a.members() {
                    let key = format!("m{i}_name");
                    if !name_ok(a.get(&key)) {
                        fail(&mut errors, &key, Problem::NameFormat);
                    }
                }
            }
            if step == ApplyStep::Spending && a.get("event_story").chars().count() > MAX_STORY_CHARS {
                fail(&mut errors, "event_story", Problem::TooLong { max: MAX_STORY_CHARS as i64 });
            }
        }
        ApplyStep::Documents | ApplyStep::Review => {}
        ApplyStep::Payment => {
            if !name_ok(a.get("pay_holder")) {
                fail(&mut errors, "pay_holder", Problem::NameFormat);
            }
            if !(2..=40).contains(&a.get("pay_bank").trim().chars().count()) {
                fail(&mut errors, "pay_bank", Problem::Required);
            }
            if BankAccount::parse(a.get("pay_account")).is_err() {
                fail(&mut errors, "pay_account", Problem::AccountFormat);
            }
        }
        ApplyStep::Pledge => {
            if ctx.pledge_code.is_none() {
                fail(&mut errors, "pledge", Problem::PledgeMissing);
            }
        }
    }
    // No field takes more than a story: any longer value the rules above let through is
    // named with the limit rather than kept in silence.
    for (k, v) in &a.0 {
        if ApplyStep::of_field(k) == Some(step) && v.chars().count() > MAX_STORY_CHARS && !errors.iter().any(|e: &FieldError| e.field == *k) {
            fail(&mut errors, k, Problem::TooLong { max: MAX_STORY_CHARS as i64 });
        }
    }
    errors
}

pub fn id_problem(e: IdNumberError) -> Problem {
    match e {
        IdNumberError::Shape => Problem::IdShape,
        IdNumberError::BirthDate => Problem::IdBirthDate,
        IdNumberError::CheckCharacter => Problem::IdCheckCharacter,
    }
}

/// The first step with a problem: where "continue your application" leads, and where a
/// submit with gaps sends the person back to.
pub fn first_incomplete(a: &Answers, ctx: &StepContext) -> Option<ApplyStep> {
    ApplyStep::ALL.into_iter().find(|s| *s != ApplyStep::Review && !validate(*s, a, ctx).is_empty())
}

/// Each step that still has a problem, with its first problem, keyed by the step's code:
/// what the review page lists when a submit finds gaps.
pub fn unfinished(a: &Answers, ctx: &StepContext) -> Vec<FieldError> {
    ApplyStep::ALL
        .into_iter()
        .filter(|s| *s != ApplyStep::Review)
        .filter_map(|s| validate(s, a, ctx).into_iter().next().map(|e| FieldError { field: s.code().into(), problem: e.problem }))
        .collect()
}

/// A complete application, read from valid answers only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Complete {
    pub programme: Programme,
    pub input: CheckInput,
    /// `None` when the account holder applies for themself.
    pub proxy: Option<ProxyFor>,
    pub account: BankAccount,
    pub fast_track: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProxyFor {
    pub name: String,
    pub id: IdNumber,
    pub relation: String,
    /// Their own mobile number, when given: they are texted about the case as well.
    pub phone: Option<Phone>,
}

pub fn complete(a: &Answers, ctx: &StepContext) -> Result<Complete, ApplyStep> {
    if let Some(step) = first_incomplete(a, ctx) {
        return Err(step);
    }
    let (Some(input), _) = engine_read(a, ctx) else { return Err(ApplyStep::Residence) };
    let programme = Programme::from_code(a.get("programme")).ok_or(ApplyStep::Programme)?;
    let account = BankAccount::parse(a.get("pay_account")).map_err(|_| ApplyStep::Payment)?;
    let proxy = match a.get("for_whom") {
        "other" => Some(ProxyFor {
            name: a.get("subject_name").trim().to_string(),
            id: IdNumber::parse(a.get("subject_id")).map_err(|_| ApplyStep::Who)?,
            relation: a.get("subject_relation").to_string(),
            phone: match a.get("subject_phone").trim() {
                "" => None,
                p => Some(Phone::parse(p).map_err(|_| ApplyStep::Who)?),
            },
        }),
        _ => None,
    };
    Ok(Complete { programme, input, proxy, account, fast_track: a.checked("fast_track") })
}

/// The checker's answers an application starts from: everything the two share.
pub fn from_checker(fields: &[(String, String)]) -> Answers {
    let mut a = Answers::default();
    for (k, v) in fields {
        let shared = matches!(ApplyStep::of_field(k), Some(ApplyStep::Household | ApplyStep::Income | ApplyStep::Spending))
            || k == "hukou_local"
            || k == "months";
        if shared {
            a.0.insert(k.clone(), kept(v));
        }
        if k == "area" {
            a.0.insert("district".into(), kept(v));
        }
        // An invitation after a monitoring warning (#16) knows where the person lives and
        // what they may apply for; nothing else about them travels in the link.
        if k == "community" && v.len() == 12 && v.bytes().all(|b| b.is_ascii_digit()) {
            for (field, len) in [("district", 6), ("subdistrict", 9), ("community", 12), ("area", 12)] {
                a.0.insert(field.into(), v[..len].to_string());
            }
        }
        if k == "programme" && APPLY_PROGRAMMES.iter().any(|p| p.code() == v) {
            a.0.insert("programme".into(), v.clone());
        }
    }
    a
}

#[cfg(test)]
mod tests;
