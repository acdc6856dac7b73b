//! Supporting documents: checked and cleaned on the way in, kept in the file store, and
//! opened only by their owner or staff in scope.

use app::domain::text::Key;
use app::domain::request::{FieldError, Problem};
use app::error::AppError;
use app::domain::application::documents::{DocumentItem, DOCUMENT_KINDS, VISIT_PHOTO};
use app::domain::application::answers::Answers;

use crate::crypto::DataKey;
use crate::files::FileStore;
use crate::store::{DocumentRow, Store};

use super::{MAX_DOCUMENTS, load_draft, new_id, now_text, own, start};

pub(super) fn document_items(rows: Vec<DocumentRow>) -> Vec<DocumentItem> {
    rows.into_iter().map(document_item).collect()
}

/// A kept document as its owner sees it listed.
pub fn document_item(d: DocumentRow) -> DocumentItem {
    DocumentItem { id: d.id, kind: d.kind, name: d.original_name, size_kb: (d.size_bytes + 1023) / 1024 }
}

pub async fn documents_of(store: &Store, application_id: &str) -> Result<Vec<DocumentItem>, AppError> {
    Ok(document_items(store.documents_of_application(application_id).await?))
}

/// An uploaded file as it arrived.
pub struct Upload {
    pub kind: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

pub(super) fn doc_error(problem: Problem) -> AppError {
    AppError::Validation(vec![FieldError { field: "document".into(), problem }])
}

/// Checks and cleans an upload, then keeps it; the row says where it belongs.
pub(super) async fn keep_document(files: &dyn FileStore, citizen_id: &str, upload: Upload, draft_id: Option<String>, application_id: Option<String>) -> Result<DocumentRow, AppError> {
    if !DOCUMENT_KINDS.contains(&upload.kind.as_str()) {
        return Err(AppError::Validation(vec![FieldError { field: "kind".into(), problem: Problem::DocumentKind }]));
    }
    let bytes = upload.bytes;
    let cleaned = crate::services::documents::clean_in_turn(bytes).await.map_err(doc_error)?;
    let id = new_id();
    files.put(&id, cleaned.bytes.clone()).await.map_err(|e| {
        tracing::error!(error = %e, "could not store a document");
        AppError::Internal
    })?;
    // The name is only a label for its owner: path parts and odd characters are dropped.
    let name: String = upload.file_name.rsplit(['/', '\\']).next().unwrap_or("").chars().filter(|c| !c.is_control()).take(80).collect();
    Ok(DocumentRow {
        id: id.clone(),
        citizen_id: citizen_id.to_string(),
        draft_id,
        application_id,
        kind: upload.kind,
        original_name: if name.is_empty() { "document".into() } else { name },
        content_type: cleaned.content_type.to_string(),
        size_bytes: cleaned.bytes.len() as i64,
        sha256: cleaned.sha256,
        storage_key: id,
        uploaded_at: now_text(),
    })
}

pub async fn add_draft_document(store: &Store, key: &DataKey, files: &dyn FileStore, citizen_id: &str, upload: Upload) -> Result<DocumentRow, AppError> {
    let draft = match load_draft(store, key, citizen_id).await? {
        Some(d) => d,
        None => start(store, key, citizen_id, Answers::default()).await?,
    };
    if store.documents_of_draft(&draft.id, citizen_id).await?.len() >= MAX_DOCUMENTS {
        return Err(doc_error(Problem::TooManyDocuments { max: MAX_DOCUMENTS as i64 }));
    }
    let row = keep_document(files, citizen_id, upload, Some(draft.id), None).await?;
    if !store.insert_document_within(&row, MAX_DOCUMENTS as i64).await? {
        forget_file(files, &row).await;
        return Err(doc_error(Problem::TooManyDocuments { max: MAX_DOCUMENTS as i64 }));
    }
    Ok(row)
}

/// Deletes the stored file of a document that was not kept after all.
pub(super) async fn forget_file(files: &dyn FileStore, row: &DocumentRow) {
    if let Err(e) = files.delete(&row.storage_key).await {
        tracing::warn!(error = %e, "the file of a refused document stayed behind");
    }
}

pub async fn remove_draft_document(store: &Store, files: &dyn FileStore, citizen_id: &str, document_id: &Key) -> Result<(), AppError> {
    let key = store.delete_draft_document(document_id.as_str(), citizen_id).await?.ok_or(AppError::NotFound)?;
    if let Err(e) = files.delete(&key).await {
        tracing::warn!(error = %e, "a removed document's file stayed behind");
    }
    Ok(())
}

/// A document's bytes, with its type and name, for someone already allowed to see it.
pub async fn document_file(store: &Store, files: &dyn FileStore, application_id: &str, document_id: &Key) -> Result<(String, String, Vec<u8>), AppError> {
    let doc = store.document_of_application(application_id, document_id.as_str()).await?.ok_or(AppError::NotFound)?;
    let bytes = files.get(&doc.storage_key).await.map_err(|e| {
        tracing::error!(error = %e, document = %doc.id, "a stored document could not be read");
        AppError::Internal
    })?;
    Ok((doc.content_type, doc.original_name, bytes))
}

/// The owner's own document.
pub async fn own_document(store: &Store, files: &dyn FileStore, citizen_id: &str, reference: &Key, document_id: &Key) -> Result<(String, String, Vec<u8>), AppError> {
    let a = own(store, citizen_id, reference).await?;
    if store.document_of_application(&a.id, document_id.as_str()).await?.is_some_and(|d| d.kind == VISIT_PHOTO) {
        return Err(AppError::NotFound);
    }
    document_file(store, files, &a.id, document_id).await
}

/// A photo taken on a home visit: cleaned like any document, kept with the case, shown to
/// staff only.
pub async fn keep_visit_photo(files: &dyn FileStore, citizen_id: &str, application_id: &str, mut upload: Upload) -> Result<DocumentRow, AppError> {
    upload.kind = "other".into();
    let mut row = keep_document(files, citizen_id, upload, None, Some(application_id.to_string())).await?;
    row.kind = VISIT_PHOTO.into();
    Ok(row)
}
