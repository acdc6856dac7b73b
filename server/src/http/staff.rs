//! 工作台 pages: sign-in, the queue, a case and its actions. Each handler finds the staff
//! member from the session and hands over to `services::casework`, which checks role and area.

use app::error::AppError;
use app::i18n::Lang;
use app::page_data::staff::{QueueQuery, StaffSignInData};
use app::pages::staff::STAFF_CASES;
use app::paths;
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use leptos::prelude::provide_context;

use super::keys::KeyPath;
use super::pages::{not_found, failure, form_fields, lang_of, render_with};
use app::domain::text::Key;
use super::session::{OrFailure, PageError, SignedInStaff};
use super::client::{client_address, is_tls};
use super::sign_in::cookie;
use crate::services::casework::{self, Command};
use crate::services::second_factor::{self, Gate};
use crate::services::staff::{self, Staff, ABSOLUTE_SECONDS};
use crate::state::AppState;

pub const STAFF_COOKIE: &str = "staff_sid";
/// Marks a browser its staff member has signed in from (`services::staff::sign_in_from`).
pub const DEVICE_COOKIE: &str = "staff_device";
/// The staff session again, sent only to the citizen sign-in page: there it says a staff
/// member is helping on this browser (`http::sign_in`). Strict, so no other site can use it.
pub const HELPER_COOKIE: &str = "staff_helper";

/// The signed-in staff member, with their session's token and what they must still do
/// before the workbench opens (the second factor).
pub(super) async fn staff_at_gate(state: &AppState, parts: &Parts) -> Result<Option<(Staff, String, Gate)>, AppError> {
    let Some(token) = cookie(&parts.headers, STAFF_COOKIE) else { return Ok(None) };
    let Some(staff) = staff::session_staff_idle(&state.store, &token, chrono::Utc::now().timestamp(), state.retention.staff_idle_secs).await? else { return Ok(None) };
    let gate = second_factor::gate(&state.store, &staff.id, &token, state.staff_second_factor).await?;
    Ok(Some((staff, token, gate)))
}

/// Where a session that has not given its second factor goes.
pub(super) fn to_gate(gate: Gate) -> Response {
    Redirect::to(if gate == Gate::Enrol { SECOND_FACTOR_SETUP } else { SECOND_FACTOR }).into_response()
}

pub const SECOND_FACTOR: &str = "/staff/2fa";
pub const SECOND_FACTOR_SETUP: &str = "/staff/2fa/setup";


/// The queue for a signed-in staff member; the sign-in form for anyone else.
pub async fn home(State(state): State<AppState>, request: Request) -> Response {
    let lang = lang_of(&request);
    let (parts, _) = request.into_parts();
    let staff = match staff_at_gate(&state, &parts).await {
        Ok(Some((s, _, Gate::Open))) => s,
        Ok(Some((_, _, gate))) => return to_gate(gate),
        Ok(None) => return render_with(&state, parts, || provide_context(StaffSignInData::default())).await,
        Err(e) => return failure(&e, lang),
    };
    // A provider worker has no queue: their workbench is the visits due to their provider.
    if staff.role == app::domain::staff::Role::ProviderWorker {
        return axum::response::Redirect::to(app::pages::staff::STAFF_VISITS).into_response();
    }
    let query: QueueQuery = parts.uri.query().and_then(|q| serde_urlencoded::from_str(q).ok()).unwrap_or_default();
    match casework::queue(&state.store, &staff, &query).await {
        Ok(data) => render_with(&state, parts, move || provide_context(data.clone())).await,
        Err(e) => failure(&e, lang),
    }
}

pub async fn sign_in(State(state): State<AppState>, request: Request) -> Result<Response, PageError> {
    let lang = lang_of(&request);
    let client = client_address(&state, &request);
    let tls = is_tls(&state, request.headers());
    let (mut parts, body) = request.into_parts();
    let fields = form_fields(&parts.method, body, lang).await?;
    let get = |k: &str| fields.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let username = get("username");
    let device = cookie(&parts.headers, DEVICE_COOKIE);
    Ok(match staff::sign_in_from(&state.store, &username, &get("password"), &client, device.as_deref(), chrono::Utc::now().timestamp()).await {
        Ok(signed_in) => signed_in_response(&signed_in, tls),
        Err(AppError::Validation(errors)) => {
            let data = StaffSignInData { username, errors };
            parts.method = axum::http::Method::GET;
            parts.uri = Uri::from_static("/staff");
            let mut r = render_with(&state, parts, move || provide_context(data.clone())).await;
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            r
        }
        Err(e) => return Err(e).or_failure(lang),
    })
}

