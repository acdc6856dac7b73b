//! A case's lifecycle: the states an application passes through once submitted, the events
//! that make up its history, and the one rule of which action (`staff::Action`) may be
//! taken when. The staff case page offers exactly what `allowed_actions` returns, and the
//! service that carries an action out refuses anything `check` refuses: the two can never
//! disagree.

pub mod arrival;
pub mod history;
pub mod outcome;
pub mod payment;

use serde::{Deserialize, Serialize};

use crate::domain::date::Date;
use crate::domain::params::ParamName;
use crate::i18n::Msg;
use crate::domain::programme::Programme;
use crate::domain::staff::{allows, Action, Role};

/// Where a case stands. Stored as its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CaseStatus {
    /// Submitted (or registered by staff), waiting to be accepted.
    Submitted,
    /// The office asked for more information (补正); back to `Submitted` when all is answered.
    MoreInfo,
    /// Accepted: verification (home visit, appraisal, notice) under way.
    Accepted,
    /// 容缺审批: approved ahead of the economic check, which is due by a date.
    ProvisionallyApproved,
    Approved,
    Rejected,
    /// 容缺 follow-up check failed without false information: help stops.
    Stopped,
    /// 容缺 follow-up check found false information: cancelled, everything recovered.
    Cancelled,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 8] = [
        CaseStatus::Submitted,
        CaseStatus::MoreInfo,
        CaseStatus::Accepted,
        CaseStatus::ProvisionallyApproved,
        CaseStatus::Approved,
        CaseStatus::Rejected,
        CaseStatus::Stopped,
        CaseStatus::Cancelled,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            CaseStatus::Submitted => "submitted",
            CaseStatus::MoreInfo => "more_info",
            CaseStatus::Accepted => "accepted",
            CaseStatus::ProvisionallyApproved => "provisionally_approved",
            CaseStatus::Approved => "approved",
            CaseStatus::Rejected => "rejected",
            CaseStatus::Stopped => "stopped",
            CaseStatus::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<CaseStatus> {
        CaseStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The state's name, the same for the person and for staff.
    pub const fn label(self) -> Msg {
        match self {
            CaseStatus::Submitted => Msg::StatusSubmitted,
            CaseStatus::MoreInfo => Msg::StatusMoreInfo,
            CaseStatus::Accepted => Msg::StatusAccepted,
            CaseStatus::ProvisionallyApproved => Msg::StatusProvisionallyApproved,
            CaseStatus::Approved => Msg::StatusApproved,
            CaseStatus::Rejected => Msg::StatusRejected,
            CaseStatus::Stopped => Msg::StatusStopped,
            CaseStatus::Cancelled => Msg::StatusCancelled,
        }
    }

    /// Not yet decided: the office still has work to do before a decision.
    pub fn is_open(self) -> bool {
        matches!(self, CaseStatus::Submitted | CaseStatus::MoreInfo | CaseStatus::Accepted)
    }

    /// Waiting to be accepted: the accept-by clock runs.
    pub fn awaits_acceptance(self) -> bool {
        matches!(self, CaseStatus::Submitted | CaseStatus::MoreInfo)
    }

    /// Money may be paid on it.
    pub fn pays(self) -> bool {
        matches!(self, CaseStatus::Approved | CaseStatus::ProvisionallyApproved)
    }

    /// The office still works on it: open, or approved ahead of its follow-up check. A case
    /// in any other state is done (办结) and leaves the queue's default view.
    pub fn in_progress(self) -> bool {
        self.is_open() || self == CaseStatus::ProvisionallyApproved
    }
}

/// What happened to a case: one entry of its history. Stored as its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EventKind {
    Submitted,
    /// 主动发现: registered by staff for a resident.
    Registered,
    Routed,
    InfoRequested,
    InfoProvided,
    Accepted,
    Assigned,
    Visit,
    Appraisal,
    Transferred,
    NoticeStarted,
    NoticeEnded,
    EmergencyAid,
    ProvisionallyApproved,
    Paid,
    Verified,
    Approved,
    Rejected,
    /// The person said a payment did not come, or only in part.
    ArrivalReported,
}

