//! 转介 (#15 item 7): what a visit noticed becomes work in the community's queue, never a
//! loose note — a proactive case in the usual flow, a repair project (微改造: requested →
//! approved → done, with before/after photos and its cost), or a change to the plan.

use serde::{Deserialize, Serialize};

use crate::domain::request::{FieldError, Problem};
use crate::domain::text::Note;
use crate::i18n::Msg;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralKind {
    /// 主动发现: register a case for the person in the existing flow.
    ProactiveCase,
    /// 微改造: a small repair at home (grab rails, wiring, a gas hose…).
    Repair,
    /// The plan should change (more, less or other help).
    PlanChange,
}

impl ReferralKind {
    pub const ALL: [ReferralKind; 3] = [ReferralKind::ProactiveCase, ReferralKind::Repair, ReferralKind::PlanChange];

    pub const fn code(self) -> &'static str {
        match self {
            ReferralKind::ProactiveCase => "case",
            ReferralKind::Repair => "repair",
            ReferralKind::PlanChange => "plan_change",
        }
    }

    pub fn from_code(code: &str) -> Option<ReferralKind> {
        ReferralKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub const fn label(self) -> Msg {
        match self {
            ReferralKind::ProactiveCase => Msg::ReferralCase,
            ReferralKind::Repair => Msg::ReferralRepair,
            ReferralKind::PlanChange => Msg::ReferralPlanChange,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralStatus {
    Open,
    /// A repair approved by the subdistrict, to be done.
    Approved,
    Done,
    Declined,
}

impl ReferralStatus {
    pub const fn code(self) -> &'static str {
        match self {
            ReferralStatus::Open => "open",
            ReferralStatus::Approved => "approved",
            ReferralStatus::Done => "done",
            ReferralStatus::Declined => "declined",
        }
    }

    pub fn from_code(code: &str) -> Option<ReferralStatus> {
        [ReferralStatus::Open, ReferralStatus::Approved, ReferralStatus::Done, ReferralStatus::Declined].into_iter().find(|s| s.code() == code)
    }

    pub const fn label(self) -> Msg {
        match self {
            ReferralStatus::Open => Msg::ReferralOpen,
            ReferralStatus::Approved => Msg::ReferralApproved,
            ReferralStatus::Done => Msg::ReferralDone,
            ReferralStatus::Declined => Msg::ReferralDeclined,
        }
    }
}

/// What may be done to a referral.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// A proactive case registered from it.
    RegisterCase,
    /// A repair approved (the subdistrict's decision).
    Approve,
    /// A repair done (with its cost), or a plan change made.
    Complete,
    Decline,
}

/// The status a step leads to, or why not now: a repair is approved before it is done; a
/// case is registered only from a case referral; nothing moves once done or declined.
pub fn next(kind: ReferralKind, status: ReferralStatus, step: Step) -> Result<ReferralStatus, Problem> {
    use ReferralStatus::*;
    match (kind, status, step) {
        (_, Done | Declined, _) => Err(Problem::ReferralClosed),
        (_, _, Step::Decline) => Ok(Declined),
        (ReferralKind::ProactiveCase, Open, Step::RegisterCase) => Ok(Done),
        (ReferralKind::Repair, Open, Step::Approve) => Ok(Approved),
        (ReferralKind::Repair, Approved, Step::Complete) => Ok(Done),
        (ReferralKind::PlanChange, Open, Step::Complete) => Ok(Done),
        _ => Err(Problem::ReferralWrongStep),
    }
}

/// A repair's photo: of the home as found, or of the work done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhotoStage {
    Before,
    After,
}

impl PhotoStage {
    pub const fn code(self) -> &'static str {
        match self {
            PhotoStage::Before => "before",
            PhotoStage::After => "after",
        }
    }

    pub fn from_code(code: &str) -> Option<PhotoStage> {
        [PhotoStage::Before, PhotoStage::After].into_iter().find(|s| s.code() == code)
    }

    pub const fn label(self) -> Msg {
        match self {
            PhotoStage::Before => Msg::RepairPhotoBefore,
            PhotoStage::After => Msg::RepairPhotoAfter,
        }
    }
}

