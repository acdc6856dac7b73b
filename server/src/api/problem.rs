//! `application/problem+json` responses (RFC 9457).

use app::error::AppError;
use app::i18n::{Lang, Msg};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

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
    with_problem_type(status, body)
}

/// 400 for a body that is not JSON at all.
pub fn not_json(lang: Lang) -> Response {
    let body = json!({
        "type": "/problems/not-json",
        "title": lang.t(Msg::ErrNotJson),
        "status": 400,
    });
    with_problem_type(StatusCode::BAD_REQUEST, body)
}

fn with_problem_type(status: StatusCode, body: serde_json::Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    response
}