impl EventKind {
    pub const ALL: [EventKind; 19] = [
        EventKind::Submitted,
        EventKind::Registered,
        EventKind::Routed,
        EventKind::InfoRequested,
        EventKind::InfoProvided,
        EventKind::Accepted,
        EventKind::Assigned,
        EventKind::Visit,
        EventKind::Appraisal,
        EventKind::Transferred,
        EventKind::NoticeStarted,
        EventKind::NoticeEnded,
        EventKind::EmergencyAid,
        EventKind::ProvisionallyApproved,
        EventKind::Paid,
        EventKind::Verified,
        EventKind::Approved,
        EventKind::Rejected,
        EventKind::ArrivalReported,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            EventKind::Submitted => "submitted",
            EventKind::Registered => "registered",
            EventKind::Routed => "routed",
            EventKind::InfoRequested => "info_requested",
            EventKind::InfoProvided => "info_provided",
            EventKind::Accepted => "accepted",
            EventKind::Assigned => "assigned",
            EventKind::Visit => "visit",
            EventKind::Appraisal => "appraisal",
            EventKind::Transferred => "transferred",
            EventKind::NoticeStarted => "notice_started",
            EventKind::NoticeEnded => "notice_ended",
            EventKind::EmergencyAid => "emergency_aid",
            EventKind::ProvisionallyApproved => "provisionally_approved",
            EventKind::Paid => "paid",
            EventKind::Verified => "verified",
            EventKind::Approved => "approved",
            EventKind::Rejected => "rejected",
            EventKind::ArrivalReported => "arrival_reported",
        }
    }

    pub fn from_code(code: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// What was found in the home and said at the appraisal is for staff; the applicant
    /// sees that the step happened.
    pub fn detail_is_staff_only(self) -> bool {
        matches!(self, EventKind::Visit | EventKind::Appraisal)
    }
}

/// The democratic appraisal's (民主评议) result, kept as data beside the case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AppraisalResult {
    Agree,
    Disagree,
}

impl AppraisalResult {
    pub const fn code(self) -> &'static str {
        match self {
            AppraisalResult::Agree => "agree",
            AppraisalResult::Disagree => "disagree",
        }
    }

    pub fn from_code(code: &str) -> Option<AppraisalResult> {
        [AppraisalResult::Agree, AppraisalResult::Disagree].into_iter().find(|r| r.code() == code)
    }

    /// The result in words.
    pub const fn label(self) -> Msg {
        match self {
            AppraisalResult::Agree => Msg::StaffAgree,
            AppraisalResult::Disagree => Msg::StaffDisagree,
        }
    }
}

/// The 容缺 follow-up check's outcome (跟踪核对, POLICY.md §3.2), kept beside the case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Verification {
    /// Meets the standard: help goes on.
    Meets,
    /// Does not, and no false information was given: help stops from the next payment.
    Fails,
    /// Does not, and false information was given: cancelled, recovered, credit record.
    FalseInfo,
}

impl Verification {
    pub const ALL: [Verification; 3] = [Verification::Meets, Verification::Fails, Verification::FalseInfo];

    pub const fn code(self) -> &'static str {
        match self {
            Verification::Meets => "meets",
            Verification::Fails => "fails",
            Verification::FalseInfo => "false_info",
        }
    }

    pub fn from_code(code: &str) -> Option<Verification> {
        Verification::ALL.into_iter().find(|v| v.code() == code)
    }

    /// The outcome as staff choose it.
    pub const fn label(self) -> Msg {
        match self {
            Verification::Meets => Msg::StaffVerifyMeets,
            Verification::Fails => Msg::StaffVerifyFails,
            Verification::FalseInfo => Msg::StaffVerifyFalse,
        }
    }

    /// The outcome as the person is told it.
    pub const fn citizen_label(self) -> Msg {
        match self {
            Verification::Meets => Msg::OutcomeMeets,
            Verification::Fails => Msg::OutcomeFails,
            Verification::FalseInfo => Msg::OutcomeFalseInfo,
        }
    }

    /// The state the case is left in.
    pub const fn status(self) -> CaseStatus {
        match self {
            Verification::Meets => CaseStatus::Approved,
            Verification::Fails => CaseStatus::Stopped,
            Verification::FalseInfo => CaseStatus::Cancelled,
        }
    }
}

