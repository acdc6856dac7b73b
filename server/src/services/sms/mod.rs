//! Sending the outbox (#13 item 2). Every server runs one delivery worker: it claims due
//! messages under a lease (two servers never send one message twice), hands each to the
//! configured provider, and records what happened — sent with the provider's id, due again
//! after a growing pause, or failed after the configured number of tries or at once when
//! trying again cannot help.

pub mod aliyun;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use app::error::AppError;

use crate::crypto::random_token;
use crate::store::{ClaimedSms, SmsOutcome, Store};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendError {
    /// May work later (the provider's trouble, throttling, no answer).
    Transient(String),
    /// Will fail the same way again (a bad number, an unknown template).
    Permanent(String),
}

/// Something that delivers a text message; returns the provider's id for it.
pub trait SmsProvider: Send + Sync {
    fn name(&self) -> &'static str;
    fn send<'a>(&'a self, sms: &'a ClaimedSms) -> Pin<Box<dyn Future<Output = Result<String, SendError>> + Send + 'a>>;
}

/// Development and CI: the outbox table is where messages end; "sending" marks them sent.
pub struct DevOutbox;

impl SmsProvider for DevOutbox {
    fn name(&self) -> &'static str {
        "outbox"
    }

    fn send<'a>(&'a self, _sms: &'a ClaimedSms) -> Pin<Box<dyn Future<Output = Result<String, SendError>> + Send + 'a>> {
        Box::pin(async { Ok("outbox".to_string()) })
    }
}

/// How the worker goes about it (README, "Configuration").
#[derive(Clone)]
pub struct Delivery {
    pub provider: Arc<dyn SmsProvider>,
    /// Tries in all before a message is marked failed.
    pub max_attempts: i64,
    /// The pause after the first failed try; each later one doubles, up to an hour.
    pub retry_secs: i64,
    /// How long a claim holds; well above the provider's time-out.
    pub lease_secs: i64,
    /// Messages claimed at a time.
    pub batch: i64,
}

/// The longest pause between two tries.
const MAX_PAUSE_SECS: i64 = 3600;

impl Delivery {
    /// When to try again after `attempts` failed tries, or None to give up.
    pub fn next_try(&self, attempts: i64, now: i64) -> Option<i64> {
        if attempts >= self.max_attempts {
            return None;
        }
        let doublings = u32::try_from(attempts.saturating_sub(1).clamp(0, 20)).unwrap_or(20);
        Some(now + self.retry_secs.saturating_mul(1 << doublings).min(MAX_PAUSE_SECS))
    }
}

/// What one round did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
}

/// Claims what is due and sends it, once.
pub async fn deliver_due(store: &Store, delivery: &Delivery, now: i64) -> Result<Round, AppError> {
    let owner = random_token(12);
    let mut round = Round::default();
    let mut outcomes = Vec::new();
    for sms in store.claim_sms(&owner, now, delivery.lease_secs, delivery.batch).await? {
        let outcome = match delivery.provider.send(&sms).await {
            Ok(provider_ref) => {
                round.sent += 1;
                SmsOutcome::Sent { provider_ref, at: chrono::Utc::now().timestamp() }
            }
            Err(SendError::Transient(error)) => {
                let next_at = delivery.next_try(sms.attempts + 1, now);
                if next_at.is_some() { round.retried += 1 } else { round.failed += 1 }
                SmsOutcome::NotSent { error, next_at }
            }
            Err(SendError::Permanent(error)) => {
                round.failed += 1;
                SmsOutcome::NotSent { error, next_at: None }
            }
        };
        outcomes.push((sms.id, outcome));
    }
    // Recorded together when the round is done: a message sent whose outcome is lost (the
    // process ended mid-round) is sent again when its lease runs out, as before.
    store.sms_outcomes(&owner, &outcomes).await?;
    Ok(round)
}

/// How often an idle worker looks for messages: a sign-in code should leave at once.
const POLL: Duration = Duration::from_secs(1);

/// Runs the worker until the process ends.
pub fn keep_delivering(store: Store, delivery: Delivery) {
    tokio::spawn(async move {
        loop {
            match deliver_due(&store, &delivery, chrono::Utc::now().timestamp()).await {
                Ok(round) if round.sent + round.retried + round.failed > 0 => {
                    tracing::info!(provider = delivery.provider.name(), sent = round.sent, retried = round.retried, failed = round.failed, "text messages");
                    if round.sent + round.retried + round.failed >= delivery.batch as usize {
                        continue;
                    }
                }
                Ok(_) => {}
                Err(_) => tracing::warn!("text message delivery failed this round; it tries again"),
            }
            tokio::time::sleep(POLL).await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_grow_and_the_worker_gives_up() {
        let d = Delivery { provider: Arc::new(DevOutbox), max_attempts: 4, retry_secs: 30, lease_secs: 60, batch: 10 };
        assert_eq!(d.next_try(1, 1000), Some(1030));
        assert_eq!(d.next_try(2, 1000), Some(1060));
        assert_eq!(d.next_try(3, 1000), Some(1120));
        assert_eq!(d.next_try(4, 1000), None);
        let long = Delivery { max_attempts: 100, ..d };
        assert_eq!(long.next_try(60, 0), Some(MAX_PAUSE_SECS));
    }
}
