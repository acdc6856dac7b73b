//! The real-name details page: signed-in citizens only; the full ID number is never echoed
//! back once saved.

use app::error::AppError;
use app::pages::identity::IdentityPageData;
use app::paths;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use leptos::prelude::provide_context;

use super::pages::{form_fields, render_with};
use super::session::{OrFailure, PageError, SignedInCitizen};
use crate::services::identity::{self, DevIdentityVerifier};
use crate::state::AppState;

pub async fn page(State(state): State<AppState>, SignedInCitizen { id: citizen, lang }: SignedInCitizen, request: Request) -> Result<Response, PageError> {
    let (parts, body) = request.into_parts();
    let fields = form_fields(&parts.method, body, lang).await?;
    let get = |k: &str| fields.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    // Where to go once saved: the posted hidden field, or the query of the first visit.
    let query_next: Option<String> = parts
        .uri
        .query()
        .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
        .and_then(|q| q.into_iter().find(|(k, _)| k == "next").map(|(_, v)| v));
    let posted = get("next");
    let next = app::paths::safe_next(Some(posted).filter(|n| !n.is_empty()).or(query_next).as_deref()).to_string();
    let mut data = IdentityPageData { saved: None, full_name: get("full_name"), id_number: String::new(), consent: get("consent") == "true", next, errors: Vec::new() };
    if !fields.is_empty() {
        let id_text = get("id_number");
        match identity::save(&state.store, &state.key, &DevIdentityVerifier, &citizen, &data.full_name, &id_text, data.consent, chrono::Utc::now()).await {
            Ok(_) if data.next != paths::HOME => return Ok(Redirect::to(&data.next).into_response()),
            Ok(_) => {}
            Err(AppError::Validation(errors)) => {
                data.errors = errors;
                data.id_number = id_text;
            }
            Err(e) => return Err(e).or_failure(lang),
        }
    }
    data.saved = identity::shown(&state.store, &citizen).await.or_failure(lang)?.map(|s| (s.full_name, s.id_masked));
    Ok(render_with(&state, parts, move || provide_context(data.clone())).await)
}
