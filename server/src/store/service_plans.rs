//! 一人一案 (#15 item 4): a person's plan, its lines, and the visits each line makes due,
//! written with the line in one transaction so a plan never has a line without its visits.

use sqlx::{Any, Transaction};

use super::audit::{append_in, AuditEntry};
use super::service_visits::{insert_visits_in, VisitWrite};
use super::write::retried;
use super::{Store, StoreError};

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct PlanRow {
    pub id: String,
    pub person_id: String,
    pub access_notes: String,
    pub review_on: String,
    pub agreed_at: Option<String>,
    pub agreed_how: Option<String>,
    pub agreed_by: Option<String>,
    pub witness: Option<String>,
    pub challenge_id: Option<String>,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct LineRow {
    pub id: String,
    pub plan_id: String,
    pub item_id: String,
    pub provider_id: String,
    pub times: i64,
    pub per: String,
    pub start_on: String,
    pub end_on: Option<String>,
    pub added_by: String,
    pub added_at: String,
    pub generated_until: String,
}

/// A line with the names a page shows.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct LineView {
    pub id: String,
    pub item_id: String,
    pub item_name: String,
    pub item_area: String,
    pub level: String,
    pub unit: String,
    pub provider_id: String,
    pub provider_name: String,
    pub times: i64,
    pub per: String,
    pub start_on: String,
    pub end_on: Option<String>,
}

const PLAN_COLUMNS: &str = "id, person_id, access_notes, review_on, agreed_at, agreed_how, agreed_by, witness, challenge_id, created_by, created_at, updated_at";

/// How a plan was agreed to.
pub struct AgreementWrite<'a> {
    pub plan_id: &'a str,
    pub how: &'a str,
    pub by: &'a str,
    pub witness: Option<&'a str>,
    pub at: &'a str,
}

/// A new plan; `false` when the person has one already.
async fn insert_plan_in(tx: &mut Transaction<'_, Any>, plan: &PlanRow) -> Result<bool, StoreError> {
    Ok(sqlx::query(&format!("INSERT INTO service_plans ({PLAN_COLUMNS}) VALUES ($1, $2, $3, $4, NULL, NULL, NULL, NULL, NULL, $5, $6, $6) ON CONFLICT (person_id) DO NOTHING"))
        .bind(&plan.id)
        .bind(&plan.person_id)
        .bind(&plan.access_notes)
        .bind(&plan.review_on)
        .bind(&plan.created_by)
        .bind(&plan.created_at)
        .execute(&mut **tx)
        .await?
        .rows_affected()
        > 0)
}

