//! Who on the staff side may do what, and where. Pure: the server checks these rules in
//! every handler, and the authorisation tests walk the whole matrix.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 社区（村）工作人员: home visits and appraisals in one community or village.
    CommunityWorker,
    /// 街道（镇）经办人: accepts, asks for more, prepares the decision.
    Reviewer,
    /// 街道（镇）审批人: decides; never the same person who reviewed.
    Approver,
    /// 区（县）民政局: oversight of all offices of the district.
    DistrictOfficer,
    /// Manages staff accounts; takes no part in cases.
    Admin,
    /// 服务机构工作人员: a contracted provider's worker; sees the visits assigned to their
    /// provider and nothing of any case (PIPL: the minimum needed to do the visit).
    ProviderWorker,
}

impl Role {
    pub const ALL: [Role; 6] = [Role::CommunityWorker, Role::Reviewer, Role::Approver, Role::DistrictOfficer, Role::Admin, Role::ProviderWorker];

    pub const fn code(self) -> &'static str {
        match self {
            Role::CommunityWorker => "community_worker",
            Role::Reviewer => "reviewer",
            Role::Approver => "approver",
            Role::DistrictOfficer => "district_officer",
            Role::Admin => "admin",
            Role::ProviderWorker => "provider_worker",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// What the role is called.
    pub const fn label(self) -> crate::i18n::Msg {
        use crate::i18n::Msg;
        match self {
            Role::CommunityWorker => Msg::RoleCommunityWorker,
            Role::Reviewer => Msg::RoleReviewer,
            Role::Approver => Msg::RoleApprover,
            Role::DistrictOfficer => Msg::RoleDistrictOfficer,
            Role::Admin => Msg::RoleAdmin,
            Role::ProviderWorker => Msg::RoleProviderWorker,
        }
    }
}

/// Everything staff do: the permissions of the role table below, and, for the actions taken
/// on one case, the forms of the case page (`/staff/cases/{reference}/{code}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    /// See the queue and open a case (sensitive fields are logged when shown).
    ViewCase,
    AssignToSelf,
    Accept,
    RequestInformation,
    /// 入户核查 and 民主评议 records.
    RecordVisit,
    RecordAppraisal,
    /// Approve with an amount, or reject with a reason and the policy basis.
    Approve,
    Reject,
    /// 容缺审批: approve before the economic check, on the pledge and the appraisal.
    ProvisionalApprove,
    /// Send a misrouted case to the right office, with a reason.
    Transfer,
    /// Payments made on an approved case, and the 容缺 follow-up check's result.
    RecordPayment,
    RecordVerification,
    /// Every office of the district: queues, overdue counts, decisions, 容缺 outcomes.
    ViewDistrict,
    /// Start and end the public notice (公示) of an inclusion.
    StartNotice,
    EndNotice,
    /// 先行救助: pay emergency help for a sudden event before the paperwork is done.
    EmergencyAid,
    /// 主动发现: register a case for a resident found in need, with their consent.
    RegisterCase,
    ManageStaff,
    /// Propose and approve (four eyes) new values of the area's policy parameters.
    ManageParameters,
    /// Open, edit and close the subdistrict and town offices of the area.
    ManageOffices,
    /// Add versions of the integrity pledge for the area.
    ManagePledgeTexts,
    /// 动态监测: the warnings queue, a warning, the register and a household's chain.
    ViewWarnings,
    /// Take a warning and close it with what was done.
    HandleWarnings,
    /// Import the register and upload a department's rows by hand.
    ManageRegister,
    /// 定期复核: record a review of a dibao or tekun recipient and propose its result.
    ProposeReview,
    /// Confirm a review's result (or send it back); never the proposer.
    DecideReview,
    /// 服务清单: add and change the service items of one's own level and area.
    ManageCatalogue,
    /// 服务机构: add, change and suspend the providers of the district.
    ManageProviders,
    /// 需求评估: record what a person at home needs.
    AssessNeeds,
    /// 一人一案: make a person's service plan, add and end its lines, record the agreement.
    PlanServices,
    /// See one's visits due and record a visit done (a provider's or the community's own).
    DeliverVisits,
    /// 监管: visits due against delivered, per provider and level, and the overdue list.
    SuperviseServices,
    /// 微改造: approve a repair project a visit asked for (the subdistrict's decision).
    ApproveRepairs,
}

