//! 转介 (#15 item 7): referrals written with the visit that made them, listed for the
//! community, and moved a step at a time (each step only from the status it expects).

use sqlx::{Any, Transaction};

use super::audit::{append_in, AuditEntry};
use super::write::retried;
use super::{Store, StoreError};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReferralWrite {
    pub id: String,
    pub kind: String,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ReferralRow {
    pub id: String,
    pub visit_id: String,
    pub person_id: String,
    pub area_code: String,
    pub kind: String,
    pub note: String,
    pub status: String,
    pub created_at: String,
    pub approved_at: Option<String>,
    pub closed_at: Option<String>,
    pub outcome_note: Option<String>,
    pub cost_fen: Option<i64>,
    pub case_reference: Option<String>,
    pub person_name: String,
    pub address: String,
    pub office_code: String,
    pub due_on: String,
    pub recorder_name: String,
}

const SELECT: &str = "SELECT f.id, f.visit_id, f.person_id, f.area_code, f.kind, f.note, f.status, f.created_at, f.approved_at, f.closed_at, \
     f.outcome_note, f.cost_fen, f.case_reference, r.name AS person_name, r.address, r.office_code, v.due_on, s.full_name AS recorder_name \
     FROM service_referrals f JOIN register_people r ON r.id = f.person_id JOIN service_visits v ON v.id = f.visit_id JOIN staff s ON s.id = f.created_by";

/// A repair's photo, before or after.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct RepairPhotoRow {
    pub id: String,
    pub referral_id: String,
    pub stage: String,
    pub storage_key: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: String,
}

async fn insert_photo_in(tx: &mut Transaction<'_, Any>, p: &RepairPhotoRow) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO referral_photos (id, referral_id, stage, storage_key, content_type, size_bytes, sha256, uploaded_by, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&p.id)
    .bind(&p.referral_id)
    .bind(&p.stage)
    .bind(&p.storage_key)
    .bind(&p.content_type)
    .bind(p.size_bytes)
    .bind(&p.sha256)
    .bind(&p.uploaded_by)
    .bind(&p.uploaded_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A step taken on a referral.
pub struct ReferralMove<'a> {
    pub id: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    pub by: &'a str,
    pub at: &'a str,
    /// The approval (a repair's) rather than the closing.
    pub approval: bool,
    pub outcome_note: Option<&'a str>,
    pub cost_fen: Option<i64>,
    pub case_reference: Option<&'a str>,
    /// A repair's photos sent with its completion, written with it.
    pub photos: &'a [RepairPhotoRow],
}

pub(crate) async fn insert_referral_in(tx: &mut Transaction<'_, Any>, visit_id: &str, person_id: &str, area_code: &str, by: &str, at: &str, r: &ReferralWrite) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO service_referrals (id, visit_id, person_id, area_code, kind, note, status, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8)")
        .bind(&r.id)
        .bind(visit_id)
        .bind(person_id)
        .bind(area_code)
        .bind(&r.kind)
        .bind(&r.note)
        .bind(by)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl Store {
    /// Referrals of people living under an area, open ones first, newest first.
    pub async fn referrals_under(&self, area_prefix: &str) -> Result<Vec<ReferralRow>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "{SELECT} WHERE f.area_code >= $1 AND f.area_code < $2 \
             ORDER BY CASE WHEN f.status IN ('open', 'approved') THEN 0 ELSE 1 END, f.created_at DESC, f.id LIMIT 300"
        ))
        .bind(area_prefix)
        .bind(format!("{area_prefix}:"))
        .fetch_all(self.pool())
        .await?)
    }

    /// One person's referrals, oldest first (for their household chain).
    pub async fn referrals_of(&self, person_id: &str) -> Result<Vec<ReferralRow>, StoreError> {
        Ok(sqlx::query_as(&format!("{SELECT} WHERE f.person_id = $1 ORDER BY f.created_at, f.id")).bind(person_id).fetch_all(self.pool()).await?)
    }

    pub async fn referral(&self, id: &str) -> Result<Option<ReferralRow>, StoreError> {
        Ok(sqlx::query_as(&format!("{SELECT} WHERE f.id = $1")).bind(id).fetch_optional(self.pool()).await?)
    }

    /// Moves a referral a step, only from the status the step expects (`false`: someone
    /// moved it meanwhile).
    pub async fn move_referral(&self, m: &ReferralMove<'_>, audit: &AuditEntry) -> Result<bool, StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            let q = if m.approval {
                sqlx::query("UPDATE service_referrals SET status = $1, approved_by = $2, approved_at = $3 WHERE id = $4 AND status = $5")
                    .bind(m.to)
                    .bind(m.by)
                    .bind(m.at)
                    .bind(m.id)
                    .bind(m.from)
            } else {
                sqlx::query(
                    "UPDATE service_referrals SET status = $1, closed_by = $2, closed_at = $3, outcome_note = $6, cost_fen = $7, case_reference = $8 \
                     WHERE id = $4 AND status = $5",
                )
                .bind(m.to)
                .bind(m.by)
                .bind(m.at)
                .bind(m.id)
                .bind(m.from)
                .bind(m.outcome_note)
                .bind(m.cost_fen)
                .bind(m.case_reference)
            };
            if q.execute(&mut *tx).await?.rows_affected() == 0 {
                tx.rollback().await?;
                return Ok(false);
            }
            for p in m.photos {
                insert_photo_in(&mut tx, p).await?;
            }
            append_in(&mut tx, audit).await?;
            tx.commit().await?;
            Ok(true)
        })
        .await
    }

    /// A "before" photo of a repair still open or approved (`false`: it was closed meanwhile).
    pub async fn add_repair_photo(&self, p: &RepairPhotoRow, audit: &AuditEntry) -> Result<bool, StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            let open: Option<String> = sqlx::query_scalar("SELECT id FROM service_referrals WHERE id = $1 AND status IN ('open', 'approved')").bind(&p.referral_id).fetch_optional(&mut *tx).await?;
            if open.is_none() {
                tx.rollback().await?;
                return Ok(false);
            }
            insert_photo_in(&mut tx, p).await?;
            append_in(&mut tx, audit).await?;
            tx.commit().await?;
            Ok(true)
        })
        .await
    }

    /// A repair's photos, before ones first, in the order taken.
    pub async fn repair_photos(&self, referral_id: &str) -> Result<Vec<RepairPhotoRow>, StoreError> {
        Ok(sqlx::query_as("SELECT * FROM referral_photos WHERE referral_id = $1 ORDER BY CASE WHEN stage = 'before' THEN 0 ELSE 1 END, uploaded_at, id")
            .bind(referral_id)
            .fetch_all(self.pool())
            .await?)
    }
}
