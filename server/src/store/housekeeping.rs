//! Deleting what is kept no longer than it is needed: expired sessions and codes, old
//! outbox messages, drafts abandoned past their retention. Every statement is safe to run
//! on several servers at once: a row deleted twice is deleted once.


use super::{Store, StoreError};

/// How many rows each kind lost in one sweep.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub sessions: u64,
    pub codes: u64,
    pub messages: u64,
    pub drafts: u64,
    pub documents: u64,
    /// Department rows about people outside the register, past their retention.
    pub feed_rows: u64,
}

impl Store {
    /// Ends sessions past their expiry (and staff sessions idle longer than `staff_idle`),
    /// codes expired before `codes_before`, and outbox messages from before `messages_before`.
    pub async fn sweep_expired(&self, now: i64, staff_idle: i64, codes_before: i64, messages_before: i64) -> Result<Swept, StoreError> {
        let citizens = sqlx::query("DELETE FROM citizen_sessions WHERE expires_at <= $1").bind(now).execute(self.pool()).await?.rows_affected();
        let staff = sqlx::query("DELETE FROM staff_sessions WHERE expires_at <= $1 OR last_seen <= $2").bind(now).bind(now - staff_idle).execute(self.pool()).await?.rows_affected();
        let tokens = sqlx::query("DELETE FROM api_tokens WHERE expires_at <= $1").bind(now).execute(self.pool()).await?.rows_affected();
        let codes = sqlx::query("DELETE FROM otp_challenges WHERE expires_at <= $1").bind(codes_before).execute(self.pool()).await?.rows_affected();
        let messages = sqlx::query("DELETE FROM sms_outbox WHERE created_at < $1").bind(messages_before).execute(self.pool()).await?.rows_affected();
        Ok(Swept { sessions: citizens + staff + tokens, codes, messages, ..Swept::default() })
    }

    /// Drafts last changed before `updated_before` (UTC text), oldest first: (id, citizen).
    pub async fn stale_drafts(&self, updated_before: &str, limit: i64) -> Result<Vec<(String, String)>, StoreError> {
        Ok(sqlx::query_as("SELECT id, citizen_id FROM application_drafts WHERE updated_at < $1 ORDER BY updated_at LIMIT $2")
            .bind(updated_before)
            .bind(limit)
            .fetch_all(self.pool())
            .await?)
    }

    /// Deletes a draft still unchanged since `updated_before`, with its documents; the
    /// documents' storage keys, for their files to go too. Nothing when it changed meanwhile.
    pub async fn delete_stale_draft(&self, id: &str, updated_before: &str) -> Result<Option<Vec<String>>, StoreError> {
        super::write::retried(|| async {
            let mut tx = self.begin_write().await?;
            let still = sqlx::query("SELECT 1 AS stale FROM application_drafts WHERE id = $1 AND updated_at < $2").bind(id).bind(updated_before).fetch_optional(&mut *tx).await?;
            if still.is_none() {
                tx.rollback().await?;
                return Ok(None);
            }
            let keys: Vec<String> = sqlx::query_scalar("SELECT storage_key FROM documents WHERE draft_id = $1 AND application_id IS NULL").bind(id).fetch_all(&mut *tx).await?;
            sqlx::query("DELETE FROM documents WHERE draft_id = $1 AND application_id IS NULL").bind(id).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM application_drafts WHERE id = $1").bind(id).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok(Some(keys))
        })
        .await
    }
}
