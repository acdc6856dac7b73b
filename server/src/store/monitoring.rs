//! 低收入人口动态监测 (#16): the register, department batches and warnings. A batch is written
//! whole in one transaction — its rows, its warnings and its own record — so a batch is either
//! not there or all there, and sending it again finds its record and changes nothing.

use sqlx::{Any, FromRow, Row, Transaction};

use super::audit::{append_in, AuditEntry};
use super::write::retried;
use super::{Store, StoreError};

/// A register entry, as read and as written (by a decision, an import or a test; a new
/// entry is created at its `updated_at`).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct RegisterRow {
    pub id: String,
    pub id_index: String,
    pub id_sealed: String,
    pub id_masked: String,
    pub name: String,
    pub phone_sealed: Option<String>,
    pub area_code: String,
    pub office_code: String,
    pub address: String,
    pub tier: String,
    pub since: String,
    pub source: String,
    pub source_ref: String,
    pub updated_at: String,
}

const REGISTER_COLUMNS: &str = "id, id_index, id_sealed, id_masked, name, phone_sealed, area_code, office_code, address, tier, since, source, source_ref, updated_at";

/// Who a department row matched: what evaluation and routing need, nothing sealed.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct MatchedPerson {
    pub id: String,
    pub id_index: String,
    pub tier: String,
    pub since: String,
    pub area_code: String,
    pub office_code: String,
}

/// One department row as kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedRowWrite {
    pub id: String,
    pub row_index: i64,
    pub id_index: String,
    pub person_id: Option<String>,
    pub kind: String,
    pub day: String,
    pub amount_fen: i64,
    pub signal: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WarningWrite {
    pub id: String,
    pub person_id: String,
    pub rule: String,
    pub priority: String,
    pub value: i64,
    pub threshold: i64,
    pub source: String,
    pub feed_row_id: Option<String>,
    pub signal_day: String,
    pub area_code: String,
    pub office_code: String,
    pub raised_on: String,
    pub due_on: String,
}

/// What a batch's record says: counts, and each refused row's index, field and problem.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct BatchRow {
    pub source: String,
    pub batch_id: String,
    pub fingerprint: String,
    pub received_at: String,
    pub received_by: String,
    pub rows_received: i64,
    pub rows_matched: i64,
    pub rows_unmatched: i64,
    pub rows_rejected: i64,
    pub warnings_raised: i64,
    pub rejected: String,
}

/// A batch to write: its record (warnings_raised is counted as they are written).
#[derive(Clone, Debug)]
pub struct BatchWrite {
    pub record: BatchRow,
    pub rows: Vec<FeedRowWrite>,
    pub warnings: Vec<WarningWrite>,
}

/// What became of a batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BatchOutcome {
    /// Written now.
    New(BatchRow),
    /// Received before: its record, unchanged.
    Seen(BatchRow),
}

/// A warning with who it is about and who has it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct WarningRow {
    pub id: String,
    pub person_id: String,
    pub rule: String,
    pub priority: String,
    pub value: i64,
    pub threshold: i64,
    pub source: String,
    pub signal_day: String,
    pub area_code: String,
    pub office_code: String,
    pub raised_at: String,
    pub raised_on: String,
    pub due_on: String,
    pub status: String,
    pub assigned_to: Option<String>,
    pub outcome: Option<String>,
    pub note: Option<String>,
    pub closed_by: Option<String>,
    pub closed_at: Option<String>,
    pub closed_on: Option<String>,
    pub case_reference: Option<String>,
    pub version: i64,
    pub person_name: String,
    pub id_masked: String,
    pub tier: String,
    pub assignee_name: Option<String>,
    pub closer_name: Option<String>,
}

const WARNING_VIEW: &str = "SELECT w.id, w.person_id, w.rule, w.priority, w.value, w.threshold, w.source, w.signal_day, w.area_code, w.office_code, \
     w.raised_at, w.raised_on, w.due_on, w.status, w.assigned_to, w.outcome, w.note, w.closed_by, w.closed_at, w.closed_on, w.case_reference, w.version, \
     p.name AS person_name, p.id_masked, p.tier, a.full_name AS assignee_name, c.full_name AS closer_name \
     FROM warnings w JOIN register_people p ON p.id = w.person_id LEFT JOIN staff a ON a.id = w.assigned_to LEFT JOIN staff c ON c.id = w.closed_by";

