//! What other departments send (POLICY.md §3.4): one kind of row per department, read from
//! JSON (the machine intake) or from a CSV a staff member uploads — the same reading, so a
//! row is refused for the same reason either way, by its index and field.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::domain::date::Date;
use crate::domain::identity::IdNumber;
use crate::domain::money::Fen;
use crate::domain::request::{FieldError, Problem};
use crate::i18n::Msg;

/// The departments that send rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedSource {
    /// 医保: medical costs.
    MedicalInsurance,
    /// 人社: unemployment registered.
    HumanResources,
    /// 残联: disability certified.
    DisabledPersons,
    /// 应急: disaster loss.
    EmergencyManagement,
    /// 公安: deaths.
    PublicSecurity,
    /// 教育: student aid.
    Education,
}

impl FeedSource {
    pub const ALL: [FeedSource; 6] = [
        FeedSource::MedicalInsurance,
        FeedSource::HumanResources,
        FeedSource::DisabledPersons,
        FeedSource::EmergencyManagement,
        FeedSource::PublicSecurity,
        FeedSource::Education,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            FeedSource::MedicalInsurance => "medical_insurance",
            FeedSource::HumanResources => "human_resources",
            FeedSource::DisabledPersons => "disabled_persons",
            FeedSource::EmergencyManagement => "emergency_management",
            FeedSource::PublicSecurity => "public_security",
            FeedSource::Education => "education",
        }
    }

    pub fn from_code(code: &str) -> Option<FeedSource> {
        FeedSource::ALL.into_iter().find(|s| s.code() == code)
    }

    pub const fn label(self) -> Msg {
        match self {
            FeedSource::MedicalInsurance => Msg::FeedMedicalInsurance,
            FeedSource::HumanResources => Msg::FeedHumanResources,
            FeedSource::DisabledPersons => Msg::FeedDisabledPersons,
            FeedSource::EmergencyManagement => Msg::FeedEmergencyManagement,
            FeedSource::PublicSecurity => Msg::FeedPublicSecurity,
            FeedSource::Education => Msg::FeedEducation,
        }
    }

    /// The fields a row of this department carries besides `id_number` (the CSV header and
    /// the API's schema say the same).
    pub const fn fields(self) -> &'static [&'static str] {
        match self {
            FeedSource::MedicalInsurance => &["out_of_pocket_fen", "period_start", "period_end", "inpatient"],
            FeedSource::HumanResources => &["registered_on", "only_earner"],
            FeedSource::DisabledPersons => &["grade", "certified_on"],
            FeedSource::EmergencyManagement => &["loss_fen", "occurred_on"],
            FeedSource::PublicSecurity => &["died_on"],
            FeedSource::Education => &["aid_fen", "granted_on"],
        }
    }
}

/// What a row says happened to a person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Signal {
    /// Out of pocket after all insurance, for a period; `inpatient` for one hospital stay.
    Medical { out_of_pocket: Fen, period_start: Date, period_end: Date, inpatient: bool },
    Unemployment { registered_on: Date, only_earner: bool },
    /// 残疾等级 1 (most severe) to 4.
    Disability { grade: u8, certified_on: Date },
    Disaster { loss: Fen, occurred_on: Date },
    Death { died_on: Date },
    StudentAid { aid: Fen, granted_on: Date },
}

impl Signal {
    /// The day the thing happened (a medical period's end).
    pub fn day(&self) -> Date {
        match self {
            Signal::Medical { period_end, .. } => *period_end,
            Signal::Unemployment { registered_on, .. } => *registered_on,
            Signal::Disability { certified_on, .. } => *certified_on,
            Signal::Disaster { occurred_on, .. } => *occurred_on,
            Signal::Death { died_on } => *died_on,
            Signal::StudentAid { granted_on, .. } => *granted_on,
        }
    }
}

/// One department row, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedRow {
    pub id_number: IdNumber,
    pub signal: Signal,
}

