//! The OpenAPI 3.1 document, generated from the handlers' annotations and the schema types,
//! and the interactive viewer (Swagger UI, its files compiled into the server: nothing is
//! fetched at build or run time).

use std::sync::OnceLock;

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, HttpMethod, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi};

pub const DOCUMENT_PATH: &str = "/api/v1/openapi.json";
pub const VIEWER_PATH: &str = "/api/v1/docs";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "社会救助自助服务平台 API",
        version = "1.0.0",
        description = "The citizen services of the social-assistance portal for mobile apps and mini-programs: \
            the same services as the web portal. Sign in with a one-time SMS code for a bearer token; \
            creating calls need an `Idempotency-Key`; errors are `application/problem+json` (RFC 9457) \
            in the language of `Accept-Language` (Chinese by default). Money is integer fen."
    ),
    paths(
        super::feeds::receive,
        super::auth::send_code,
        super::auth::token,
        super::auth::sign_out,
        super::auth::sign_out_everywhere,
        super::auth::me,
        super::auth::record_identity,
        super::eligibility::check,
        super::areas::children,
        super::pledge::current,
        super::pledge::sign,
        super::drafts::start,
        super::drafts::read,
        super::drafts::save_step,
        super::drafts::upload,
        super::drafts::remove_document,
        super::drafts::delete,
        super::drafts::my_data,
        super::applications::submit,
        super::applications::list,
        super::applications::status,
        super::applications::answer,
        super::applications::document_file,
        super::applications::letter,
        super::applications::arrival,
        super::services::my_plan,
        super::services::rate,
        super::services::not_came,
        super::services::provider_visits,
        super::services::record_visit,
    ),
    components(schemas(super::schema::Problem, super::schema::FieldProblem, super::schema::StepCode, super::schema::DocumentKind)),
    modifiers(&Conventions),
    tags(
        (name = "sign-in", description = "One-time code and bearer tokens"),
        (name = "account", description = "The signed-in person"),
        (name = "checker", description = "What help one may get (no sign-in)"),
        (name = "pledge", description = "The integrity pledge (诚信承诺)"),
        (name = "application", description = "Drafts, documents, submitting, status and 补正"),
        (name = "services", description = "Service assistance (物质+服务): the resident's plan and visits, and a provider worker's visits (an app token from the workbench, not a citizen's)"),
        (name = "feeds", description = "Other departments' rows for the low-income register's monitoring (a department's credential, not a citizen's token)"),
    )
)]
pub struct ApiDoc;

/// What every operation shares: the bearer scheme, and the problems each can answer with
/// (added here once instead of on every handler).
struct Conventions;

impl Modify for Conventions {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).description(Some("The access_token from POST /api/v1/auth/token")).build()));
        for (path, item) in doc.paths.paths.iter_mut() {
            let has_params = path.contains('{');
            for (method, op) in [
                (HttpMethod::Get, item.get.as_mut()),
                (HttpMethod::Post, item.post.as_mut()),
                (HttpMethod::Put, item.put.as_mut()),
                (HttpMethod::Delete, item.delete.as_mut()),
            ] {
                if let Some(op) = op {
                    add_problems(op, method, has_params);
                }
            }
        }
    }
}

fn add_problems(op: &mut Operation, method: HttpMethod, has_params: bool) {
    let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
    let has_body = op.request_body.is_some();
    let idempotent = op.parameters.as_ref().is_some_and(|ps| ps.iter().any(|p| p.name == "Idempotency-Key"));
    let writes = !matches!(method, HttpMethod::Get);
    let mut statuses: Vec<(&str, &str)> = Vec::new();
    // Any address can carry a control character, which is refused before the handler.
    statuses.push(("400", "The request is malformed: a control character in the address or body, not JSON or multipart, or no usable Idempotency-Key"));
    if secured {
        statuses.push(("401", "No live bearer token"));
    }
    if has_params || writes {
        statuses.push(("404", "No such thing for this account"));
    }
    if idempotent || writes {
        statuses.push(("409", "Changed meanwhile, or the first request with this Idempotency-Key is still running"));
    }
    if has_body {
        statuses.push(("413", "The request is too large"));
        statuses.push(("415", "Wrong content type"));
    }
    statuses.push(("422", "Something to change, field by field; or an Idempotency-Key reused with another request"));
    if secured || writes {
        statuses.push(("429", "Too many requests; see Retry-After"));
    }
    for (status, description) in statuses {
        if op.responses.responses.contains_key(status) {
            continue;
        }
        let content = ContentBuilder::new().schema(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name("Problem")))).build();
        let response = ResponseBuilder::new().description(description).content(super::problem::PROBLEM_JSON, content).build();
        op.responses.responses.insert(status.to_string(), RefOr::T(response));
    }
}

/// The document as JSON, generated once.
pub fn document() -> &'static str {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| ApiDoc::openapi().to_json().unwrap_or_else(|e| {
        tracing::error!(error = %e, "the OpenAPI document did not serialise");
        "{}".into()
    }))
}

pub async fn serve() -> Response {
    let mut r = document().into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r
}

/// The viewer, with its own files only: the page may load scripts and styles from this
/// server, nothing from anywhere else.
pub fn viewer() -> axum::Router<crate::state::AppState> {
    let config = utoipa_swagger_ui::Config::new([DOCUMENT_PATH]).validator_url("none").try_it_out_enabled(true).persist_authorization(false);
    let ui = utoipa_swagger_ui::SwaggerUi::new(VIEWER_PATH).config(config);
    axum::Router::from(ui).layer(tower_http::set_header::SetResponseHeaderLayer::if_not_present(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
    ))
}

#[cfg(test)]
mod tests {
    use app::domain::application::documents::DOCUMENT_KINDS;
    use app::domain::application::steps::ApplyStep;
    use serde_json::Value;

    fn enum_of(doc: &Value, name: &str) -> Vec<String> {
        doc["components"]["schemas"][name]["enum"].as_array().unwrap_or_else(|| panic!("{name} is in the document")).iter().map(|v| v.as_str().unwrap().to_string()).collect()
    }

    #[test]
    fn the_documented_codes_are_the_ones_the_services_take() {
        let doc: Value = serde_json::from_str(super::document()).unwrap();
        let steps: Vec<String> = ApplyStep::ALL.iter().filter(|s| **s != ApplyStep::Review).map(|s| s.code().to_string()).collect();
        assert_eq!(enum_of(&doc, "StepCode"), steps);
        assert_eq!(enum_of(&doc, "DocumentKind"), DOCUMENT_KINDS.map(String::from).to_vec());
        let step = &doc["paths"]["/api/v1/drafts/{id}/steps/{step}"]["put"]["parameters"][1];
        assert_eq!((step["name"].as_str(), step["schema"]["$ref"].as_str()), (Some("step"), Some("#/components/schemas/StepCode")));
    }
}
