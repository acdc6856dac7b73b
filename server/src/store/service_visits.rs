//! 服务记录 (#15 items 5, 6, 9, 10): visits due, their recording (once, whatever the retries),
//! what the person says of them, and the supervision figures.

use sqlx::{Any, Transaction};

use super::audit::{append_in, AuditEntry};
use super::write::retried;
use super::{Store, StoreError};

/// A visit made due by a plan line (with its provider) or by a visit rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VisitWrite {
    pub id: String,
    pub person_id: String,
    pub area_code: String,
    pub line_id: Option<String>,
    pub rule: Option<String>,
    pub provider_id: Option<String>,
    pub due_on: String,
}

/// One visit with what the worker at the door needs (never an ID number or a case).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct VisitRow {
    pub id: String,
    pub person_id: String,
    pub area_code: String,
    pub line_id: Option<String>,
    pub rule: Option<String>,
    pub provider_id: Option<String>,
    pub due_on: String,
    pub status: String,
    pub idempotency_key: Option<String>,
    pub started_at: Option<String>,
    pub ended_at: Option<String>,
    pub checklist_done: Option<String>,
    pub notes: Option<String>,
    pub confirmed_how: Option<String>,
    pub unconfirmed_reason: Option<String>,
    pub satisfaction: Option<i64>,
    pub late_reason: Option<String>,
    pub recorded_by: Option<String>,
    pub recorded_at: Option<String>,
    pub challenge_id: Option<String>,
    pub resident_rating: Option<i64>,
    pub disputed_at: Option<String>,
    pub dispute_note: Option<String>,
    pub person_name: String,
    pub address: String,
    pub phone_sealed: Option<String>,
    pub access_notes: Option<String>,
    pub item_name: Option<String>,
    pub checklist: Option<String>,
    pub provider_name: Option<String>,
}

const VISIT_SELECT: &str = "SELECT v.id, v.person_id, v.area_code, v.line_id, v.rule, v.provider_id, v.due_on, v.status, v.idempotency_key, \
     v.started_at, v.ended_at, v.checklist AS checklist_done, v.notes, v.confirmed_how, v.unconfirmed_reason, v.satisfaction, v.late_reason, \
     v.recorded_by, v.recorded_at, v.challenge_id, v.resident_rating, v.disputed_at, v.dispute_note, \
     r.name AS person_name, r.address, r.phone_sealed, sp.access_notes, i.name AS item_name, i.checklist, pr.name AS provider_name \
     FROM service_visits v JOIN register_people r ON r.id = v.person_id \
     LEFT JOIN service_plans sp ON sp.person_id = v.person_id \
     LEFT JOIN plan_lines l ON l.id = v.line_id LEFT JOIN service_items i ON i.id = l.item_id \
     LEFT JOIN service_providers pr ON pr.id = v.provider_id";

/// A photo of a visit, cleaned and stored.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct VisitPhotoRow {
    pub id: String,
    pub visit_id: String,
    pub storage_key: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_at: String,
}

/// What a worker recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordWrite {
    pub idempotency_key: String,
    pub started_at: String,
    pub ended_at: String,
    pub checklist_done: String,
    pub notes: String,
    pub confirmed_how: String,
    pub unconfirmed_reason: Option<String>,
    pub satisfaction: Option<i64>,
    pub late_reason: Option<String>,
    pub recorded_by: String,
    pub recorded_at: String,
    pub photos: Vec<VisitPhotoRow>,
    pub referral: Option<super::ReferralWrite>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recorded {
    /// Written now.
    Now,
    /// The same record came again (same key): nothing changed.
    Already,
    /// Someone else recorded this visit, or the key belongs to another visit.
    Conflict,
}

/// A line whose visits are written up to a day before the horizon.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct LineToExtend {
    pub id: String,
    pub person_id: String,
    pub area_code: String,
    pub provider_id: String,
    pub times: i64,
    pub per: String,
    pub start_on: String,
    pub end_on: Option<String>,
    pub generated_until: String,
}

/// A person a visit rule covers with no open visit of that rule.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct RuleCandidate {
    pub person_id: String,
    pub area_code: String,
    pub since: String,
    pub last_visit: Option<String>,
}

