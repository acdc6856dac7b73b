//! Plans, visits, supervision and the resident's own services (#15 items 4–6, 9, 10): each
//! handler finds who asks and hands over to `services::service_assistance`.

use app::domain::service_assistance::record::RecordFields;
use app::domain::text::Key;
use app::error::AppError;
use app::i18n::{Lang, Msg};
use app::page_data::service_plans::{AgreementForm, LineForm, MyServicesData, PlanData, PlanDetailsForm, ReferralData, ReferralForm, VisitData};
use app::pages::staff::{STAFF_PLANS, STAFF_REFERRALS, STAFF_SUPERVISION, STAFF_VISITS};
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use super::keys::KeyPath;
use super::pages::{failure, form_fields, not_found, one_page, render_at};
use super::service_assistance::{after_action, done_of, one};
use super::session::{OrFailure, PageError, SignedInCitizen, SignedInStaff};
use crate::services::service_assistance::{plans, referrals, resident, supervision, visits};
use crate::services::staff::Staff;
use crate::state::AppState;

fn query(parts: &Parts, key: &str) -> String {
    let q: Vec<(String, String)> = parts.uri.query().and_then(|q| serde_urlencoded::from_str(q).ok()).unwrap_or_default();
    one(&q, key)
}

async fn plan_page(state: &AppState, parts: Parts, staff: &Staff, id: &Key, lang: Lang, change: impl FnOnce(&mut PlanData)) -> Response {
    let loaded = plans::view(&state.store, staff, id, lang).await;
    one_page(state, parts, &format!("{STAFF_PLANS}/{id}"), lang, loaded, change, |d| !d.errors.is_empty()).await
}

/// 一人一案 of one person.
pub async fn plan(State(state): State<AppState>, KeyPath(id): KeyPath<Key>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let done = match done_of(&parts).as_str() {
        "line" => Some(Msg::PlanLineAdded),
        "end-line" => Some(Msg::PlanLineEnded),
        "details" => Some(Msg::PlanDetailsSaved),
        "send-code" => Some(Msg::PlanCodeSent),
        "agree" => Some(Msg::PlanAgreedNow),
        _ => None,
    };
    plan_page(&state, parts, &staff, &id, lang, |d| d.done = done.map(|m| lang.t(m).to_string())).await
}

