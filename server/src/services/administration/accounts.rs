//! Staff accounts managed in the workbench (#17 item 1): an administrator creates accounts
//! within their area, changes role or area, deactivates them (sessions end at once), resets
//! a password (a one-time setup link, shown once; the person chooses the new password) and
//! ends sessions. Every step is in the audit log.

use app::domain::administration::accounts::{may_give, may_manage, password_problem};
use app::domain::identity::Phone;
use app::domain::request::{FieldError, Problem};
use app::domain::staff::{allows, Action, Role};
use app::domain::text::Key;
use app::error::AppError;
use app::i18n::Lang;
use app::page_data::administration::{AccountData, AccountForm, AccountLine, AccountsData, SessionLine, SetupData};

use crate::crypto::{hash, random_token};
use crate::services::staff::{self, NewAccount, Staff, ABSOLUTE_SECONDS};
use crate::store::{AuditEntry, Store};

/// A setup link works this long (and once).
pub const SETUP_LINK_HOURS: i64 = 72;

fn admin(staff: &Staff) -> Result<(), AppError> {
    if allows(staff.role, Action::ManageStaff) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

fn invalid(field: &str, problem: Problem) -> AppError {
    AppError::Validation(vec![FieldError { field: field.into(), problem }])
}

fn entry(admin: &Staff, action: &str, subject: &str, detail: String) -> AuditEntry {
    AuditEntry { at: crate::services::now_text(), actor: format!("staff:{}", admin.id), action: action.into(), subject: format!("staff:{subject}"), detail }
}

fn roles(lang: Lang) -> Vec<(String, String)> {
    Role::ALL.iter().map(|r| (r.code().to_string(), lang.t(r.label()).to_string())).collect()
}

fn role_name(code: &str, lang: Lang) -> String {
    Role::from_code(code).map(|r| lang.t(r.label()).to_string()).unwrap_or_else(|| code.to_string())
}

async fn area_name(store: &Store, code: &str, lang: Lang) -> Result<String, AppError> {
    let name = store.area(code).await?.map(|a| match lang {
        Lang::En => a.name_en.unwrap_or(a.name_zh),
        Lang::ZhCn => a.name_zh,
    });
    Ok(name.map(|n| format!("{n} ({code})")).unwrap_or_else(|| code.to_string()))
}

/// The accounts of the administrator's area and below.
pub async fn list(store: &Store, admin_staff: &Staff, lang: Lang) -> Result<AccountsData, AppError> {
    admin(admin_staff)?;
    let now = chrono::Utc::now().timestamp();
    let mut accounts = Vec::new();
    let area = app::domain::area::AreaCode::parse(&admin_staff.area_code).map_err(|_| AppError::Forbidden)?;
    for a in store.accounts_under(area.prefix(), now).await? {
        accounts.push(AccountLine {
            area: area_name(store, &a.area_code, lang).await?,
            role: role_name(&a.role, lang),
            id: a.id,
            username: a.username,
            full_name: a.full_name,
            active: a.active != 0,
            sessions: a.sessions,
        });
    }
    let providers = store.providers_under(area.prefix()).await?.into_iter().filter(|p| p.active == 1).map(|p| (p.id, p.name)).collect();
    Ok(AccountsData { accounts, roles: roles(lang), providers, form: AccountForm { role: Role::Reviewer.code().into(), ..AccountForm::default() }, errors: Vec::new(), link: None })
}

/// A role and an area the administrator may give.
async fn role_and_area(store: &Store, admin_staff: &Staff, role: &str, area: &str, errors: &mut Vec<FieldError>) -> Result<Option<Role>, AppError> {
    let role = Role::from_code(role.trim());
    if role.is_none() {
        errors.push(FieldError { field: "role".into(), problem: Problem::Required });
    }
    let area = area.trim();
    if store.area(area).await?.is_none() {
        errors.push(FieldError { field: "area_code".into(), problem: Problem::UnknownArea });
    } else if role.is_some_and(|r| !may_give(&admin_staff.area_code, r, area)) {
        errors.push(FieldError { field: "area_code".into(), problem: Problem::AreaNotYours });
    }
    Ok(role)
}

/// Makes an account with no working password, and its one-time setup link: (the new
/// account's id, the link's token, shown once).
pub async fn create(store: &Store, admin_staff: &Staff, form: &AccountForm) -> Result<(String, String), AppError> {
    admin(admin_staff)?;
    let mut errors = Vec::new();
    let role = role_and_area(store, admin_staff, &form.role, &form.area_code, &mut errors).await?;
    let provider_id = Some(form.provider.trim()).filter(|p| !p.is_empty());
    let account = NewAccount { username: &form.username, full_name: &form.full_name, phone: &form.phone, role: role.unwrap_or(Role::Reviewer), area_code: form.area_code.trim(), provider_id };
    // The account's own fields too, so every problem is named at once.
    errors.extend(staff::read_account(&account, None).0);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let created = staff::create_account(store, &account, None, &format!("staff:{}", admin_staff.id)).await?;
    let token = issue_link(store, admin_staff, &created.id, None).await?;
    Ok((created.id, token))
}

async fn issue_link(store: &Store, admin_staff: &Staff, staff_id: &str, reset_to: Option<&str>) -> Result<String, AppError> {
    let token = random_token(32);
    let now = chrono::Utc::now().timestamp();
    let action = if reset_to.is_some() { "staff.reset_password" } else { "staff.setup_link" };
    let audit = entry(admin_staff, action, staff_id, String::new());
    store.issue_setup_link(staff_id, &hash(&[&token]), &admin_staff.id, now, now + SETUP_LINK_HOURS * 3600, reset_to, &audit).await?;
    Ok(token)
}

/// One account of the administrator's area; any other is "not found".
async fn account_in_area(store: &Store, admin_staff: &Staff, id: &Key) -> Result<crate::store::StaffRow, AppError> {
    admin(admin_staff)?;
    store.staff_by_id(id.as_str()).await?.filter(|s| may_manage(&admin_staff.area_code, &s.area_code)).ok_or(AppError::NotFound)
}

/// An account's page: who, what role where, and its sessions.
pub async fn account(store: &Store, admin_staff: &Staff, id: &Key, lang: Lang) -> Result<AccountData, AppError> {
    let s = account_in_area(store, admin_staff, id).await?;
    let now = chrono::Utc::now().timestamp();
    let at = |secs: i64| chrono::DateTime::from_timestamp(secs, 0).map(|t| lang.local_time(&t.format("%Y-%m-%dT%H:%M:%SZ").to_string())).unwrap_or_default();
    let sessions = store.staff_sessions_of(&s.id, now).await?.into_iter().map(|x| SessionLine { id: x.token_hash, started: at(x.created_at), seen: at(x.last_seen) }).collect();
    Ok(AccountData {
        id: s.id.clone(),
        username: s.username.clone(),
        full_name: s.full_name.clone(),
        role: role_name(&s.role, lang),
        area: area_name(store, &s.area_code, lang).await?,
        active: s.active,
        phone: s.phone.as_deref().and_then(|p| Phone::parse(p).ok()).map(|p| p.masked()),
        roles: roles(lang),
        form: AccountForm { role: s.role.clone(), area_code: s.area_code.clone(), ..AccountForm::default() },
        sessions,
        own: s.id == admin_staff.id,
        errors: Vec::new(),
        done: None,
        link: None,
    })
}

/// Changes an account's role and area (within the administrator's area); its sessions end.
pub async fn change(store: &Store, admin_staff: &Staff, id: &Key, role: &str, area: &str) -> Result<(), AppError> {
    let s = account_in_area(store, admin_staff, id).await?;
    if s.id == admin_staff.id {
        return Err(invalid("role", Problem::NotYourself));
    }
    let mut errors = Vec::new();
    let role = role_and_area(store, admin_staff, role, area, &mut errors).await?;
    // A provider worker's account belongs to their provider: made as one, never turned into
    // or out of one (a new account is made instead).
    if role.is_some_and(|r| (r == Role::ProviderWorker) != (s.role == Role::ProviderWorker.code())) || (s.role == Role::ProviderWorker.code() && area.trim() != s.area_code) {
        errors.push(FieldError { field: "role".into(), problem: Problem::ProviderForWorkers });
    }
    let Some(role) = role.filter(|_| errors.is_empty()) else { return Err(AppError::Validation(errors)) };
    let audit = entry(admin_staff, "staff.change", &s.id, format!("{} {} -> {} {}", s.role, s.area_code, role.code(), area.trim()));
    if !store.change_staff(&s.id, role.code(), area.trim(), &audit).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Deactivates (sessions end at once) or reactivates an account; never the administrator's own.
pub async fn set_active(store: &Store, admin_staff: &Staff, id: &Key, active: bool) -> Result<(), AppError> {
    let s = account_in_area(store, admin_staff, id).await?;
    if s.id == admin_staff.id {
        return Err(invalid("active", Problem::NotYourself));
    }
    let action = if active { "staff.reactivate" } else { "staff.deactivate" };
    if !store.set_staff_active(&s.id, active, &entry(admin_staff, action, &s.id, s.username.clone())).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Resets a password: the old one stops working, sessions end, and a new setup link (its
/// token returned, to show once) lets the person choose a new one.
pub async fn reset_password(store: &Store, admin_staff: &Staff, id: &Key) -> Result<String, AppError> {
    let s = account_in_area(store, admin_staff, id).await?;
    if !s.active {
        return Err(invalid("active", Problem::Required));
    }
    let unusable = staff::unusable_password()?;
    issue_link(store, admin_staff, &s.id, Some(&unusable)).await
}

/// Resets an account's second factor (a lost phone): its sessions end, and the person
/// enrols an authenticator again at the next sign-in.
pub async fn reset_second_factor(store: &Store, admin_staff: &Staff, id: &Key) -> Result<(), AppError> {
    let s = account_in_area(store, admin_staff, id).await?;
    store.reset_second_factor(&s.id, &entry(admin_staff, "staff.reset_second_factor", &s.id, String::new())).await?;
    Ok(())
}

/// Ends one session of an account.
pub async fn end_session(store: &Store, admin_staff: &Staff, id: &Key, session: &Key) -> Result<(), AppError> {
    let s = account_in_area(store, admin_staff, id).await?;
    let audit = entry(admin_staff, "staff.end_session", &s.id, session.as_str().chars().take(12).collect());
    if !store.end_staff_session(&s.id, session.as_str(), &audit).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// What a setup link's page shows: whose account, if the link still works.
pub async fn setup_page(store: &Store, token: &Key) -> Result<SetupData, AppError> {
    let now = chrono::Utc::now().timestamp();
    let Some(id) = store.setup_link_staff(&hash(&[token.as_str()]), now).await? else { return Ok(SetupData::default()) };
    let s = store.staff_by_id(&id).await?.ok_or(AppError::NotFound)?;
    Ok(SetupData { valid: true, username: s.username, full_name: s.full_name, errors: Vec::new() })
}

/// Sets the password a setup link was made for, once, and signs the person in.
pub async fn complete_setup(store: &Store, token: &Key, password: &str, confirm: &str) -> Result<staff::SignedIn, AppError> {
    let now = chrono::Utc::now().timestamp();
    let token_hash = hash(&[token.as_str()]);
    let id = store.setup_link_staff(&token_hash, now).await?.ok_or(AppError::NotFound)?;
    let s = store.staff_by_id(&id).await?.ok_or(AppError::NotFound)?;
    if let Some(problem) = password_problem(password, &s.username) {
        return Err(invalid("password", problem));
    }
    if password != confirm {
        return Err(invalid("confirm", Problem::PasswordsDiffer));
    }
    let password_hash = staff::hash_password(password)?;
    let audit_for = |staff_id: &str| AuditEntry { at: crate::services::now_text(), actor: format!("staff:{staff_id}"), action: "staff.set_password".into(), subject: format!("staff:{staff_id}"), detail: String::new() };
    let id = store.use_setup_link(&token_hash, &password_hash, now, audit_for).await?.ok_or(AppError::NotFound)?;
    let session = random_token(32);
    store.insert_staff_session(&hash(&[&session]), &id, now, now + ABSOLUTE_SECONDS).await?;
    let device = random_token(32);
    store.insert_staff_device(&hash(&[&device]), &id, now).await?;
    Ok(staff::SignedIn { session, device })
}
