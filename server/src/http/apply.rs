//! The application pages: the hub, each step, documents, submitting, the confirmation and
//! the status pages. Each handler finds who is asking, calls one service, and renders or
//! redirects (post, redirect, get), so every form works without JavaScript.

use app::error::AppError;
use app::i18n::Lang;
use app::domain::application::steps::{self, ApplyStep};
use app::page_data::apply::ApplyPageData;
use app::paths;
use axum::extract::{Path, Request, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use leptos::prelude::provide_context;

use super::keys::KeyPath;
use super::multipart::read_page_form;
use app::domain::text::Key;
use super::pages::{not_found, form_fields, render_with};
use super::pledge::current_citizen;
use super::session::{OrFailure, PageError, PageLang, SignedInCitizen};
use super::sign_in::{cookie, SESSION_COOKIE};
use crate::services::application::{self as service, Actor, StepOutcome, SubmitOutcome};
use crate::services::identity;
use crate::state::AppState;

fn to_sign_in(next: &str) -> Response {
    Redirect::to(&paths::with_next(paths::SIGN_IN, next)).into_response()
}

fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}


async fn failed(state: &AppState, parts: Parts, e: AppError, lang: Lang) -> Response {
    match e {
        AppError::NotFound => not_found(state, parts).await,
        e => super::pages::failure(&e, lang),
    }
}

/// The signed-in account holder with recorded real-name details, or where to go first.
async fn actor_or_redirect(state: &AppState, parts: &Parts, here: &str) -> Result<Actor, PageError> {
    let lang = super::pages::lang_of_parts(parts);
    let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else { return Err(to_sign_in(here).into()) };
    match service::session_actor(&state.store, &token, chrono::Utc::now().timestamp()).await {
        Ok(Some(a)) => Ok(a),
        Ok(None) => Err(to_sign_in(here).into()),
        Err(AppError::Validation(_)) => Err(see_other(&paths::with_next(paths::IDENTITY, here)).into()),
        Err(e) => Err(e).or_failure(lang),
    }
}

/// 申请: what is done, and the way into the form (with the checker's answers, if any).
pub async fn hub(State(state): State<AppState>, PageLang(lang): PageLang, request: Request) -> Result<Response, PageError> {
    let (parts, _) = request.into_parts();
    let mut data = ApplyPageData {
        from_checker: parts.uri.query().and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok()).unwrap_or_default(),
        ..ApplyPageData::default()
    };
    // Back from deleting the draft: said on the page, not carried as a checker's answer.
    data.draft_deleted = data.from_checker.iter().any(|(k, v)| k == "deleted" && v == "draft");
    data.from_checker.retain(|(k, v)| k != "deleted" && k.len() <= 40 && v.len() <= 200);
    data.from_checker.truncate(200);
    if let Some(citizen) = current_citizen(&state, &parts.headers).await.or_failure(lang)? {
        data.signed_in = true;
        let loaded = async {
            data.identity_recorded = identity::shown(&state.store, &citizen).await?.is_some();
            data.pledge_code = state.store.latest_pledge_code(&citizen).await?;
            if let Some(draft) = service::load_draft(&state.store, &state.key, &citizen).await? {
                data.draft_next = Some(service::first_to_do(&state.store, &citizen, &draft).await?);
            }
            data.submitted = state.store.applications_of(&citizen).await?.into_iter().map(|a| a.reference).collect();
            Ok::<_, AppError>(())
        };
        loaded.await.or_failure(lang)?;
    }
    Ok(render_with(&state, parts, move || provide_context(data.clone())).await)
}

/// Makes (or resumes) the draft, carrying the checker's answers when they came along.
pub async fn start(State(state): State<AppState>, PageLang(lang): PageLang, request: Request) -> Result<Response, PageError> {
    let (parts, body) = request.into_parts();
    let actor = actor_or_redirect(&state, &parts, paths::APPLY).await?;
    let fields = form_fields(&parts.method, body, lang).await?;
    let draft = service::start(&state.store, &state.key, &actor.citizen_id, steps::from_checker(&fields)).await.or_failure(lang)?;
    Ok(see_other(&service::first_to_do(&state.store, &actor.citizen_id, &draft).await.or_failure(lang)?.path()))
}

fn from_review(parts: &Parts, fields: &[(String, String)]) -> bool {
    parts.uri.query().is_some_and(|q| q.split('&').any(|p| p == "from=review")) || fields.iter().any(|(k, v)| k == "from" && v == "review")
}

