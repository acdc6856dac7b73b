//! Turning outside input into a `CheckInput`, naming every bad field at once. Shared by
//! the JSON API (field paths like `members[1].age`) and the web questionnaire (form names).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::area::AreaCode;
use super::date::Date;
use super::household::{Assets, CheckInput, Household, Member, RigidExpenses, SuddenEvent, MAX_AGE, MAX_MEMBERS};
use super::money::{Fen, MAX_FEN};
use super::programme::{EventKind, Programme, Relation};
use crate::i18n::{fill, Lang, Msg};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Required,
    NotBoolean,
    NotWholeNumber,
    Negative,
    TooLarge,
    AgeRange,
    MonthsRange,
    UnknownValue { allowed: Vec<String> },
    EmptyHousehold,
    TooManyMembers,
    NotArray,
    NotObject,
    DateFormat,
    FutureDate,
    AreaFormat,
    UnknownArea,
    MoneyFormat,
    PhoneFormat,
    CodeFormat,
    /// A new code can be sent after this many seconds.
    TooSoon { seconds: i64 },
    TooManyCodes,
    CodeWrong { attempts_left: i64 },
    CodeExpired,
    PledgeAnswerWrong,
    NameFormat,
    IdShape,
    IdBirthDate,
    IdCheckCharacter,
    IdRefused,
    ConsentRequired,
    SignatureUnreadable,
    AddressFormat,
    TooLong { max: i64 },
    /// Text holding a character no keyboard types (NUL, escape…).
    ControlCharacters,
    /// A parameter's value outside its bounds, both as typed (yuan for money).
    ParameterRange { min: String, max: String },
    /// A parameter's new value from a day already past.
    EffectiveBeforeToday,
    /// Four eyes: the proposer does not decide.
    OwnProposal,
    /// A value or a waiting proposal already starts on that day.
    ParameterDateTaken,
    /// A password on the list of common ones, built from the username, or one character.
    PasswordCommon,
    /// The two passwords typed differ.
    PasswordsDiffer,
    /// An area outside the administrator's own.
    AreaNotYours,
    /// An administrator cannot lock themself out.
    NotYourself,
    /// An office's telephone number as offices publish them.
    OfficePhoneFormat,
    /// Closing an office with open cases: where they go.
    OfficeCasesNeedAHome { n: i64 },
    /// A pledge's comprehension question has between `min` and `max` options.
    PledgeOptions { min: i64, max: i64 },
    /// The right option's number is one of the options'.
    PledgeCorrectOption,
    /// A second-factor code that is wrong, already used or too old.
    SecondFactorWrong,
    AccountFormat,
    PledgeMissing,
    IdentityMissing,
    DocumentTooLarge,
    DocumentHeic,
    DocumentType,
    DocumentUnreadable,
    DocumentTooManyPixels,
    DocumentKind,
    DocumentMissing,
    TooManyDocuments { max: i64 },
    /// The server is decoding as many images as it may; try again shortly.
    DocumentsBusy,
    UsernameFormat,
    UsernameTaken,
    PasswordTooShort { min: i64 },
    TooManyAttempts,
    SignInFailed,
    DueDateFormat,
    MultipleRange { min: i64, max: i64 },
    NoOffice,
    SameOffice,
    RongqueNotAllowed,
    NoticeFirst,
    /// The public notice lasts until this day (a date as the person reads it).
    NoticeRunsUntil { until: String },
    FirstAidNotAllowed,
    OutsideArea,
    /// 先行救助 is at most this many yuan.
    OverEmergencyCeiling { max: String },
    /// A payment dated before the decision of this day.
    PaidBeforeDecision { on: String },
    /// A monthly grant is paid per month.
    PeriodFormat,
    /// The grant runs from this month.
    PeriodBeforeGrant { from: String },
    /// The month had not begun on the payment's date.
    PeriodNotBegun,
    /// Already paid: a further payment is a correction with its reason.
    PeriodAlreadyPaid,
    /// The period has this many yuan left.
    OverPeriodAmount { left: String },
    /// An action the case's state does not allow now: what must happen first.
    NotNow { wait: crate::domain::case::Wait, action: crate::domain::staff::Action },
    /// Someone else changed the case since the page was opened.
    ChangedMeanwhile,
    /// At most this many yuan (the engine's figure for the household).
    AmountAbove { max: String },
    /// Staff registering a resident: the resident's name, their consent, an office not yet
    /// on the portal — said to the staff member.
    ResidentNameFormat,
    ResidentConsentRequired,
    OfficeNotJoined,
    /// A person a file names twice: the first line that named them.
    DuplicateInFile { line: i64 },
    /// A text message needs a phone number, and none is on record.
    PhoneNeeded,
    /// A file that is not CSV text (UTF-8 or GBK) with a header row.
    FileNotCsv,
    /// A file whose header lacks these columns.
    ColumnsMissing { columns: String },
    /// A period whose end comes before its start.
    EndBeforeStart,
    /// A plan holding the same item twice in the same period.
    SameItemTwice,
    /// A time not written as a date and a time of day.
    TimeFormat,
    /// A satisfaction or a rating: 1 to 5 stars.
    StarsRange,
    /// A verbal agreement's witness is someone other than who agreed.
    WitnessIsAgreeing,
    /// The chosen provider does not deliver the item (or may not take new work).
    ProviderNotForItem,
    /// An item that does not reach the person's home.
    ItemNotHere,
    /// A plan agreed to needs lines first.
    PlanEmpty,
    /// A provider worker needs an active provider of the area; no other role has one.
    ProviderForWorkers,
    /// A visit's photo must be a picture (JPEG, PNG or WebP).
    PhotoNotImage,
    /// Things in kind go with temporary aid only.
    InKindTemporaryOnly,
    /// A referral done or declined moves no further.
    ReferralClosed,
    /// Not this step for this referral now (a repair is approved before it is done).
    ReferralWrongStep,
    /// A list of at most this many lines.
    TooManyLines { max: i64 },
    /// A repair is done with a photo of the home as found…
    RepairBeforePhoto,
    /// …and one of the work done.
    RepairAfterPhoto,
    /// A visit's record carries at most this many photos.
    TooManyPhotos { max: i64 },
}

