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

/// A problem with one field.
pub(crate) fn invalid(field: &str, problem: app::domain::request::Problem) -> AppError {
    AppError::Validation(vec![app::domain::request::FieldError { field: field.into(), problem }])
}

/// Texts the person a code to read out at the door (a plan's agreement, a visit's
/// confirmation); a refusal (too soon, too many) is named on `field`. The challenge's id.
pub(crate) async fn text_code(store: &crate::store::Store, phone: &app::domain::identity::Phone, field: &str) -> Result<String, AppError> {
    use crate::services::sign_in::{request_code_for, Asker, CodePurpose, OutboxNotifier};
    let now = chrono::Utc::now().timestamp();
    request_code_for(store, &OutboxNotifier(store.clone()), phone, Asker::Staff, CodePurpose::ServiceConfirm, app::i18n::Lang::ZhCn, now).await.map_err(|e| match e {
        AppError::Validation(errors) => AppError::Validation(errors.into_iter().map(|e| app::domain::request::FieldError { field: field.into(), ..e }).collect()),
        e => e,
    })
}

/// The district a staff member's area lies in (providers are the district's).
pub(crate) fn district_of(area: &str) -> &str {
    area.get(..6).unwrap_or(area)
}
