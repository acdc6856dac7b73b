//! The web pages' handlers: probes, language switch, the Leptos pages and their form
//! posts, static files, and the middleware every request passes through. The JSON API is
//! beside this in `api/`; `router.rs` puts the two together.

mod administration;
mod apply;
pub(crate) mod client;
pub(crate) mod download;
pub(crate) mod headers;
mod health;
mod identity;
pub(crate) mod keys;
mod lang;
mod monitoring;
pub(crate) mod multipart;
mod pages;
pub(crate) mod plain_text;
mod pledge;
mod service_assistance;
mod service_plans;
mod session;
mod verify;
pub mod sign_in;
pub(crate) mod staff;


use app::App;
use axum::routing::{get, post};
use axum::Router;
use leptos_axum::{file_and_error_handler_with_context, generate_route_list, LeptosRoutes};
use tower_http::limit::RequestBodyLimitLayer;

use crate::state::AppState;

/// Forms and JSON; document uploads get their own, larger limit on their routes.
const BODY_LIMIT_BYTES: usize = 1024 * 1024;
/// One document (10 MB) with the form around it. Over this, reading stops and the page
/// says the file is too large.
const UPLOAD_LIMIT_BYTES: usize = 12 * 1024 * 1024;
/// A register import or a department's file (200,000 lines of about 100 bytes).
const FILE_LIMIT_BYTES: usize = 32 * 1024 * 1024;

