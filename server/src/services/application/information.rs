//! Answering a request for more information (补正) with an explanation and/or a document.
//! Asking for it is a staff action (`casework::act`).

use app::domain::text::Key;
use app::domain::request::{FieldError, Problem};
use app::error::AppError;
use app::domain::application::steps::{self};

use crate::files::FileStore;
use crate::store::{EventRow, Store};

use super::{Actor, MAX_DOCUMENTS, Upload, doc_error, forget_file, keep_document, now_text, own};

/// Answers a request for more information with an explanation and/or a document.
pub async fn answer_request(
    store: &Store,
    files: &dyn FileStore,
    actor: &Actor,
    reference: &Key,
    request_id: &Key,
    answer: &str,
    upload: Option<Upload>,
) -> Result<(), AppError> {
    let a = own(store, &actor.citizen_id, reference).await?;
    let open = store.information_requests(&a.id).await?.into_iter().any(|r| r.id == request_id.as_str() && r.answered_at.is_none());
    if !open {
        return Err(AppError::NotFound);
    }
    let answer = steps::Story::parse(answer).map_err(|e| AppError::Validation(vec![FieldError { field: "answer".into(), problem: e.problem() }]))?;
    if upload.is_none() && answer.is_empty() {
        return Err(doc_error(Problem::DocumentMissing));
    }
    let mut detail = answer.to_string();
    if let Some(upload) = upload {
        if store.documents_of_application(&a.id).await?.len() >= MAX_DOCUMENTS {
            return Err(doc_error(Problem::TooManyDocuments { max: MAX_DOCUMENTS as i64 }));
        }
        let row = keep_document(files, &actor.citizen_id, upload, None, Some(a.id.clone())).await?;
        if !store.insert_document_within(&row, MAX_DOCUMENTS as i64).await? {
            forget_file(files, &row).await;
            return Err(doc_error(Problem::TooManyDocuments { max: MAX_DOCUMENTS as i64 }));
        }
        detail = format!("{detail} [{}]", row.original_name).trim().to_string();
    }
    let event = EventRow {
        id: 0,
        application_id: a.id.clone(),
        at: now_text(),
        kind: "info_provided".into(),
        actor: actor.name.clone(),
        on_behalf_of: a.proxy_relation.as_ref().map(|_| a.subject_name.clone()),
        detail,
    };
    if !store.answer_information_request(request_id.as_str(), &a.id, &answer, &event).await? {
        return Err(AppError::Conflict);
    }
    Ok(())
}
