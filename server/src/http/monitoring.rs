//! 动态监测 pages (#16): each handler finds the staff member and hands over to
//! `services::monitoring`, which checks role and area.

use app::domain::monitoring::feeds::FeedSource;
use app::domain::text::Key;
use app::error::AppError;
use app::i18n::{fill, Lang, Msg};
use app::page_data::monitoring::{ClosingForm, FeedUploadData, WarningsView};
use app::pages::staff::{STAFF_FEEDS, STAFF_REGISTER, STAFF_REVIEWS, STAFF_WARNINGS};
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use leptos::prelude::provide_context;

use super::keys::KeyPath;
use super::pages::{failure, form_fields, one_page, render_at, render_with};
use super::session::{OrFailure, PageError, SignedInStaff};
use crate::services::monitoring::{feeds, household, register, reviews, warnings};
use crate::services::staff::Staff;
use crate::state::AppState;

fn query(parts: &Parts) -> Vec<(String, String)> {
    parts.uri.query().and_then(|q| serde_urlencoded::from_str(q).ok()).unwrap_or_default()
}

fn get(pairs: &[(String, String)], key: &str) -> String {
    pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default()
}

pub async fn warnings_page(State(state): State<AppState>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let view = WarningsView::from_code(&get(&query(&parts), "view")).unwrap_or_default();
    match warnings::queue(&state.store, &staff, view, lang).await {
        Ok(data) => render_with(&state, parts, move || provide_context(data.clone())).await,
        Err(e) => failure(&e, lang),
    }
}

async fn warning_page(state: &AppState, parts: Parts, staff: &Staff, id: &Key, lang: Lang, change: impl FnOnce(&mut app::page_data::monitoring::WarningData)) -> Response {
    let loaded = warnings::view(&state.store, staff, id, lang).await;
    one_page(state, parts, &format!("{STAFF_WARNINGS}/{id}"), lang, loaded, change, |d| !d.errors.is_empty()).await
}

pub async fn warning(State(state): State<AppState>, KeyPath(id): KeyPath<Key>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let q = query(&parts);
    let done = match get(&q, "done").as_str() {
        "assign" => Some(lang.t(Msg::WarningAssigned).to_string()),
        "close" => Some(lang.t(Msg::WarningClosedNow).to_string()),
        "invite" => Some(lang.t(Msg::WarningInvited).to_string()),
        "case" => Some(fill(lang.t(Msg::WarningCaseRegistered), &[("reference", get(&q, "reference"))])),
        _ => None,
    };
    warning_page(&state, parts, &staff, &id, lang, |d| d.done = done).await
}

