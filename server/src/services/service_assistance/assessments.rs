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

/// Whose needs are assessed: a register person, or the subject of a case on its home visit.
#[derive(Clone, Copy)]
pub enum Whose<'a> {
    Person(&'a Key),
    Case(&'a Key),
}

/// Who is assessed, as the form needs them.
struct Assessed {
    /// In the register already.
    person: Option<RegisterRow>,
    /// The case whose home visit it is.
    application_id: Option<String>,
    case_reference: Option<String>,
    name: String,
    id_masked: String,
    community: String,
}

impl Assessed {
    /// Whom the audit log names: the register person, else the application.
    fn subject(&self) -> String {
        match (&self.person, &self.application_id) {
            (Some(p), _) => format!("register:{}", p.id),
            (_, application) => format!("application:{}", application.as_deref().unwrap_or_default()),
        }
    }
}

async fn assessed(store: &Store, staff: &Staff, whose: &Whose<'_>) -> Result<Assessed, AppError> {
    match whose {
        Whose::Person(id) => {
            may(staff, Action::AssessNeeds)?;
            let p = store.register_person(id.as_str()).await?.ok_or(AppError::NotFound)?;
            if !reaches(staff, &p.area_code, &p.office_code) {
                return Err(AppError::NotFound);
            }
            Ok(Assessed { name: p.name.clone(), id_masked: p.id_masked.clone(), community: p.area_code.clone(), person: Some(p), application_id: None, case_reference: None })
        }
        Whose::Case(reference) => {
            // The case's own check first: out of scope is "not found", in scope without the
            // right to assess is "forbidden".
            let case = crate::services::casework::viewable(store, staff, reference).await?;
            may(staff, Action::AssessNeeds)?;
            let row = case.row;
            let person = match row.subject_id_index.as_deref() {
                Some(index) => store.register_person_by_index(index).await?,
                None => None,
            };
            Ok(Assessed { person, application_id: Some(row.id), case_reference: Some(row.reference), name: row.subject_name, id_masked: row.subject_id_masked, community: row.area_code })
        }
    }
}

fn earlier_line(a: &AssessmentRow, lang: Lang) -> String {
    let level = SelfCare::from_code(&a.self_care).map(|s| lang.t(s.label()).to_string()).unwrap_or_default();
    let alone = if a.living_alone == 1 { format!(" · {}", lang.t(Msg::AssessmentAlone)) } else { String::new() };
    format!("{} · {level}{alone}", a.assessed_on)
}

/// A case's home-visit assessments, one line each (for the case page).
pub async fn of_case(store: &Store, application_id: &str, lang: Lang) -> Result<Vec<String>, AppError> {
    Ok(store.assessments_of_application(application_id).await?.iter().map(|a| earlier_line(a, lang)).collect())
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

pub async fn form(store: &Store, staff: &Staff, whose: Whose<'_>, lang: Lang) -> Result<AssessmentData, AppError> {
    let a = assessed(store, staff, &whose).await?;
    // The form names the person (ID masked) and their earlier assessments: a staff read.
    crate::services::monitoring::log_read(store, staff, "assessment.view", a.subject()).await?;
    let items = offered(store, &a.community, lang).await?;
    let mut rows = match &a.person {
        Some(p) => store.assessments_of(&p.id).await?,
        None => Vec::new(),
    };
    if let Some(application) = &a.application_id {
        for r in store.assessments_of_application(application).await? {
            if !rows.iter().any(|x| x.id == r.id) {
                rows.push(r);
            }
        }
        rows.sort_by(|x, y| (&x.assessed_on, &x.recorded_at).cmp(&(&y.assessed_on, &y.recorded_at)));
    }
    Ok(AssessmentData {
        person_id: a.person.as_ref().map(|p| p.id.clone()).unwrap_or_default(),
        case_reference: a.case_reference.clone(),
        person: a.name.clone(),
        id_masked: a.id_masked.clone(),
        community: area_name(store, &a.community, lang).await?,
        self_care: SelfCare::ALL.iter().map(|s| (s.code().to_string(), lang.t(s.label()).to_string())).collect(),
        items,
        earlier: rows.iter().map(|r| earlier_line(r, lang)).collect(),
        form: AssessmentForm { assessed_on: today_in_china().to_string(), ..AssessmentForm::default() },
        errors: Vec::new(),
    })
}

/// Records the assessment; where to go back to is the person's chain or the case.
pub async fn record(store: &Store, staff: &Staff, whose: Whose<'_>, f: &AssessmentForm, lang: Lang) -> Result<(), AppError> {
    let who = assessed(store, staff, &whose).await?;
    let offered: Vec<String> = offered(store, &who.community, lang).await?.into_iter().map(|(id, _)| id).collect();
    let a = read_assessment(&f.self_care, &f.living_alone, &f.needs, &offered, &f.hazards, &f.assessed_on, today_in_china()).map_err(AppError::Validation)?;
    let row = AssessmentRow {
        id: random_token(12),
        person_id: who.person.as_ref().map(|p| p.id.clone()),
        self_care: a.self_care.code().into(),
        living_alone: i64::from(a.living_alone),
        needs: a.needs.join(","),
        hazards: a.hazards.as_str().into(),
        assessed_on: a.assessed_on.to_string(),
        assessed_by: staff.id.clone(),
        recorded_at: now_text(),
        application_id: who.application_id.clone(),
    };
    store.insert_assessment(&row, &audit(staff, "assessment.record", who.subject(), row.self_care.clone())).await?;
    Ok(())
}