/// Which warnings a queue shows.
#[derive(Clone, Debug, Default)]
pub struct WarningFilter {
    pub area_prefix: String,
    /// Measure the prefix against the office instead of the residence.
    pub by_office: bool,
    /// Open ones (else closed ones, newest first).
    pub open: bool,
    /// Open ones due before this day.
    pub overdue_before: Option<String>,
    pub assigned_to: Option<String>,
}

/// A warning's closing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WarningClose {
    pub id: String,
    pub version: i64,
    pub outcome: String,
    pub note: String,
    pub staff_id: String,
    pub at: String,
    pub on: String,
    pub case_reference: Option<String>,
}

/// A line of a household's chain, in time order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainLine {
    pub at: String,
    pub kind: String,
    pub reference: Option<String>,
    pub detail: String,
}

/// The warnings of an area in figures (the district view).
#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct WarningFigures {
    pub month: String,
    pub rule: String,
    pub raised: i64,
    pub closed: i64,
    pub closed_in_time: i64,
    pub helped: i64,
    pub open_overdue: i64,
    /// Warnings after which the person was granted assistance.
    pub assisted: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct FeedClientRow {
    pub id: String,
    pub source: String,
    pub name: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// A value for a statement put together row by row.
enum Val<'a> {
    Text(&'a str),
    Int(i64),
    Null,
}

/// `INSERT INTO table (columns) VALUES (...), (...)` for `rows` (each as many values as
/// columns), in chunks that stay under both databases' limits on parameters.
async fn insert_rows(tx: &mut Transaction<'_, Any>, head: &str, columns: usize, rows: Vec<Vec<Val<'_>>>, tail: &str) -> Result<u64, StoreError> {
    let per_chunk = (900 / columns).max(1);
    let mut written = 0;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<Val>> = rows.by_ref().take(per_chunk).collect();
        let mut text = String::from(head);
        text.push_str(" VALUES ");
        let mut n = 0;
        for (i, _) in chunk.iter().enumerate() {
            if i > 0 {
                text.push_str(", ");
            }
            text.push('(');
            for c in 0..columns {
                n += 1;
                if c > 0 {
                    text.push_str(", ");
                }
                text.push('$');
                text.push_str(&n.to_string());
            }
            text.push(')');
        }
        text.push_str(tail);
        let mut q = sqlx::query(&text);
        for row in &chunk {
            for v in row {
                q = match v {
                    Val::Text(s) => q.bind(*s),
                    Val::Int(i) => q.bind(*i),
                    Val::Null => q.bind(Option::<String>::None),
                };
            }
        }
        written += q.execute(&mut **tx).await?.rows_affected();
    }
    Ok(written)
}

fn register_values(p: &RegisterRow) -> Vec<Val<'_>> {
    vec![
        Val::Text(&p.id),
        Val::Text(&p.id_index),
        Val::Text(&p.id_sealed),
        Val::Text(&p.id_masked),
        Val::Text(&p.name),
        p.phone_sealed.as_deref().map_or(Val::Null, Val::Text),
        Val::Text(&p.area_code),
        Val::Text(&p.office_code),
        Val::Text(&p.address),
        Val::Text(&p.tier),
        Val::Text(&p.since),
        Val::Text(&p.source),
        Val::Text(&p.source_ref),
        Val::Text(&p.updated_at),
        Val::Text(&p.updated_at),
    ]
}

const REGISTER_INSERT: &str = "INSERT INTO register_people (id, id_index, id_sealed, id_masked, name, phone_sealed, area_code, office_code, address, tier, since, source, source_ref, created_at, updated_at)";

/// An import or a decision replaces what the register says of the person; the row keeps its
/// id (and so its warnings and history).
const REGISTER_UPSERT: &str = " ON CONFLICT (id_index) DO UPDATE SET id_sealed = excluded.id_sealed, id_masked = excluded.id_masked, name = excluded.name, \
     phone_sealed = COALESCE(excluded.phone_sealed, register_people.phone_sealed), area_code = excluded.area_code, office_code = excluded.office_code, \
     address = CASE WHEN excluded.address = '' THEN register_people.address ELSE excluded.address END, tier = excluded.tier, since = excluded.since, \
     source = excluded.source, source_ref = excluded.source_ref, updated_at = excluded.updated_at";

