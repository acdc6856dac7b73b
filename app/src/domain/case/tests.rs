use proptest::prelude::*;

use super::*;

fn facts(status: CaseStatus) -> CaseFacts {
    CaseFacts { status, programme: Some(Programme::Dibao), fast_track: false, events: vec![EventKind::Submitted, EventKind::Routed], accepted_by_viewer: false, assigned_to_viewer: false, sudden_event: true, appraisal_agreed: false, notice_may_end_on: None, today: Date::parse("2026-12-02").unwrap() }
}

#[test]
fn codes_round_trip() {
    for s in CaseStatus::ALL {
        assert_eq!(CaseStatus::from_code(s.code()), Some(s));
    }
    for k in EventKind::ALL {
        assert_eq!(EventKind::from_code(k.code()), Some(k));
    }
    for r in [AppraisalResult::Agree, AppraisalResult::Disagree] {
        assert_eq!(AppraisalResult::from_code(r.code()), Some(r));
    }
    assert_eq!(CaseStatus::from_code("done"), None);
}

#[test]
fn a_reviewer_accepts_a_submitted_case_and_then_verifies_it() {
    let submitted = allowed_actions(&facts(CaseStatus::Submitted), Role::Reviewer);
    assert!(submitted.contains(&Action::Accept));
    assert!(!submitted.contains(&Action::RecordVisit), "no visit before acceptance");
    let accepted = allowed_actions(&facts(CaseStatus::Accepted), Role::Reviewer);
    assert!(!accepted.contains(&Action::Accept), "accepted once");
    for a in [Action::RecordVisit, Action::RecordAppraisal, Action::StartNotice, Action::RequestInformation] {
        assert!(accepted.contains(&a), "{a:?}");
    }
    assert!(!accepted.contains(&Action::Approve), "reviewers do not decide");
}

#[test]
fn whoever_accepted_may_not_decide() {
    let mut f = facts(CaseStatus::Accepted);
    f.fast_track = true;
    f.appraisal_agreed = true;
    f.events.extend([EventKind::NoticeStarted, EventKind::NoticeEnded]);
    assert_eq!(check(Action::Approve, &f, Role::Approver), Ok(()));
    f.accepted_by_viewer = true;
    for a in [Action::Approve, Action::Reject, Action::ProvisionalApprove] {
        assert_eq!(check(a, &f, Role::Approver), Err(Refusal::SamePerson), "{a:?}");
    }
}

#[test]
fn the_notice_starts_once_ends_once_and_only_for_inclusions() {
    let mut f = facts(CaseStatus::Accepted);
    assert_eq!(check(Action::EndNotice, &f, Role::Reviewer), Err(Refusal::NotNow(Wait::NoticeNotStarted)));
    assert_eq!(check(Action::Approve, &f, Role::Approver), Err(Refusal::NotNow(Wait::NoticeNotEnded)), "an inclusion is decided after its notice");
    assert_eq!(check(Action::StartNotice, &f, Role::Reviewer), Ok(()));
    f.events.push(EventKind::NoticeStarted);
    assert_eq!(check(Action::StartNotice, &f, Role::Reviewer), Err(Refusal::NotNow(Wait::NoticeAlreadyStarted)));
    assert_eq!(check(Action::EndNotice, &f, Role::Reviewer), Ok(()));
    assert!(!allowed_actions(&f, Role::Approver).contains(&Action::Approve), "not offered while it runs");
    f.events.push(EventKind::NoticeEnded);
    assert_eq!(check(Action::EndNotice, &f, Role::Reviewer), Err(Refusal::NotNow(Wait::NoticeAlreadyEnded)));
    assert_eq!(check(Action::Approve, &f, Role::Approver), Ok(()));
    let temporary = CaseFacts { programme: Some(Programme::Temporary), ..facts(CaseStatus::Accepted) };
    assert_eq!(check(Action::StartNotice, &temporary, Role::Reviewer), Err(Refusal::NotNow(Wait::NoNoticeNeeded)));
    assert_eq!(check(Action::Approve, &temporary, Role::Approver), Ok(()), "temporary aid has no notice");
}

#[test]
fn rongque_is_offered_only_where_it_was_asked_for() {
    let mut f = facts(CaseStatus::Accepted);
    f.appraisal_agreed = true;
    assert_eq!(check(Action::ProvisionalApprove, &f, Role::Approver), Err(Refusal::NotNow(Wait::NoFastTrack)));
    f.fast_track = true;
    assert_eq!(check(Action::ProvisionalApprove, &f, Role::Approver), Ok(()));
    // 容缺 rests on the appraisal: no form before it has agreed.
    f.appraisal_agreed = false;
    assert_eq!(check(Action::ProvisionalApprove, &f, Role::Approver), Err(Refusal::NotNow(Wait::NoAgreeingAppraisal)));
    assert!(!allowed_actions(&f, Role::Approver).contains(&Action::ProvisionalApprove));
    let submitted = CaseFacts { fast_track: true, appraisal_agreed: true, ..facts(CaseStatus::Submitted) };
    assert_eq!(check(Action::ProvisionalApprove, &submitted, Role::Approver), Err(Refusal::NotNow(Wait::NotAccepted)));
    let provisional = CaseFacts { fast_track: true, ..facts(CaseStatus::ProvisionallyApproved) };
    assert_eq!(allowed_actions(&provisional, Role::Reviewer).contains(&Action::RecordVerification), true);
    assert_eq!(allowed_actions(&provisional, Role::Reviewer).contains(&Action::RecordPayment), true);
}

