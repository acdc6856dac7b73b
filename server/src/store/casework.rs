//! What staff read and change: the queue of an area, and actions on one case, each written
//! with its timeline event and audit entry in one transaction, and only when the case is
//! still at the version the staff member saw.

use sqlx::{FromRow, Row};

use super::applications::{app_row, insert_event, insert_info_request, ApplicationRow, EventRow, InfoRequestRow, APP_COLUMNS};
use app::domain::case::arrival::ArrivalNote;

use super::audit::{append_in, AuditEntry};
use super::write::retried;
use super::sql::Sql;
use super::{bind_area, Store, StoreError, UNDER_AREA};

/// Which cases a queue page shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueueFilter {
    /// Codes of the area and everything under it (by prefix).
    pub area_prefix: String,
    /// Measure the prefix against the cases' office instead of their community.
    pub by_office: bool,
    pub status: Option<String>,
    pub programme: Option<String>,
    pub assigned_to: Option<String>,
    /// Only cases whose running clock was due before this date.
    pub overdue_before: Option<String>,
    /// Without a status: only cases still in progress (not done).
    pub in_progress: Vec<String>,
    /// Only 容缺 cases whose follow-up check is due on or before this date.
    pub follow_up_by: Option<String>,
    /// Only cases whose applicant said a payment did not arrive.
    pub arrival_problem: bool,
    /// Keyset: cases after this (submitted_at, id).
    pub after: Option<(String, String)>,
}

/// An application with what staff work on it adds.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct CaseRow {
    #[sqlx(flatten)]
    pub row: ApplicationRow,
    pub version: i64,
    pub assigned_to: Option<String>,
    pub accepted_by: Option<String>,
    pub decided_by: Option<String>,
    pub decision: Option<String>,
    pub amount_fen: Option<i64>,
    pub decided_at: Option<String>,
    pub follow_up_by: Option<String>,
    pub verification: Option<String>,
    pub recovery_fen: Option<i64>,
    /// The democratic appraisal's result code, once appraised.
    pub appraisal: Option<String>,
    /// The deadline running now (`domain::case::Clock`'s code) and its date in China.
    pub clock: Option<String>,
    pub due_on: Option<String>,
}

/// A queue line: the application and its running clock.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct QueueRow {
    #[sqlx(flatten)]
    pub row: ApplicationRow,
    pub clock: Option<String>,
    pub due_on: Option<String>,
    /// When its applicant said a payment did not arrive, if they did.
    #[sqlx(default)]
    pub arrival_problem: Option<String>,
}

