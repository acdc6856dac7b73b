//! Submitting, following and answering applications from an app.

use app::error::AppError;
use app::domain::application::status::ApplicationSummary;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::drafts::document;
use super::extract::{self, flag, text, Citizen, JsonObject, KeyPath};
use app::domain::text::Key;
use super::idempotency::{self, IdempotencyKey};
use super::problem::problem;
use super::schema::{Application, ApplicationList, ApplicationStatus, Decision, InformationRequest, TimelineEntry};
use crate::services::application::{self as service, SubmitOutcome, Upload};
use crate::state::AppState;

fn application(a: ApplicationSummary) -> Application {
    Application {
        reference: a.reference,
        programme: a.programme,
        status: a.status,
        submitted_at: a.submitted_at,
        office_name: a.office_name,
        subject_name: a.subject_name,
        actor_name: a.actor_name,
        proxy: a.proxy,
        accept_by: a.accept_by,
        fast_track: a.fast_track,
    }
}

/// Submits the draft once: retries (same key) get the same application; the draft's id
/// also makes a second submit of the same draft answer with the first application.
#[utoipa::path(post, path = "/api/v1/applications", tag = "application", security(("bearer" = [])),
    params(super::idempotency::IdempotencyKey),
    request_body = super::schema::SubmitRequest,
    responses((status = 201, description = "Submitted and routed to the office of the actual residence", body = Application)))]
pub async fn submit(State(state): State<AppState>, Citizen { caller, lang }: Citizen, key: IdempotencyKey, JsonObject(map): JsonObject) -> Response {
    idempotency::once(&state, &caller, key, lang, "POST /applications", &idempotency::json_fingerprint(&map), || async {
        let submitted = async {
            let actor = service::actor(&state.store, &caller.citizen_id).await?;
            match service::submit(&state.store, &state.key, &actor, &text(&map, "draft_id"), flag(&map, "fast_track"), lang).await? {
                SubmitOutcome::Submitted(reference) => Ok(service::confirmation(&state.store, &caller.citizen_id, &crate::services::key(&reference)?, lang).await?),
                SubmitOutcome::Incomplete(step) => Err(AppError::Validation(service::step_problems(&state.store, &state.key, &caller.citizen_id, step).await?)),
            }
        };
        match submitted.await {
            Ok(summary) => (StatusCode::CREATED, Json(application(summary))).into_response(),
            Err(e) => problem(&e, lang),
        }
    })
    .await
}

/// The account's applications, newest first.
#[utoipa::path(get, path = "/api/v1/applications", tag = "application", security(("bearer" = [])),
    responses((status = 200, description = "Applications", body = ApplicationList)))]
pub async fn list(State(state): State<AppState>, Citizen { caller, lang }: Citizen) -> Response {
    match service::list(&state.store, &caller.citizen_id, lang).await {
        Ok(l) => Json(ApplicationList { applications: l.applications.into_iter().map(application).collect(), has_draft: l.has_draft }).into_response(),
        Err(e) => problem(&e, lang),
    }
}

async fn status_of(state: &AppState, citizen_id: &str, reference: &Key, lang: app::i18n::Lang) -> Result<ApplicationStatus, AppError> {
    let s = service::status(&state.store, citizen_id, reference, lang).await?;
    Ok(ApplicationStatus {
        application: application(s.application),
        timeline: s.timeline.into_iter().map(|t| TimelineEntry { at: t.at, kind: t.kind, actor: t.actor, on_behalf_of: t.on_behalf_of, detail: t.detail }).collect(),
        requests: s.requests.into_iter().map(|r| InformationRequest { id: r.id, items: r.items, due_date: r.due_date, answered_at: r.answered_at, answer: r.answer }).collect(),
        documents: s.documents.into_iter().map(document).collect(),
        decision: s.decision.map(|d| Decision {
            label: lang.t(app::domain::case::decision_label(&d.kind)).to_string(),
            kind: d.kind,
            amount_fen: d.amount_fen,
            decided_at: d.decided_at,
            settlement: d.settlement,
            explanation: d.words,
            credit_records: d.credit,
        }),
        payment_check: s.payment_check.map(|c| super::schema::PaymentCheck { payment_id: c.payment_id, question: c.question, answer: c.answer, answered_at: c.answered_at }),
    })
}

/// One application: status, office, timeline, requests for more information, documents.
#[utoipa::path(get, path = "/api/v1/applications/{reference}", tag = "application", security(("bearer" = [])),
    params(("reference" = String, Path, description = "The application's reference")),
    responses((status = 200, description = "Its status", body = ApplicationStatus)))]
pub async fn status(State(state): State<AppState>, Citizen { caller, lang }: Citizen, KeyPath(reference): KeyPath<Key>) -> Response {
    match status_of(&state, &caller.citizen_id, &reference, lang).await {
        Ok(s) => Json(s).into_response(),
        Err(e) => problem(&e, lang),
    }
}

