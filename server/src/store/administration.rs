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

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

impl Store {
    /// One statement that must change a row, and its audit entry, in one transaction;
    /// `false` (nothing written) when it changed nothing.
    pub(crate) async fn changed_with_audit<'q>(&self, statement: impl Fn() -> AnyQuery<'q>, audit: &AuditEntry) -> Result<bool, StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            if statement().execute(&mut *tx).await?.rows_affected() == 0 {
                tx.rollback().await?;
                return Ok(false);
            }
            append_in(&mut tx, audit).await?;
            tx.commit().await?;
            Ok(true)
        })
        .await
    }
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
            self.forget_parameters();
            Ok(Approval::Approved)
        })
        .await
    }

    /// Refuses a waiting proposal of someone else; `false` when it is not one.
    pub async fn refuse_proposal(&self, id: &str, decider: &str, at: &str, note: &str, audit: &AuditEntry) -> Result<bool, StoreError> {
        let statement = || {
            sqlx::query(
                "UPDATE parameter_proposals SET status = 'refused', decided_by = $1, decided_at = $2, decision_note = $3 \
                 WHERE id = $4 AND status = 'proposed' AND proposed_by <> $1",
            )
            .bind(decider)
            .bind(at)
            .bind(note)
            .bind(id)
        };
        self.changed_with_audit(statement, audit).await
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

/// A staff account as its administrator's list shows it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct AccountRow {
    pub id: String,
    pub username: String,
    pub full_name: String,
    pub role: String,
    pub area_code: String,
    pub active: i64,
    pub phone: Option<String>,
    pub created_at: String,
    /// Sessions open now.
    pub sessions: i64,
}

/// One open session of an account.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct StaffSessionRow {
    pub token_hash: String,
    pub created_at: i64,
    pub last_seen: i64,
    pub expires_at: i64,
}

impl Store {
    /// The accounts of an area and everything under it, by area then username.
    pub async fn accounts_under(&self, area_prefix: &str, now: i64) -> Result<Vec<AccountRow>, StoreError> {
        let sql = "SELECT s.id, s.username, s.full_name, s.role, s.area_code, s.active, s.phone, s.created_at, \
                   (SELECT COUNT(*) FROM staff_sessions x WHERE x.staff_id = s.id AND x.expires_at > $3) AS sessions \
                   FROM staff s WHERE s.area_code >= $1 AND s.area_code < $2 ORDER BY s.area_code, s.username";
        Ok(sqlx::query_as(sql).bind(area_prefix).bind(format!("{area_prefix}:")).bind(now).fetch_all(self.pool()).await?)
    }

    pub async fn staff_sessions_of(&self, staff_id: &str, now: i64) -> Result<Vec<StaffSessionRow>, StoreError> {
        Ok(sqlx::query_as("SELECT token_hash, created_at, last_seen, expires_at FROM staff_sessions WHERE staff_id = $1 AND expires_at > $2 ORDER BY last_seen DESC")
            .bind(staff_id)
            .bind(now)
            .fetch_all(self.pool())
            .await?)
    }

    /// Changes an account's role and area; its sessions end, so the change holds at once.
    pub async fn change_staff(&self, id: &str, role: &str, area_code: &str, audit: &AuditEntry) -> Result<bool, StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            let done = sqlx::query("UPDATE staff SET role = $1, area_code = $2 WHERE id = $3").bind(role).bind(area_code).bind(id).execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                tx.rollback().await?;
                return Ok(false);
            }
            sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1").bind(id).execute(&mut *tx).await?;
            append_in(&mut tx, audit).await?;
            tx.commit().await?;
            Ok(true)
        })
        .await
    }

    /// Deactivates (its sessions and setup links end at once) or reactivates an account.
    pub async fn set_staff_active(&self, id: &str, active: bool, audit: &AuditEntry) -> Result<bool, StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            let done = sqlx::query("UPDATE staff SET active = $1 WHERE id = $2").bind(i64::from(active)).bind(id).execute(&mut *tx).await?;
            if done.rows_affected() == 0 {
                tx.rollback().await?;
                return Ok(false);
            }
            if !active {
                sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1").bind(id).execute(&mut *tx).await?;
                sqlx::query("DELETE FROM staff_setup_links WHERE staff_id = $1 AND used_at IS NULL").bind(id).execute(&mut *tx).await?;
            }
            append_in(&mut tx, audit).await?;
            tx.commit().await?;
            Ok(true)
        })
        .await
    }

    /// A new setup link for an account. With `reset_to` (an unusable password hash) the
    /// old password stops working and every session ends; earlier unused links lapse.
    pub async fn issue_setup_link(&self, staff_id: &str, token_hash: &str, by: &str, now: i64, expires_at: i64, reset_to: Option<&str>, audit: &AuditEntry) -> Result<(), StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            if let Some(hash) = reset_to {
                sqlx::query("UPDATE staff SET password_hash = $1 WHERE id = $2").bind(hash).bind(staff_id).execute(&mut *tx).await?;
                sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1").bind(staff_id).execute(&mut *tx).await?;
            }
            sqlx::query("DELETE FROM staff_setup_links WHERE staff_id = $1 AND used_at IS NULL").bind(staff_id).execute(&mut *tx).await?;
            sqlx::query("INSERT INTO staff_setup_links (token_hash, staff_id, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(token_hash)
                .bind(staff_id)
                .bind(by)
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

    /// The account a setup link opens, while it is unused and unexpired.
    pub async fn setup_link_staff(&self, token_hash: &str, now: i64) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT l.staff_id FROM staff_setup_links l JOIN staff s ON s.id = l.staff_id WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > $2 AND s.active = 1")
            .bind(token_hash)
            .bind(now)
            .fetch_optional(self.pool())
            .await?)
    }

    /// Uses a setup link once: the account's password becomes `password_hash`. `None` when
    /// the link is used, expired or unknown (a second use of one link finds nothing).
    pub async fn use_setup_link(&self, token_hash: &str, password_hash: &str, now: i64, audit_for: impl Fn(&str) -> AuditEntry) -> Result<Option<String>, StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            let staff_id: Option<String> = sqlx::query_scalar("SELECT staff_id FROM staff_setup_links WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2")
                .bind(token_hash)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?;
            let Some(staff_id) = staff_id else {
                tx.rollback().await?;
                return Ok(None);
            };
            let used = sqlx::query("UPDATE staff_setup_links SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL").bind(now).bind(token_hash).execute(&mut *tx).await?;
            let set = sqlx::query("UPDATE staff SET password_hash = $1 WHERE id = $2 AND active = 1").bind(password_hash).bind(&staff_id).execute(&mut *tx).await?;
            if used.rows_affected() == 0 || set.rows_affected() == 0 {
                tx.rollback().await?;
                return Ok(None);
            }
            append_in(&mut tx, &audit_for(&staff_id)).await?;
            tx.commit().await?;
            Ok(Some(staff_id))
        })
        .await
    }

    /// Ends one session of an account; `false` when there was none such.
    pub async fn end_staff_session(&self, staff_id: &str, token_hash: &str, audit: &AuditEntry) -> Result<bool, StoreError> {
        self.changed_with_audit(|| sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1 AND token_hash = $2").bind(staff_id).bind(token_hash), audit).await
    }
}

