//! 服务记录: what a worker records of a visit — real start and end times, the item's checklist,
//! notes, how the person confirmed (or why they could not), and their satisfaction. A visit
//! done after its day is late and says why.

use serde::{Deserialize, Serialize};

use crate::domain::date::Date;
use crate::domain::instant::Instant;
use crate::domain::request::{FieldError, Problem};
use crate::domain::text::Note;
use crate::i18n::Msg;

/// Photos one visit's record may carry (a product limit, not a policy number).
pub const MAX_VISIT_PHOTOS: usize = 4;

/// A phone's clock may run a little ahead of the server's; a time this far in the future is
/// still the present.
const CLOCK_SKEW_SECS: i64 = 600;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confirmation {
    /// The person read out the code texted to their phone.
    Code,
    /// The person signed on the worker's phone.
    Signature,
    /// The person could not confirm (asleep, confused, no phone…): the reason is kept.
    NotConfirmed,
}

impl Confirmation {
    pub const ALL: [Confirmation; 3] = [Confirmation::Code, Confirmation::Signature, Confirmation::NotConfirmed];

    pub const fn code(self) -> &'static str {
        match self {
            Confirmation::Code => "code",
            Confirmation::Signature => "signature",
            Confirmation::NotConfirmed => "none",
        }
    }

    pub fn from_code(code: &str) -> Option<Confirmation> {
        Confirmation::ALL.into_iter().find(|c| c.code() == code)
    }

    pub const fn label(self) -> Msg {
        match self {
            Confirmation::Code => Msg::ConfirmedByCode,
            Confirmation::Signature => Msg::ConfirmedBySignature,
            Confirmation::NotConfirmed => Msg::NotConfirmed,
        }
    }
}

/// The fields of a visit record as a form or an app sends them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordFields {
    pub started_at: String,
    pub ended_at: String,
    /// Checklist lines ticked (others are dropped).
    #[serde(default)]
    pub done: Vec<String>,
    #[serde(default)]
    pub notes: String,
    pub confirmation: String,
    #[serde(default)]
    pub unconfirmed_reason: String,
    #[serde(default)]
    pub satisfaction: String,
    #[serde(default)]
    pub late_reason: String,
    /// 转介: `case`, `repair`, `plan_change`, or empty for none.
    #[serde(default)]
    pub referral_kind: String,
    #[serde(default)]
    pub referral_note: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VisitRecord {
    pub started: Instant,
    pub ended: Instant,
    pub done: Vec<String>,
    pub notes: Note,
    pub confirmation: Confirmation,
    pub unconfirmed_reason: Option<Note>,
    /// 1–5; none when the person could not confirm.
    pub satisfaction: Option<i64>,
    pub late_reason: Option<Note>,
}

/// A visit that happened after the day it was due.
pub fn is_late(due_on: Date, started: Instant) -> bool {
    started.beijing().date > due_on
}

/// A satisfaction or a rating: a whole number 1 to 5.
pub fn read_stars(text: &str) -> Option<i64> {
    text.trim().parse::<i64>().ok().filter(|n| (1..=5).contains(n))
}

