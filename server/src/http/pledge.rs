//! The integrity pledge pages: signed-in citizens only.

use app::domain::area::AreaCode;
use app::error::AppError;
use app::pages::pledge::{PledgePageData, ReceiptData};
use app::paths;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use leptos::prelude::provide_context;

use super::keys::KeyPath;
use super::pages::{form_fields, render_with};
use app::domain::text::Key;
use super::session::{OrFailure, PageError, SignedInCitizen};
use super::client::client_address;
use super::sign_in::{cookie, SESSION_COOKIE};
use crate::services::{pledge, sign_in, today_in_china};
use crate::state::AppState;

/// The signed-in citizen, if any.
pub async fn current_citizen(state: &AppState, headers: &HeaderMap) -> Result<Option<String>, AppError> {
    match cookie(headers, SESSION_COOKIE) {
        Some(token) => sign_in::session_citizen(&state.store, &token, chrono::Utc::now().timestamp()).await,
        None => Ok(None),
    }
}

fn data_for(text: crate::store::PledgeTextRow, area: &AreaCode) -> PledgePageData {
    PledgePageData {
        paragraphs: pledge::paragraphs(&text),
        options: pledge::options(&text),
        text_id: text.id,
        title: text.title,
        question: text.question,
        version: text.version,
        effective_from: text.effective_from,
        area: area.to_string(),
        answer: None,
        signer_name: String::new(),
        on_behalf_of: String::new(),
        next: String::new(),
        errors: Vec::new(),
    }
}

pub async fn page(State(state): State<AppState>, SignedInCitizen { id: citizen, lang }: SignedInCitizen, request: Request) -> Result<Response, PageError> {
    let client = client_address(&state, &request);
    let user_agent = request.headers().get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let query: Vec<(String, String)> = request.uri().query().and_then(|q| serde_urlencoded::from_str(q).ok()).unwrap_or_default();
    let from_query = |key: &str| query.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let query_area = from_query("area");
    let query_next = from_query("next");
    let (parts, body) = request.into_parts();
    let fields = form_fields(&parts.method, body, lang).await?;
    let get = |k: &str| fields.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let area = get("area").or(query_area).and_then(|a| AreaCode::parse(&a).ok()).unwrap_or_else(province);
    let text = pledge::current_text(&state.store, &area, lang, today_in_china()).await.or_failure(lang)?;
    let mut data = data_for(text, &area);
    // Where to go once signed (the application's pledge step); only a local path.
    data.next = get("next").or(query_next).map(|n| paths::safe_next(Some(&n)).to_string()).filter(|n| n != paths::HOME).unwrap_or_default();
    if !fields.is_empty() {
        data.answer = get("answer").and_then(|a| a.parse().ok());
        data.signer_name = get("signer_name").unwrap_or_default();
        data.on_behalf_of = get("on_behalf_of").unwrap_or_default();
        // The text signed is the one shown on the page that was posted.
        let text_id = get("text_id").unwrap_or_else(|| data.text_id.clone());
        let signature = get("signature_png");
        let signing = pledge::Signing {
            citizen_id: &citizen,
            text_id: &text_id,
            answer: data.answer,
            signer_name: &data.signer_name,
            on_behalf_of: Some(&data.on_behalf_of),
            signature_png: signature.as_deref(),
            client_address: &client,
            user_agent: &user_agent,
            signed_at: chrono::Utc::now(),
        };
        match pledge::sign(&state.store, signing).await {
            Ok(_) if !data.next.is_empty() => return Ok(Redirect::to(&data.next).into_response()),
            Ok(signed) => return Ok(Redirect::to(&format!("{}/{}", paths::PLEDGE_RECEIPT, signed.verification_code)).into_response()),
            Err(AppError::Validation(errors)) => data.errors = errors,
            Err(e) => return Err(e).or_failure(lang),
        }
    }
    Ok(render_with(&state, parts, move || provide_context(data.clone())).await)
}

fn province() -> AreaCode {
    AreaCode::parse("320000").unwrap_or_else(|_| unreachable!("a valid literal code"))
}

pub async fn receipt(State(state): State<AppState>, SignedInCitizen { id: citizen, lang }: SignedInCitizen, KeyPath(code): KeyPath<Key>, request: Request) -> Result<Response, PageError> {
    let (mut parts, _) = request.into_parts();
    Ok(match pledge::receipt(&state.store, &code, &citizen).await {
        Ok((signed, text)) => {
            let data = ReceiptData {
                verification_code: signed.verification_code,
                signer_name: signed.signer_name,
                on_behalf_of: signed.on_behalf_of,
                signed_at: signed.signed_at,
                title: text.title,
                version: text.version,
                text_sha256: signed.text_sha256,
                drawn: signed.signature_kind == "drawn",
            };
            render_with(&state, parts, move || provide_context(data.clone())).await
        }
        // Someone else's receipt, or no such code: the ordinary "not found" page.
        Err(AppError::NotFound) => {
            parts.uri = Uri::from_static("/not-found");
            render_with(&state, parts, || ()).await
        }
        Err(e) => return Err(e).or_failure(lang),
    })
}

/// The signer's receipt as a PDF.
pub async fn receipt_pdf(State(state): State<AppState>, SignedInCitizen { id: citizen, lang }: SignedInCitizen, KeyPath(code): KeyPath<Key>, request: Request) -> Result<Response, PageError> {
    let (mut parts, _) = request.into_parts();
    Ok(match crate::services::letters::pledge_receipt(&state.store, &state.printer, &citizen, &code).await {
        Ok(printed) => super::download::letter_response(printed),
        Err(AppError::NotFound) => {
            parts.uri = Uri::from_static("/not-found");
            let mut r = render_with(&state, parts, || ()).await;
            *r.status_mut() = axum::http::StatusCode::NOT_FOUND;
            r
        }
        Err(e) => return Err(e).or_failure(lang),
    })
}