/// `assign` or `close`, each with the version of the warning the page showed.
pub async fn warning_action(State(state): State<AppState>, KeyPath((id, action)): KeyPath<(Key, String)>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Result<Response, PageError> {
    let (parts, body) = request.into_parts();
    let fields = form_fields(&parts.method, body, lang).await?;
    let version = get(&fields, "version").parse::<i64>().unwrap_or(-1);
    let here = format!("{STAFF_WARNINGS}/{id}");
    let (result, form) = match action.as_str() {
        "assign" => (warnings::assign(&state.store, &staff, &id, version).await.map(|()| "assign".to_string()), ClosingForm::default()),
        "close" => {
            let form = ClosingForm { outcome: get(&fields, "outcome"), note: get(&fields, "note"), phone: get(&fields, "phone"), programme: get(&fields, "programme"), consent: get(&fields, "consent") == "true" };
            let site = warnings::Site(&state.printer.site);
            let done = warnings::close(&state.store, &state.key, &staff, site, &id, version, &form).await.map(|case| match case {
                Some(reference) => format!("case&reference={reference}"),
                None if form.outcome == "invite" => "invite".into(),
                None => "close".into(),
            });
            (done, form)
        }
        _ => (Err(AppError::NotFound), ClosingForm::default()),
    };
    Ok(match result {
        Ok(done) => Redirect::to(&format!("{here}?done={done}")).into_response(),
        Err(AppError::Validation(errors)) => {
            warning_page(&state, parts, &staff, &id, lang, move |d| {
                d.errors = errors;
                d.form = form;
            })
            .await
        }
        Err(AppError::Conflict) => {
            let mut r = warning_page(&state, parts, &staff, &id, lang, |d| d.done = Some(lang.t(Msg::ErrConflict).to_string())).await;
            *r.status_mut() = StatusCode::CONFLICT;
            r
        }
        Err(e) => return Err(e).or_failure(lang),
    })
}

/// The register (a page at a time), and its import on a post.
pub async fn register_page(State(state): State<AppState>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let q = query(&parts);
    let mut status = StatusCode::OK;
    let (mut problems, mut errors, mut done) = (Vec::new(), Vec::new(), None);
    if parts.method == Method::POST {
        let mut form = super::multipart::read_page_form(Request::from_parts(parts.clone(), body), &state).await;
        let bytes = form.file.take().map(|(_, b)| b).unwrap_or_default();
        let result = if form.too_large {
            Err(AppError::Validation(vec![app::domain::request::FieldError { field: "file".into(), problem: app::domain::request::Problem::DocumentTooLarge }]))
        } else {
            register::import(&state.store, &state.key, &staff, &bytes).await
        };
        match result {
            Ok(register::Imported::Done(n)) => return Redirect::to(&format!("{STAFF_REGISTER}?imported={n}")).into_response(),
            Ok(register::Imported::Refused(p)) => {
                problems = register::line_problems(&p, lang);
                status = StatusCode::UNPROCESSABLE_ENTITY;
            }
            Err(AppError::Validation(e)) => {
                errors = e;
                status = StatusCode::UNPROCESSABLE_ENTITY;
            }
            Err(e) => return failure(&e, lang),
        }
    } else if let Ok(n) = get(&q, "imported").parse::<u64>() {
        done = Some(fill(lang.t(Msg::RegisterImported), &[("n", n.to_string())]));
    }
    let page = get(&q, "page").parse::<i64>().unwrap_or(1);
    match register::page(&state.store, &staff, &get(&q, "tier"), page, lang).await {
        Ok(mut data) => {
            data.problems = problems;
            data.errors = errors;
            data.done = done;
            let path = parts.uri.path_and_query().map(|p| p.to_string()).unwrap_or_else(|| STAFF_REGISTER.to_string());
            render_at(&state, parts, &path, status, data).await
        }
        Err(e) => failure(&e, lang),
    }
}

fn upload_form(lang: Lang) -> FeedUploadData {
    FeedUploadData {
        sources: FeedSource::ALL.iter().map(|s| (s.code().to_string(), lang.t(s.label()).to_string(), format!("id_number,{}", s.fields().join(",")))).collect(),
        ..FeedUploadData::default()
    }
}

/// A department's CSV uploaded by a district officer.
pub async fn feeds_page(State(state): State<AppState>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    if let Err(e) = crate::services::monitoring::may(&staff, app::domain::staff::Action::ManageRegister) {
        return failure(&e, lang);
    }
    let mut data = upload_form(lang);
    let mut status = StatusCode::OK;
    if parts.method == Method::POST {
        let mut form = super::multipart::read_page_form(Request::from_parts(parts.clone(), body), &state).await;
        data.source = form.get("source");
        data.batch_id = form.get("batch_id");
        let bytes = form.file.take().map(|(_, b)| b).unwrap_or_default();
        let result = if form.too_large {
            Err(AppError::Validation(vec![app::domain::request::FieldError { field: "file".into(), problem: app::domain::request::Problem::DocumentTooLarge }]))
        } else {
            feeds::upload(&state.store, &state.key, &staff, &data.source, &data.batch_id, &bytes).await
        };
        match result {
            Ok(report) => data.summary = Some(feeds::summary(&report, lang)),
            Err(AppError::Validation(e)) => {
                data.errors = e;
                status = StatusCode::UNPROCESSABLE_ENTITY;
            }
            Err(AppError::Conflict) => {
                data.errors = vec![app::domain::request::FieldError { field: "batch_id".into(), problem: app::domain::request::Problem::ChangedMeanwhile }];
                status = StatusCode::CONFLICT;
            }
            Err(e) => return failure(&e, lang),
        }
    }
    render_at(&state, parts, STAFF_FEEDS, status, data).await
}

pub async fn household_page(State(state): State<AppState>, KeyPath(id): KeyPath<Key>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let loaded = household::chain(&state.store, &staff, &id, lang).await;
    one_page(&state, parts, &format!("{}/{id}", app::pages::staff::STAFF_PEOPLE), lang, loaded, |_| {}, |_| false).await
}

async fn review_page(state: &AppState, parts: Parts, staff: &Staff, id: &Key, lang: Lang, change: impl FnOnce(&mut app::page_data::monitoring::ReviewData)) -> Response {
    let loaded = reviews::view(&state.store, staff, id, lang).await;
    one_page(state, parts, &format!("{STAFF_REVIEWS}/{id}"), lang, loaded, change, |d| !d.errors.is_empty()).await
}

pub async fn review(State(state): State<AppState>, KeyPath(id): KeyPath<Key>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let done = match get(&query(&parts), "done").as_str() {
        "propose" => Some(lang.t(Msg::ReviewProposed).to_string()),
        "confirm" => Some(lang.t(Msg::ReviewConfirmedNow).to_string()),
        "return" => Some(lang.t(Msg::ReviewReturnedNow).to_string()),
        _ => None,
    };
    review_page(&state, parts, &staff, &id, lang, |d| d.done = done).await
}

/// `propose` (a reviewer), `confirm` or `return` (an approver).
pub async fn review_action(State(state): State<AppState>, KeyPath((id, action)): KeyPath<(Key, String)>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Result<Response, PageError> {
    let (parts, body) = request.into_parts();
    let fields = form_fields(&parts.method, body, lang).await?;
    let form = app::page_data::monitoring::ReviewForm { outcome: get(&fields, "outcome"), amount: get(&fields, "amount"), note: get(&fields, "note") };
    let return_note = get(&fields, "return_note");
    let result = match action.as_str() {
        "propose" => reviews::propose(&state.store, &staff, &id, &form).await,
        "confirm" => reviews::decide(&state.store, &staff, &id, true, "").await,
        "return" => reviews::decide(&state.store, &staff, &id, false, &return_note).await,
        _ => Err(AppError::NotFound),
    };
    Ok(match result {
        Ok(()) => Redirect::to(&format!("{STAFF_REVIEWS}/{id}?done={action}")).into_response(),
        Err(AppError::Validation(errors)) => {
            review_page(&state, parts, &staff, &id, lang, move |d| {
                d.errors = errors;
                d.form = form;
                d.return_note = return_note;
            })
            .await
        }
        Err(AppError::Conflict) => {
            let mut r = review_page(&state, parts, &staff, &id, lang, |d| d.done = Some(lang.t(Msg::ErrConflict).to_string())).await;
            *r.status_mut() = StatusCode::CONFLICT;
            r
        }
        Err(e) => return Err(e).or_failure(lang),
    })
}
