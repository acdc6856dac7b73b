//! Use cases. Web pages and the JSON API call these; neither has logic of its own.

pub mod api_access;
pub mod application;
pub mod casework;
pub mod checker;
pub mod district;
pub mod documents;
pub mod eligibility;
pub mod identity;
pub mod pledge;
pub mod sign_in;
pub mod staff;

use app::error::AppError;

use crate::store::StoreError;

/// Store failures become the opaque internal error; the detail is logged here, once.
pub(crate) fn internal(e: StoreError) -> AppError {
    tracing::error!(error = %e, "store failure");
    AppError::Internal
}

/// Today's date in China (Asia/Shanghai, UTC+8, no daylight saving).
pub fn today_in_china() -> app::domain::date::Date {
    let secs = chrono::Utc::now().timestamp() + 8 * 3600;
    app::domain::date::Date::from_days_since_epoch(secs.div_euclid(86_400))
}
