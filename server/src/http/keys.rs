//! Path parts that name something (an application's reference, a document's or a request's
//! id) are read as `Key`s before a handler runs: a part that could not name anything —
//! 12,000 characters, a space, a character outside visible ASCII — is simply not found.

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::response::Response;
use serde::de::DeserializeOwned;

use crate::state::AppState;

/// `Path<T>` for pages, answering the page "not found" (in the reader's language) when a part
/// is not a key.
pub struct KeyPath<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequestParts<AppState> for KeyPath<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(t)) => Ok(KeyPath(t)),
            Err(_) => Err(super::pages::not_found(state, parts.clone()).await),
        }
    }
}