/// Whether a "before" photo may be added now: to a repair not yet closed. An "after" photo
/// comes only with the repair's completion (`completion_photos`).
pub fn before_photo_allowed(kind: ReferralKind, status: ReferralStatus) -> Result<(), Problem> {
    match (kind, status) {
        (ReferralKind::Repair, ReferralStatus::Open | ReferralStatus::Approved) => Ok(()),
        (ReferralKind::Repair, _) => Err(Problem::ReferralClosed),
        _ => Err(Problem::ReferralWrongStep),
    }
}

/// A repair is done with both pictures: the home as found (taken earlier, or sent now) and
/// the work done (sent with the completion). Each missing one is named on its field.
pub fn completion_photos(befores: usize, before_sent: bool, after_sent: bool) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    if befores == 0 && !before_sent {
        errors.push(FieldError { field: "before".into(), problem: Problem::RepairBeforePhoto });
    }
    if !after_sent {
        errors.push(FieldError { field: "after".into(), problem: Problem::RepairAfterPhoto });
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// The referral part of a visit record: none when no kind is chosen; a kind needs its note.
pub fn read_referral(kind: &str, note: &str) -> Result<Option<(ReferralKind, Note)>, Vec<FieldError>> {
    if kind.trim().is_empty() {
        return Ok(None);
    }
    let mut errors = Vec::new();
    let kind = ReferralKind::from_code(kind.trim());
    if kind.is_none() {
        errors.push(FieldError { field: "referral_kind".into(), problem: Problem::Required });
    }
    let note = crate::domain::text::required::<500>("referral_note", note, &mut errors);
    match (kind, note) {
        (Some(kind), Some(note)) if errors.is_empty() => Ok(Some((kind, note))),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repair_is_done_with_a_picture_before_and_one_after() {
        assert_eq!(completion_photos(1, false, true), Ok(()));
        assert_eq!(completion_photos(0, true, true), Ok(()));
        let fields = |r: Result<(), Vec<FieldError>>| r.unwrap_err().into_iter().map(|e| (e.field, e.problem)).collect::<Vec<_>>();
        assert_eq!(fields(completion_photos(0, false, false)), [("before".to_string(), Problem::RepairBeforePhoto), ("after".to_string(), Problem::RepairAfterPhoto)]);
        assert_eq!(fields(completion_photos(2, false, false)), [("after".to_string(), Problem::RepairAfterPhoto)]);
        assert_eq!(before_photo_allowed(ReferralKind::Repair, ReferralStatus::Approved), Ok(()));
        assert_eq!(before_photo_allowed(ReferralKind::Repair, ReferralStatus::Done), Err(Problem::ReferralClosed));
        assert_eq!(before_photo_allowed(ReferralKind::PlanChange, ReferralStatus::Open), Err(Problem::ReferralWrongStep));
        assert_eq!(PhotoStage::from_code("after"), Some(PhotoStage::After));
        assert_eq!(PhotoStage::from_code("during"), None);
    }

    #[test]
    fn a_repair_is_approved_before_it_is_done_and_nothing_moves_once_closed() {
        use ReferralKind::*;
        use ReferralStatus::*;
        assert_eq!(next(Repair, Open, Step::Approve), Ok(Approved));
        assert_eq!(next(Repair, Open, Step::Complete), Err(Problem::ReferralWrongStep));
        assert_eq!(next(Repair, Approved, Step::Complete), Ok(Done));
        assert_eq!(next(ProactiveCase, Open, Step::RegisterCase), Ok(Done));
        assert_eq!(next(PlanChange, Open, Step::RegisterCase), Err(Problem::ReferralWrongStep));
        for kind in ReferralKind::ALL {
            assert_eq!(next(kind, Open, Step::Decline), Ok(Declined));
            for step in [Step::RegisterCase, Step::Approve, Step::Complete, Step::Decline] {
                assert_eq!(next(kind, Done, step), Err(Problem::ReferralClosed));
                assert_eq!(next(kind, Declined, step), Err(Problem::ReferralClosed));
            }
        }
    }

    #[test]
    fn a_referral_needs_a_kind_and_what_was_noticed() {
        assert_eq!(read_referral("", "").unwrap(), None);
        let (kind, note) = read_referral("repair", "卫生间没有扶手").unwrap().unwrap();
        assert_eq!((kind, note.as_str()), (ReferralKind::Repair, "卫生间没有扶手"));
        assert_eq!(read_referral("repair", " ").unwrap_err()[0].field, "referral_note");
        assert_eq!(read_referral("party", "x").unwrap_err()[0].field, "referral_kind");
    }
}
