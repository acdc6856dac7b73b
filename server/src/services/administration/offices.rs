//! Subdistrict and town offices kept in the workbench (#17 item 3): administrators and
//! district officers edit an office's name and how citizens reach it, close it (its cases go
//! to an office they choose, each with an event the applicant sees) and open it again.

use app::domain::administration::offices::{read_details, OfficeContact};
use app::domain::area::AreaCode;
use app::domain::request::{FieldError, Problem};
use app::domain::staff::{allows, Action};
use app::domain::text::Key;
use app::error::AppError;
use app::i18n::Lang;
use app::page_data::administration::{OfficeData, OfficeForm, OfficeLine, OfficesData};

use crate::services::staff::Staff;
use crate::services::now_text;
use crate::store::{AuditEntry, OfficeRow, Store};

fn area_of(staff: &Staff) -> Result<AreaCode, AppError> {
    if !allows(staff.role, Action::ManageOffices) {
        return Err(AppError::Forbidden);
    }
    AreaCode::parse(&staff.area_code).map_err(|_| AppError::Forbidden)
}

fn name(o: &OfficeRow, lang: Lang) -> String {
    match lang {
        Lang::En => o.name_en.clone().unwrap_or_else(|| o.name_zh.clone()),
        Lang::ZhCn => o.name_zh.clone(),
    }
}

/// The offices of the staff member's area.
pub async fn list(store: &Store, staff: &Staff, lang: Lang) -> Result<OfficesData, AppError> {
    let area = area_of(staff)?;
    let offices = store
        .offices_under(area.prefix()).await?
        .iter()
        .map(|o| OfficeLine { code: o.area_code.clone(), name: name(o, lang), phone: o.phone.clone().unwrap_or_default(), hours: o.hours.clone().unwrap_or_default(), active: o.active == 1, open_cases: o.open_cases })
        .collect();
    Ok(OfficesData { offices })
}

/// One office of the staff member's area; any other is "not found".
async fn office_in_area(store: &Store, staff: &Staff, code: &Key) -> Result<OfficeRow, AppError> {
    let area = area_of(staff)?;
    let office = store.office(code.as_str()).await?.ok_or(AppError::NotFound)?;
    match AreaCode::parse(&office.area_code) {
        Ok(c) if area.contains(&c) => Ok(office),
        _ => Err(AppError::NotFound),
    }
}

pub async fn office(store: &Store, staff: &Staff, code: &Key, lang: Lang) -> Result<OfficeData, AppError> {
    let o = office_in_area(store, staff, code).await?;
    let district = &o.area_code[..6.min(o.area_code.len())];
    let targets = store.offices_under(district).await?.iter().filter(|t| t.area_code != o.area_code && t.active == 1).map(|t| (t.area_code.clone(), name(t, lang))).collect();
    Ok(OfficeData {
        code: o.area_code.clone(),
        name: name(&o, lang),
        active: o.active == 1,
        open_cases: o.open_cases,
        form: OfficeForm { name: o.name_zh.clone(), phone: o.phone.clone().unwrap_or_default(), address: o.address.clone().unwrap_or_default(), hours: o.hours.clone().unwrap_or_default() },
        targets,
        errors: Vec::new(),
        done: None,
    })
}

fn entry(staff: &Staff, action: &str, code: &str, detail: String) -> AuditEntry {
    AuditEntry { at: now_text(), actor: format!("staff:{}", staff.id), action: action.into(), subject: format!("office:{code}"), detail }
}

/// Saves the office's name and contact details.
pub async fn save(store: &Store, staff: &Staff, code: &Key, form: &OfficeForm) -> Result<(), AppError> {
    let o = office_in_area(store, staff, code).await?;
    let d = read_details(&form.name, &form.phone, &form.address, &form.hours).map_err(AppError::Validation)?;
    let c = &d.contact;
    let audit = entry(staff, "office.edit", &o.area_code, format!("{} | {} | {} | {}", d.name, c.phone, c.address, c.hours));
    if !store.update_office(&o.area_code, &d.name, &c.phone, &c.address, &c.hours, &now_text(), &audit).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Closes the office; its cases go to `hand_to`, another open office of the same district,
/// which must be named when it has any. How many moved.
pub async fn close(store: &Store, staff: &Staff, code: &Key, hand_to: &str) -> Result<i64, AppError> {
    let o = office_in_area(store, staff, code).await?;
    let district = &o.area_code[..6.min(o.area_code.len())];
    let target = match hand_to.trim() {
        "" => None,
        t => Some(store.office(t).await?.filter(|x| x.area_code != o.area_code && x.active == 1 && x.area_code.starts_with(district)).ok_or_else(|| invalid("hand_to", Problem::Required))?),
    };
    let audit = entry(staff, "office.close", &o.area_code, target.as_ref().map(|t| t.area_code.clone()).unwrap_or_default());
    let hand = target.as_ref().map(|t| (t.area_code.as_str(), t.name_zh.as_str()));
    store.set_office_open(&o.area_code, false, hand, &now_text(), &staff.full_name, &audit).await?.ok_or_else(|| invalid("hand_to", Problem::OfficeCasesNeedAHome { n: o.open_cases }))
}

pub async fn reopen(store: &Store, staff: &Staff, code: &Key) -> Result<(), AppError> {
    let o = office_in_area(store, staff, code).await?;
    store.set_office_open(&o.area_code, true, None, &now_text(), &staff.full_name, &entry(staff, "office.open", &o.area_code, String::new())).await?;
    Ok(())
}

fn invalid(field: &str, problem: Problem) -> AppError {
    AppError::Validation(vec![FieldError { field: field.into(), problem }])
}

/// How citizens reach the office `code`, as far as it has said.
pub async fn contact(store: &Store, code: &str) -> Result<OfficeContact, AppError> {
    Ok(store
        .office(code).await?
        .map(|o| OfficeContact { phone: o.phone.unwrap_or_default(), address: o.address.unwrap_or_default(), hours: o.hours.unwrap_or_default() })
        .unwrap_or_default())
}
