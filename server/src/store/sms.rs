//! The SMS outbox as a queue (#13 item 2): messages are written with the change they tell
//! of, then claimed by a delivery worker on any server under a lease, sent, and marked sent,
//! due again later, or failed. Only the holder of a claim can record its outcome, so a
//! worker whose lease ran out cannot overwrite what another worker did since.

use super::sql::{Sql, Value};
use super::write::retried;
use super::{Store, StoreError};

/// A message to put in the outbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingSms {
    pub id: String,
    pub phone: String,
    /// `code` (sign-in) or `notice` (about a case).
    pub kind: &'static str,
    /// The provider template: `sign_in_code` or a notice's code.
    pub template: String,
    /// JSON object of the template's parameters.
    pub params: String,
    pub lang: String,
    /// The whole text, for the development outbox.
    pub body: String,
    pub created_at: i64,
    /// Not worth sending after this (a sign-in code that no longer works).
    pub expires_at: Option<i64>,
}

/// A message claimed for sending.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ClaimedSms {
    pub id: String,
    pub phone: String,
    pub template: String,
    pub params: String,
    pub lang: String,
    pub body: String,
    /// Tries before this one.
    pub attempts: i64,
}

/// Where one message stands.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SmsDelivery {
    pub status: String,
    pub attempts: i64,
    pub provider_ref: Option<String>,
    pub last_error: Option<String>,
}

pub(crate) async fn insert_sms(conn: &mut sqlx::AnyConnection, sms: &OutgoingSms) -> Result<(), StoreError> {
    insert_all_sms(conn, std::slice::from_ref(sms)).await
}

/// Several messages in one statement (a group commit's notices).
pub(crate) async fn insert_all_sms(conn: &mut sqlx::AnyConnection, all: &[OutgoingSms]) -> Result<(), StoreError> {
    if all.is_empty() {
        return Ok(());
    }
    let mut sql = Sql::new("INSERT INTO sms_outbox (id, phone, body, created_at, kind, template, params, lang, expires_at) VALUES ");
    for (i, sms) in all.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.push_tuple([
            sms.id.clone().into(),
            sms.phone.clone().into(),
            sms.body.clone().into(),
            Value::Int(sms.created_at),
            sms.kind.into(),
            sms.template.clone().into(),
            sms.params.clone().into(),
            sms.lang.clone().into(),
            Value::MaybeInt(sms.expires_at),
        ]);
    }
    sql.query().execute(conn).await?;
    Ok(())
}

/// How one try of a claimed message went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SmsOutcome {
    Sent { provider_ref: String, at: i64 },
    /// Due again at `next_at`, or failed for good when it is None.
    NotSent { error: String, next_at: Option<i64> },
}

impl Store {
    pub async fn queue_sms(&self, sms: &OutgoingSms) -> Result<(), StoreError> {
        let mut conn = self.pool().acquire().await?;
        insert_sms(&mut conn, sms).await
    }

