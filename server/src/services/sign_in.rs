//! Citizen sign-in by mobile number and a one-time code. Every limit lives in the database,
//! so any number of servers enforce the same counts.

use std::future::Future;
use std::pin::Pin;

use app::domain::identity::Phone;
use app::domain::request::{FieldError, Problem};
use app::error::AppError;
use app::i18n::Lang;
use rand::Rng;

use crate::crypto::{hash, random_token};
use crate::store::{ChallengeRow, RateLimit, Store, StoreError};

/// How codes reach people. Production sends an SMS; development writes to the outbox table.
pub trait Notifier: Send + Sync {
    /// `lang`: the language of the page or app the person asked from.
    fn send_code<'a>(&'a self, phone: &'a Phone, code: &'a str, purpose: CodePurpose, lang: Lang, at: i64) -> Pin<Box<dyn Future<Output = Result<(), StoreError>> + Send + 'a>>;
}

/// The provider template of the sign-in code (a notice's template is its code).
pub const SIGN_IN_TEMPLATE: &str = "sign_in_code";
/// The provider template of the code a person reads out to agree to a plan or confirm a visit.
pub const SERVICE_CODE_TEMPLATE: &str = "service_confirm_code";

/// What a texted code is for: signing in, or a person confirming a service at the door
/// (the same limits, another message, so nobody reads out a sign-in code).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodePurpose {
    SignIn,
    ServiceConfirm,
}

impl CodePurpose {
    const fn template(self) -> &'static str {
        match self {
            CodePurpose::SignIn => SIGN_IN_TEMPLATE,
            CodePurpose::ServiceConfirm => SERVICE_CODE_TEMPLATE,
        }
    }

    const fn body(self) -> app::i18n::Msg {
        match self {
            CodePurpose::SignIn => app::i18n::Msg::SmsSignInCode,
            CodePurpose::ServiceConfirm => app::i18n::Msg::SmsServiceCode,
        }
    }
}

/// Puts each message in `sms_outbox`, from where the delivery worker sends it (and where
/// development, CI and tests read it).
pub struct OutboxNotifier(pub Store);

impl Notifier for OutboxNotifier {
    fn send_code<'a>(&'a self, phone: &'a Phone, code: &'a str, purpose: CodePurpose, lang: Lang, at: i64) -> Pin<Box<dyn Future<Output = Result<(), StoreError>> + Send + 'a>> {
        Box::pin(async move {
            let body = app::i18n::fill(lang.t(purpose.body()), &[("code", code.to_string())]);
            let sms = crate::store::OutgoingSms {
                id: random_token(12),
                phone: phone.expose().to_string(),
                kind: "code",
                template: purpose.template().to_string(),
                params: super::notifications::template_params(&[("code", code.to_string())]),
                lang: lang.code().to_string(),
                body,
                created_at: at,
                expires_at: Some(at + LIMITS.code_ttl_secs),
            };
            self.0.queue_sms(&sms).await
        })
    }
}

/// The limits of DEVELOPERS' issue 4: codes of 6 digits, valid 10 minutes, 5 tries.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub code_ttl_secs: i64,
    pub max_attempts: i64,
    pub resend_after_secs: i64,
    pub codes_per_phone_per_hour: i64,
    /// The default of `Config::codes_per_address_per_hour`: high, because a community office
    /// (or a carrier's shared address) sends many people's requests from one address.
    pub codes_per_client_per_hour: i64,
    pub session_secs: i64,
}

pub const LIMITS: Limits = Limits {
    code_ttl_secs: 600,
    max_attempts: 5,
    resend_after_secs: 60,
    codes_per_phone_per_hour: 5,
    codes_per_client_per_hour: 300,
    session_secs: 7 * 24 * 3600,
};

fn field(field: &str, problem: Problem) -> AppError {
    AppError::Validation(vec![FieldError { field: field.into(), problem }])
}

/// Who asks for a code. The limits per phone number hold for everyone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Asker<'a> {
    /// Someone at this client address, which may ask this many times an hour.
    Address { address: &'a str, per_hour: i64 },
    /// A signed-in staff member helping a resident apply at the office: their address is
    /// not counted, so one office can help a queue of people.
    Staff,
}

/// Sends a code to `phone` from a client address with the default hourly allowance.
pub async fn request_code(store: &Store, notifier: &dyn Notifier, phone: &Phone, client: &str, now: i64) -> Result<String, AppError> {
    request_code_for(store, notifier, phone, Asker::Address { address: client, per_hour: LIMITS.codes_per_client_per_hour }, CodePurpose::SignIn, Lang::ZhCn, now).await
}

