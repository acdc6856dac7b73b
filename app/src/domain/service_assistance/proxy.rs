//! 代办: who besides the person may follow their service plan. An application filed for
//! someone else names them, but only the office's acceptance (受理, when the proxy's authority
//! and the documents are checked) makes that claim worth a look at their plan and visits.

use crate::domain::case::CaseStatus;

/// Whether the applicant of a case in `status`, filed for another person, may follow that
/// person's services: accepted by the office and not refused or ended since.
pub fn proxy_follows(status: CaseStatus) -> bool {
    matches!(status, CaseStatus::Accepted | CaseStatus::ProvisionallyApproved | CaseStatus::Approved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_accepted_case_that_still_stands_lets_a_proxy_follow() {
        let follows: Vec<_> = CaseStatus::ALL
        .into_iter()
        .filter(|s| proxy_follows(*s))
        .collect();
        assert_eq!(follows, [CaseStatus::Accepted, CaseStatus::ProvisionallyApproved, CaseStatus::Approved]);
    }
}
