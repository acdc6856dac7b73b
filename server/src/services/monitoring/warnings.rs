//! 预警处置: the queue of an office's warnings, one warning, taking it, and closing it with
//! what was done — an invitation to apply, a case registered through the proactive-case
//! flow, a needs assessment, an adjustment, a referral, or nothing needed — always with a note.

use app::domain::application::steps::APPLY_PROGRAMMES;
use app::domain::case::CaseStatus;
use app::domain::monitoring::feeds::FeedSource;
use app::domain::monitoring::register::Tier;
use app::domain::monitoring::rules::{Measure, Rule};
use app::domain::monitoring::warnings::{overdue, read_closing, Outcome};
use app::domain::money::Fen;
use app::domain::programme::Programme;
use app::domain::request::{FieldError, Problem};
use app::domain::staff::{allows, Action};
use app::domain::text::Key;
use app::error::AppError;
use app::i18n::{fill, Lang, Msg};
use app::page_data::monitoring::{ClosingForm, WarningData, WarningLine, WarningsData, WarningsView};

use super::{area_name, log_read, may, reaches, scope};
use crate::crypto::{random_token, DataKey};
use crate::services::application::Proactive;
use crate::services::staff::Staff;
use crate::services::{now_text, today_in_china};
use crate::store::{AuditEntry, Store, WarningClose, WarningFilter, WarningRow};

fn yuan(fen: i64, lang: Lang) -> String {
    fill(lang.t(Msg::AppYuan), &[("amount", Fen::new(fen).unwrap_or_default().yuan_text())])
}

/// The figure a warning crossed and the threshold, as people read them.
pub fn figure(rule: Rule, value: i64, threshold: i64, lang: Lang) -> String {
    match rule.measure() {
        Measure::Money => fill(lang.t(Msg::WarningFigureMoney), &[("value", yuan(value, lang)), ("threshold", yuan(threshold, lang))]),
        Measure::Grade => fill(lang.t(Msg::WarningFigureGrade), &[("value", value.to_string()), ("threshold", threshold.to_string())]),
        Measure::Event => String::new(),
    }
}

fn line(w: &WarningRow, lang: Lang) -> WarningLine {
    let rule = Rule::from_code(&w.rule);
    let today = today_in_china();
    let due = app::domain::date::Date::parse(&w.due_on).ok();
    WarningLine {
        id: w.id.clone(),
        urgent: w.priority == "high",
        priority: app::domain::monitoring::rules::Priority::from_code(&w.priority).map(|p| lang.t(p.label()).to_string()).unwrap_or_default(),
        person: w.person_name.clone(),
        id_masked: w.id_masked.clone(),
        tier: Tier::from_code(&w.tier).map(|t| lang.t(t.label()).to_string()).unwrap_or_default(),
        rule: rule.map(|r| lang.t(r.label()).to_string()).unwrap_or_else(|| w.rule.clone()),
        figure: rule.map(|r| figure(r, w.value, w.threshold, lang)).unwrap_or_default(),
        raised: app::domain::date::Date::parse(&w.raised_on).map(|d| lang.date(d)).unwrap_or_default(),
        due: due.map(|d| lang.date(d)).unwrap_or_default(),
        overdue: w.status == "open" && due.is_some_and(|d| overdue(d, today)),
        assignee: w.assignee_name.clone(),
        outcome: w.outcome.as_deref().and_then(Outcome::from_code).map(|o| lang.t(o.label()).to_string()),
    }
}

/// The warnings of the staff member's office (or community, or district).
pub async fn queue(store: &Store, staff: &Staff, view: WarningsView, lang: Lang) -> Result<WarningsData, AppError> {
    may(staff, Action::ViewWarnings)?;
    if view == WarningsView::Reviews {
        let reviews = super::reviews::queue(store, staff, lang).await?;
        return Ok(WarningsData { view, rows: Vec::new(), reviews, may_manage: allows(staff.role, Action::ManageRegister) });
    }
    let (area_prefix, by_office) = scope(staff);
    let filter = WarningFilter {
        area_prefix,
        by_office,
        open: view != WarningsView::Closed,
        overdue_before: (view == WarningsView::Overdue).then(|| today_in_china().to_string()),
        assigned_to: (view == WarningsView::Mine).then(|| staff.id.clone()),
    };
    let rows = store.warnings(&filter, 200).await?;
    Ok(WarningsData { view, rows: rows.iter().map(|w| line(w, lang)).collect(), reviews: Vec::new(), may_manage: allows(staff.role, Action::ManageRegister) })
}