/// Sends a code to `phone` unless a limit says no; returns the challenge id.
pub async fn request_code_for(store: &Store, notifier: &dyn Notifier, phone: &Phone, asker: Asker<'_>, purpose: CodePurpose, lang: Lang, now: i64) -> Result<String, AppError> {
    let l = LIMITS;
    // A code to confirm a service is asked by the worker at the door, not by whoever holds
    // the phone: its limits are counted apart, so it never blocks the person's sign-in.
    let phone_bucket = match purpose {
        CodePurpose::SignIn => format!("code:phone:{}", phone.expose()),
        CodePurpose::ServiceConfirm => format!("service-code:phone:{}", phone.expose()),
    };
    let client = match asker {
        Asker::Address { address, per_hour } => Some((format!("code:client:{address}"), per_hour)),
        Asker::Staff => None,
    };
    let mut limits = vec![
        RateLimit { bucket: &phone_bucket, since: now - l.resend_after_secs + 1, max: 1 },
        RateLimit { bucket: &phone_bucket, since: now - 3600 + 1, max: l.codes_per_phone_per_hour },
    ];
    if let Some((bucket, per_hour)) = &client {
        limits.push(RateLimit { bucket, since: now - 3600 + 1, max: *per_hour });
    }
    match store.take_rate_slots(&limits, now, &random_token(12)).await? {
        Ok(()) => {}
        Err(0) => {
            let last = store.latest_rate_event(&phone_bucket).await?.unwrap_or(now);
            return Err(field("phone", Problem::TooSoon { seconds: (last + l.resend_after_secs - now).max(1) }));
        }
        Err(_) => return Err(field("phone", Problem::TooManyCodes)),
    }
    let code = format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000));
    let id = random_token(18);
    store
        .insert_challenge(&ChallengeRow {
            id: id.clone(),
            phone: phone.expose().to_string(),
            code_hash: hash(&[&id, &code]),
            created_at: now,
            expires_at: now + l.code_ttl_secs,
            attempts: 0,
            used_at: None,
        }).await?;
    notifier.send_code(phone, &code, purpose, lang, now).await?;
    if now % 50 == 0 {
        let _ = store.prune_rate_events(now - 2 * 3600).await;
    }
    Ok(id)
}

/// Checks a code; on success returns the citizen's id (created on first sign-in).
pub async fn verify_code(store: &Store, challenge_id: &str, code: &str, now: i64) -> Result<String, AppError> {
    let phone = check_code(store, challenge_id, code, now).await?;
    Ok(store.citizen_for_phone(&random_token(12), &phone, now).await?)
}

/// Checks a code against its challenge and uses it up: the phone it was sent to. Wrong
/// codes count against the challenge's tries; an expired or used one is refused.
pub async fn check_code(store: &Store, challenge_id: &str, code: &str, now: i64) -> Result<String, AppError> {
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(field("code", Problem::CodeFormat));
    }
    let Some(c) = store.challenge(challenge_id).await? else {
        return Err(field("code", Problem::CodeExpired));
    };
    if c.used_at.is_some() || now >= c.expires_at || !store.take_attempt(&c.id, LIMITS.max_attempts).await? {
        return Err(field("code", Problem::CodeExpired));
    }
    if hash(&[&c.id, code]) != c.code_hash {
        let left = LIMITS.max_attempts - c.attempts - 1;
        return Err(field("code", if left > 0 { Problem::CodeWrong { attempts_left: left } } else { Problem::CodeExpired }));
    }
    if !store.use_challenge(&c.id, now).await? {
        return Err(field("code", Problem::CodeExpired));
    }
    Ok(c.phone)
}

/// What the database keeps of a session token: its hash, never the token.
pub(crate) fn token_hash(token: &str) -> String {
    hash(&[token])
}

/// A new session for `citizen`; the token goes in the cookie, its hash in the database.
/// `previous` (the token the browser held before) is ended: sessions rotate at sign-in.
pub async fn start_session(store: &Store, citizen: &str, previous: Option<&str>, now: i64) -> Result<String, AppError> {
    if let Some(old) = previous {
        store.delete_session(&token_hash(old)).await?;
    }
    let token = random_token(32);
    store.insert_session(&token_hash(&token), citizen, now, now + LIMITS.session_secs).await?;
    Ok(token)
}

pub async fn session_citizen(store: &Store, token: &str, now: i64) -> Result<Option<String>, AppError> {
    Ok(store.session_citizen(&token_hash(token), now).await?)
}

pub async fn end_session(store: &Store, token: &str) -> Result<(), AppError> {
    Ok(store.delete_session(&token_hash(token)).await?)
}
