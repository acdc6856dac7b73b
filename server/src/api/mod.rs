//! The JSON API for mobile clients (`/api/v1`). Handlers parse, call a service, and shape
//! the answer; errors are RFC 9457 problem documents.

pub mod applications;
pub mod areas;
pub mod auth;
pub mod drafts;
pub mod extract;
pub mod feeds;
pub mod eligibility;
pub mod idempotency;
pub mod openapi;
pub mod pledge;
pub mod problem;
pub mod schema;
pub mod services;

use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method};
use axum::response::Response;
use axum::routing::{any, delete, get, post, put};
use axum::Router;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::state::AppState;

/// Every `/api/v1` route. Bodies are read by the handlers within their own limits (JSON
/// 64 KB, uploads 12 MB), so an oversized request gets a problem document too.
pub fn router(state: &AppState) -> Router<AppState> {
    let api = Router::new()
        .route("/api/v1/auth/code", post(auth::send_code))
        .route("/api/v1/auth/token", post(auth::token).delete(auth::sign_out))
        .route("/api/v1/auth/tokens", delete(auth::sign_out_everywhere))
        .route("/api/v1/me", get(auth::me))
        .route("/api/v1/me/identity", put(auth::record_identity))
        .route("/api/v1/eligibility/check", post(eligibility::check))
        .route("/api/v1/areas/{code}/children", get(areas::children))
        .route("/api/v1/pledge", get(pledge::current))
        .route("/api/v1/pledge/signatures", post(pledge::sign))
        .route("/api/v1/drafts", post(drafts::start))
        .route("/api/v1/drafts/{id}", get(drafts::read).delete(drafts::delete))
        .route("/api/v1/me/data", get(drafts::my_data))
        .route("/api/v1/drafts/{id}/steps/{step}", put(drafts::save_step))
        .route("/api/v1/drafts/{id}/documents", post(drafts::upload))
        .route("/api/v1/drafts/{id}/documents/{document}", delete(drafts::remove_document))
        .route("/api/v1/applications", post(applications::submit).get(applications::list))
        .route("/api/v1/applications/{reference}", get(applications::status))
        .route("/api/v1/applications/{reference}/requests/{request}/answers", post(applications::answer))
        .route("/api/v1/applications/{reference}/documents/{document}", get(applications::document_file))
        .route("/api/v1/applications/{reference}/letters/{kind}", get(applications::letter))
        .route("/api/v1/applications/{reference}/payments/{payment}/arrival", put(applications::arrival))
        .route(openapi::DOCUMENT_PATH, get(openapi::serve))
        .route("/api/v1/provider/visits", get(services::provider_visits).post(services::record_visit))
        .route("/api/v1/services/plan", get(services::my_plan))
        .route("/api/v1/services/visits/{id}/rating", put(services::rate))
        .route("/api/v1/services/visits/{id}/not-came", put(services::not_came))
        .route("/api/v1/feeds/{source}/batches", post(feeds::receive).layer(axum::extract::DefaultBodyLimit::max(feeds::FEED_LIMIT_BYTES)))
        .route("/api/v1/{*rest}", any(unknown))
        .method_not_allowed_fallback(wrong_method)
        .layer(axum::extract::DefaultBodyLimit::max(extract::UPLOAD_LIMIT_BYTES))
        .merge(openapi::viewer());
    match cors(&state.api.cors_origins) {
        Some(layer) => api.layer(layer),
        None => api,
    }
}

/// CORS for the configured web origins only; none configured, no CORS headers at all.
fn cors(origins: &[String]) -> Option<CorsLayer> {
    let allowed: Vec<HeaderValue> = origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    if allowed.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(allowed))
            .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
            .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT_LANGUAGE, HeaderName::from_static("idempotency-key")])
            .expose_headers([header::RETRY_AFTER, HeaderName::from_static("idempotent-replayed")])
            .max_age(std::time::Duration::from_secs(600)),
    )
}

async fn wrong_method(headers: HeaderMap) -> Response {
    problem::request_problem(axum::http::StatusCode::METHOD_NOT_ALLOWED, "method-not-allowed", app::i18n::Msg::ApiMethodNotAllowed, request_lang(&headers))
}

async fn unknown(headers: HeaderMap) -> Response {
    problem::problem(&app::error::AppError::NotFound, request_lang(&headers))
}

use app::i18n::Lang;

/// Chinese unless the client prefers English first (`Accept-Language: en…`).
pub fn request_lang(headers: &HeaderMap) -> Lang {
    let header = headers.get(axum::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let first = header.split(',').next().unwrap_or("").split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if first == "en" || first.starts_with("en-") { Lang::En } else { Lang::ZhCn }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_only_when_asked_for_first() {
        let lang = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert("accept-language", v.parse().unwrap());
            request_lang(&h)
        };
        assert_eq!(lang("en-GB,en;q=0.9"), Lang::En);
        assert_eq!(lang("zh-CN,zh;q=0.9,en;q=0.8"), Lang::ZhCn);
        assert_eq!(lang("fr"), Lang::ZhCn);
        assert_eq!(request_lang(&HeaderMap::new()), Lang::ZhCn);
    }
}
