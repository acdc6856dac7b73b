//! 主动发现: a case registered by staff for a resident, in the staff member's own area.

use app::domain::request::{FieldError, Problem};
use app::domain::staff::{may, Action};
use app::error::AppError;
use app::i18n::Lang;
use app::page_data::staff::NewCaseData;

use super::{actor, now_text};
use crate::crypto::DataKey;
use crate::services::application::{self, Proactive};
use crate::services::staff::Staff;
use crate::store::{AuditEntry, Store};

/// Whether this staff member may register cases at all (the form is shown only if so).
pub fn may_register(staff: &Staff) -> Result<(), AppError> {
    if may(staff.role, &staff.area_code, Action::RegisterCase, None) { Ok(()) } else { Err(AppError::Forbidden) }
}

/// The form as it opens: the communities the staff member may register in (a community
/// worker's own one chosen already), and what was typed.
pub async fn new_case_form(store: &Store, staff: &Staff, fields: Vec<(String, String)>, errors: Vec<FieldError>, lang: Lang) -> Result<NewCaseData, AppError> {
    may_register(staff)?;
    let communities = application::communities_within(store, &staff.area_code, lang).await?;
    Ok(NewCaseData { fields, errors, communities })
}

/// A problem told to the staff member, not to the resident the form is about.
fn for_staff(e: FieldError) -> FieldError {
    let problem = match e.problem {
        Problem::NameFormat => Problem::ResidentNameFormat,
        Problem::ConsentRequired => Problem::ResidentConsentRequired,
        Problem::NoOffice => Problem::OfficeNotJoined,
        other => other,
    };
    FieldError { problem, ..e }
}

pub async fn register(store: &Store, key: &DataKey, staff: &Staff, p: Proactive<'_>) -> Result<String, AppError> {
    may_register(staff)?;
    if !may(staff.role, &staff.area_code, Action::RegisterCase, Some(p.community.trim())) {
        return Err(AppError::Validation(vec![FieldError { field: "community".into(), problem: Problem::OutsideArea }]));
    }
    let actor_name = staff.full_name.clone();
    let reference = application::register_proactive(store, key, &actor_name, p).await.map_err(|e| match e {
        AppError::Validation(errors) => AppError::Validation(errors.into_iter().map(for_staff).collect()),
        e => e,
    })?;
    store
        .append_audit(&AuditEntry { at: now_text(), actor: actor(staff), action: "case.register".into(), subject: format!("reference:{reference}"), detail: "proactive".into() })
        .await?;
    Ok(reference)
}
