//! Who is asking, as extractors, and what a page handler answers when it does not render
//! its page. A handler that takes `SignedInCitizen` or `SignedInStaff` runs only for someone
//! signed in; anyone else is sent to sign in (a citizen comes back where they were), and a
//! failure on the way is a page in the person's language.

use app::error::AppError;
use app::i18n::Lang;
use app::paths;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};

use super::pages::{failure, lang_of_parts};
use super::pledge::current_citizen;
use super::staff::{staff_at_gate, to_gate};
use crate::services::staff::Staff;
use crate::state::AppState;

/// A page handler's other answer: a redirect, or a failure already rendered for the person.
pub struct PageError(pub Response);

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        self.0
    }
}

impl From<Response> for PageError {
    fn from(r: Response) -> Self {
        PageError(r)
    }
}

/// `?` on a service's answer inside a page handler: a failure becomes its page.
pub trait OrFailure<T> {
    fn or_failure(self, lang: Lang) -> Result<T, PageError>;
}

impl<T> OrFailure<T> for Result<T, AppError> {
    fn or_failure(self, lang: Lang) -> Result<T, PageError> {
        self.map_err(|e| PageError(failure(&e, lang)))
    }
}

/// The language of the page (the language cookie; Chinese by default).
pub struct PageLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for PageLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(PageLang(lang_of_parts(parts)))
    }
}

/// The signed-in citizen; anyone else signs in first and comes back to this address.
pub struct SignedInCitizen {
    pub id: String,
    pub lang: Lang,
}

impl FromRequestParts<AppState> for SignedInCitizen {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        let lang = lang_of_parts(parts);
        match current_citizen(state, &parts.headers).await.or_failure(lang)? {
            Some(id) => Ok(SignedInCitizen { id, lang }),
            None => {
                let here = parts.uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| paths::APPLY.to_string());
                Err(PageError(Redirect::to(&paths::with_next(paths::SIGN_IN, &here)).into_response()))
            }
        }
    }
}

/// The signed-in staff member; anyone else goes to the workbench's sign-in.
pub struct SignedInStaff {
    pub staff: Staff,
    pub lang: Lang,
}

impl FromRequestParts<AppState> for SignedInStaff {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        let lang = lang_of_parts(parts);
        match staff_at_gate(state, parts).await.or_failure(lang)? {
            Some((staff, _, crate::services::second_factor::Gate::Open)) => Ok(SignedInStaff { staff, lang }),
            Some((_, _, gate)) => Err(PageError(to_gate(gate))),
            None => Err(PageError(Redirect::to(paths::STAFF).into_response())),
        }
    }
}