/// Writes a decision's register entry inside the decision's own transaction.
pub(crate) async fn upsert_register_in(tx: &mut Transaction<'_, Any>, p: &RegisterRow) -> Result<(), StoreError> {
    insert_rows(tx, REGISTER_INSERT, 15, vec![register_values(p)], REGISTER_UPSERT).await?;
    Ok(())
}

impl Store {
    /// Writes a whole import (every row valid: the service refuses a file with a bad row).
    pub async fn import_register(&self, rows: &[RegisterRow], audit: &AuditEntry) -> Result<u64, StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            let n = insert_rows(&mut tx, REGISTER_INSERT, 15, rows.iter().map(register_values).collect(), REGISTER_UPSERT).await?;
            append_in(&mut tx, audit).await?;
            tx.commit().await?;
            Ok(n)
        })
        .await
    }

    pub async fn register_person(&self, id: &str) -> Result<Option<RegisterRow>, StoreError> {
        Ok(sqlx::query_as(&format!("SELECT {REGISTER_COLUMNS} FROM register_people WHERE id = $1")).bind(id).fetch_optional(self.pool()).await?)
    }

    pub async fn register_person_by_index(&self, id_index: &str) -> Result<Option<RegisterRow>, StoreError> {
        Ok(sqlx::query_as(&format!("SELECT {REGISTER_COLUMNS} FROM register_people WHERE id_index = $1")).bind(id_index).fetch_optional(self.pool()).await?)
    }

    /// The register under an area (by residence), by tier when given, in name order; and how
    /// many entries match in all.
    pub async fn register_page(&self, area_prefix: &str, tier: Option<&str>, offset: i64, limit: i64) -> Result<(Vec<RegisterRow>, i64), StoreError> {
        let by_tier = if tier.is_some() { " AND tier = $3" } else { "" };
        let rows_sql = format!("SELECT {REGISTER_COLUMNS} FROM register_people WHERE area_code >= $1 AND area_code < $2{by_tier} ORDER BY name, id LIMIT {} OFFSET {}", limit.clamp(1, 200), offset.max(0));
        let count_sql = format!("SELECT COUNT(*) FROM register_people WHERE area_code >= $1 AND area_code < $2{by_tier}");
        let mut q = super::bind_area(sqlx::query(&rows_sql), area_prefix);
        let mut c = sqlx::query_scalar(&count_sql).bind(area_prefix.to_string()).bind(format!("{area_prefix}:"));
        if let Some(t) = tier {
            q = q.bind(t.to_string());
            c = c.bind(t.to_string());
        }
        let rows = q.fetch_all(self.pool()).await?.iter().map(RegisterRow::from_row).collect::<Result<Vec<_>, _>>()?;
        let total: i64 = c.fetch_one(self.pool()).await?;
        Ok((rows, total))
    }

    /// The register entries with these blind indexes (any number; asked in chunks).
    pub async fn match_register(&self, indexes: &[String]) -> Result<Vec<MatchedPerson>, StoreError> {
        let mut out = Vec::new();
        for chunk in indexes.chunks(500) {
            let mut sql = super::sql::Sql::new("SELECT id, id_index, tier, since, area_code, office_code FROM register_people WHERE id_index IN (");
            sql.push_list(chunk.iter().cloned()).push(")");
            let rows = sql.query().fetch_all(self.pool()).await?;
            for r in &rows {
                out.push(MatchedPerson::from_row(r)?);
            }
        }
        Ok(out)
    }

    /// Out-of-pocket medical spending already received for a person, days in `(after, upto]`.
    pub async fn medical_spent(&self, person_id: &str, after: &str, upto: &str) -> Result<i64, StoreError> {
        let sum: Option<i64> = sqlx::query_scalar("SELECT CAST(SUM(amount_fen) AS BIGINT) FROM feed_rows WHERE person_id = $1 AND kind = 'medical' AND day > $2 AND day <= $3")
            .bind(person_id)
            .bind(after)
            .bind(upto)
            .fetch_one(self.pool())
            .await?;
        Ok(sum.unwrap_or(0))
    }

    pub async fn feed_batch(&self, source: &str, batch_id: &str) -> Result<Option<BatchRow>, StoreError> {
        Ok(sqlx::query_as("SELECT * FROM feed_batches WHERE source = $1 AND batch_id = $2").bind(source).bind(batch_id).fetch_optional(self.pool()).await?)
    }

    /// Writes a batch whole, unless it was received before (its record is returned then). A
    /// warning for a person and rule that already has an open one is not written.
    pub async fn receive_batch(&self, b: &BatchWrite, audit: &AuditEntry) -> Result<BatchOutcome, StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            let r = &b.record;
            // Two senders of one batch: the second waits here for the first and then finds it.
            let claimed = sqlx::query(
                "INSERT INTO feed_batches (source, batch_id, fingerprint, received_at, received_by, rows_received, rows_matched, rows_unmatched, rows_rejected, warnings_raised, rejected) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10) ON CONFLICT DO NOTHING",
            )
            .bind(&r.source)
            .bind(&r.batch_id)
            .bind(&r.fingerprint)
            .bind(&r.received_at)
            .bind(&r.received_by)
            .bind(r.rows_received)
            .bind(r.rows_matched)
            .bind(r.rows_unmatched)
            .bind(r.rows_rejected)
            .bind(&r.rejected)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if claimed == 0 {
                tx.rollback().await?;
                let seen = self.feed_batch(&r.source, &r.batch_id).await?.ok_or_else(|| StoreError::Busy("a batch claimed and gone".into()))?;
                return Ok(BatchOutcome::Seen(seen));
            }
            let rows = b
                .rows
                .iter()
                .map(|f| {
                    vec![
                        Val::Text(&f.id),
                        Val::Text(&r.source),
                        Val::Text(&r.batch_id),
                        Val::Int(f.row_index),
                        Val::Text(&f.id_index),
                        f.person_id.as_deref().map_or(Val::Null, Val::Text),
                        Val::Text(&f.kind),
                        Val::Text(&f.day),
                        Val::Int(f.amount_fen),
                        Val::Text(&f.signal),
                        Val::Text(&r.received_at),
                    ]
                })
                .collect();
            insert_rows(&mut tx, "INSERT INTO feed_rows (id, source, batch_id, row_index, id_index, person_id, kind, day, amount_fen, signal, received_at)", 11, rows, "").await?;
            let mut raised = 0;
            for w in &b.warnings {
                raised += insert_warning(&mut tx, w, &r.received_at).await?;
            }
            sqlx::query("UPDATE feed_batches SET warnings_raised = $1 WHERE source = $2 AND batch_id = $3").bind(raised as i64).bind(&r.source).bind(&r.batch_id).execute(&mut *tx).await?;
            append_in(&mut tx, &AuditEntry { detail: format!("{} warnings={raised}", audit.detail), ..audit.clone() }).await?;
            tx.commit().await?;
            Ok(BatchOutcome::New(BatchRow { warnings_raised: raised as i64, ..r.clone() }))
        })
        .await
    }

    /// Deletes rows about people outside the register received before `before`.
    pub async fn sweep_unmatched_feed_rows(&self, before: &str) -> Result<u64, StoreError> {
        Ok(sqlx::query("DELETE FROM feed_rows WHERE person_id IS NULL AND received_at < $1").bind(before).execute(self.pool()).await?.rows_affected())
    }

    pub async fn count_feed_rows(&self, matched: bool) -> Result<i64, StoreError> {
        let sql = if matched { "SELECT COUNT(*) FROM feed_rows WHERE person_id IS NOT NULL" } else { "SELECT COUNT(*) FROM feed_rows WHERE person_id IS NULL" };
        Ok(sqlx::query_scalar(sql).fetch_one(self.pool()).await?)
    }

    pub async fn warnings(&self, f: &WarningFilter, limit: i64) -> Result<Vec<WarningRow>, StoreError> {
        let column = if f.by_office { "w.office_code" } else { "w.area_code" };
        let mut sql = super::sql::Sql::new(format!("{WARNING_VIEW} WHERE {column} >= "));
        sql.push_bind(f.area_prefix.clone()).push(&format!(" AND {column} < ")).push_bind(format!("{}:", f.area_prefix));
        sql.push(if f.open { " AND w.status = 'open'" } else { " AND w.status = 'closed'" });
        if let Some(d) = &f.overdue_before {
            sql.push(" AND w.due_on < ").push_bind(d.clone());
        }
        if let Some(a) = &f.assigned_to {
            sql.push(" AND w.assigned_to = ").push_bind(a.clone());
        }
        // Urgent first ('high' sorts before 'normal'), then the earliest due.
        let order = if f.open { " ORDER BY w.priority, w.due_on, w.raised_at, w.id" } else { " ORDER BY w.closed_at DESC, w.id" };
        sql.push(&format!("{order} LIMIT {}", limit.clamp(1, 500)));
        let rows = sql.query().fetch_all(self.pool()).await?;
        Ok(rows.iter().map(WarningRow::from_row).collect::<Result<_, _>>()?)
    }

    pub async fn warning(&self, id: &str) -> Result<Option<WarningRow>, StoreError> {
        Ok(sqlx::query_as(&format!("{WARNING_VIEW} WHERE w.id = $1")).bind(id).fetch_optional(self.pool()).await?)
    }

    pub async fn warnings_of(&self, person_id: &str) -> Result<Vec<WarningRow>, StoreError> {
        Ok(sqlx::query_as(&format!("{WARNING_VIEW} WHERE w.person_id = $1 ORDER BY w.raised_at, w.id")).bind(person_id).fetch_all(self.pool()).await?)
    }

    /// Takes an open warning; `false` when it changed since `version` or is closed.
    pub async fn assign_warning(&self, id: &str, version: i64, staff_id: &str, audit: &AuditEntry) -> Result<bool, StoreError> {
        self.changed_with_audit(
            || sqlx::query("UPDATE warnings SET assigned_to = $1, version = version + 1 WHERE id = $2 AND version = $3 AND status = 'open'").bind(staff_id.to_string()).bind(id.to_string()).bind(version),
            audit,
        )
        .await
    }

    /// Closes an open warning with its outcome and note, and the text message an invitation
    /// sends, in one transaction; `false` (nothing written) when it changed since `version`.
    pub async fn close_warning(&self, c: &WarningClose, sms: Option<&super::sms::OutgoingSms>, audit: &AuditEntry) -> Result<bool, StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            let done = sqlx::query(
                "UPDATE warnings SET status = 'closed', outcome = $1, note = $2, closed_by = $3, closed_at = $4, closed_on = $5, case_reference = $6, \
                 assigned_to = COALESCE(assigned_to, $3), version = version + 1 WHERE id = $7 AND version = $8 AND status = 'open'",
            )
            .bind(&c.outcome)
            .bind(&c.note)
            .bind(&c.staff_id)
            .bind(&c.at)
            .bind(&c.on)
            .bind(&c.case_reference)
            .bind(&c.id)
            .bind(c.version)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                tx.rollback().await?;
                return Ok(false);
            }
            if let Some(sms) = sms {
                super::sms::insert_sms(&mut tx, sms).await?;
            }
            append_in(&mut tx, audit).await?;
            tx.commit().await?;
            Ok(true)
        })
        .await
    }

    /// Everything the portal holds of one person's household, oldest first: applications
    /// (found by the subject's blind index), their decisions and payments, and warnings.
    pub async fn household_chain(&self, person: &RegisterRow) -> Result<Vec<ChainLine>, StoreError> {
        let mut lines = Vec::new();
        let apps = sqlx::query("SELECT id, reference, programme, submitted_at, decision, amount_fen, decided_at, status FROM applications WHERE subject_id_index = $1")
            .bind(&person.id_index)
            .fetch_all(self.pool())
            .await?;
        for a in &apps {
            let id: String = a.try_get("id")?;
            let reference: String = a.try_get("reference")?;
            let programme: String = a.try_get("programme")?;
            lines.push(ChainLine { at: a.try_get("submitted_at")?, kind: "applied".into(), reference: Some(reference.clone()), detail: programme });
            if let (Some(decision), Some(at)) = (a.try_get::<Option<String>, _>("decision")?, a.try_get::<Option<String>, _>("decided_at")?) {
                let amount: Option<i64> = a.try_get("amount_fen")?;
                lines.push(ChainLine { at, kind: format!("decision_{decision}"), reference: Some(reference.clone()), detail: amount.map(|f| f.to_string()).unwrap_or_default() });
            }
            let payments = sqlx::query("SELECT amount_fen, recorded_at, period FROM payments WHERE application_id = $1").bind(&id).fetch_all(self.pool()).await?;
            for p in &payments {
                let fen: i64 = p.try_get("amount_fen")?;
                lines.push(ChainLine { at: p.try_get("recorded_at")?, kind: "payment".into(), reference: Some(reference.clone()), detail: fen.to_string() });
            }
        }
        for w in self.warnings_of(&person.id).await? {
            lines.push(ChainLine { at: w.raised_at.clone(), kind: "warning".into(), reference: Some(w.id.clone()), detail: w.rule.clone() });
            if let (Some(at), Some(outcome)) = (w.closed_at.clone(), w.outcome.clone()) {
                lines.push(ChainLine { at, kind: "warning_closed".into(), reference: Some(w.id.clone()), detail: outcome });
            }
        }
        for a in self.assessments_of(&person.id).await? {
            lines.push(ChainLine { at: a.recorded_at.clone(), kind: "assessment".into(), reference: None, detail: a.self_care.clone() });
        }
        if let Some(plan) = self.plan_of(&person.id).await? {
            for l in self.plan_lines(&plan.id).await? {
                lines.push(ChainLine { at: format!("{}T00:00:00Z", l.start_on), kind: "plan_line".into(), reference: None, detail: format!("{} · {}", l.item_name, l.provider_name) });
            }
        }
        for v in self.visits_of_person(&person.id, "9999-12-31").await? {
            if let Some(at) = v.recorded_at.clone() {
                lines.push(ChainLine { at, kind: "visit".into(), reference: None, detail: [v.item_name.clone(), v.provider_name.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ") });
            }
        }
        for f in self.referrals_of(&person.id).await? {
            lines.push(ChainLine { at: f.created_at.clone(), kind: "referral".into(), reference: Some(f.id.clone()), detail: f.kind.clone() });
        }
        for r in self.reviews_of(&person.id).await?.into_iter().filter(|r| r.status == "confirmed") {
            lines.push(ChainLine { at: r.decided_at.clone().unwrap_or(r.proposed_at.clone()), kind: "review".into(), reference: None, detail: r.outcome.clone() });
        }
        // Within one second, the order things cause each other in: a warning, the application
        // it led to, its decision and payments, the warning's closing.
        let rank = |kind: &str| match kind {
            "warning" => 0,
            "applied" => 1,
            k if k.starts_with("decision") => 2,
            "payment" => 3,
            _ => 4,
        };
        lines.sort_by(|a, b| a.at.cmp(&b.at).then(rank(&a.kind).cmp(&rank(&b.kind))));
        Ok(lines)
    }

    /// Warnings by month raised and rule, for an area: raised, closed, closed by the due day,
    /// closed with help, still open and late on `today`.
    pub async fn warning_figures(&self, area_prefix: &str, helped_outcomes: &[&str], today: &str) -> Result<Vec<WarningFigures>, StoreError> {
        let helped: Vec<String> = helped_outcomes.iter().map(|o| format!("'{}'", o.replace('\'', ""))).collect();
        let sql = format!(
            "SELECT SUBSTR(raised_on, 1, 7) AS month, rule, COUNT(*) AS raised, \
             SUM(CASE WHEN status = 'closed' THEN 1 ELSE 0 END) AS closed, \
             SUM(CASE WHEN status = 'closed' AND closed_on <= due_on THEN 1 ELSE 0 END) AS closed_in_time, \
             SUM(CASE WHEN status = 'closed' AND outcome IN ({}) THEN 1 ELSE 0 END) AS helped, \
             SUM(CASE WHEN status = 'open' AND due_on < $3 THEN 1 ELSE 0 END) AS open_overdue, \
             SUM(CASE WHEN EXISTS (SELECT 1 FROM applications a JOIN register_people p ON a.subject_id_index = p.id_index \
                 WHERE p.id = warnings.person_id AND a.decision IN ('approved', 'provisional') AND a.decided_at >= warnings.raised_at) THEN 1 ELSE 0 END) AS assisted \
             FROM warnings WHERE area_code >= $1 AND area_code < $2 GROUP BY SUBSTR(raised_on, 1, 7), rule ORDER BY month DESC, rule",
            if helped.is_empty() { "''".to_string() } else { helped.join(", ") }
        );
        let rows = super::bind_area(sqlx::query(&sql), area_prefix).bind(today).fetch_all(self.pool()).await?;
        rows.iter()
            .map(|r| {
                Ok(WarningFigures {
                    month: r.try_get("month")?,
                    rule: r.try_get("rule")?,
                    raised: r.try_get("raised")?,
                    closed: r.try_get::<Option<i64>, _>("closed")?.unwrap_or(0),
                    closed_in_time: r.try_get::<Option<i64>, _>("closed_in_time")?.unwrap_or(0),
                    helped: r.try_get::<Option<i64>, _>("helped")?.unwrap_or(0),
                    open_overdue: r.try_get::<Option<i64>, _>("open_overdue")?.unwrap_or(0),
                    assisted: r.try_get::<Option<i64>, _>("assisted")?.unwrap_or(0),
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    pub async fn insert_feed_client(&self, c: &FeedClientRow, token_hash: &str, audit: &AuditEntry) -> Result<(), StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            sqlx::query("INSERT INTO feed_clients (id, source, name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(&c.id)
                .bind(&c.source)
                .bind(&c.name)
                .bind(token_hash)
                .bind(&c.created_at)
                .execute(&mut *tx)
                .await?;
            append_in(&mut tx, audit).await?;
            tx.commit().await?;
            Ok(())
        })
        .await
    }

    /// The credential with this hash, unless revoked.
    pub async fn feed_client(&self, token_hash: &str) -> Result<Option<FeedClientRow>, StoreError> {
        Ok(sqlx::query_as("SELECT id, source, name, created_at, revoked_at FROM feed_clients WHERE token_hash = $1 AND revoked_at IS NULL").bind(token_hash).fetch_optional(self.pool()).await?)
    }

    pub async fn feed_clients(&self) -> Result<Vec<FeedClientRow>, StoreError> {
        Ok(sqlx::query_as("SELECT id, source, name, created_at, revoked_at FROM feed_clients ORDER BY created_at, id").fetch_all(self.pool()).await?)
    }

    /// `false` when there is no such credential or it was revoked already.
    pub async fn revoke_feed_client(&self, id: &str, at: &str, audit: &AuditEntry) -> Result<bool, StoreError> {
        let (id, at) = (id.to_string(), at.to_string());
        self.changed_with_audit(|| sqlx::query("UPDATE feed_clients SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL").bind(at.clone()).bind(id.clone()), audit).await
    }

    /// A person's applications by their ID number's blind index: reference, programme, status.
    pub async fn applications_of_subject(&self, id_index: &str) -> Result<Vec<(String, String, String)>, StoreError> {
        Ok(sqlx::query_as("SELECT reference, programme, status FROM applications WHERE subject_id_index = $1 ORDER BY submitted_at, id").bind(id_index).fetch_all(self.pool()).await?)
    }

    /// Applications that have no subject index yet (made before the register): id and sealed ID.
    pub async fn applications_without_subject_index(&self, limit: i64) -> Result<Vec<(String, String)>, StoreError> {
        let rows = sqlx::query(&format!("SELECT id, subject_id_sealed FROM applications WHERE subject_id_index IS NULL ORDER BY id LIMIT {}", limit.clamp(1, 10_000)))
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(|r| Ok((r.try_get("id")?, r.try_get("subject_id_sealed")?))).collect::<Result<_, sqlx::Error>>().map_err(StoreError::from)
    }

    pub async fn set_subject_index(&self, application_id: &str, index: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE applications SET subject_id_index = $1 WHERE id = $2 AND subject_id_index IS NULL").bind(index).bind(application_id).execute(self.pool()).await?;
        Ok(())
    }
}

async fn insert_warning(tx: &mut Transaction<'_, Any>, w: &WarningWrite, at: &str) -> Result<u64, StoreError> {
    let values = vec![
        Val::Text(&w.id),
        Val::Text(&w.person_id),
        Val::Text(&w.rule),
        Val::Text(&w.priority),
        Val::Int(w.value),
        Val::Int(w.threshold),
        Val::Text(&w.source),
        w.feed_row_id.as_deref().map_or(Val::Null, Val::Text),
        Val::Text(&w.signal_day),
        Val::Text(&w.area_code),
        Val::Text(&w.office_code),
        Val::Text(at),
        Val::Text(&w.raised_on),
        Val::Text(&w.due_on),
        Val::Text("open"),
    ];
    // The partial unique index keeps one open warning per person and rule.
    insert_rows(
        tx,
        "INSERT INTO warnings (id, person_id, rule, priority, value, threshold, source, feed_row_id, signal_day, area_code, office_code, raised_at, raised_on, due_on, status)",
        15,
        vec![values],
        " ON CONFLICT DO NOTHING",
    )
    .await
}
