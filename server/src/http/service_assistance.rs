//! 服务类社会救助 pages (#15): each handler finds the staff member and hands over to
//! `services::service_assistance`, which checks role, level and area.

use app::domain::text::Key;
use app::error::AppError;
use app::i18n::{Lang, Msg};
use app::domain::request::FieldError;
use app::page_data::service_assistance::{CatalogueData, ItemForm, ProviderForm, ProvidersData};
use app::pages::staff::{STAFF_CATALOGUE, STAFF_PROVIDERS};
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use super::keys::KeyPath;
use super::pages::{failure, form_fields, not_found, one_page, render_at};
use super::session::{OrFailure, PageError, SignedInStaff};
use crate::services::service_assistance::{assessments, catalogue, providers};
use crate::services::staff::Staff;
use crate::state::AppState;

pub(super) fn one(fields: &[(String, String)], key: &str) -> String {
    fields.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default()
}

pub(super) fn all(fields: &[(String, String)], key: &str) -> Vec<String> {
    fields.iter().filter(|(k, _)| k == key).map(|(_, v)| v.clone()).collect()
}

pub(super) fn done_of(parts: &Parts) -> String {
    let q: Vec<(String, String)> = parts.uri.query().and_then(|q| serde_urlencoded::from_str(q).ok()).unwrap_or_default();
    one(&q, "done")
}

fn item_form(f: &[(String, String)]) -> ItemForm {
    ItemForm {
        name: one(f, "name"),
        category: one(f, "category"),
        unit: one(f, "unit"),
        times: one(f, "times"),
        per: one(f, "per"),
        programmes: all(f, "programmes"),
        funding: one(f, "funding"),
        providers: all(f, "providers"),
        checklist: one(f, "checklist"),
    }
}

fn provider_form(f: &[(String, String)]) -> ProviderForm {
    ProviderForm { name: one(f, "name"), kind: one(f, "kind"), contract_number: one(f, "contract_number"), contract_start: one(f, "contract_start"), contract_end: one(f, "contract_end") }
}

/// A list page whose data carries an add form (the catalogue, the providers).
trait ListWithForm: Clone + Send + Sync + 'static {
    type Form;
    fn refill(&mut self, form: Self::Form, errors: Vec<FieldError>);
    fn say(&mut self, done: String);
}

impl ListWithForm for CatalogueData {
    type Form = ItemForm;
    fn refill(&mut self, form: ItemForm, errors: Vec<FieldError>) {
        (self.form, self.errors) = (form, errors);
    }
    fn say(&mut self, done: String) {
        self.done = Some(done);
    }
}

impl ListWithForm for ProvidersData {
    type Form = ProviderForm;
    fn refill(&mut self, form: ProviderForm, errors: Vec<FieldError>) {
        (self.form, self.errors) = (form, errors);
    }
    fn say(&mut self, done: String) {
        self.done = Some(done);
    }
}

/// After an add form was posted (`posted`: the form and what became of it) or on a plain
/// visit: back to the list on success, else the list with the refused form and its problems
/// (422), or with what was just done.
async fn list_page<D: ListWithForm>(
    state: &AppState,
    parts: Parts,
    path: &'static str,
    lang: Lang,
    posted: Option<(D::Form, Result<String, AppError>)>,
    load: impl AsyncFnOnce() -> Result<D, AppError>,
    added: Msg,
) -> Result<Response, PageError> {
    let refused = match posted {
        Some((_, Ok(_))) => return Ok(Redirect::to(&format!("{path}?done=added")).into_response()),
        Some((form, Err(AppError::Validation(errors)))) => Some((form, errors)),
        Some((_, Err(e))) => return Err(e).or_failure(lang),
        None => None,
    };
    let mut data = match load().await {
        Ok(d) => d,
        Err(e) => return Ok(failure(&e, lang)),
    };
    let status = match refused {
        Some((form, errors)) => {
            data.refill(form, errors);
            StatusCode::UNPROCESSABLE_ENTITY
        }
        None => {
            if done_of(&parts) == "added" {
                data.say(lang.t(added).to_string());
            }
            StatusCode::OK
        }
    };
    Ok(render_at(state, parts, path, status, data).await)
}

