//! 服务类救助 on the API (#15 item 11): a provider worker's phone app lists the visits due and
//! records one (the Idempotency-Key kept on the visit: a retry makes one visit); a resident's
//! app reads their plan and visits, rates a visit or says it did not happen. The same
//! services as the web pages.

use app::domain::service_assistance::record::RecordFields;
use app::domain::text::Key;
use app::error::AppError;
use app::i18n::{Lang, Msg};
use axum::extract::{FromRequestParts, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

use super::extract::{now, text, Citizen, JsonObject, KeyPath};
use super::idempotency::IdempotencyKey;
use super::problem::{problem, request_problem};
use super::request_lang;
use super::schema::{ProviderVisits, RepresentedPlan, ServicePlan, ServicePlanLine, ServiceVisit, VisitRecorded};
use app::page_data::service_plans::PersonServices;
use crate::services::service_assistance::{app_tokens, resident, visits};
use crate::services::staff::Staff;
use crate::state::AppState;

/// The worker behind `Authorization: Bearer …` (an app token from the workbench).
pub struct Worker {
    pub staff: Staff,
    pub lang: Lang,
}

impl FromRequestParts<AppState> for Worker {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let lang = request_lang(&parts.headers);
        let token = parts.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer ")).map(str::trim).unwrap_or("");
        match app_tokens::staff_of(&state.store, token, now()).await {
            Ok(staff) => match crate::services::api_access::count_worker_request(&state.store, &staff.id, state.api.per_token_per_minute, now()).await {
                Ok(Ok(())) => Ok(Worker { staff, lang }),
                Ok(Err(wait)) => Err(super::problem::too_many(wait, lang)),
                Err(e) => Err(problem(&e, lang)),
            },
            Err(AppError::Unauthenticated) => {
                let mut r = request_problem(StatusCode::UNAUTHORIZED, "unauthenticated", Msg::ApiTokenInvalid, lang);
                r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer error=\"invalid_token\""));
                Err(r)
            }
            Err(e) => Err(problem(&e, lang)),
        }
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Due {
    /// `today` (the default), `overdue`, or `upcoming` (the coming week).
    #[serde(default)]
    due: String,
}

/// Today's visits of the worker's provider, or the overdue ones.
#[utoipa::path(get, path = "/api/v1/provider/visits", tag = "services", security(("bearer" = [])), params(Due),
    responses((status = 200, description = "The visits, oldest first", body = ProviderVisits)))]
pub async fn provider_visits(State(state): State<AppState>, Worker { staff, lang }: Worker, Query(q): Query<Due>) -> Response {
    match visits::list(&state.store, &state.key, &staff, &q.due, lang).await {
        Ok(d) => Json(ProviderVisits { due: d.due, today_count: d.today_count, overdue_count: d.overdue_count, upcoming_count: d.upcoming_count, visits: d.visits.iter().map(ServiceVisit::from).collect() }).into_response(),
        Err(e) => problem(&e, lang),
    }
}

fn strings(map: &serde_json::Map<String, serde_json::Value>, key: &str) -> Vec<String> {
    match map.get(key) {
        Some(serde_json::Value::Array(items)) => items.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    }
}

/// Records a visit once for its Idempotency-Key; the same key again answers the same.
#[utoipa::path(post, path = "/api/v1/provider/visits", tag = "services", security(("bearer" = [])),
    params(super::idempotency::IdempotencyKey),
    request_body = super::schema::VisitRecordRequest,
    responses((status = 201, description = "Recorded (now, or by an earlier try with this key)", body = VisitRecorded)))]
