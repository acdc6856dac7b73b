//! `/verify` and `/verify/{code}`: open to anyone, signed in or not.

use app::page_data::verify::{VerifyAnswer, VerifyData};
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use leptos::prelude::provide_context;

use super::pages::render_with;
use super::session::OrFailure;
use crate::services::letters::{self, Verified};
use crate::state::AppState;

/// The form; with `?code=` (the form sent, Enter or the button) the code's own address,
/// or the form again with the text kept and the problem named.
pub async fn page(State(state): State<AppState>, request: Request) -> Result<Response, super::session::PageError> {
    let lang = super::pages::lang_of(&request);
    let (parts, _) = request.into_parts();
    // A query that does not decode is the empty form, like no query at all.
    let fields: Vec<(String, String)> = parts.uri.query().and_then(|q| serde_urlencoded::from_str(q).ok()).unwrap_or_default();
    let typed = fields.into_iter().rev().find(|(k, _)| k == "code").map(|(_, v)| v);
    let Some(typed) = typed.filter(|c| !c.trim().is_empty()) else {
        return Ok(render_with(&state, parts, || ()).await);
    };
    Ok(match letters::verify(&state.store, &typed).await.or_failure(lang)? {
        Verified::Issued(code, _) | Verified::NotIssued(code) => Redirect::to(&format!("{}/{}", app::paths::VERIFY, code.as_str())).into_response(),
        Verified::Malformed => {
            let data = VerifyData { typed, malformed: true, answer: None };
            let mut r = render_with(&state, parts, move || provide_context(data.clone())).await;
            *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            r
        }
    })
}

/// What the QR code opens.
pub async fn code(State(state): State<AppState>, Path(code): Path<String>, request: Request) -> Result<Response, super::session::PageError> {
    let lang = super::pages::lang_of(&request);
    let (parts, _) = request.into_parts();
    let (data, status) = match letters::verify(&state.store, &code).await.or_failure(lang)? {
        Verified::Issued(code, day) => (VerifyData { typed: code.grouped(), malformed: false, answer: Some(VerifyAnswer::Issued { code: code.grouped(), day: day.to_string() }) }, axum::http::StatusCode::OK),
        Verified::NotIssued(code) => (VerifyData { typed: code.grouped(), malformed: false, answer: Some(VerifyAnswer::NotIssued { code: code.grouped() }) }, axum::http::StatusCode::NOT_FOUND),
        Verified::Malformed => (VerifyData { typed: code, malformed: true, answer: None }, axum::http::StatusCode::NOT_FOUND),
    };
    let mut r = render_with(&state, parts, move || provide_context(data.clone())).await;
    *r.status_mut() = status;
    Ok(r)
}
