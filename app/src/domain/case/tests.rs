use proptest::prelude::*;

use super::*;

fn facts(status: CaseStatus) -> CaseFacts {
    CaseFacts { status, programme: Some(Programme::Dibao), fast_track: false, events: vec![EventKind::Submitted, EventKind::Routed], accepted_by_viewer: false, assigned_to_viewer: false, notice_may_end_on: None, today: Date::parse("2026-12-02").unwrap() }
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
    assert_eq!(check(Action::Approve, &f, Role::Approver), Ok(()));
    f.accepted_by_viewer = true;
    for a in [Action::Approve, Action::Reject, Action::ProvisionalApprove] {
        assert_eq!(check(a, &f, Role::Approver), Err(Refusal::SamePerson), "{a:?}");
    }
}

#[test]
fn the_notice_starts_once_ends_once_and_only_for_inclusions() {
    let mut f = facts(CaseStatus::Accepted);
    assert_eq!(check(Action::EndNotice, &f, Role::Reviewer), Err(Refusal::NotNow));
    assert_eq!(check(Action::StartNotice, &f, Role::Reviewer), Ok(()));
    f.events.push(EventKind::NoticeStarted);
    assert_eq!(check(Action::StartNotice, &f, Role::Reviewer), Err(Refusal::NotNow));
    assert_eq!(check(Action::EndNotice, &f, Role::Reviewer), Ok(()));
    f.events.push(EventKind::NoticeEnded);
    assert_eq!(check(Action::EndNotice, &f, Role::Reviewer), Err(Refusal::NotNow));
    let temporary = CaseFacts { programme: Some(Programme::Temporary), ..facts(CaseStatus::Accepted) };
    assert_eq!(check(Action::StartNotice, &temporary, Role::Reviewer), Err(Refusal::NotNow));
}

#[test]
fn rongque_is_offered_only_where_it_was_asked_for() {
    let mut f = facts(CaseStatus::Accepted);
    assert_eq!(check(Action::ProvisionalApprove, &f, Role::Approver), Err(Refusal::NotNow));
    f.fast_track = true;
    assert_eq!(check(Action::ProvisionalApprove, &f, Role::Approver), Ok(()));
    let provisional = CaseFacts { fast_track: true, ..facts(CaseStatus::ProvisionallyApproved) };
    assert_eq!(allowed_actions(&provisional, Role::Reviewer).contains(&Action::RecordVerification), true);
    assert_eq!(allowed_actions(&provisional, Role::Reviewer).contains(&Action::RecordPayment), true);
}

#[test]
fn emergency_help_is_paid_once_while_the_case_is_open() {
    let mut f = facts(CaseStatus::Submitted);
    assert_eq!(check(Action::EmergencyAid, &f, Role::Approver), Ok(()));
    f.events.push(EventKind::EmergencyAid);
    assert_eq!(check(Action::EmergencyAid, &f, Role::Approver), Err(Refusal::NotNow));
    assert_eq!(check(Action::EmergencyAid, &facts(CaseStatus::Approved), Role::Approver), Err(Refusal::NotNow));
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
    )
        .prop_map(|(status, programme, fast_track, events, accepted_by_viewer, assigned_to_viewer, notice_days_left)| {
            let today = Date::parse("2026-12-02").unwrap();
            CaseFacts {
                status,
                programme: Some(programme),
                fast_track,
                events,
                accepted_by_viewer,
                assigned_to_viewer,
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