impl Problem {
    pub fn text(&self, lang: Lang) -> String {
        let msg = match self {
            Problem::Required => Msg::ERequired,
            Problem::NotBoolean => Msg::ENotBoolean,
            Problem::NotWholeNumber => Msg::ENotWholeNumber,
            Problem::Negative => Msg::ENegative,
            Problem::TooLarge => Msg::ETooLarge,
            Problem::AgeRange => Msg::EAgeRange,
            Problem::MonthsRange => Msg::EMonthsRange,
            Problem::UnknownValue { .. } => Msg::EUnknownValue,
            Problem::EmptyHousehold => Msg::EEmptyHousehold,
            Problem::TooManyMembers => Msg::ETooManyMembers,
            Problem::NotArray => Msg::ENotArray,
            Problem::NotObject => Msg::ENotObject,
            Problem::DateFormat => Msg::EDateFormat,
            Problem::FutureDate => Msg::EFutureDate,
            Problem::AreaFormat => Msg::EAreaFormat,
            Problem::UnknownArea => Msg::EUnknownArea,
            Problem::MoneyFormat => Msg::EMoneyFormat,
            Problem::PhoneFormat => Msg::EPhoneFormat,
            Problem::CodeFormat => Msg::ECodeFormat,
            Problem::TooSoon { .. } => Msg::ETooSoon,
            Problem::TooManyCodes => Msg::ETooManyCodes,
            Problem::CodeWrong { .. } => Msg::ECodeWrong,
            Problem::CodeExpired => Msg::ECodeExpired,
            Problem::PledgeAnswerWrong => Msg::EPledgeAnswerWrong,
            Problem::NameFormat => Msg::ENameFormat,
            Problem::IdShape => Msg::EIdShape,
            Problem::IdBirthDate => Msg::EIdBirthDate,
            Problem::IdCheckCharacter => Msg::EIdCheckCharacter,
            Problem::IdRefused => Msg::EIdRefused,
            Problem::ConsentRequired => Msg::EConsentRequired,
            Problem::SignatureUnreadable => Msg::ESignatureUnreadable,
            Problem::AddressFormat => Msg::EAddressFormat,
            Problem::TooLong { .. } => Msg::ETooLong,
            Problem::ControlCharacters => Msg::ErrControlCharacters,
            Problem::ParameterRange { .. } => Msg::EParameterRange,
            Problem::EffectiveBeforeToday => Msg::EEffectiveBeforeToday,
            Problem::OwnProposal => Msg::EOwnProposal,
            Problem::ParameterDateTaken => Msg::EParameterDateTaken,
            Problem::PasswordCommon => Msg::EPasswordCommon,
            Problem::PasswordsDiffer => Msg::EPasswordsDiffer,
            Problem::AreaNotYours => Msg::EAreaNotYours,
            Problem::NotYourself => Msg::ENotYourself,
            Problem::OfficePhoneFormat => Msg::EOfficePhoneFormat,
            Problem::OfficeCasesNeedAHome { .. } => Msg::EOfficeCasesNeedAHome,
            Problem::PledgeOptions { .. } => Msg::EPledgeOptions,
            Problem::PledgeCorrectOption => Msg::EPledgeCorrectOption,
            Problem::SecondFactorWrong => Msg::ESecondFactorWrong,
            Problem::AccountFormat => Msg::EAccountFormat,
            Problem::PledgeMissing => Msg::EPledgeMissing,
            Problem::IdentityMissing => Msg::EIdentityMissing,
            Problem::DocumentTooLarge => Msg::EDocumentTooLarge,
            Problem::DocumentHeic => Msg::EDocumentHeic,
            Problem::DocumentType => Msg::EDocumentType,
            Problem::DocumentUnreadable => Msg::EDocumentUnreadable,
            Problem::DocumentTooManyPixels => Msg::EDocumentTooManyPixels,
            Problem::DocumentsBusy => Msg::EDocumentsBusy,
            Problem::DocumentKind => Msg::EDocumentKind,
            Problem::DocumentMissing => Msg::EDocumentMissing,
            Problem::TooManyDocuments { .. } => Msg::ETooManyDocuments,
            Problem::UsernameFormat => Msg::EUsernameFormat,
            Problem::UsernameTaken => Msg::EUsernameTaken,
            Problem::PasswordTooShort { .. } => Msg::EPasswordTooShort,
            Problem::TooManyAttempts => Msg::ETooManyAttempts,
            Problem::SignInFailed => Msg::ESignInFailed,
            Problem::DueDateFormat => Msg::EDueDateFormat,
            Problem::MultipleRange { .. } => Msg::EMultipleRange,
            Problem::NoOffice => Msg::ENoOffice,
            Problem::SameOffice => Msg::ESameOffice,
            Problem::RongqueNotAllowed => Msg::ERongqueNotAllowed,
            Problem::NoticeFirst => Msg::ENoticeFirst,
            Problem::NoticeRunsUntil { .. } => Msg::ENoticeRunsUntil,
            Problem::FirstAidNotAllowed => Msg::EFirstAidNotAllowed,
            Problem::OutsideArea => Msg::EOutsideArea,
            Problem::OverEmergencyCeiling { .. } => Msg::EOverEmergencyCeiling,
            Problem::PaidBeforeDecision { .. } => Msg::EPaidBeforeDecision,
            Problem::PeriodFormat => Msg::EPeriodFormat,
            Problem::PeriodBeforeGrant { .. } => Msg::EPeriodBeforeGrant,
            Problem::PeriodNotBegun => Msg::EPeriodNotBegun,
            Problem::PeriodAlreadyPaid => Msg::EPeriodAlreadyPaid,
            Problem::OverPeriodAmount { .. } => Msg::EOverPeriodAmount,
            Problem::NotNow { wait, .. } => wait.message(),
            Problem::ChangedMeanwhile => Msg::EChangedMeanwhile,
            Problem::AmountAbove { .. } => Msg::EAmountAbove,
            Problem::ResidentNameFormat => Msg::EResidentNameFormat,
            Problem::ResidentConsentRequired => Msg::EResidentConsentRequired,
            Problem::OfficeNotJoined => Msg::EOfficeNotJoined,
            Problem::DuplicateInFile { .. } => Msg::EDuplicateInFile,
            Problem::PhoneNeeded => Msg::EPhoneNeeded,
            Problem::FileNotCsv => Msg::EFileNotCsv,
            Problem::ColumnsMissing { .. } => Msg::EColumnsMissing,
            Problem::EndBeforeStart => Msg::EEndBeforeStart,
            Problem::SameItemTwice => Msg::ESameItemTwice,
            Problem::TimeFormat => Msg::ETimeFormat,
            Problem::StarsRange => Msg::EStarsRange,
            Problem::WitnessIsAgreeing => Msg::EWitnessIsAgreeing,
            Problem::ProviderNotForItem => Msg::EProviderNotForItem,
            Problem::ItemNotHere => Msg::EItemNotHere,
            Problem::PlanEmpty => Msg::EPlanEmpty,
            Problem::PhotoNotImage => Msg::EPhotoNotImage,
            Problem::ReferralClosed => Msg::EReferralClosed,
            Problem::InKindTemporaryOnly => Msg::EInKindTemporaryOnly,
            Problem::ReferralWrongStep => Msg::EReferralWrongStep,
            Problem::ProviderForWorkers => Msg::EProviderForWorkers,
            Problem::TooManyLines { .. } => Msg::ETooManyLines,
            Problem::RepairBeforePhoto => Msg::ERepairBeforePhoto,
            Problem::RepairAfterPhoto => Msg::ERepairAfterPhoto,
            Problem::TooManyPhotos { .. } => Msg::ETooManyPhotos,
        };
        let allowed = match self {
            Problem::UnknownValue { allowed } => allowed.join(", "),
            _ => String::new(),
        };
        let number = match self {
            Problem::TooSoon { seconds } => seconds.to_string(),
            Problem::CodeWrong { attempts_left } => attempts_left.to_string(),
            Problem::TooLong { max } | Problem::TooManyDocuments { max } | Problem::TooManyLines { max } | Problem::TooManyPhotos { max } => max.to_string(),
            Problem::PasswordTooShort { min } => min.to_string(),
            Problem::MultipleRange { min, max } => format!("{min}–{max}"),
            Problem::ParameterRange { min, max } => format!("{min}–{max}"),
            Problem::OfficeCasesNeedAHome { n } => n.to_string(),
            Problem::PledgeOptions { min, max } => format!("{min}–{max}"),
            Problem::NoticeRunsUntil { until } => until.clone(),
            Problem::OverEmergencyCeiling { max } => max.clone(),
            Problem::PaidBeforeDecision { on } => on.clone(),
            Problem::PeriodBeforeGrant { from } => from.clone(),
            Problem::OverPeriodAmount { left } => left.clone(),
            Problem::AmountAbove { max } => max.clone(),
            Problem::DuplicateInFile { line } => line.to_string(),
            Problem::ColumnsMissing { columns } => columns.clone(),
            Problem::NotNow { action, .. } => {
                let name = lang.t(action.title());
                // Inside an English sentence the action's name is not capitalised.
                match lang {
                    Lang::En => name.chars().take(1).flat_map(char::to_lowercase).chain(name.chars().skip(1)).collect(),
                    Lang::ZhCn => name.to_string(),
                }
            }
            _ => String::new(),
        };
        fill(
            lang.t(msg),
            &[("allowed", allowed), ("max", MAX_MEMBERS.to_string()), ("age", MAX_AGE.to_string()), ("n", number)],
        )
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// Where the bad value is: a JSON path (`members[0].age`) or a form field name.
    pub field: String,
    pub problem: Problem,
}

/// Collects problems while reading a JSON object.
struct Reader<'a> {
    errors: &'a mut Vec<FieldError>,
}