#[test]
fn emergency_help_is_paid_once_while_the_case_is_open() {
    let mut f = facts(CaseStatus::Submitted);
    assert_eq!(check(Action::EmergencyAid, &f, Role::Approver), Ok(()));
    f.events.push(EventKind::EmergencyAid);
    assert_eq!(check(Action::EmergencyAid, &f, Role::Approver), Err(Refusal::NotNow(Wait::EmergencyAlreadyPaid)));
    assert_eq!(check(Action::EmergencyAid, &facts(CaseStatus::Approved), Role::Approver), Err(Refusal::NotNow(Wait::Done)));
}

#[test]
fn a_decided_case_takes_no_more_verification_or_decision() {
    for s in [CaseStatus::Approved, CaseStatus::Rejected] {
        for role in Role::ALL {
            let allowed = allowed_actions(&facts(s), role);
            for a in [Action::Accept, Action::Approve, Action::Reject, Action::RecordVisit, Action::Transfer, Action::ProvisionalApprove] {
                assert!(!allowed.contains(&a), "{s:?} {role:?} {a:?}");
            }
        }
    }
}

fn any_status() -> impl Strategy<Value = CaseStatus> {
    proptest::sample::select(CaseStatus::ALL.to_vec())
}

fn any_role() -> impl Strategy<Value = Role> {
    proptest::sample::select(Role::ALL.to_vec())
}

fn any_facts() -> impl Strategy<Value = CaseFacts> {
    (
        any_status(),
        proptest::sample::select(vec![Programme::Temporary, Programme::Dibao, Programme::Tekun, Programme::DibaoEdge, Programme::ExpenseHardship]),
        any::<bool>(),
        proptest::collection::vec(proptest::sample::select(EventKind::ALL.to_vec()), 0..8),
        any::<bool>(),
        any::<bool>(),
        proptest::option::of(-10i64..10),
        (any::<bool>(), any::<bool>()),
    )
        .prop_map(|(status, programme, fast_track, events, accepted_by_viewer, assigned_to_viewer, notice_days_left, (sudden_event, appraisal_agreed))| {
            let today = Date::parse("2026-12-02").unwrap();
            CaseFacts {
                status,
                programme: Some(programme),
                fast_track,
                events,
                accepted_by_viewer,
                assigned_to_viewer,
                sudden_event,
                appraisal_agreed,
                notice_may_end_on: notice_days_left.map(|n| today.plus_days(n)),
                today,
            }
        })
}

proptest! {
    /// The page's offer and the service's check are one rule.
    #[test]
    fn what_is_offered_is_exactly_what_is_accepted(f in any_facts(), role in any_role()) {
        let offered = allowed_actions(&f, role);
        for a in Action::ON_A_CASE {
            prop_assert_eq!(offered.contains(&a), check(a, &f, role).is_ok());
        }
    }

    /// Nothing is ever offered that the role's permissions do not include.
    #[test]
    fn no_action_beyond_the_role(f in any_facts(), role in any_role()) {
        for a in allowed_actions(&f, role) {
            prop_assert!(allows(role, a), "{:?} {:?}", role, a);
        }
        if role == Role::Admin || role == Role::DistrictOfficer {
            prop_assert!(allowed_actions(&f, role).is_empty());
        }
    }
}

#[test]
fn a_public_notice_ends_only_after_its_days() {
    let started = CaseFacts { events: vec![EventKind::Submitted, EventKind::Routed, EventKind::Accepted, EventKind::NoticeStarted], notice_may_end_on: Some(Date::parse("2026-12-09").unwrap()), ..facts(CaseStatus::Accepted) };
    let until = Date::parse("2026-12-09").unwrap();
    assert_eq!(check(Action::EndNotice, &started, Role::Reviewer), Err(Refusal::NoticeRunsUntil(until)));
    assert!(!allowed_actions(&started, Role::Reviewer).contains(&Action::EndNotice), "not offered while it runs");
    let last_day = CaseFacts { today: Date::parse("2026-12-08").unwrap(), ..started.clone() };
    assert_eq!(check(Action::EndNotice, &last_day, Role::Reviewer), Err(Refusal::NoticeRunsUntil(until)));
    let done = CaseFacts { today: until, ..started };
    assert_eq!(check(Action::EndNotice, &done, Role::Reviewer), Ok(()));
}

#[test]
fn emergency_help_needs_a_sudden_event() {
    let f = CaseFacts { sudden_event: false, ..facts(CaseStatus::Accepted) };
    assert_eq!(check(Action::EmergencyAid, &f, Role::Approver), Err(Refusal::NotNow(Wait::NoSuddenEvent)));
    assert!(!allowed_actions(&f, Role::Approver).contains(&Action::EmergencyAid));
}

