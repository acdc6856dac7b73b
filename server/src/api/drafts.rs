//! The application being written, from an app: the same draft, steps and rules as the web
//! form (one draft per account, saved before it is checked, so nothing sent is lost).

use app::error::AppError;
use app::domain::application::steps::ApplyStep;
use app::domain::application::Answers;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::extract::{self, scalar, Citizen, JsonObject, KeyPath};
use app::domain::text::Key;
use super::idempotency::{self, IdempotencyKey};
use super::problem::{problem, request_problem};
use super::schema::{Document, Draft, StepState};
use crate::services::api_access::Caller;
use crate::services::application::{self as service, DraftState, StepOutcome, Upload};
use crate::state::AppState;

fn shown(s: DraftState) -> Draft {
    Draft {
        id: s.draft.id,
        version: s.draft.version,
        answers: s.draft.answers.0.into_iter().collect(),
        steps: s.steps.into_iter().map(|(step, complete)| StepState { step: step.code().into(), number: step.number() as u32, complete }).collect(),
        next_step: s.next.map(|n| n.code().to_string()),
        documents: s.documents.into_iter().map(document).collect(),
    }
}

pub(super) fn document(d: app::domain::application::documents::DocumentItem) -> Document {
    Document { id: d.id, kind: d.kind, name: d.name, size_kb: d.size_kb }
}

/// The caller's draft when `id` names it; anyone else's (or none) is "not found".
async fn own_draft(state: &AppState, caller: &Caller, id: &str) -> Result<DraftState, AppError> {
    match service::draft_state(&state.store, &state.key, &caller.citizen_id).await? {
        Some(s) if s.draft.id == id => Ok(s),
        _ => Err(AppError::NotFound),
    }
}

/// That `id` is the caller's draft, before changing it (the answers stay sealed).
async fn check_own(state: &AppState, caller: &Caller, id: &str) -> Result<(), AppError> {
    match service::draft_id(&state.store, &caller.citizen_id).await? {
        Some(own) if own == id => Ok(()),
        _ => Err(AppError::NotFound),
    }
}

async fn current(state: &AppState, caller: &Caller) -> Result<Draft, AppError> {
    service::draft_state(&state.store, &state.key, &caller.citizen_id).await?.map(shown).ok_or(AppError::NotFound)
}

/// Starts the account's draft (or returns the one already open), optionally with answers
/// to start from.
#[utoipa::path(post, path = "/api/v1/drafts", tag = "application", security(("bearer" = [])),
    params(super::idempotency::IdempotencyKey),
    request_body = super::schema::DraftStart,
    responses((status = 201, description = "The draft", body = Draft)))]
pub async fn start(State(state): State<AppState>, Citizen { caller, lang }: Citizen, key: IdempotencyKey, JsonObject(map): JsonObject) -> Response {
    idempotency::once(&state, &caller, key, lang, "POST /drafts", &idempotency::json_fingerprint(&map), || async {
        // Only answers some step asks for are taken, as from the checker's link on the web.
        let fields: Vec<(String, String)> = match map.get("answers") {
            Some(serde_json::Value::Object(a)) => a.iter().take(200).map(|(k, v)| (k.clone(), scalar(Some(v)))).collect(),
            _ => Vec::new(),
        };
        let prefill = app::domain::application::steps::from_checker(&fields);
        let started = async {
            service::start(&state.store, &state.key, &caller.citizen_id, Answers(prefill.0)).await?;
            current(&state, &caller).await
        };
        match started.await {
            Ok(d) => (StatusCode::CREATED, Json(d)).into_response(),
            Err(e) => problem(&e, lang),
        }
    })
    .await
}

/// The draft: answers, which steps are done, the next step, documents.
#[utoipa::path(get, path = "/api/v1/drafts/{id}", tag = "application", security(("bearer" = [])),
    params(("id" = String, Path, description = "The draft's id")),
    responses((status = 200, description = "The draft", body = Draft)))]
pub async fn read(State(state): State<AppState>, Citizen { caller, lang }: Citizen, Path(id): Path<String>) -> Response {
    match own_draft(&state, &caller, &id).await {
        Ok(s) => Json(shown(s)).into_response(),
        Err(e) => problem(&e, lang),
    }
}

/// Saves one step's answers, then checks them. The answers are kept even when a check
/// fails (422 lists what to change), exactly as the web form does.
#[utoipa::path(put, path = "/api/v1/drafts/{id}/steps/{step}", tag = "application", security(("bearer" = [])),
    params(("id" = String, Path, description = "The draft's id"),
           ("step" = super::schema::StepCode, Path, description = "The step whose fields these are")),
    request_body = super::schema::StepSave,
    responses((status = 200, description = "Saved and complete", body = Draft)))]