    /// Claims up to `limit` messages that are due, for `lease_secs`, as `owner` (a token new
    /// for each claim). Codes that stopped working before they could be sent are given up.
    pub async fn claim_sms(&self, owner: &str, now: i64, lease_secs: i64, limit: i64) -> Result<Vec<ClaimedSms>, StoreError> {
        // Most polls find nothing: a read answers them without taking the write lock.
        let due: Option<i64> = sqlx::query_scalar("SELECT 1 FROM sms_outbox WHERE status = 'pending' AND next_attempt_at <= $1 LIMIT 1")
            .bind(now)
            .fetch_optional(self.pool())
            .await?;
        if due.is_none() {
            return Ok(Vec::new());
        }
        let _turn = self.write_turn.take().await;
        retried(|| async {
            let mut tx = self.begin_write().await?;
            sqlx::query(
                "UPDATE sms_outbox SET status = 'failed', last_error = 'expired before it could be sent', lease_owner = NULL, lease_until = NULL \
                 WHERE status = 'pending' AND expires_at IS NOT NULL AND expires_at <= $1 AND (lease_until IS NULL OR lease_until < $1)",
            )
            .bind(now)
            .execute(&mut *tx)
            .await?;
            // The outer conditions repeat the inner ones: on PostgreSQL a second worker that
            // waited on the same rows re-checks them against the first worker's update and
            // skips them, so no row is claimed twice.
            sqlx::query(
                "UPDATE sms_outbox SET lease_owner = $1, lease_until = $2 \
                 WHERE id IN (SELECT id FROM sms_outbox WHERE status = 'pending' AND next_attempt_at <= $3 \
                              AND (lease_until IS NULL OR lease_until < $3) ORDER BY created_at, id LIMIT $4) \
                   AND status = 'pending' AND next_attempt_at <= $3 AND (lease_until IS NULL OR lease_until < $3)",
            )
            .bind(owner)
            .bind(now + lease_secs)
            .bind(now)
            .bind(limit)
            .execute(&mut *tx)
            .await?;
            let claimed = sqlx::query_as(
                "SELECT id, phone, template, params, lang, body, CAST(attempts AS BIGINT) AS attempts FROM sms_outbox \
                 WHERE lease_owner = $1 AND status = 'pending' ORDER BY created_at, id",
            )
            .bind(owner)
            .fetch_all(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(claimed)
        })
        .await
    }

    /// The provider took the message. False when the claim was no longer `owner`'s.
    pub async fn sms_sent(&self, id: &str, owner: &str, provider_ref: &str, now: i64) -> Result<bool, StoreError> {
        Ok(self.sms_outcomes(owner, &[(id.to_string(), SmsOutcome::Sent { provider_ref: provider_ref.to_string(), at: now })]).await? == 1)
    }

    /// A round's outcomes, each for a message `owner` still holds the lease on, in one
    /// transaction: one commit for the round, not one per message, so a busy outbox does
    /// not take turns at the write lock with the submissions that fill it. Returns how many
    /// were recorded.
    pub async fn sms_outcomes(&self, owner: &str, outcomes: &[(String, SmsOutcome)]) -> Result<u64, StoreError> {
        if outcomes.is_empty() {
            return Ok(0);
        }
        let _turn = self.write_turn.take().await;
        retried(|| async {
            let mut tx = self.begin_write().await?;
            let mut recorded = 0;
            for (id, outcome) in outcomes {
                let done = match outcome {
                    SmsOutcome::Sent { provider_ref, at } => sqlx::query(
                        "UPDATE sms_outbox SET status = 'sent', sent_at = $1, provider_ref = $2, attempts = attempts + 1, \
                         lease_owner = NULL, lease_until = NULL, last_error = NULL WHERE id = $3 AND lease_owner = $4 AND status = 'pending'",
                    )
                    .bind(*at)
                    .bind(provider_ref)
                    .bind(id)
                    .bind(owner)
                    .execute(&mut *tx)
                    .await?,
                    SmsOutcome::NotSent { error, next_at } => sqlx::query(
                        "UPDATE sms_outbox SET status = CASE WHEN $1 < 0 THEN 'failed' ELSE 'pending' END, \
                         next_attempt_at = CASE WHEN $1 < 0 THEN next_attempt_at ELSE $1 END, attempts = attempts + 1, \
                         last_error = $2, lease_owner = NULL, lease_until = NULL WHERE id = $3 AND lease_owner = $4 AND status = 'pending'",
                    )
                    .bind(next_at.unwrap_or(-1))
                    .bind(error)
                    .bind(id)
                    .bind(owner)
                    .execute(&mut *tx)
                    .await?,
                };
                recorded += done.rows_affected();
            }
            tx.commit().await?;
            Ok(recorded)
        })
        .await
    }

    pub async fn sms_delivery(&self, id: &str) -> Result<Option<SmsDelivery>, StoreError> {
        Ok(sqlx::query_as("SELECT status, CAST(attempts AS BIGINT) AS attempts, provider_ref, last_error FROM sms_outbox WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await?)
    }
}