impl Action {
    pub const ALL: [Action; 33] = [
        Action::ApproveRepairs,
        Action::PlanServices,
        Action::DeliverVisits,
        Action::SuperviseServices,
        Action::AssessNeeds,
        Action::ManageCatalogue,
        Action::ManageProviders,
        Action::ProposeReview,
        Action::DecideReview,
        Action::ViewWarnings,
        Action::HandleWarnings,
        Action::ManageRegister,
        Action::ManagePledgeTexts,
        Action::ManageParameters,
        Action::ManageOffices,
        Action::RegisterCase,
        Action::StartNotice,
        Action::EndNotice,
        Action::EmergencyAid,
        Action::ViewDistrict,
        Action::RecordPayment,
        Action::RecordVerification,
        Action::Transfer,
        Action::ViewCase,
        Action::AssignToSelf,
        Action::Accept,
        Action::RequestInformation,
        Action::RecordVisit,
        Action::RecordAppraisal,
        Action::Approve,
        Action::Reject,
        Action::ProvisionalApprove,
        Action::ManageStaff,
    ];

    /// The actions taken on one case, in the order the case page lists them.
    pub const ON_A_CASE: [Action; 14] = [
        Action::AssignToSelf,
        Action::Accept,
        Action::RequestInformation,
        Action::RecordVisit,
        Action::RecordAppraisal,
        Action::StartNotice,
        Action::EndNotice,
        Action::Approve,
        Action::Reject,
        Action::ProvisionalApprove,
        Action::EmergencyAid,
        Action::RecordPayment,
        Action::RecordVerification,
        Action::Transfer,
    ];

    /// What the action is called on the case page.
    pub const fn title(self) -> crate::i18n::Msg {
        use crate::i18n::Msg;
        match self {
            Action::AssignToSelf => Msg::StaffAssignMe,
            Action::Accept => Msg::StaffAccept,
            Action::RequestInformation => Msg::StaffRequestInfo,
            Action::RecordVisit => Msg::StaffVisit,
            Action::RecordAppraisal => Msg::StaffAppraisal,
            Action::StartNotice => Msg::StaffNoticeStart,
            Action::EndNotice => Msg::StaffNoticeEnd,
            Action::Approve => Msg::StaffApprove,
            Action::Reject => Msg::StaffReject,
            Action::ProvisionalApprove => Msg::StaffProvisional,
            Action::EmergencyAid => Msg::StaffEmergency,
            Action::RecordPayment => Msg::StaffPayment,
            Action::RecordVerification => Msg::StaffVerify,
            Action::Transfer => Msg::StaffTransfer,
            Action::ViewCase | Action::ViewDistrict | Action::RegisterCase | Action::ManageStaff | Action::ManageParameters | Action::ManageOffices | Action::ManagePledgeTexts | Action::ViewWarnings | Action::HandleWarnings | Action::ManageRegister | Action::ProposeReview | Action::DecideReview | Action::ManageCatalogue | Action::ManageProviders | Action::AssessNeeds | Action::PlanServices | Action::DeliverVisits | Action::SuperviseServices | Action::ApproveRepairs => Msg::NavStaff,
        }
    }

    /// The last part of a case action's address; `None` for what is not done to one case.
    pub const fn case_code(self) -> Option<&'static str> {
        Some(match self {
            Action::AssignToSelf => "assign",
            Action::Accept => "accept",
            Action::RequestInformation => "request-info",
            Action::RecordVisit => "visit",
            Action::RecordAppraisal => "appraisal",
            Action::Approve => "approve",
            Action::Reject => "reject",
            Action::ProvisionalApprove => "provisional",
            Action::Transfer => "transfer",
            Action::RecordPayment => "payment",
            Action::RecordVerification => "verify",
            Action::StartNotice => "notice-start",
            Action::EndNotice => "notice-end",
            Action::EmergencyAid => "emergency",
            Action::ViewCase | Action::ViewDistrict | Action::RegisterCase | Action::ManageStaff | Action::ManageParameters | Action::ManageOffices | Action::ManagePledgeTexts | Action::ViewWarnings | Action::HandleWarnings | Action::ManageRegister | Action::ProposeReview | Action::DecideReview | Action::ManageCatalogue | Action::ManageProviders | Action::AssessNeeds | Action::PlanServices | Action::DeliverVisits | Action::SuperviseServices | Action::ApproveRepairs => return None,
        })
    }

    pub fn from_case_code(code: &str) -> Option<Action> {
        Action::ON_A_CASE.into_iter().find(|a| a.case_code() == Some(code))
    }
}