/// Answers a request for more information (补正): multipart with `answer` (text) and/or a
/// `document` file.
#[utoipa::path(post, path = "/api/v1/applications/{reference}/requests/{request}/answers", tag = "application", security(("bearer" = [])),
    params(("reference" = String, Path, description = "The application's reference"),
           ("request" = String, Path, description = "The request's id"),
           super::idempotency::IdempotencyKey),
    request_body(content = super::schema::InformationAnswer, content_type = "multipart/form-data"),
    responses((status = 201, description = "Answered; the application as it is now", body = ApplicationStatus)))]
pub async fn answer(State(state): State<AppState>, Citizen { caller, lang }: Citizen, KeyPath((reference, request_id)): KeyPath<(Key, Key)>, key: IdempotencyKey, request: Request) -> Response {
    let mut form = match extract::multipart(request, &state, lang).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let fingerprint = extract::fingerprint(&form);
    let answer = form.get("answer");
    let kind = Some(form.get("kind")).filter(|k| !k.is_empty()).unwrap_or_else(|| "other".into());
    let file = form.file.take();
    idempotency::once(&state, &caller, key, lang, &format!("POST /applications/{reference}/requests/{request_id}/answers"), &fingerprint, || async {
        let answered = async {
            let actor = service::actor(&state.store, &caller.citizen_id).await?;
            let upload = file.map(|(file_name, bytes)| Upload { kind, file_name, bytes });
            service::answer_request(&state.store, state.files.as_ref(), &actor, &reference, &request_id, &answer, upload).await?;
            status_of(&state, &caller.citizen_id, &reference, lang).await
        };
        match answered.await {
            Ok(s) => (StatusCode::CREATED, Json(s)).into_response(),
            Err(e) => problem(&e, lang),
        }
    })
    .await
}

/// One of the application's documents, as kept (cleaned).
#[utoipa::path(get, path = "/api/v1/applications/{reference}/documents/{document}", tag = "application", security(("bearer" = [])),
    params(("reference" = String, Path, description = "The application's reference"), ("document" = String, Path, description = "The document's id")),
    responses((status = 200, description = "The file", content(
        (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png"), (Vec<u8> = "image/webp"), (Vec<u8> = "application/pdf")))))]
pub async fn document_file(State(state): State<AppState>, Citizen { caller, lang }: Citizen, KeyPath((reference, id)): KeyPath<(Key, Key)>) -> Response {
    match service::own_document(&state.store, state.files.as_ref(), &caller.citizen_id, &reference, &id).await {
        Ok((t, n, b)) => crate::http::download::document_response(t, n, b),
        Err(e) => problem(&e, lang),
    }
}


/// A printed letter of the application: `receipt` (受理回执) or `decision` (救助决定书 /
/// 不予救助决定书, once decided), as a PDF in Chinese with its verification code.
#[utoipa::path(get, path = "/api/v1/applications/{reference}/letters/{kind}", tag = "application", security(("bearer" = [])),
    params(("reference" = String, Path, description = "The application's reference"), ("kind" = String, Path, description = "`receipt` or `decision`")),
    responses((status = 200, description = "The letter", content((Vec<u8> = "application/pdf"))),
        (status = 404, description = "No such application of the caller's, no such letter, or no decision yet", body = crate::api::schema::Problem, content_type = "application/problem+json")))]
pub async fn letter(State(state): State<AppState>, Citizen { caller, lang }: Citizen, KeyPath((reference, kind)): KeyPath<(Key, String)>) -> Response {
    match crate::services::letters::for_applicant(&state.store, &state.printer, &caller.citizen_id, &reference, &kind).await {
        Ok(printed) => crate::http::download::letter_response(printed),
        Err(e) => problem(&e, lang),
    }
}

/// "Did it arrive?": the applicant's answer about a payment (setting it again replaces it).
/// `not_received` or `partly` puts the case in front of its office.
#[utoipa::path(put, path = "/api/v1/applications/{reference}/payments/{payment}/arrival", tag = "application", security(("bearer" = [])),
    params(("reference" = String, Path, description = "The application's reference"), ("payment" = String, Path, description = "The payment's id (`payment_check.payment_id`)")),
    request_body = super::schema::ArrivalAnswer,
    responses((status = 200, description = "Recorded; the application as it is now", body = ApplicationStatus)))]
pub async fn arrival(State(state): State<AppState>, Citizen { caller, lang }: Citizen, KeyPath((reference, payment)): KeyPath<(Key, Key)>, JsonObject(map): JsonObject) -> Response {
    let answered = async {
        service::arrival::answer(&state.store, &caller.citizen_id, &reference, &payment, &text(&map, "arrival"), &text(&map, "note")).await?;
        status_of(&state, &caller.citizen_id, &reference, lang).await
    };
    match answered.await {
        Ok(s) => Json(s).into_response(),
        Err(e) => problem(&e, lang),
    }
}
