//! Requests whose address or form holds a control character are refused here, in the
//! person's language, before a handler, a service or the database reads them: PostgreSQL
//! refuses NUL in text and would fail deep inside with a 500.

use app::domain::text::is_typed;
use app::i18n::{Lang, Msg};
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;

use super::pages::lang_of;

/// The layer: the path and the query, percent-decoded, must be typed text.
pub async fn refuse_control_characters(request: Request, next: Next) -> Response {
    let uri = request.uri();
    let decoded_is_typed = |s: &str| is_typed(&percent_decode_str(s).decode_utf8_lossy());
    if !decoded_is_typed(uri.path()) || !uri.query().is_none_or(decoded_is_typed) {
        let api = uri.path().starts_with("/api/");
        return refused(&request, api);
    }
    next.run(request).await
}

/// Whether every name and value of a decoded form is typed text.
pub fn form_is_typed(fields: &[(String, String)]) -> bool {
    fields.iter().all(|(k, v)| is_typed(k) && is_typed(v))
}

/// 400 for a request with a control character: a problem document for the API, a small
/// page for people.
pub fn refused(request: &Request, api: bool) -> Response {
    if api {
        return crate::api::problem::request_problem(StatusCode::BAD_REQUEST, "control-characters", Msg::ErrControlCharacters, crate::api::request_lang(request.headers()));
    }
    refused_page(lang_of(request))
}

pub fn refused_page(lang: Lang) -> Response {
    let text = lang.t(Msg::ErrControlCharacters);
    let body = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{text}</title></head><body><main><h1>{text}</h1><p><a href=\"/\">{}</a></p></main></body></html>",
        lang.code(),
        lang.t(Msg::BackHome),
    );
    (StatusCode::BAD_REQUEST, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}