/// What became of an action on one thing: back to its page saying so, or its page again
/// with the problems (and what was typed), or "not found".
pub(super) async fn after_action(state: &AppState, parts: Parts, lang: Lang, result: Result<(), AppError>, done: String, again: impl AsyncFnOnce(Parts, Vec<FieldError>) -> Response) -> Result<Response, PageError> {
    Ok(match result {
        Ok(()) => Redirect::to(&done).into_response(),
        Err(AppError::Validation(errors)) => again(parts, errors).await,
        Err(AppError::NotFound) => not_found(state, parts).await,
        Err(e) => return Err(e).or_failure(lang),
    })
}

/// The catalogue, and a new item of the reader's level on a post.
pub async fn catalogue_page(State(state): State<AppState>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Result<Response, PageError> {
    let (parts, body) = request.into_parts();
    let mut posted = None;
    if parts.method == Method::POST {
        let form = item_form(&form_fields(&parts.method, body, lang).await?);
        let result = catalogue::add(&state.store, &staff, &form).await;
        posted = Some((form, result));
    }
    list_page(&state, parts, STAFF_CATALOGUE, lang, posted, async || catalogue::overview(&state.store, &staff, lang).await, Msg::ItemAdded).await
}

async fn item_page(state: &AppState, parts: Parts, staff: &Staff, id: &Key, lang: Lang, change: impl FnOnce(&mut app::page_data::service_assistance::ItemData)) -> Response {
    let loaded = catalogue::item(&state.store, staff, id, lang).await;
    one_page(state, parts, &format!("{STAFF_CATALOGUE}/{id}"), lang, loaded, change, |d| !d.errors.is_empty()).await
}

pub async fn item(State(state): State<AppState>, KeyPath(id): KeyPath<Key>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let done = match done_of(&parts).as_str() {
        "edit" => Some(Msg::ItemSaved),
        "retire" => Some(Msg::ItemRetiredNow),
        "restore" => Some(Msg::ItemRestoredNow),
        _ => None,
    };
    item_page(&state, parts, &staff, &id, lang, |d| d.done = done.map(|m| lang.t(m).to_string())).await
}

/// `edit`, `retire` or `restore` an item of the reader's own level.
pub async fn item_action(State(state): State<AppState>, KeyPath((id, action)): KeyPath<(Key, String)>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Result<Response, PageError> {
    let (parts, body) = request.into_parts();
    let fields = form_fields(&parts.method, body, lang).await?;
    let form = item_form(&fields);
    let result = match action.as_str() {
        "edit" => catalogue::save(&state.store, &staff, &id, Some(&form), true).await,
        "retire" => catalogue::save(&state.store, &staff, &id, None, false).await,
        "restore" => catalogue::save(&state.store, &staff, &id, None, true).await,
        _ => Err(AppError::NotFound),
    };
    let done = format!("{STAFF_CATALOGUE}/{id}?done={action}");
    after_action(&state, parts, lang, result, done, async |parts, errors| {
        item_page(&state, parts, &staff, &id, lang, move |d| {
            d.errors = errors;
            d.form = form;
        })
        .await
    })
    .await
}

/// The district's providers, and a new one on a post.
pub async fn providers_page(State(state): State<AppState>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Result<Response, PageError> {
    let (parts, body) = request.into_parts();
    let mut posted = None;
    if parts.method == Method::POST {
        let form = provider_form(&form_fields(&parts.method, body, lang).await?);
        let result = providers::add(&state.store, &staff, &form).await;
        posted = Some((form, result));
    }
    list_page(&state, parts, STAFF_PROVIDERS, lang, posted, async || providers::list(&state.store, &staff, lang).await, Msg::ProviderAdded).await
}

async fn provider_page(state: &AppState, parts: Parts, staff: &Staff, id: &Key, lang: Lang, change: impl FnOnce(&mut app::page_data::service_assistance::ProviderData)) -> Response {
    let loaded = providers::view(&state.store, staff, id, lang).await;
    one_page(state, parts, &format!("{STAFF_PROVIDERS}/{id}"), lang, loaded, change, |d| !d.errors.is_empty()).await
}

pub async fn provider(State(state): State<AppState>, KeyPath(id): KeyPath<Key>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let done = match done_of(&parts).as_str() {
        "edit" => Some(Msg::ProviderSaved),
        "suspend" => Some(Msg::ProviderSuspendedNow),
        "resume" => Some(Msg::ProviderResumedNow),
        _ => None,
    };
    provider_page(&state, parts, &staff, &id, lang, |d| d.done = done.map(|m| lang.t(m).to_string())).await
}

/// `edit`, `suspend` (with a reason) or `resume`.
pub async fn provider_action(State(state): State<AppState>, KeyPath((id, action)): KeyPath<(Key, String)>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Result<Response, PageError> {
    let (parts, body) = request.into_parts();
    let fields = form_fields(&parts.method, body, lang).await?;
    let form = provider_form(&fields);
    let reason = one(&fields, "reason");
    let result = providers::change(&state.store, &staff, &id, &action, &form, &reason).await;
    let done = format!("{STAFF_PROVIDERS}/{id}?done={action}");
    let edit = action == "edit";
    after_action(&state, parts, lang, result, done, async |parts, errors| {
        provider_page(&state, parts, &staff, &id, lang, move |d| {
            d.errors = errors;
            d.reason = reason;
            if edit {
                d.form = form;
            }
        })
        .await
    })
    .await
}

/// 需求评估 of one monitored person: the form, and the assessment on a post (back to the
/// household's chain, where it now shows).
pub async fn assessment(State(state): State<AppState>, KeyPath(id): KeyPath<Key>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Result<Response, PageError> {
    let path = format!("{}/{id}", app::pages::staff::STAFF_ASSESSMENTS);
    let back = format!("/staff/monitoring/people/{id}");
    assessment_page(&state, &staff, lang, assessments::Whose::Person(&id), &path, &back, request).await
}

/// 需求评估 on a case's home visit: the same form, kept with the case until its decision
/// puts the person in the register.
pub async fn case_assessment(State(state): State<AppState>, KeyPath(reference): KeyPath<Key>, SignedInStaff { staff, lang }: SignedInStaff, request: Request) -> Result<Response, PageError> {
    let path = format!("{}/{reference}/needs", app::pages::staff::STAFF_CASES);
    let back = format!("{}/{reference}#needs-assessments", app::pages::staff::STAFF_CASES);
    assessment_page(&state, &staff, lang, assessments::Whose::Case(&reference), &path, &back, request).await
}

async fn assessment_page(state: &AppState, staff: &Staff, lang: Lang, whose: assessments::Whose<'_>, path: &str, back: &str, request: Request) -> Result<Response, PageError> {
    let (parts, body) = request.into_parts();
    let mut refused = None;
    if parts.method == Method::POST {
        let fields = form_fields(&parts.method, body, lang).await?;
        let form = app::page_data::service_assistance::AssessmentForm {
            self_care: one(&fields, "self_care"),
            living_alone: one(&fields, "living_alone"),
            needs: all(&fields, "needs"),
            hazards: one(&fields, "hazards"),
            assessed_on: one(&fields, "assessed_on"),
        };
        match assessments::record(&state.store, staff, whose, &form, lang).await {
            Ok(()) => return Ok(Redirect::to(back).into_response()),
            Err(AppError::Validation(errors)) => refused = Some((form, errors)),
            Err(AppError::NotFound) => return Ok(not_found(state, parts).await),
            Err(e) => return Err(e).or_failure(lang),
        }
    }
    let loaded = assessments::form(&state.store, staff, whose, lang).await;
    Ok(one_page(state, parts, path, lang, loaded, move |d| {
        if let Some((form, errors)) = refused {
            (d.form, d.errors) = (form, errors);
        }
    }, |d| !d.errors.is_empty())
    .await)
}
