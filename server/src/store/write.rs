//! How the store writes: every transaction that writes starts as a writer, writers that
//! must not interleave are serialised on a named lock, and one retry policy covers what a
//! database reports as "try again" — nothing else is retried.

use std::future::Future;
use std::time::Duration;

use rand::Rng;
use sqlx::{Any, Transaction};

use super::{Store, StoreError};

/// How often a transaction that failed for a transient reason is tried in all.
const ATTEMPTS: u32 = 6;

impl Store {
    /// A transaction that will write. On SQLite it starts with `BEGIN IMMEDIATE`: a deferred
    /// transaction that reads first cannot wait for the write lock in WAL mode and fails at
    /// once with "database is locked"; an immediate one waits (busy_timeout) like any writer.
    pub(crate) async fn begin_write(&self) -> Result<Transaction<'static, Any>, StoreError> {
        begin_write_on(self.pool(), self.backend()).await
    }
}

/// `Store::begin_write` for a task that holds the pool alone (the group commit's writer).
pub(crate) async fn begin_write_on(pool: &sqlx::AnyPool, backend: super::Backend) -> Result<Transaction<'static, Any>, StoreError> {
    Ok(match backend {
        super::Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await?,
        super::Backend::Postgres => pool.begin().await?,
    })
}

/// The turn at SQLite's one write lock for this server's busiest writers (the group
/// commit, the text-message worker and saving a step), taken in order in the process. Meeting inside
/// SQLite instead, the loser sleeps in its busy handler 1, 2, 5, 10… ms and can lose again
/// (the submissions' p99 at a steady pace was 65 ms and more). PostgreSQL has no such lock:
/// no turn there.
#[derive(Clone, Debug, Default)]
pub(crate) struct WriteTurn(Option<std::sync::Arc<tokio::sync::Mutex<()>>>);

impl WriteTurn {
    pub(crate) fn for_backend(backend: super::Backend) -> Self {
        WriteTurn((backend == super::Backend::Sqlite).then(Default::default))
    }

    /// Held until dropped, which the caller does after its commit or rollback.
    pub(crate) async fn take(&self) -> Option<tokio::sync::OwnedMutexGuard<()>> {
        match &self.0 {
            Some(turn) => Some(turn.clone().lock_owned().await),
            None => None,
        }
    }
}

/// SQLite: copies the write-ahead log into the database every second, beside the writers
/// (a passive checkpoint takes no write lock). Left to itself, SQLite checkpoints inside the
/// commit that fills the log past 1,000 pages, and that commit's batch of submissions
/// waits for it. Stops when the pool is closed.
pub(crate) async fn checkpoint_often(pool: sqlx::AnyPool) {
    let mut every = tokio::time::interval(Duration::from_secs(1));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    while !pool.is_closed() {
        every.tick().await;
        if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(&pool).await {
            tracing::debug!(error = %e, "a passive checkpoint did not run");
        }
    }
}

/// Holds the lock named `name` until the transaction ends, so writers that read and then
/// write on the same thing (the end of the audit chain, a rate-limit bucket, a draft's
/// documents) take turns. On SQLite every writing transaction already holds the one write
/// lock, so there is nothing more to take.
pub(crate) async fn serialise_on(tx: &mut Transaction<'_, Any>, name: &str) -> Result<(), StoreError> {
    if tx.backend_name() == "PostgreSQL" {
        sqlx::query("SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended($1, 0))").bind(name).execute(&mut **tx).await?;
    }
    Ok(())
}

/// Runs a whole transaction again when the database said to try again (busy, a
/// serialisation failure, a deadlock), with a growing, jittered pause; any other outcome is
/// returned at once. Each attempt must roll back completely when it fails.
pub(crate) async fn retried<T, F, Fut>(mut attempt: F) -> Result<T, StoreError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, StoreError>>,
{
    let mut n = 0;
    loop {
        match attempt().await {
            Err(StoreError::Busy(reason)) if n + 1 < ATTEMPTS => {
                n += 1;
                tracing::debug!(attempt = n, %reason, "transient database failure, trying again");
                let base = 5u64 << n;
                let pause = base + rand::thread_rng().gen_range(0..=base);
                tokio::time::sleep(Duration::from_millis(pause)).await;
            }
            outcome => return outcome,
        }
    }
}

/// Whether a database error means "the same transaction may succeed if run again".
pub(crate) fn is_transient(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut => true,
        sqlx::Error::Database(db) => {
            let code = db.code().unwrap_or_default();
            match code.as_ref() {
                // SQLite: BUSY, LOCKED and their extended codes (BUSY_RECOVERY, BUSY_SNAPSHOT, ...).
                c if c.parse::<i64>().is_ok_and(|n| n & 0xff == 5 || n & 0xff == 6) => true,
                // PostgreSQL: serialization_failure, deadlock_detected, lock_not_available.
                "40001" | "40P01" | "55P03" => true,
                // Two writers that still took the same place in the audit chain.
                "23505" | "2067" | "1555" => db.constraint().is_some_and(|c| c.contains("prev_hash")) || db.message().contains("audit_log.prev_hash"),
                _ => false,
            }
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[tokio::test]
    async fn only_transient_failures_are_tried_again() {
        let calls = AtomicU32::new(0);
        let out: Result<(), _> = retried(|| async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err(StoreError::Query("constraint".into()))
        })
        .await;
        assert!(matches!(out, Err(StoreError::Query(_))));
        assert_eq!(calls.load(Ordering::SeqCst), 1, "a real error is not retried");

        let calls = AtomicU32::new(0);
        let out = retried(|| async {
            if calls.fetch_add(1, Ordering::SeqCst) < 2 {
                Err(StoreError::Busy("locked".into()))
            } else {
                Ok(7)
            }
        })
        .await;
        assert_eq!(out.unwrap(), 7);
        assert_eq!(calls.load(Ordering::SeqCst), 3);

        let calls = AtomicU32::new(0);
        let out: Result<(), _> = retried(|| async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err(StoreError::Busy("locked".into()))
        })
        .await;
        assert!(matches!(out, Err(StoreError::Busy(_))));
        assert_eq!(calls.load(Ordering::SeqCst), ATTEMPTS, "gives up after a bounded number of tries");
    }
}
