//! Staff accounts: Argon2id passwords, throttled sign-in, sessions with idle and absolute
//! time-outs kept in the database.

use app::domain::request::{FieldError, Problem};
use app::domain::administration::accounts::password_problem;
use app::domain::staff::Role;
use app::domain::text::{Key, PersonName};
use app::error::AppError;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use crate::crypto::{hash, random_token};
use crate::store::{AuditEntry, RateLimit, StaffRow, Store};

/// A session ends after 30 minutes without use (by default; `staff_idle_minutes`), and 12
/// hours after sign-in in any case.
pub const IDLE_SECONDS: i64 = 30 * 60;
pub const ABSOLUTE_SECONDS: i64 = 12 * 3600;
/// Failed sign-ins allowed for one account from one address within the window: the person
/// at that keyboard waits, nobody else does.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// At most two tries in this many seconds for one account from one address, so guesses
/// slow down before the window's limit is reached.
pub const PACE_SECONDS: i64 = 30;
/// Over all addresses, an account takes this many failures in the window; then devices it
/// has not signed in from before get one try a minute for it. Slowed, never locked: its
/// owner on a known device is not held back by strangers' guesses.
pub const ACCOUNT_CEILING: i64 = 20;
/// Failures from one address over all accounts before unknown devices behind it (a whole
/// office behind one NAT address) get one try a minute.
pub const MAX_FAILURES_PER_CLIENT: i64 = 20;
pub const SLOW_LANE_SECONDS: i64 = 60;
pub const FAILURE_WINDOW_SECONDS: i64 = 15 * 60;
/// A device stays known this long after its last sign-in.
pub const KNOWN_DEVICE_SECONDS: i64 = 180 * 24 * 3600;

/// A signed-in staff member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Staff {
    pub id: String,
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub area_code: String,
    /// A provider worker's provider (none for every other role).
    pub provider_id: Option<String>,
}

fn staff_of(row: StaffRow) -> Option<Staff> {
    Some(Staff { role: Role::from_code(&row.role)?, id: row.id, username: row.username, full_name: row.full_name, area_code: row.area_code, provider_id: row.provider_id })
}

fn field(f: &str, problem: Problem) -> FieldError {
    FieldError { field: f.into(), problem }
}

pub fn hash_password(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|_| super::failure("a password could not be hashed"))
}

fn password_matches(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// Creates an account (the first administrator comes from the `create-staff` command).
pub async fn create(store: &Store, username: &str, full_name: &str, password: &str, role: Role, area_code: &str) -> Result<Staff, AppError> {
    let account = NewAccount { username, full_name, phone: "", role, area_code, provider_id: None };
    create_account(store, &account, Some(password), "system").await
}

/// A new account as an administrator (or the command line) describes it.
pub struct NewAccount<'a> {
    pub username: &'a str,
    pub full_name: &'a str,
    /// Optional: where a setup link may be texted.
    pub phone: &'a str,
    pub role: Role,
    pub area_code: &'a str,
    /// Required of a provider worker, and only of one.
    pub provider_id: Option<&'a str>,
}

/// Creates an account with `password`, or, without one, with none that works: the person
/// chooses their own through a one-time setup link. `actor` is who did it, for the audit log.
pub async fn create_account(store: &Store, a: &NewAccount<'_>, password: Option<&str>, actor: &str) -> Result<Staff, AppError> {
    let (mut errors, (username, full_name, phone)) = read_account(a, password);
    if store.area(a.area_code).await?.is_none() {
        errors.push(field("area_code", Problem::UnknownArea));
    }
    let provider = match a.provider_id.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => store.provider(p).await?,
        None => None,
    };
    // A provider worker works within their provider's area, and only they have a provider.
    match (a.role, &provider) {
        (Role::ProviderWorker, Some(p)) if p.active == 1 && a.area_code == p.area_code => {}
        (Role::ProviderWorker, _) => errors.push(field("provider", Problem::ProviderForWorkers)),
        (_, Some(_)) => errors.push(field("provider", Problem::ProviderForWorkers)),
        (_, None) => {}
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let row = StaffRow {
        id: random_token(16),
        username: username.clone(),
        full_name,
        password_hash: match password {
            Some(p) => hash_password(p)?,
            None => unusable_password()?,
        },
        role: a.role.code().to_string(),
        area_code: a.area_code.to_string(),
        active: true,
        created_at: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        phone,
        provider_id: provider.map(|p| p.id),
    };
    if !store.insert_staff(&row).await? {
        return Err(AppError::Validation(vec![field("username", Problem::UsernameTaken)]));
    }
    store
        .append_audit(&AuditEntry {
            at: row.created_at.clone(),
            actor: actor.into(),
            action: "staff.create".into(),
            subject: format!("staff:{}", row.id),
            detail: format!("{} {} {}", row.username, row.role, row.area_code),
        }).await?;
    staff_of(row).ok_or_else(|| super::failure("a new staff account's role does not parse"))
}

