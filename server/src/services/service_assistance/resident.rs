//! The person's side (#15 item 9): a resident sees their plan and their visits, rates a visit
//! and says "没有来" of one recorded as done, which reaches the supervisors' figures. They are
//! found in the register by the blind index of their verified ID number; a proxy (代办) also
//! follows each person they applied for, by the index kept on that application, once the
//! office accepted it.

use app::domain::case::CaseStatus;
use app::domain::date::Date;
use app::domain::service_assistance::proxy::proxy_follows;
use app::domain::request::{FieldError, Problem};
use app::domain::service_assistance::plan::rhythm;
use app::domain::service_assistance::record::read_stars;
use app::domain::text::{Key, Note};
use app::error::AppError;
use app::i18n::Lang;
use app::page_data::service_plans::{MyServicesData, PersonServices, PlanLineView};

use super::catalogue::frequency_words;
use crate::crypto::DataKey;
use crate::services::{now_text, today_in_china};
use crate::store::{AuditEntry, Store};

/// A register entry the signed-in resident may follow: their own, or one of a person they
/// applied for as a proxy (代办).
struct Followed {
    id: String,
    name: String,
    own: bool,
}

/// The resident's own register entry (none until they have verified their name) and those of
/// the people whose applications they filed, once the office accepted them.
async fn followed(store: &Store, key: &DataKey, citizen: &str) -> Result<Vec<Followed>, AppError> {
    let mut out: Vec<Followed> = Vec::new();
    if let Some(id) = crate::services::identity::reveal(store, key, citizen).await? {
        if let Some(p) = store.register_person_by_index(&key.blind_index(id.expose())).await? {
            out.push(Followed { id: p.id, name: p.name, own: true });
        }
    }
    for a in store.applications_of(citizen).await? {
        let accepted = CaseStatus::from_code(&a.status).is_some_and(proxy_follows);
        let Some(index) = a.subject_id_index.as_deref().filter(|_| accepted && a.proxy_relation.is_some()) else { continue };
        if let Some(p) = store.register_person_by_index(index).await? {
            if !out.iter().any(|f| f.id == p.id) {
                out.push(Followed { id: p.id, name: p.name, own: false });
            }
        }
    }
    Ok(out)
}

async fn people(store: &Store, key: &DataKey, citizen: &str) -> Result<Vec<String>, AppError> {
    Ok(followed(store, key, citizen).await?.into_iter().map(|f| f.id).collect())
}

pub async fn mine(store: &Store, key: &DataKey, citizen: &str, lang: Lang) -> Result<MyServicesData, AppError> {
    let today = today_in_china();
    let mut data = MyServicesData::default();
    for person in followed(store, key, citizen).await? {
        let mut p = PersonServices { name: person.name, own: person.own, ..PersonServices::default() };
        if let Some(plan) = store.plan_of(&person.id).await? {
            let lines = store.plan_lines(&plan.id).await?;
            let domain: Vec<_> = lines.iter().filter_map(super::plans::domain_line).collect();
            p.rhythm = rhythm(&domain, today).words(lang);
            p.review_on = plan.review_on.clone();
            p.agreed = plan.agreed_at.is_some();
            p.lines = lines
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
        p.visits = super::visits::person_visits(store, &person.id, today.plus_days(-1), lang).await?;
        data.people.push(p);
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