/// A decision by its stored kind (`approved`, `provisional` for 容缺, `rejected`), as made.
pub fn decision_label(kind: &str) -> Msg {
    match kind {
        "approved" => Msg::DecisionApproved,
        "provisional" => Msg::DecisionProvisional,
        "rejected" => Msg::DecisionRejected,
        _ => Msg::StatusInProgress,
    }
}

/// What the rule needs to know of a case and of the staff member looking at it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseFacts {
    pub status: CaseStatus,
    pub programme: Option<Programme>,
    /// 容缺 was asked for and offered at submission.
    pub fast_track: bool,
    /// The kinds of event in its history so far.
    pub events: Vec<EventKind>,
    /// The staff member looking is the one who accepted it (and so may not decide it).
    pub accepted_by_viewer: bool,
    pub assigned_to_viewer: bool,
    /// The application names a sudden event (突发事件): what 先行救助 is paid for.
    pub sudden_event: bool,
    /// The democratic appraisal is on record and agreed: what 容缺 rests on.
    pub appraisal_agreed: bool,
    /// Once a public notice has started: the first day it may end (its start plus the
    /// area's minimum days), and today, both in China.
    pub notice_may_end_on: Option<Date>,
    pub today: Date,
}

impl CaseFacts {
    fn has(&self, kind: EventKind) -> bool {
        self.events.contains(&kind)
    }

    /// Inclusion in a standing programme is made public first (公示); temporary aid is not.
    pub fn needs_notice(&self) -> bool {
        self.programme.is_some_and(|p| p.is_inclusion())
    }
}

/// Why an action cannot be taken now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The role does not take this action at all.
    NotYourRole,
    /// The person who accepted the case cannot also decide it (four eyes).
    SamePerson,
    /// Not in the case's present state: what must happen first, or what already has.
    NotNow(Wait),
    /// The public notice has not lasted its days yet: it may end on this day.
    NoticeRunsUntil(Date),
}

/// Why an action cannot be taken in the case's present state, as staff are told it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Wait {
    NotAccepted,
    AlreadyAccepted,
    /// 补正 asked for: the applicant answers first.
    AwaitingInformation,
    /// Decided, or otherwise done (办结).
    Done,
    AlreadyYours,
    /// 容缺 was not asked for and offered at submission.
    NoFastTrack,
    /// 容缺 rests on the democratic appraisal: it must have agreed.
    NoAgreeingAppraisal,
    /// An inclusion is decided after its public notice has ended.
    NoticeNotEnded,
    NoNoticeNeeded,
    NoticeAlreadyStarted,
    NoticeNotStarted,
    NoticeAlreadyEnded,
    NoSuddenEvent,
    EmergencyAlreadyPaid,
    /// No decision that pays (not yet approved, refused, stopped or cancelled).
    NotPaying,
    NotProvisional,
    AlreadyVerified,
}