/// The account's own fields read: the problems, and the username, name and phone.
pub fn read_account(a: &NewAccount<'_>, password: Option<&str>) -> (Vec<FieldError>, (String, String, Option<String>)) {
    let mut errors = Vec::new();
    let username = a.username.trim().to_ascii_lowercase();
    if !(3..=32).contains(&username.len()) || !username.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b)) {
        errors.push(field("username", Problem::UsernameFormat));
    }
    let full_name = PersonName::parse(a.full_name).map(PersonName::into_string).unwrap_or_else(|| {
        errors.push(field("full_name", Problem::NameFormat));
        String::new()
    });
    let phone = match a.phone.trim() {
        "" => None,
        p => app::domain::identity::Phone::parse(p).map(|p| p.expose().to_string()).map_err(|_| errors.push(field("phone", Problem::PhoneFormat))).ok(),
    };
    if let Some(problem) = password.and_then(|p| password_problem(p, &username)) {
        errors.push(field("password", problem));
    }
    (errors, (username, full_name, phone))
}

/// The hash of a random password nobody is told: an account that has it cannot sign in until
/// its person chooses a password through a setup link.
pub fn unusable_password() -> Result<String, AppError> {
    hash_password(&random_token(32))
}

/// Checks the password and opens a session; returns the session token. See `sign_in_from`.
pub async fn sign_in(store: &Store, username: &str, password: &str, client: &str, now: i64) -> Result<String, AppError> {
    Ok(sign_in_from(store, username, password, client, None, now).await?.session)
}

/// What a successful sign-in gives the browser: the session, and the token that marks this
/// device as known to the account (kept in a long-lived cookie).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedIn {
    pub session: String,
    pub device: String,
}

/// Checks the password and opens a session. Each attempt is counted before the password is
/// checked (and taken back when it was right), so simultaneous guesses get no more checks
/// than the limits allow. Limits are per account and address (`MAX_FAILURES_PER_ACCOUNT`,
/// `PACE_SECONDS`); beyond the account's and the address's ceilings unknown devices are
/// slowed to one try a minute, known ones not at all. Unknown accounts cost the same time
/// as known ones.
pub async fn sign_in_from(store: &Store, username: &str, password: &str, client: &str, device: Option<&str>, now: i64) -> Result<SignedIn, AppError> {
    // A name that could not be a key is no account's; its guesses count under one name.
    let username = Key::parse(&username.trim().to_ascii_lowercase());
    let too_many = || AppError::Validation(vec![field("password", Problem::TooManyAttempts)]);
    let row = match &username {
        Some(u) => store.staff_by_username(u).await?,
        None => None,
    };
    let username = username.as_ref().map_or("?", Key::as_str);
    let known = match (&row, device) {
        (Some(r), Some(d)) => store.known_staff_device(&hash(&[d]), &r.id, now - KNOWN_DEVICE_SECONDS, now).await?,
        _ => false,
    };
    let since = now - FAILURE_WINDOW_SECONDS + 1;
    let pair = format!("staff-fail:{username}:{client}");
    let account = format!("staff-fail:{username}");
    let address = format!("staff-fail-client:{client}");
    let person = [RateLimit { bucket: &pair, since, max: MAX_FAILURES_PER_ACCOUNT }, RateLimit { bucket: &pair, since: now - PACE_SECONDS + 1, max: 2 }];
    let attempt = random_token(12);
    if known {
        store.take_rate_slots(&person, now, &attempt).await?.map_err(|_| too_many())?;
    } else {
        let all = [person[0], person[1], RateLimit { bucket: &account, since, max: ACCOUNT_CEILING }, RateLimit { bucket: &address, since, max: MAX_FAILURES_PER_CLIENT }];
        match store.take_rate_slots(&all, now, &attempt).await? {
            Ok(()) => {}
            Err(0 | 1) => return Err(too_many()),
            // Past a ceiling: one try a minute through the slow lane of what is full.
            Err(full) => {
                let lane = format!("staff-slow:{}", if full == 2 { &account } else { &address });
                let slow = [person[0], person[1], RateLimit { bucket: &lane, since: now - SLOW_LANE_SECONDS + 1, max: 1 }];
                store.take_rate_slots(&slow, now, &attempt).await?.map_err(|_| too_many())?;
            }
        }
    }
    let stored = match &row {
        Some(r) => r.password_hash.clone(),
        None => dummy_hash()?,
    };
    let pw = password.to_string();
    let ok = tokio::task::spawn_blocking(move || password_matches(&pw, &stored)).await.map_err(|_| super::failure("the password check task did not finish"))?;
    let Some(row) = row.filter(|r| ok && r.active) else {
        return Err(AppError::Validation(vec![field("password", Problem::SignInFailed)]));
    };
    store.release_rate_slots(&attempt).await?;
    let session = random_token(32);
    store.insert_staff_session(&hash(&[&session]), &row.id, now, now + ABSOLUTE_SECONDS).await?;
    let device = match device.filter(|_| known) {
        Some(d) => d.to_string(),
        None => {
            let d = random_token(32);
            store.insert_staff_device(&hash(&[&d]), &row.id, now).await?;
            d
        }
    };
    Ok(SignedIn { session, device })
}

