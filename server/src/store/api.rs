//! The mobile API's shared state: bearer tokens, idempotency keys and request counters.
//! All of it lives here, so any server behind the load balancer answers the same.


use super::{Store, StoreError};

/// What claiming an idempotency key found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdempotencyClaim {
    /// This request holds the key now and must record its response.
    Claimed,
    /// Another request with this key came first.
    Taken(KeptResponse),
}

/// The first request's record: `status` is `None` while it is still running.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct KeptResponse {
    pub request_hash: String,
    pub status: Option<i64>,
    pub content_type: Option<String>,
    pub body: Option<String>,
}

impl Store {
    pub async fn insert_api_token(&self, token_hash: &str, citizen_id: &str, at: i64, expires_at: i64) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO api_tokens (token_hash, citizen_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(citizen_id)
            .bind(at)
            .bind(expires_at)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// The account a live token belongs to: not expired, not revoked.
    pub async fn api_token_citizen(&self, token_hash: &str, now: i64) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT citizen_id FROM api_tokens WHERE token_hash = $1 AND expires_at > $2 AND revoked_at IS NULL")
            .bind(token_hash)
            .bind(now)
            .fetch_optional(self.pool())
            .await?)
    }

    pub async fn revoke_api_token(&self, token_hash: &str, at: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE api_tokens SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL")
            .bind(token_hash)
            .bind(at)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Ends every token of an account (a lost phone): returns how many were live.
    pub async fn revoke_api_tokens_of(&self, citizen_id: &str, at: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("UPDATE api_tokens SET revoked_at = $2 WHERE citizen_id = $1 AND revoked_at IS NULL AND expires_at > $2")
            .bind(citizen_id)
            .bind(at)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }

    /// Claims `key` for a request whose method, path and body hash to `request_hash`. A
    /// claim left running longer than `stale_before` (its server stopped) is taken over.
    pub async fn claim_idempotency_key(&self, citizen_id: &str, key: &str, request_hash: &str, now: i64, stale_before: i64) -> Result<IdempotencyClaim, StoreError> {
        let inserted = sqlx::query(
            "INSERT INTO idempotency_keys (citizen_id, idem_key, request_hash, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (citizen_id, idem_key) DO NOTHING",
        )
        .bind(citizen_id)
        .bind(key)
        .bind(request_hash)
        .bind(now)
        .execute(self.pool())
        .await?;
        if inserted.rows_affected() == 1 {
            return Ok(IdempotencyClaim::Claimed);
        }
        let taken_over = sqlx::query(
            "UPDATE idempotency_keys SET created_at = $4 \
             WHERE citizen_id = $1 AND idem_key = $2 AND request_hash = $3 AND status IS NULL AND created_at < $5",
        )
        .bind(citizen_id)
        .bind(key)
        .bind(request_hash)
        .bind(now)
        .bind(stale_before)
        .execute(self.pool())
        .await?;
        if taken_over.rows_affected() == 1 {
            return Ok(IdempotencyClaim::Claimed);
        }
        match self.kept_response(citizen_id, key).await? {
            Some(kept) => Ok(IdempotencyClaim::Taken(kept)),
            // Released between the two statements: the caller may simply try again.
            None => Ok(IdempotencyClaim::Taken(KeptResponse { request_hash: request_hash.to_string(), status: None, content_type: None, body: None })),
        }
    }

    pub async fn kept_response(&self, citizen_id: &str, key: &str) -> Result<Option<KeptResponse>, StoreError> {
        Ok(sqlx::query_as("SELECT request_hash, status, content_type, body FROM idempotency_keys WHERE citizen_id = $1 AND idem_key = $2")
            .bind(citizen_id)
            .bind(key)
            .fetch_optional(self.pool())
            .await?)
    }

    pub async fn keep_response(&self, citizen_id: &str, key: &str, status: i64, content_type: &str, body: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE idempotency_keys SET status = $3, content_type = $4, body = $5 WHERE citizen_id = $1 AND idem_key = $2")
            .bind(citizen_id)
            .bind(key)
            .bind(status)
            .bind(content_type)
            .bind(body)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Gives a key back (the request failed on the server's side): a retry runs again.
    pub async fn release_idempotency_key(&self, citizen_id: &str, key: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM idempotency_keys WHERE citizen_id = $1 AND idem_key = $2 AND status IS NULL")
            .bind(citizen_id)
            .bind(key)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn prune_idempotency_keys(&self, before: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1").bind(before).execute(self.pool()).await?;
        Ok(())
    }

    /// Counts one request in `bucket`'s window and returns the window's count so far.
    pub async fn hit_rate_window(&self, bucket: &str, window_start: i64) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "INSERT INTO rate_windows (bucket, window_start, hits) VALUES ($1, $2, 1) \
             ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_windows.hits + 1 RETURNING hits",
        )
        .bind(bucket)
        .bind(window_start)
        .fetch_one(self.pool())
        .await?)
    }

    pub async fn prune_rate_windows(&self, before: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM rate_windows WHERE window_start < $1").bind(before).execute(self.pool()).await?;
        Ok(())
    }
}