/// One provider's month: visits due, delivered, confirmed, satisfaction, "没有来", overdue.
#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct ProviderMonth {
    pub provider_id: String,
    pub provider_name: String,
    pub month: String,
    pub due: i64,
    pub delivered: i64,
    pub confirmed: i64,
    pub satisfaction_sum: i64,
    pub satisfaction_count: i64,
    pub disputed: i64,
    pub overdue: i64,
}

/// One level's month: items delivered, people served, person-times (人次).
#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct LevelMonth {
    pub level: String,
    pub month: String,
    pub items: i64,
    pub people: i64,
    pub person_times: i64,
}

pub(crate) async fn insert_visits_in(tx: &mut Transaction<'_, Any>, visits: &[VisitWrite]) -> Result<(), StoreError> {
    // Many rows a statement: a year of a weekly line is one round trip, not fifty.
    for chunk in visits.chunks(100) {
        let mut sql = super::sql::Sql::new("INSERT INTO service_visits (id, person_id, area_code, line_id, rule, provider_id, due_on, status) VALUES ".to_string());
        for (n, v) in chunk.iter().enumerate() {
            if n > 0 {
                sql.push(", ");
            }
            sql.push("(").push_bind(v.id.clone()).push(", ").push_bind(v.person_id.clone()).push(", ").push_bind(v.area_code.clone());
            sql.push(", ").push_bind(v.line_id.clone()).push(", ").push_bind(v.rule.clone()).push(", ").push_bind(v.provider_id.clone());
            sql.push(", ").push_bind(v.due_on.clone()).push(", 'due')");
        }
        sql.push(" ON CONFLICT DO NOTHING");
        sql.query().execute(&mut **tx).await?;
    }
    Ok(())
}

impl Store {
    pub async fn visit(&self, id: &str) -> Result<Option<VisitRow>, StoreError> {
        Ok(sqlx::query_as(&format!("{VISIT_SELECT} WHERE v.id = $1")).bind(id).fetch_optional(self.pool()).await?)
    }

    /// Open visits of one provider (or, with `None`, the community's own under an area) due
    /// from `from` to `to`, oldest first.
    pub async fn open_visits(&self, provider: Option<&str>, area_prefix: &str, from: &str, to: &str) -> Result<Vec<VisitRow>, StoreError> {
        let rows = match provider {
            Some(p) => {
                sqlx::query_as(&format!("{VISIT_SELECT} WHERE v.provider_id = $1 AND v.status = 'due' AND v.due_on >= $2 AND v.due_on <= $3 ORDER BY v.due_on, r.name, v.id LIMIT 500"))
                    .bind(p)
                    .bind(from)
                    .bind(to)
                    .fetch_all(self.pool())
                    .await?
            }
            None => {
                sqlx::query_as(&format!(
                    "{VISIT_SELECT} WHERE v.provider_id IS NULL AND v.area_code >= $1 AND v.area_code < $2 AND v.status = 'due' AND v.due_on >= $3 AND v.due_on <= $4 \
                     ORDER BY v.due_on, r.name, v.id LIMIT 500"
                ))
                .bind(area_prefix)
                .bind(format!("{area_prefix}:"))
                .bind(from)
                .bind(to)
                .fetch_all(self.pool())
                .await?
            }
        };
        Ok(rows)
    }

    /// Visits not recorded by their day, under an area: the supervisor's list.
    pub async fn overdue_visits(&self, area_prefix: &str, today: &str) -> Result<Vec<VisitRow>, StoreError> {
        Ok(sqlx::query_as(&format!("{VISIT_SELECT} WHERE v.area_code >= $1 AND v.area_code < $2 AND v.status = 'due' AND v.due_on < $3 ORDER BY v.due_on, v.id LIMIT 500"))
            .bind(area_prefix)
            .bind(format!("{area_prefix}:"))
            .bind(today)
            .fetch_all(self.pool())
            .await?)
    }

    /// A person's visits from `from` on, recorded ones and those to come, by day.
    pub async fn visits_of_person(&self, person_id: &str, from: &str) -> Result<Vec<VisitRow>, StoreError> {
        Ok(sqlx::query_as(&format!("{VISIT_SELECT} WHERE v.person_id = $1 AND (v.status = 'done' OR v.due_on >= $2) ORDER BY v.due_on, v.id LIMIT 400"))
            .bind(person_id)
            .bind(from)
            .fetch_all(self.pool())
            .await?)
    }