pub async fn step(State(state): State<AppState>, Path(code): Path<String>, PageLang(lang): PageLang, request: Request) -> Result<Response, PageError> {
    let (parts, body) = request.into_parts();
    let Some(step) = ApplyStep::from_code(&code) else { return Ok(not_found(&state, parts).await) };
    let actor = actor_or_redirect(&state, &parts, &step.path()).await?;
    let fields = form_fields(&parts.method, body, lang).await?;
    let review = from_review(&parts, &fields);
    let mut errors = Vec::new();
    if parts.method == axum::http::Method::POST {
        match service::save_step(&state.store, &state.key, &actor.citizen_id, step, &fields, review).await {
            Ok(StepOutcome::Next(next)) => return Ok(see_other(&next.path())),
            Ok(StepOutcome::Again(e)) => errors = e,
            Err(e) => return Err(e).or_failure(lang),
        }
    }
    Ok(show_step(&state, parts, &actor, step, errors, review, lang).await)
}

async fn show_step(state: &AppState, parts: Parts, actor: &Actor, step: ApplyStep, errors: Vec<app::domain::request::FieldError>, review: bool, lang: Lang) -> Response {
    show_step_with(state, parts, actor, step, errors, review, String::new(), lang).await
}

/// The same, with the document kind a refused upload had chosen.
#[allow(clippy::too_many_arguments)]
async fn show_step_with(state: &AppState, parts: Parts, actor: &Actor, step: ApplyStep, errors: Vec<app::domain::request::FieldError>, review: bool, upload_kind: String, lang: Lang) -> Response {
    let invalid = !errors.is_empty();
    match service::step_page(&state.store, &state.key, actor, step, errors, review, lang).await {
        Ok(None) => match service::without_draft(&state.store, &actor.citizen_id).await {
            Ok(to) => see_other(&to),
            Err(e) => super::pages::failure(&e, lang),
        },
        Ok(Some(mut data)) => {
            data.upload_kind = upload_kind;
            let mut r = render_with(state, parts, move || provide_context(data.clone())).await;
            if invalid {
                *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            }
            r
        }
        Err(e) => super::pages::failure(&e, lang),
    }
}

fn field_error(field: &str, problem: app::domain::request::Problem) -> Vec<app::domain::request::FieldError> {
    vec![app::domain::request::FieldError { field: field.into(), problem }]
}

pub async fn upload(State(state): State<AppState>, PageLang(lang): PageLang, request: Request) -> Result<Response, PageError> {
    let (parts, body) = request.into_parts();
    let actor = actor_or_redirect(&state, &parts, &ApplyStep::Documents.path()).await?;
    let request = Request::from_parts(parts.clone(), body);
    let mut form = read_page_form(request, &state).await;
    let kind = form.get("kind");
    let errors = if form.too_large {
        field_error("document", app::domain::request::Problem::DocumentTooLarge)
    } else {
        match form.upload() {
            None => field_error("document", app::domain::request::Problem::DocumentMissing),
            Some(upload) => match service::add_draft_document(&state.store, &state.key, state.files.as_ref(), &actor.citizen_id, upload).await {
                Ok(_) => return Ok(see_other(&ApplyStep::Documents.path())),
                Err(AppError::Validation(e)) => e,
                Err(e) => return Err(e).or_failure(lang),
            },
        }
    };
    let mut parts = parts;
    parts.method = axum::http::Method::GET;
    parts.uri = Uri::try_from(ApplyStep::Documents.path()).unwrap_or_default();
    Ok(show_step_with(&state, parts, &actor, ApplyStep::Documents, errors, false, kind, lang).await)
}

pub async fn remove_document(State(state): State<AppState>, KeyPath(id): KeyPath<Key>, PageLang(lang): PageLang, request: Request) -> Result<Response, PageError> {
    let (parts, _) = request.into_parts();
    let actor = actor_or_redirect(&state, &parts, &ApplyStep::Documents.path()).await?;
    Ok(match service::remove_draft_document(&state.store, state.files.as_ref(), &actor.citizen_id, &id).await {
        Ok(()) => see_other(&ApplyStep::Documents.path()),
        Err(e) => failed(&state, parts, e, lang).await,
    })
}

/// The page the router renders for a submit sent back (its own address is a POST target).
const REVIEW_PATH: &str = "/apply/step/review";