pub async fn record_visit(State(state): State<AppState>, Worker { staff, lang }: Worker, key: IdempotencyKey, request: Request) -> Response {
    // JSON, or multipart when photos come with it (each a field `photo`, the rest as text).
    let multipart = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.to_ascii_lowercase().starts_with("multipart/form-data"));
    let (map, photos) = if multipart {
        match super::extract::multipart(request, &state, lang).await {
            Ok(mut form) => {
                let photos: Vec<visits::Photo> = std::mem::take(&mut form.pictures).into_iter().filter(|(n, _)| n == "photo").map(|(_, bytes)| visits::Photo { bytes }).collect();
                let mut map = serde_json::Map::new();
                for (k, v) in &form.text {
                    if k == "done" {
                        let list = map.entry("done").or_insert_with(|| serde_json::Value::Array(Vec::new()));
                        if let serde_json::Value::Array(items) = list {
                            items.push(serde_json::Value::String(v.clone()));
                        }
                    } else {
                        map.insert(k.clone(), serde_json::Value::String(v.clone()));
                    }
                }
                (map, photos)
            }
            Err(r) => return r,
        }
    } else {
        let (parts, body) = request.into_parts();
        match super::extract::json_object(&parts.headers, body, lang).await {
            Ok(map) => (map, Vec::new()),
            Err(r) => return r,
        }
    };
    let Some(visit) = Key::parse(&text(&map, "visit_id")) else {
        return problem(&AppError::Validation(vec![app::domain::request::FieldError { field: "visit_id".into(), problem: app::domain::request::Problem::Required }]), lang);
    };
    let fields = RecordFields {
        started_at: text(&map, "started_at"),
        ended_at: text(&map, "ended_at"),
        done: strings(&map, "done"),
        notes: text(&map, "notes"),
        confirmation: text(&map, "confirmation"),
        unconfirmed_reason: text(&map, "unconfirmed_reason"),
        satisfaction: text(&map, "satisfaction"),
        late_reason: text(&map, "late_reason"),
        referral_kind: text(&map, "referral_kind"),
        referral_note: text(&map, "referral_note"),
    };
    let proof = visits::Proof { code: &text(&map, "code"), signature_png: &text(&map, "signature_png") };
    match visits::record(&state.store, state.files.as_ref(), &staff, &visit, key.key().as_str(), &fields, proof, photos).await {
        Ok(()) => (StatusCode::CREATED, Json(VisitRecorded { visit_id: visit.as_str().to_string(), status: "done".into() })).into_response(),
        Err(e) => problem(&e, lang),
    }
}

/// The resident's plan and visits.
#[utoipa::path(get, path = "/api/v1/services/plan", tag = "services", security(("bearer" = [])),
    responses((status = 200, description = "The plan (empty without one) and the visits", body = ServicePlan)))]
pub async fn my_plan(State(state): State<AppState>, Citizen { caller, lang }: Citizen) -> Response {
    match resident::mine(&state.store, &state.key, &caller.citizen_id, lang).await {
        Ok(d) => {
            let (own, others): (Vec<_>, Vec<_>) = d.people.into_iter().partition(|p| p.own);
            let own = own.into_iter().next().unwrap_or_default();
            let represented = others
                .iter()
                .map(|p| RepresentedPlan { name: p.name.clone(), rhythm: rhythm_of(p), review_on: p.review_on.clone(), agreed: p.agreed, lines: plan_lines(p), visits: p.visits.iter().map(ServiceVisit::from).collect() })
                .collect();
            Json(ServicePlan { rhythm: rhythm_of(&own), review_on: own.review_on.clone(), agreed: own.agreed, lines: plan_lines(&own), visits: own.visits.iter().map(ServiceVisit::from).collect(), represented }).into_response()
        }
        Err(e) => problem(&e, lang),
    }
}

fn rhythm_of(p: &PersonServices) -> String {
    if p.lines.is_empty() { String::new() } else { p.rhythm.clone() }
}

fn plan_lines(p: &PersonServices) -> Vec<ServicePlanLine> {
    p.lines.iter().map(|l| ServicePlanLine { id: l.id.clone(), item: l.item.clone(), provider: l.provider.clone(), frequency: l.frequency.clone(), period: l.period.clone(), running: l.running }).collect()
}

/// The resident's 1–5 stars for a visit done.
#[utoipa::path(put, path = "/api/v1/services/visits/{id}/rating", tag = "services", security(("bearer" = [])),
    params(("id" = String, Path, description = "The visit")),
    request_body = super::schema::VisitRatingRequest,
    responses((status = 204, description = "Kept")))]
pub async fn rate(State(state): State<AppState>, Citizen { caller, lang }: Citizen, KeyPath(id): KeyPath<Key>, JsonObject(map): JsonObject) -> Response {
    match resident::rate(&state.store, &state.key, &caller.citizen_id, &id, &text(&map, "stars")).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => problem(&e, lang),
    }
}

/// "没有来": a visit recorded as done did not happen; the supervisors see it.
#[utoipa::path(put, path = "/api/v1/services/visits/{id}/not-came", tag = "services", security(("bearer" = [])),
    params(("id" = String, Path, description = "The visit")),
    request_body = super::schema::VisitNotCameRequest,
    responses((status = 204, description = "The supervisors are told")))]
pub async fn not_came(State(state): State<AppState>, Citizen { caller, lang }: Citizen, KeyPath(id): KeyPath<Key>, JsonObject(map): JsonObject) -> Response {
    match resident::not_came(&state.store, &state.key, &caller.citizen_id, &id, &text(&map, "note")).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => problem(&e, lang),
    }
}
