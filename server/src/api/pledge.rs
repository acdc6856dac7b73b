//! The integrity pledge (诚信承诺) from an app: the text in force, and signing it.

use app::domain::area::AreaCode;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

use super::extract::{text, Citizen, ClientAddress, JsonObject};
use super::idempotency::{self, IdempotencyKey};
use super::problem::problem;
use super::schema::{PledgeSigned, PledgeText};
use crate::services::{pledge, today_in_china};
use crate::state::AppState;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct PledgeQuery {
    /// The division code of the actual residence; the province's text when absent.
    area: Option<String>,
}

/// The pledge text in force for an area, in the request's language.
#[utoipa::path(get, path = "/api/v1/pledge", tag = "pledge", security(("bearer" = [])), params(PledgeQuery),
    responses((status = 200, description = "The text to read and sign", body = PledgeText)))]
pub async fn current(State(state): State<AppState>, Citizen { lang, .. }: Citizen, Query(q): Query<PledgeQuery>) -> Response {
    let area = match q.area.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        None => AreaCode::parse("320000"),
        Some(a) => AreaCode::parse(a),
    };
    let Ok(area) = area else {
        return problem(&app::error::AppError::Validation(vec![app::domain::request::FieldError { field: "area".into(), problem: app::domain::request::Problem::AreaFormat }]), lang);
    };
    match pledge::current_text(&state.store, &area, lang, today_in_china()).await {
        Ok(t) => Json(PledgeText {
            paragraphs: pledge::paragraphs(&t),
            options: pledge::options(&t),
            text_id: t.id,
            area_code: t.area_code,
            version: t.version,
            effective_from: t.effective_from,
            title: t.title,
            question: t.question,
            sha256: t.sha256,
        })
        .into_response(),
        Err(e) => problem(&e, lang),
    }
}

/// Signs the pledge text the person read (typed signature).
#[utoipa::path(post, path = "/api/v1/pledge/signatures", tag = "pledge", security(("bearer" = [])),
    params(super::idempotency::IdempotencyKey),
    request_body = super::schema::PledgeSignRequest,
    responses((status = 201, description = "Signed", body = PledgeSigned)))]
pub async fn sign(State(state): State<AppState>, Citizen { caller, lang }: Citizen, ClientAddress(client): ClientAddress, key: IdempotencyKey, headers: HeaderMap, JsonObject(map): JsonObject) -> Response {
    let user_agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("").chars().take(300).collect::<String>();
    idempotency::once(&state, &caller, key, lang, "POST /pledge/signatures", &idempotency::json_fingerprint(&map), || async {
        let on_behalf_of = text(&map, "on_behalf_of");
        let drawn = text(&map, "signature_png");
        let signing = pledge::Signing {
            citizen_id: &caller.citizen_id,
            text_id: &text(&map, "text_id"),
            answer: map.get("answer").and_then(|a| a.as_i64().or_else(|| a.as_str().and_then(|s| s.trim().parse().ok()))),
            signer_name: &text(&map, "signer_name"),
            on_behalf_of: Some(&on_behalf_of),
            signature_png: Some(drawn.as_str()).filter(|d| !d.is_empty()),
            client_address: &client,
            user_agent: &user_agent,
            signed_at: chrono::Utc::now(),
        };
        match pledge::sign(&state.store, signing).await {
            Ok(s) => (StatusCode::CREATED, Json(PledgeSigned { verification_code: s.verification_code, signature_kind: s.signature_kind, signed_at: s.signed_at, text_sha256: s.text_sha256 })).into_response(),
            // A text id that does not exist is a mistake in the request, not a missing page.
            Err(app::error::AppError::NotFound) => problem(&app::error::AppError::Validation(vec![app::domain::request::FieldError { field: "text_id".into(), problem: app::domain::request::Problem::Required }]), lang),
            Err(e) => problem(&e, lang),
        }
    })
    .await
}