impl Reader<'_> {
    fn fail(&mut self, field: &str, problem: Problem) {
        self.errors.push(FieldError { field: field.to_string(), problem });
    }

    fn bool_or(&mut self, obj: &Map<String, Value>, key: &str, path: &str, default: Option<bool>) -> bool {
        match obj.get(key) {
            Some(Value::Bool(b)) => *b,
            None | Some(Value::Null) => default.unwrap_or_else(|| {
                self.fail(path, Problem::Required);
                false
            }),
            Some(_) => {
                self.fail(path, Problem::NotBoolean);
                false
            }
        }
    }

    fn int(&mut self, obj: &Map<String, Value>, key: &str, path: &str, required: bool) -> Option<i64> {
        match obj.get(key) {
            None | Some(Value::Null) => {
                if required {
                    self.fail(path, Problem::Required);
                }
                None
            }
            Some(Value::Number(n)) => match n.as_i64() {
                Some(v) => Some(v),
                None if n.as_u64().is_some() => {
                    self.fail(path, Problem::TooLarge);
                    None
                }
                None => {
                    self.fail(path, Problem::NotWholeNumber);
                    None
                }
            },
            Some(_) => {
                self.fail(path, Problem::NotWholeNumber);
                None
            }
        }
    }

    fn fen(&mut self, obj: &Map<String, Value>, key: &str, path: &str, required: bool) -> Fen {
        match self.int(obj, key, path, required) {
            Some(v) if v < 0 => {
                self.fail(path, Problem::Negative);
                Fen::ZERO
            }
            Some(v) if v > MAX_FEN => {
                self.fail(path, Problem::TooLarge);
                Fen::ZERO
            }
            Some(v) => Fen::new(v).unwrap_or_default(),
            None => Fen::ZERO,
        }
    }

    fn string<'v>(&mut self, obj: &'v Map<String, Value>, key: &str, path: &str, required: bool) -> Option<&'v str> {
        match obj.get(key) {
            Some(Value::String(s)) => Some(s.as_str()),
            None | Some(Value::Null) => {
                if required {
                    self.fail(path, Problem::Required);
                }
                None
            }
            Some(_) => {
                self.fail(path, Problem::UnknownValue { allowed: vec![] });
                None
            }
        }
    }

    fn date(&mut self, obj: &Map<String, Value>, key: &str, path: &str, required: bool) -> Option<Date> {
        let s = self.string(obj, key, path, required)?;
        match Date::parse(s) {
            Ok(d) => Some(d),
            Err(_) => {
                self.fail(path, Problem::DateFormat);
                None
            }
        }
    }

    fn object<'v>(&mut self, value: Option<&'v Value>, path: &str) -> Option<&'v Map<String, Value>> {
        match value {
            Some(Value::Object(o)) => Some(o),
            None | Some(Value::Null) => None,
            Some(_) => {
                self.fail(path, Problem::NotObject);
                None
            }
        }
    }
}

