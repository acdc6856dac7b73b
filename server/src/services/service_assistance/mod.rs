//! 服务类社会救助 (#15, POLICY.md §3.3): the catalogue each level keeps and the providers
//! that deliver. Every use case checks who asks; pages only hand over.

pub mod app_tokens;
pub mod assessments;
pub mod catalogue;
pub mod plans;
pub mod providers;
pub mod referrals;
pub mod resident;
pub mod supervision;
pub mod visits;

use app::domain::staff::{allows, Action};
use app::error::AppError;

use crate::services::staff::Staff;
use crate::store::AuditEntry;

pub(crate) fn may(staff: &Staff, action: Action) -> Result<(), AppError> {
    if allows(staff.role, action) { Ok(()) } else { Err(AppError::Forbidden) }
}

pub(crate) fn audit(staff: &Staff, action: &str, subject: String, detail: String) -> AuditEntry {
    AuditEntry { at: crate::services::now_text(), actor: crate::services::casework::actor(staff), action: action.into(), subject, detail }
}

/// The district a staff member's area lies in (providers are the district's).
pub(crate) fn district_of(area: &str) -> &str {
    area.get(..6).unwrap_or(area)
}
