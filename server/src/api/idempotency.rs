//! Creating calls run once per `Idempotency-Key`, whichever server each retry reaches: the
//! key, the request's fingerprint and the first successful response live in the database.

use std::future::Future;
use std::time::{Duration, Instant};

use app::domain::text::Key;
use app::i18n::{Lang, Msg};
use axum::body::{to_bytes, Body};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::extract::{now, JSON_LIMIT_BYTES};
use super::problem::{problem, request_problem};
use crate::services::api_access::Caller;
use crate::crypto::hash;
use crate::state::AppState;
use crate::store::IdempotencyClaim;

/// How long a retry waits for the first request with its key before answering 409.
const WAIT_FOR_FIRST: Duration = Duration::from_secs(10);
/// A claim older than this whose request never finished (its server stopped) is taken over.
const STALE_CLAIM_SECS: i64 = 60;
/// Kept responses are replayed for a day.
const KEEP_SECS: i64 = 24 * 3600;

/// The JSON body's fingerprint: its parsed value, so spacing and key order do not matter.
pub fn json_fingerprint(map: &Map<String, Value>) -> String {
    hash(&[&Value::Object(map.clone()).to_string()])
}

/// `Idempotency-Key`, required on every creating call: read (and refused when missing or
/// malformed) before the handler runs.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
pub struct IdempotencyKey {
    /// A new random value (a UUID, say) for each new action; the same value when retrying
    /// it. Kept for 24 hours.
    #[serde(rename = "Idempotency-Key")]
    #[param(rename = "Idempotency-Key", value_type = String, min_length = 8, max_length = 128, pattern = "^[!-~]{8,128}$")]
    key: Key,
}

impl IdempotencyKey {
    /// The key itself, for calls that keep it with what they create (a visit record).
    pub fn key(&self) -> &Key {
        &self.key
    }
}

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Response> {
        key_of(&parts.headers, super::request_lang(&parts.headers)).map(|key| IdempotencyKey { key })
    }
}

fn key_of(headers: &HeaderMap, lang: Lang) -> Result<Key, Response> {
    let Some(value) = headers.get("idempotency-key") else {
        return Err(request_problem(StatusCode::BAD_REQUEST, "idempotency-key-missing", Msg::ApiIdempotencyKeyMissing, lang));
    };
    // At least eight characters, so keys drawn at random do not meet by chance.
    match Key::parse(value.to_str().unwrap_or("")).filter(|k| k.as_str().len() >= 8) {
        Some(key) => Ok(key),
        None => Err(request_problem(StatusCode::BAD_REQUEST, "idempotency-key-malformed", Msg::ApiIdempotencyKeyMalformed, lang)),
    }
}

/// Runs a creating call once for its `Idempotency-Key`: a retry with the same key and the
/// same request gets the first response again (marked `Idempotent-Replayed: true`), the
/// same key with another request gets 422, and a retry while the first still runs waits
/// for it. Only what succeeded is kept: a refused request created nothing, so its key is
/// given back and the corrected request may use it (as Stripe's keys behave).
pub async fn once<F, Fut>(state: &AppState, caller: &Caller, key: IdempotencyKey, lang: Lang, what: &str, fingerprint: &str, run: F) -> Response
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Response>,
{
    let key = key.key;
    let key = key.as_str();
    let request_hash = hash(&[what, fingerprint]);
    let started = Instant::now();
    let store = &state.store;
    loop {
        let t = now();
        let claim = match store.claim_idempotency_key(&caller.citizen_id, key, &request_hash, t, t - STALE_CLAIM_SECS).await {
            Ok(c) => c,
            Err(e) => return problem(&app::error::AppError::from(e), lang),
        };
        match claim {
            IdempotencyClaim::Claimed => break,
            IdempotencyClaim::Taken(kept) if kept.request_hash != request_hash => {
                return request_problem(StatusCode::UNPROCESSABLE_ENTITY, "idempotency-key-reused", Msg::ApiIdempotencyKeyReused, lang);
            }
            IdempotencyClaim::Taken(kept) => {
                if let (Some(status), Some(body)) = (kept.status, kept.body) {
                    return replay(status, kept.content_type.as_deref(), body);
                }
                if started.elapsed() > WAIT_FOR_FIRST {
                    let mut r = request_problem(StatusCode::CONFLICT, "request-in-progress", Msg::ApiRequestInProgress, lang);
                    r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
                    return r;
                }
                tokio::time::sleep(Duration::from_millis(40)).await;
            }
        }
    }
    let response = run().await;
    let (parts, body) = response.into_parts();
    let bytes = match to_bytes(body, JSON_LIMIT_BYTES * 16).await {
        Ok(b) => b,
        Err(_) => {
            let _ = store.release_idempotency_key(&caller.citizen_id, key).await;
            return problem(&crate::services::failure("a response could not be read to keep it for replays"), lang);
        }
    };
    let status = parts.status.as_u16();
    let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("application/json").to_string();
    let kept = match std::str::from_utf8(&bytes) {
        Ok(text) if parts.status.is_success() => store.keep_response(&caller.citizen_id, key, i64::from(status), &content_type, text).await.is_ok(),
        _ => false,
    };
    if !kept {
        let _ = store.release_idempotency_key(&caller.citizen_id, key).await;
    }
    if t_mod(97) {
        let _ = store.prune_idempotency_keys(now() - KEEP_SECS).await;
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn t_mod(n: i64) -> bool {
    now().rem_euclid(n) == 0
}

fn replay(status: i64, content_type: Option<&str>, body: String) -> Response {
    let status = u16::try_from(status).ok().and_then(|s| StatusCode::from_u16(s).ok()).unwrap_or(StatusCode::OK);
    let mut r = (status, body).into_response();
    let content_type = content_type.and_then(|c| HeaderValue::from_str(c).ok()).unwrap_or(HeaderValue::from_static("application/json"));
    r.headers_mut().insert(header::CONTENT_TYPE, content_type);
    r.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    r
}
