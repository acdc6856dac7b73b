//! Staff work on cases: the queue of an office, one case with everything submitted, and
//! the first actions (take the case, accept it, ask for more information). Every handler
//! comes through here; every check of role and area is made here, against the case.

use app::domain::date::Date;
use app::domain::request::{FieldError, Problem};
use app::domain::staff::{may, Action};
use app::error::AppError;
use app::i18n::Lang;
use app::pages::apply::form::StepPageData;
use app::pages::apply::steps::ApplyStep;
use app::pages::staff::{CaseData, QueueData, QueueItem, QueueQuery};

use super::application;
use super::staff::Staff;
use super::{internal, today_in_china};
use crate::crypto::DataKey;
use crate::store::{ApplicationRow, AuditEntry, CaseChange, EventRow, InfoRequestRow, QueueFilter, Store};

pub const PAGE_SIZE: i64 = 25;

fn now_text() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

pub async fn queue(store: &Store, staff: &Staff, q: &QueueQuery) -> Result<QueueData, AppError> {
    if !may(staff.role, &staff.area_code, Action::ViewCase, None) {
        return Err(AppError::Forbidden);
    }
    let today = today_in_china().to_string();
    let filter = QueueFilter {
        area_prefix: staff.area_code.clone(),
        status: q.status.clone().filter(|s| !s.is_empty()),
        programme: q.programme.clone().filter(|s| !s.is_empty()),
        assigned_to: q.mine.then(|| staff.id.clone()),
        overdue_before: q.overdue.then(|| today.clone()),
        after: q.after.as_deref().and_then(|a| a.split_once('~')).map(|(t, i)| (t.to_string(), i.to_string())),
    };
    // One more than a page tells whether there is a next one.
    let mut rows = store.queue(&filter, PAGE_SIZE + 1).await.map_err(internal)?;
    let more = rows.len() as i64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    let next = if more { rows.last().map(|r| format!("{}~{}", r.submitted_at, r.id)) } else { None };
    let items = rows
        .into_iter()
        .map(|r| {
            let overdue = matches!(r.status.as_str(), "submitted" | "more_info") && r.accept_by < today;
            let days_left = Date::parse(&r.accept_by).ok().zip(Date::parse(&today).ok()).map(|(by, t)| by.days_since(t)).unwrap_or(0);
            QueueItem {
                reference: r.reference,
                programme: r.programme,
                status: r.status,
                subject_name: r.subject_name,
                submitted_at: r.submitted_at,
                accept_by: r.accept_by,
                days_left,
                overdue,
                fast_track: r.fast_track,
            }
        })
        .collect();
    Ok(QueueData { staff_name: staff.full_name.clone(), role: staff.role, query: q.clone(), items, next })
}

/// The case if this staff member may take `action` on it; otherwise "not found", so a case
/// outside one's area is indistinguishable from no case.
async fn case_for(store: &Store, staff: &Staff, reference: &str, action: Action) -> Result<(ApplicationRow, i64, Option<String>), AppError> {
    let (row, version, assigned) = store.application_by_reference(reference).await.map_err(internal)?.ok_or(AppError::NotFound)?;
    if !may(staff.role, &staff.area_code, Action::ViewCase, Some(&row.area_code)) {
        return Err(AppError::NotFound);
    }
    if !may(staff.role, &staff.area_code, action, Some(&row.area_code)) {
        return Err(AppError::Forbidden);
    }
    Ok((row, version, assigned))
}

fn actor(staff: &Staff) -> String {
    format!("{} ({})", staff.full_name, staff.username)
}

