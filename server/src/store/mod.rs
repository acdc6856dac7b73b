//! Persistence. One `Store` serves both backends through sqlx's `Any` driver: the SQL is
//! written once in the dialect SQLite and PostgreSQL share (`$1` parameters, `ON CONFLICT`),
//! and each backend has its own migrations in `migrations/{sqlite,postgres}`. The backend is
//! chosen by the database URL. Nothing above this module sees SQL or database errors.

mod administration;
mod api;
mod applications;
mod audit;
mod casework;
mod district;
mod funnel;
mod group_commit;
mod areas;
mod held;
mod housekeeping;
mod identities;
mod letters;
mod monitoring;
mod monitoring_reviews;
mod notifications;
mod parameters;
mod personal_data;
mod pledges;
mod second_factor;
mod service_assistance;
mod service_plans;
mod service_referrals;
mod service_visits;
mod seed;
mod sign_in;
mod sms;
mod sql;
mod staff;
mod url;
mod write;

use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Connection, Executor};

pub use administration::{AccountRow, Approval, OfficeRow, ParameterHistoryRow, ProposalRow, ProposalView, StaffSessionRow};
pub use api::{IdempotencyClaim, KeptResponse};
pub use applications::{ApplicationRow, DocumentRow, DraftRow, EventRow, InfoRequestRow, SubmissionBasis, Submitted};
pub use areas::AreaRow;
pub use district::{MonthFigures, OfficeFigures, RongqueFigures};
pub use casework::{CaseChange, CaseRow, CreditRow, InKindRow, PaymentRow, QueueFilter, QueueRow};
pub use audit::{chain_hash, AuditEntry, AuditRow, ChainCheck, GENESIS};
pub use staff::StaffRow;
pub use housekeeping::Swept;
pub use identities::IdentityRow;
pub use monitoring::{BatchOutcome, BatchRow, BatchWrite, ChainLine, FeedClientRow, FeedRowWrite, MatchedPerson, RegisterRow, WarningFigures, WarningFilter, WarningClose, WarningRow, WarningWrite};
pub use monitoring_reviews::{ReviewCandidate, ReviewRow};
pub use notifications::NotificationRow;
pub use pledges::{PledgeTextRow, SignedPledgeRow};
pub use second_factor::SecondFactorRow;
pub use service_assistance::{AssessmentRow, ItemRow, ProviderRow};
pub use service_referrals::{ReferralMove, ReferralRow, ReferralWrite, RepairPhotoRow};
pub use service_plans::{AgreementWrite, LineRow, LineView, PlanRow};
pub use service_visits::{LevelMonth, LineToExtend, ProviderMonth, RecordWrite, Recorded, RuleCandidate, VisitPhotoRow, VisitRow, VisitWrite};
pub use seed::SeedReport;
pub use sign_in::{ChallengeRow, RateLimit};
pub use sms::{ClaimedSms, OutgoingSms, SmsDelivery, SmsOutcome};
pub use url::DatabaseUrl;
use url::one_line;

/// Every application under a division code, as a range on the indexed code column: all
/// codes starting "320104" sort between "320104" and "320104:" (':' follows the digits).
/// Takes `$1` and `$2`, bound by `bind_area`.
pub(crate) const UNDER_AREA: &str = "area_code >= $1 AND area_code < $2";

pub(crate) fn bind_area<'q>(query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>, prefix: &str) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    query.bind(prefix.to_string()).bind(format!("{prefix}:"))
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Store failures. `Display` is for operators' logs and start-up lines, never for users.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the folder {folder} for the SQLite database: {reason}")]
    SqliteFolder { folder: String, reason: String },
    #[error("cannot open the SQLite database {path} for writing: {reason}")]
    SqliteOpen { path: String, reason: String },
    #[error("cannot reach the database at {url}: {reason}")]
    Unreachable { url: String, reason: String },
    #[error("cannot bring the database schema up to date: {0}")]
    Migration(String),
    #[error("database error: {0}")]
    Query(String),
    /// The database asked for the transaction to be tried again (busy, serialisation, deadlock).
    #[error("database busy: {0}")]
    Busy(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if write::is_transient(&e) {
            return StoreError::Busy(one_line(&e.to_string()));
        }
        StoreError::Query(one_line(&e.to_string()))
    }
}

/// A PostgreSQL connection idle this long is pinged before it is used again.
const PING_AFTER_IDLE: Duration = Duration::from_secs(1);

#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    submissions: group_commit::SubmissionQueue,
    areas: std::sync::Arc<areas::HeldAreas>,
    parameters: std::sync::Arc<parameters::HeldParameters>,
    write_turn: write::WriteTurn,
}

