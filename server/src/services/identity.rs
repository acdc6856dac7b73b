//! Real-name details: name and resident ID number, checked by an identity verifier, stored
//! encrypted with the consent to collect them. Only the masked number is ever shown.

use std::future::Future;
use std::pin::Pin;

use app::domain::text::PersonName;
use app::domain::identity::{IdNumber, IdNumberError};
use app::domain::request::{FieldError, Problem};
use app::error::AppError;

use crate::crypto::DataKey;
use crate::store::{IdentityRow, Store};

/// The version of the privacy notice shown before collecting the ID number.
pub const CONSENT_NOTICE: &str = "identity-notice-v1";

/// Checks that a name and ID number belong together (e.g. the public security
/// authentication service in production).
pub trait IdentityVerifier: Send + Sync {
    fn name(&self) -> &'static str;
    fn verify<'a>(&'a self, full_name: &'a str, id: &'a IdNumber) -> Pin<Box<dyn Future<Output = bool> + Send + 'a>>;
}

/// Development and tests: every well-formed number is accepted.
pub struct DevIdentityVerifier;

impl IdentityVerifier for DevIdentityVerifier {
    fn name(&self) -> &'static str {
        "dev-accept-valid"
    }

    fn verify<'a>(&'a self, _full_name: &'a str, _id: &'a IdNumber) -> Pin<Box<dyn Future<Output = bool> + Send + 'a>> {
        Box::pin(async { true })
    }
}

/// The column and row a sealed ID number belongs to.
fn context(citizen_id: &str) -> String {
    format!("citizen_identities.id_number:{citizen_id}")
}

#[derive(Debug)]
pub struct RealName {
    pub full_name: String,
    pub id_masked: String,
}

pub async fn save(
    store: &Store,
    key: &DataKey,
    verifier: &dyn IdentityVerifier,
    citizen_id: &str,
    full_name: &str,
    id_text: &str,
    consent: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<RealName, AppError> {
    let mut errors = Vec::new();
    let name = PersonName::parse(full_name).map(PersonName::into_string).unwrap_or_else(|| {
        errors.push(FieldError { field: "full_name".into(), problem: Problem::NameFormat });
        String::new()
    });
    let id = IdNumber::parse(id_text).map_err(|e| {
        errors.push(FieldError {
            field: "id_number".into(),
            problem: match e {
                IdNumberError::Shape => Problem::IdShape,
                IdNumberError::BirthDate => Problem::IdBirthDate,
                IdNumberError::CheckCharacter => Problem::IdCheckCharacter,
            },
        })
    });
    if !consent {
        errors.push(FieldError { field: "consent".into(), problem: Problem::ConsentRequired });
    }
    let (Ok(id), true) = (id, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    if !verifier.verify(&name, &id).await {
        return Err(AppError::Validation(vec![FieldError { field: "id_number".into(), problem: Problem::IdRefused }]));
    }
    let at = now.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let row = IdentityRow {
        citizen_id: citizen_id.to_string(),
        full_name: name.clone(),
        id_number_sealed: key.seal(id.expose(), &context(citizen_id)),
        id_number_masked: id.masked(),
        birth_date: id.birth_date().to_string(),
        verified_by: verifier.name().to_string(),
        verified_at: at.clone(),
        consent_notice: CONSENT_NOTICE.to_string(),
        consent_at: at,
    };
    store.save_identity(&row).await?;
    Ok(RealName { full_name: name, id_masked: row.id_number_masked })
}

/// What the citizen sees of their own details: never the full number.
pub async fn shown(store: &Store, citizen_id: &str) -> Result<Option<RealName>, AppError> {
    Ok(store
        .identity(citizen_id).await?
        .map(|r| RealName { full_name: r.full_name, id_masked: r.id_number_masked }))
}

/// The full number, for the places that need it (verification, staff views that are logged).
pub async fn reveal(store: &Store, key: &DataKey, citizen_id: &str) -> Result<Option<IdNumber>, AppError> {
    let Some(row) = store.identity(citizen_id).await? else { return Ok(None) };
    open_id(key, citizen_id, &row.id_number_sealed).map(Some)
}

/// A citizen's ID number from its sealed form as stored (the actor carries it, so that
/// submitting does not read the identity twice).
pub fn open_id(key: &DataKey, citizen_id: &str, sealed: &str) -> Result<IdNumber, AppError> {
    let plain = key.open(sealed, &context(citizen_id)).map_err(|e| {
        tracing::error!(error = %e, "an ID number did not open with the configured key");
        AppError::Internal
    })?;
    IdNumber::parse(&plain).map_err(|_| super::failure("a sealed ID number opened but is not a valid ID number"))
}
