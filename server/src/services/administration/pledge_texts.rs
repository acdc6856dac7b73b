//! New versions of the integrity pledge written in the workbench (#17 item 5): a district
//! officer adds a version for their district, in one language, from today or a later day;
//! the portal numbers it and computes its hash. Older versions and the signatures on them
//! stay as they were, readable on their own page and on every receipt.

use app::domain::administration::pledge_texts as rules;
use app::domain::area::AreaCode;
use app::domain::staff::{may, Action};
use app::domain::text::Key;
use app::error::AppError;
use app::i18n::Lang;
use app::page_data::administration::{PledgeTextForm, PledgeTextLine, PledgeTextsData, PledgeTextView};

use crate::services::staff::Staff;
use crate::services::{now_text, today_in_china};
use crate::store::{AuditEntry, PledgeTextRow, Store};

fn own_area(staff: &Staff) -> Result<AreaCode, AppError> {
    if !may(staff.role, &staff.area_code, Action::ManagePledgeTexts, None) {
        return Err(AppError::Forbidden);
    }
    AreaCode::parse(&staff.area_code).map_err(|_| AppError::Forbidden)
}

/// The officer's area and those above it, nearest first.
fn areas_up(area: &AreaCode) -> Vec<String> {
    area.and_above().into_iter().map(String::from).collect()
}

/// The versions that apply to the officer's district (its own and those it inherits), with
/// the one in force today in each language marked.
pub async fn list(store: &Store, staff: &Staff, lang: Lang) -> Result<PledgeTextsData, AppError> {
    let area = own_area(staff)?;
    let today = today_in_china();
    let mut texts = Vec::new();
    for l in Lang::ALL {
        let current = crate::services::pledge::current_text(store, &area, l, today).await.ok().map(|t| t.id);
        for t in store.pledge_texts_for(&areas_up(&area)).await?.into_iter().filter(|t| t.lang == l.code()) {
            texts.push(PledgeTextLine {
                in_force: current.as_deref() == Some(t.id.as_str()),
                own: t.area_code == area.as_str(),
                from: app::domain::date::Date::parse(&t.effective_from).map(|d| lang.date(d)).unwrap_or_else(|_| t.effective_from.clone()),
                sha256: t.sha256.chars().take(16).collect(),
                id: t.id,
                version: t.version,
                lang: t.lang,
                title: t.title,
            });
        }
    }
    Ok(PledgeTextsData { texts, form: PledgeTextForm { lang: lang.code().into(), correct: "1".into(), effective_from: today.to_string(), ..PledgeTextForm::default() }, errors: Vec::new(), done: None })
}

/// Adds a version for the officer's district; its id.
pub async fn add(store: &Store, staff: &Staff, f: &PledgeTextForm) -> Result<String, AppError> {
    let area = own_area(staff)?;
    let t = rules::read(&f.lang, &f.title, &f.body, &f.question, &f.options, &f.correct, &f.effective_from, today_in_china()).map_err(AppError::Validation)?;
    let options = t.options.join("\n");
    let row = PledgeTextRow {
        id: String::new(),
        area_code: area.as_str().to_string(),
        version: 0,
        lang: t.lang,
        sha256: crate::crypto::hash(&[&t.title, &t.body, &t.question, &options]),
        title: t.title,
        body: t.body,
        question: t.question,
        options,
        correct_option: t.correct,
        effective_from: t.effective_from.to_string(),
    };
    let audit = AuditEntry { at: now_text(), actor: format!("staff:{}", staff.id), action: "pledge_text.add".into(), subject: format!("pledge_text:{}", area.as_str()), detail: String::new() };
    Ok(store.add_pledge_text(&row, &audit).await?)
}

/// One version, whole: its text as signed, question, options and hash.
pub async fn view(store: &Store, staff: &Staff, id: &Key) -> Result<PledgeTextView, AppError> {
    let area = own_area(staff)?;
    let t = store.pledge_text(id.as_str()).await?.filter(|t| areas_up(&area).contains(&t.area_code)).ok_or(AppError::NotFound)?;
    Ok(PledgeTextView {
        id: t.id.clone(),
        title: t.title.clone(),
        paragraphs: crate::services::pledge::paragraphs(&t),
        question: t.question.clone(),
        options: crate::services::pledge::options(&t),
        correct: t.correct_option,
        effective_from: t.effective_from,
        sha256: t.sha256,
    })
}
