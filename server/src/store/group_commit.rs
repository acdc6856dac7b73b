//! Group commit of submissions. Written one at a time, each submission is its own durable
//! commit and its own turn at the end of the audit chain, and those two cap how many a
//! server takes per second: SQLite has one writer (its waiting writers sleep in its busy
//! handler), and PostgreSQL holds the chain's end from the append to the commit. So each
//! server queues its submissions to one writer, which writes whatever queued while the last
//! batch committed in one transaction: one commit, one read of the chain's end. Nothing
//! waits on purpose, so a lone submission is written at once. A batch that fails for any
//! reason but "busy" is written again one submission at a time, so a bad one fails alone.
//! The queue holds only requests in flight, as a request does; servers stay stateless.

use std::collections::{BTreeSet, HashSet};

use sqlx::{Any, AnyPool, Row, Transaction};
use tokio::sync::{mpsc, oneshot};

use super::applications::{Submission, Submitted, APP_COLUMNS};
use super::audit::{append_all_in, AuditEntry};
use super::sql::{Sql, Value};
use super::write::{begin_write_on, retried, WriteTurn};
use super::{Backend, StoreError};

/// The most submissions in one transaction: enough that a batch's commit is small beside
/// its writes, few enough that the lock on the chain's end is not held long.
const MOST_PER_COMMIT: usize = 128;
/// Submissions waiting for the writer before a new one waits to be queued.
const QUEUED: usize = 4096;

type Reply = oneshot::Sender<Result<Submitted, StoreError>>;

/// The sending end of a server's submission writer; dropping every clone stops it.
#[derive(Clone, Debug)]
pub(crate) struct SubmissionQueue(mpsc::Sender<(Submission, Reply)>);

impl SubmissionQueue {
    /// Starts the writer on the current Tokio runtime.
    pub(crate) fn start(pool: AnyPool, backend: Backend, turn: WriteTurn) -> Self {
        let (sender, queue) = mpsc::channel(QUEUED);
        tokio::spawn(writer(pool, backend, turn, queue));
        SubmissionQueue(sender)
    }

    /// Writes `s` in the next batch and answers when that batch has committed.
    pub(crate) async fn write(&self, s: Submission) -> Result<Submitted, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.0.send((s, reply)).await.map_err(|_| StoreError::Query("the submission writer has stopped".into()))?;
        answer.await.map_err(|_| StoreError::Query("the submission writer stopped before it answered".into()))?
    }
}

async fn writer(pool: AnyPool, backend: Backend, turn: WriteTurn, mut queue: mpsc::Receiver<(Submission, Reply)>) {
    let mut taken = Vec::with_capacity(MOST_PER_COMMIT);
    while queue.recv_many(&mut taken, MOST_PER_COMMIT).await > 0 {
        let (batch, replies): (Vec<Submission>, Vec<Reply>) = taken.drain(..).unzip();
        let _turn = turn.take().await;
        match retried(|| write_batch(&pool, backend, &batch)).await {
            Ok(outcomes) => {
                for (reply, outcome) in replies.into_iter().zip(outcomes) {
                    let _ = reply.send(Ok(outcome));
                }
            }
            Err(StoreError::Busy(reason)) => {
                for reply in replies {
                    let _ = reply.send(Err(StoreError::Busy(reason.clone())));
                }
            }
            Err(e) if batch.len() > 1 => {
                tracing::warn!(error = %e, submissions = batch.len(), "a group commit failed; writing its submissions one by one");
                for (s, reply) in batch.iter().zip(replies) {
                    let outcome = retried(|| write_batch(&pool, backend, std::slice::from_ref(s))).await;
                    let _ = reply.send(outcome.map(|o| o[0]));
                }
            }
            Err(e) => {
                if let Some(reply) = replies.into_iter().next() {
                    let _ = reply.send(Err(e));
                }
            }
        }
    }
}

/// One transaction for the whole batch, each table written by one statement for all its
/// submissions (a statement costs more than its rows), in the order queued; a draft sent
/// twice in one batch is `Created` once and `AlreadyThere` after.
async fn write_batch(pool: &AnyPool, backend: Backend, batch: &[Submission]) -> Result<Vec<Submitted>, StoreError> {
    let mut tx = begin_write_on(pool, backend).await?;
    let created = insert_applications(&mut tx, batch).await?;
    let new: Vec<&Submission> = batch.iter().filter(|s| created.contains(s.application.id.as_str())).collect();
    if !new.is_empty() {
        write_the_rest(&mut tx, &new).await?;
        let audit: Vec<AuditEntry> = new.iter().map(|s| s.audit.clone()).collect();
        append_all_in(&mut tx, &audit).await?;
    }
    tx.commit().await?;
    Ok(batch.iter().map(|s| if created.contains(s.application.id.as_str()) { Submitted::Created } else { Submitted::AlreadyThere }).collect())
}

