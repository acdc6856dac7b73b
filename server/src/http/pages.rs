//! Pages whose data comes from the services: rendered by Leptos with that data in context.
//! Their forms post back to the same address and are answered with the next screen, so
//! they work without JavaScript.

use app::i18n::{Lang, LANG_COOKIE};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, Method};
use axum::response::{IntoResponse, Response};
use leptos::prelude::provide_context;

use crate::services::checker;
use crate::state::AppState;

/// Most forms are a few hundred bytes; a handwritten signature (a PNG data URL) is tens of
/// kilobytes. The cap leaves room for it and still refuses abuse.
const FORM_LIMIT: usize = 512 * 1024;

pub fn lang_of(request: &Request) -> Lang {
    lang_of_headers(request.headers())
}

pub fn lang_of_parts(parts: &axum::http::request::Parts) -> Lang {
    lang_of_headers(&parts.headers)
}

fn lang_of_headers(headers: &axum::http::HeaderMap) -> Lang {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.contains(LANG_COOKIE))
        .map(Lang::from_cookie_header)
        .unwrap_or_default()
}

/// A failure on a page, as a small HTML page in the person's language (the JSON API answers
/// with problem documents instead). Its detail is already in the log.
pub fn failure(error: &app::error::AppError, lang: Lang) -> Response {
    use app::i18n::Msg;
    let status = axum::http::StatusCode::from_u16(error.status()).unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
    let title = error.title(lang);
    let advice = match error {
        app::error::AppError::Internal => lang.t(Msg::ErrTryAgain),
        _ => "",
    };
    let body = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title></head><body><main><h1>{title}</h1><p>{advice}</p><p><a href=\"/\">{}</a></p></main></body></html>",
        lang.code(),
        lang.t(Msg::BackHome),
    );
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

pub async fn form_fields(method: &Method, body: Body, lang: Lang) -> Result<Vec<(String, String)>, Response> {
    if method != Method::POST {
        return Ok(Vec::new());
    }
    let bytes = axum::body::to_bytes(body, FORM_LIMIT)
        .await
        .map_err(|_| (axum::http::StatusCode::PAYLOAD_TOO_LARGE, "form too large").into_response())?;
    // Undecodable input is treated as an empty form: the person sees the first step again.
    let fields = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes).unwrap_or_default();
    if !super::plain_text::form_is_typed(&fields) {
        return Err(super::plain_text::refused_page(lang));
    }
    Ok(fields)
}

pub async fn check(State(state): State<AppState>, request: Request) -> Response {
    match checker_page(&state, request).await {
        Ok((parts, _, data)) => render_with(&state, parts, move || provide_context(data.clone())).await,
        Err(response) => response,
    }
}

/// The checker's answers posted (none for a GET) and the screen they reach.
async fn checker_page(state: &AppState, request: Request) -> Result<(axum::http::request::Parts, Lang, app::domain::checker::CheckPageData), Response> {
    let lang = lang_of(&request);
    let (parts, body) = request.into_parts();
    let fields = form_fields(&parts.method, body, lang).await?;
    let data = checker::page_data(&state.store, fields, lang).await.map_err(|e| failure(&e, lang))?;
    Ok((parts, lang, data))
}

/// The checker's results alone (`/check/results`), for the live panel of the results page: the
/// same form the page posts, answered with the cards' HTML, or 422 with the problems in the
/// person's language when the answers do not reach the results.
pub async fn check_results(State(state): State<AppState>, request: Request) -> Response {
    let (lang, data) = match checker_page(&state, request).await {
        Ok((_, lang, data)) => (lang, data),
        Err(response) => return response,
    };
    let no_store = [(header::CACHE_CONTROL, "no-store")];
    match &data.wizard.result {
        Some(result) if data.wizard.errors.is_empty() => {
            let html = app::pages::check::results_html(result, lang);
            (no_store, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
        }
        _ => {
            let problems: Vec<String> = data.wizard.errors.iter().map(|e| e.problem.text(lang)).collect();
            let text = if problems.is_empty() { lang.t(app::i18n::Msg::ResultNotSaved).to_string() } else { problems.join("\n") };
            (axum::http::StatusCode::UNPROCESSABLE_ENTITY, no_store, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
        }
    }
}

/// Renders the Leptos app for this request with page data put in context by `provide`.
/// The ordinary "not found" page (404), for any request: for someone else's application too,
/// so its existence is not revealed.
pub async fn not_found(state: &AppState, mut parts: axum::http::request::Parts) -> Response {
    parts.method = axum::http::Method::GET;
    parts.uri = axum::http::Uri::from_static("/not-found");
    let mut r = render_with(state, parts, || ()).await;
    *r.status_mut() = axum::http::StatusCode::NOT_FOUND;
    r
}

pub async fn render_with(state: &AppState, parts: axum::http::request::Parts, provide: impl Fn() + Clone + Send + Sync + 'static) -> Response {
    let options = state.leptos.clone();
    let demo = state.demo.clone();
    let render = leptos_axum::render_app_async_with_context(
        move || {
            if let Some(d) = demo.clone() {
                provide_context(d);
            }
            provide();
        },
        move || app::shell::shell(options.clone()),
    );
    render(Request::from_parts(parts, Body::empty())).await
}

/// Renders the page at `path` with its data (a form post shows the page it came from: the
/// router renders by address and method).
pub async fn render_at<T: Clone + Send + Sync + 'static>(state: &AppState, mut parts: axum::http::request::Parts, path: &str, status: axum::http::StatusCode, data: T) -> Response {
    parts.method = Method::GET;
    parts.uri = axum::http::Uri::try_from(path).unwrap_or_default();
    let mut r = render_with(state, parts, move || leptos::prelude::provide_context(data.clone())).await;
    *r.status_mut() = status;
    r
}

/// The page of one thing, once a service loaded it: changed (what was just done, or the
/// refused form and its problems), and shown at `path` — 422 when it carries problems. A thing
/// the reader may not see is "not found".
pub async fn one_page<T: Clone + Send + Sync + 'static>(
    state: &AppState,
    parts: axum::http::request::Parts,
    path: &str,
    lang: Lang,
    loaded: Result<T, app::error::AppError>,
    change: impl FnOnce(&mut T),
    has_problems: impl Fn(&T) -> bool,
) -> Response {
    match loaded {
        Ok(mut data) => {
            change(&mut data);
            let status = if has_problems(&data) { axum::http::StatusCode::UNPROCESSABLE_ENTITY } else { axum::http::StatusCode::OK };
            render_at(state, parts, path, status, data).await
        }
        Err(app::error::AppError::NotFound) => not_found(state, parts).await,
        Err(e) => failure(&e, lang),
    }
}
