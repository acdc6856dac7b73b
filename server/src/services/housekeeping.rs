//! Retention: what the portal keeps only as long as it is needed, swept now and then by
//! every server (each sweep is safe beside another). The periods are configuration
//! (README, "Configuration").

use std::time::Duration;

use app::error::AppError;

use crate::files::FileStore;
use crate::store::{Store, Swept};

/// How long things are kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retention {
    /// A staff session ends after this long without use.
    pub staff_idle_secs: i64,
    /// A draft nobody changed for this long is deleted with its documents.
    pub draft_secs: i64,
    /// Texted messages (codes, notices) are kept this long in the outbox.
    pub outbox_secs: i64,
}

/// Expired sign-in codes are kept a day for support questions, then go.
const CODES_KEPT_SECS: i64 = 24 * 3600;
/// Drafts are deleted in batches of this many per sweep.
const DRAFT_BATCH: i64 = 200;
pub const SWEEP_EVERY: Duration = Duration::from_secs(3600);

pub async fn sweep(store: &Store, files: &dyn FileStore, r: Retention, now: i64) -> Result<Swept, AppError> {
    let mut swept = store.sweep_expired(now, r.staff_idle_secs, now - CODES_KEPT_SECS, now - r.outbox_secs).await?;
    let cutoff = chrono::DateTime::from_timestamp(now - r.draft_secs, 0).unwrap_or_default().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    for (id, _) in store.stale_drafts(&cutoff, DRAFT_BATCH).await? {
        let Some(keys) = store.delete_stale_draft(&id, &cutoff).await? else { continue };
        swept.drafts += 1;
        for key in keys {
            swept.documents += 1;
            if let Err(e) = files.delete(&key).await {
                tracing::warn!(error = %e, "the file of a deleted draft's document stayed behind");
            }
        }
    }
    swept.feed_rows = crate::services::monitoring::feeds::sweep_unmatched(store, now).await?;
    Ok(swept)
}

/// Sweeps once a minute after start, then every `SWEEP_EVERY`, until the process ends; each
/// time, service visits are written ahead too. Every server may run it: each write is keyed
/// (a line's day, a person's open rule visit), so two servers write a visit once.
pub fn keep_sweeping(store: Store, files: std::sync::Arc<dyn FileStore>, r: Retention, key: crate::crypto::DataKey) {
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(60)).await;
        loop {
            match sweep(&store, files.as_ref(), r, chrono::Utc::now().timestamp()).await {
                Ok(s) => tracing::info!(sessions = s.sessions, codes = s.codes, messages = s.messages, drafts = s.drafts, documents = s.documents, feed_rows = s.feed_rows, "retention sweep"),
                Err(_) => tracing::warn!("the retention sweep failed; it runs again later"),
            }
            match crate::services::service_assistance::visits::write_ahead(&store, &key).await {
                Ok((lines, people)) => tracing::info!(lines, people, "service visits written ahead"),
                Err(_) => tracing::warn!("writing service visits ahead failed; it runs again later"),
            }
            tokio::time::sleep(SWEEP_EVERY).await;
        }
    });
}