impl Wait {
    /// The sentence, with `{n}` for the action's name.
    pub const fn message(self) -> Msg {
        match self {
            Wait::NotAccepted => Msg::WaitNotAccepted,
            Wait::AlreadyAccepted => Msg::WaitAlreadyAccepted,
            Wait::AwaitingInformation => Msg::WaitAwaitingInformation,
            Wait::Done => Msg::WaitDone,
            Wait::AlreadyYours => Msg::WaitAlreadyYours,
            Wait::NoFastTrack => Msg::WaitNoFastTrack,
            Wait::NoAgreeingAppraisal => Msg::WaitNoAgreeingAppraisal,
            Wait::NoticeNotEnded => Msg::WaitNoticeNotEnded,
            Wait::NoNoticeNeeded => Msg::WaitNoNoticeNeeded,
            Wait::NoticeAlreadyStarted => Msg::WaitNoticeAlreadyStarted,
            Wait::NoticeNotStarted => Msg::WaitNoticeNotStarted,
            Wait::NoticeAlreadyEnded => Msg::WaitNoticeAlreadyEnded,
            Wait::NoSuddenEvent => Msg::WaitNoSuddenEvent,
            Wait::EmergencyAlreadyPaid => Msg::WaitEmergencyAlreadyPaid,
            Wait::NotPaying => Msg::WaitNotPaying,
            Wait::NotProvisional => Msg::WaitNotProvisional,
            Wait::AlreadyVerified => Msg::WaitAlreadyVerified,
        }
    }
}

/// Whether the case's state lets `action` be taken; if not, why.
fn state_allows(action: Action, facts: &CaseFacts) -> Result<(), Wait> {
    use Action::*;
    use CaseStatus as S;
    let s = facts.status;
    let need = |ok: bool, wait: Wait| if ok { Ok(()) } else { Err(wait) };
    // Done, or not yet accepted, for the actions that need an accepted case.
    let accepted = || match s {
        S::Accepted => Ok(()),
        S::Submitted | S::MoreInfo => Err(Wait::NotAccepted),
        _ => Err(Wait::Done),
    };
    match action {
        AssignToSelf => need(s.in_progress(), Wait::Done).and(need(!facts.assigned_to_viewer, Wait::AlreadyYours)),
        Accept => match s {
            S::Submitted => Ok(()),
            S::MoreInfo => Err(Wait::AwaitingInformation),
            S::Accepted => Err(Wait::AlreadyAccepted),
            _ => Err(Wait::Done),
        },
        RequestInformation => match s {
            S::Submitted | S::Accepted => Ok(()),
            S::MoreInfo => Err(Wait::AwaitingInformation),
            _ => Err(Wait::Done),
        },
        RecordVisit | RecordAppraisal | Reject => accepted(),
        Approve => accepted().and(need(!facts.needs_notice() || facts.has(EventKind::NoticeEnded), Wait::NoticeNotEnded)),
        ProvisionalApprove => accepted().and(need(facts.fast_track, Wait::NoFastTrack)).and(need(facts.appraisal_agreed, Wait::NoAgreeingAppraisal)),
        Transfer => need(s.is_open(), Wait::Done),
        StartNotice => accepted()
            .and(need(facts.needs_notice(), Wait::NoNoticeNeeded))
            .and(need(!facts.has(EventKind::NoticeStarted), Wait::NoticeAlreadyStarted)),
        EndNotice => need(facts.has(EventKind::NoticeStarted), Wait::NoticeNotStarted).and(need(!facts.has(EventKind::NoticeEnded), Wait::NoticeAlreadyEnded)),
        EmergencyAid => need(s.is_open(), Wait::Done)
            .and(need(facts.sudden_event, Wait::NoSuddenEvent))
            .and(need(!facts.has(EventKind::EmergencyAid), Wait::EmergencyAlreadyPaid)),
        RecordPayment => need(s.pays(), Wait::NotPaying),
        RecordVerification => match s {
            S::ProvisionallyApproved => Ok(()),
            _ if facts.has(EventKind::Verified) => Err(Wait::AlreadyVerified),
            _ => Err(Wait::NotProvisional),
        },
        // Not done to one case: never offered on the case page.
        ViewCase | ViewDistrict | RegisterCase | ManageStaff | ManageParameters | ManageOffices | ManagePledgeTexts | ViewWarnings | HandleWarnings | ManageRegister | ProposeReview | DecideReview | ManageCatalogue | ManageProviders | AssessNeeds | PlanServices | DeliverVisits | SuperviseServices | ApproveRepairs => Err(Wait::Done),
    }
}