/// `line` (add), `end-line`, `details`, `send-code` or `agree`.
pub async fn plan_action(State(state): State<AppState>, KeyPath((id, action)): KeyPath<(Key, String)>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Result<Response, PageError> {
    let (parts, body) = request.into_parts();
    let f = form_fields(&parts.method, body, lang).await?;
    let line = LineForm { choice: one(&f, "choice"), times: one(&f, "times"), per: one(&f, "per"), start: one(&f, "start"), end: one(&f, "end") };
    let details = PlanDetailsForm { review_on: one(&f, "review_on"), access_notes: one(&f, "access_notes") };
    let agreement = AgreementForm { how: one(&f, "how"), agreed_by: one(&f, "agreed_by"), witness: one(&f, "witness"), code: one(&f, "code") };
    let store = &state.store;
    let result = match action.as_str() {
        "line" => plans::add_line(store, &staff, &id, &line).await,
        "end-line" => plans::end_line(store, &staff, &id, &one(&f, "line"), &one(&f, "end_on")).await,
        "details" => plans::save_details(store, &staff, &id, &details).await,
        "send-code" => plans::send_code(store, &state.key, &staff, &id).await,
        "agree" => plans::agree(store, &staff, &id, &agreement, &one(&f, "signature_png")).await,
        _ => Err(AppError::NotFound),
    };
    let done = format!("{STAFF_PLANS}/{id}?done={action}");
    after_action(&state, parts, lang, result, done, async |parts, errors| {
        plan_page(&state, parts, &staff, &id, lang, move |d| {
            d.errors = errors;
            match action.as_str() {
                "line" => d.line_form = line,
                "details" => d.details_form = details,
                _ => d.agree_form = agreement,
            }
        })
        .await
    })
    .await
}

/// A worker's visits: today's (`?due=today`, the default) or overdue ones.
pub async fn visit_list(State(state): State<AppState>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    match visits::list(&state.store, &state.key, &staff, &query(&parts, "due"), lang).await {
        Ok(mut data) => {
            if done_of(&parts) == "recorded" {
                data.done = Some(lang.t(Msg::VisitRecordedNow).to_string());
            }
            render_at(&state, parts, STAFF_VISITS, StatusCode::OK, data).await
        }
        Err(e) => failure(&e, lang),
    }
}

/// A token for the worker's phone app, shown once on the visits page.
pub async fn app_token(State(state): State<AppState>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let made = crate::services::service_assistance::app_tokens::issue(&state.store, &staff, chrono::Utc::now().timestamp()).await;
    let listed = visits::list(&state.store, &state.key, &staff, "today", lang).await;
    match (made, listed) {
        (Ok(token), Ok(mut data)) => {
            data.app_token = Some(token);
            render_at(&state, parts, STAFF_VISITS, StatusCode::OK, data).await
        }
        (Err(e), _) | (_, Err(e)) => failure(&e, lang),
    }
}

async fn visit_page(state: &AppState, parts: Parts, staff: &Staff, id: &Key, lang: Lang, change: impl FnOnce(&mut VisitData)) -> Response {
    let loaded = visits::visit(&state.store, &state.key, staff, id, lang).await;
    one_page(state, parts, &format!("{STAFF_VISITS}/{id}"), lang, loaded, change, |d| !d.errors.is_empty()).await
}

fn record_fields(f: &[(String, String)]) -> RecordFields {
    RecordFields {
        started_at: one(f, "started_at"),
        ended_at: one(f, "ended_at"),
        done: super::service_assistance::all(f, "done"),
        notes: one(f, "notes"),
        confirmation: one(f, "confirmation"),
        unconfirmed_reason: one(f, "unconfirmed_reason"),
        satisfaction: one(f, "satisfaction"),
        late_reason: one(f, "late_reason"),
        referral_kind: one(f, "referral_kind"),
        referral_note: one(f, "referral_note"),
    }
}

/// The visit form's fields and its photos: multipart (with photos) or a plain form.
async fn posted_visit(state: &AppState, parts: &Parts, body: axum::body::Body, lang: Lang) -> Result<(Vec<(String, String)>, Vec<visits::Photo>, bool), PageError> {
    if is_multipart(parts) {
        let mut form = super::multipart::read_page_form(Request::from_parts(parts.clone(), body), state).await;
        let photos = std::mem::take(&mut form.pictures).into_iter().filter(|(n, _)| n == "photo").map(|(_, bytes)| visits::Photo { bytes }).collect();
        return Ok((form.text, photos, form.too_large));
    }
    Ok((form_fields(&parts.method, body, lang).await?, Vec::new(), false))
}

/// One visit: the record form, and the record on a post (back to the list, saying so).
pub async fn visit(State(state): State<AppState>, KeyPath(id): KeyPath<Key>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Result<Response, PageError> {
    let (parts, body) = request.into_parts();
    if parts.method != axum::http::Method::POST {
        let done = (done_of(&parts) == "send-code").then(|| lang.t(Msg::VisitCodeSent).to_string());
        return Ok(visit_page(&state, parts, &staff, &id, lang, |d| d.done = done).await);
    }
    let (f, photos, too_large) = posted_visit(&state, &parts, body, lang).await?;
    let form = record_fields(&f);
    let key = one(&f, "key");
    let proof = visits::Proof { code: &one(&f, "code"), signature_png: &one(&f, "signature_png") };
    let result = if too_large {
        Err(AppError::Validation(vec![app::domain::request::FieldError { field: "photo".into(), problem: app::domain::request::Problem::DocumentTooLarge }]))
    } else {
        visits::record(&state.store, state.files.as_ref(), &staff, &id, &key, &form, proof, photos).await
    };
    after_action(&state, parts, lang, result, format!("{STAFF_VISITS}?done=recorded"), async |parts, errors| {
        visit_page(&state, parts, &staff, &id, lang, move |d| {
            (d.errors, d.form, d.key) = (errors, form, key);
        })
        .await
    })
    .await
}

/// Texts the person the code that confirms the visit.
pub async fn visit_code(State(state): State<AppState>, KeyPath(id): KeyPath<Key>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Result<Response, PageError> {
    let (parts, body) = request.into_parts();
    let (f, _, _) = posted_visit(&state, &parts, body, lang).await?;
    let form = record_fields(&f);
    let key = one(&f, "key");
    let result = visits::send_code(&state.store, &state.key, &staff, &id).await;
    // What was typed so far stays: the page comes back with it and the code on its way.
    let (parts, sent) = (parts, result.is_ok());
    match result {
        Ok(()) | Err(AppError::Validation(_)) => {
            let errors = match result {
                Err(AppError::Validation(e)) => e,
                _ => Vec::new(),
            };
            Ok(visit_page(&state, parts, &staff, &id, lang, move |d| {
                (d.errors, d.form, d.key) = (errors, form, key);
                d.code_sent = d.code_sent || sent;
                if sent {
                    d.done = Some(lang.t(Msg::VisitCodeSent).to_string());
                }
            })
            .await)
        }
        Err(AppError::NotFound) => Ok(not_found(&state, parts).await),
        Err(e) => Err(e).or_failure(lang),
    }
}

/// A photo of a visit, for the worker whose visit it is.
pub async fn visit_photo(State(state): State<AppState>, KeyPath((id, photo)): KeyPath<(Key, Key)>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    picture(&state, parts, lang, visits::photo(&state.store, state.files.as_ref(), &staff, &id, &photo).await).await
}

/// A stored picture as a response: never cached, since it shows someone's home.
async fn picture(state: &AppState, parts: Parts, lang: Lang, found: Result<(String, Vec<u8>), AppError>) -> Response {
    match found {
        Ok((content_type, bytes)) => ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "private, no-store".to_string())], bytes).into_response(),
        Err(AppError::NotFound) => not_found(state, parts).await,
        Err(e) => failure(&e, lang),
    }
}

