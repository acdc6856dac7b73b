//! The person's own data (#17 item 6, PIPL art. 45 and 47): a copy of everything the portal
//! holds about the signed-in account, and deleting the draft they no longer want. Each is
//! written to the audit log.

use app::domain::personal_data::{self as pd, PersonalData};
use app::domain::text::Key;
use app::error::AppError;
use app::i18n::Lang;

use crate::crypto::DataKey;
use crate::files::FileStore;
use crate::services::{application, identity, now_text};
use crate::store::{AuditEntry, DocumentRow, Store};

fn document(d: DocumentRow) -> pd::Document {
    pd::Document { kind: d.kind, name: d.original_name, content_type: d.content_type, size_bytes: d.size_bytes, uploaded_at: d.uploaded_at }
}

/// Everything held about the account `citizen_id`, opened (sealed fields decrypted: it is
/// their own). Staff's own notes on a case (home-visit photos) are not the person's data
/// and stay out; the history they see is the one their status page shows.
pub async fn gather(store: &Store, key: &DataKey, citizen_id: &str) -> Result<PersonalData, AppError> {
    let (phone, language) = store.contact_of(citizen_id).await?.unwrap_or_default();
    let identity = match store.identity(citizen_id).await? {
        Some(row) => Some(pd::Identity {
            id_number: identity::reveal(store, key, citizen_id).await?.map(|n| n.expose().to_string()).unwrap_or_default(),
            full_name: row.full_name,
            id_number_masked: row.id_number_masked,
            birth_date: row.birth_date,
            verified_by: row.verified_by,
            verified_at: row.verified_at,
            consent_at: row.consent_at,
        }),
        None => None,
    };
    let pledges = store
        .signed_pledges_of(citizen_id).await?
        .into_iter()
        .map(|p| pd::Pledge { verification_code: p.verification_code, pledge_text: p.pledge_text_id, signer_name: p.signer_name, on_behalf_of: p.on_behalf_of, signed_at: p.signed_at, signature: p.signature_kind })
        .collect();
    let draft = match (store.draft_of(citizen_id).await?, application::load_draft(store, key, citizen_id).await?) {
        (Some(row), Some(open)) => Some(pd::Draft {
            started_at: row.created_at,
            changed_at: row.updated_at,
            answers: open.answers.0,
            documents: store.documents_of_draft(&row.id, citizen_id).await?.into_iter().map(document).collect(),
        }),
        _ => None,
    };
    let mut applications = Vec::new();
    for row in store.applications_of(citizen_id).await? {
        let submitted = application::open_submitted(key, &row)?;
        let timeline = application::timeline_of(application::offices_in(store, store.events_of(&row.id).await?, Lang::ZhCn).await?, false, Lang::ZhCn);
        applications.push(pd::Application {
            history: timeline.into_iter().map(|e| pd::Event { at: e.at, kind: e.kind, by: e.actor, detail: e.detail }).collect(),
            requests: store
                .information_requests(&row.id).await?
                .into_iter()
                .map(|r| pd::Request { asked_at: r.requested_at, items: r.items, due: r.due_date, answered_at: r.answered_at, answer: r.answer })
                .collect(),
            documents: store.documents_of_application(&row.id).await?.into_iter().filter(|d| d.citizen_id == citizen_id && d.kind != app::domain::application::documents::VISIT_PHOTO).map(document).collect(),
            payments: store
                .payments_of(&row.id).await?
                .into_iter()
                .map(|p| pd::Payment { paid_on: p.paid_on, amount_fen: p.amount_fen, period: p.period, arrival: p.arrival, arrival_note: p.arrival_note })
                .collect(),
            messages: store.notifications_of(&row.id).await?.into_iter().map(|n| pd::Message { sent_at: n.created_at, phone: n.phone, text: n.body }).collect(),
            reference: row.reference,
            status: row.status,
            submitted_at: row.submitted_at,
            office: row.office_code,
            submitted,
        });
    }
    let made_at = now_text();
    store
        .append_audit(&AuditEntry { at: made_at.clone(), actor: format!("citizen:{citizen_id}"), action: "citizen.data_copy".into(), subject: format!("citizen:{citizen_id}"), detail: String::new() })
        .await?;
    Ok(PersonalData { made_at, account: pd::Account { phone, language }, identity, pledges, draft, applications })
}

/// Deletes the person's own draft and its documents; "not found" when it is not theirs.
pub async fn delete_draft(store: &Store, files: &dyn FileStore, citizen_id: &str, draft_id: &Key) -> Result<(), AppError> {
    let audit = AuditEntry { at: now_text(), actor: format!("citizen:{citizen_id}"), action: "draft.delete".into(), subject: format!("draft:{draft_id}"), detail: String::new() };
    let keys = store.delete_own_draft(draft_id.as_str(), citizen_id, &audit).await?.ok_or(AppError::NotFound)?;
    for key in keys {
        if let Err(e) = files.delete(&key).await {
            tracing::warn!(error = %e, "the file of a deleted draft's document stayed behind");
        }
    }
    Ok(())
}
