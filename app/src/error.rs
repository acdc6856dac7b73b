//! The one error type of the portal's services. The internal variant is opaque: its detail
//! goes to the logs where it is made, and users only ever see a plain apology.

use serde::{Deserialize, Serialize};

use crate::domain::request::FieldError;
use crate::i18n::{Lang, Msg};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("invalid input in {} field(s)", .0.len())]
    Validation(Vec<FieldError>),
    #[error("not found")]
    NotFound,
    #[error("not signed in")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
    #[error("changed by someone else")]
    Conflict,
    /// Something failed inside; see the log line with the same request id.
    #[error("internal error")]
    Internal,
}

impl AppError {
    pub fn status(&self) -> u16 {
        match self {
            AppError::Validation(_) => 422,
            AppError::NotFound => 404,
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::Conflict => 409,
            AppError::Internal => 500,
        }
    }

    /// A short title in the person's language.
    pub fn title(&self, lang: Lang) -> &'static str {
        lang.t(match self {
            AppError::Validation(_) => Msg::ErrValidation,
            AppError::NotFound => Msg::NotFoundHeading,
            AppError::Unauthenticated => Msg::ErrUnauthenticated,
            AppError::Forbidden => Msg::ErrForbidden,
            AppError::Conflict => Msg::ErrConflict,
            AppError::Internal => Msg::ErrInternal,
        })
    }

    pub fn slug(&self) -> &'static str {
        match self {
            AppError::Validation(_) => "validation",
            AppError::NotFound => "not-found",
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden => "forbidden",
            AppError::Conflict => "conflict",
            AppError::Internal => "internal",
        }
    }
}
