//! What the applicant sees after submitting: the confirmation, the list, and one
//! application's status with its history and requests for more information.

use app::domain::text::Key;
use app::domain::case::history::{Detail, Reader};
use app::domain::case::EventKind;
use app::error::AppError;
use app::i18n::Lang;
use app::domain::application::documents::VISIT_PHOTO;
use app::domain::application::status::{ApplicationSummary, InfoRequest, TimelineEntry};
use app::page_data::status::{SentMessage, StatusDecision, StatusListData, StatusPageData};

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
        registered: a.proxy_relation.as_deref() == Some(super::proactive::REGISTERED_BY_STAFF),
        accept_by: a.accept_by.clone(),
        fast_track: a.fast_track,
        office_contact: crate::services::administration::offices::contact(store, &a.office_code).await?,
    })
}

/// One of the citizen's own applications; anyone else's is "not found".
pub(super) async fn own(store: &Store, citizen_id: &str, reference: &Key) -> Result<ApplicationRow, AppError> {
    store.application_of(reference.as_str(), citizen_id).await?.ok_or(AppError::NotFound)
}

pub async fn confirmation(store: &Store, citizen_id: &str, reference: &Key, lang: Lang) -> Result<ApplicationSummary, AppError> {
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

/// Routing and transfers store the office's name as it was written, in Chinese, with its
/// code: "秦淮区秦虹街道社会救助窗口 (320104001)". Each reader gets the office's name in their
/// own language, looked up by that code (the text after it, a transfer's reason, is kept).
pub async fn offices_in(store: &Store, mut events: Vec<EventRow>, lang: Lang) -> Result<Vec<EventRow>, AppError> {
    for e in &mut events {
        if !matches!(EventKind::from_code(&e.kind), Some(EventKind::Routed | EventKind::Transferred)) {
            continue;
        }
        let Some(open) = e.detail.find(" (") else { continue };
        let Some(close) = e.detail[open..].find(')').map(|i| open + i) else { continue };
        let code = &e.detail[open + 2..close];
        let Some(office) = store.area(code).await? else { continue };
        let district = match &office.parent_code {
            Some(p) => store.area(p).await?,
            None => None,
        };
        e.detail = format!("{}{}", office_name(lang, district.as_ref(), &office), &e.detail[open..]);
    }
    Ok(events)
}

/// The history as shown, each event's text in words (`domain::case::history`): what was
/// found in the home and said at the appraisal only to staff, and no name said twice
/// (taking a case names the one who took it).
pub fn timeline_of(events: Vec<EventRow>, for_staff: bool, lang: Lang) -> Vec<TimelineEntry> {
    events
        .into_iter()
        .map(|e| {
            let kind = EventKind::from_code(&e.kind);
            let staff_only = kind.is_some_and(EventKind::detail_is_staff_only);
            let reader = if for_staff { Reader::Staff } else { Reader::Applicant };
            TimelineEntry {
                detail: match (for_staff, staff_only) {
                    _ if e.detail == e.actor => String::new(),
                    (false, true) => String::new(),
                    _ => Detail::read(kind, &e.detail).words(reader, lang),
                },
                at: e.at,
                kind: e.kind,
                actor: if e.actor == SYSTEM_ACTOR { lang.t(app::i18n::Msg::ActorSystem).to_string() } else { e.actor },
                on_behalf_of: e.on_behalf_of,
            }
        })
        .collect()
}

pub async fn status(store: &Store, citizen_id: &str, reference: &Key, lang: Lang) -> Result<StatusPageData, AppError> {
    // The case row is the application with its decision: one read, owned or not found.
    let case = store.case_by_reference(reference.as_str()).await?.filter(|c| c.row.citizen_id == citizen_id).ok_or(AppError::NotFound)?;
    let a = &case.row;
    let summary = summary(store, a, lang).await?;
    let events = store.events_of(&a.id).await?;
    let requests = info_requests(store, &a.id).await?;
    let mut docs = store.documents_of_application(&a.id).await?;
    docs.retain(|d| d.kind != VISIT_PHOTO);
    let documents = document_items(docs);
    let payments = store.payments_of(&a.id).await?;
    let decision = match case.decision.clone() {
        Some(kind) => {
            let settlement = crate::services::casework::settlement_words(&case, &payments, lang);
            let told = crate::services::casework::told(store, &case, &events, &summary.office_name, lang).await?;
            let in_kind = store.in_kind_of(&a.id).await?;
            Some(StatusDecision {
                in_kind_fen: in_kind.iter().map(|k| k.value_fen).sum(),
                in_kind: in_kind.iter().map(|k| app::domain::service_assistance::in_kind::line(&k.what, k.quantity, k.value_fen, k.delivered_at.as_deref().map(|d| lang.local_time(d)), lang)).collect(),
                kind,
                amount_fen: case.amount_fen.filter(|_| told.pays),
                decided_at: case.decided_at.clone().unwrap_or_default(),
                account_masked: a.payment_masked.clone(),
                settlement,
                words: told.words,
                credit: told.credit,
            })
        }
        None => None,
    };
    let timeline = timeline_of(offices_in(store, events, lang).await?, false, lang);
    // "Sent to you": the account's own messages (the person applied for gets the same ones).
    let messages = store
        .notifications_to_account(&a.id, &a.citizen_id)
        .await?
        .into_iter()
        .map(|n| SentMessage { at: n.created_at, text: n.body, delivery: n.delivery })
        .collect();
    let payment_check = super::arrival::check_of(&payments, lang);
    Ok(StatusPageData { application: summary, timeline, requests, documents, decision, errors: Vec::new(), answer_text: String::new(), upload_kind: String::new(), messages, payment_check })
}

/// The requests for more information (补正) on an application, oldest first.
pub async fn info_requests(store: &Store, application_id: &str) -> Result<Vec<InfoRequest>, AppError> {
    Ok(store
        .information_requests(application_id).await?
        .into_iter()
        .map(|r| InfoRequest { id: r.id, items: r.items, due_date: r.due_date, answered_at: r.answered_at, answer: r.answer })
        .collect())
}