/// The ids of the applications written now: not those whose draft already has one.
async fn insert_applications(tx: &mut Transaction<'_, Any>, batch: &[Submission]) -> Result<HashSet<String>, StoreError> {
    // A new case's clock is acceptance, due on its accept-by date.
    let mut sql = Sql::new(format!("INSERT INTO applications ({APP_COLUMNS}, clock, due_on, subject_id_index) VALUES "));
    for (i, s) in batch.iter().enumerate() {
        let a = &s.application;
        if i > 0 {
            sql.push(", ");
        }
        sql.push_tuple([
            a.id.clone().into(),
            a.reference.clone().into(),
            a.draft_id.clone().into(),
            a.citizen_id.clone().into(),
            a.actor_name.clone().into(),
            a.subject_name.clone().into(),
            a.subject_id_sealed.clone().into(),
            a.subject_id_masked.clone().into(),
            a.proxy_relation.clone().into(),
            a.programme.clone().into(),
            Value::Int(i64::from(a.fast_track)),
            a.area_code.clone().into(),
            a.office_code.clone().into(),
            a.routing_rule.clone().into(),
            a.status.clone().into(),
            a.answers_sealed.clone().into(),
            a.payment_masked.clone().into(),
            a.pledge_code.clone().into(),
            a.submitted_at.clone().into(),
            a.accept_by.clone().into(),
            a.subject_phone.clone().into(),
            "accept".into(),
            a.accept_by.clone().into(),
            a.subject_id_index.clone().into(),
        ]);
    }
    sql.push(" ON CONFLICT (draft_id) DO NOTHING RETURNING id");
    let ids: Vec<String> = sql.query().fetch_all(&mut **tx).await?.iter().map(|r| r.try_get("id")).collect::<Result<_, _>>()?;
    Ok(ids.into_iter().collect())
}

/// Events, documents moved from the draft, drafts deleted, languages kept, notices and
/// their text messages, for the submissions just written.
async fn write_the_rest(tx: &mut Transaction<'_, Any>, new: &[&Submission]) -> Result<(), StoreError> {
    let events: Vec<_> = new.iter().flat_map(|s| &s.events).collect();
    if !events.is_empty() {
        let mut sql = Sql::new("INSERT INTO application_events (application_id, at, kind, actor, on_behalf_of, detail) VALUES ");
        for (i, e) in events.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.push_tuple([e.application_id.clone().into(), e.at.clone().into(), e.kind.clone().into(), e.actor.clone().into(), e.on_behalf_of.clone().into(), e.detail.clone().into()]);
        }
        sql.query().execute(&mut **tx).await?;
    }
    let drafts = || new.iter().map(|s| s.application.draft_id.clone());
    let mut sql = Sql::new(
        "UPDATE documents SET application_id = (SELECT a.id FROM applications a WHERE a.draft_id = documents.draft_id), draft_id = NULL \
         WHERE EXISTS (SELECT 1 FROM applications a WHERE a.draft_id = documents.draft_id AND a.citizen_id = documents.citizen_id) AND draft_id IN (",
    );
    sql.push_list(drafts()).push(")");
    sql.query().execute(&mut **tx).await?;
    let mut sql = Sql::new("DELETE FROM application_drafts WHERE id IN (");
    sql.push_list(drafts()).push(")");
    sql.query().execute(&mut **tx).await?;
    let langs: BTreeSet<&str> = new.iter().filter_map(|s| s.lang.as_deref()).collect();
    for lang in langs {
        let mut sql = Sql::new("UPDATE citizens SET lang = ");
        sql.push_bind(lang).push(" WHERE id IN (");
        sql.push_list(new.iter().filter(|s| s.lang.as_deref() == Some(lang)).map(|s| s.application.citizen_id.clone())).push(")");
        sql.query().execute(&mut **tx).await?;
    }
    super::notifications::insert_notifications(tx, new.iter().flat_map(|s| &s.notifications)).await?;
    Ok(())
}