/// A change one staff action makes.
#[derive(Clone, Debug, Default)]
pub struct CaseChange {
    pub status: Option<String>,
    pub assigned_to: Option<String>,
    pub accepted_by: Option<String>,
    /// A transfer: the new community and its office.
    pub area: Option<(String, String)>,
    /// (decision, amount in fen, decided by, decided at)
    pub decision: Option<(String, Option<i64>, String, String)>,
    pub info_request: Option<InfoRequestRow>,
    /// 容缺: when the follow-up check is due.
    pub follow_up_by: Option<String>,
    /// 容缺: the follow-up check's outcome and the amount to recover.
    pub verification: Option<(String, i64)>,
    /// An amount to recover without a follow-up check (先行救助 beyond the decision).
    pub recovery_fen: Option<i64>,
    pub payment: Option<PaymentRow>,
    pub credit: Option<CreditRow>,
    /// The democratic appraisal's result code.
    pub appraisal: Option<String>,
    /// A new stage: its clock's code and due date, or `(None, None)` once the case is done.
    pub clock: Option<(Option<String>, Option<String>)>,
    /// A photo from a home visit, already cleaned and stored.
    pub document: Option<super::applications::DocumentRow>,
    /// What the person is texted about this change.
    pub notifications: Vec<super::notifications::NotificationRow>,
    /// A decision's entry in the low-income register (#16), written with the decision.
    pub register: Option<super::monitoring::RegisterRow>,
    /// 实物救助 (#15): what an approval gives beside the cash.
    pub in_kind: Vec<InKindRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct InKindRow {
    pub id: String,
    pub application_id: String,
    pub what: String,
    pub quantity: i64,
    pub value_fen: i64,
    pub decided_at: String,
    pub delivered_at: Option<String>,
    pub delivered_by: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct PaymentRow {
    pub id: String,
    pub application_id: String,
    pub amount_fen: i64,
    pub paid_on: String,
    /// `domain::case::payment::Period`'s code (older rows: what staff typed).
    pub period: String,
    /// `PaymentKind`'s code.
    pub kind: String,
    /// Why a correction was made.
    pub reason: Option<String>,
    pub recorded_by: String,
    pub recorded_at: String,
    /// The person's answer to "did it arrive?" (`domain::case::arrival::Arrival`'s code), what
    /// they wrote beside it, and when (UTC); none before they answer.
    #[sqlx(default)]
    pub arrival: Option<String>,
    #[sqlx(default)]
    pub arrival_note: Option<String>,
    #[sqlx(default)]
    pub arrival_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreditRow {
    pub id: String,
    pub application_id: String,
    pub subject_name: String,
    pub subject_id_masked: String,
    pub reason: String,
    pub amount_fen: i64,
    pub recorded_at: String,
}

impl Store {
    pub async fn queue(&self, f: &QueueFilter, limit: i64) -> Result<Vec<QueueRow>, StoreError> {
        // The area range first, as UNDER_AREA ($1, $2) and `bind_area` have it elsewhere.
        let column = if f.by_office { "office_code" } else { "area_code" };
        let mut sql = Sql::new(format!("SELECT {APP_COLUMNS}, clock, due_on, arrival_problem FROM applications WHERE {column} >= "));
        sql.push_bind(f.area_prefix.clone()).push(&format!(" AND {column} < ")).push_bind(format!("{}:", f.area_prefix));
        if let Some(s) = &f.status {
            sql.push(" AND status = ").push_bind(s.clone());
        }
        if let Some(p) = &f.programme {
            sql.push(" AND programme = ").push_bind(p.clone());
        }
        if let Some(a) = &f.assigned_to {
            sql.push(" AND assigned_to = ").push_bind(a.clone());
        }
        if let Some(d) = &f.overdue_before {
            sql.push(" AND clock IS NOT NULL AND due_on < ").push_bind(d.clone());
        }
        if f.status.is_none() && !f.in_progress.is_empty() {
            // A decided case is back in view while its applicant says the money did not come.
            sql.push(" AND (status IN (").push_list(f.in_progress.iter().cloned()).push(") OR arrival_problem IS NOT NULL)");
        }
        if f.arrival_problem {
            sql.push(" AND arrival_problem IS NOT NULL");
        }
        if let Some(d) = &f.follow_up_by {
            sql.push(" AND status = 'provisionally_approved' AND follow_up_by <= ").push_bind(d.clone());
        }
        if let Some((at, id)) = &f.after {
            sql.push(" AND (submitted_at > ").push_bind(at.clone()).push(" OR (submitted_at = ").push_bind(at.clone());
            sql.push(" AND id > ").push_bind(id.clone()).push("))");
        }
        sql.push(&format!(" ORDER BY submitted_at, id LIMIT {}", limit.clamp(1, 200)));
        let q = sql.query();
        let rows = q.fetch_all(self.pool()).await?;
        rows.iter()
            .map(|r| {
                let mut line = QueueRow::from_row(r)?;
                line.row = app_row(r)?;
                Ok(line)
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    pub async fn application_by_reference(&self, reference: &str) -> Result<Option<(ApplicationRow, i64, Option<String>)>, StoreError> {
        Ok(self.case_by_reference(reference).await?.map(|c| (c.row, c.version, c.assigned_to)))
    }

    pub async fn case_by_reference(&self, reference: &str) -> Result<Option<CaseRow>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {APP_COLUMNS}, subject_id_index, version, assigned_to, accepted_by, decided_by, decision, amount_fen, decided_at, follow_up_by, verification, recovery_fen, appraisal, clock, due_on \
             FROM applications WHERE reference = $1"
        ))
        .bind(reference)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            let mut case = CaseRow::from_row(&r)?;
            case.row = app_row(&r)?;
            Ok(case)
        })
        .transpose()
        .map_err(|e: sqlx::Error| e.into())
    }

    /// Applies `change` if the case is still at `version`; `false` when someone else acted
    /// first (nothing is written then).
    pub async fn act_on_case(&self, application_id: &str, version: i64, change: &CaseChange, event: &EventRow, audit: &AuditEntry) -> Result<bool, StoreError> {
        retried(|| self.try_act_on_case(application_id, version, change, event, audit)).await
    }

    async fn try_act_on_case(&self, application_id: &str, version: i64, change: &CaseChange, event: &EventRow, audit: &AuditEntry) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let (decision, amount, decided_by, decided_at) = match &change.decision {
            Some((d, a, by, at)) => (Some(d.clone()), *a, Some(by.clone()), Some(at.clone())),
            None => (None, None, None, None),
        };
        let done = sqlx::query(
            "UPDATE applications SET version = version + 1, status = COALESCE($1, status), assigned_to = COALESCE($2, assigned_to), \
             accepted_by = COALESCE($3, accepted_by), decision = COALESCE($4, decision), amount_fen = COALESCE($5, amount_fen), \
             decided_by = COALESCE($6, decided_by), decided_at = COALESCE($7, decided_at), \
             area_code = COALESCE($10, area_code), office_code = COALESCE($11, office_code), follow_up_by = COALESCE($12, follow_up_by), \
             verification = COALESCE($13, verification), recovery_fen = COALESCE($14, recovery_fen), appraisal = COALESCE($15, appraisal), \
             clock = CASE WHEN $16 = 1 THEN $17 ELSE clock END, due_on = CASE WHEN $16 = 1 THEN $18 ELSE due_on END \
             WHERE id = $8 AND version = $9",
        )
        .bind(&change.status)
        .bind(&change.assigned_to)
        .bind(&change.accepted_by)
        .bind(decision)
        .bind(amount)
        .bind(decided_by)
        .bind(decided_at)
        .bind(application_id)
        .bind(version)
        .bind(change.area.as_ref().map(|a| a.0.clone()))
        .bind(change.area.as_ref().map(|a| a.1.clone()))
        .bind(&change.follow_up_by)
        .bind(change.verification.as_ref().map(|v| v.0.clone()))
        .bind(change.verification.as_ref().map(|v| v.1).or(change.recovery_fen))
        .bind(&change.appraisal)
        .bind(i64::from(change.clock.is_some()))
        .bind(change.clock.as_ref().and_then(|c| c.0.clone()))
        .bind(change.clock.as_ref().and_then(|c| c.1.clone()))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        if let Some(r) = &change.info_request {
            insert_info_request(&mut tx, r).await?;
        }
        if let Some(entry) = &change.register {
            super::monitoring::upsert_register_in(&mut tx, entry).await?;
            super::service_assistance::adopt_assessments_in(&mut tx, application_id, &entry.id_index).await?;
        }
        for k in &change.in_kind {
            sqlx::query("INSERT INTO in_kind_aid (id, application_id, what, quantity, value_fen, decided_at) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(&k.id)
                .bind(&k.application_id)
                .bind(&k.what)
                .bind(k.quantity)
                .bind(k.value_fen)
                .bind(&k.decided_at)
                .execute(&mut *tx)
                .await?;
        }
        if let Some(d) = &change.document {
            super::applications::insert_document_in(&mut tx, d).await?;
        }
        if let Some(p) = &change.payment {
            sqlx::query("INSERT INTO payments (id, application_id, amount_fen, paid_on, period, kind, reason, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .bind(&p.id)
                .bind(&p.application_id)
                .bind(p.amount_fen)
                .bind(&p.paid_on)
                .bind(&p.period)
                .bind(&p.kind)
                .bind(&p.reason)
                .bind(&p.recorded_by)
                .bind(&p.recorded_at)
                .execute(&mut *tx)
                .await?;
            // A new payment answers a report that the last one did not arrive; the person is
            // asked again about this one.
            sqlx::query("UPDATE applications SET arrival_problem = NULL WHERE id = $1").bind(&p.application_id).execute(&mut *tx).await?;
        }
        if let Some(c) = &change.credit {
            sqlx::query("INSERT INTO credit_records (id, application_id, subject_name, subject_id_masked, reason, amount_fen, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .bind(&c.id)
                .bind(&c.application_id)
                .bind(&c.subject_name)
                .bind(&c.subject_id_masked)
                .bind(&c.reason)
                .bind(c.amount_fen)
                .bind(&c.recorded_at)
                .execute(&mut *tx)
                .await?;
        }
        insert_event(&mut tx, event).await?;
        super::notifications::insert_notifications(&mut tx, &change.notifications).await?;
        append_in(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(true)
    }
}

impl Store {
    pub async fn payments_of(&self, application_id: &str) -> Result<Vec<PaymentRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, application_id, amount_fen, paid_on, period, kind, reason, recorded_by, recorded_at, arrival, arrival_note, arrival_at \
             FROM payments WHERE application_id = $1 ORDER BY paid_on, recorded_at, id",
        )
            .bind(application_id)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| PaymentRow::from_row(r))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    /// The person's answer about one payment of their application, with what goes with it
    /// in one transaction: the case marked for (or cleared from) its office's attention, the
    /// event when there is a problem, and the audit entry. False when no such payment.
    pub async fn record_arrival(&self, application_id: &str, payment_id: &str, answer: &str, note: &ArrivalNote, at: &str, problem: bool, event: Option<&EventRow>, audit: &AuditEntry) -> Result<bool, StoreError> {
        super::write::retried(|| async {
            let mut tx = self.begin_write().await?;
            let done = sqlx::query("UPDATE payments SET arrival = $1, arrival_note = $2, arrival_at = $3 WHERE id = $4 AND application_id = $5")
                .bind(answer)
                .bind(note.as_str())
                .bind(at)
                .bind(payment_id)
                .bind(application_id)
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() == 0 {
                tx.rollback().await?;
                return Ok(false);
            }
            sqlx::query("UPDATE applications SET arrival_problem = $1 WHERE id = $2").bind(problem.then_some(at)).bind(application_id).execute(&mut *tx).await?;
            if let Some(e) = event {
                insert_event(&mut tx, e).await?;
            }
            append_in(&mut tx, audit).await?;
            tx.commit().await?;
            Ok(true)
        })
        .await
    }

    /// The credit records written for an application: (reason, amount in fen, recorded at).
    pub async fn credit_records_of(&self, application_id: &str) -> Result<Vec<(String, i64, String)>, StoreError> {
        Ok(sqlx::query_as("SELECT reason, amount_fen, recorded_at FROM credit_records WHERE application_id = $1 ORDER BY recorded_at, id").bind(application_id).fetch_all(self.pool()).await?)
    }
}

impl Store {
    /// How SQLite would run the queue query (for the test that it uses the index).
    pub async fn explain_queue(&self, area_prefix: &str, by_office: bool) -> Result<String, StoreError> {
        let range = if by_office { UNDER_AREA.replace("area_code", "office_code") } else { UNDER_AREA.to_string() };
        let sql = format!(
            "EXPLAIN QUERY PLAN SELECT {APP_COLUMNS} FROM applications WHERE {range} \
             AND (submitted_at > $3 OR (submitted_at = $3 AND id > $4)) ORDER BY submitted_at, id LIMIT 26"
        );
        let rows = bind_area(sqlx::query(&sql), area_prefix)
            .bind("2026-01-01T00:00:00Z")
            .bind("x")
            .fetch_all(self.pool())
            .await?;
        Ok(rows.iter().filter_map(|r| r.try_get::<String, _>("detail").ok()).collect::<Vec<_>>().join("; "))
    }
}

impl Store {
    /// Benchmarks only: `n` synthetic applications spread over `communities`, in batches.
    pub async fn bench_fill_applications(&self, n: usize, communities: &[String]) -> Result<(), StoreError> {
        let statuses = ["submitted", "accepted", "more_info", "approved", "rejected"];
        let citizen = self.citizen_for_phone("bench-citizen", "13800000000", 0).await?;
        let mut done = 0;
        while done < n {
            let mut tx = self.begin_write().await?;
            for i in done..(done + 5000).min(n) {
                let community = &communities[i % communities.len()];
                let office = &community[..9];
                sqlx::query(&format!(
                    "INSERT INTO applications ({APP_COLUMNS}) VALUES ($1, $2, $3, $4, 'bench', 'bench', '', '', NULL, 'temporary', 0, $5, $6, 'residence-subdistrict', $7, '', '', '', $8, '2026-12-01', NULL)"
                ))
                .bind(format!("bench-{i:08}"))
                .bind(format!("B{i:08}"))
                .bind(format!("bench-draft-{i:08}"))
                .bind(&citizen)
                .bind(community)
                .bind(office)
                .bind(statuses[i % statuses.len()])
                .bind(format!("2026-{:02}-{:02}T{:02}:{:02}:{:02}Z", 1 + (i / 2_000_000) % 12, 1 + (i / 80_000) % 28, (i / 3600) % 24, (i / 60) % 60, i % 60))
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            done = (done + 5000).min(n);
        }
        Ok(())
    }
}

impl Store {
    /// What a case's approval gives in kind, in the order it was decided.
    pub async fn in_kind_of(&self, application_id: &str) -> Result<Vec<InKindRow>, StoreError> {
        Ok(sqlx::query_as("SELECT id, application_id, what, quantity, value_fen, decided_at, delivered_at, delivered_by FROM in_kind_aid WHERE application_id = $1 ORDER BY decided_at, id")
            .bind(application_id)
            .fetch_all(self.pool())
            .await?)
    }

    /// Records an item delivered (`false`: not this case's, or delivered already).
    pub async fn deliver_in_kind(&self, id: &str, application_id: &str, by: &str, at: &str, audit: &super::AuditEntry) -> Result<bool, StoreError> {
        let (id, application_id, by, at) = (id.to_string(), application_id.to_string(), by.to_string(), at.to_string());
        self.changed_with_audit(
            || {
                sqlx::query("UPDATE in_kind_aid SET delivered_at = $1, delivered_by = $2 WHERE id = $3 AND application_id = $4 AND delivered_at IS NULL")
                    .bind(at.clone())
                    .bind(by.clone())
                    .bind(id.clone())
                    .bind(application_id.clone())
            },
            audit,
        )
        .await
    }
}