    pub async fn set_visit_challenge(&self, id: &str, challenge_id: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE service_visits SET challenge_id = $1 WHERE id = $2 AND status = 'due'").bind(challenge_id).bind(id).execute(self.pool()).await?;
        Ok(())
    }

    /// Records a visit once: the first record with its key wins; the same key again is
    /// `Already`; a visit recorded under another key, or a key used for another visit, is a
    /// `Conflict`.
    pub async fn record_visit(&self, id: &str, w: &RecordWrite, audit: &AuditEntry) -> Result<Recorded, StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            let taken: Option<String> = sqlx::query_scalar("SELECT id FROM service_visits WHERE idempotency_key = $1").bind(&w.idempotency_key).fetch_optional(&mut *tx).await?;
            if let Some(visit) = taken {
                tx.rollback().await?;
                return Ok(if visit == id { Recorded::Already } else { Recorded::Conflict });
            }
            let done = sqlx::query(
                "UPDATE service_visits SET status = 'done', idempotency_key = $1, started_at = $2, ended_at = $3, checklist = $4, notes = $5, confirmed_how = $6, \
                 unconfirmed_reason = $7, satisfaction = $8, late_reason = $9, recorded_by = $10, recorded_at = $11, challenge_id = NULL \
                 WHERE id = $12 AND status = 'due'",
            )
            .bind(&w.idempotency_key)
            .bind(&w.started_at)
            .bind(&w.ended_at)
            .bind(&w.checklist_done)
            .bind(&w.notes)
            .bind(&w.confirmed_how)
            .bind(&w.unconfirmed_reason)
            .bind(w.satisfaction)
            .bind(&w.late_reason)
            .bind(&w.recorded_by)
            .bind(&w.recorded_at)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                > 0;
            if !done {
                // Recorded meanwhile: by this same record (a retry racing itself) or another.
                let key: Option<Option<String>> = sqlx::query_scalar("SELECT idempotency_key FROM service_visits WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
                tx.rollback().await?;
                return Ok(if key.flatten().as_deref() == Some(w.idempotency_key.as_str()) { Recorded::Already } else { Recorded::Conflict });
            }
            if let Some(r) = &w.referral {
                let (person, area): (String, String) = sqlx::query_as("SELECT person_id, area_code FROM service_visits WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
                super::service_referrals::insert_referral_in(&mut tx, id, &person, &area, &w.recorded_by, &w.recorded_at, r).await?;
            }
            for p in &w.photos {
                sqlx::query("INSERT INTO visit_photos (id, visit_id, storage_key, content_type, size_bytes, sha256, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                    .bind(&p.id)
                    .bind(id)
                    .bind(&p.storage_key)
                    .bind(&p.content_type)
                    .bind(p.size_bytes)
                    .bind(&p.sha256)
                    .bind(&p.uploaded_at)
                    .execute(&mut *tx)
                    .await?;
            }
            append_in(&mut tx, audit).await?;
            tx.commit().await?;
            Ok(Recorded::Now)
        })
        .await
    }

    /// The person's stars for a visit done (`false` when it is not theirs or not done).
    pub async fn rate_visit(&self, id: &str, person_ids: &[String], stars: i64, audit: &AuditEntry) -> Result<bool, StoreError> {
        self.person_visit_change(id, person_ids, audit, |sql| {
            sql.push("resident_rating = ").push_bind(stars);
        })
        .await
    }

    /// "没有来": the person says a visit recorded as done did not happen.
    pub async fn dispute_visit(&self, id: &str, person_ids: &[String], note: &str, at: &str, audit: &AuditEntry) -> Result<bool, StoreError> {
        self.person_visit_change(id, person_ids, audit, |sql| {
            sql.push("disputed_at = ").push_bind(at.to_string()).push(", dispute_note = ").push_bind(note.to_string());
        })
        .await
    }