/// The pages, form posts and uploads (without the API, and without the layers).
pub fn routes(state: AppState) -> Router {
    // Pages with their own handler (data from the services, form posts) are routed below.
    let routes: Vec<_> = generate_route_list(App)
        .into_iter()
        .filter(|r| {
            let p = r.path();
            ![app::paths::CHECK, app::paths::SIGN_IN, app::paths::PLEDGE, app::paths::IDENTITY, app::paths::MY_DATA].contains(&p)
                && ![app::paths::PLEDGE_RECEIPT, app::paths::APPLY, app::paths::STATUS, app::paths::STAFF, app::paths::VERIFY].iter().any(|prefix| p.starts_with(prefix))
        })
        .collect();
    // Page data comes from each handler; the generated routes need none.
    // Pages Leptos routes itself get the demonstration's guide like the others.
    let demo = state.demo.clone();
    let context = move || {
        if let Some(d) = demo.clone() {
            leptos::prelude::provide_context(d);
        }
    };
    let shell = {
        let options = state.leptos.clone();
        move || app::shell::shell(options.clone())
    };
    let pages = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/lang/{code}", get(lang::switch))
        .route(app::paths::CHECK, get(pages::check).post(pages::check))
        .route(app::paths::CHECK_RESULTS, post(pages::check_results))
        .route(app::paths::SIGN_IN, get(sign_in::page).post(sign_in::page))
        .route(app::paths::SIGN_OUT, post(sign_in::sign_out))
        .route("/dev/outbox", get(sign_in::dev_outbox))
        .route(app::paths::PLEDGE, get(pledge::page).post(pledge::page))
        .route(app::paths::IDENTITY, get(identity::page).post(identity::page))
        .route(app::paths::APPLY, get(apply::hub))
        .route(app::paths::APPLY_START, post(apply::start))
        .route(app::paths::DRAFT_DELETE, get(apply::delete_draft).post(apply::delete_draft))
        .route(app::paths::MY_DATA, get(apply::my_data))
        .route(app::paths::MY_DATA_JSON, get(apply::my_data_json))
        .route("/apply/step/{step}", get(apply::step).post(apply::step))
        .route("/apply/documents/{id}/delete", post(apply::remove_document))
        .route(app::paths::APPLY_SUBMIT, post(apply::submit))
        .route("/apply/done/{reference}", get(apply::done))
        .route(app::paths::STATUS, get(apply::status_list))
        .route("/status/{reference}", get(apply::status))
        .route(app::paths::STAFF, get(staff::home))
        .route(app::pages::staff::STAFF_SIGN_IN, post(staff::sign_in))
        .route(app::pages::staff::STAFF_SIGN_OUT, post(staff::sign_out))
        .route(staff::SECOND_FACTOR, get(staff::second_factor_page).post(staff::second_factor_page))
        .route(staff::SECOND_FACTOR_SETUP, get(staff::second_factor_page).post(staff::second_factor_page))
        .route("/staff/cases/{reference}", get(staff::case))
        .route("/staff/cases/{reference}/documents/{id}", get(staff::case_document))
        .route("/staff/cases/{reference}/in-kind/{id}", post(staff::in_kind_delivered))
        .route("/status/{reference}/documents/{id}", get(apply::own_document))
        .route(app::pages::staff::STAFF_DISTRICT, get(staff::district))
        .route(app::pages::staff::STAFF_NEW_CASE, get(staff::new_case).post(staff::new_case))
        .route(app::pages::staff::STAFF_PARAMETERS, get(administration::parameters).post(administration::parameters))
        .route("/staff/parameters/proposals/{id}/{how}", post(administration::decide))
        .route("/staff/parameters/history/{name}", get(administration::history))
        .route(app::pages::staff::STAFF_ACCOUNTS, get(administration::accounts_page).post(administration::accounts_page))
        .route("/staff/accounts/{id}", get(administration::account))
        .route("/staff/accounts/{id}/{action}", post(administration::account_action))
        .route("/staff/setup/{token}", get(administration::setup).post(administration::setup))
        .route(app::pages::staff::STAFF_OFFICES, get(administration::offices_page))
        .route("/staff/offices/{code}", get(administration::office))
        .route("/staff/offices/{code}/{action}", post(administration::office_action))
        .route(app::pages::staff::STAFF_PLEDGE_TEXTS, get(administration::pledge_texts_page).post(administration::pledge_texts_page))
        .route("/staff/pledge-texts/{id}", get(administration::pledge_text))
        .route("/staff/district.csv", get(staff::district_csv))
        .route(app::pages::staff::STAFF_MONITORING, get(monitoring::warnings_page))
        .route("/staff/monitoring/warnings/{id}", get(monitoring::warning))
        .route("/staff/monitoring/warnings/{id}/{action}", post(monitoring::warning_action))
        .route("/staff/monitoring/people/{id}", get(monitoring::household_page))
        .route(app::pages::staff::STAFF_CATALOGUE, get(service_assistance::catalogue_page).post(service_assistance::catalogue_page))
        .route("/staff/services/catalogue/{id}", get(service_assistance::item))
        .route("/staff/services/assessments/{id}", get(service_assistance::assessment).post(service_assistance::assessment))
        .route("/staff/services/catalogue/{id}/{action}", post(service_assistance::item_action))
        .route(app::pages::staff::STAFF_PROVIDERS, get(service_assistance::providers_page).post(service_assistance::providers_page))
        .route("/staff/services/providers/{id}", get(service_assistance::provider))
        .route("/staff/services/providers/{id}/{action}", post(service_assistance::provider_action))
        .route(app::pages::staff::STAFF_REFERRALS, get(service_plans::referral_list))
        .route("/staff/services/referrals/{id}", get(service_plans::referral))
        .route("/staff/cases/{reference}/needs", get(service_assistance::case_assessment).post(service_assistance::case_assessment))
        .route("/staff/services/referrals/{id}/photos/{photo}", get(service_plans::referral_photo))
        .route("/staff/services/plans/{id}", get(service_plans::plan))
        .route("/staff/services/plans/{id}/{action}", post(service_plans::plan_action))
        .route(app::pages::staff::STAFF_SUPERVISION, get(service_plans::supervision_page))
        .route("/staff/services/supervision.csv", get(service_plans::supervision_csv))
        .route(app::pages::staff::STAFF_VISITS, get(service_plans::visit_list))
        .route("/staff/visits/app-token", post(service_plans::app_token))
        .route("/staff/visits/{id}/send-code", post(service_plans::visit_code))
        .route("/staff/visits/{id}/photos/{photo}", get(service_plans::visit_photo))
        .route(app::paths::MY_SERVICES, get(service_plans::my_services))
        .route("/status/services/visits/{id}/{action}", post(service_plans::my_visit_action))
        .route("/staff/monitoring/reviews/{id}", get(monitoring::review))
        .route("/staff/monitoring/reviews/{id}/{action}", post(monitoring::review_action))
        .route("/staff/cases/{reference}/{action}", post(staff::act))
        .route("/pledge/receipt/{code}", get(pledge::receipt))
        .route("/pledge/receipt/{code}/pdf", get(pledge::receipt_pdf))
        .route("/status/{reference}/letters/{kind}", get(apply::letter))
        .route("/status/{reference}/arrival", post(apply::arrival))
        .route("/staff/cases/{reference}/letters/{kind}", get(staff::letter))
        .route(app::paths::VERIFY, get(verify::page))
        .route("/verify/{code}", get(verify::code))
        .leptos_routes_with_context(&state, routes, context.clone(), shell)
        .fallback(file_and_error_handler_with_context::<AppState, _>(context, app::shell::shell))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES))
        .with_state(state.clone());
    let uploads = Router::new()
        .route(app::paths::APPLY_DOCUMENTS, post(apply::upload))
        .route("/status/{reference}/respond/{request}", post(apply::respond))
        .route("/staff/cases/{reference}/visit", post(staff::visit))
        // A visit's photo and a repair's two pictures.
        .route("/staff/visits/{id}", get(service_plans::visit).post(service_plans::visit))
        .route("/staff/services/referrals/{id}/{action}", post(service_plans::referral_action))
        .layer(axum::extract::DefaultBodyLimit::max(UPLOAD_LIMIT_BYTES))
        .with_state(state.clone());
    // A register or a department's rows: far larger than any document.
    let files = Router::new()
        .route(app::pages::staff::STAFF_REGISTER, get(monitoring::register_page).post(monitoring::register_page))
        .route(app::pages::staff::STAFF_FEEDS, get(monitoring::feeds_page).post(monitoring::feeds_page))
        .layer(axum::extract::DefaultBodyLimit::max(FILE_LIMIT_BYTES))
        .with_state(state.clone());
    pages.merge(uploads).merge(files)
}
