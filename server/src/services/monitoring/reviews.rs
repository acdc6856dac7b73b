//! 定期复核: the reviews due in an office, one review, a reviewer's proposal and an
//! approver's decision (the usual split: never the same person).

use app::domain::area::AreaCode;
use app::domain::date::Date;
use app::domain::monitoring::register::Tier;
use app::domain::monitoring::review::{self as domain, ReviewOutcome, REVIEW_AHEAD_DAYS};
use app::domain::money::Fen;
use app::domain::params::ParameterSet;
use app::domain::staff::{allows, Action};
use app::domain::text::{Key, Note};
use app::error::AppError;
use app::i18n::{fill, Lang, Msg};
use app::page_data::monitoring::{ReviewData, ReviewForm, ReviewLine};

use super::{area_name, log_read, may, reaches, scope};
use crate::crypto::random_token;
use crate::services::staff::Staff;
use crate::services::{now_text, today_in_china};
use crate::store::{AuditEntry, ReviewCandidate, ReviewRow, Store};

/// When a candidate's next review is due, from the interval in force where they live.
fn due(params: &ParameterSet, c: &ReviewCandidate, today: Date) -> Option<Date> {
    let tier = Tier::from_code(&c.tier)?;
    let months = params.lookup(domain::interval(tier)?, &AreaCode::parse(&c.area_code).ok()?, today)?.value;
    Some(domain::due_on(Date::parse(&c.since).ok()?, c.reviewed_on.as_deref().and_then(|d| Date::parse(d).ok()), months))
}

fn yuan(fen: i64, lang: Lang) -> String {
    fill(lang.t(Msg::AppYuan), &[("amount", Fen::new(fen).unwrap_or_default().yuan_text())])
}

fn line(c: &ReviewCandidate, due_on: Date, today: Date, lang: Lang) -> ReviewLine {
    ReviewLine {
        person_id: c.person_id.clone(),
        person: c.name.clone(),
        id_masked: c.id_masked.clone(),
        tier: Tier::from_code(&c.tier).map(|t| lang.t(t.label()).to_string()).unwrap_or_default(),
        due: lang.date(due_on),
        overdue: due_on < today,
        waiting: c.pending_outcome.as_deref().and_then(ReviewOutcome::from_code).map(|o| lang.t(o.label()).to_string()),
    }
}

/// The reviews due (or due within a month) under the staff member's office or area, the
/// earliest first, with any proposal waiting.
pub async fn queue(store: &Store, staff: &Staff, lang: Lang) -> Result<Vec<ReviewLine>, AppError> {
    may(staff, Action::ViewWarnings)?;
    let (area, by_office) = scope(staff);
    let params = crate::services::eligibility::parameter_set(store).await?;
    let today = today_in_china();
    let mut due_now: Vec<(Date, ReviewLine)> = store
        .review_candidates(&area, by_office, 5_000)
        .await?
        .iter()
        .filter_map(|c| due(&params, c, today).map(|d| (d, c)))
        .filter(|(d, c)| c.pending_id.is_some() || domain::in_queue(*d, today, REVIEW_AHEAD_DAYS))
        .map(|(d, c)| (d, line(c, d, today, lang)))
        .collect();
    due_now.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.person.cmp(&b.1.person)));
    Ok(due_now.into_iter().map(|(_, l)| l).take(200).collect())
}

async fn candidate(store: &Store, staff: &Staff, person_id: &Key) -> Result<ReviewCandidate, AppError> {
    may(staff, Action::ViewWarnings)?;
    let c = store.review_candidate(person_id.as_str()).await?.ok_or(AppError::NotFound)?;
    if !reaches(staff, &c.area_code, &c.office_code) || Tier::from_code(&c.tier).and_then(domain::interval).is_none() {
        return Err(AppError::NotFound);
    }
    Ok(c)
}

