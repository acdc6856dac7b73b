//! 服务机构: the district's providers, their contracts, and suspending or resuming one.

use app::domain::service_assistance::providers::{may_serve, read_provider, read_suspension, ProviderKind};
use app::domain::staff::Action;
use app::domain::text::Key;
use app::error::AppError;
use app::i18n::{Lang, Msg};
use app::page_data::service_assistance::{ProviderData, ProviderForm, ProviderLine, ProvidersData};

use super::{audit, district_of, may};
use crate::crypto::random_token;
use crate::services::staff::Staff;
use crate::services::{now_text, today_in_china};
use crate::store::{ProviderRow, Store};

fn line(p: &ProviderRow, lang: Lang) -> ProviderLine {
    let day = |s: &str| app::domain::date::Date::parse(s).ok();
    let serving = match (day(&p.contract_start), day(&p.contract_end)) {
        (Some(s), Some(e)) => may_serve(p.active == 1, s, e, today_in_china()),
        _ => false,
    };
    ProviderLine {
        id: p.id.clone(),
        name: p.name.clone(),
        kind: lang.t(if ProviderKind::from_code(&p.kind) == Some(ProviderKind::OwnTeam) { Msg::ProviderOwnTeam } else { Msg::ProviderOrganisation }).to_string(),
        contract: format!("{} · {} – {}", p.contract_number, p.contract_start, p.contract_end),
        active: p.active == 1,
        may_serve: serving,
        suspended_reason: p.suspended_reason.clone(),
        demo: p.demo == 1,
    }
}

pub async fn list(store: &Store, staff: &Staff, lang: Lang) -> Result<ProvidersData, AppError> {
    may(staff, Action::ManageProviders)?;
    let rows = store.providers_under(district_of(&staff.area_code)).await?.iter().map(|p| line(p, lang)).collect();
    Ok(ProvidersData { rows, ..ProvidersData::default() })
}

fn row_of(id: String, area: &str, f: &ProviderForm, staff: &Staff) -> Result<ProviderRow, AppError> {
    let d = read_provider(&f.name, &f.kind, &f.contract_number, &f.contract_start, &f.contract_end).map_err(AppError::Validation)?;
    Ok(ProviderRow {
        id,
        area_code: area.into(),
        name: d.name.as_str().into(),
        kind: d.kind.code().into(),
        contract_number: d.contract_number.as_str().into(),
        contract_start: d.contract_start.to_string(),
        contract_end: d.contract_end.to_string(),
        active: 1,
        suspended_reason: None,
        demo: 0,
        updated_by: Some(staff.id.clone()),
        updated_at: now_text(),
    })
}

pub async fn add(store: &Store, staff: &Staff, form: &ProviderForm) -> Result<String, AppError> {
    may(staff, Action::ManageProviders)?;
    let row = row_of(random_token(9), district_of(&staff.area_code), form, staff)?;
    store.save_provider(&row, true, &audit(staff, "provider.add", format!("provider:{}", row.id), row.name.clone())).await?;
    Ok(row.id)
}

async fn own(store: &Store, staff: &Staff, id: &Key) -> Result<ProviderRow, AppError> {
    may(staff, Action::ManageProviders)?;
    let p = store.provider(id.as_str()).await?.ok_or(AppError::NotFound)?;
    if p.area_code.starts_with(district_of(&staff.area_code)) { Ok(p) } else { Err(AppError::NotFound) }
}

pub async fn view(store: &Store, staff: &Staff, id: &Key, lang: Lang) -> Result<ProviderData, AppError> {
    let p = own(store, staff, id).await?;
    let form = ProviderForm { name: p.name.clone(), kind: p.kind.clone(), contract_number: p.contract_number.clone(), contract_start: p.contract_start.clone(), contract_end: p.contract_end.clone() };
    Ok(ProviderData { line: line(&p, lang), form, ..ProviderData::default() })
}

/// `edit` (the form), `suspend` (with a reason) or `resume`.
pub async fn change(store: &Store, staff: &Staff, id: &Key, action: &str, form: &ProviderForm, reason: &str) -> Result<(), AppError> {
    let p = own(store, staff, id).await?;
    let row = match action {
        "edit" => ProviderRow { active: p.active, suspended_reason: p.suspended_reason.clone(), demo: p.demo, ..row_of(p.id.clone(), &p.area_code, form, staff)? },
        "suspend" => {
            let why = read_suspension(reason).map_err(AppError::Validation)?;
            ProviderRow { active: 0, suspended_reason: Some(why.as_str().into()), updated_by: Some(staff.id.clone()), updated_at: now_text(), ..p.clone() }
        }
        "resume" => ProviderRow { active: 1, suspended_reason: None, updated_by: Some(staff.id.clone()), updated_at: now_text(), ..p.clone() },
        _ => return Err(AppError::NotFound),
    };
    let detail = row.suspended_reason.clone().unwrap_or_default();
    if store.save_provider(&row, false, &audit(staff, &format!("provider.{action}"), format!("provider:{}", p.id), detail)).await? { Ok(()) } else { Err(AppError::NotFound) }
}