pub async fn submit(State(state): State<AppState>, PageLang(lang): PageLang, request: Request) -> Result<Response, PageError> {
    let (parts, body) = request.into_parts();
    let actor = actor_or_redirect(&state, &parts, &ApplyStep::Review.path()).await?;
    let fields = form_fields(&parts.method, body, lang).await?;
    let get = |k: &str| fields.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    Ok(match service::submit(&state.store, &state.key, &actor, &get("draft_id"), get("fast_track") == "true", lang).await {
        Ok(SubmitOutcome::Submitted(reference)) => see_other(&format!("{}/{reference}", paths::APPLY_DONE)),
        // The review page again, saying what is missing and linking to each step.
        Ok(SubmitOutcome::Incomplete(step)) => {
            let problems = service::review_problems(&state.store, &state.key, &actor.citizen_id, step).await.or_failure(lang)?;
            let mut parts = parts;
            parts.uri = Uri::from_static(REVIEW_PATH);
            show_step(&state, parts, &actor, ApplyStep::Review, problems, false, lang).await
        }
        // No such draft (already submitted elsewhere and gone, or never this person's).
        Err(AppError::NotFound) => see_other(paths::APPLY),
        Err(e) => return Err(e).or_failure(lang),
    })
}

pub async fn done(State(state): State<AppState>, KeyPath(reference): KeyPath<Key>, SignedInCitizen { id: citizen, lang }: SignedInCitizen, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    match service::confirmation(&state.store, &citizen, &reference, lang).await {
        Ok(data) => render_with(&state, parts, move || provide_context(data.clone())).await,
        Err(e) => failed(&state, parts, e, lang).await,
    }
}

pub async fn status_list(State(state): State<AppState>, SignedInCitizen { id: citizen, lang }: SignedInCitizen, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    match service::list(&state.store, &citizen, lang).await {
        Ok(data) => render_with(&state, parts, move || provide_context(data.clone())).await,
        Err(e) => super::pages::failure(&e, lang),
    }
}

pub async fn status(State(state): State<AppState>, KeyPath(reference): KeyPath<Key>, SignedInCitizen { id: citizen, lang }: SignedInCitizen, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    match service::status(&state.store, &citizen, &reference, lang).await {
        Ok(data) => render_with(&state, parts, move || provide_context(data.clone())).await,
        Err(e) => failed(&state, parts, e, lang).await,
    }
}

/// Answers a request for more information (补正): an explanation and/or a document.
pub async fn respond(State(state): State<AppState>, KeyPath((reference, request_id)): KeyPath<(Key, Key)>, PageLang(lang): PageLang, request: Request) -> Result<Response, PageError> {
    let (parts, body) = request.into_parts();
    let status_path = format!("{}/{reference}", paths::STATUS);
    let actor = actor_or_redirect(&state, &parts, &status_path).await?;
    let mut form = read_page_form(Request::from_parts(parts.clone(), body), &state).await;
    let answer = form.get("answer");
    let kind = form.get("kind");
    let result = if form.too_large {
        Err(AppError::Validation(field_error("document", app::domain::request::Problem::DocumentTooLarge)))
    } else {
        let upload = form.upload();
        service::answer_request(&state.store, state.files.as_ref(), &actor, &reference, &request_id, &answer, upload).await
    };
    let mut parts = parts;
    Ok(match result {
        Ok(()) => see_other(&status_path),
        Err(AppError::Validation(errors)) => match service::status(&state.store, &actor.citizen_id, &reference, lang).await {
            Ok(mut data) => {
                data.errors = errors;
                data.answer_text = answer;
                data.upload_kind = kind;
                parts.method = axum::http::Method::GET;
                parts.uri = Uri::try_from(status_path).unwrap_or_default();
                let mut r = render_with(&state, parts, move || provide_context(data.clone())).await;
                *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
                r
            }
            Err(e) => failed(&state, parts, e, lang).await,
        },
        Err(e) => failed(&state, parts, e, lang).await,
    })
}

/// One of the citizen's own documents.
pub async fn own_document(State(state): State<AppState>, KeyPath((reference, id)): KeyPath<(Key, Key)>, SignedInCitizen { id: citizen, lang }: SignedInCitizen, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    match service::own_document(&state.store, state.files.as_ref(), &citizen, &reference, &id).await {
        Ok((t, n, b)) => super::download::document_response(t, n, b),
        Err(e) => failed(&state, parts, e, lang).await,
    }
}

