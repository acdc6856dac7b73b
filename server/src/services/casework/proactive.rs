//! 主动发现: a case registered by staff for a resident, in the staff member's own area.

use app::domain::request::{FieldError, Problem};
use app::domain::staff::{may, Action};
use app::error::AppError;

use super::{actor, now_text};
use crate::crypto::DataKey;
use crate::services::application::{self, Proactive};
use crate::services::staff::Staff;
use crate::store::{AuditEntry, Store};

/// Whether this staff member may register cases at all (the form is shown only if so).
pub fn may_register(staff: &Staff) -> Result<(), AppError> {
    if may(staff.role, &staff.area_code, Action::RegisterCase, None) { Ok(()) } else { Err(AppError::Forbidden) }
}

pub async fn register(store: &Store, key: &DataKey, staff: &Staff, p: Proactive<'_>) -> Result<String, AppError> {
    may_register(staff)?;
    if !may(staff.role, &staff.area_code, Action::RegisterCase, Some(p.community.trim())) {
        return Err(AppError::Validation(vec![FieldError { field: "community".into(), problem: Problem::OutsideArea }]));
    }
    let actor_name = staff.full_name.clone();
    let reference = application::register_proactive(store, key, &actor_name, p).await?;
    store
        .append_audit(&AuditEntry { at: now_text(), actor: actor(staff), action: "case.register".into(), subject: format!("reference:{reference}"), detail: "proactive".into() })
        .await?;
    Ok(reference)
}
