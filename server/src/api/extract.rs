//! What every API handler does before and after the service call: find the caller from the
//! bearer token (and count the request), and read a JSON or multipart body within its
//! limit. Creating calls then run once per Idempotency-Key (`idempotency.rs`).

use app::i18n::{Lang, Msg};
use axum::body::{to_bytes, Body};
use axum::extract::{FromRequest, FromRequestParts, Multipart, Request};
use axum::http::request::Parts as RequestParts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value};

use super::problem::{not_json, problem, request_problem, too_many};
use super::request_lang;
use crate::http::multipart::{read_fields, Form};
use crate::services::api_access::{self, Caller, RequestLimits};
use crate::crypto::hash;
use crate::state::AppState;

/// JSON bodies: the largest legitimate one (a step of the form) is a few KB.
pub const JSON_LIMIT_BYTES: usize = 64 * 1024;
/// One document (10 MB) with the form around it.
pub const UPLOAD_LIMIT_BYTES: usize = 12 * 1024 * 1024;

pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// The caller behind `Authorization: Bearer …`, counted against the request limits.
pub async fn caller(state: &AppState, headers: &HeaderMap, lang: Lang) -> Result<Caller, Response> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim)
        .unwrap_or("");
    let unauthenticated = || {
        // The pages' "please sign in" is for people; an app is told the token is not good.
        let mut r = request_problem(StatusCode::UNAUTHORIZED, "unauthenticated", Msg::ApiTokenInvalid, lang);
        r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer error=\"invalid_token\""));
        r
    };
    let caller = match api_access::caller(&state.store, token, now()).await {
        Ok(c) => c,
        Err(app::error::AppError::Unauthenticated) => return Err(unauthenticated()),
        Err(e) => return Err(problem(&e, lang)),
    };
    let limits = RequestLimits { per_token: state.api.per_token_per_minute, per_phone: state.api.per_phone_per_minute };
    match api_access::count_request(&state.store, &caller, limits, now()).await {
        Ok(Ok(())) => Ok(caller),
        Ok(Err(wait)) => Err(too_many(wait, lang)),
        Err(e) => Err(problem(&e, lang)),
    }
}

/// The signed-in caller of a handler, checked and counted before the body is read; with
/// the language the answer is written in.
pub struct Citizen {
    pub caller: Caller,
    pub lang: Lang,
}

impl FromRequestParts<AppState> for Citizen {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut RequestParts, state: &AppState) -> Result<Self, Response> {
        let lang = request_lang(&parts.headers);
        Ok(Citizen { caller: caller(state, &parts.headers, lang).await?, lang })
    }
}

/// The language of a handler's answer (`Accept-Language`), for calls without sign-in.
pub struct ApiLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for ApiLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut RequestParts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ApiLang(request_lang(&parts.headers)))
    }
}

/// The client's address for limits and the pledge record: the connection's, or the load
/// balancer's report when configured to trust it.
pub struct ClientAddress(pub String);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut RequestParts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(ClientAddress(crate::http::client::address_of(state, &parts.headers, &parts.extensions)))
    }
}

/// A JSON object body (see `json_object`).
pub struct JsonObject(pub Map<String, Value>);

impl FromRequest<AppState> for JsonObject {
    type Rejection = Response;

    async fn from_request(request: Request, _: &AppState) -> Result<Self, Response> {
        let lang = request_lang(request.headers());
        let (parts, body) = request.into_parts();
        json_object(&parts.headers, body, lang).await.map(JsonObject)
    }
}

/// A JSON object body, read up to `JSON_LIMIT_BYTES`.
pub async fn json_object(headers: &HeaderMap, body: Body, lang: Lang) -> Result<Map<String, Value>, Response> {
    json_object_up_to(headers, body, JSON_LIMIT_BYTES, lang).await
}

/// A JSON object body of at most `limit` bytes (413 beyond).
pub async fn json_object_up_to(headers: &HeaderMap, body: Body, limit: usize, lang: Lang) -> Result<Map<String, Value>, Response> {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if !(essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))) {
        return Err(request_problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, "media-type", Msg::ApiMediaType, lang));
    }
    let bytes = to_bytes(body, limit).await.map_err(|_| too_large(lang))?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) if !map.iter().all(|(k, v)| app::domain::text::is_typed(k) && all_typed(v)) => {
            Err(request_problem(StatusCode::BAD_REQUEST, "control-characters", Msg::ErrControlCharacters, lang))
        }
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(request_problem(StatusCode::BAD_REQUEST, "not-object", Msg::ApiNotObject, lang)),
        Err(_) => Err(not_json(lang)),
    }
}

/// Whether every string in a JSON value, keys included, is typed text.
fn all_typed(v: &Value) -> bool {
    use app::domain::text::is_typed;
    match v {
        Value::String(s) => is_typed(s),
        Value::Array(items) => items.iter().all(all_typed),
        Value::Object(map) => map.iter().all(|(k, v)| is_typed(k) && all_typed(v)),
        _ => true,
    }
}

pub fn too_large(lang: Lang) -> Response {
    request_problem(StatusCode::PAYLOAD_TOO_LARGE, "too-large", Msg::ApiBodyTooLarge, lang)
}

/// A member as text: strings as they are, numbers and booleans written out, else empty
/// (the service then says what the field needs, in the person's language).
pub fn text(map: &Map<String, Value>, key: &str) -> String {
    scalar(map.get(key))
}

pub fn scalar(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

pub fn flag(map: &Map<String, Value>, key: &str) -> bool {
    matches!(map.get(key), Some(Value::Bool(true))) || matches!(map.get(key), Some(Value::String(s)) if s == "true")
}

/// A multipart form (`document` and the fields around it), within `UPLOAD_LIMIT_BYTES`.
pub(crate) async fn multipart(request: Request, state: &AppState, lang: Lang) -> Result<Form, Response> {
    let content_type = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
    if !content_type.starts_with("multipart/form-data") {
        return Err(request_problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, "media-type", Msg::ApiMediaType, lang));
    }
    if request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok()).is_some_and(|n| n > UPLOAD_LIMIT_BYTES) {
        return Err(too_large(lang));
    }
    let Ok(multipart) = Multipart::from_request(request, state).await else {
        return Err(request_problem(StatusCode::BAD_REQUEST, "not-multipart", Msg::ApiMediaType, lang));
    };
    read_fields(multipart).await.map_err(|(_, status)| {
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            too_large(lang)
        } else {
            request_problem(StatusCode::BAD_REQUEST, "not-multipart", Msg::ApiMediaType, lang)
        }
    })
}

/// What a multipart request asks, independent of how the client framed it (multipart
/// boundaries differ between a request and its retry).
pub(crate) fn fingerprint(form: &Form) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for (k, v) in &form.text {
        parts.push(k);
        parts.push(v);
    }
    let file_hash = form.file.as_ref().map(|(n, b)| format!("{n}:{}", crate::services::documents::sha256_hex(b))).unwrap_or_default();
    parts.push(&file_hash);
    hash(&parts)
}


/// `Path<T>` for the API: a part that is not a key (see `app::domain::text::Key`) names
/// nothing, and the answer is the problem "not found".
pub struct KeyPath<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned + Send> FromRequestParts<S> for KeyPath<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut RequestParts, state: &S) -> Result<Self, Response> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(t)) => Ok(KeyPath(t)),
            Err(_) => Err(problem(&app::error::AppError::NotFound, request_lang(&parts.headers))),
        }
    }
}
