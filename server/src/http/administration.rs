//! 工作台 administration pages (#17): policy parameters. Each handler finds the staff member
//! and hands over to `services::administration`, which checks role and area.

use app::domain::text::Key;
use app::error::AppError;
use app::i18n::{Lang, Msg};
use app::page_data::administration::{AccountForm, ParametersData, ProposalForm, SetupLink};
use app::pages::staff::{STAFF_ACCOUNTS, STAFF_PARAMETERS};
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use leptos::prelude::provide_context;

use super::keys::KeyPath;
use super::pages::{not_found, failure, form_fields, render_with};
use super::session::{OrFailure, PageError, SignedInStaff};
use crate::services::administration::accounts;
use crate::services::administration::offices;
use crate::services::administration::pledge_texts;
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


fn get_field(fields: &[(String, String)], k: &str) -> String {
    fields.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default()
}

fn link_for(state: &AppState, name: String, token: &str) -> SetupLink {
    SetupLink { name, url: format!("{}{}/{token}", state.printer.site, app::pages::staff::STAFF_SETUP), hours: accounts::SETUP_LINK_HOURS }
}

/// The accounts page; a new account is made on a post, and the page answers with its
/// one-time link (shown this once, so it is not a redirect).
pub async fn accounts_page(State(state): State<AppState>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Result<Response, PageError> {
    let (mut parts, body) = request.into_parts();
    let mut data = match accounts::list(&state.store, &staff, lang).await {
        Ok(d) => d,
        Err(e) => return Ok(failure(&e, lang)),
    };
    let mut status = StatusCode::OK;
    if parts.method == axum::http::Method::POST {
        let fields = form_fields(&parts.method, body, lang).await?;
        let form = AccountForm { username: get_field(&fields, "username"), full_name: get_field(&fields, "full_name"), phone: get_field(&fields, "phone"), role: get_field(&fields, "role"), area_code: get_field(&fields, "area_code"), provider: get_field(&fields, "provider") };
        match accounts::create(&state.store, &staff, &form).await {
            Ok((_, token)) => {
                data = accounts::list(&state.store, &staff, lang).await.or_failure(lang)?;
                data.link = Some(link_for(&state, form.full_name.trim().to_string(), &token));
            }
            Err(AppError::Validation(errors)) => {
                data.form = form;
                data.errors = errors;
                status = StatusCode::UNPROCESSABLE_ENTITY;
            }
            Err(e) => return Err(e).or_failure(lang),
        }
        parts.method = axum::http::Method::GET;
    }
    // Nothing in this answer is to be kept: it may hold a setup link.
    let mut r = render_with(&state, parts, move || provide_context(data.clone())).await;
    *r.status_mut() = status;
    r.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    Ok(r)
}

async fn account_page(state: &AppState, mut parts: Parts, staff: &Staff, id: &Key, lang: Lang, change: impl FnOnce(&mut app::page_data::administration::AccountData)) -> Response {
    match accounts::account(&state.store, staff, id, lang).await {
        Ok(mut data) => {
            change(&mut data);
            let status = if data.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
            parts.method = axum::http::Method::GET;
            // A post's answer renders the account's own page.
            parts.uri = Uri::try_from(format!("{STAFF_ACCOUNTS}/{id}")).unwrap_or_default();
            let mut r = render_with(state, parts, move || provide_context(data.clone())).await;
            *r.status_mut() = status;
            r.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
            r
        }
        Err(AppError::NotFound) => not_found(state, parts).await,
        Err(e) => failure(&e, lang),
    }
}

pub async fn account(State(state): State<AppState>, KeyPath(id): KeyPath<Key>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let done = parts.uri.query().and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok()).and_then(|q| q.into_iter().find(|(k, _)| k == "done")).map(|(_, v)| v);
    let said = match done.as_deref() {
        Some("change") => Some(Msg::AccountsChanged),
        Some("deactivate") => Some(Msg::AccountsDeactivated),
        Some("reactivate") => Some(Msg::AccountsReactivated),
        Some("end-session") => Some(Msg::AccountsSessionEnded),
        Some("reset-second-factor") => Some(Msg::AccountsSecondFactorReset),
        _ => None,
    };
    account_page(&state, parts, &staff, &id, lang, |d| d.done = said.map(|m| lang.t(m).to_string())).await
}

