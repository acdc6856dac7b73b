//! 低收入人口动态监测 (#16, POLICY.md §3.4): the register and what keeps it current, the
//! departments' batches and the warnings they raise, the offices' answers, and a household's
//! chain. Every use case checks who asks; the pages and the API only hand over.

pub mod feeds;
pub mod figures;
pub mod household;
pub mod register;
pub mod reviews;
pub mod warnings;

use app::domain::staff::{allows, case_in_scope, queue_by_office, Action};
use app::error::AppError;
use app::i18n::Lang;

use crate::services::staff::Staff;
use crate::store::{AuditEntry, Store};

/// The staff member may take `action` at all.
pub(crate) fn may(staff: &Staff, action: Action) -> Result<(), AppError> {
    if allows(staff.role, action) { Ok(()) } else { Err(AppError::Forbidden) }
}

/// A person living in `area_code`, served by `office_code`, is within the staff member's
/// reach: office staff by the office, community workers by the community (like cases).
pub(crate) fn reaches(staff: &Staff, area_code: &str, office_code: &str) -> bool {
    case_in_scope(staff.role, &staff.area_code, area_code, office_code)
}

/// The area prefix and whether it is measured against the office, for the staff's queues.
pub(crate) fn scope(staff: &Staff) -> (String, bool) {
    (staff.area_code.clone(), queue_by_office(staff.role))
}

pub(crate) async fn area_name(store: &Store, code: &str, lang: Lang) -> Result<String, AppError> {
    Ok(match store.area(code).await? {
        Some(a) => match lang {
            Lang::En => a.name_en.unwrap_or(a.name_zh),
            Lang::ZhCn => a.name_zh,
        },
        None => code.to_string(),
    })
}

/// Every staff read of a person's monitoring data is kept (PIPL): who, what, when.
pub(crate) async fn log_read(store: &Store, staff: &Staff, action: &str, subject: String) -> Result<(), AppError> {
    store
        .append_audit(&AuditEntry { at: crate::services::now_text(), actor: crate::services::casework::actor(staff), action: action.into(), subject, detail: String::new() })
        .await?;
    Ok(())
}