/// An office with its details and how many of its cases are open.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct OfficeRow {
    pub area_code: String,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub active: i64,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub hours: Option<String>,
    pub updated_at: Option<String>,
    pub open_cases: i64,
}

/// Cases an office still handles (waiting, under way, or receiving help): what a closing
/// office must hand on. Refused, stopped and cancelled cases stay where they were decided.
const OPEN: &str = "status IN ('submitted', 'more_info', 'accepted', 'provisionally_approved', 'approved')";

/// An office with how many cases it still handles.
fn office_select() -> String {
    format!(
        "SELECT o.area_code, o.name_zh, o.name_en, o.active, o.phone, o.address, o.hours, o.updated_at, \
         (SELECT COUNT(*) FROM applications a WHERE a.office_code = o.area_code AND a.{OPEN}) AS open_cases FROM offices o"
    )
}

impl Store {
    /// The offices of the areas under `area_prefix` (significant digits), by code.
    pub async fn offices_under(&self, area_prefix: &str) -> Result<Vec<OfficeRow>, StoreError> {
        let sql = format!("{} WHERE o.area_code >= $1 AND o.area_code < $2 ORDER BY o.area_code", office_select());
        Ok(sqlx::query_as(&sql).bind(area_prefix).bind(format!("{area_prefix}:")).fetch_all(self.pool()).await?)
    }

    pub async fn office(&self, area_code: &str) -> Result<Option<OfficeRow>, StoreError> {
        let sql = format!("{} WHERE o.area_code = $1", office_select());
        Ok(sqlx::query_as(&sql).bind(area_code).fetch_optional(self.pool()).await?)
    }

    /// Saves an office's name and contact details.
    pub async fn update_office(&self, area_code: &str, name: &str, phone: &str, address: &str, hours: &str, at: &str, audit: &AuditEntry) -> Result<bool, StoreError> {
        let statement = || {
            sqlx::query("UPDATE offices SET name_zh = $1, phone = $2, address = $3, hours = $4, updated_at = $5 WHERE area_code = $6")
                .bind(name)
                .bind(phone)
                .bind(address)
                .bind(hours)
                .bind(at)
                .bind(area_code)
        };
        self.changed_with_audit(statement, audit).await
    }

    /// Opens or closes an office. Closing hands its open cases to `hand_to` (another office)
    /// with an event on each, in the same transaction; `None` when cases are open and no
    /// office takes them (nothing changes then), else how many moved.
    pub async fn set_office_open(&self, area_code: &str, open: bool, hand_to: Option<(&str, &str)>, at: &str, actor_name: &str, audit: &AuditEntry) -> Result<Option<i64>, StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            let mut moved = 0;
            if !open {
                let cases: Vec<String> = sqlx::query_scalar(&format!("SELECT id FROM applications WHERE office_code = $1 AND {OPEN}")).bind(area_code).fetch_all(&mut *tx).await?;
                match (cases.is_empty(), hand_to) {
                    (true, _) => {}
                    (false, None) => {
                        tx.rollback().await?;
                        return Ok(None);
                    }
                    (false, Some((to, to_name))) => {
                        for id in &cases {
                            sqlx::query("UPDATE applications SET office_code = $1, assigned_to = NULL WHERE id = $2").bind(to).bind(id).execute(&mut *tx).await?;
                            sqlx::query("INSERT INTO application_events (application_id, at, kind, actor, on_behalf_of, detail) VALUES ($1, $2, 'transferred', $3, NULL, $4)")
                                .bind(id)
                                .bind(at)
                                .bind(actor_name)
                                .bind(format!("{to_name} ({to})：办理窗口调整"))
                                .execute(&mut *tx)
                                .await?;
                        }
                        moved = cases.len() as i64;
                    }
                }
            }
            sqlx::query("UPDATE offices SET active = $1, updated_at = $2 WHERE area_code = $3").bind(i64::from(open)).bind(at).bind(area_code).execute(&mut *tx).await?;
            append_in(&mut tx, audit).await?;
            tx.commit().await?;
            Ok(Some(moved))
        })
        .await
    }
}