/// One change to an account: `change`, `deactivate`, `reactivate`, `reset` or `end-session`.
pub async fn account_action(State(state): State<AppState>, KeyPath((id, action)): KeyPath<(Key, String)>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Result<Response, PageError> {
    let (parts, body) = request.into_parts();
    let fields = form_fields(&parts.method, body, lang).await?;
    let result = match action.as_str() {
        "change" => accounts::change(&state.store, &staff, &id, &get_field(&fields, "role"), &get_field(&fields, "area_code")).await.map(|()| None),
        "deactivate" => accounts::set_active(&state.store, &staff, &id, false).await.map(|()| None),
        "reactivate" => accounts::set_active(&state.store, &staff, &id, true).await.map(|()| None),
        "reset" => accounts::reset_password(&state.store, &staff, &id).await.map(Some),
        "reset-second-factor" => accounts::reset_second_factor(&state.store, &staff, &id).await.map(|()| None),
        "end-session" => match Key::parse(&get_field(&fields, "session")) {
            Some(session) => accounts::end_session(&state.store, &staff, &id, &session).await.map(|()| None),
            None => Err(AppError::NotFound),
        },
        _ => Err(AppError::NotFound),
    };
    Ok(match result {
        Ok(None) => Redirect::to(&format!("{STAFF_ACCOUNTS}/{id}?done={action}")).into_response(),
        // A reset's link is shown this once, on the answer itself.
        Ok(Some(token)) => {
            let state2 = state.clone();
            account_page(&state, parts, &staff, &id, lang, move |d| d.link = Some(link_for(&state2, d.full_name.clone(), &token))).await
        }
        Err(AppError::Validation(errors)) => {
            let (role, area) = (get_field(&fields, "role"), get_field(&fields, "area_code"));
            account_page(&state, parts, &staff, &id, lang, move |d| {
                d.errors = errors;
                if !role.is_empty() {
                    d.form.role = role;
                    d.form.area_code = area;
                }
            })
            .await
        }
        Err(AppError::NotFound) => not_found(&state, parts).await,
        Err(e) => return Err(e).or_failure(lang),
    })
}

/// The page a setup link opens, and its post: the person chooses a password and is signed in.
pub async fn setup(State(state): State<AppState>, KeyPath(token): KeyPath<Key>, request: Request) -> Result<Response, PageError> {
    let lang = super::pages::lang_of(&request);
    let tls = super::client::is_tls(&state, request.headers());
    let (mut parts, body) = request.into_parts();
    let mut data = accounts::setup_page(&state.store, &token).await.or_failure(lang)?;
    let mut status = if data.valid { StatusCode::OK } else { StatusCode::NOT_FOUND };
    if parts.method == axum::http::Method::POST && data.valid {
        let fields = form_fields(&parts.method, body, lang).await?;
        match accounts::complete_setup(&state.store, &token, &get_field(&fields, "password"), &get_field(&fields, "confirm")).await {
            Ok(signed_in) => return Ok(super::staff::signed_in_response(&signed_in, tls)),
            Err(AppError::Validation(errors)) => {
                data.errors = errors;
                status = StatusCode::UNPROCESSABLE_ENTITY;
            }
            Err(AppError::NotFound) => {
                data = Default::default();
                status = StatusCode::NOT_FOUND;
            }
            Err(e) => return Err(e).or_failure(lang),
        }
        parts.method = axum::http::Method::GET;
    }
    let mut r = render_with(&state, parts, move || provide_context(data.clone())).await;
    *r.status_mut() = status;
    r.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    Ok(r)
}

/// The offices of the staff member's area.
pub async fn offices_page(State(state): State<AppState>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    match offices::list(&state.store, &staff, lang).await {
        Ok(data) => render_with(&state, parts, move || provide_context(data.clone())).await,
        Err(e) => failure(&e, lang),
    }
}

async fn office_page(state: &AppState, mut parts: Parts, staff: &Staff, code: &Key, lang: Lang, change: impl FnOnce(&mut app::page_data::administration::OfficeData)) -> Response {
    match offices::office(&state.store, staff, code, lang).await {
        Ok(mut data) => {
            change(&mut data);
            let status = if data.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
            parts.method = axum::http::Method::GET;
            parts.uri = Uri::try_from(format!("{}/{code}", app::pages::staff::STAFF_OFFICES)).unwrap_or_default();
            let mut r = render_with(state, parts, move || provide_context(data.clone())).await;
            *r.status_mut() = status;
            r
        }
        Err(AppError::NotFound) => not_found(state, parts).await,
        Err(e) => failure(&e, lang),
    }
}

pub async fn office(State(state): State<AppState>, KeyPath(code): KeyPath<Key>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let done = parts.uri.query().and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok()).unwrap_or_default();
    let said = done.iter().find(|(k, _)| k == "done").map(|(_, v)| match v.as_str() {
        "edit" => lang.t(Msg::OfficesSaved).to_string(),
        "open" => lang.t(Msg::OfficesReopened).to_string(),
        _ => app::i18n::fill(lang.t(Msg::OfficesClosedNow), &[("n", done.iter().find(|(k, _)| k == "moved").map(|(_, n)| n.clone()).unwrap_or_default())]),
    });
    office_page(&state, parts, &staff, &code, lang, |d| d.done = said).await
}

