//! Drafts, submitted applications, their timeline, requests for more information (补正)
//! and supporting documents. Every read that a citizen can trigger names the citizen, so a
//! row of someone else's is simply not found.

use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use app::domain::application::steps::Story;

use super::audit::{append_in, AuditEntry};
use super::write::{retried, serialise_on};
use super::{Store, StoreError};

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct DraftRow {
    pub id: String,
    pub citizen_id: String,
    pub answers_sealed: String,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

/// What submitting reads about a citizen (`Store::submission_basis`).
#[derive(Clone, Debug, Default)]
pub struct SubmissionBasis {
    pub draft: Option<DraftRow>,
    pub pledge_code: Option<String>,
    /// Their phone and the language they last used.
    pub contact: Option<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ApplicationRow {
    pub id: String,
    pub reference: String,
    pub draft_id: String,
    pub citizen_id: String,
    pub actor_name: String,
    pub subject_name: String,
    pub subject_id_sealed: String,
    pub subject_id_masked: String,
    pub proxy_relation: Option<String>,
    /// The mobile number of the person applied for, when someone else applied and gave it.
    pub subject_phone: Option<String>,
    pub programme: String,
    #[sqlx(skip)]
    pub fast_track: bool,
    pub area_code: String,
    pub office_code: String,
    pub routing_rule: String,
    pub status: String,
    pub answers_sealed: String,
    pub payment_masked: String,
    pub pledge_code: String,
    pub submitted_at: String,
    pub accept_by: String,
    /// The subject's ID number's blind index: the household chain and the register find the
    /// person's applications by it. Read only where a query names it (a case, a citizen's
    /// applications); elsewhere `None`.
    #[sqlx(default)]
    pub subject_id_index: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct EventRow {
    /// Given by the database in order of writing; 0 for one not yet written.
    pub id: i64,
    pub application_id: String,
    pub at: String,
    pub kind: String,
    pub actor: String,
    pub on_behalf_of: Option<String>,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct InfoRequestRow {
    pub id: String,
    pub application_id: String,
    pub items: String,
    pub due_date: String,
    pub requested_at: String,
    pub requested_by: String,
    pub answered_at: Option<String>,
    pub answer: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct DocumentRow {
    pub id: String,
    pub citizen_id: String,
    pub draft_id: Option<String>,
    pub application_id: Option<String>,
    pub kind: String,
    pub original_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub storage_key: String,
    pub uploaded_at: String,
}

pub(crate) const APP_COLUMNS: &str = "id, reference, draft_id, citizen_id, actor_name, subject_name, subject_id_sealed, subject_id_masked, \
    proxy_relation, programme, fast_track, area_code, office_code, routing_rule, status, answers_sealed, payment_masked, pledge_code, submitted_at, accept_by, subject_phone";
const DOC_COLUMNS: &str =
    "id, citizen_id, draft_id, application_id, kind, original_name, content_type, size_bytes, sha256, storage_key, uploaded_at";

fn draft_row(r: &AnyRow) -> Result<DraftRow, sqlx::Error> {
    DraftRow::from_row(r)
}

pub(crate) fn app_row(r: &AnyRow) -> Result<ApplicationRow, sqlx::Error> {
    let mut row = ApplicationRow::from_row(r)?;
    row.fast_track = r.try_get::<i64, _>("fast_track")? != 0;
    Ok(row)
}

fn event_row(r: &AnyRow) -> Result<EventRow, sqlx::Error> {
    EventRow::from_row(r)
}

fn request_row(r: &AnyRow) -> Result<InfoRequestRow, sqlx::Error> {
    InfoRequestRow::from_row(r)
}

fn doc_row(r: &AnyRow) -> Result<DocumentRow, sqlx::Error> {
    DocumentRow::from_row(r)
}

fn all<T>(rows: Vec<AnyRow>, f: fn(&AnyRow) -> Result<T, sqlx::Error>) -> Result<Vec<T>, StoreError> {
    rows.iter().map(f).collect::<Result<_, _>>().map_err(StoreError::from)
}

/// How a submission went: created now, or already there from an earlier identical request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Submitted {
    Created,
    AlreadyThere,
}

impl Store {
    pub async fn draft_of(&self, citizen_id: &str) -> Result<Option<DraftRow>, StoreError> {
        let row = sqlx::query("SELECT id, citizen_id, answers_sealed, version, created_at, updated_at FROM application_drafts WHERE citizen_id = $1")
            .bind(citizen_id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.as_ref().map(draft_row).transpose()?)
    }

    /// What submitting reads about the citizen, in one statement: their draft, their latest
    /// pledge and where they are told of the outcome.
    pub async fn submission_basis(&self, citizen_id: &str) -> Result<SubmissionBasis, StoreError> {
        let row = sqlx::query(
            "SELECT c.phone, c.lang, \
             (SELECT p.verification_code FROM signed_pledges p WHERE p.citizen_id = c.id ORDER BY p.signed_at DESC, p.id DESC LIMIT 1) AS pledge_code, \
             d.id, d.citizen_id, d.answers_sealed, d.version, d.created_at, d.updated_at \
             FROM citizens c LEFT JOIN application_drafts d ON d.citizen_id = c.id WHERE c.id = $1",
        )
        .bind(citizen_id)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else { return Ok(SubmissionBasis::default()) };
        let draft = match row.try_get::<Option<String>, _>("id")? {
            Some(_) => Some(draft_row(&row)?),
            None => None,
        };
        Ok(SubmissionBasis {
            draft,
            pledge_code: row.try_get("pledge_code")?,
            contact: Some((row.try_get("phone")?, row.try_get("lang")?)),
        })
    }

    /// Creates the citizen's draft if there is none; returns the one that exists either way.
    pub async fn ensure_draft(&self, id: &str, citizen_id: &str, answers_sealed: &str, now: &str) -> Result<DraftRow, StoreError> {
        sqlx::query(
            "INSERT INTO application_drafts (id, citizen_id, answers_sealed, version, created_at, updated_at) VALUES ($1, $2, $3, 1, $4, $4) \
             ON CONFLICT (citizen_id) DO NOTHING",
        )
        .bind(id)
        .bind(citizen_id)
        .bind(answers_sealed)
        .bind(now)
        .execute(self.pool())
        .await?;
        self.draft_of(citizen_id).await?.ok_or_else(|| StoreError::Query("draft vanished after insert".into()))
    }

    /// Saves the answers when the draft is still at `version` (no other device saved in
    /// between); `false` means someone else's save came first.
    pub async fn save_draft(&self, id: &str, citizen_id: &str, version: i64, answers_sealed: &str, now: &str) -> Result<bool, StoreError> {
        // Saving a step is the commonest write after submitting: it waits its turn in the
        // process, not in SQLite's busy handler (`WriteTurn`).
        let _turn = self.write_turn.take().await;
        let done = sqlx::query(
            "UPDATE application_drafts SET answers_sealed = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND citizen_id = $4 AND version = $5",
        )
        .bind(answers_sealed)
        .bind(now)
        .bind(id)
        .bind(citizen_id)
        .bind(version)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Turns a draft into an application, once: the unique `draft_id` makes every repeat
    /// of the same submission land on the first one. The draft's documents move with it.
    /// `lang`: the language the person applied in, kept with them for later messages;
    /// `notifications`: what they are texted about it, in the same transaction.
    /// Writes a submission once, through the server's group commit (`group_commit`): a
    /// second one for the same draft is `AlreadyThere` and changes nothing.
    pub async fn submit_application(&self, a: &ApplicationRow, events: &[EventRow], lang: Option<&str>, notifications: &[super::NotificationRow]) -> Result<Submitted, StoreError> {
        let audit = AuditEntry {
            at: a.submitted_at.clone(),
            actor: format!("citizen:{}", a.citizen_id),
            action: "application.submit".into(),
            subject: format!("application:{}", a.id),
            detail: format!("{} {}", a.reference, a.office_code),
        };
        let submission = Submission { application: a.clone(), events: events.to_vec(), lang: lang.map(str::to_string), notifications: notifications.to_vec(), audit };
        self.submissions.write(submission).await
    }

    pub async fn application_by_draft(&self, draft_id: &str, citizen_id: &str) -> Result<Option<ApplicationRow>, StoreError> {
        let row = sqlx::query(&format!("SELECT {APP_COLUMNS} FROM applications WHERE draft_id = $1 AND citizen_id = $2"))
            .bind(draft_id)
            .bind(citizen_id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.as_ref().map(app_row).transpose()?)
    }

    /// The citizen's application with this reference; someone else's is `None`.
    pub async fn application_of(&self, reference: &str, citizen_id: &str) -> Result<Option<ApplicationRow>, StoreError> {
        let row = sqlx::query(&format!("SELECT {APP_COLUMNS} FROM applications WHERE reference = $1 AND citizen_id = $2"))
            .bind(reference)
            .bind(citizen_id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.as_ref().map(app_row).transpose()?)
    }

    pub async fn applications_of(&self, citizen_id: &str) -> Result<Vec<ApplicationRow>, StoreError> {
        let rows = sqlx::query(&format!("SELECT {APP_COLUMNS}, subject_id_index FROM applications WHERE citizen_id = $1 ORDER BY submitted_at DESC, reference"))
            .bind(citizen_id)
            .fetch_all(self.pool())
            .await?;
        all(rows, app_row)
    }

    pub async fn count_applications_for_draft(&self, draft_id: &str) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) AS n FROM applications WHERE draft_id = $1").bind(draft_id).fetch_one(self.pool()).await?)
    }

    pub async fn events_of(&self, application_id: &str) -> Result<Vec<EventRow>, StoreError> {
        let rows = sqlx::query("SELECT id, application_id, at, kind, actor, on_behalf_of, detail FROM application_events WHERE application_id = $1 ORDER BY id")
            .bind(application_id)
            .fetch_all(self.pool())
            .await?;
        all(rows, event_row)
    }

    /// Asks the citizen for more information (补正) and marks the application as waiting.
    pub async fn request_information(&self, r: &InfoRequestRow, event: &EventRow) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE applications SET status = 'more_info' WHERE id = $1").bind(&r.application_id).execute(&mut *tx).await?;
        insert_info_request(&mut tx, r).await?;
        insert_event(&mut tx, event).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn information_requests(&self, application_id: &str) -> Result<Vec<InfoRequestRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, application_id, items, due_date, requested_at, requested_by, answered_at, answer FROM information_requests \
             WHERE application_id = $1 ORDER BY requested_at, id",
        )
        .bind(application_id)
        .fetch_all(self.pool())
        .await?;
        all(rows, request_row)
    }

    /// Records the answer to an open request once; `false` when it was already answered.
    pub async fn answer_information_request(&self, request_id: &str, application_id: &str, answer: &Story, event: &EventRow) -> Result<bool, StoreError> {
        let audit = AuditEntry {
            at: event.at.clone(),
            actor: event.actor.clone(),
            action: "application.info_provided".into(),
            subject: format!("application:{application_id}"),
            detail: request_id.to_string(),
        };
        retried(|| self.try_answer_information_request(request_id, application_id, answer, event, &audit)).await
    }

    async fn try_answer_information_request(&self, request_id: &str, application_id: &str, answer: &Story, event: &EventRow, audit: &AuditEntry) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE information_requests SET answered_at = $1, answer = $2 WHERE id = $3 AND application_id = $4 AND answered_at IS NULL",
        )
        .bind(&event.at)
        .bind(answer.as_str())
        .bind(request_id)
        .bind(application_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        sqlx::query(
            "UPDATE applications SET status = 'submitted' WHERE id = $1 AND status = 'more_info' \
             AND NOT EXISTS (SELECT 1 FROM information_requests WHERE application_id = $1 AND answered_at IS NULL)",
        )
        .bind(application_id)
        .execute(&mut *tx)
        .await?;
        insert_event(&mut tx, event).await?;
        append_in(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Keeps a document unless its draft or application already holds `max`; `false` then.
    /// The count and the insert are one serialised step, so simultaneous uploads cannot pass
    /// the limit together.
    pub async fn insert_document_within(&self, d: &DocumentRow, max: i64) -> Result<bool, StoreError> {
        let (column, owner) = match (&d.draft_id, &d.application_id) {
            (Some(draft), _) => ("draft_id", draft),
            (None, Some(application)) => ("application_id", application),
            (None, None) => return Err(StoreError::Query("a document belongs to a draft or an application".into())),
        };
        retried(|| async {
            let mut tx = self.begin_write().await?;
            serialise_on(&mut tx, &format!("documents:{owner}")).await?;
            let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) AS n FROM documents WHERE {column} = $1")).bind(owner).fetch_one(&mut *tx).await?;
            if n >= max {
                tx.rollback().await?;
                return Ok(false);
            }
            insert_document_in(&mut tx, d).await?;
            tx.commit().await?;
            Ok(true)
        })
        .await
    }

    pub async fn documents_of_draft(&self, draft_id: &str, citizen_id: &str) -> Result<Vec<DocumentRow>, StoreError> {
        let rows = sqlx::query(&format!("SELECT {DOC_COLUMNS} FROM documents WHERE draft_id = $1 AND citizen_id = $2 ORDER BY uploaded_at, id"))
            .bind(draft_id)
            .bind(citizen_id)
            .fetch_all(self.pool())
            .await?;
        all(rows, doc_row)
    }

    pub async fn documents_of_application(&self, application_id: &str) -> Result<Vec<DocumentRow>, StoreError> {
        let rows = sqlx::query(&format!("SELECT {DOC_COLUMNS} FROM documents WHERE application_id = $1 ORDER BY uploaded_at, id"))
            .bind(application_id)
            .fetch_all(self.pool())
            .await?;
        all(rows, doc_row)
    }

    /// Removes a document still attached to the citizen's draft; returns its storage key.
    pub async fn delete_draft_document(&self, id: &str, citizen_id: &str) -> Result<Option<String>, StoreError> {
        let key: Option<String> = sqlx::query_scalar("SELECT storage_key FROM documents WHERE id = $1 AND citizen_id = $2 AND draft_id IS NOT NULL AND application_id IS NULL")
            .bind(id)
            .bind(citizen_id)
            .fetch_optional(self.pool())
            .await?;
        let Some(key) = key else { return Ok(None) };
        sqlx::query("DELETE FROM documents WHERE id = $1 AND citizen_id = $2 AND application_id IS NULL").bind(id).bind(citizen_id).execute(self.pool()).await?;
        Ok(Some(key))
    }
}

pub(crate) async fn insert_info_request(tx: &mut sqlx::Transaction<'_, sqlx::Any>, r: &InfoRequestRow) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO information_requests (id, application_id, items, due_date, requested_at, requested_by) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(&r.id)
        .bind(&r.application_id)
        .bind(&r.items)
        .bind(&r.due_date)
        .bind(&r.requested_at)
        .bind(&r.requested_by)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A submission as it is written: the application, its first events, the language its
/// person reads, what they are told, and its audit entry.
#[derive(Clone, Debug)]
pub(crate) struct Submission {
    pub application: ApplicationRow,
    pub events: Vec<EventRow>,
    pub lang: Option<String>,
    pub notifications: Vec<super::NotificationRow>,
    pub audit: AuditEntry,
}

pub(crate) async fn insert_event(tx: &mut sqlx::Transaction<'_, sqlx::Any>, e: &EventRow) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO application_events (application_id, at, kind, actor, on_behalf_of, detail) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(&e.application_id)
        .bind(&e.at)
        .bind(&e.kind)
        .bind(&e.actor)
        .bind(&e.on_behalf_of)
        .bind(&e.detail)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl Store {
    /// One document of an application.
    pub async fn document_of_application(&self, application_id: &str, document_id: &str) -> Result<Option<DocumentRow>, StoreError> {
        let row = sqlx::query(&format!("SELECT {DOC_COLUMNS} FROM documents WHERE application_id = $1 AND id = $2"))
            .bind(application_id)
            .bind(document_id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.as_ref().map(doc_row).transpose()?)
    }
}

pub(crate) async fn insert_document_in(conn: &mut sqlx::AnyConnection, d: &DocumentRow) -> Result<(), StoreError> {
    sqlx::query(&format!("INSERT INTO documents ({DOC_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"))
        .bind(&d.id)
        .bind(&d.citizen_id)
        .bind(&d.draft_id)
        .bind(&d.application_id)
        .bind(&d.kind)
        .bind(&d.original_name)
        .bind(&d.content_type)
        .bind(d.size_bytes)
        .bind(&d.sha256)
        .bind(&d.storage_key)
        .bind(&d.uploaded_at)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
