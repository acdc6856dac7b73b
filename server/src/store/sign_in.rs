//! Rows behind citizen sign-in: challenges, rate-limit events, outbox, citizens, sessions.

use sqlx::FromRow;

use super::write::{retried, serialise_on};
use super::{Store, StoreError};

/// A bucket is stored by its hash: its name may hold a phone number or whatever a stranger
/// typed as a username, and the row stays small whatever its length.
fn bucket_key(bucket: &str) -> String {
    crate::crypto::hash(&["rate-bucket", bucket])
}

/// At most `max` events in `bucket` since `since` (a time in seconds).
#[derive(Clone, Copy, Debug)]
pub struct RateLimit<'a> {
    pub bucket: &'a str,
    pub since: i64,
    pub max: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
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
    /// Counts one attempt in every bucket of `limits` (once per bucket, however many limits
    /// name it) — unless one of them already holds its
    /// `max` events since its `since`: then nothing is counted and the answer is that limit's
    /// index. Deciding and counting happen in one writing transaction serialised per bucket,
    /// so simultaneous requests cannot all pass a limit that only one of them fits under.
    pub async fn take_rate_slots(&self, limits: &[RateLimit<'_>], at: i64, token: &str) -> Result<Result<(), usize>, StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            let mut buckets: Vec<String> = limits.iter().map(|l| bucket_key(l.bucket)).collect();
            buckets.sort_unstable();
            buckets.dedup();
            // Always in the same order, so two requests over the same buckets cannot deadlock.
            for b in &buckets {
                serialise_on(&mut tx, b).await?;
            }
            for (i, l) in limits.iter().enumerate() {
                let n: i64 = sqlx::query_scalar("SELECT COUNT(*) AS n FROM rate_events WHERE bucket = $1 AND at >= $2").bind(bucket_key(l.bucket)).bind(l.since).fetch_one(&mut *tx).await?;
                if n >= l.max {
                    tx.rollback().await?;
                    return Ok(Err(i));
                }
            }
            for b in &buckets {
                sqlx::query("INSERT INTO rate_events (bucket, at, token) VALUES ($1, $2, $3)").bind(b).bind(at).bind(token).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(Ok(()))
        })
        .await
    }

    /// Takes back what one `take_rate_slots` counted.
    pub async fn release_rate_slots(&self, token: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM rate_events WHERE token = $1").bind(token).execute(self.pool()).await?;
        Ok(())
    }

    /// When `bucket` last counted an event.
    pub async fn latest_rate_event(&self, bucket: &str) -> Result<Option<i64>, StoreError> {
        Ok(sqlx::query_scalar("SELECT MAX(at) AS at FROM rate_events WHERE bucket = $1").bind(bucket_key(bucket)).fetch_one(self.pool()).await?)
    }

    /// Forgets events older than `before`; called now and then so the table stays small.
    pub async fn prune_rate_events(&self, before: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM rate_events WHERE at < $1").bind(before).execute(self.pool()).await?;
        Ok(())
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
        row.map(|r| ChallengeRow::from_row(&r))
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
        Ok(sqlx::query_scalar("SELECT id FROM citizens WHERE phone = $1").bind(phone).fetch_one(self.pool()).await?)
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
        Ok(sqlx::query_as("SELECT phone, body, created_at FROM sms_outbox ORDER BY created_at DESC, id DESC LIMIT $1")
            .bind(limit)
            .fetch_all(self.pool())
            .await?)
    }

    /// The newest sign-in code sent to `phone` (body, time); messages about a case are not codes.
    pub async fn latest_outbox_for(&self, phone: &str) -> Result<Option<(String, i64)>, StoreError> {
        Ok(sqlx::query_as("SELECT body, created_at FROM sms_outbox WHERE phone = $1 AND kind = 'code' ORDER BY created_at DESC LIMIT 1")
            .bind(phone)
            .fetch_optional(self.pool())
            .await?)
    }

    pub async fn citizen_phone(&self, citizen_id: &str) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT phone FROM citizens WHERE id = $1").bind(citizen_id).fetch_optional(self.pool()).await?)
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
        Ok(sqlx::query_scalar("SELECT citizen_id FROM citizen_sessions WHERE token_hash = $1 AND expires_at > $2")
            .bind(token_hash)
            .bind(now)
            .fetch_optional(self.pool())
            .await?)
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM citizen_sessions WHERE token_hash = $1").bind(token_hash).execute(self.pool()).await?;
        Ok(())
    }
}