fn is_multipart(parts: &Parts) -> bool {
    parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.to_ascii_lowercase().starts_with("multipart/form-data"))
}

/// 监管: providers and levels by month, and the overdue visits.
pub async fn supervision_page(State(state): State<AppState>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    match supervision::overview(&state.store, &staff, lang).await {
        Ok(data) => render_at(&state, parts, STAFF_SUPERVISION, StatusCode::OK, data).await,
        Err(e) => failure(&e, lang),
    }
}

/// `?table=levels` for the level table; the provider table otherwise.
pub async fn supervision_csv(State(state): State<AppState>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let (table, name) = match query(&parts, "table").as_str() {
        "levels" => (supervision::Table::Levels, "service-levels.csv"),
        _ => (supervision::Table::Providers, "service-providers.csv"),
    };
    match supervision::csv(&state.store, &staff, table, lang).await {
        Ok(text) => ([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\""))], text).into_response(),
        Err(e) => failure(&e, lang),
    }
}

/// The resident's plan and visits.
pub async fn my_services(State(state): State<AppState>, SignedInCitizen { id, lang }: SignedInCitizen, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let done = match done_of(&parts).as_str() {
        "rate" => Some(Msg::VisitRatedNow),
        "not-came" => Some(Msg::VisitNotCameNow),
        _ => None,
    };
    match resident::mine(&state.store, &state.key, &id, lang).await {
        Ok(mut data) => {
            data.done = done.map(|m| lang.t(m).to_string());
            render_at(&state, parts, app::paths::MY_SERVICES, StatusCode::OK, data).await
        }
        Err(e) => failure(&e, lang),
    }
}

