//! 服务类社会救助 (#15, POLICY.md §3.3): the catalogue each level keeps and the providers
//! that deliver. Every use case checks who asks; pages only hand over.

pub mod app_tokens;
pub mod assessments;
pub mod catalogue;
pub mod plans;
pub mod providers;
pub mod referrals;
pub mod resident;
pub mod supervision;
pub mod visits;

use app::domain::staff::{allows, Action};
use app::error::AppError;

use crate::services::staff::Staff;
use crate::store::AuditEntry;

pub(crate) fn may(staff: &Staff, action: Action) -> Result<(), AppError> {
    if allows(staff.role, action) { Ok(()) } else { Err(AppError::Forbidden) }
}

pub(crate) fn audit(staff: &Staff, action: &str, subject: String, detail: String) -> AuditEntry {
    AuditEntry { at: crate::services::now_text(), actor: crate::services::casework::actor(staff), action: action.into(), subject, detail }
}

/// A problem with one field.
pub(crate) fn invalid(field: &str, problem: app::domain::request::Problem) -> AppError {
    AppError::Validation(vec![app::domain::request::FieldError { field: field.into(), problem }])
}

/// Texts the person a code to read out at the door (a plan's agreement, a visit's
/// confirmation); a refusal (too soon, too many) is named on `field`. The challenge's id.
pub(crate) async fn text_code(store: &crate::store::Store, phone: &app::domain::identity::Phone, field: &str) -> Result<String, AppError> {
    use crate::services::sign_in::{request_code_for, Asker, CodePurpose, OutboxNotifier};
    let now = chrono::Utc::now().timestamp();
    request_code_for(store, &OutboxNotifier(store.clone()), phone, Asker::Staff, CodePurpose::ServiceConfirm, app::i18n::Lang::ZhCn, now).await.map_err(|e| match e {
        AppError::Validation(errors) => AppError::Validation(errors.into_iter().map(|e| app::domain::request::FieldError { field: field.into(), ..e }).collect()),
        e => e,
    })
}

/// A photo as posted (a visit's, a repair's).
pub struct Photo {
    pub bytes: Vec<u8>,
}

/// A picture checked (JPEG, PNG or WebP — anything else is named on `field`), cleaned (EXIF
/// and GPS gone) and stored under a new key.
pub(crate) struct KeptPicture {
    pub storage_key: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
}

pub(crate) async fn keep_picture(files: &dyn crate::files::FileStore, field: &str, photo: Photo) -> Result<KeptPicture, AppError> {
    use crate::services::documents::{clean_in_turn, sniff, Kind};
    use app::domain::request::Problem;
    match sniff(&photo.bytes) {
        Ok(Kind::Jpeg | Kind::Png | Kind::Webp) => {}
        Err(Problem::DocumentHeic) => return Err(invalid(field, Problem::DocumentHeic)),
        Ok(_) | Err(_) => return Err(invalid(field, Problem::PhotoNotImage)),
    }
    let cleaned = clean_in_turn(photo.bytes).await.map_err(|p| invalid(field, p))?;
    // File keys are hex, like every document's.
    let storage_key = crate::services::application::new_id();
    files.put(&storage_key, cleaned.bytes.clone()).await.map_err(|e| {
        tracing::error!(error = %e, "could not store a photo");
        AppError::Internal
    })?;
    Ok(KeptPicture { storage_key, content_type: cleaned.content_type.to_string(), size_bytes: cleaned.bytes.len() as i64, sha256: cleaned.sha256 })
}

/// Deletes the stored pictures of a change that was not kept (refused, or written by
/// another try); one that stays behind is logged, not an error.
pub(crate) async fn forget_pictures(files: &dyn crate::files::FileStore, storage_keys: Vec<String>) {
    for key in storage_keys {
        if let Err(e) = files.delete(&key).await {
            tracing::warn!(error = %e, "an unused photo stayed behind");
        }
    }
}

/// A stored picture's bytes.
pub(crate) async fn read_picture(files: &dyn crate::files::FileStore, storage_key: &str) -> Result<Vec<u8>, AppError> {
    files.get(storage_key).await.map_err(|e| {
        tracing::error!(error = %e, "a photo could not be read");
        AppError::Internal
    })
}

/// The district a staff member's area lies in (providers are the district's).
pub(crate) fn district_of(area: &str) -> &str {
    area.get(..6).unwrap_or(area)
}
