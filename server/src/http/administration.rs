//! 工作台 administration pages (#17): policy parameters. Each handler finds the staff member
//! and hands over to `services::administration`, which checks role and area.

use app::domain::text::Key;
use app::error::AppError;
use app::i18n::{Lang, Msg};
use app::page_data::administration::{ParametersData, ProposalForm};
use app::pages::staff::STAFF_PARAMETERS;
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use leptos::prelude::provide_context;

use super::keys::KeyPath;
use super::pages::{failure, form_fields, render_with};
use super::session::{OrFailure, PageError, SignedInStaff};
use crate::services::administration::parameters as service;
use crate::services::staff::Staff;
use crate::state::AppState;

/// What was just done, from the address a decision redirects to.
fn done_of(parts: &Parts, lang: Lang) -> Option<String> {
    let done = parts.uri.query().and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())?.into_iter().find(|(k, _)| k == "done")?.1;
    let msg = match done.as_str() {
        "proposed" => Msg::ParamsSent,
        "approved" => Msg::ParamsApprovedNow,
        "refused" => Msg::ParamsRefusedNow,
        _ => return None,
    };
    Some(lang.t(msg).to_string())
}

/// The page, or the page again with what was typed and the problems named (422).
async fn page(state: &AppState, mut parts: Parts, staff: &Staff, lang: Lang, refused: Option<(ProposalForm, Vec<app::domain::request::FieldError>)>) -> Result<Response, PageError> {
    let mut data: ParametersData = match service::overview(&state.store, staff, lang).await {
        Ok(d) => d,
        Err(e) => return Ok(failure(&e, lang)),
    };
    let status = if refused.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    match refused {
        Some((form, errors)) => {
            data.form = form;
            data.errors = errors;
        }
        None => data.done = done_of(&parts, lang),
    }
    parts.method = axum::http::Method::GET;
    parts.uri = Uri::from_static(STAFF_PARAMETERS);
    let mut r = render_with(state, parts, move || provide_context(data.clone())).await;
    *r.status_mut() = status;
    Ok(r)
}

pub async fn parameters(State(state): State<AppState>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Result<Response, PageError> {
    let (parts, body) = request.into_parts();
    if parts.method != axum::http::Method::POST {
        return page(&state, parts, &staff, lang, None).await;
    }
    let fields = form_fields(&parts.method, body, lang).await?;
    let get = |k: &str| fields.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let form = ProposalForm { name: get("name"), value: get("value"), effective_from: get("effective_from"), source: get("source") };
    match service::propose(&state.store, &staff, &form).await {
        Ok(()) => Ok(Redirect::to(&format!("{STAFF_PARAMETERS}?done=proposed")).into_response()),
        Err(AppError::Validation(errors)) => page(&state, parts, &staff, lang, Some((form, errors))).await,
        Err(e) => Ok(failure(&e, lang)),
    }
}

/// Approves or refuses a colleague's proposal (`how` is `approve` or `refuse`).
pub async fn decide(State(state): State<AppState>, KeyPath((id, how)): KeyPath<(Key, String)>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Result<Response, PageError> {
    let (parts, body) = request.into_parts();
    let fields = form_fields(&parts.method, body, lang).await?;
    let note = fields.iter().rev().find(|(n, _)| n == "note").map(|(_, v)| v.clone()).unwrap_or_default();
    let result = match how.as_str() {
        "approve" => service::approve(&state.store, &staff, &id).await.map(|()| "approved"),
        "refuse" => service::refuse(&state.store, &staff, &id, &note).await.map(|()| "refused"),
        _ => Err(AppError::NotFound),
    };
    match result {
        Ok(done) => Ok(Redirect::to(&format!("{STAFF_PARAMETERS}?done={done}")).into_response()),
        Err(AppError::Validation(errors)) => page(&state, parts, &staff, lang, Some((ProposalForm::default(), errors))).await,
        Err(AppError::NotFound) => Ok(not_found(&state, parts).await),
        Err(e) => Err(e).or_failure(lang),
    }
}

pub async fn history(State(state): State<AppState>, KeyPath(name): KeyPath<Key>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    match service::history(&state.store, &staff, name.as_str(), lang).await {
        Ok(data) => render_with(&state, parts, move || provide_context(data.clone())).await,
        Err(AppError::NotFound) => not_found(&state, parts).await,
        Err(e) => failure(&e, lang),
    }
}

async fn not_found(state: &AppState, mut parts: Parts) -> Response {
    parts.method = axum::http::Method::GET;
    parts.uri = Uri::from_static("/not-found");
    let mut r = render_with(state, parts, || ()).await;
    *r.status_mut() = StatusCode::NOT_FOUND;
    r
}