/// One person's review: when it is due, the last one, what waits, and the forms the reader may use.
pub async fn view(store: &Store, staff: &Staff, person_id: &Key, lang: Lang) -> Result<ReviewData, AppError> {
    let c = candidate(store, staff, person_id).await?;
    log_read(store, staff, "review.view", format!("register:{}", c.person_id)).await?;
    let params = crate::services::eligibility::parameter_set(store).await?;
    let today = today_in_china();
    let due_on = due(&params, &c, today).unwrap_or(today);
    let history = store
        .reviews_of(&c.person_id)
        .await?
        .into_iter()
        .filter(|r| r.status != "proposed")
        .map(|r| {
            let outcome = ReviewOutcome::from_code(&r.outcome).map(|o| lang.t(o.label()).to_string()).unwrap_or_default();
            let status = lang.t(if r.status == "confirmed" { Msg::ReviewConfirmed } else { Msg::ReviewReturned }).to_string();
            let amount = r.amount_fen.map(|f| format!(" {}", yuan(f, lang))).unwrap_or_default();
            format!("{} · {outcome}{amount} · {status} · {}", r.decided_at.as_deref().map(|a| lang.local_time(a)).unwrap_or_default(), r.return_note.clone().unwrap_or(r.note))
        })
        .collect();
    Ok(ReviewData {
        line: line(&c, due_on, today, lang),
        community: area_name(store, &c.area_code, lang).await?,
        last_review: c.reviewed_on.clone(),
        amount: c.amount_fen.map(|f| yuan(f, lang)),
        pending_id: c.pending_id.clone(),
        pending: c.pending_outcome.as_deref().and_then(ReviewOutcome::from_code).map(|o| {
            let amount = c.pending_amount.map(|f| format!(" {}", yuan(f, lang))).unwrap_or_default();
            format!("{}{amount} — {}（{}）", lang.t(o.label()), c.pending_note.clone().unwrap_or_default(), c.proposer_name.clone().unwrap_or_default())
        }),
        own_proposal: c.proposed_by.as_deref() == Some(staff.id.as_str()),
        may_propose: c.pending_id.is_none() && allows(staff.role, Action::ProposeReview),
        may_decide: c.pending_id.is_some() && allows(staff.role, Action::DecideReview) && c.proposed_by.as_deref() != Some(staff.id.as_str()),
        outcomes: ReviewOutcome::ALL.iter().map(|o| (o.code().to_string(), lang.t(o.label()).to_string())).collect(),
        history,
        ..ReviewData::default()
    })
}

fn audit(staff: &Staff, action: &str, person_id: &str, detail: String) -> AuditEntry {
    AuditEntry { at: now_text(), actor: crate::services::casework::actor(staff), action: action.into(), subject: format!("register:{person_id}"), detail }
}

/// A reviewer's finding and proposal; a proposal already waiting is a conflict.
pub async fn propose(store: &Store, staff: &Staff, person_id: &Key, form: &ReviewForm) -> Result<(), AppError> {
    let c = candidate(store, staff, person_id).await?;
    may(staff, Action::ProposeReview)?;
    let p = domain::read_proposal(&form.outcome, &form.amount, &form.note).map_err(AppError::Validation)?;
    let params = crate::services::eligibility::parameter_set(store).await?;
    let today = today_in_china();
    let row = ReviewRow {
        id: random_token(12),
        person_id: c.person_id.clone(),
        due_on: due(&params, &c, today).unwrap_or(today).to_string(),
        outcome: p.outcome.code().into(),
        amount_fen: p.amount.map(Fen::get),
        note: p.note.as_str().into(),
        status: "proposed".into(),
        proposed_by: staff.id.clone(),
        proposed_at: now_text(),
        decided_by: None,
        decided_at: None,
        return_note: None,
    };
    if store.propose_review(&row, &audit(staff, "review.propose", &c.person_id, p.outcome.code().into())).await? { Ok(()) } else { Err(AppError::Conflict) }
}

/// An approver confirms the waiting proposal or sends it back with a note.
pub async fn decide(store: &Store, staff: &Staff, person_id: &Key, confirm: bool, note: &str) -> Result<(), AppError> {
    let c = candidate(store, staff, person_id).await?;
    may(staff, Action::DecideReview)?;
    let Some(id) = c.pending_id.clone() else { return Err(AppError::Conflict) };
    if c.proposed_by.as_deref() == Some(staff.id.as_str()) {
        return Err(AppError::Forbidden);
    }
    let note = match Note::parse(note) {
        Ok(n) if !confirm && n.is_empty() => return Err(AppError::Validation(vec![app::domain::request::FieldError { field: "return_note".into(), problem: app::domain::request::Problem::Required }])),
        Ok(n) => n,
        Err(e) => return Err(AppError::Validation(vec![app::domain::request::FieldError { field: "return_note".into(), problem: e.problem() }])),
    };
    let action = if confirm { "review.confirm" } else { "review.return" };
    let detail = c.pending_outcome.clone().unwrap_or_default();
    let return_note = (!confirm).then(|| note.as_str().to_string());
    if store.decide_review(&id, &staff.id, confirm, return_note.as_deref(), &today_in_china().to_string(), &now_text(), &audit(staff, action, &c.person_id, detail)).await? {
        Ok(())
    } else {
        Err(AppError::Conflict)
    }
}