/// Whether the role may take the action at all (scope is checked separately).
pub fn allows(role: Role, action: Action) -> bool {
    use Action::*;
    match role {
        Role::CommunityWorker => matches!(
            action,
            ViewCase | AssignToSelf | RecordVisit | RecordAppraisal | RegisterCase | ViewWarnings | HandleWarnings | ManageCatalogue | AssessNeeds | PlanServices | DeliverVisits
        ),
        Role::Reviewer => matches!(
            action,
            ViewCase | AssignToSelf | Accept | RequestInformation | RecordVisit | RecordAppraisal | Transfer | RecordPayment | RecordVerification | StartNotice | EndNotice | RegisterCase
                | ViewWarnings | HandleWarnings | ProposeReview | ManageCatalogue | AssessNeeds | PlanServices | SuperviseServices | ApproveRepairs
        ),
        Role::Approver => matches!(action, ViewCase | AssignToSelf | Approve | Reject | ProvisionalApprove | EmergencyAid | ViewWarnings | DecideReview),
        Role::DistrictOfficer => matches!(action, ViewCase | ViewDistrict | ManageParameters | ManageOffices | ManagePledgeTexts | ViewWarnings | ManageRegister | ManageCatalogue | ManageProviders | SuperviseServices),
        Role::Admin => matches!(action, ManageStaff | ManageOffices),
        Role::ProviderWorker => matches!(action, DeliverVisits),
    }
}

/// A case is within a staff member's area when its community lies under that area: area
/// codes nest by prefix (district 6 digits → subdistrict 9 → community 12).
pub fn in_scope(staff_area: &str, case_community: &str) -> bool {
    !staff_area.is_empty() && case_community.starts_with(staff_area)
}

/// Which of a case's two places a role's scope is measured against: office staff (reviewers
/// and approvers) work the cases of their office, wherever it sends them from; community
/// workers the residents of their community; the district sees both.
pub fn case_in_scope(role: Role, staff_area: &str, case_community: &str, case_office: &str) -> bool {
    match role {
        Role::Reviewer | Role::Approver => in_scope(staff_area, case_office),
        Role::CommunityWorker => in_scope(staff_area, case_community),
        Role::DistrictOfficer | Role::Admin => in_scope(staff_area, case_community) || in_scope(staff_area, case_office),
        Role::ProviderWorker => false,
    }
}

/// Whether the queue of a role is chosen by the cases' office (rather than their community).
pub fn queue_by_office(role: Role) -> bool {
    matches!(role, Role::Reviewer | Role::Approver)
}

/// A department's machine credential is not a person and holds no role: it may send rows of
/// its own department to the register's matching, and reach nothing else.
pub fn feed_may_send(credential: crate::domain::monitoring::feeds::FeedSource, to: crate::domain::monitoring::feeds::FeedSource) -> bool {
    credential == to
}