/// Most rows one batch may carry; a larger one is refused whole (413), never cut.
pub const MAX_ROWS: usize = 100_000;

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Reads one row of a department's batch (a JSON object, or a CSV record made into one);
/// every problem of the row, by field. Numbers may come as JSON numbers or as text.
pub fn read_row(source: FeedSource, row: &Value, today: Date) -> Result<FeedRow, Vec<FieldError>> {
    let Some(map) = row.as_object() else {
        return Err(vec![FieldError { field: String::new(), problem: Problem::NotObject }]);
    };
    let mut errors = Vec::new();
    let id = match map.get("id_number").and_then(text) {
        Some(t) => IdNumber::parse(&t).map_err(|e| errors.push(FieldError { field: "id_number".into(), problem: crate::domain::application::steps::id_problem(e) })).ok(),
        None => {
            errors.push(FieldError { field: "id_number".into(), problem: Problem::Required });
            None
        }
    };
    let mut r = Reader { map, errors, today };
    let signal = match source {
        FeedSource::MedicalInsurance => {
            let (out, start, end, inpatient) = (r.money("out_of_pocket_fen"), r.day("period_start"), r.day("period_end"), r.flag("inpatient"));
            match (out, start, end, inpatient) {
                (Some(out_of_pocket), Some(period_start), Some(period_end), Some(inpatient)) if period_start <= period_end => Some(Signal::Medical { out_of_pocket, period_start, period_end, inpatient }),
                (_, Some(_), Some(_), _) => {
                    r.fail("period_end", Problem::DateFormat);
                    None
                }
                _ => None,
            }
        }
        FeedSource::HumanResources => match (r.day("registered_on"), r.flag("only_earner")) {
            (Some(registered_on), Some(only_earner)) => Some(Signal::Unemployment { registered_on, only_earner }),
            _ => None,
        },
        FeedSource::DisabledPersons => match (r.grade("grade"), r.day("certified_on")) {
            (Some(grade), Some(certified_on)) => Some(Signal::Disability { grade, certified_on }),
            _ => None,
        },
        FeedSource::EmergencyManagement => match (r.money("loss_fen"), r.day("occurred_on")) {
            (Some(loss), Some(occurred_on)) => Some(Signal::Disaster { loss, occurred_on }),
            _ => None,
        },
        FeedSource::PublicSecurity => r.day("died_on").map(|died_on| Signal::Death { died_on }),
        FeedSource::Education => match (r.money("aid_fen"), r.day("granted_on")) {
            (Some(aid), Some(granted_on)) => Some(Signal::StudentAid { aid, granted_on }),
            _ => None,
        },
    };
    match (id, signal) {
        (Some(id_number), Some(signal)) if r.errors.is_empty() => Ok(FeedRow { id_number, signal }),
        _ => Err(r.errors),
    }
}

struct Reader<'a> {
    map: &'a Map<String, Value>,
    errors: Vec<FieldError>,
    today: Date,
}

impl Reader<'_> {
    fn fail(&mut self, field: &str, problem: Problem) {
        self.errors.push(FieldError { field: field.into(), problem });
    }

    fn get(&mut self, field: &str) -> Option<String> {
        match self.map.get(field).and_then(text).filter(|t| !t.is_empty()) {
            Some(t) => Some(t),
            None => {
                self.fail(field, Problem::Required);
                None
            }
        }
    }

    fn money(&mut self, field: &str) -> Option<Fen> {
        let t = self.get(field)?;
        match t.parse::<i64>() {
            Ok(n) if n < 0 => {
                self.fail(field, Problem::Negative);
                None
            }
            Ok(n) => Fen::new(n).map_err(|_| self.fail(field, Problem::TooLarge)).ok(),
            Err(_) => {
                self.fail(field, Problem::NotWholeNumber);
                None
            }
        }
    }

    fn day(&mut self, field: &str) -> Option<Date> {
        let t = self.get(field)?;
        match Date::parse(&t) {
            Ok(d) if d > self.today => {
                self.fail(field, Problem::FutureDate);
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                self.fail(field, Problem::DateFormat);
                None
            }
        }
    }

    fn flag(&mut self, field: &str) -> Option<bool> {
        match self.get(field)?.as_str() {
            "true" | "1" | "yes" | "是" => Some(true),
            "false" | "0" | "no" | "否" => Some(false),
            _ => {
                self.fail(field, Problem::NotBoolean);
                None
            }
        }
    }

    fn grade(&mut self, field: &str) -> Option<u8> {
        match self.get(field)?.parse::<u8>() {
            Ok(g @ 1..=4) => Some(g),
            _ => {
                self.fail(field, Problem::UnknownValue { allowed: ["1", "2", "3", "4"].map(String::from).to_vec() });
                None
            }
        }
    }
}