/// "Did it arrive?": the applicant's answer about a payment; the status page again, with the
/// problem named and what was typed kept, when it needs correcting.
pub async fn arrival(State(state): State<AppState>, KeyPath(reference): KeyPath<Key>, SignedInCitizen { id: citizen, lang }: SignedInCitizen, request: Request) -> Response {
    let (mut parts, body) = request.into_parts();
    let fields = match super::pages::form_fields(&parts.method, body, lang).await {
        Ok(f) => f,
        Err(refused) => return refused,
    };
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let (payment, answer, note) = (get("payment"), get("arrival"), get("arrival_note"));
    let status_path = format!("{}/{reference}", paths::STATUS);
    let answered = match crate::services::key(&payment) {
        Ok(payment) => crate::services::application::arrival::answer(&state.store, &citizen, &reference, &payment, &answer, &note).await,
        Err(e) => Err(e),
    };
    match answered {
        Ok(_) => see_other(&format!("{status_path}#payment-arrival")),
        Err(AppError::Validation(errors)) => match service::status(&state.store, &citizen, &reference, lang).await {
            Ok(mut data) => {
                data.errors = errors;
                if let Some(check) = data.payment_check.as_mut() {
                    check.note = note;
                }
                parts.method = axum::http::Method::GET;
                parts.uri = Uri::try_from(status_path).unwrap_or_default();
                let mut r = render_with(&state, parts, move || provide_context(data.clone())).await;
                *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
                r
            }
            Err(e) => failed(&state, parts, e, lang).await,
        },
        Err(e) => failed(&state, parts, e, lang).await,
    }
}

/// The applicant's receipt or decision notice as a PDF.
pub async fn letter(State(state): State<AppState>, KeyPath((reference, kind)): KeyPath<(Key, String)>, SignedInCitizen { id: citizen, lang }: SignedInCitizen, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    match crate::services::letters::for_applicant(&state.store, &state.printer, &citizen, &reference, &kind).await {
        Ok(printed) => super::download::letter_response(printed),
        Err(e) => failed(&state, parts, e, lang).await,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_review_path_is_the_review_steps_address() {
        assert_eq!(super::REVIEW_PATH, super::ApplyStep::Review.path());
    }
}

/// Asks before deleting the draft (GET), and deletes it (POST): back to 申请, which says so.
pub async fn delete_draft(State(state): State<AppState>, SignedInCitizen { id: citizen, lang }: SignedInCitizen, request: Request) -> Result<Response, PageError> {
    let (parts, body) = request.into_parts();
    if parts.method == axum::http::Method::POST {
        let fields = form_fields(&parts.method, body, lang).await?;
        let id = fields.iter().rev().find(|(n, _)| n == "draft_id").map(|(_, v)| v.clone()).unwrap_or_default();
        let deleted = match crate::services::key(&id) {
            Ok(id) => crate::services::personal_data::delete_draft(&state.store, state.files.as_ref(), &citizen, &id).await,
            Err(e) => Err(e),
        };
        return Ok(match deleted {
            // Gone already (a second tap, another phone): the same place, nothing to delete.
            Ok(()) | Err(AppError::NotFound) => see_other(&format!("{}?deleted=draft", paths::APPLY)),
            Err(e) => return Err(e).or_failure(lang),
        });
    }
    let Some(draft) = service::draft_id(&state.store, &citizen).await.or_failure(lang)? else { return Ok(see_other(paths::APPLY)) };
    let data = ApplyPageData { draft_id: Some(draft), signed_in: true, ..ApplyPageData::default() };
    Ok(render_with(&state, parts, move || provide_context(data.clone())).await)
}

/// 我的全部数据: everything held about the person, as a page.
pub async fn my_data(State(state): State<AppState>, SignedInCitizen { id: citizen, lang }: SignedInCitizen, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    match crate::services::personal_data::gather(&state.store, &state.key, &citizen).await {
        Ok(data) => {
            let mut r = render_with(&state, parts, move || provide_context(data.clone())).await;
            r.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
            r
        }
        Err(e) => super::pages::failure(&e, lang),
    }
}

/// The same as a JSON download.
pub async fn my_data_json(State(state): State<AppState>, SignedInCitizen { id: citizen, lang }: SignedInCitizen) -> Response {
    match crate::services::personal_data::gather(&state.store, &state.key, &citizen).await {
        Ok(data) => super::download::json_download(&data, "my-data.json"),
        Err(e) => super::pages::failure(&e, lang),
    }
}
