//! Use cases. Web pages and the JSON API call these; neither has logic of its own.

pub mod administration;
pub mod api_access;
pub mod application;
pub mod casework;
pub mod checker;
pub mod demo;
pub mod district;
pub mod documents;
pub mod housekeeping;
pub mod eligibility;
pub mod funnel;
pub mod identity;
pub mod letters;
pub mod monitoring;
pub mod notifications;
pub mod personal_data;
pub mod pledge;
pub mod second_factor;
pub mod service_assistance;
pub mod sign_in;
pub mod sms;
pub mod staff;

use app::error::AppError;

use crate::store::StoreError;

/// Store failures become the opaque internal error (so `?` works on them); the detail is
/// logged here, once, with the place in the code whose operation failed.
impl From<StoreError> for AppError {
    #[track_caller]
    fn from(e: StoreError) -> Self {
        let at = std::panic::Location::caller();
        tracing::error!(error = %e, at = %at, "store failure");
        AppError::Internal
    }
}

/// The opaque internal error for a failure that is not the store's: `what` went wrong,
/// logged once with the place in the code.
#[track_caller]
pub(crate) fn failure(what: &str) -> AppError {
    let at = std::panic::Location::caller();
    tracing::error!(at = %at, "{what}");
    AppError::Internal
}

/// The date in China of a stored UTC time (`2026-12-02T05:31:28Z`).
pub fn china_date_of(utc: &str) -> Option<app::domain::date::Date> {
    let at = chrono::DateTime::parse_from_rfc3339(utc).ok()?;
    let secs = at.timestamp() + 8 * 3600;
    Some(app::domain::date::Date::from_days_since_epoch(secs.div_euclid(86_400)))
}

/// An identifier from a path, a form or a header (a reference, a document's id…): one that
/// could not be a key names nothing, so it is not found.
pub fn key(s: &str) -> Result<app::domain::text::Key, AppError> {
    app::domain::text::Key::parse(s).ok_or(AppError::NotFound)
}

/// Now, as every moment is stored: UTC, to the second.
pub(crate) fn now_text() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Today's date in China (Asia/Shanghai, UTC+8, no daylight saving).
pub fn today_in_china() -> app::domain::date::Date {
    let secs = chrono::Utc::now().timestamp() + 8 * 3600;
    app::domain::date::Date::from_days_since_epoch(secs.div_euclid(86_400))
}
