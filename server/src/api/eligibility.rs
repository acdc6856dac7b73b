//! `POST /api/v1/eligibility/check`, as ELIGIBILITY_API.md states it.

use app::domain::engine::{CheckResult, ProgrammeOption};
use app::domain::request::parse_check_json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::problem::{not_json, problem};
use super::request_lang;
use crate::services::{eligibility, today_in_china};
use crate::state::AppState;
use crate::store::AreaRow;

/// What help a household may get, with amounts, reasons and the parameters behind them.
/// No sign-in; nothing sent is kept.
#[utoipa::path(post, path = "/api/v1/eligibility/check", tag = "checker",
    request_body = super::schema::CheckRequest,
    responses((status = 200, description = "Every programme, best first", body = super::schema::CheckResponse)))]
pub async fn check(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let lang = request_lang(&headers);
    let Ok(value) = serde_json::from_slice::<Value>(&body) else {
        return not_json(lang);
    };
    let input = match parse_check_json(&value, today_in_china()) {
        Ok(input) => input,
        Err(fields) => return problem(&app::error::AppError::Validation(fields), lang),
    };
    match eligibility::check(&state.store, &input, lang).await {
        Ok(checked) => Json(response(&checked.result, &checked.area, lang)).into_response(),
        Err(e) => problem(&e, lang),
    }
}

fn response(result: &CheckResult, area: &AreaRow, lang: app::i18n::Lang) -> Value {
    let name = match (lang, &area.name_en) {
        (app::i18n::Lang::En, Some(en)) => en.clone(),
        _ => area.name_zh.clone(),
    };
    json!({
        "as_of": result.as_of.to_string(),
        "area": { "code": area.code, "name": name },
        "options": result.options.iter().map(option).collect::<Vec<_>>(),
    })
}

fn option(o: &ProgrammeOption) -> Value {
    json!({
        "programme": o.programme.code(),
        "verdict": o.verdict.code(),
        "amount_fen": o.amount.map(|a| json!({
            "min": a.min.get(),
            "max": a.max.get(),
            "period": match a.period { app::domain::engine::Period::Month => "month", app::domain::engine::Period::Once => "once" },
        })),
        "fast_track": o.fast_track.map(|f| f.code()),
        "reasons": o.reasons.iter().map(|r| json!({
            "rule": r.rule,
            "text": r.text,
            "parameters": r.parameters.iter().map(|p| json!({
                "name": p.name.code(),
                "value": p.value,
                "area_code": p.area.as_str(),
                "effective_from": p.effective_from.to_string(),
                "source": p.source,
                "demo": p.demo,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "what_would_change": o.what_would_change,
        "next_steps": o.next_steps,
    })
}