/// `edit`, `close` (with the office that takes its cases) or `open`.
pub async fn office_action(State(state): State<AppState>, KeyPath((code, action)): KeyPath<(Key, String)>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Result<Response, PageError> {
    let (parts, body) = request.into_parts();
    let fields = form_fields(&parts.method, body, lang).await?;
    let form = app::page_data::administration::OfficeForm { name: get_field(&fields, "name"), phone: get_field(&fields, "phone"), address: get_field(&fields, "address"), hours: get_field(&fields, "hours") };
    let result = match action.as_str() {
        "edit" => offices::save(&state.store, &staff, &code, &form).await.map(|()| String::new()),
        "close" => offices::close(&state.store, &staff, &code, &get_field(&fields, "hand_to")).await.map(|n| format!("&moved={n}")),
        "open" => offices::reopen(&state.store, &staff, &code).await.map(|()| String::new()),
        _ => Err(AppError::NotFound),
    };
    Ok(match result {
        Ok(extra) => Redirect::to(&format!("{}/{code}?done={action}{extra}", app::pages::staff::STAFF_OFFICES)).into_response(),
        Err(AppError::Validation(errors)) => {
            let edit = action == "edit";
            office_page(&state, parts, &staff, &code, lang, move |d| {
                d.errors = errors;
                if edit {
                    d.form = form;
                }
            })
            .await
        }
        Err(AppError::NotFound) => not_found(&state, parts).await,
        Err(e) => return Err(e).or_failure(lang),
    })
}

/// The pledge's versions for the officer's district, and a new one on a post.
pub async fn pledge_texts_page(State(state): State<AppState>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Result<Response, PageError> {
    let (mut parts, body) = request.into_parts();
    let mut status = StatusCode::OK;
    let mut refused = None;
    if parts.method == axum::http::Method::POST {
        let fields = form_fields(&parts.method, body, lang).await?;
        let g = |k: &str| get_field(&fields, k);
        let form = app::page_data::administration::PledgeTextForm { lang: g("lang"), title: g("title"), body: g("body"), question: g("question"), options: g("options"), correct: g("correct"), effective_from: g("effective_from") };
        match pledge_texts::add(&state.store, &staff, &form).await {
            Ok(_) => return Ok(Redirect::to(&format!("{}?done=added", app::pages::staff::STAFF_PLEDGE_TEXTS)).into_response()),
            Err(AppError::Validation(errors)) => {
                refused = Some((form, errors));
                status = StatusCode::UNPROCESSABLE_ENTITY;
            }
            Err(e) => return Ok(failure(&e, lang)),
        }
        parts.method = axum::http::Method::GET;
    }
    let mut data = match pledge_texts::list(&state.store, &staff, lang).await {
        Ok(d) => d,
        Err(e) => return Ok(failure(&e, lang)),
    };
    match refused {
        Some((form, errors)) => {
            data.form = form;
            data.errors = errors;
        }
        None if parts.uri.query() == Some("done=added") => data.done = Some(lang.t(Msg::PledgeTextsAdded).to_string()),
        None => {}
    }
    let mut r = render_with(&state, parts, move || provide_context(data.clone())).await;
    *r.status_mut() = status;
    Ok(r)
}

pub async fn pledge_text(State(state): State<AppState>, KeyPath(id): KeyPath<Key>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    match pledge_texts::view(&state.store, &staff, &id).await {
        Ok(data) => render_with(&state, parts, move || provide_context(data.clone())).await,
        Err(AppError::NotFound) => not_found(&state, parts).await,
        Err(e) => failure(&e, lang),
    }
}