/// A warning the staff member may see, or "not found" (never "forbidden": an id outside
/// the reader's area says nothing about whether it exists).
async fn reachable(store: &Store, staff: &Staff, id: &Key) -> Result<WarningRow, AppError> {
    may(staff, Action::ViewWarnings)?;
    let w = store.warning(id.as_str()).await?.ok_or(AppError::NotFound)?;
    if !reaches(staff, &w.area_code, &w.office_code) {
        return Err(AppError::NotFound);
    }
    Ok(w)
}

/// One warning with who it is about, what they receive now, and the closing form.
pub async fn view(store: &Store, staff: &Staff, id: &Key, lang: Lang) -> Result<WarningData, AppError> {
    let w = reachable(store, staff, id).await?;
    let person = store.register_person(&w.person_id).await?.ok_or_else(|| crate::services::failure("a warning's person is not in the register"))?;
    log_read(store, staff, "warning.view", format!("warning:{}", w.id)).await?;
    let mut programmes = Vec::new();
    if let Some(t) = Tier::from_code(&person.tier) {
        programmes.push(lang.t(t.label()).to_string());
    }
    for (reference, programme, status) in store.applications_of_subject(&person.id_index).await? {
        let p = Programme::from_code(&programme).map(|p| lang.t(p.name()).to_string()).unwrap_or(programme);
        let s = CaseStatus::from_code(&status).map(|s| lang.t(s.label()).to_string()).unwrap_or(status);
        programmes.push(format!("{p} · {s}（{reference}）"));
    }
    let office = area_name(store, &w.office_code, lang).await?;
    let community = area_name(store, &w.area_code, lang).await?;
    let source = FeedSource::from_code(&w.source).map(|s| lang.t(s.label()).to_string()).unwrap_or_default();
    let rule = Rule::from_code(&w.rule);
    Ok(WarningData {
        line: line(&w, lang),
        version: w.version,
        open: w.status == "open",
        person_id: w.person_id.clone(),
        source,
        signal_day: app::domain::date::Date::parse(&w.signal_day).map(|d| lang.date(d)).unwrap_or_default(),
        threshold_note: rule.map(|r| lang.t(app::domain::administration::parameters::label(r.param())).to_string()).unwrap_or_default(),
        address: person.address.clone(),
        community,
        office,
        phone_known: person.phone_sealed.is_some(),
        programmes,
        may_handle: allows(staff.role, Action::HandleWarnings),
        assigned_to_me: w.assigned_to.as_deref() == Some(staff.id.as_str()),
        outcomes: Outcome::ALL.iter().map(|o| (o.code().to_string(), lang.t(o.label()).to_string())).collect(),
        programme_choices: APPLY_PROGRAMMES.iter().map(|p| (p.code().to_string(), lang.t(p.name()).to_string())).collect(),
        form: ClosingForm::default(),
        errors: Vec::new(),
        done: None,
        note: w.note.clone(),
        closed: w.closed_at.as_deref().map(|at| format!("{} · {}", w.closer_name.clone().unwrap_or_default(), lang.local_time(at))),
        case_reference: w.case_reference.clone(),
    })
}

fn audit(staff: &Staff, action: &str, w: &WarningRow, detail: String) -> AuditEntry {
    AuditEntry { at: now_text(), actor: crate::services::casework::actor(staff), action: action.into(), subject: format!("warning:{}", w.id), detail }
}

/// Takes the warning; a warning taken or closed since the page was read is a conflict.
pub async fn assign(store: &Store, staff: &Staff, id: &Key, version: i64) -> Result<(), AppError> {
    let w = reachable(store, staff, id).await?;
    may(staff, Action::HandleWarnings)?;
    if w.assigned_to.as_deref() == Some(staff.id.as_str()) && w.status == "open" {
        return Ok(());
    }
    if store.assign_warning(&w.id, version, &staff.id, &audit(staff, "warning.assign", &w, String::new())).await? { Ok(()) } else { Err(AppError::Conflict) }
}

/// The provider template of an invitation to apply (parameters `name`, `programme`, `link`).
pub const INVITE_TEMPLATE: &str = "invite_to_apply";

/// Where links in text messages point (the public address of the portal).
pub struct Site<'a>(pub &'a str);

