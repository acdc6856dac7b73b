//! The eligibility check: anonymous, nothing stored.

use app::domain::engine::{evaluate, CheckResult};
use app::domain::household::CheckInput;
use app::domain::params::ParameterSet;
use app::domain::request::{FieldError, Problem};
use app::error::AppError;
use app::i18n::Lang;

use crate::store::{AreaRow, Store};

pub struct Checked {
    pub result: CheckResult,
    pub area: AreaRow,
}

fn area_error() -> AppError {
    AppError::Validation(vec![FieldError { field: "area_code".into(), problem: Problem::UnknownArea }])
}

/// All parameters, as a set the engine (and the browser) can use.
pub async fn parameter_set(store: &Store) -> Result<ParameterSet, AppError> {
    let rows = store.parameters().await?;
    ParameterSet::new(rows).map_err(|e| {
        tracing::error!(error = %e, "parameter rows out of bounds");
        AppError::Internal
    })
}

/// The parameters for residents' pages (the checker, the application), as this server
/// holds them: a value approved on another server a few seconds ago may be used a few
/// seconds later (`Store::held_parameters`). Staff decisions use `parameter_set`.
pub async fn residents_parameter_set(store: &Store) -> Result<ParameterSet, AppError> {
    let rows = store.held_parameters().await?;
    ParameterSet::new(rows.as_ref().clone()).map_err(|e| {
        tracing::error!(error = %e, "parameter rows out of bounds");
        AppError::Internal
    })
}

pub async fn check(store: &Store, input: &CheckInput, lang: Lang) -> Result<Checked, AppError> {
    let area = store.area(input.area.as_str()).await?.ok_or_else(area_error)?;
    let params = residents_parameter_set(store).await?;
    let result = evaluate(input, &params, lang).map_err(|e| {
        tracing::warn!(error = %e, "no parameters for a known area");
        area_error()
    })?;
    Ok(Checked { result, area })
}
