//! A worker's phone app signs in with a token made on the workbench (#15 item 11), where the
//! password and the second factor were already checked; the token is shown once, kept as a
//! hash, and a new one ends the old.

use app::domain::staff::Action;
use app::error::AppError;

use super::{audit, may};
use crate::crypto::{hash, random_token};
use crate::services::staff::Staff;
use crate::store::Store;

/// An app token lives as long as a provider's contract year at most; a new one ends it sooner.
pub const APP_TOKEN_SECS: i64 = 90 * 24 * 3600;

pub async fn issue(store: &Store, staff: &Staff, now: i64) -> Result<String, AppError> {
    may(staff, Action::DeliverVisits)?;
    let token = random_token(32);
    store.issue_app_token(&staff.id, &hash(&[&token]), now, now + APP_TOKEN_SECS, &audit(staff, "visits.app_token", format!("staff:{}", staff.id), String::new())).await?;
    Ok(token)
}

/// The worker a bearer token stands for (anything else is "not signed in").
pub async fn staff_of(store: &Store, token: &str, now: i64) -> Result<Staff, AppError> {
    if token.is_empty() || token.len() > 200 {
        return Err(AppError::Unauthenticated);
    }
    let id = store.app_token_staff(&hash(&[token]), now).await?.ok_or(AppError::Unauthenticated)?;
    crate::services::staff::by_id(store, &id).await?.filter(|s| app::domain::staff::allows(s.role, Action::DeliverVisits)).ok_or(AppError::Unauthenticated)
}
