//! Staff work on cases: the queue of an office, one case with everything submitted, the
//! actions taken on it, and cases registered by staff (主动发现). Every handler comes
//! through here; every check of role and area is made here, against the case, and which
//! action the case's state allows is decided by `domain::case`, for the page and the action
//! alike.

mod actions;
mod case_view;
mod outcome;
mod payments;
mod proactive;
mod queue;

pub use actions::{act, card, record_visit, Command};
pub use case_view::{case, document};
pub use proactive::{may_register, new_case_form, register};
pub use outcome::{rights, told, Told};
pub use payments::settlement_words;
pub use queue::{queue, PAGE_SIZE};

use app::domain::text::Key;
use app::domain::case::{CaseFacts, CaseStatus, EventKind};
use app::domain::params::ParamName;
use app::domain::programme::Programme;
use app::domain::staff::{case_in_scope, may, Action};
use app::error::AppError;

use super::staff::Staff;
use crate::store::{CaseRow, EventRow, Store};

use crate::services::now_text;

/// How a staff member is named in the audit log.
pub(crate) fn actor(staff: &Staff) -> String {
    format!("{} ({})", staff.full_name, staff.username)
}

/// The case if this staff member may take `action` on it; otherwise "not found", so a case
/// outside one's area is indistinguishable from no case.
/// A case `staff` may see (else "not found"), for what prints or reads it outside casework.
pub async fn viewable(store: &Store, staff: &Staff, reference: &Key) -> Result<CaseRow, AppError> {
    case_for(store, staff, reference, Action::ViewCase).await
}

async fn case_for(store: &Store, staff: &Staff, reference: &Key, action: Action) -> Result<CaseRow, AppError> {
    let case = store.case_by_reference(reference.as_str()).await?.ok_or(AppError::NotFound)?;
    if !may(staff.role, &staff.area_code, Action::ViewCase, None) || !case_in_scope(staff.role, &staff.area_code, &case.row.area_code, &case.row.office_code) {
        return Err(AppError::NotFound);
    }
    if !may(staff.role, &staff.area_code, action, None) {
        return Err(AppError::Forbidden);
    }
    Ok(case)
}

/// 实物救助: records one thing of the approval delivered (by whoever records payments).
pub async fn deliver_in_kind(store: &Store, staff: &Staff, reference: &Key, id: &Key) -> Result<(), AppError> {
    let case = case_for(store, staff, reference, Action::RecordPayment).await?;
    let at = crate::services::now_text();
    let audit = crate::store::AuditEntry { at: at.clone(), actor: actor(staff), action: "in_kind.delivered".into(), subject: format!("application:{}", case.row.id), detail: id.as_str().into() };
    if store.deliver_in_kind(id.as_str(), &case.row.id, &staff.id, &at, &audit).await? { Ok(()) } else { Err(AppError::NotFound) }
}

/// What the lifecycle rule needs to know of the case, as `staff` sees it.
async fn facts(store: &Store, key: &crate::crypto::DataKey, case: &CaseRow, events: &[EventRow], staff: &Staff) -> Result<CaseFacts, AppError> {
    let status = CaseStatus::from_code(&case.row.status).ok_or_else(|| {
        tracing::error!(reference = %case.row.reference, status = %case.row.status, "a case in a status the lifecycle does not know");
        AppError::Internal
    })?;
    let today = crate::services::today_in_china();
    let notice_started = events.iter().rev().find(|e| EventKind::from_code(&e.kind) == Some(EventKind::NoticeStarted)).and_then(|e| crate::services::china_date_of(&e.at));
    let notice_may_end_on = match notice_started {
        Some(day) => {
            let params = crate::services::eligibility::parameter_set(store).await?;
            let area = app::domain::area::AreaCode::parse(&case.row.area_code).map_err(|_| crate::services::failure("a case's area code does not parse"))?;
            let days = params.lookup(ParamName::PublicNoticeMinDays, &area, today).map(|p| p.value).ok_or_else(|| crate::services::failure("no public_notice_min_days for a case's area"))?;
            Some(day.plus_days(days))
        }
        None => None,
    };
    Ok(CaseFacts {
        status,
        programme: Programme::from_code(&case.row.programme),
        fast_track: case.row.fast_track,
        events: events.iter().filter_map(|e| EventKind::from_code(&e.kind)).collect(),
        accepted_by_viewer: case.accepted_by.as_deref() == Some(staff.id.as_str()),
        assigned_to_viewer: case.assigned_to.as_deref() == Some(staff.id.as_str()),
        sudden_event: super::application::open_submitted(key, &case.row)?.input.is_some_and(|i| i.sudden_event.is_some()),
        appraisal_agreed: case.appraisal.as_deref().and_then(app::domain::case::AppraisalResult::from_code) == Some(app::domain::case::AppraisalResult::Agree),
        notice_may_end_on,
        today,
    })
}
