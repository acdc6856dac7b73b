//! 定期复核 (#16 item 7): who is due, the waiting proposals, and their decisions. A decision
//! and its effect on the register are one transaction; the proposer can never decide (the
//! SQL checks it again).

use super::audit::{append_in, AuditEntry};
use super::write::retried;
use super::{Store, StoreError};

/// A dibao or tekun recipient with their last review and any proposal waiting.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ReviewCandidate {
    pub person_id: String,
    pub name: String,
    pub id_masked: String,
    pub tier: String,
    pub since: String,
    pub reviewed_on: Option<String>,
    pub amount_fen: Option<i64>,
    pub area_code: String,
    pub office_code: String,
    pub pending_id: Option<String>,
    pub pending_outcome: Option<String>,
    pub pending_amount: Option<i64>,
    pub pending_note: Option<String>,
    pub pending_due: Option<String>,
    pub proposed_by: Option<String>,
    pub proposer_name: Option<String>,
    pub proposed_at: Option<String>,
}

const CANDIDATES: &str = "SELECT p.id AS person_id, p.name, p.id_masked, p.tier, p.since, p.reviewed_on, p.amount_fen, p.area_code, p.office_code, \
     r.id AS pending_id, r.outcome AS pending_outcome, r.amount_fen AS pending_amount, r.note AS pending_note, r.due_on AS pending_due, \
     r.proposed_by, s.full_name AS proposer_name, r.proposed_at \
     FROM register_people p LEFT JOIN register_reviews r ON r.person_id = p.id AND r.status = 'proposed' LEFT JOIN staff s ON s.id = r.proposed_by";

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ReviewRow {
    pub id: String,
    pub person_id: String,
    pub due_on: String,
    pub outcome: String,
    pub amount_fen: Option<i64>,
    pub note: String,
    pub status: String,
    pub proposed_by: String,
    pub proposed_at: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    pub return_note: Option<String>,
}

impl Store {
    /// The dibao and tekun recipients under an area (by office or residence), with what
    /// waits; the caller works out who is due from the parameters.
    pub async fn review_candidates(&self, area_prefix: &str, by_office: bool, limit: i64) -> Result<Vec<ReviewCandidate>, StoreError> {
        let column = if by_office { "p.office_code" } else { "p.area_code" };
        let sql = format!("{CANDIDATES} WHERE {column} >= $1 AND {column} < $2 AND p.tier IN ('dibao', 'tekun') ORDER BY p.since, p.id LIMIT {}", limit.clamp(1, 5_000));
        Ok(sqlx::query_as(&sql).bind(area_prefix).bind(format!("{area_prefix}:")).fetch_all(self.pool()).await?)
    }

    pub async fn review_candidate(&self, person_id: &str) -> Result<Option<ReviewCandidate>, StoreError> {
        Ok(sqlx::query_as(&format!("{CANDIDATES} WHERE p.id = $1")).bind(person_id).fetch_optional(self.pool()).await?)
    }

    /// Keeps a proposal unless one already waits for the person (`false` then).
    pub async fn propose_review(&self, r: &ReviewRow, audit: &AuditEntry) -> Result<bool, StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            let done = sqlx::query(
                "INSERT INTO register_reviews (id, person_id, due_on, outcome, amount_fen, note, status, proposed_by, proposed_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, 'proposed', $7, $8) ON CONFLICT DO NOTHING",
            )
            .bind(&r.id)
            .bind(&r.person_id)
            .bind(&r.due_on)
            .bind(&r.outcome)
            .bind(r.amount_fen)
            .bind(&r.note)
            .bind(&r.proposed_by)
            .bind(&r.proposed_at)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done == 0 {
                tx.rollback().await?;
                return Ok(false);
            }
            append_in(&mut tx, audit).await?;
            tx.commit().await?;
            Ok(true)
        })
        .await
    }

    /// Confirms a waiting proposal (its effect written to the register: the review's day,
    /// a new amount, or the person moved to "left") or sends it back with a note. `false` when
    /// it no longer waits or the decider proposed it.
    pub async fn decide_review(&self, id: &str, decider: &str, confirm: bool, return_note: Option<&str>, on: &str, at: &str, audit: &AuditEntry) -> Result<bool, StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            let done = sqlx::query(
                "UPDATE register_reviews SET status = $1, decided_by = $2, decided_at = $3, return_note = $4 \
                 WHERE id = $5 AND status = 'proposed' AND proposed_by <> $2",
            )
            .bind(if confirm { "confirmed" } else { "returned" })
            .bind(decider)
            .bind(at)
            .bind(return_note)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done == 0 {
                tx.rollback().await?;
                return Ok(false);
            }
            if confirm {
                sqlx::query(
                    "UPDATE register_people SET reviewed_on = $1, updated_at = $2, \
                     tier = CASE WHEN r.outcome = 'stop' THEN 'left' ELSE register_people.tier END, \
                     since = CASE WHEN r.outcome = 'stop' THEN $1 ELSE register_people.since END, \
                     amount_fen = CASE WHEN r.outcome = 'adjust' THEN r.amount_fen ELSE register_people.amount_fen END \
                     FROM register_reviews r WHERE r.id = $3 AND register_people.id = r.person_id",
                )
                .bind(on)
                .bind(at)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            append_in(&mut tx, audit).await?;
            tx.commit().await?;
            Ok(true)
        })
        .await
    }

    pub async fn review(&self, id: &str) -> Result<Option<ReviewRow>, StoreError> {
        Ok(sqlx::query_as("SELECT * FROM register_reviews WHERE id = $1").bind(id).fetch_optional(self.pool()).await?)
    }

    pub async fn reviews_of(&self, person_id: &str) -> Result<Vec<ReviewRow>, StoreError> {
        Ok(sqlx::query_as("SELECT * FROM register_reviews WHERE person_id = $1 ORDER BY proposed_at, id").bind(person_id).fetch_all(self.pool()).await?)
    }
}
