//! `application/problem+json` responses (RFC 9457).

use app::error::AppError;
use app::i18n::{Lang, Msg};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

pub const PROBLEM_JSON: &str = "application/problem+json";

pub fn problem(error: &AppError, lang: Lang) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut body = json!({
        "type": format!("/problems/{}", error.slug()),
        "title": error.title(lang),
        "status": status.as_u16(),
    });
    if let AppError::Validation(fields) = error {
        body["errors"] = fields
            .iter()
            .map(|f| json!({ "field": f.field, "message": f.problem.text(lang) }))
            .collect();
    }
    let mut response = with_problem_type(status, body);
    if matches!(error, AppError::Unauthenticated) {
        response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    response
}

/// A problem of the request itself rather than of what it asks (no JSON, no key, too big).
pub fn request_problem(status: StatusCode, slug: &str, message: Msg, lang: Lang) -> Response {
    with_problem_type(status, json!({ "type": format!("/problems/{slug}"), "title": lang.t(message), "status": status.as_u16() }))
}

/// 400 for a body that is not JSON at all.
pub fn not_json(lang: Lang) -> Response {
    request_problem(StatusCode::BAD_REQUEST, "not-json", Msg::ApiNotJson, lang)
}

/// 429 with the seconds to wait.
pub fn too_many(retry_after: i64, lang: Lang) -> Response {
    let mut r = request_problem(StatusCode::TOO_MANY_REQUESTS, "too-many-requests", Msg::ApiTooManyRequests, lang);
    set_retry_after(&mut r, retry_after);
    r
}

pub fn set_retry_after(response: &mut Response, seconds: i64) {
    if let Ok(v) = HeaderValue::from_str(&seconds.max(1).to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
}

fn with_problem_type(status: StatusCode, body: serde_json::Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    response
}