pub fn read_record(f: &RecordFields, checklist: &[String], due_on: Date, now: Instant) -> Result<VisitRecord, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut time = |field: &str, text: &str| match Instant::parse_beijing_or_utc(text) {
        Ok(t) if t.unix() > now.unix() + CLOCK_SKEW_SECS => {
            errors.push(FieldError { field: field.into(), problem: Problem::FutureDate });
            None
        }
        Ok(t) => Some(t),
        Err(_) => {
            errors.push(FieldError { field: field.into(), problem: Problem::TimeFormat });
            None
        }
    };
    let started = time("started_at", &f.started_at);
    let ended = time("ended_at", &f.ended_at);
    if let (Some(s), Some(e)) = (started, ended) {
        if e < s {
            errors.push(FieldError { field: "ended_at".into(), problem: Problem::EndBeforeStart });
        }
    }
    let note = |field: &str, text: &str, errors: &mut Vec<FieldError>| Note::parse(text).map_err(|e| errors.push(FieldError { field: field.into(), problem: e.problem() })).ok();
    let notes = note("notes", &f.notes, &mut errors);
    let confirmation = Confirmation::from_code(f.confirmation.trim());
    if confirmation.is_none() {
        errors.push(FieldError { field: "confirmation".into(), problem: Problem::Required });
    }
    let unconfirmed_reason = match confirmation {
        Some(Confirmation::NotConfirmed) => crate::domain::text::required::<500>("unconfirmed_reason", &f.unconfirmed_reason, &mut errors),
        _ => None,
    };
    let satisfaction = match (confirmation, f.satisfaction.trim()) {
        (Some(Confirmation::NotConfirmed), "") => None,
        (_, s) => {
            let stars = read_stars(s);
            if stars.is_none() {
                errors.push(FieldError { field: "satisfaction".into(), problem: Problem::StarsRange });
            }
            stars
        }
    };
    let late_reason = match started {
        Some(s) if is_late(due_on, s) => crate::domain::text::required::<500>("late_reason", &f.late_reason, &mut errors),
        _ => None,
    };
    let done: Vec<String> = checklist.iter().filter(|c| f.done.contains(c)).cloned().collect();
    match (started, ended, notes, confirmation) {
        (Some(started), Some(ended), Some(notes), Some(confirmation)) if errors.is_empty() => {
            Ok(VisitRecord { started, ended, done, notes, confirmation, unconfirmed_reason, satisfaction, late_reason })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fields() -> RecordFields {
        RecordFields {
            started_at: "2026-12-06T09:00".into(),
            ended_at: "2026-12-06T10:30".into(),
            done: vec!["擦窗".into(), "drop me".into()],
            notes: "灶台油污较重".into(),
            confirmation: "code".into(),
            satisfaction: "5".into(),
            ..RecordFields::default()
        }
    }

    fn now() -> Instant {
        Instant::parse("2026-12-06T03:00:00Z").unwrap()
    }

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn a_visit_on_its_day_is_read_with_real_times_and_only_checklist_lines() {
        let checklist = ["擦窗".to_string(), "拖地".to_string()];
        let r = read_record(&fields(), &checklist, day("2026-12-06"), now()).unwrap();
        assert_eq!(r.started.to_string(), "2026-12-06T01:00:00Z");
        assert_eq!(r.done, ["擦窗"]);
        assert_eq!((r.confirmation, r.satisfaction, r.late_reason), (Confirmation::Code, Some(5), None));
    }

    #[test]
    fn backwards_future_late_and_unconfirmed_visits_are_named() {
        let mut f = fields();
        f.ended_at = "2026-12-06T08:00".into();
        assert_eq!(read_record(&f, &[], day("2026-12-06"), now()).unwrap_err()[0].field, "ended_at");
        let mut f = fields();
        f.started_at = "2026-12-06T20:00".into();
        f.ended_at = "2026-12-06T21:00".into();
        assert!(read_record(&f, &[], day("2026-12-06"), now()).unwrap_err().iter().all(|e| e.problem == Problem::FutureDate));
        let e = read_record(&fields(), &[], day("2026-12-05"), now()).unwrap_err();
        assert_eq!(e[0].field, "late_reason", "a day late says why");
        let mut f = fields();
        f.late_reason = "老人前一天住院".into();
        assert!(read_record(&f, &[], day("2026-12-05"), now()).unwrap().late_reason.is_some());
        let mut f = fields();
        (f.confirmation, f.satisfaction) = ("none".into(), String::new());
        assert_eq!(read_record(&f, &[], day("2026-12-06"), now()).unwrap_err()[0].field, "unconfirmed_reason");
        f.unconfirmed_reason = "老人午睡，家属不在".into();
        assert_eq!(read_record(&f, &[], day("2026-12-06"), now()).unwrap().satisfaction, None);
        let mut f = fields();
        f.satisfaction = "6".into();
        assert_eq!(read_record(&f, &[], day("2026-12-06"), now()).unwrap_err()[0].problem, Problem::StarsRange);
    }

    proptest! {
        #[test]
        fn no_input_panics(s in ".{0,40}", e in ".{0,40}", c in ".{0,12}", stars in ".{0,4}") {
            let f = RecordFields { started_at: s, ended_at: e, confirmation: c, satisfaction: stars, ..RecordFields::default() };
            let _ = read_record(&f, &[], day("2026-12-06"), now());
        }
    }
}
