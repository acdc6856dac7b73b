//! Staff's second factor (#17 item 2): after the password, a code from an authenticator app
//! (TOTP, RFC 6238), enrolled at the first sign-in with a QR code and confirmed with a first
//! code, which also gives ten one-use recovery codes. A code works once (its step must be
//! later than the last one used), a stale one is refused, and tries are throttled like
//! passwords. An administrator can reset it (`administration::accounts`).

use app::domain::request::{FieldError, Problem};
use app::error::AppError;

use crate::crypto::{hash, random_token, DataKey};
use crate::services::staff::{Staff, FAILURE_WINDOW_SECONDS, MAX_FAILURES_PER_ACCOUNT};
use crate::store::{AuditEntry, RateLimit, Store};
use crate::totp;

/// What a signed-in staff member must do before the workbench opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    Open,
    /// Give a code (or a recovery code).
    Verify,
    /// Enrol an authenticator first.
    Enrol,
}

/// The name authenticator apps show beside the account.
pub const ISSUER: &str = "社会救助工作台";
pub const RECOVERY_CODES: usize = 10;

fn context(staff_id: &str) -> String {
    format!("staff_totp:{staff_id}")
}

pub async fn gate(store: &Store, staff_id: &str, session_token: &str, required: bool) -> Result<Gate, AppError> {
    if !required || store.staff_session_verified(&hash(&[session_token])).await? {
        return Ok(Gate::Open);
    }
    Ok(match store.second_factor(staff_id).await? {
        Some(f) if f.confirmed == 1 => Gate::Verify,
        _ => Gate::Enrol,
    })
}

/// An enrolment as the page shows it: the secret to type, the link and its QR code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Enrolment {
    pub secret: String,
    pub uri: String,
    pub qr_svg: String,
}

fn secret_of(key: &DataKey, staff_id: &str, sealed: &str) -> Result<Vec<u8>, AppError> {
    let text = key.open(sealed, &context(staff_id)).map_err(|_| crate::services::failure("a TOTP secret did not open with the configured key"))?;
    totp::from_base32(&text).ok_or_else(|| crate::services::failure("a TOTP secret is not Base32"))
}

/// The enrolment under way, or a new one; "not found" once enrolled (the person verifies).
pub async fn enrolment(store: &Store, key: &DataKey, staff: &Staff) -> Result<Enrolment, AppError> {
    let secret = match store.second_factor(&staff.id).await? {
        Some(f) if f.confirmed == 1 => return Err(AppError::NotFound),
        Some(f) => secret_of(key, &staff.id, &f.secret_sealed)?,
        None => {
            let secret = totp::new_secret();
            store.start_second_factor(&staff.id, &key.seal(&totp::base32(&secret), &context(&staff.id)), chrono::Utc::now().timestamp()).await?;
            secret
        }
    };
    let uri = totp::otpauth_uri(ISSUER, &staff.username, &secret);
    Ok(Enrolment { secret: totp::base32(&secret), qr_svg: totp::qr_svg(&uri), uri })
}

/// Ten characters people copy by hand without mistaking one for another (no 0/o, 1/l/i),
/// nothing that typing them back strips (spaces, hyphens).
fn recovery_code() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rngs::OsRng;
    (0..10).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect()
}

fn wrong() -> AppError {
    AppError::Validation(vec![FieldError { field: "code".into(), problem: Problem::SecondFactorWrong }])
}

/// Counts a try before it is checked; a right one is taken back (as with passwords).
async fn throttled(store: &Store, staff_id: &str, now: i64) -> Result<String, AppError> {
    let bucket = format!("staff-totp:{staff_id}");
    let attempt = random_token(12);
    let limit = [RateLimit { bucket: &bucket, since: now - FAILURE_WINDOW_SECONDS + 1, max: MAX_FAILURES_PER_ACCOUNT }];
    store.take_rate_slots(&limit, now, &attempt).await?.map_err(|_| AppError::Validation(vec![FieldError { field: "code".into(), problem: Problem::TooManyAttempts }]))?;
    Ok(attempt)
}

fn entry(staff: &Staff, action: &str) -> AuditEntry {
    AuditEntry { at: crate::services::now_text(), actor: format!("staff:{}", staff.id), action: action.into(), subject: format!("staff:{}", staff.id), detail: String::new() }
}

/// Confirms the enrolment with a first code: the session is verified, and the recovery codes
/// (shown this once) are returned.
pub async fn confirm(store: &Store, key: &DataKey, staff: &Staff, session_token: &str, code: &str, now: i64) -> Result<Vec<String>, AppError> {
    let attempt = throttled(store, &staff.id, now).await?;
    let f = store.second_factor(&staff.id).await?.filter(|f| f.confirmed == 0).ok_or(AppError::NotFound)?;
    let step = totp::matching_step(&secret_of(key, &staff.id, &f.secret_sealed)?, code, now).ok_or_else(wrong)?;
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| recovery_code()).collect();
    let hashes: Vec<String> = codes.iter().map(|c| hash(&["recovery", &staff.id, c])).collect();
    if !store.confirm_second_factor(&staff.id, step, &hashes, &hash(&[session_token]), &entry(staff, "staff.second_factor_enrolled")).await? {
        return Err(AppError::Conflict);
    }
    store.release_rate_slots(&attempt).await?;
    Ok(codes)
}

/// Verifies the session with a code from the app, or with a recovery code (each once).
pub async fn verify(store: &Store, key: &DataKey, staff: &Staff, session_token: &str, code: &str, now: i64) -> Result<(), AppError> {
    let attempt = throttled(store, &staff.id, now).await?;
    let f = store.second_factor(&staff.id).await?.filter(|f| f.confirmed == 1).ok_or(AppError::NotFound)?;
    let session = hash(&[session_token]);
    let typed: String = code.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_ascii_lowercase();
    let ok = if typed.len() == 6 && typed.bytes().all(|b| b.is_ascii_digit()) {
        match totp::matching_step(&secret_of(key, &staff.id, &f.secret_sealed)?, &typed, now) {
            Some(step) => store.use_second_factor_step(&staff.id, step, &session).await?,
            None => false,
        }
    } else {
        store.use_recovery_code(&staff.id, &hash(&["recovery", &staff.id, &typed]), now, &session, &entry(staff, "staff.recovery_code_used")).await?
    };
    if !ok {
        return Err(wrong());
    }
    store.release_rate_slots(&attempt).await?;
    Ok(())
}