    async fn person_visit_change(&self, id: &str, person_ids: &[String], audit: &AuditEntry, set: impl Fn(&mut super::sql::Sql)) -> Result<bool, StoreError> {
        if person_ids.is_empty() {
            return Ok(false);
        }
        let mut sql = super::sql::Sql::new("UPDATE service_visits SET ".to_string());
        set(&mut sql);
        sql.push(" WHERE id = ").push_bind(id.to_string()).push(" AND status = 'done' AND person_id IN (");
        sql.push_list(person_ids.iter().cloned()).push(")");
        self.changed_with_audit(|| sql.query(), audit).await
    }

    /// Lines whose visits are written up to before `horizon`, a batch at a time.
    pub async fn lines_to_extend(&self, horizon: &str, limit: i64) -> Result<Vec<LineToExtend>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT l.id, sp.person_id, r.area_code, l.provider_id, l.times, l.per, l.start_on, l.end_on, l.generated_until \
             FROM plan_lines l JOIN service_plans sp ON sp.id = l.plan_id JOIN register_people r ON r.id = sp.person_id \
             WHERE l.generated_until < $1 AND (l.end_on IS NULL OR l.end_on > l.generated_until) ORDER BY l.generated_until, l.id LIMIT $2",
        )
        .bind(horizon)
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }

    /// Writes a line's next visits and moves its mark on.
    pub async fn extend_line(&self, line_id: &str, visits: &[VisitWrite], until: &str) -> Result<(), StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            insert_visits_in(&mut tx, visits).await?;
            sqlx::query("UPDATE plan_lines SET generated_until = $1 WHERE id = $2 AND generated_until < $1").bind(until).bind(line_id).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok(())
        })
        .await
    }

    /// People of a register tier (e.g. 特困) with no open visit of `rule`, with the day of
    /// their last visit of it.
    pub async fn rule_candidates_by_tier(&self, rule: &str, tier: &str, limit: i64) -> Result<Vec<RuleCandidate>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT r.id AS person_id, r.area_code, r.since, \
             (SELECT MAX(d.due_on) FROM service_visits d WHERE d.person_id = r.id AND d.rule = $1 AND d.status = 'done') AS last_visit \
             FROM register_people r WHERE r.tier = $2 \
             AND NOT EXISTS (SELECT 1 FROM service_visits o WHERE o.person_id = r.id AND o.rule = $1 AND o.status = 'due') ORDER BY r.id LIMIT $3",
        )
        .bind(rule)
        .bind(tier)
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }

    /// People whose latest assessment says they live alone, with no open visit of `rule`;
    /// `since` is that assessment's day. Their age is read by the caller.
    pub async fn rule_candidates_living_alone(&self, rule: &str, limit: i64) -> Result<Vec<(RuleCandidate, String)>, StoreError> {
        #[derive(sqlx::FromRow)]
        struct Row {
            person_id: String,
            area_code: String,
            since: String,
            last_visit: Option<String>,
            id_sealed: String,
        }
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT r.id AS person_id, r.area_code, a.assessed_on AS since, r.id_sealed, \
             (SELECT MAX(d.due_on) FROM service_visits d WHERE d.person_id = r.id AND d.rule = $1 AND d.status = 'done') AS last_visit \
             FROM register_people r JOIN needs_assessments a ON a.person_id = r.id \
             WHERE a.living_alone = 1 AND a.assessed_on = (SELECT MAX(b.assessed_on) FROM needs_assessments b WHERE b.person_id = r.id) \
             AND NOT EXISTS (SELECT 1 FROM needs_assessments c WHERE c.person_id = r.id AND c.assessed_on = a.assessed_on AND c.recorded_at > a.recorded_at) \
             AND NOT EXISTS (SELECT 1 FROM service_visits o WHERE o.person_id = r.id AND o.rule = $1 AND o.status = 'due') ORDER BY r.id LIMIT $2",
        )
        .bind(rule)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(|r| (RuleCandidate { person_id: r.person_id, area_code: r.area_code, since: r.since, last_visit: r.last_visit }, r.id_sealed)).collect())
    }

    pub async fn insert_visits(&self, visits: &[VisitWrite]) -> Result<(), StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            insert_visits_in(&mut tx, visits).await?;
            tx.commit().await?;
            Ok(())
        })
        .await
    }

    /// Per provider and month of the visits' days, under an area, from `from_month` on.
    pub async fn provider_months(&self, area_prefix: &str, from_month: &str, today: &str) -> Result<Vec<ProviderMonth>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT v.provider_id, pr.name AS provider_name, SUBSTR(v.due_on, 1, 7) AS month, \
             COUNT(*) AS due, \
             SUM(CASE WHEN v.status = 'done' THEN 1 ELSE 0 END) AS delivered, \
             SUM(CASE WHEN v.confirmed_how IN ('code', 'signature') THEN 1 ELSE 0 END) AS confirmed, \
             CAST(COALESCE(SUM(COALESCE(v.resident_rating, v.satisfaction)), 0) AS BIGINT) AS satisfaction_sum, \
             COUNT(COALESCE(v.resident_rating, v.satisfaction)) AS satisfaction_count, \
             SUM(CASE WHEN v.disputed_at IS NOT NULL THEN 1 ELSE 0 END) AS disputed, \
             SUM(CASE WHEN v.status = 'due' AND v.due_on < $3 THEN 1 ELSE 0 END) AS overdue \
             FROM service_visits v JOIN service_providers pr ON pr.id = v.provider_id \
             WHERE v.area_code >= $1 AND v.area_code < $2 AND v.due_on >= $4 AND (v.due_on <= $3 OR v.status = 'done') \
             GROUP BY v.provider_id, pr.name, SUBSTR(v.due_on, 1, 7) ORDER BY month DESC, pr.name",
        )
        .bind(area_prefix)
        .bind(format!("{area_prefix}:"))
        .bind(today)
        .bind(format!("{from_month}-01"))
        .fetch_all(self.pool())
        .await?)
    }

    /// Per level of the item (rule visits count as the community's) and month: items with a
    /// visit done, people served and person-times.
    pub async fn level_months(&self, area_prefix: &str, from_month: &str, today: &str) -> Result<Vec<LevelMonth>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT COALESCE(i.level, 'community') AS level, SUBSTR(v.due_on, 1, 7) AS month, \
             COUNT(DISTINCT COALESCE(i.id, v.rule)) AS items, COUNT(DISTINCT v.person_id) AS people, COUNT(*) AS person_times \
             FROM service_visits v LEFT JOIN plan_lines l ON l.id = v.line_id LEFT JOIN service_items i ON i.id = l.item_id \
             WHERE v.status = 'done' AND v.area_code >= $1 AND v.area_code < $2 AND v.due_on >= $4 AND (v.due_on <= $3 OR v.status = 'done') \
             GROUP BY COALESCE(i.level, 'community'), SUBSTR(v.due_on, 1, 7) ORDER BY month DESC, level",
        )
        .bind(area_prefix)
        .bind(format!("{area_prefix}:"))
        .bind(today)
        .bind(format!("{from_month}-01"))
        .fetch_all(self.pool())
        .await?)
    }
}