/// Everything submitted, for a staff member in scope. The view of the personal data is
/// written to the audit log first: no entry, no page.
pub async fn case(store: &Store, key: &DataKey, staff: &Staff, reference: &str, lang: Lang) -> Result<CaseData, AppError> {
    let (row, version, assigned) = case_for(store, staff, reference, Action::ViewCase).await?;
    store
        .append_audit(&AuditEntry { at: now_text(), actor: actor(staff), action: "case.view".into(), subject: format!("application:{}", row.id), detail: row.reference.clone() })
        .await
        .map_err(internal)?;
    let answers = application::open_application_answers(key, &row)?;
    let ctx = application::context(store, &row.citizen_id, &answers).await?;
    let documents = application::documents_of(store, &row.id).await?;
    let view = StepPageData {
        step: ApplyStep::Review,
        answers: answers.clone(),
        errors: Vec::new(),
        from_review: false,
        picker: ctx.picker.clone(),
        documents: documents.clone(),
        pledge_code: Some(row.pledge_code.clone()),
        actor_name: row.subject_name.clone(),
        actor_id_masked: row.subject_id_masked.clone(),
        review: None,
        draft_id: String::new(),
    };
    let rows = app::pages::apply::form::review_rows(&view, lang).into_iter().map(|(_, label, value)| (label, value)).collect();
    let status = application::status(store, &row.citizen_id, &row.reference, lang).await?;
    let assessment = application::assess(store, &answers, &ctx, &row.programme, lang).await?;
    Ok(CaseData {
        summary: status.application,
        subject_id_masked: row.subject_id_masked.clone(),
        rows,
        assessment,
        timeline: status.timeline,
        requests: status.requests,
        documents,
        version,
        assigned_to_me: assigned.as_deref() == Some(staff.id.as_str()),
        assigned: assigned.is_some(),
        can_accept: may(staff.role, &staff.area_code, Action::Accept, Some(&row.area_code)) && row.status == "submitted",
        can_request: may(staff.role, &staff.area_code, Action::RequestInformation, Some(&row.area_code)) && matches!(row.status.as_str(), "submitted" | "accepted"),
        can_assign: may(staff.role, &staff.area_code, Action::AssignToSelf, Some(&row.area_code)) && assigned.as_deref() != Some(staff.id.as_str()),
        errors: Vec::new(),
    })
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaseAction {
    AssignToSelf,
    Accept,
    RequestInformation { items: String, due: String },
}

/// Takes one action on a case seen at `version`. If the case changed since, nothing is
/// written and the staff member is told (409).
pub async fn act(store: &Store, staff: &Staff, reference: &str, version: i64, action: CaseAction) -> Result<(), AppError> {
    let needed = match action {
        CaseAction::AssignToSelf => Action::AssignToSelf,
        CaseAction::Accept => Action::Accept,
        CaseAction::RequestInformation { .. } => Action::RequestInformation,
    };
    let (row, _, _) = case_for(store, staff, reference, needed).await?;
    let now = now_text();
    let (kind, detail, change) = match &action {
        CaseAction::AssignToSelf => ("assigned", staff.full_name.clone(), CaseChange { assigned_to: Some(staff.id.clone()), ..CaseChange::default() }),
        CaseAction::Accept => {
            if row.status != "submitted" {
                return Err(AppError::Conflict);
            }
            ("accepted", String::new(), CaseChange { status: Some("accepted".into()), ..CaseChange::default() })
        }
        CaseAction::RequestInformation { items, due } => {
            let mut errors = Vec::new();
            let items = items.trim();
            if items.is_empty() || items.chars().count() > 500 {
                errors.push(FieldError { field: "items".into(), problem: if items.is_empty() { Problem::Required } else { Problem::TooLong { max: 500 } } });
            }
            let due = Date::parse(due).ok().filter(|d| *d > today_in_china());
            if due.is_none() {
                errors.push(FieldError { field: "due".into(), problem: Problem::DueDateFormat });
            }
            let Some(due) = due.filter(|_| errors.is_empty()) else { return Err(AppError::Validation(errors)) };
            let request = InfoRequestRow {
                id: super::sign_in::random_token(12),
                application_id: row.id.clone(),
                items: items.to_string(),
                due_date: due.to_string(),
                requested_at: now.clone(),
                requested_by: staff.full_name.clone(),
                answered_at: None,
                answer: None,
            };
            ("info_requested", items.to_string(), CaseChange { status: Some("more_info".into()), info_request: Some(request), ..CaseChange::default() })
        }
    };
    let event = EventRow { id: 0, application_id: row.id.clone(), at: now.clone(), kind: kind.into(), actor: staff.full_name.clone(), on_behalf_of: None, detail: detail.clone() };
    let audit = AuditEntry { at: now, actor: actor(staff), action: format!("case.{kind}"), subject: format!("application:{}", row.id), detail: format!("{} {detail}", row.reference).trim().to_string() };
    // A failed write (another audit entry took the same place in the chain) is retried;
    // a changed version is a conflict to report, not to retry.
    for attempt in 0..5 {
        match store.act_on_case(&row.id, version, &change, &event, &audit).await {
            Ok(true) => return Ok(()),
            Ok(false) => return Err(AppError::Conflict),
            Err(e) if attempt == 4 => return Err(internal(e)),
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(10 * (attempt + 1))).await,
        }
    }
    Err(AppError::Internal)
}
