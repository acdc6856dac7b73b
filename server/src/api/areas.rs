//! `GET /api/v1/areas/{code}/children`: the next level of the division tree, for the
//! residence picker and mobile clients. Public reference data.

use app::pages::apply::area_picker::AreaChildren;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::problem::problem;
use super::request_lang;
use crate::services::application;
use crate::state::AppState;

/// The next level of the division tree under an area (districts → subdistricts/towns →
/// communities/villages).
#[utoipa::path(get, path = "/api/v1/areas/{code}/children", tag = "checker",
    params(("code" = String, Path, description = "A division code, e.g. 320104")),
    responses((status = 200, description = "The areas one level down", body = super::schema::AreaList)))]
pub async fn children(State(state): State<AppState>, Path(code): Path<String>, headers: HeaderMap) -> Response {
    match application::area_children(&state.store, &code).await {
        Ok(areas) => Json(AreaChildren { areas }).into_response(),
        Err(e) => problem(&e, request_lang(&headers)),
    }
}