/// `rate` a visit (1–5) or say it `not-came`.
pub async fn my_visit_action(State(state): State<AppState>, KeyPath((visit, action)): KeyPath<(Key, String)>, SignedInCitizen { id, lang }: SignedInCitizen, request: Request) -> Result<Response, PageError> {
    let (parts, body) = request.into_parts();
    let f = form_fields(&parts.method, body, lang).await?;
    let result = match action.as_str() {
        "rate" => resident::rate(&state.store, &state.key, &id, &visit, &one(&f, "stars")).await,
        "not-came" => resident::not_came(&state.store, &state.key, &id, &visit, &one(&f, "note")).await,
        _ => Err(AppError::NotFound),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("{}?done={action}", app::paths::MY_SERVICES)).into_response()),
        Err(AppError::Validation(errors)) => {
            let mut data: MyServicesData = resident::mine(&state.store, &state.key, &id, lang).await.or_failure(lang)?;
            data.errors = errors;
            Ok(render_at(&state, parts, app::paths::MY_SERVICES, StatusCode::UNPROCESSABLE_ENTITY, data).await)
        }
        Err(AppError::NotFound) => Ok(not_found(&state, parts).await),
        Err(e) => Err(e).or_failure(lang),
    }
}

/// 转介: the community's queue.
pub async fn referral_list(State(state): State<AppState>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    match referrals::queue(&state.store, &staff, lang).await {
        Ok(data) => render_at(&state, parts, STAFF_REFERRALS, StatusCode::OK, data).await,
        Err(e) => failure(&e, lang),
    }
}

async fn referral_page(state: &AppState, parts: Parts, staff: &Staff, id: &Key, lang: Lang, change: impl FnOnce(&mut ReferralData)) -> Response {
    let loaded = referrals::view(&state.store, staff, id, lang).await;
    one_page(state, parts, &format!("{STAFF_REFERRALS}/{id}"), lang, loaded, change, |d| !d.errors.is_empty()).await
}

pub async fn referral(State(state): State<AppState>, KeyPath(id): KeyPath<Key>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let done = match done_of(&parts).as_str() {
        "" => None,
        "photo" => Some(lang.t(Msg::RepairPhotoAdded).to_string()),
        _ => Some(lang.t(Msg::ReferralMoved).to_string()),
    };
    referral_page(&state, parts, &staff, &id, lang, |d| d.done = done).await
}

/// `case`, `approve`, `complete`, `decline`, or `photo` (a repair's "before" picture). The
/// repair's forms are multipart (with their pictures); the others plain forms.
pub async fn referral_action(State(state): State<AppState>, KeyPath((id, step)): KeyPath<(Key, String)>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Result<Response, PageError> {
    let (parts, body) = request.into_parts();
    let (f, mut pictures, too_large) = if is_multipart(&parts) {
        let form = super::multipart::read_page_form(Request::from_parts(parts.clone(), body), &state).await;
        (form.text, form.pictures, form.too_large)
    } else {
        (form_fields(&parts.method, body, lang).await?, Vec::new(), false)
    };
    let mut take = |field: &str| pictures.iter().position(|(n, _)| n == field).map(|i| visits::Photo { bytes: pictures.remove(i).1 });
    let form = ReferralForm { programme: one(&f, "programme"), consent: one(&f, "consent") == "true", note: one(&f, "note"), cost: one(&f, "cost") };
    let result = if too_large {
        let field = if step == "photo" { "before" } else { "after" };
        Err(AppError::Validation(vec![app::domain::request::FieldError { field: field.into(), problem: app::domain::request::Problem::DocumentTooLarge }]))
    } else if step == "photo" {
        referrals::add_before_photo(&state.store, state.files.as_ref(), &staff, &id, take("before")).await
    } else {
        let photos = referrals::RepairPhotos { before: take("before"), after: take("after") };
        referrals::act(&state.store, &state.key, state.files.as_ref(), &staff, &id, &step, &form, photos).await
    };
    let done = format!("{STAFF_REFERRALS}/{id}?done={step}");
    after_action(&state, parts, lang, result, done, async |parts, errors| {
        referral_page(&state, parts, &staff, &id, lang, move |d| (d.errors, d.form) = (errors, form)).await
    })
    .await
}

/// A repair's photo, for those who may see the referral.
pub async fn referral_photo(State(state): State<AppState>, KeyPath((id, photo)): KeyPath<(Key, Key)>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    picture(&state, parts, lang, referrals::photo(&state.store, state.files.as_ref(), &staff, &id, &photo).await).await
}
