//! Sign-in and sign-out pages, the session cookie, and the development SMS outbox.

use app::domain::identity::Phone;
use app::domain::request::{FieldError, Problem};
use app::error::AppError;
use app::i18n::Msg;
use app::pages::sign_in::{SignInPageData, SignInStep};
use app::paths::safe_next;
use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use leptos::prelude::provide_context;
use serde::Deserialize;

use super::client::{client_address, is_tls};
use super::pages::{form_fields, lang_of, render_with};
use super::session::{OrFailure, PageError, PageLang};
use crate::services::sign_in::{self, OutboxNotifier, LIMITS};
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "sid";

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| k.trim() == name)
        .map(|(_, v)| v.trim().to_string())
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// A staff member signed in on this browser helps residents sign in at the office: their
/// client address is not counted (`http::staff` sets the helper cookie at sign-in).
async fn asker<'a>(state: &AppState, parts: &axum::http::request::Parts, client: &'a str) -> Result<sign_in::Asker<'a>, AppError> {
    if let Some(token) = cookie(&parts.headers, super::staff::HELPER_COOKIE) {
        // Only a session through every gate (the second factor too) helps.
        if let Some(staff) = crate::services::staff::session_staff_idle(&state.store, &token, now(), state.retention.staff_idle_secs).await? {
            if crate::services::second_factor::gate(&state.store, &staff.id, &token, state.staff_second_factor).await? == crate::services::second_factor::Gate::Open {
                return Ok(sign_in::Asker::Staff);
            }
        }
    }
    Ok(sign_in::Asker::Address { address: client, per_hour: state.api.codes_per_address_per_hour })
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn page(State(state): State<AppState>, Query(q): Query<NextQuery>, request: Request) -> Result<Response, PageError> {
    let lang = lang_of(&request);
    let client = client_address(&state, &request);
    let tls = is_tls(&state, request.headers());
    let previous = cookie(request.headers(), SESSION_COOKIE);
    let (parts, body) = request.into_parts();
    let fields = form_fields(&parts.method, body, lang).await?;
    let get = |k: &str| fields.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let next = safe_next(Some(&get("next")).filter(|n| !n.is_empty()).map(String::as_str).or(q.next.as_deref())).to_string();
    let mut data = SignInPageData {
        step: SignInStep::Phone,
        phone: get("phone"),
        masked_phone: String::new(),
        challenge: get("challenge"),
        next: next.clone(),
        errors: Vec::new(),
    };
    let phone = Phone::parse(&data.phone);
    if let Ok(p) = &phone {
        data.masked_phone = p.masked();
    }
    match get("action").as_str() {
        "send" => match phone {
            Err(_) => data.errors.push(FieldError { field: "phone".into(), problem: Problem::PhoneFormat }),
            Ok(p) => match sign_in::request_code_for(&state.store, &OutboxNotifier(state.store.clone()), &p, asker(&state, &parts, &client).await.or_failure(lang)?, sign_in::CodePurpose::SignIn, lang, now()).await {
                Ok(challenge) => {
                    data.step = SignInStep::Code;
                    data.challenge = challenge;
                }
                Err(AppError::Validation(errors)) => {
                    // A resend refused while on the code screen stays there.
                    if !data.challenge.is_empty() {
                        data.step = SignInStep::Code;
                        data.errors = errors.into_iter().map(|e| FieldError { field: "code".into(), ..e }).collect();
                    } else {
                        data.errors = errors;
                    }
                }
                Err(e) => return Err(e).or_failure(lang),
            },
        },
        "verify" => {
            data.step = SignInStep::Code;
            match sign_in::verify_code(&state.store, &data.challenge, &get("code"), now()).await {
                Ok(citizen) => {
                    let token = sign_in::start_session(&state.store, &citizen, previous.as_deref(), now()).await.or_failure(lang)?;
                    let secure = if tls { "; Secure" } else { "" };
                    let value = format!("{SESSION_COOKIE}={token}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{secure}", LIMITS.session_secs);
                    let mut response = Redirect::to(&next).into_response();
                    if let Ok(v) = HeaderValue::from_str(&value) {
                        response.headers_mut().insert(header::SET_COOKIE, v);
                    }
                    return Ok(response);
                }
                Err(AppError::Validation(errors)) => data.errors = errors,
                Err(e) => return Err(e).or_failure(lang),
            }
        }
        _ => {}
    }
    Ok(render_with(&state, parts, move || provide_context(data.clone())).await)
}

pub async fn sign_out(State(state): State<AppState>, PageLang(lang): PageLang, headers: HeaderMap) -> Result<Response, PageError> {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        sign_in::end_session(&state.store, &token).await.or_failure(lang)?;
    }
    let mut response = Redirect::to("/").into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, HeaderValue::from_static("sid=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"));
    Ok(response)
}

/// Development only: the texts the outbox notifier "sent", newest first.
pub async fn dev_outbox(State(state): State<AppState>, PageLang(lang): PageLang) -> Result<Response, PageError> {
    if !state.dev_outbox {
        return Ok(StatusCode::NOT_FOUND.into_response());
    }
    let rows = state.store.outbox(50).await.map_err(AppError::from).or_failure(lang)?;
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let items: String = rows
        .iter()
        .map(|(phone, body, at)| {
            let when = chrono::DateTime::from_timestamp(*at, 0).map(|t| lang.local_time(&t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))).unwrap_or_default();
            format!("<li data-phone=\"{}\"><time>{}</time> {} — {}</li>", escape(phone), escape(&when), escape(phone), escape(body))
        })
        .collect();
    let (title, intro, back) = (lang.t(Msg::DemoOutboxTitle), lang.t(Msg::DemoOutboxIntro), lang.t(Msg::BackHome));
    Ok(Html(format!(
        "<!DOCTYPE html><html lang=\"{}\"><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><h1>{title}</h1><p>{intro}</p><ul>{items}</ul><p><a href=\"/\">{back}</a></p></html>",
        lang.code()
    ))
    .into_response())
}

