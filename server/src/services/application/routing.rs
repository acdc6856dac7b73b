//! Routing (POLICY.md §5): by the actual residence to the subdistrict or town office, and
//! the division lists one level at a time.

use app::domain::area::AreaLevel;
use app::domain::request::{FieldError, Problem};
use app::error::AppError;
use app::i18n::Lang;
use app::domain::area::AreaChoice;
use app::page_data::staff::TransferOffice;

use crate::store::{AreaRow, Store};

use super::choices;

pub(super) fn office_name(lang: Lang, district: Option<&AreaRow>, subdistrict: &AreaRow) -> String {
    let name = |a: &AreaRow| match (lang, &a.name_en) {
        (Lang::En, Some(en)) => en.clone(),
        _ => a.name_zh.clone(),
    };
    let sub = name(subdistrict);
    match district {
        Some(d) => app::i18n::fill(lang.t(app::i18n::Msg::OfficeName), &[("district", name(d)), ("subdistrict", sub)]),
        None => sub,
    }
}

/// The names of these divisions in the person's language (the code, where one is unknown).
pub async fn place_names(store: &Store, codes: &[&str], lang: Lang) -> Result<Vec<String>, AppError> {
    let mut names = Vec::new();
    for code in codes {
        let name = match store.area(code).await? {
            Some(a) => AreaChoice { code: a.code, name_zh: a.name_zh, name_en: a.name_en }.name(lang).to_string(),
            None => code.to_string(),
        };
        names.push(name);
    }
    Ok(names)
}

/// The office that handles an application from this community: its subdistrict or town.
/// The rule (POLICY.md §5): by the actual residence — never the hukou — to the office of
/// the subdistrict or town the community lies in, if that office has joined the portal.
pub async fn route(store: &Store, community: &str, lang: Lang) -> Result<(AreaRow, String), AppError> {
    let unknown = || AppError::Validation(vec![FieldError { field: "community".into(), problem: Problem::UnknownArea }]);
    let not_covered = || AppError::Validation(vec![FieldError { field: "community".into(), problem: Problem::NoOffice }]);
    let area = store.area(community).await?.ok_or_else(unknown)?;
    if area.level != AreaLevel::Community.number() {
        return Err(unknown());
    }
    let office_code = area.parent_code.clone().ok_or_else(not_covered)?;
    let office = store.area(&office_code).await?.ok_or_else(not_covered)?;
    if office.level != AreaLevel::Subdistrict.number() || !store.office_is_active(&office.code).await? {
        return Err(not_covered());
    }
    let district = match &office.parent_code {
        Some(p) => store.area(p).await?,
        None => None,
    };
    let name = office_name(lang, district.as_ref(), &office);
    Ok((office, name))
}

/// The divisions directly under `code` (for the picker, one level at a time); an unknown
/// code is "not found".
pub async fn area_children(store: &Store, code: &str) -> Result<Vec<AreaChoice>, AppError> {
    if store.area(code).await?.is_none() {
        return Err(AppError::NotFound);
    }
    Ok(choices(store.area_children(code).await?))
}

/// Where a case from `community` may be sent by a transfer: every other office of its
/// district that has joined the portal, with its communities.
pub async fn transfer_targets(store: &Store, community: &str, lang: Lang) -> Result<Vec<TransferOffice>, AppError> {
    let (Some(district_code), Some(own_office)) = (community.get(..6), community.get(..9)) else { return Ok(Vec::new()) };
    let district = store.area(district_code).await?;
    let mut offices = Vec::new();
    for sub in store.area_children(district_code).await? {
        if sub.code == own_office || sub.level != AreaLevel::Subdistrict.number() || !store.office_is_active(&sub.code).await? {
            continue;
        }
        let communities = choices(store.area_children(&sub.code).await?);
        if !communities.is_empty() {
            offices.push(TransferOffice { name: office_name(lang, district.as_ref(), &sub), communities });
        }
    }
    Ok(offices)
}

/// The communities a staff member whose area is `area` may register a resident in, by
/// office: their own community, the communities of their office, or every office's of their
/// district (offices that have joined the portal only).
pub async fn communities_within(store: &Store, area: &str, lang: Lang) -> Result<Vec<TransferOffice>, AppError> {
    let Some(district_code) = area.get(..6) else { return Ok(Vec::new()) };
    let district = store.area(district_code).await?;
    let mut offices = Vec::new();
    for sub in store.area_children(district_code).await? {
        let inside = sub.code.starts_with(area) || area.starts_with(&sub.code);
        if !inside || sub.level != AreaLevel::Subdistrict.number() || !store.office_is_active(&sub.code).await? {
            continue;
        }
        let mut communities = choices(store.area_children(&sub.code).await?);
        communities.retain(|c| c.code.starts_with(area));
        if !communities.is_empty() {
            offices.push(TransferOffice { name: office_name(lang, district.as_ref(), &sub), communities });
        }
    }
    Ok(offices)
}