impl Store {
    /// Connects, creating the SQLite file (and its folder) when needed. Fails fast with a
    /// one-line reason when the database cannot be reached.
    pub async fn connect(url: &DatabaseUrl) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = match url {
            DatabaseUrl::Sqlite { path } => {
                prepare_sqlite_file(path)?;
                Backend::Sqlite
            }
            DatabaseUrl::Postgres { .. } => Backend::Postgres,
        };
        let options: AnyConnectOptions = url
            .connect_url()
            .parse()
            .map_err(|e: sqlx::Error| StoreError::Unreachable { url: url.redacted(), reason: one_line(&e.to_string()) })?;
        // One direct connection first: a pool only reports "timed out", this reports why.
        if backend == Backend::Postgres {
            let probe = sqlx::AnyConnection::connect_with(&options)
                .await
                .map_err(|e| StoreError::Unreachable { url: url.redacted(), reason: unreachable_reason(&e) })?;
            let _ = probe.close().await;
        }
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
            .acquire_timeout(Duration::from_secs(5))
            // sqlx would ping a connection each time it leaves the pool: a round trip before
            // every statement (on SQLite to the connection's worker thread, two thread
            // switches; about half of a submission's). A SQLite connection is a file in this
            // process and cannot be hung up on: never pinged. A PostgreSQL connection can be
            // cut by a restart or a proxy: pinged when it has been idle a while, as
            // connection pools commonly do, since one in use a moment ago was alive then.
            .test_before_acquire(false)
            .before_acquire(move |conn, meta| {
                Box::pin(async move {
                    if backend == Backend::Postgres && meta.idle_for >= PING_AFTER_IDLE {
                        conn.ping().await?;
                    }
                    Ok(true)
                })
            })
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers run beside the writer; waits instead of failing on a busy file.
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA busy_timeout = 5000").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(|e| match (&backend, url) {
                (Backend::Sqlite, DatabaseUrl::Sqlite { path }) => StoreError::SqliteOpen {
                    path: path.display().to_string(),
                    reason: one_line(&e.to_string()),
                },
                _ => StoreError::Unreachable { url: url.redacted(), reason: unreachable_reason(&e) },
            })?;
        let write_turn = write::WriteTurn::for_backend(backend);
        let submissions = group_commit::SubmissionQueue::start(pool.clone(), backend, write_turn.clone());
        if backend == Backend::Sqlite {
            tokio::spawn(write::checkpoint_often(pool.clone()));
        }
        Ok(Store { pool, backend, submissions, areas: Arc::new(areas::held_areas()), parameters: Arc::new(parameters::held_parameters()), write_turn })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Applies the backend's pending migrations; safe to run on every start.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&self.pool).await.map_err(|e| StoreError::Migration(one_line(&e.to_string())))
    }

    /// The database's own consistency check: "ok", or what SQLite found wrong. PostgreSQL
    /// has no such whole-database check to run online; it answers "ok" when it answers.
    pub async fn integrity_check(&self) -> Result<String, StoreError> {
        use sqlx::Row;
        if self.backend == Backend::Postgres {
            self.ping().await?;
            return Ok("ok".into());
        }
        let rows = sqlx::query("PRAGMA integrity_check").fetch_all(&self.pool).await?;
        let found: Vec<String> = rows.iter().filter_map(|r| r.try_get::<String, _>(0).ok()).collect();
        Ok(found.join("; "))
    }

    /// A consistent copy of the whole SQLite database in a new file, taken while servers keep
    /// running (`VACUUM INTO` reads one snapshot). PostgreSQL is backed up with its own
    /// tools (README), so this refuses there.
    pub async fn backup_to(&self, target: &std::path::Path) -> Result<(), StoreError> {
        if self.backend == Backend::Postgres {
            return Err(StoreError::Query("PostgreSQL is backed up with pg_dump (see README)".into()));
        }
        sqlx::query("VACUUM INTO $1").bind(target.display().to_string()).execute(&self.pool).await?;
        Ok(())
    }

    /// Readiness: the database answers a trivial query.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }
}

fn prepare_sqlite_file(path: &std::path::Path) -> Result<(), StoreError> {
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(|e| StoreError::SqliteFolder {
            folder: folder.display().to_string(),
            reason: e.to_string(),
        })?;
    }
    // Opening for append proves the file can be created and written before sqlx tries.
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map(|_| ())
        .map_err(|e| StoreError::SqliteOpen { path: path.display().to_string(), reason: e.to_string() })
}

fn unreachable_reason(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Io(io) => io.to_string(),
        sqlx::Error::PoolTimedOut => "no answer within 5 seconds".into(),
        other => one_line(&other.to_string()),
    }
}
