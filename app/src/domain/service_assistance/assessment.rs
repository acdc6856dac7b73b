//! 需求评估: a community worker's assessment of a person at home — how far they look after
//! themselves, whether they live alone, which catalogue items they need, and hazards seen.

use serde::{Deserialize, Serialize};

use crate::domain::date::Date;
use crate::domain::request::{FieldError, Problem};
use crate::domain::text::Note;
use crate::i18n::Msg;

/// 自理能力.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SelfCare {
    /// 自理.
    Independent,
    /// 半失能.
    PartlyDependent,
    /// 失能.
    Dependent,
}

impl SelfCare {
    pub const ALL: [SelfCare; 3] = [SelfCare::Independent, SelfCare::PartlyDependent, SelfCare::Dependent];

    pub const fn code(self) -> &'static str {
        match self {
            SelfCare::Independent => "independent",
            SelfCare::PartlyDependent => "partly_dependent",
            SelfCare::Dependent => "dependent",
        }
    }

    pub fn from_code(code: &str) -> Option<SelfCare> {
        SelfCare::ALL.into_iter().find(|s| s.code() == code)
    }

    pub const fn label(self) -> Msg {
        match self {
            SelfCare::Independent => Msg::SelfCareIndependent,
            SelfCare::PartlyDependent => Msg::SelfCarePartly,
            SelfCare::Dependent => Msg::SelfCareDependent,
        }
    }
}

/// An assessment as the form posted it, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assessment {
    pub self_care: SelfCare,
    pub living_alone: bool,
    /// Catalogue items the person needs (ids the caller has checked reach the person's home).
    pub needs: Vec<String>,
    /// What was seen that may hurt: dim lights, trailing power strips… (may be empty).
    pub hazards: Note,
    pub assessed_on: Date,
}

/// Reads the form: a self-care level and a day (today or earlier) are required; needs are
/// kept only when they are among `offered` (the items reaching the person's home).
pub fn read_assessment(self_care: &str, living_alone: &str, needs: &[String], offered: &[String], hazards: &str, assessed_on: &str, today: Date) -> Result<Assessment, Vec<FieldError>> {
    let mut errors = Vec::new();
    let self_care = SelfCare::from_code(self_care.trim());
    if self_care.is_none() {
        errors.push(FieldError { field: "self_care".into(), problem: Problem::Required });
    }
    let living_alone = match living_alone.trim() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => {
            errors.push(FieldError { field: "living_alone".into(), problem: Problem::Required });
            None
        }
    };
    let hazards = Note::parse(hazards).map_err(|e| errors.push(FieldError { field: "hazards".into(), problem: e.problem() })).ok();
    let day = match Date::parse(assessed_on) {
        Ok(d) if d > today => {
            errors.push(FieldError { field: "assessed_on".into(), problem: Problem::FutureDate });
            None
        }
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(FieldError { field: "assessed_on".into(), problem: Problem::DateFormat });
            None
        }
    };
    let mut kept: Vec<String> = Vec::new();
    for n in needs {
        if offered.contains(n) && !kept.contains(n) {
            kept.push(n.clone());
        }
    }
    match (self_care, living_alone, hazards, day) {
        (Some(self_care), Some(living_alone), Some(hazards), Some(assessed_on)) if errors.is_empty() => Ok(Assessment { self_care, living_alone, needs: kept, hazards, assessed_on }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_assessment_needs_a_level_an_answer_and_a_past_day() {
        let today = Date::parse("2026-12-06").unwrap();
        let offered = ["clean".to_string(), "visit".to_string()];
        let a = read_assessment("partly_dependent", "yes", &["clean".into(), "elsewhere".into(), "clean".into()], &offered, "插线板拖在地上，灯光昏暗", "2026-12-05", today).unwrap();
        assert_eq!((a.self_care, a.living_alone, a.needs.as_slice()), (SelfCare::PartlyDependent, true, ["clean".to_string()].as_slice()), "only items that reach the home, once");
        let e = read_assessment("", "maybe", &[], &offered, "", "2026-12-07", today).unwrap_err();
        assert_eq!(e.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(), ["self_care", "living_alone", "assessed_on"]);
    }
}
