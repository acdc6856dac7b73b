//! Workbench administration (#17): proposals of new parameter values and their decisions.
//! An approval writes the new dated row of `policy_parameters` in the same transaction as
//! the decision and its audit entry, so a proposal is either pending or in the table.

use super::audit::{append_in, AuditEntry};
use super::write::retried;
use super::{Store, StoreError};

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ProposalRow {
    pub id: String,
    pub area_code: String,
    pub name: String,
    pub value: i64,
    pub effective_from: String,
    pub source: String,
    pub status: String,
    pub proposed_by: String,
    pub proposed_at: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    pub decision_note: Option<String>,
}

/// A proposal with the names of the people who proposed and decided it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ProposalView {
    #[sqlx(flatten)]
    pub row: ProposalRow,
    pub proposer_name: String,
    pub decider_name: Option<String>,
}

/// A stored parameter row with when it became known and the proposal it came from.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ParameterHistoryRow {
    pub area_code: String,
    pub value: i64,
    pub effective_from: String,
    pub demo: i64,
    pub source: String,
    pub recorded_at: Option<String>,
    pub proposal_id: Option<String>,
}

/// What became of an approval.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Approval {
    Approved,
    /// Decided meanwhile, or the approver's own (the SQL checks both again).
    NotPending,
    /// A row for the same area, parameter and day exists already.
    DateTaken,
}

const VIEW: &str = "SELECT p.id, p.area_code, p.name, p.value, p.effective_from, p.source, p.status, p.proposed_by, p.proposed_at, \
     p.decided_by, p.decided_at, p.decision_note, s.full_name AS proposer_name, d.full_name AS decider_name \
     FROM parameter_proposals p JOIN staff s ON s.id = p.proposed_by LEFT JOIN staff d ON d.id = p.decided_by";

impl Store {
    /// Keeps a proposal unless a row or a waiting proposal starts on the same day for the
    /// same area and parameter (`false` then).
    pub async fn insert_proposal(&self, p: &ProposalRow, audit: &AuditEntry) -> Result<bool, StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            let taken: i64 = sqlx::query_scalar(
                "SELECT (SELECT COUNT(*) FROM policy_parameters WHERE area_code = $1 AND name = $2 AND effective_from = $3) \
                 + (SELECT COUNT(*) FROM parameter_proposals WHERE area_code = $1 AND name = $2 AND effective_from = $3 AND status = 'proposed')",
            )
            .bind(&p.area_code)
            .bind(&p.name)
            .bind(&p.effective_from)
            .fetch_one(&mut *tx)
            .await?;
            if taken > 0 {
                tx.rollback().await?;
                return Ok(false);
            }
            sqlx::query(
                "INSERT INTO parameter_proposals (id, area_code, name, value, effective_from, source, status, proposed_by, proposed_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, 'proposed', $7, $8)",
            )
            .bind(&p.id)
            .bind(&p.area_code)
            .bind(&p.name)
            .bind(p.value)
            .bind(&p.effective_from)
            .bind(&p.source)
            .bind(&p.proposed_by)
            .bind(&p.proposed_at)
            .execute(&mut *tx)
            .await?;
            append_in(&mut tx, audit).await?;
            tx.commit().await?;
            Ok(true)
        })
        .await
    }

    pub async fn proposal(&self, id: &str) -> Result<Option<ProposalView>, StoreError> {
        Ok(sqlx::query_as(&format!("{VIEW} WHERE p.id = $1")).bind(id).fetch_optional(self.pool()).await?)
    }

    /// The proposals for exactly these areas (an officer's district and the areas above it
    /// are not theirs to change), newest first; waiting ones only when `pending`.
    pub async fn proposals_for(&self, area_code: &str, name: Option<&str>, pending: bool) -> Result<Vec<ProposalView>, StoreError> {
        let status = if pending { " AND p.status = 'proposed'" } else { "" };
        let by_name = if name.is_some() { " AND p.name = $2" } else { "" };
        let sql = format!("{VIEW} WHERE p.area_code = $1{by_name}{status} ORDER BY p.proposed_at DESC, p.id");
        let mut q = sqlx::query_as(&sql).bind(area_code);
        if let Some(n) = name {
            q = q.bind(n);
        }
        Ok(q.fetch_all(self.pool()).await?)
    }

    /// Approves a waiting proposal of someone else and adds its row, all in one transaction.
    pub async fn approve_proposal(&self, id: &str, decider: &str, at: &str, audit: &AuditEntry) -> Result<Approval, StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            let done = sqlx::query(
                "UPDATE parameter_proposals SET status = 'approved', decided_by = $1, decided_at = $2 \
                 WHERE id = $3 AND status = 'proposed' AND proposed_by <> $1",
            )
            .bind(decider)
            .bind(at)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                tx.rollback().await?;
                return Ok(Approval::NotPending);
            }
            let added = sqlx::query(
                "INSERT INTO policy_parameters (area_code, name, value, effective_from, demo, source, recorded_at, proposal_id) \
                 SELECT area_code, name, value, effective_from, 0, source, $1, id FROM parameter_proposals WHERE id = $2 \
                 ON CONFLICT (area_code, name, effective_from) DO NOTHING",
            )
            .bind(at)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if added.rows_affected() == 0 {
                tx.rollback().await?;
                return Ok(Approval::DateTaken);
            }
            append_in(&mut tx, audit).await?;
            tx.commit().await?;
            Ok(Approval::Approved)
        })
        .await
    }

    /// Refuses a waiting proposal of someone else; `false` when it is not one.
    pub async fn refuse_proposal(&self, id: &str, decider: &str, at: &str, note: &str, audit: &AuditEntry) -> Result<bool, StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            let done = sqlx::query(
                "UPDATE parameter_proposals SET status = 'refused', decided_by = $1, decided_at = $2, decision_note = $3 \
                 WHERE id = $4 AND status = 'proposed' AND proposed_by <> $1",
            )
            .bind(decider)
            .bind(at)
            .bind(note)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                tx.rollback().await?;
                return Ok(false);
            }
            append_in(&mut tx, audit).await?;
            tx.commit().await?;
            Ok(true)
        })
        .await
    }

    /// Every stored row of one parameter for these areas, latest date first.
    pub async fn parameter_history(&self, areas: &[String], name: &str) -> Result<Vec<ParameterHistoryRow>, StoreError> {
        let mut out = Vec::new();
        for area in areas {
            let rows: Vec<ParameterHistoryRow> = sqlx::query_as(
                "SELECT area_code, value, effective_from, demo, source, recorded_at, proposal_id FROM policy_parameters \
                 WHERE area_code = $1 AND name = $2",
            )
            .bind(area)
            .bind(name)
            .fetch_all(self.pool())
            .await?;
            out.extend(rows);
        }
        out.sort_by(|a, b| b.effective_from.cmp(&a.effective_from).then(b.area_code.cmp(&a.area_code)));
        Ok(out)
    }
}
