//! Rows behind citizen sign-in: challenges, rate-limit events, outbox, citizens, sessions.

use sqlx::Row;

use super::{Store, StoreError};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChallengeRow {
    pub id: String,
    pub phone: String,
    pub code_hash: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub attempts: i64,
    pub used_at: Option<i64>,
}

impl Store {
    pub async fn count_rate_events(&self, bucket: &str, since: i64) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM rate_events WHERE bucket = $1 AND at >= $2")
            .bind(bucket)
            .bind(since)
            .fetch_one(self.pool())
            .await?;
        Ok(row.try_get("n")?)
    }

    pub async fn add_rate_event(&self, bucket: &str, at: i64) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO rate_events (bucket, at) VALUES ($1, $2)").bind(bucket).bind(at).execute(self.pool()).await?;
        Ok(())
    }

    /// Forgets events older than `before`; called now and then so the table stays small.
    pub async fn prune_rate_events(&self, before: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM rate_events WHERE at < $1").bind(before).execute(self.pool()).await?;
        Ok(())
    }

    pub async fn latest_challenge_at(&self, phone: &str) -> Result<Option<i64>, StoreError> {
        let row = sqlx::query("SELECT MAX(created_at) AS at FROM otp_challenges WHERE phone = $1")
            .bind(phone)
            .fetch_one(self.pool())
            .await?;
        Ok(row.try_get("at")?)
    }

    pub async fn insert_challenge(&self, c: &ChallengeRow) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO otp_challenges (id, phone, code_hash, created_at, expires_at, attempts) VALUES ($1, $2, $3, $4, $5, 0)")
            .bind(&c.id)
            .bind(&c.phone)
            .bind(&c.code_hash)
            .bind(c.created_at)
            .bind(c.expires_at)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn challenge(&self, id: &str) -> Result<Option<ChallengeRow>, StoreError> {
        let row = sqlx::query("SELECT id, phone, code_hash, created_at, expires_at, attempts, used_at FROM otp_challenges WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| {
            Ok(ChallengeRow {
                id: r.try_get("id")?,
                phone: r.try_get("phone")?,
                code_hash: r.try_get("code_hash")?,
                created_at: r.try_get("created_at")?,
                expires_at: r.try_get("expires_at")?,
                attempts: r.try_get("attempts")?,
                used_at: r.try_get("used_at")?,
            })
        })
        .transpose()
        .map_err(|e: sqlx::Error| e.into())
    }

    /// Counts one attempt, atomically, unless the limit is reached; returns whether it counted.
    pub async fn take_attempt(&self, id: &str, max: i64) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE otp_challenges SET attempts = attempts + 1 WHERE id = $1 AND used_at IS NULL AND attempts < $2")
            .bind(id)
            .bind(max)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Marks a challenge used; only one caller ever succeeds.
    pub async fn use_challenge(&self, id: &str, at: i64) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE otp_challenges SET used_at = $2 WHERE id = $1 AND used_at IS NULL")
            .bind(id)
            .bind(at)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The citizen with this phone, created on first sign-in.
    pub async fn citizen_for_phone(&self, new_id: &str, phone: &str, at: i64) -> Result<String, StoreError> {
        sqlx::query("INSERT INTO citizens (id, phone, created_at) VALUES ($1, $2, $3) ON CONFLICT (phone) DO NOTHING")
            .bind(new_id)
            .bind(phone)
            .bind(at)
            .execute(self.pool())
            .await?;
        let row = sqlx::query("SELECT id FROM citizens WHERE phone = $1").bind(phone).fetch_one(self.pool()).await?;
        Ok(row.try_get("id")?)
    }

    pub async fn add_outbox(&self, id: &str, phone: &str, body: &str, at: i64) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO sms_outbox (id, phone, body, created_at) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(phone)
            .bind(body)
            .bind(at)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// The newest messages first (phone, body, time).
    pub async fn outbox(&self, limit: i64) -> Result<Vec<(String, String, i64)>, StoreError> {
        let rows = sqlx::query("SELECT phone, body, created_at FROM sms_outbox ORDER BY created_at DESC, id DESC LIMIT $1")
            .bind(limit)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("phone")?, r.try_get("body")?, r.try_get("created_at")?)))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }

    /// The newest message sent to `phone` (body, time).
    pub async fn latest_outbox_for(&self, phone: &str) -> Result<Option<(String, i64)>, StoreError> {
        let row = sqlx::query("SELECT body, created_at FROM sms_outbox WHERE phone = $1 ORDER BY created_at DESC LIMIT 1")
            .bind(phone)
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| Ok((r.try_get("body")?, r.try_get("created_at")?))).transpose().map_err(|e: sqlx::Error| e.into())
    }

    pub async fn citizen_phone(&self, citizen_id: &str) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT phone FROM citizens WHERE id = $1").bind(citizen_id).fetch_optional(self.pool()).await?;
        Ok(row.map(|r| r.try_get("phone")).transpose()?)
    }

    pub async fn insert_session(&self, token_hash: &str, citizen_id: &str, at: i64, expires_at: i64) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO citizen_sessions (token_hash, citizen_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(citizen_id)
            .bind(at)
            .bind(expires_at)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn session_citizen(&self, token_hash: &str, now: i64) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT citizen_id FROM citizen_sessions WHERE token_hash = $1 AND expires_at > $2")
            .bind(token_hash)
            .bind(now)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(|r| r.try_get("citizen_id")).transpose()?)
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM citizen_sessions WHERE token_hash = $1").bind(token_hash).execute(self.pool()).await?;
        Ok(())
    }
}
