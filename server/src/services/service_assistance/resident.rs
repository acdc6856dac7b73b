//! The person's side (#15 item 9): a resident sees their plan and their visits, rates a visit
//! and says "没有来" of one recorded as done, which reaches the supervisors' figures. They are
//! found in the register by the blind index of their verified ID number.

use app::domain::date::Date;
use app::domain::request::{FieldError, Problem};
use app::domain::service_assistance::plan::rhythm;
use app::domain::service_assistance::record::read_stars;
use app::domain::text::{Key, Note};
use app::error::AppError;
use app::i18n::Lang;
use app::page_data::service_plans::{MyServicesData, PlanLineView};

use super::catalogue::frequency_words;
use crate::crypto::DataKey;
use crate::services::{now_text, today_in_china};
use crate::store::{AuditEntry, Store};

/// The register entries of the signed-in resident (none until they have verified their name).
async fn people(store: &Store, key: &DataKey, citizen: &str) -> Result<Vec<String>, AppError> {
    let Some(id) = crate::services::identity::reveal(store, key, citizen).await? else { return Ok(Vec::new()) };
    Ok(store.register_person_by_index(&key.blind_index(id.expose())).await?.map(|p| vec![p.id]).unwrap_or_default())
}

pub async fn mine(store: &Store, key: &DataKey, citizen: &str, lang: Lang) -> Result<MyServicesData, AppError> {
    let today = today_in_china();
    let mut data = MyServicesData::default();
    for person in people(store, key, citizen).await? {
        if let Some(plan) = store.plan_of(&person).await? {
            let lines = store.plan_lines(&plan.id).await?;
            let domain: Vec<_> = lines.iter().filter_map(super::plans::domain_line).collect();
            data.rhythm = rhythm(&domain, today).words(lang);
            data.review_on = plan.review_on.clone();
            data.agreed = plan.agreed_at.is_some();
            data.lines = lines
                .iter()
                .map(|l| PlanLineView {
                    id: l.id.clone(),
                    item: l.item_name.clone(),
                    provider: l.provider_name.clone(),
                    frequency: frequency_words(l.times, &l.per, &l.unit, lang),
                    period: super::plans::period_words(&l.start_on, l.end_on.as_deref(), lang),
                    running: l.end_on.as_deref().is_none_or(|e| Date::parse(e).is_ok_and(|e| e >= today)),
                })
                .collect();
        }
        data.visits.extend(super::visits::person_visits(store, &person, today.plus_days(-1), lang).await?);
    }
    Ok(data)
}

fn audit(citizen: &str, action: &str, visit: &str, detail: String) -> AuditEntry {
    AuditEntry { at: now_text(), actor: format!("citizen:{citizen}"), action: action.into(), subject: format!("visit:{visit}"), detail }
}

/// The resident's 1–5 stars for a visit done.
pub async fn rate(store: &Store, key: &DataKey, citizen: &str, visit: &Key, stars: &str) -> Result<(), AppError> {
    let stars = read_stars(stars).ok_or_else(|| AppError::Validation(vec![FieldError { field: "stars".into(), problem: Problem::StarsRange }]))?;
    let people = people(store, key, citizen).await?;
    if store.rate_visit(visit.as_str(), &people, stars, &audit(citizen, "visit.rate", visit.as_str(), stars.to_string())).await? { Ok(()) } else { Err(AppError::NotFound) }
}

/// "没有来": a visit recorded as done that did not happen, with what the person says.
pub async fn not_came(store: &Store, key: &DataKey, citizen: &str, visit: &Key, note: &str) -> Result<(), AppError> {
    let note = Note::parse(note).map_err(|e| AppError::Validation(vec![FieldError { field: "note".into(), problem: e.problem() }]))?;
    let people = people(store, key, citizen).await?;
    if store.dispute_visit(visit.as_str(), &people, note.as_str(), &now_text(), &audit(citizen, "visit.not_came", visit.as_str(), note.as_str().into())).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
