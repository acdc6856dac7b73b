//! The audit log: append-only (the database refuses changes), each entry chained to the one
//! before by SHA-256, so a changed or removed entry shows where the chain breaks.

use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::FromRow;

use super::sql::Sql;
use super::write::{retried, serialise_on};
use super::{Store, StoreError};

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditEntry {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditRow {
    pub seq: i64,
    #[sqlx(flatten)]
    pub entry: AuditEntry,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash of an entry given the one before; fields are separated by a byte none of them
/// can hold, so moving text between fields changes the hash.
pub fn chain_hash(prev_hash: &str, e: &AuditEntry) -> String {
    let mut h = Sha256::new();
    for part in [prev_hash, &e.at, &e.actor, &e.action, &e.subject, &e.detail] {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn audit_row(r: &AnyRow) -> Result<AuditRow, sqlx::Error> {
    AuditRow::from_row(r)
}

/// Appends inside the caller's transaction, which must not write anything after it: the
/// end of the chain is locked from here to the commit, so concurrent writers queue for this
/// last step only instead of reading the same last entry and failing on the unique
/// `prev_hash` (which still stands guard).
pub(crate) async fn append_in(tx: &mut sqlx::Transaction<'_, sqlx::Any>, e: &AuditEntry) -> Result<(), StoreError> {
    append_all_in(tx, std::slice::from_ref(e)).await
}

/// `append_in` for several entries, chained in the order given: the end of the chain is
/// locked and read once for all of them (a group commit's submissions).
pub(crate) async fn append_all_in(tx: &mut sqlx::Transaction<'_, sqlx::Any>, entries: &[AuditEntry]) -> Result<(), StoreError> {
    if entries.is_empty() {
        return Ok(());
    }
    serialise_on(tx, "audit-chain").await?;
    let last: Option<String> = sqlx::query_scalar("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetch_optional(&mut **tx).await?;
    let mut prev = last.unwrap_or_else(|| GENESIS.to_string());
    // One statement for all: the rows take their `seq` in the order of the list.
    let mut sql = Sql::new("INSERT INTO audit_log (at, actor, action, subject, detail, prev_hash, hash) VALUES ");
    for (i, e) in entries.iter().enumerate() {
        let hash = chain_hash(&prev, e);
        if i > 0 {
            sql.push(", ");
        }
        sql.push_tuple([e.at.clone().into(), e.actor.clone().into(), e.action.clone().into(), e.subject.clone().into(), e.detail.clone().into(), prev.into(), hash.clone().into()]);
        prev = hash;
    }
    sql.query().execute(&mut **tx).await?;
    Ok(())
}

/// Where a chain check stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainCheck {
    Intact { entries: i64 },
    BrokenAt { seq: i64 },
}

impl Store {
    pub async fn append_audit(&self, e: &AuditEntry) -> Result<(), StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            append_in(&mut tx, e).await?;
            tx.commit().await?;
            Ok(())
        })
        .await
    }

    pub async fn audit_entries_for(&self, subject: &str) -> Result<Vec<AuditRow>, StoreError> {
        let rows = sqlx::query("SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM audit_log WHERE subject = $1 ORDER BY seq")
            .bind(subject)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(audit_row).collect::<Result<_, _>>().map_err(StoreError::from)
    }

    /// Walks the whole log in order and names the first entry whose link or hash is wrong.
    pub async fn verify_audit_chain(&self) -> Result<ChainCheck, StoreError> {
        let mut prev = GENESIS.to_string();
        let mut after = 0i64;
        let mut count = 0i64;
        loop {
            let rows = sqlx::query("SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 1000")
                .bind(after)
                .fetch_all(self.pool())
                .await?;
            if rows.is_empty() {
                return Ok(ChainCheck::Intact { entries: count });
            }
            for r in &rows {
                let row = audit_row(r)?;
                if row.prev_hash != prev || row.hash != chain_hash(&row.prev_hash, &row.entry) {
                    return Ok(ChainCheck::BrokenAt { seq: row.seq });
                }
                prev = row.hash;
                after = row.seq;
                count += 1;
            }
        }
    }
}