/// Whether `role` may take `action` on the case as it stands. Scope (the case's area) is
/// checked by the caller before the case is even shown.
pub fn check(action: Action, facts: &CaseFacts, role: Role) -> Result<(), Refusal> {
    use Action::*;
    if !allows(role, action) {
        return Err(Refusal::NotYourRole);
    }
    state_allows(action, facts).map_err(Refusal::NotNow)?;
    if action == EndNotice {
        if let Some(day) = facts.notice_may_end_on.filter(|d| facts.today < *d) {
            return Err(Refusal::NoticeRunsUntil(day));
        }
    }
    if matches!(action, Approve | Reject | ProvisionalApprove) && facts.accepted_by_viewer {
        return Err(Refusal::SamePerson);
    }
    Ok(())
}

/// The actions `role` may take on the case now, in the order the case page lists them.
pub fn allowed_actions(facts: &CaseFacts, role: Role) -> Vec<Action> {
    Action::ON_A_CASE.into_iter().filter(|a| check(*a, facts, role).is_ok()).collect()
}

/// The deadline that runs for a case: each stage of the work has its own time limit (a
/// parameter of the area), and a case that is done has none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Clock {
    /// 受理, or a one-off request for what is missing, by the accept-by date.
    Accept,
    /// 入户核查, 民主评议 and, for an inclusion, 公示.
    Verify,
    /// The decision, once verification is complete.
    Decide,
    /// 容缺: the economic check after a provisional approval.
    FollowUp,
}

impl Clock {
    pub const ALL: [Clock; 4] = [Clock::Accept, Clock::Verify, Clock::Decide, Clock::FollowUp];

    pub const fn code(self) -> &'static str {
        match self {
            Clock::Accept => "accept",
            Clock::Verify => "verify",
            Clock::Decide => "decide",
            Clock::FollowUp => "follow_up",
        }
    }

    pub fn from_code(code: &str) -> Option<Clock> {
        Clock::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The parameter that says how many days this stage may take.
    pub const fn limit(self) -> ParamName {
        match self {
            Clock::Accept => ParamName::AcceptWithinDays,
            Clock::Verify => ParamName::VerifyWithinDays,
            Clock::Decide => ParamName::DecideWithinDays,
            Clock::FollowUp => ParamName::RongqueFollowUpDays,
        }
    }
}

impl CaseFacts {
    /// Verification is complete: the home visit and the appraisal are on record and, for an
    /// inclusion, the public notice has ended.
    pub fn verified(&self) -> bool {
        self.has(EventKind::Visit) && self.has(EventKind::Appraisal) && (!self.needs_notice() || self.has(EventKind::NoticeEnded))
    }

    /// The deadline running now.
    pub fn clock(&self) -> Option<Clock> {
        match self.status {
            CaseStatus::Submitted | CaseStatus::MoreInfo => Some(Clock::Accept),
            CaseStatus::Accepted if self.verified() => Some(Clock::Decide),
            CaseStatus::Accepted => Some(Clock::Verify),
            CaseStatus::ProvisionallyApproved => Some(Clock::FollowUp),
            _ => None,
        }
    }

    /// The case as it will stand once an action has moved it to `status` with an event of
    /// `kind`.
    pub fn after(&self, status: CaseStatus, kind: EventKind) -> CaseFacts {
        let mut next = self.clone();
        next.status = status;
        next.events.push(kind);
        next
    }
}

/// Whether an action starts a new deadline: `Some(new)` when the stage changes (`None`
/// means the case is done), nothing while the running clock goes on: asking for more before
/// acceptance, and the answer, leave the accept-by date as it was.
pub fn clock_change(before: &CaseFacts, after: &CaseFacts) -> Option<Option<Clock>> {
    let (old, new) = (before.clock(), after.clock());
    (old != new).then_some(new)
}

#[cfg(test)]
mod tests;
