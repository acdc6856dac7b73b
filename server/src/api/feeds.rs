//! 部门数据接口: a department's machine intake for the low-income register's matching
//! (#16). A per-department credential (made with `server create-feed-client`, kept as a
//! hash, revocable) may send its own department's rows and reach nothing else.

use app::domain::monitoring::feeds::{FeedSource, MAX_ROWS};
use app::domain::request::{FieldError, Problem};
use app::domain::text::Key;
use app::error::AppError;
use app::i18n::{Lang, Msg};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;

use super::extract::{json_object_up_to, KeyPath};
use super::problem::{problem, request_problem};
use super::request_lang;
use super::schema::{FeedBatchReport, FeedRejectedRow};
use crate::services::monitoring::feeds::{self, Sender};
use crate::state::AppState;

/// 100,000 rows of a few hundred bytes each.
pub const FEED_LIMIT_BYTES: usize = 48 * 1024 * 1024;

fn unauthenticated(lang: Lang) -> Response {
    let mut r = request_problem(StatusCode::UNAUTHORIZED, "unauthenticated", Msg::ApiFeedCredentialInvalid, lang);
    r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer error=\"invalid_token\""));
    r
}

/// Receives one batch of a department's rows. Sending the same batch again changes nothing
/// and answers as the first time; rows with a bad field are counted and named, the others kept.
#[utoipa::path(post, path = "/api/v1/feeds/{source}/batches", tag = "feeds", security(("bearer" = [])),
    params(("source" = String, Path, description = "medical_insurance, human_resources, disabled_persons, emergency_management, public_security or education")),
    request_body = super::schema::FeedBatch,
    responses(
        (status = 201, description = "Received now: matched, evaluated and kept", body = FeedBatchReport),
        (status = 200, description = "Received before: nothing changed", body = FeedBatchReport)))]
pub async fn receive(State(state): State<AppState>, KeyPath(source): KeyPath<String>, request: Request) -> Response {
    let lang = request_lang(request.headers());
    let token = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim)
        .unwrap_or("")
        .to_string();
    let client = match feeds::client(&state.store, &token).await {
        Ok(Some(c)) => c,
        Ok(None) => return unauthenticated(lang),
        Err(e) => return problem(&e, lang),
    };
    let Some(source) = FeedSource::from_code(&source) else { return problem(&AppError::NotFound, lang) };
    let (parts, body) = request.into_parts();
    let map = match json_object_up_to(&parts.headers, body, FEED_LIMIT_BYTES, lang).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let mut errors = Vec::new();
    let batch_id = match map.get("batch_id") {
        Some(Value::String(s)) => Key::parse(s.trim()),
        _ => None,
    };
    if batch_id.is_none() {
        errors.push(FieldError { field: "batch_id".into(), problem: Problem::Required });
    }
    let rows = match map.get("rows") {
        Some(Value::Array(rows)) => rows.as_slice(),
        _ => {
            errors.push(FieldError { field: "rows".into(), problem: Problem::NotArray });
            &[]
        }
    };
    if rows.len() > MAX_ROWS {
        return request_problem(StatusCode::PAYLOAD_TOO_LARGE, "too-large", Msg::ApiBodyTooLarge, lang);
    }
    // A row that is not an object at all makes the batch malformed: named, nothing kept.
    errors.extend(rows.iter().enumerate().filter(|(_, r)| !r.is_object()).take(100).map(|(i, _)| FieldError { field: format!("rows[{i}]"), problem: Problem::NotObject }));
    let (Some(batch_id), true) = (batch_id, errors.is_empty()) else { return problem(&AppError::Validation(errors), lang) };
    match feeds::receive(&state.store, &state.key, &Sender::Client(client), source, &batch_id, rows).await {
        Ok(report) => {
            let status = if report.seen_before { StatusCode::OK } else { StatusCode::CREATED };
            let body = FeedBatchReport {
                source: report.record.source.clone(),
                batch_id: report.record.batch_id.clone(),
                received: report.record.rows_received,
                matched: report.record.rows_matched,
                unmatched: report.record.rows_unmatched,
                rejected: report.record.rows_rejected,
                warnings_raised: report.record.warnings_raised,
                seen_before: report.seen_before,
                rejected_rows: report.rejected.iter().map(|p| FeedRejectedRow { index: p.index as i64, field: p.field.clone(), message: p.problem.text(lang) }).collect(),
            };
            (status, Json(body)).into_response()
        }
        Err(e) => problem(&e, lang),
    }
}
