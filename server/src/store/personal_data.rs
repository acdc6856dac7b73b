//! What the person's own-data requests need beyond the other capabilities' queries: every
//! pledge they signed, and deleting their draft on request.

use super::audit::{append_in, AuditEntry};
use super::pledges::SignedPledgeRow;
use super::{Store, StoreError};

impl Store {
    /// Every pledge the account signed, oldest first.
    pub async fn signed_pledges_of(&self, citizen_id: &str) -> Result<Vec<SignedPledgeRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, citizen_id, signer_name, on_behalf_of, pledge_text_id, text_sha256, signed_at, client_address, user_agent, signature_kind, signature_sha256, verification_code \
             FROM signed_pledges WHERE citizen_id = $1 ORDER BY signed_at, id",
        )
        .bind(citizen_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// Deletes the person's draft `id` with its documents, on their request; the documents'
    /// storage keys, for their files to go too. `None` when it is not theirs or gone.
    pub async fn delete_own_draft(&self, id: &str, citizen_id: &str, audit: &AuditEntry) -> Result<Option<Vec<String>>, StoreError> {
        super::write::retried(|| async {
            let mut tx = self.begin_write().await?;
            let keys: Vec<String> = sqlx::query_scalar("SELECT storage_key FROM documents WHERE draft_id = $1 AND citizen_id = $2 AND application_id IS NULL")
                .bind(id)
                .bind(citizen_id)
                .fetch_all(&mut *tx)
                .await?;
            let gone = sqlx::query("DELETE FROM application_drafts WHERE id = $1 AND citizen_id = $2").bind(id).bind(citizen_id).execute(&mut *tx).await?;
            if gone.rows_affected() == 0 {
                tx.rollback().await?;
                return Ok(None);
            }
            sqlx::query("DELETE FROM documents WHERE draft_id = $1 AND citizen_id = $2 AND application_id IS NULL").bind(id).bind(citizen_id).execute(&mut *tx).await?;
            append_in(&mut tx, audit).await?;
            tx.commit().await?;
            Ok(Some(keys))
        })
        .await
    }
}