pub async fn save_step(State(state): State<AppState>, Citizen { caller, lang }: Citizen, Path((id, step)): Path<(String, String)>, JsonObject(map): JsonObject) -> Response {
    if let Err(e) = check_own(&state, &caller, &id).await {
        return problem(&e, lang);
    }
    let Some(step) = ApplyStep::from_code(&step).filter(|s| *s != ApplyStep::Review) else {
        return request_problem(StatusCode::NOT_FOUND, "step-unknown", app::i18n::Msg::ApiDraftStepUnknown, lang);
    };
    let mut fields: Vec<(String, String)> = match map.get("fields") {
        Some(serde_json::Value::Object(f)) => f.iter().take(200).map(|(k, v)| (k.clone(), scalar(Some(v)))).collect(),
        _ => Vec::new(),
    };
    let action = scalar(map.get("action"));
    if !action.is_empty() {
        fields.push(("action".into(), action));
    }
    match service::save_step(&state.store, &state.key, &caller.citizen_id, step, &fields, false).await {
        Ok(StepOutcome::Again(errors)) if !errors.is_empty() => problem(&AppError::Validation(errors), lang),
        Ok(_) => match current(&state, &caller).await {
            Ok(d) => Json(d).into_response(),
            Err(e) => problem(&e, lang),
        },
        Err(e) => problem(&e, lang),
    }
}

/// Adds a document (multipart: `kind` and the file as `document`).
#[utoipa::path(post, path = "/api/v1/drafts/{id}/documents", tag = "application", security(("bearer" = [])),
    params(("id" = String, Path, description = "The draft's id"), super::idempotency::IdempotencyKey),
    request_body(content = super::schema::DocumentUpload, content_type = "multipart/form-data"),
    responses((status = 201, description = "Kept (cleaned, without metadata)", body = Document)))]
pub async fn upload(State(state): State<AppState>, Citizen { caller, lang }: Citizen, Path(id): Path<String>, key: IdempotencyKey, request: Request) -> Response {
    if let Err(e) = check_own(&state, &caller, &id).await {
        return problem(&e, lang);
    }
    let mut form = match extract::multipart(request, &state, lang).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let fingerprint = extract::fingerprint(&form);
    let kind = form.get("kind");
    let file = form.file.take();
    idempotency::once(&state, &caller, key, lang, &format!("POST /drafts/{id}/documents"), &fingerprint, || async {
        let Some((file_name, bytes)) = file else {
            return problem(&AppError::Validation(vec![app::domain::request::FieldError { field: "document".into(), problem: app::domain::request::Problem::DocumentMissing }]), lang);
        };
        match service::add_draft_document(&state.store, &state.key, state.files.as_ref(), &caller.citizen_id, Upload { kind, file_name, bytes }).await {
            Ok(row) => (StatusCode::CREATED, Json(document(service::document_item(row)))).into_response(),
            Err(e) => problem(&e, lang),
        }
    })
    .await
}

/// Removes a document from the draft.
#[utoipa::path(delete, path = "/api/v1/drafts/{id}/documents/{document}", tag = "application", security(("bearer" = [])),
    params(("id" = String, Path, description = "The draft's id"), ("document" = String, Path, description = "The document's id")),
    responses((status = 204, description = "Removed")))]
pub async fn remove_document(State(state): State<AppState>, Citizen { caller, lang }: Citizen, KeyPath((id, document)): KeyPath<(String, Key)>) -> Response {
    if let Err(e) = check_own(&state, &caller, &id).await {
        return problem(&e, lang);
    }
    match service::remove_draft_document(&state.store, state.files.as_ref(), &caller.citizen_id, &document).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => problem(&e, lang),
    }
}

/// Deletes the draft and its documents, at the person's request; it cannot be undone.
#[utoipa::path(delete, path = "/api/v1/drafts/{id}", tag = "application", security(("bearer" = [])),
    params(("id" = String, Path, description = "The draft's id")),
    responses((status = 204, description = "Deleted"), (status = 404, description = "No such draft of this account")))]
pub async fn delete(State(state): State<AppState>, Citizen { caller, lang }: Citizen, KeyPath(id): KeyPath<Key>) -> Response {
    match crate::services::personal_data::delete_draft(&state.store, state.files.as_ref(), &caller.citizen_id, &id).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => problem(&e, lang),
    }
}

/// Everything the portal holds about the signed-in account, as one document.
#[utoipa::path(get, path = "/api/v1/me/data", tag = "account", security(("bearer" = [])),
    responses((status = 200, description = "Everything held about this account", body = super::schema::PersonalDataDocument)))]
pub async fn my_data(State(state): State<AppState>, Citizen { caller, lang }: Citizen) -> Response {
    match crate::services::personal_data::gather(&state.store, &state.key, &caller.citizen_id).await {
        Ok(data) => {
            let mut r = Json(data).into_response();
            r.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
            r
        }
        Err(e) => problem(&e, lang),
    }
}