fn allowed<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|x| code(*x).to_string()).collect()
}

/// Reads the body of `POST /api/v1/eligibility/check` (see ELIGIBILITY_API.md).
/// `today` (Asia/Shanghai) is the default `as_of`; an event may not lie after `as_of`.
pub fn parse_check_json(body: &Value, today: Date) -> Result<CheckInput, Vec<FieldError>> {
    let mut errors = Vec::new();
    let Value::Object(obj) = body else {
        return Err(vec![FieldError { field: String::new(), problem: Problem::NotObject }]);
    };
    let mut r = Reader { errors: &mut errors };

    let as_of = r.date(obj, "as_of", "as_of", false).unwrap_or(today);
    let area = match r.string(obj, "area_code", "area_code", true) {
        Some(s) => AreaCode::parse(s).map_err(|_| r.fail("area_code", Problem::AreaFormat)).ok(),
        None => None,
    };
    let hukou_local = r.bool_or(obj, "hukou_local", "hukou_local", None);
    let months = match r.int(obj, "months_at_residence", "months_at_residence", false) {
        Some(m) if !(0..=1560).contains(&m) => {
            r.fail("months_at_residence", Problem::MonthsRange);
            0
        }
        Some(m) => m as u16,
        None => 0,
    };

    let mut members = Vec::new();
    match obj.get("members") {
        Some(Value::Array(list)) => {
            if list.is_empty() {
                r.fail("members", Problem::EmptyHousehold);
            } else if list.len() > MAX_MEMBERS {
                r.fail("members", Problem::TooManyMembers);
            }
            for (i, item) in list.iter().enumerate().take(MAX_MEMBERS) {
                let path = format!("members[{i}]");
                let Some(m) = r.object(Some(item), &path) else { continue };
                let f = |k: &str| format!("{path}.{k}");
                let relation = match r.string(m, "relation", &f("relation"), true) {
                    Some(s) => Relation::from_code(s).or_else(|| {
                        r.fail(&f("relation"), Problem::UnknownValue { allowed: allowed(&Relation::ALL, Relation::code) });
                        None
                    }),
                    None => None,
                };
                let age = match r.int(m, "age", &f("age"), true) {
                    Some(a) if (0..=i64::from(MAX_AGE)).contains(&a) => Some(a as u8),
                    Some(_) => {
                        r.fail(&f("age"), Problem::AgeRange);
                        None
                    }
                    None => None,
                };
                let disabled = r.bool_or(m, "disabled", &f("disabled"), Some(false));
                let serious_illness = r.bool_or(m, "serious_illness", &f("serious_illness"), Some(false));
                let able_to_work = r.bool_or(m, "able_to_work", &f("able_to_work"), Some(false));
                let monthly_income = r.fen(m, "monthly_income_fen", &f("monthly_income_fen"), false);
                if let (Some(relation), Some(age)) = (relation, age) {
                    members.push(Member { relation, age, disabled, serious_illness, able_to_work, monthly_income });
                }
            }
        }
        None | Some(Value::Null) => r.fail("members", Problem::EmptyHousehold),
        Some(_) => r.fail("members", Problem::NotArray),
    }

    let avg = r.fen(obj, "avg_monthly_income_6m_fen", "avg_monthly_income_6m_fen", true);
    let assets = match r.object(obj.get("assets"), "assets") {
        Some(a) => Assets {
            savings: r.fen(a, "savings_fen", "assets.savings_fen", false),
            extra_housing: r.bool_or(a, "extra_housing", "assets.extra_housing", Some(false)),
            vehicle: r.bool_or(a, "vehicle", "assets.vehicle", Some(false)),
        },
        None => Assets::default(),
    };
    let rigid = match r.object(obj.get("rigid_expenses_12m_fen"), "rigid_expenses_12m_fen") {
        Some(e) => RigidExpenses {
            medical: r.fen(e, "medical", "rigid_expenses_12m_fen.medical", false),
            education: r.fen(e, "education", "rigid_expenses_12m_fen.education", false),
        },
        None => RigidExpenses::default(),
    };
    let sudden_event = match r.object(obj.get("sudden_event"), "sudden_event") {
        Some(e) => {
            let kind = match r.string(e, "kind", "sudden_event.kind", true) {
                Some(s) => EventKind::from_code(s).or_else(|| {
                    r.fail("sudden_event.kind", Problem::UnknownValue { allowed: allowed(&EventKind::ALL, EventKind::code) });
                    None
                }),
                None => None,
            };
            let date = r.date(e, "date", "sudden_event.date", true);
            if date.is_some_and(|d| d > as_of) {
                r.fail("sudden_event.date", Problem::FutureDate);
            }
            let loss = r.fen(e, "loss_fen", "sudden_event.loss_fen", false);
            let casualties = r.bool_or(e, "casualties", "sudden_event.casualties", Some(false));
            match (kind, date) {
                (Some(kind), Some(date)) => Some(SuddenEvent { kind, date, loss, casualties }),
                _ => None,
            }
        }
        None => None,
    };
    let mut receiving = Vec::new();
    match obj.get("receiving_at_hukou") {
        Some(Value::Array(list)) => {
            for (i, item) in list.iter().enumerate() {
                match item.as_str().and_then(Programme::from_code) {
                    Some(p) if !receiving.contains(&p) => receiving.push(p),
                    Some(_) => {}
                    None => r.fail(
                        &format!("receiving_at_hukou[{i}]"),
                        Problem::UnknownValue { allowed: allowed(&Programme::ALL, Programme::code) },
                    ),
                }
            }
        }
        None | Some(Value::Null) => {}
        Some(_) => r.fail("receiving_at_hukou", Problem::NotArray),
    }
    let will_sign_pledge = r.bool_or(obj, "will_sign_pledge", "will_sign_pledge", Some(false));

    if !errors.is_empty() {
        return Err(errors);
    }
    let (Some(area), Some(household)) = (area, Household::new(members)) else {
        // Unreachable with no errors recorded; kept total rather than panicking.
        return Err(vec![FieldError { field: "members".into(), problem: Problem::EmptyHousehold }]);
    };
    Ok(CheckInput {
        as_of,
        area,
        hukou_local,
        months_at_residence: months,
        household,
        avg_monthly_income_6m: avg,
        assets,
        rigid_expenses_12m: rigid,
        sudden_event,
        receiving_at_hukou: receiving,
        will_sign_pledge,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn today() -> Date {
        Date::parse("2026-11-29").unwrap()
    }

    fn example() -> Value {
        json!({
            "as_of": "2026-11-29", "area_code": "320104", "hukou_local": false, "months_at_residence": 48,
            "members": [
                {"relation": "self", "age": 63, "disabled": false, "serious_illness": false, "able_to_work": true, "monthly_income_fen": 200000},
                {"relation": "spouse", "age": 61, "disabled": false, "serious_illness": false, "able_to_work": true, "monthly_income_fen": 150000},
                {"relation": "grandchild", "age": 9, "disabled": false, "serious_illness": true, "able_to_work": false, "monthly_income_fen": 0}
            ],
            "avg_monthly_income_6m_fen": 350000,
            "assets": {"savings_fen": 500000, "extra_housing": false, "vehicle": false},
            "rigid_expenses_12m_fen": {"medical": 34000000, "education": 0},
            "sudden_event": {"kind": "serious_illness", "date": "2026-02-20", "loss_fen": 34000000, "casualties": false},
            "receiving_at_hukou": ["dibao"],
            "will_sign_pledge": true
        })
    }

    fn fields(v: Value) -> Vec<(String, Problem)> {
        parse_check_json(&v, today()).unwrap_err().into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn the_contract_example_parses() {
        let i = parse_check_json(&example(), today()).unwrap();
        assert_eq!(i.household.size(), 3);
        assert_eq!(i.area.as_str(), "320104");
        assert_eq!(i.receiving_at_hukou, vec![Programme::Dibao]);
        assert_eq!(i.sudden_event.unwrap().loss.get(), 34_000_000);
    }

    #[test]
    fn optional_fields_may_be_left_out_or_null() {
        let v = json!({"area_code": "320104", "hukou_local": true, "members": [{"relation": "self", "age": 30}],
                       "avg_monthly_income_6m_fen": 0, "assets": null, "sudden_event": null, "unknown": 1});
        let i = parse_check_json(&v, today()).unwrap();
        assert_eq!(i.as_of, today());
        assert!(!i.will_sign_pledge);
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let mut v = example();
        v["members"][1]["age"] = json!(131);
        v["members"][2]["relation"] = json!("cousin");
        v["avg_monthly_income_6m_fen"] = json!(-1);
        v["sudden_event"]["kind"] = json!("flood");
        v["sudden_event"]["date"] = json!("2026-12-01");
        v["receiving_at_hukou"] = json!(["dibao", "pension"]);
        v["area_code"] = json!("32010");
        let got: Vec<String> = fields(v).into_iter().map(|(f, _)| f).collect();
        assert_eq!(got, ["area_code", "members[1].age", "members[2].relation", "avg_monthly_income_6m_fen", "sudden_event.kind", "sudden_event.date", "receiving_at_hukou[1]"]);
    }

    #[test]
    fn wrong_types_and_shapes_are_field_errors() {
        let mut v = example();
        v["members"] = json!([]);
        assert_eq!(fields(v.clone()), [("members".to_string(), Problem::EmptyHousehold)]);
        v["members"] = json!("two people");
        assert_eq!(fields(v.clone())[0].1, Problem::NotArray);
        v = example();
        v["members"][0]["age"] = json!(30.5);
        v["hukou_local"] = json!("yes");
        v["assets"] = json!([1]);
        let got = fields(v);
        assert_eq!(got[0], ("hukou_local".into(), Problem::NotBoolean));
        assert_eq!(got[1], ("members[0].age".into(), Problem::NotWholeNumber));
        assert_eq!(got[2], ("assets".into(), Problem::NotObject));
        assert!(parse_check_json(&json!([1, 2]), today()).is_err());
        let huge = json!({"area_code": "320104", "hukou_local": true, "members": [{"relation": "self", "age": 30, "monthly_income_fen": 18446744073709551615u64}], "avg_monthly_income_6m_fen": 0});
        assert_eq!(fields(huge)[0].1, Problem::TooLarge);
    }

    fn any_json() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            any::<f64>().prop_map(|f| json!(f)),
            "[a-z0-9_\\-]{0,12}".prop_map(Value::String),
            prop_oneof![Just("self"), Just("320104"), Just("2026-02-20"), Just("fire"), Just("dibao")].prop_map(|s| json!(s)),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            let keys = prop_oneof![
                Just("area_code"), Just("hukou_local"), Just("members"), Just("age"), Just("relation"),
                Just("avg_monthly_income_6m_fen"), Just("assets"), Just("sudden_event"), Just("date"),
                Just("kind"), Just("receiving_at_hukou"), Just("as_of"), Just("monthly_income_fen"), Just("loss_fen"),
            ];
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::btree_map(keys.prop_map(String::from), inner, 0..8)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        #[test]
        fn no_json_value_makes_the_parser_panic(v in any_json()) {
            let _ = parse_check_json(&v, today());
        }
    }

    #[test]
    fn problems_read_in_both_languages() {
        for p in [Problem::Required, Problem::AgeRange, Problem::UnknownValue { allowed: vec!["self".into()] }] {
            assert!(!p.text(Lang::ZhCn).contains('{'));
            assert!(!p.text(Lang::En).contains('{'));
        }
        assert!(Problem::UnknownValue { allowed: vec!["a".into(), "b".into()] }.text(Lang::En).contains("a, b"));
    }
}