/// An Argon2id hash of a random password nobody knows: verified against when the account
/// does not exist, so timing does not tell which usernames do.
fn dummy_hash() -> Result<String, AppError> {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    if let Some(h) = DUMMY.get() {
        return Ok(h.clone());
    }
    let h = hash_password(&random_token(24))?;
    Ok(DUMMY.get_or_init(|| h).clone())
}

/// The staff member of a live session, with the default idle time-out.
pub async fn session_staff(store: &Store, token: &str, now: i64) -> Result<Option<Staff>, AppError> {
    session_staff_idle(store, token, now, IDLE_SECONDS).await
}

/// The staff member of a session used within `idle` seconds and not past its absolute end.
pub async fn session_staff_idle(store: &Store, token: &str, now: i64, idle: i64) -> Result<Option<Staff>, AppError> {
    let Some(id) = store.touch_staff_session(&hash(&[token]), now, idle).await? else { return Ok(None) };
    Ok(store.staff_by_id(&id).await?.filter(|r| r.active).and_then(staff_of))
}

/// An active account by its id (an app token's worker).
pub async fn by_id(store: &Store, id: &str) -> Result<Option<Staff>, AppError> {
    Ok(store.staff_by_id(id).await?.filter(|r| r.active).and_then(staff_of))
}

pub async fn sign_out(store: &Store, token: &str) -> Result<(), AppError> {
    Ok(store.delete_staff_session(&hash(&[token])).await?)
}

/// The password of every demo account (README); demo accounts exist only with `demo_seed`.
pub const DEMO_PASSWORD: &str = "demo-password-2026";

/// The demo staff: username, name, role, area.
pub const DEMO_ACCOUNTS: [(&str, &str, Role, &str); 5] = [
    ("demo.worker", "张社工", Role::CommunityWorker, "320104001001"),
    ("demo.reviewer", "李经办", Role::Reviewer, "320104001"),
    ("demo.approver", "王审批", Role::Approver, "320104001"),
    ("demo.district", "赵科长", Role::DistrictOfficer, "320104"),
    ("demo.provider", "钱护理", Role::ProviderWorker, "320104"),
];

/// The demo provider worker's provider: the district's own team (service_catalogue.toml).
pub const DEMO_PROVIDER: &str = "demo-qh-team";

/// Demo staff for 秦虹街道 (秦淮区): a community worker of 中牌楼社区, a reviewer, an
/// approver, and a district officer. Made once; later starts leave them as they are.
pub async fn seed_demo(store: &Store) -> Result<(), AppError> {
    for (username, name, role, area) in DEMO_ACCOUNTS {
        let Some(key) = Key::parse(username) else { continue };
        if store.staff_by_username(&key).await?.is_none() {
            let provider_id = (role == Role::ProviderWorker).then_some(DEMO_PROVIDER);
            let account = NewAccount { username, full_name: name, phone: "", role, area_code: area, provider_id };
            match create_account(store, &account, Some(DEMO_PASSWORD), "system").await {
                Ok(_) | Err(AppError::Validation(_)) => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(())
}