async fn insert_line_in(tx: &mut Transaction<'_, Any>, plan_id: &str, line: &LineRow) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO plan_lines (id, plan_id, item_id, provider_id, times, per, start_on, end_on, added_by, added_at, generated_until) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&line.id)
    .bind(plan_id)
    .bind(&line.item_id)
    .bind(&line.provider_id)
    .bind(line.times)
    .bind(&line.per)
    .bind(&line.start_on)
    .bind(&line.end_on)
    .bind(&line.added_by)
    .bind(&line.added_at)
    .bind(&line.generated_until)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    pub async fn plan_of(&self, person_id: &str) -> Result<Option<PlanRow>, StoreError> {
        Ok(sqlx::query_as(&format!("SELECT {PLAN_COLUMNS} FROM service_plans WHERE person_id = $1")).bind(person_id).fetch_optional(self.pool()).await?)
    }

    pub async fn plan_lines(&self, plan_id: &str) -> Result<Vec<LineView>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT l.id, l.item_id, i.name AS item_name, i.area_code AS item_area, i.level, i.unit, l.provider_id, p.name AS provider_name, \
             l.times, l.per, l.start_on, l.end_on \
             FROM plan_lines l JOIN service_items i ON i.id = l.item_id JOIN service_providers p ON p.id = l.provider_id \
             WHERE l.plan_id = $1 ORDER BY LENGTH(i.area_code), l.start_on, i.name, l.id",
        )
        .bind(plan_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// Adds a line (making the plan when the person has none) with the visits it makes due
    /// up to `line.generated_until`. A changed plan is agreed to again, so the agreement
    /// goes. Returns the plan's id.
    pub async fn add_plan_line(&self, plan: &PlanRow, line: &LineRow, visits: &[VisitWrite], audit: &AuditEntry) -> Result<String, StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            insert_plan_in(&mut tx, plan).await?;
            let plan_id: String = sqlx::query_scalar("SELECT id FROM service_plans WHERE person_id = $1").bind(&plan.person_id).fetch_one(&mut *tx).await?;
            insert_line_in(&mut tx, &plan_id, line).await?;
            sqlx::query("UPDATE service_plans SET agreed_at = NULL, agreed_how = NULL, agreed_by = NULL, witness = NULL, challenge_id = NULL, updated_at = $1 WHERE id = $2")
                .bind(&line.added_at)
                .bind(&plan_id)
                .execute(&mut *tx)
                .await?;
            insert_visits_in(&mut tx, visits).await?;
            append_in(&mut tx, audit).await?;
            tx.commit().await?;
            Ok(plan_id.clone())
        })
        .await
    }

    /// Plans carried over from another system (an office's paper 一人一案), with their lines
    /// and visits, in one transaction: a person who already has a plan keeps it.
    pub async fn import_plan_lines(&self, plans: &[(PlanRow, LineRow, Vec<VisitWrite>)], audit: &AuditEntry) -> Result<(), StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            for (plan, line, visits) in plans {
                if !insert_plan_in(&mut tx, plan).await? {
                    continue;
                }
                insert_line_in(&mut tx, &plan.id, line).await?;
                insert_visits_in(&mut tx, visits).await?;
            }
            append_in(&mut tx, audit).await?;
            tx.commit().await?;
            Ok(())
        })
        .await
    }

    /// Ends a line on `end_on`: the visits it made due after that day go (those recorded stay).
    pub async fn end_plan_line(&self, line_id: &str, end_on: &str, at: &str, audit: &AuditEntry) -> Result<bool, StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            let done = sqlx::query("UPDATE plan_lines SET end_on = $1 WHERE id = $2").bind(end_on).bind(line_id).execute(&mut *tx).await?.rows_affected() > 0;
            if !done {
                tx.rollback().await?;
                return Ok(false);
            }
            sqlx::query("DELETE FROM service_visits WHERE line_id = $1 AND status = 'due' AND due_on > $2").bind(line_id).bind(end_on).execute(&mut *tx).await?;
            sqlx::query("UPDATE service_plans SET agreed_at = NULL, agreed_how = NULL, agreed_by = NULL, witness = NULL, challenge_id = NULL, updated_at = $1 WHERE id = (SELECT plan_id FROM plan_lines WHERE id = $2)")
                .bind(at)
                .bind(line_id)
                .execute(&mut *tx)
                .await?;
            append_in(&mut tx, audit).await?;
            tx.commit().await?;
            Ok(true)
        })
        .await
    }

    /// The review day and the notes a worker needs at the door.
    pub async fn set_plan_details(&self, plan_id: &str, review_on: &str, access_notes: &str, at: &str, audit: &AuditEntry) -> Result<bool, StoreError> {
        let (plan_id, review_on, access_notes, at) = (plan_id.to_string(), review_on.to_string(), access_notes.to_string(), at.to_string());
        self.changed_with_audit(
            || sqlx::query("UPDATE service_plans SET review_on = $1, access_notes = $2, updated_at = $3 WHERE id = $4").bind(review_on.clone()).bind(access_notes.clone()).bind(at.clone()).bind(plan_id.clone()),
            audit,
        )
        .await
    }

    /// The code texted for the plan's agreement (its challenge).
    pub async fn set_plan_challenge(&self, plan_id: &str, challenge_id: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE service_plans SET challenge_id = $1 WHERE id = $2").bind(challenge_id).bind(plan_id).execute(self.pool()).await?;
        Ok(())
    }

    pub async fn record_agreement(&self, a: &AgreementWrite<'_>, audit: &AuditEntry) -> Result<bool, StoreError> {
        let (id, how, by, witness, at) = (a.plan_id.to_string(), a.how.to_string(), a.by.to_string(), a.witness.map(str::to_string), a.at.to_string());
        self.changed_with_audit(
            || {
                sqlx::query("UPDATE service_plans SET agreed_at = $1, agreed_how = $2, agreed_by = $3, witness = $4, challenge_id = NULL, updated_at = $1 WHERE id = $5")
                    .bind(at.clone())
                    .bind(how.clone())
                    .bind(by.clone())
                    .bind(witness.clone())
                    .bind(id.clone())
            },
            audit,
        )
        .await
    }
}