/// To the queue, with the cookies of a new session: the session, the known device, and the
/// helper cookie the citizen sign-in page reads.
pub(super) fn signed_in_response(signed_in: &staff::SignedIn, tls: bool) -> Response {
    let secure = if tls { "; Secure" } else { "" };
    let session = format!("{STAFF_COOKIE}={}; Path=/staff; Max-Age={ABSOLUTE_SECONDS}; HttpOnly; SameSite=Strict{secure}", signed_in.session);
    let device = format!("{DEVICE_COOKIE}={}; Path=/staff/signin; Max-Age={}; HttpOnly; SameSite=Strict{secure}", signed_in.device, staff::KNOWN_DEVICE_SECONDS);
    let helper = format!("{HELPER_COOKIE}={}; Path={}; Max-Age={ABSOLUTE_SECONDS}; HttpOnly; SameSite=Strict{secure}", signed_in.session, paths::SIGN_IN);
    let mut response = Redirect::to(paths::STAFF).into_response();
    for value in [session, device, helper] {
        if let Ok(v) = HeaderValue::from_str(&value) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

pub async fn sign_out(State(state): State<AppState>, request: Request) -> Response {
    if let Some(token) = cookie(request.headers(), STAFF_COOKIE) {
        let _ = staff::sign_out(&state.store, &token).await;
    }
    let mut response = Redirect::to(paths::STAFF).into_response();
    response.headers_mut().insert(header::SET_COOKIE, HeaderValue::from_static("staff_sid=; Path=/staff; Max-Age=0; HttpOnly; SameSite=Strict"));
    response.headers_mut().append(header::SET_COOKIE, HeaderValue::from_static("staff_helper=; Path=/signin; Max-Age=0; HttpOnly; SameSite=Strict"));
    response
}

/// What a refused form held: its action's code and its fields, to show again.
type Entered = Option<(String, Vec<(String, String)>)>;

async fn show_case(state: &AppState, parts: Parts, staff: &Staff, reference: &Key, errors: Vec<app::domain::request::FieldError>, entered: Entered, status: StatusCode, lang: Lang) -> Response {
    // After a successful action its code comes back in the address: the page says it was done.
    let done = parts
        .uri
        .query()
        .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
        .and_then(|q| q.into_iter().find(|(k, _)| k == "done"))
        .and_then(|(_, code)| app::domain::staff::Action::from_case_code(&code));
    match casework::case(&state.store, &state.key, staff, reference, lang).await {
        Ok(mut data) => {
            data.errors = errors;
            data.entered = entered;
            data.done = done.filter(|_| data.errors.is_empty());
            let mut r = render_with(state, parts, move || provide_context(data.clone())).await;
            *r.status_mut() = status;
            r
        }
        Err(AppError::NotFound) => not_found(state, parts).await,
        Err(e) => failure(&e, lang),
    }
}

pub async fn case(State(state): State<AppState>, KeyPath(reference): KeyPath<Key>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    show_case(&state, parts, &staff, &reference, Vec::new(), None, StatusCode::OK, lang).await
}

pub async fn act(State(state): State<AppState>, KeyPath((reference, code)): KeyPath<(Key, String)>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Result<Response, PageError> {
    let (parts, body) = request.into_parts();
    let fields = form_fields(&parts.method, body, lang).await?;
    let get = |k: &str| fields.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let action = match code.as_str() {
        "assign" => Command::AssignToSelf,
        "accept" => Command::Accept,
        "request-info" => Command::RequestInformation { items: get("items"), due: get("due") },
        "appraisal" => Command::RecordAppraisal { date: get("appraisal_date"), participants: get("participants"), result: get("result") },
        "approve" => Command::Approve {
            multiple: get("multiple"),
            amount: get("amount"),
            in_kind: (0..app::domain::service_assistance::in_kind::IN_KIND_ROWS).map(|i| (get(&format!("in_kind_{i}_what")), get(&format!("in_kind_{i}_quantity")), get(&format!("in_kind_{i}_value")))).collect(),
        },
        "reject" => Command::Reject { reason: get("reason"), basis: get("basis") },
        "transfer" => Command::Transfer { community: get("community"), reason: get("transfer_reason") },
        "provisional" => Command::ProvisionalApprove { amount: get("provisional_amount") },
        "payment" => Command::RecordPayment { amount: get("payment_amount"), paid_on: get("paid_on"), period: get("period"), reason: get("correction_reason") },
        "verify" => Command::RecordVerification { outcome: get("outcome") },
        "notice-start" => Command::StartNotice,
        "notice-end" => Command::EndNotice,
        "emergency" => Command::EmergencyAid { amount: get("aid_amount") },
        _ => return Ok(not_found(&state, parts).await),
    };
    let version = get("version").parse::<i64>().unwrap_or(-1);
    let result = casework::act(&state.store, &state.key, &staff, &reference, version, action).await;
    Ok(after_action(&state, parts, &staff, &reference, result, (code, fields), lang).await)
}

/// 实物救助: one thing delivered; back to the case saying so.
pub async fn in_kind_delivered(State(state): State<AppState>, KeyPath((reference, id)): KeyPath<(Key, Key)>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let result = casework::deliver_in_kind(&state.store, &staff, &reference, &id).await;
    after_action(&state, parts, &staff, &reference, result, ("in-kind".into(), Vec::new()), lang).await
}

/// Back to the case after an action: saying what was done, or with its problems on its
/// own card (422 for what was typed or the case's state, 409 when someone changed the case
/// since the page was opened, shown as it is now with what was typed kept).
async fn after_action(state: &AppState, mut parts: Parts, staff: &Staff, reference: &Key, result: Result<(), AppError>, (code, fields): (String, Vec<(String, String)>), lang: Lang) -> Response {
    let case_path = format!("{STAFF_CASES}/{reference}");
    let (errors, status) = match result {
        Ok(()) => return Redirect::to(&format!("{case_path}?done={code}")).into_response(),
        Err(AppError::Validation(errors)) => (errors, StatusCode::UNPROCESSABLE_ENTITY),
        Err(AppError::Conflict) => {
            let field = format!("card-{code}");
            (vec![app::domain::request::FieldError { field, problem: app::domain::request::Problem::ChangedMeanwhile }], StatusCode::CONFLICT)
        }
        Err(AppError::NotFound) => return not_found(state, parts).await,
        Err(e) => return failure(&e, lang),
    };
    parts.method = axum::http::Method::GET;
    parts.uri = Uri::try_from(case_path).unwrap_or_default();
    show_case(state, parts, staff, reference, errors, Some((code, fields)), status, lang).await
}

/// 全区情况: for district officers.
pub async fn district(State(state): State<AppState>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    match crate::services::district::view(&state.store, &staff, lang).await {
        Ok(data) => render_with(&state, parts, move || provide_context(data.clone())).await,
        Err(e) => failure(&e, lang),
    }
}

pub async fn district_csv(State(state): State<AppState>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let table = parts
        .uri
        .query()
        .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
        .and_then(|q| q.into_iter().find(|(k, _)| k == "table").map(|(_, v)| v))
        .unwrap_or_default();
    let table = if table.is_empty() { "months".to_string() } else { table };
    match crate::services::district::export(&state.store, &staff, &table, lang).await {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"district-{table}.csv\"")),
            ],
            body,
        )
            .into_response(),
        Err(e) => failure(&e, lang),
    }
}