/// A CSV record as the object `read_row` reads: the header's names as keys.
pub fn record_as_object(header: &[String], record: &[String]) -> Value {
    let map: Map<String, Value> = header.iter().zip(record).map(|(h, v)| (h.trim().trim_start_matches('\u{feff}').to_string(), Value::String(v.clone()))).collect();
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn today() -> Date {
        Date::parse("2026-12-06").unwrap()
    }

    #[test]
    fn a_medical_row_reads_from_numbers_or_text() {
        let row = json!({"id_number": "11010519491231002X", "out_of_pocket_fen": 820000, "period_start": "2026-11-01", "period_end": "2026-11-30", "inpatient": true});
        let read = read_row(FeedSource::MedicalInsurance, &row, today()).unwrap();
        assert_eq!(read.signal, Signal::Medical { out_of_pocket: Fen::new(820000).unwrap(), period_start: Date::parse("2026-11-01").unwrap(), period_end: Date::parse("2026-11-30").unwrap(), inpatient: true });
        let header: Vec<String> = ["id_number", "out_of_pocket_fen", "period_start", "period_end", "inpatient"].map(String::from).to_vec();
        let record: Vec<String> = ["11010519491231002X", "820000", "2026-11-01", "2026-11-30", "是"].map(String::from).to_vec();
        assert_eq!(read_row(FeedSource::MedicalInsurance, &record_as_object(&header, &record), today()).unwrap(), read);
    }

    #[test]
    fn a_bad_row_names_every_field() {
        let row = json!({"id_number": "110105194912310021", "out_of_pocket_fen": -5, "period_start": "2026-13-01", "inpatient": "maybe"});
        let errors = read_row(FeedSource::MedicalInsurance, &row, today()).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["id_number", "out_of_pocket_fen", "period_start", "period_end", "inpatient"]);
        assert_eq!(read_row(FeedSource::PublicSecurity, &json!([1, 2]), today()).unwrap_err()[0].problem, Problem::NotObject);
        let late = json!({"id_number": "11010519491231002X", "died_on": "2027-01-01"});
        assert_eq!(read_row(FeedSource::PublicSecurity, &late, today()).unwrap_err()[0].problem, Problem::FutureDate);
        let backwards = json!({"id_number": "11010519491231002X", "out_of_pocket_fen": 1, "period_start": "2026-11-30", "period_end": "2026-11-01", "inpatient": false});
        assert_eq!(read_row(FeedSource::MedicalInsurance, &backwards, today()).unwrap_err()[0].field, "period_end");
        let grade = json!({"id_number": "11010519491231002X", "grade": 5, "certified_on": "2026-11-01"});
        assert_eq!(read_row(FeedSource::DisabledPersons, &grade, today()).unwrap_err()[0].field, "grade");
    }

    #[test]
    fn signals_round_trip_through_their_stored_form() {
        let s = Signal::Disability { grade: 1, certified_on: today() };
        let text = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<Signal>(&text).unwrap(), s);
        for source in FeedSource::ALL {
            assert_eq!(FeedSource::from_code(source.code()), Some(source));
        }
    }
}
