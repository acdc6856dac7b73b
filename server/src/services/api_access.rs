//! Who is calling the mobile API, and how often. Bearer tokens are issued after the same
//! one-time-code sign-in as the web portal; request counts live in the database so every
//! server behind the load balancer applies the same limits.

use app::error::AppError;

use crate::crypto::{hash, random_token};
use crate::store::Store;

/// How long a bearer token lives. Apps sign in again after it; signing out ends it sooner.
pub const TOKEN_SECS: i64 = 30 * 24 * 3600;
/// The counting window of the request limits.
pub const WINDOW_SECS: i64 = 60;

/// A caller the token was checked for.
#[derive(Clone, Debug)]
pub struct Caller {
    pub citizen_id: String,
    pub token_hash: String,
}

pub struct Issued {
    pub token: String,
    pub expires_at: i64,
}

pub async fn issue(store: &Store, citizen_id: &str, now: i64) -> Result<Issued, AppError> {
    let token = random_token(32);
    let expires_at = now + TOKEN_SECS;
    store.insert_api_token(&hash(&[&token]), citizen_id, now, expires_at).await?;
    Ok(Issued { token, expires_at })
}

/// The caller a bearer token stands for; anything else (unknown, expired, revoked) is
/// "not signed in".
pub async fn caller(store: &Store, token: &str, now: i64) -> Result<Caller, AppError> {
    if token.is_empty() || token.len() > 200 {
        return Err(AppError::Unauthenticated);
    }
    let token_hash = hash(&[token]);
    match store.api_token_citizen(&token_hash, now).await? {
        Some(citizen_id) => Ok(Caller { citizen_id, token_hash }),
        None => Err(AppError::Unauthenticated),
    }
}

pub async fn revoke(store: &Store, caller: &Caller, now: i64) -> Result<(), AppError> {
    Ok(store.revoke_api_token(&caller.token_hash, now).await?)
}

pub async fn revoke_all(store: &Store, caller: &Caller, now: i64) -> Result<u64, AppError> {
    Ok(store.revoke_api_tokens_of(&caller.citizen_id, now).await?)
}

/// Counts a provider worker's app request (one token at a time each, so per worker) against
/// the per-token limit; `Err(seconds)` as `count_request`.
pub async fn count_worker_request(store: &Store, staff_id: &str, per_token: i64, now: i64) -> Result<Result<(), i64>, AppError> {
    let window = now - now.rem_euclid(WINDOW_SECS);
    let hits = store.hit_rate_window(&format!("api:worker:{staff_id}"), window).await?;
    Ok(if hits > per_token { Err(window + WINDOW_SECS - now) } else { Ok(()) })
}

/// Limits per token and per phone number (an account is one phone number).
#[derive(Clone, Copy, Debug)]
pub struct RequestLimits {
    pub per_token: i64,
    pub per_phone: i64,
}

/// Counts a request; `Err(seconds)` says how long until the window opens again.
pub async fn count_request(store: &Store, caller: &Caller, limits: RequestLimits, now: i64) -> Result<Result<(), i64>, AppError> {
    let window = now - now.rem_euclid(WINDOW_SECS);
    let by_token = store.hit_rate_window(&format!("api:token:{}", caller.token_hash), window).await?;
    let by_phone = store.hit_rate_window(&format!("api:phone:{}", caller.citizen_id), window).await?;
    if now.rem_euclid(97) == 0 {
        let _ = store.prune_rate_windows(window - 10 * WINDOW_SECS).await;
    }
    if by_token > limits.per_token || by_phone > limits.per_phone {
        return Ok(Err(window + WINDOW_SECS - now));
    }
    Ok(Ok(()))
}
