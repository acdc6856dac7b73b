//! What the applicant sees after submitting: the confirmation, the list, and one
//! application's status with its history and requests for more information.

use app::domain::case::{verification_label, AppraisalResult, EventKind};
use app::i18n::Msg;
use app::error::AppError;
use app::i18n::Lang;
use app::domain::application::documents::VISIT_PHOTO;
use app::domain::application::status::{without_area_codes, ApplicationSummary, InfoRequest, TimelineEntry};
use app::page_data::status::{StatusDecision, StatusListData, StatusPageData};

use crate::store::{ApplicationRow, EventRow, Store};

use super::{SYSTEM_ACTOR, document_items, office_name};

pub async fn summary(store: &Store, a: &ApplicationRow, lang: Lang) -> Result<ApplicationSummary, AppError> {
    let office_name = match store.area(&a.office_code).await? {
        Some(office) => {
            let district = match &office.parent_code {
                Some(p) => store.area(p).await?,
                None => None,
            };
            office_name(lang, district.as_ref(), &office)
        }
        None => a.office_code.clone(),
    };
    Ok(ApplicationSummary {
        reference: a.reference.clone(),
        programme: a.programme.clone(),
        status: a.status.clone(),
        submitted_at: a.submitted_at.clone(),
        office_name,
        subject_name: a.subject_name.clone(),
        actor_name: a.actor_name.clone(),
        proxy: a.proxy_relation.is_some(),
        accept_by: a.accept_by.clone(),
        fast_track: a.fast_track,
    })
}

/// One of the citizen's own applications; anyone else's is "not found".
pub(super) async fn own(store: &Store, citizen_id: &str, reference: &str) -> Result<ApplicationRow, AppError> {
    store.application_of(reference, citizen_id).await?.ok_or(AppError::NotFound)
}

pub async fn confirmation(store: &Store, citizen_id: &str, reference: &str, lang: Lang) -> Result<ApplicationSummary, AppError> {
    summary(store, &own(store, citizen_id, reference).await?, lang).await
}

pub async fn list(store: &Store, citizen_id: &str, lang: Lang) -> Result<StatusListData, AppError> {
    let mut applications = Vec::new();
    for a in store.applications_of(citizen_id).await? {
        applications.push(summary(store, &a, lang).await?);
    }
    let has_draft = store.draft_of(citizen_id).await?.is_some();
    Ok(StatusListData { applications, has_draft })
}

pub async fn timeline(store: &Store, application_id: &str, for_staff: bool, lang: Lang) -> Result<Vec<TimelineEntry>, AppError> {
    Ok(timeline_of(store.events_of(application_id).await?, for_staff, lang))
}

/// An event's text for staff with its codes in words: the appraisal's result ("{date}
/// {result} {participants}") and the follow-up check's outcome ("{outcome} {amount}").
fn staff_detail(kind: &str, detail: String, lang: Lang) -> String {
    // Which word of the text is a code, and how to say it.
    let (at, label): (usize, fn(&str) -> Option<Msg>) = match EventKind::from_code(kind) {
        Some(EventKind::Appraisal) => (1, |c| AppraisalResult::from_code(c).map(AppraisalResult::label)),
        Some(EventKind::Verified) => (0, verification_label),
        _ => return detail,
    };
    let mut parts: Vec<&str> = detail.split(' ').collect();
    match parts.get(at).copied().and_then(label) {
        Some(m) => {
            parts[at] = lang.t(m);
            parts.join(" ")
        }
        None => parts.join(" "),
    }
}

/// An event's text for the applicant: places by name without codes, amounts with their
/// unit, and no name said twice (taking a case names the one who took it).
fn citizen_detail(kind: &str, detail: String, actor: &str, lang: Lang) -> String {
    if detail == actor {
        return String::new();
    }
    match EventKind::from_code(kind) {
        Some(EventKind::Routed | EventKind::Transferred) => without_area_codes(&detail),
        Some(EventKind::Approved | EventKind::EmergencyAid | EventKind::Paid | EventKind::ProvisionallyApproved) => {
            // "{amount} …": the amount first, in yuan.
            let (amount, rest) = detail.split_once(' ').unwrap_or((detail.as_str(), ""));
            let yuan = app::i18n::fill(lang.t(Msg::AppYuan), &[("amount", amount.to_string())]);
            format!("{yuan} {rest}").trim_end().to_string()
        }
        _ => detail,
    }
}

/// The history as shown: what was found in the home and said at the appraisal only to staff.
pub fn timeline_of(events: Vec<EventRow>, for_staff: bool, lang: Lang) -> Vec<TimelineEntry> {
    events
        .into_iter()
        .map(|e| {
            let staff_only = EventKind::from_code(&e.kind).is_some_and(EventKind::detail_is_staff_only);
            TimelineEntry {
                detail: match (for_staff, staff_only) {
                    (true, _) if e.detail == e.actor => String::new(),
                    (true, _) => staff_detail(&e.kind, e.detail, lang),
                    (false, false) => citizen_detail(&e.kind, e.detail, &e.actor, lang),
                    (false, true) => String::new(),
                },
                at: e.at,
                kind: e.kind,
                actor: if e.actor == SYSTEM_ACTOR { lang.t(app::i18n::Msg::ActorSystem).to_string() } else { e.actor },
                on_behalf_of: e.on_behalf_of,
            }
        })
        .collect()
}

pub async fn status(store: &Store, citizen_id: &str, reference: &str, lang: Lang) -> Result<StatusPageData, AppError> {
    let a = own(store, citizen_id, reference).await?;
    let timeline = timeline(store, &a.id, false, lang).await?;
    let requests = info_requests(store, &a.id).await?;
    let mut docs = store.documents_of_application(&a.id).await?;
    docs.retain(|d| d.kind != VISIT_PHOTO);
    let documents = document_items(docs);
    let decision = match store.case_by_reference(&a.reference).await? {
        Some(c) if c.decision.is_some() => {
            let settlement = crate::services::casework::settlement_words(&c, &store.payments_of(&c.row.id).await?, lang);
            Some(StatusDecision { kind: c.decision.unwrap_or_default(), amount_fen: c.amount_fen, decided_at: c.decided_at.unwrap_or_default(), account_masked: a.payment_masked.clone(), settlement })
        }
        _ => None,
    };
    Ok(StatusPageData { application: summary(store, &a, lang).await?, timeline, requests, documents, decision, errors: Vec::new(), answer_text: String::new(), upload_kind: String::new() })
}

/// The requests for more information (补正) on an application, oldest first.
pub async fn info_requests(store: &Store, application_id: &str) -> Result<Vec<InfoRequest>, AppError> {
    Ok(store
        .information_requests(application_id).await?
        .into_iter()
        .map(|r| InfoRequest { id: r.id, items: r.items, due_date: r.due_date, answered_at: r.answered_at, answer: r.answer })
        .collect())
}
