//! Staff's second factor: the TOTP secret and its last used step, recovery codes, and the
//! mark on a session that its second factor was given. Each use is one conditional update,
//! so a code or a recovery code works once however many requests carry it.

use super::audit::{append_in, AuditEntry};
use super::write::retried;
use super::{Store, StoreError};

/// A staff member's secret as stored: sealed, whether enrolment was confirmed, the last step used.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SecondFactorRow {
    pub secret_sealed: String,
    pub confirmed: i64,
    pub last_step: i64,
}

impl Store {
    pub async fn second_factor(&self, staff_id: &str) -> Result<Option<SecondFactorRow>, StoreError> {
        Ok(sqlx::query_as("SELECT secret_sealed, confirmed, last_step FROM staff_second_factors WHERE staff_id = $1").bind(staff_id).fetch_optional(self.pool()).await?)
    }

    /// Keeps a new secret for an enrolment not yet confirmed (a confirmed one is never replaced here).
    pub async fn start_second_factor(&self, staff_id: &str, secret_sealed: &str, now: i64) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO staff_second_factors (staff_id, secret_sealed, confirmed, last_step, created_at) VALUES ($1, $2, 0, 0, $3) \
             ON CONFLICT (staff_id) DO UPDATE SET secret_sealed = excluded.secret_sealed, created_at = excluded.created_at WHERE staff_second_factors.confirmed = 0",
        )
        .bind(staff_id)
        .bind(secret_sealed)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Confirms an enrolment with the step of its first code: keeps the recovery codes' hashes
    /// and marks the session as having given its second factor. `false` when already confirmed.
    pub async fn confirm_second_factor(&self, staff_id: &str, step: i64, recovery_hashes: &[String], session_hash: &str, audit: &AuditEntry) -> Result<bool, StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            let done = sqlx::query("UPDATE staff_second_factors SET confirmed = 1, last_step = $1 WHERE staff_id = $2 AND confirmed = 0").bind(step).bind(staff_id).execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                tx.rollback().await?;
                return Ok(false);
            }
            sqlx::query("DELETE FROM staff_recovery_codes WHERE staff_id = $1").bind(staff_id).execute(&mut *tx).await?;
            for h in recovery_hashes {
                sqlx::query("INSERT INTO staff_recovery_codes (staff_id, code_hash) VALUES ($1, $2)").bind(staff_id).bind(h).execute(&mut *tx).await?;
            }
            sqlx::query("UPDATE staff_sessions SET verified = 1 WHERE token_hash = $1 AND staff_id = $2").bind(session_hash).bind(staff_id).execute(&mut *tx).await?;
            append_in(&mut tx, audit).await?;
            tx.commit().await?;
            Ok(true)
        })
        .await
    }

    /// Uses a code's step once (only a later step than the last one used is taken) and marks
    /// the session. `false` for a step already used or earlier.
    pub async fn use_second_factor_step(&self, staff_id: &str, step: i64, session_hash: &str) -> Result<bool, StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            let done = sqlx::query("UPDATE staff_second_factors SET last_step = $1 WHERE staff_id = $2 AND confirmed = 1 AND last_step < $1").bind(step).bind(staff_id).execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                tx.rollback().await?;
                return Ok(false);
            }
            sqlx::query("UPDATE staff_sessions SET verified = 1 WHERE token_hash = $1 AND staff_id = $2").bind(session_hash).bind(staff_id).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok(true)
        })
        .await
    }

    /// Uses a recovery code once and marks the session; `false` when it is unknown or used.
    pub async fn use_recovery_code(&self, staff_id: &str, code_hash: &str, now: i64, session_hash: &str, audit: &AuditEntry) -> Result<bool, StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            let done = sqlx::query("UPDATE staff_recovery_codes SET used_at = $1 WHERE staff_id = $2 AND code_hash = $3 AND used_at IS NULL").bind(now).bind(staff_id).bind(code_hash).execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                tx.rollback().await?;
                return Ok(false);
            }
            sqlx::query("UPDATE staff_sessions SET verified = 1 WHERE token_hash = $1 AND staff_id = $2").bind(session_hash).bind(staff_id).execute(&mut *tx).await?;
            append_in(&mut tx, audit).await?;
            tx.commit().await?;
            Ok(true)
        })
        .await
    }

    /// Whether the session gave its second factor.
    pub async fn staff_session_verified(&self, session_hash: &str) -> Result<bool, StoreError> {
        let v: Option<i64> = sqlx::query_scalar("SELECT verified FROM staff_sessions WHERE token_hash = $1").bind(session_hash).fetch_optional(self.pool()).await?;
        Ok(v == Some(1))
    }

    /// An administrator's reset: the secret and recovery codes go, and every session ends; the
    /// person enrols again at their next sign-in.
    pub async fn reset_second_factor(&self, staff_id: &str, audit: &AuditEntry) -> Result<(), StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            sqlx::query("DELETE FROM staff_second_factors WHERE staff_id = $1").bind(staff_id).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM staff_recovery_codes WHERE staff_id = $1").bind(staff_id).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1").bind(staff_id).execute(&mut *tx).await?;
            append_in(&mut tx, audit).await?;
            tx.commit().await?;
            Ok(())
        })
        .await
    }
}