#[test]
fn a_case_that_is_done_is_not_taken_or_transferred() {
    for s in [CaseStatus::Approved, CaseStatus::Rejected, CaseStatus::Stopped, CaseStatus::Cancelled] {
        for role in Role::ALL {
            let allowed = allowed_actions(&facts(s), role);
            assert!(!allowed.contains(&Action::AssignToSelf), "{s:?} {role:?}");
            assert!(!allowed.contains(&Action::Transfer), "{s:?} {role:?}");
        }
    }
    assert!(allowed_actions(&facts(CaseStatus::ProvisionallyApproved), Role::Reviewer).contains(&Action::AssignToSelf), "the follow-up check is still work");
}

#[test]
fn each_stage_has_its_own_clock() {
    let submitted = facts(CaseStatus::Submitted);
    assert_eq!(submitted.clock(), Some(Clock::Accept));
    assert_eq!(facts(CaseStatus::MoreInfo).clock(), Some(Clock::Accept));
    let accepted = submitted.after(CaseStatus::Accepted, EventKind::Accepted);
    assert_eq!(accepted.clock(), Some(Clock::Verify));
    assert_eq!(clock_change(&submitted, &accepted), Some(Some(Clock::Verify)));
    let visited = accepted.after(CaseStatus::Accepted, EventKind::Visit);
    assert_eq!(clock_change(&accepted, &visited), None, "the verification clock goes on");
    let appraised = visited.after(CaseStatus::Accepted, EventKind::Appraisal);
    assert_eq!(appraised.clock(), Some(Clock::Verify), "an inclusion is verified only once its notice has ended");
    let noticed = appraised.after(CaseStatus::Accepted, EventKind::NoticeStarted).after(CaseStatus::Accepted, EventKind::NoticeEnded);
    assert_eq!(noticed.clock(), Some(Clock::Decide));
    let temporary = CaseFacts { programme: Some(Programme::Temporary), ..appraised.clone() };
    assert_eq!(temporary.clock(), Some(Clock::Decide), "temporary aid has no notice");
    let approved = noticed.after(CaseStatus::Approved, EventKind::Approved);
    assert_eq!(clock_change(&noticed, &approved), Some(None), "a decided case has no clock");
    let provisional = appraised.after(CaseStatus::ProvisionallyApproved, EventKind::ProvisionallyApproved);
    assert_eq!(provisional.clock(), Some(Clock::FollowUp));
    let asked = accepted.after(CaseStatus::MoreInfo, EventKind::InfoRequested);
    let answered = asked.after(CaseStatus::Submitted, EventKind::InfoProvided);
    assert_eq!(clock_change(&asked, &answered), None, "answering a request does not restart acceptance");
    for c in Clock::ALL {
        assert_eq!(Clock::from_code(c.code()), Some(c));
    }
    assert_eq!(Clock::from_code("someday"), None);
}

proptest! {
    /// A clock runs exactly while the office still works on the case.
    #[test]
    fn a_clock_runs_while_the_case_is_in_progress(f in any_facts()) {
        prop_assert_eq!(f.clock().is_some(), f.status.in_progress());
    }
}

#[test]
fn state_errors_say_what_must_happen_first() {
    use crate::domain::request::Problem;
    use crate::i18n::Lang;
    let told = |a: Action, f: &CaseFacts, role: Role| match check(a, f, role) {
        Err(Refusal::NotNow(wait)) => Problem::NotNow { wait, action: a }.text(Lang::ZhCn),
        other => format!("{other:?}"),
    };
    assert_eq!(told(Action::Approve, &facts(CaseStatus::Submitted), Role::Approver), "尚未受理，不能批准：请先受理。");
    assert_eq!(told(Action::RecordVerification, &facts(CaseStatus::Accepted), Role::Reviewer), "尚未容缺审批，不能录入核对结果。");
    let checked = CaseFacts { events: vec![EventKind::Verified], ..facts(CaseStatus::Stopped) };
    assert_eq!(told(Action::RecordVerification, &checked, Role::Reviewer), "核对结果已经录入过了。");
    assert_eq!(told(Action::RecordPayment, &facts(CaseStatus::Cancelled), Role::Reviewer), "没有正在发放的救助（尚未批准，或已停发、撤销），不能登记发放。");
    let en = Problem::NotNow { wait: Wait::NotAccepted, action: Action::Approve }.text(Lang::En);
    assert_eq!(en, "Not accepted yet, so you cannot approve: accept it first.");
}

proptest! {
    /// Every refusal in the case's state is told in words, with the action named and no
    /// placeholder left.
    #[test]
    fn every_state_refusal_is_told(f in any_facts(), role in any_role(), en in any::<bool>()) {
        use crate::domain::request::Problem;
        let lang = if en { crate::i18n::Lang::En } else { crate::i18n::Lang::ZhCn };
        for a in Action::ON_A_CASE {
            if let Err(Refusal::NotNow(wait)) = check(a, &f, role) {
                let text = Problem::NotNow { wait, action: a }.text(lang);
                prop_assert!(!text.contains('{') && !text.is_empty(), "{}", text);
            }
        }
    }
}