impl Store {
    pub async fn visit_photos(&self, visit_id: &str) -> Result<Vec<VisitPhotoRow>, StoreError> {
        Ok(sqlx::query_as("SELECT id, visit_id, storage_key, content_type, size_bytes, sha256, uploaded_at FROM visit_photos WHERE visit_id = $1 ORDER BY uploaded_at, id")
            .bind(visit_id)
            .fetch_all(self.pool())
            .await?)
    }

    /// A new app token of a worker; the worker's earlier tokens end (one phone at a time).
    pub async fn issue_app_token(&self, staff_id: &str, token_hash: &str, now: i64, expires_at: i64, audit: &AuditEntry) -> Result<(), StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            sqlx::query("UPDATE provider_app_tokens SET revoked_at = $1 WHERE staff_id = $2 AND revoked_at IS NULL").bind(now).bind(staff_id).execute(&mut *tx).await?;
            sqlx::query("INSERT INTO provider_app_tokens (token_hash, staff_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
                .bind(token_hash)
                .bind(staff_id)
                .bind(now)
                .bind(expires_at)
                .execute(&mut *tx)
                .await?;
            append_in(&mut tx, audit).await?;
            tx.commit().await?;
            Ok(())
        })
        .await
    }

    /// The active staff member a live app token stands for.
    pub async fn app_token_staff(&self, token_hash: &str, now: i64) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT t.staff_id FROM provider_app_tokens t JOIN staff s ON s.id = t.staff_id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2 AND s.active = 1",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(self.pool())
        .await?)
    }
}
