//! 需求评估: a community worker (or a subdistrict reviewer on a home visit) records what a
//! monitored person needs, from the catalogue items that reach their home.

use app::domain::area::AreaCode;
use app::domain::service_assistance::assessment::{read_assessment, SelfCare};
use app::domain::staff::Action;
use app::domain::text::Key;
use app::error::AppError;
use app::i18n::{Lang, Msg};
use app::page_data::service_assistance::{AssessmentData, AssessmentForm};

use super::{audit, may};
use crate::crypto::random_token;
use crate::services::monitoring::{area_name, reaches};
use crate::services::staff::Staff;
use crate::services::{now_text, today_in_china};
use crate::store::{AssessmentRow, RegisterRow, Store};

async fn person(store: &Store, staff: &Staff, id: &Key) -> Result<RegisterRow, AppError> {
    may(staff, Action::AssessNeeds)?;
    let p = store.register_person(id.as_str()).await?.ok_or(AppError::NotFound)?;
    if reaches(staff, &p.area_code, &p.office_code) { Ok(p) } else { Err(AppError::NotFound) }
}

/// The active items that reach the person's home, from every level: (id, "name · frequency").
async fn offered(store: &Store, home: &str, lang: Lang) -> Result<Vec<(String, String)>, AppError> {
    let levels: Vec<String> = AreaCode::parse(home).map(|a| a.and_above().iter().map(|x| x.as_str().to_string()).collect()).unwrap_or_default();
    Ok(store
        .items_for(&levels, None)
        .await?
        .into_iter()
        .filter(|i| i.active == 1)
        .map(|i| {
            let words = super::catalogue::frequency_words(i.times, &i.per, &i.unit, lang);
            (i.id, format!("{} · {words}", i.name))
        })
        .collect())
}

pub async fn form(store: &Store, staff: &Staff, id: &Key, lang: Lang) -> Result<AssessmentData, AppError> {
    let p = person(store, staff, id).await?;
    let items = offered(store, &p.area_code, lang).await?;
    let earlier = store
        .assessments_of(&p.id)
        .await?
        .into_iter()
        .map(|a| {
            let level = SelfCare::from_code(&a.self_care).map(|s| lang.t(s.label()).to_string()).unwrap_or_default();
            let alone = if a.living_alone == 1 { format!(" · {}", lang.t(Msg::AssessmentAlone)) } else { String::new() };
            format!("{} · {level}{alone}", a.assessed_on)
        })
        .collect();
    Ok(AssessmentData {
        person_id: p.id.clone(),
        person: p.name.clone(),
        id_masked: p.id_masked.clone(),
        community: area_name(store, &p.area_code, lang).await?,
        self_care: SelfCare::ALL.iter().map(|s| (s.code().to_string(), lang.t(s.label()).to_string())).collect(),
        items,
        earlier,
        form: AssessmentForm { assessed_on: today_in_china().to_string(), ..AssessmentForm::default() },
        errors: Vec::new(),
    })
}

pub async fn record(store: &Store, staff: &Staff, id: &Key, f: &AssessmentForm, lang: Lang) -> Result<(), AppError> {
    let p = person(store, staff, id).await?;
    let offered: Vec<String> = offered(store, &p.area_code, lang).await?.into_iter().map(|(id, _)| id).collect();
    let a = read_assessment(&f.self_care, &f.living_alone, &f.needs, &offered, &f.hazards, &f.assessed_on, today_in_china()).map_err(AppError::Validation)?;
    let row = AssessmentRow {
        id: random_token(12),
        person_id: p.id.clone(),
        self_care: a.self_care.code().into(),
        living_alone: i64::from(a.living_alone),
        needs: a.needs.join(","),
        hazards: a.hazards.as_str().into(),
        assessed_on: a.assessed_on.to_string(),
        assessed_by: staff.id.clone(),
        recorded_at: now_text(),
    };
    store.insert_assessment(&row, &audit(staff, "assessment.record", format!("register:{}", p.id), row.self_care.clone())).await?;
    Ok(())
}
