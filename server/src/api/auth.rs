//! Signing in from an app: a one-time code to the phone, exchanged for a bearer token;
//! signing out ends the token (or every token of the account).

use app::domain::identity::Phone;
use app::domain::request::{FieldError, Problem};
use app::error::AppError;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::extract::{self, now, text, ApiLang, Citizen, ClientAddress, JsonObject};
use super::problem::problem;
use super::schema::{CodeSent, Me, Revoked, TokenIssued};
use crate::services::api_access;
use crate::services::application as applications;
use crate::services::identity;
use crate::services::sign_in::{self, OutboxNotifier, LIMITS};
use crate::state::AppState;

/// Sends a one-time code by SMS: at most one a minute and five an hour to a number, and
/// a configured number an hour from one client address (429 with `Retry-After` beyond that).
#[utoipa::path(post, path = "/api/v1/auth/code", tag = "sign-in",
    request_body = super::schema::CodeRequest,
    responses((status = 202, description = "Code sent", body = CodeSent),
              (status = 429, description = "Too soon or too many codes for this number or client; see Retry-After", body = super::schema::Problem, content_type = "application/problem+json")))]
pub async fn send_code(State(state): State<AppState>, ApiLang(lang): ApiLang, ClientAddress(client): ClientAddress, JsonObject(map): JsonObject) -> Response {
    let Ok(phone) = Phone::parse(&text(&map, "phone")) else {
        return problem(&AppError::Validation(vec![FieldError { field: "phone".into(), problem: Problem::PhoneFormat }]), lang);
    };
    let asker = sign_in::Asker::Address { address: &client, per_hour: state.api.codes_per_address_per_hour };
    match sign_in::request_code_for(&state.store, &OutboxNotifier(state.store.clone()), &phone, asker, sign_in::CodePurpose::SignIn, lang, now()).await {
        Ok(challenge_id) => (StatusCode::ACCEPTED, Json(CodeSent { challenge_id, expires_in: LIMITS.code_ttl_secs, resend_after: LIMITS.resend_after_secs })).into_response(),
        // The web form shows these beside the field; an app gets the usual 429 to wait on.
        Err(AppError::Validation(errors)) if errors.iter().any(|e| matches!(e.problem, Problem::TooSoon { .. } | Problem::TooManyCodes)) => {
            let wait = errors.iter().find_map(|e| if let Problem::TooSoon { seconds } = e.problem { Some(seconds) } else { None }).unwrap_or(3600);
            let mut r = problem(&AppError::Validation(errors), lang);
            *r.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            super::problem::set_retry_after(&mut r, wait);
            r
        }
        Err(e) => problem(&e, lang),
    }
}

/// Exchanges the code for a bearer token.
#[utoipa::path(post, path = "/api/v1/auth/token", tag = "sign-in",
    request_body = super::schema::TokenRequest,
    responses((status = 201, description = "Signed in", body = TokenIssued)))]
pub async fn token(State(state): State<AppState>, ApiLang(lang): ApiLang, JsonObject(map): JsonObject) -> Response {
    let at = now();
    let issued = async {
        let citizen = sign_in::verify_code(&state.store, &text(&map, "challenge_id"), &text(&map, "code"), at).await?;
        api_access::issue(&state.store, &citizen, at).await
    };
    match issued.await {
        Ok(t) => (
            StatusCode::CREATED,
            Json(TokenIssued {
                access_token: t.token,
                token_type: "Bearer".into(),
                expires_in: t.expires_at - at,
                expires_at: chrono::DateTime::from_timestamp(t.expires_at, 0).map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string()).unwrap_or_default(),
            }),
        )
            .into_response(),
        Err(e) => problem(&e, lang),
    }
}

/// Signs out: this token stops working at once.
#[utoipa::path(delete, path = "/api/v1/auth/token", tag = "sign-in", security(("bearer" = [])),
    responses((status = 204, description = "Signed out")))]
pub async fn sign_out(State(state): State<AppState>, Citizen { caller, lang }: Citizen) -> Response {
    match api_access::revoke(&state.store, &caller, now()).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => problem(&e, lang),
    }
}

/// Signs out everywhere (a lost phone): every token of the account stops working.
#[utoipa::path(delete, path = "/api/v1/auth/tokens", tag = "sign-in", security(("bearer" = [])),
    responses((status = 200, description = "Every token ended", body = Revoked)))]
pub async fn sign_out_everywhere(State(state): State<AppState>, Citizen { caller, lang }: Citizen) -> Response {
    match api_access::revoke_all(&state.store, &caller, now()).await {
        Ok(revoked) => Json(Revoked { revoked }).into_response(),
        Err(e) => problem(&e, lang),
    }
}

/// The signed-in account: masked phone, real-name details, latest pledge, open draft.
#[utoipa::path(get, path = "/api/v1/me", tag = "account", security(("bearer" = [])),
    responses((status = 200, description = "The account", body = Me)))]
pub async fn me(State(state): State<AppState>, Citizen { caller, lang }: Citizen) -> Response {
    match account(&state, &caller.citizen_id).await {
        Ok(me) => Json(me).into_response(),
        Err(e) => problem(&e, lang),
    }
}

pub(super) async fn account(state: &AppState, citizen_id: &str) -> Result<Me, AppError> {
    let phone = state.store.citizen_phone(citizen_id).await?.ok_or(AppError::Unauthenticated)?;
    let phone_masked = Phone::parse(&phone).map(|p| p.masked()).unwrap_or_default();
    let identity = identity::shown(&state.store, citizen_id).await?.map(|r| super::schema::IdentityView { full_name: r.full_name, id_masked: r.id_masked });
    let pledge_code = state.store.latest_pledge_code(citizen_id).await?;
    let draft_id = applications::load_draft(&state.store, &state.key, citizen_id).await?.map(|d| d.id);
    Ok(Me { phone_masked, identity, pledge_code, draft_id })
}

/// Records real-name details (needed before applying). The ID number is encrypted at rest
/// and only ever shown masked.
#[utoipa::path(put, path = "/api/v1/me/identity", tag = "account", security(("bearer" = [])),
    request_body = super::schema::IdentityRequest,
    responses((status = 200, description = "Recorded", body = Me)))]
pub async fn record_identity(State(state): State<AppState>, Citizen { caller, lang }: Citizen, JsonObject(map): JsonObject) -> Response {
    let saved = identity::save(
        &state.store,
        &state.key,
        &identity::DevIdentityVerifier,
        &caller.citizen_id,
        &text(&map, "full_name"),
        &text(&map, "id_number"),
        extract::flag(&map, "consent"),
        chrono::Utc::now(),
    )
    .await;
    match saved {
        Ok(_) => match account(&state, &caller.citizen_id).await {
            Ok(me) => Json(me).into_response(),
            Err(e) => problem(&e, lang),
        },
        Err(e) => problem(&e, lang),
    }
}