/// Role and scope together: the one check every staff handler makes.
pub fn may(role: Role, staff_area: &str, action: Action, case_community: Option<&str>) -> bool {
    allows(role, action) && case_community.is_none_or(|c| in_scope(staff_area, c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_follows_the_division_tree() {
        assert!(in_scope("320104", "320104001001"));
        assert!(in_scope("320104001", "320104001001"));
        assert!(in_scope("320104001001", "320104001001"));
        assert!(!in_scope("320104002", "320104001001"));
        assert!(!in_scope("320922", "320104001001"));
        assert!(!in_scope("", "320104001001"));
    }

    #[test]
    fn only_reviewers_accept_or_ask_for_more_and_admins_stay_out_of_cases() {
        for role in Role::ALL {
            assert_eq!(allows(role, Action::Accept), role == Role::Reviewer, "{role:?}");
            assert_eq!(allows(role, Action::RequestInformation), role == Role::Reviewer, "{role:?}");
            assert_eq!(allows(role, Action::ViewCase), !matches!(role, Role::Admin | Role::ProviderWorker), "{role:?}");
            assert_eq!(allows(role, Action::ManageStaff), role == Role::Admin, "{role:?}");
            for decide in [Action::Approve, Action::Reject, Action::ProvisionalApprove] {
                assert_eq!(allows(role, decide), role == Role::Approver, "{role:?}: only approvers decide");
            }
        }
    }

    #[test]
    fn office_staff_follow_the_office_community_workers_the_community() {
        // A case of 秦虹 (320104001) handed to 夫子庙 (320104002) when 秦虹's office closed.
        let (community, office) = ("320104001001", "320104002");
        assert!(case_in_scope(Role::Reviewer, "320104002", community, office));
        assert!(!case_in_scope(Role::Reviewer, "320104001", community, office));
        assert!(case_in_scope(Role::CommunityWorker, "320104001001", community, office));
        assert!(case_in_scope(Role::DistrictOfficer, "320104", community, office));
        assert!(!case_in_scope(Role::Approver, "320922001", community, office));
    }

    #[test]
    fn warnings_are_handled_where_people_live_and_the_register_is_the_districts() {
        for role in Role::ALL {
            assert_eq!(allows(role, Action::HandleWarnings), matches!(role, Role::CommunityWorker | Role::Reviewer), "{role:?}");
            assert_eq!(allows(role, Action::ViewWarnings), !matches!(role, Role::Admin | Role::ProviderWorker), "{role:?}");
            assert_eq!(allows(role, Action::ManageRegister), role == Role::DistrictOfficer, "{role:?}");
            assert_eq!(allows(role, Action::ProposeReview), role == Role::Reviewer, "{role:?}: the usual split");
            assert_eq!(allows(role, Action::DecideReview), role == Role::Approver, "{role:?}");
            // Each level's own staff keep its catalogue; providers are the district's.
            assert_eq!(allows(role, Action::ManageCatalogue), matches!(role, Role::CommunityWorker | Role::Reviewer | Role::DistrictOfficer), "{role:?}");
            assert_eq!(allows(role, Action::ManageProviders), role == Role::DistrictOfficer, "{role:?}");
            assert_eq!(allows(role, Action::AssessNeeds), matches!(role, Role::CommunityWorker | Role::Reviewer), "{role:?}: those who visit homes");
            assert_eq!(allows(role, Action::PlanServices), matches!(role, Role::CommunityWorker | Role::Reviewer), "{role:?}");
            assert_eq!(allows(role, Action::DeliverVisits), matches!(role, Role::CommunityWorker | Role::ProviderWorker), "{role:?}");
            assert_eq!(allows(role, Action::ApproveRepairs), role == Role::Reviewer, "{role:?}: the subdistrict decides a repair");
        }
        // A provider worker does visits and nothing else: no case, no warning, no register.
        for action in Action::ALL {
            assert_eq!(allows(Role::ProviderWorker, action), action == Action::DeliverVisits, "{action:?}");
        }
        use crate::domain::monitoring::feeds::FeedSource;
        assert!(feed_may_send(FeedSource::MedicalInsurance, FeedSource::MedicalInsurance));
        assert!(!feed_may_send(FeedSource::MedicalInsurance, FeedSource::PublicSecurity));
    }

    #[test]
    fn codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
        assert_eq!(Role::from_code("root"), None);
        for a in Action::ON_A_CASE {
            assert_eq!(Action::from_case_code(a.case_code().unwrap()), Some(a));
        }
        assert_eq!(Action::ON_A_CASE.len(), Action::ALL.iter().filter(|a| a.case_code().is_some()).count());
        assert_eq!(Action::from_case_code("delete"), None);
    }
}