/// Closes the warning with what was done. An invitation texts the person a link that starts
/// an application with what is known (residence and programme); a case is registered through
/// the proactive-case flow, with the person's consent. Returns the case's reference if any.
pub async fn close(store: &Store, key: &DataKey, staff: &Staff, site: Site<'_>, id: &Key, version: i64, form: &ClosingForm) -> Result<Option<String>, AppError> {
    let w = reachable(store, staff, id).await?;
    may(staff, Action::HandleWarnings)?;
    if w.status != "open" {
        return Err(AppError::Conflict);
    }
    let closing = read_closing(&form.outcome, &form.note);
    let mut errors = closing.as_ref().err().cloned().unwrap_or_default();
    let outcome = closing.as_ref().ok().map(|c| c.outcome);
    let person = store.register_person(&w.person_id).await?.ok_or_else(|| crate::services::failure("a warning's person is not in the register"))?;
    let needs_programme = matches!(outcome, Some(Outcome::InviteToApply | Outcome::ProactiveCase));
    let programme = APPLY_PROGRAMMES.iter().copied().find(|p| p.code() == form.programme);
    if needs_programme && programme.is_none() {
        errors.push(FieldError { field: "programme".into(), problem: Problem::Required });
    }
    let kept_phone = match &person.phone_sealed {
        Some(s) => Some(key.open(s, &super::register::phone_context(&person.id)).map_err(|_| crate::services::failure("a sealed register phone did not open"))?),
        None => None,
    };
    let phone = match (form.phone.trim(), kept_phone) {
        ("", kept) => kept,
        (typed, _) => match app::domain::identity::Phone::parse(typed) {
            Ok(p) => Some(p.expose().to_string()),
            Err(_) => {
                errors.push(FieldError { field: "phone".into(), problem: Problem::PhoneFormat });
                None
            }
        },
    };
    if outcome == Some(Outcome::InviteToApply) && phone.is_none() && !errors.iter().any(|e| e.field == "phone") {
        errors.push(FieldError { field: "phone".into(), problem: Problem::PhoneNeeded });
    }
    if outcome == Some(Outcome::ProactiveCase) && !form.consent {
        errors.push(FieldError { field: "consent".into(), problem: Problem::ResidentConsentRequired });
    }
    let (Ok(closing), true) = (closing, errors.is_empty()) else { return Err(AppError::Validation(errors)) };
    let now = now_text();
    let mut sms = None;
    let mut case_reference = None;
    match (closing.outcome, programme) {
        (Outcome::InviteToApply, Some(programme)) => {
            let phone = phone.clone().unwrap_or_default();
            let link = format!("{}/apply?community={}&programme={}", site.0.trim_end_matches('/'), w.area_code, programme.code());
            let lang = Lang::ZhCn;
            let programme_name = lang.t(programme.name()).to_string();
            let params = [("name", person.name.clone()), ("programme", programme_name), ("link", link)];
            sms = Some(crate::store::OutgoingSms {
                id: random_token(12),
                phone,
                kind: "notice",
                template: INVITE_TEMPLATE.into(),
                params: crate::services::notifications::template_params(&params),
                lang: lang.code().into(),
                body: fill(lang.t(Msg::InviteSms), &params),
                created_at: chrono::Utc::now().timestamp(),
                expires_at: None,
            });
        }
        (Outcome::ProactiveCase, Some(programme)) => {
            let id_number = key.open(&person.id_sealed, &super::register::id_context(&person.id)).map_err(|_| crate::services::failure("a sealed register ID did not open"))?;
            let found = fill(lang_note(), &[("rule", Rule::from_code(&w.rule).map(|r| Lang::ZhCn.t(r.label()).to_string()).unwrap_or_default()), ("note", closing.note.as_str().to_string())]);
            let found: String = found.chars().take(app::domain::application::steps::MAX_STORY_CHARS).collect();
            let p = Proactive {
                name: &person.name,
                id_number: &id_number,
                phone: phone.as_deref().unwrap_or(""),
                community: &w.area_code,
                programme: programme.code(),
                found: &found,
                address: &person.address,
                consent: form.consent,
            };
            case_reference = Some(crate::services::casework::register(store, key, staff, p).await?);
        }
        _ => {}
    }
    let change = WarningClose {
        id: w.id.clone(),
        version,
        outcome: closing.outcome.code().into(),
        note: closing.note.as_str().into(),
        staff_id: staff.id.clone(),
        at: now.clone(),
        on: today_in_china().to_string(),
        case_reference: case_reference.clone(),
    };
    let detail = format!("{}{}", closing.outcome.code(), case_reference.as_deref().map(|r| format!(" {r}")).unwrap_or_default());
    if store.close_warning(&change, sms.as_ref(), &audit(staff, "warning.close", &w, detail)).await? {
        Ok(case_reference)
    } else {
        Err(AppError::Conflict)
    }
}

/// How a case registered from a warning says where it came from (kept in Chinese, like
/// every case's own record).
fn lang_note() -> &'static str {
    Lang::ZhCn.t(Msg::WarningFoundStory)
}