/// 主动发现: register a resident found in need.
pub async fn new_case(State(state): State<AppState>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Result<Response, PageError> {
    let (mut parts, body) = request.into_parts();
    let fields = form_fields(&parts.method, body, lang).await?;
    let mut errors = Vec::new();
    if parts.method == axum::http::Method::POST {
        let get = |k: &str| fields.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
        let (name, id_number, phone, community, programme, found, address) = (get("name"), get("id_number"), get("phone"), get("community"), get("programme"), get("found"), get("address"));
        let proactive = crate::services::application::Proactive {
            name: &name,
            id_number: &id_number,
            phone: &phone,
            community: &community,
            programme: &programme,
            found: &found,
            address: &address,
            consent: get("consent") == "true",
        };
        match casework::register(&state.store, &state.key, &staff, proactive).await {
            Ok(reference) => return Ok(Redirect::to(&format!("{STAFF_CASES}/{reference}")).into_response()),
            Err(AppError::Validation(e)) => errors = e,
            Err(e) => return Err(e).or_failure(lang),
        }
        parts.method = axum::http::Method::GET;
    }
    let invalid = !errors.is_empty();
    let data = casework::new_case_form(&state.store, &staff, fields, errors, lang).await.or_failure(lang)?;
    let mut r = render_with(&state, parts, move || provide_context(data.clone())).await;
    if invalid {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}

pub async fn case_document(State(state): State<AppState>, KeyPath((reference, id)): KeyPath<(Key, Key)>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    match casework::document(&state.store, state.files.as_ref(), &staff, &reference, &id).await {
        Ok((t, n, b)) => super::download::document_response(t, n, b),
        Err(AppError::NotFound) => not_found(&state, parts).await,
        Err(e) => failure(&e, lang),
    }
}

/// A case's receipt or decision notice, printed by staff who may see the case.
pub async fn letter(State(state): State<AppState>, KeyPath((reference, kind)): KeyPath<(Key, String)>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    match crate::services::letters::for_staff(&state.store, &state.printer, &staff, &reference, &kind).await {
        Ok(printed) => super::download::letter_response(printed),
        Err(AppError::NotFound) => not_found(&state, parts).await,
        Err(e) => failure(&e, lang),
    }
}

/// 入户核查, posted as multipart because it may carry a photo.
pub async fn visit(State(state): State<AppState>, KeyPath(reference): KeyPath<Key>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let mut form = super::multipart::read_page_form(Request::from_parts(parts.clone(), body), &state).await;
    let get = |k: &str| form.get(k);
    let (version, date, findings) = (get("version").parse::<i64>().unwrap_or(-1), get("visit_date"), get("findings"));
    let result = if form.too_large {
        Err(AppError::Validation(vec![app::domain::request::FieldError { field: "document".into(), problem: app::domain::request::Problem::DocumentTooLarge }]))
    } else {
        let mut photo = form.upload();
        if let Some(p) = photo.as_mut() {
            p.kind = "other".into();
        }
        casework::record_visit(&state.store, &state.key, state.files.as_ref(), &staff, &reference, version, date.clone(), findings.clone(), photo).await
    };
    let entered = ("visit".to_string(), vec![("visit_date".to_string(), date), ("findings".to_string(), findings)]);
    after_action(&state, parts, &staff, &reference, result, entered, lang).await
}

/// The second factor's pages: giving a code (`/staff/2fa`) and enrolling an authenticator
/// (`/staff/2fa/setup`), which ends on the recovery codes, shown once.
pub async fn second_factor_page(State(state): State<AppState>, request: Request) -> Result<Response, PageError> {
    let lang = lang_of(&request);
    let (mut parts, body) = request.into_parts();
    let setup = parts.uri.path() == SECOND_FACTOR_SETUP;
    let Some((staff, token, gate)) = staff_at_gate(&state, &parts).await.or_failure(lang)? else { return Ok(Redirect::to(paths::STAFF).into_response()) };
    match gate {
        Gate::Open => return Ok(Redirect::to(paths::STAFF).into_response()),
        Gate::Enrol if !setup => return Ok(to_gate(gate)),
        Gate::Verify if setup => return Ok(to_gate(gate)),
        _ => {}
    }
    let mut data = app::page_data::staff::SecondFactorData::default();
    let mut status = StatusCode::OK;
    if parts.method == axum::http::Method::POST {
        let fields = form_fields(&parts.method, body, lang).await?;
        let code = fields.iter().rev().find(|(n, _)| n == "code").map(|(_, v)| v.clone()).unwrap_or_default();
        let now = chrono::Utc::now().timestamp();
        let done = if setup {
            second_factor::confirm(&state.store, &state.key, &staff, &token, &code, now).await.map(Some)
        } else {
            second_factor::verify(&state.store, &state.key, &staff, &token, &code, now).await.map(|()| None)
        };
        match done {
            Ok(None) => return Ok(Redirect::to(paths::STAFF).into_response()),
            Ok(Some(codes)) => data.recovery_codes = codes,
            Err(AppError::Validation(errors)) => {
                data.errors = errors;
                status = StatusCode::UNPROCESSABLE_ENTITY;
            }
            Err(e) => return Err(e).or_failure(lang),
        }
        parts.method = axum::http::Method::GET;
    }
    if setup && data.recovery_codes.is_empty() {
        let e = second_factor::enrolment(&state.store, &state.key, &staff).await.or_failure(lang)?;
        data.enrol = Some(app::page_data::staff::Enrolment { secret: e.secret, qr_svg: e.qr_svg, account: staff.username.clone() });
    }
    let mut r = render_with(&state, parts, move || provide_context(data.clone())).await;
    *r.status_mut() = status;
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}
