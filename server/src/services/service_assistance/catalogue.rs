//! 服务清单: the items that reach the staff member's area from every level, and their own
//! level's items to add and change (a district officer the district's, a subdistrict
//! reviewer the subdistrict's, a community worker the community's).

use std::collections::HashMap;

use app::domain::application::steps::APPLY_PROGRAMMES;
use app::domain::area::AreaCode;
use app::domain::programme::Programme;
use app::domain::request::FieldError;
use app::domain::service_assistance::catalogue::{read_checklist, read_item, Category, ItemDraft, Level, Per};
use app::domain::staff::{allows, Action};
use app::domain::text::Key;
use app::error::AppError;
use app::i18n::{fill, Lang, Msg};
use app::page_data::service_assistance::{CatalogueData, ItemChoices, ItemData, ItemForm, ItemLine};

use super::{audit, district_of, may};
use crate::crypto::random_token;
use crate::services::monitoring::area_name;
use crate::services::staff::Staff;
use crate::services::now_text;
use crate::store::{ItemRow, Store};

pub(crate) fn level_label(level: &str) -> Msg {
    match level {
        "district" => Msg::LevelDistrict,
        "subdistrict" => Msg::LevelSubdistrict,
        _ => Msg::LevelCommunity,
    }
}

fn category_label(c: Category) -> Msg {
    match c {
        Category::Care => Msg::CategoryCare,
        Category::DailyLife => Msg::CategoryDailyLife,
        Category::Caring => Msg::CategoryCaring,
        Category::Referral => Msg::CategoryReferral,
    }
}

/// "每月 4 次" / "每周 2 次".
pub fn frequency_words(times: i64, per: &str, unit: &str, lang: Lang) -> String {
    let template = if per == "week" { Msg::FrequencyWeek } else { Msg::FrequencyMonth };
    fill(lang.t(template), &[("n", times.to_string()), ("unit", unit.to_string())])
}

async fn line(store: &Store, staff: &Staff, row: &ItemRow, provider_names: &HashMap<String, String>, lang: Lang) -> Result<ItemLine, AppError> {
    let programmes = row
        .programmes
        .split(',')
        .filter_map(Programme::from_code)
        .map(|p| lang.t(p.name()).to_string())
        .collect::<Vec<_>>()
        .join("、");
    let providers = store.item_providers(&row.id).await?.iter().filter_map(|id| provider_names.get(id).cloned()).collect::<Vec<_>>().join("、");
    Ok(ItemLine {
        id: row.id.clone(),
        name: row.name.clone(),
        offered_by: format!("{} · {}", area_name(store, &row.area_code, lang).await?, lang.t(level_label(&row.level))),
        category: Category::from_code(&row.category).map(|c| lang.t(category_label(c)).to_string()).unwrap_or_default(),
        frequency: frequency_words(row.times, &row.per, &row.unit, lang),
        programmes: if programmes.is_empty() { lang.t(Msg::ItemForAnyoneAssessed).to_string() } else { programmes },
        funding: row.funding.clone(),
        providers,
        demo: row.demo == 1,
        active: row.active == 1,
        own: row.area_code == staff.area_code && allows(staff.role, Action::ManageCatalogue),
    })
}

async fn choices(store: &Store, staff: &Staff, lang: Lang) -> Result<ItemChoices, AppError> {
    Ok(ItemChoices {
        categories: Category::ALL.iter().map(|c| (c.code().to_string(), lang.t(category_label(*c)).to_string())).collect(),
        programmes: APPLY_PROGRAMMES.iter().map(|p| (p.code().to_string(), lang.t(p.name()).to_string())).collect(),
        providers: store.providers_under(district_of(&staff.area_code)).await?.into_iter().filter(|p| p.active == 1).map(|p| (p.id, p.name)).collect(),
    })
}

/// The levels of the staff member's area whose items reach it, and their own level.
fn own_level(staff: &Staff) -> Option<(AreaCode, Level)> {
    let area = AreaCode::parse(&staff.area_code).ok()?;
    let level = Level::of(&area)?;
    Some((area, level))
}

pub async fn overview(store: &Store, staff: &Staff, lang: Lang) -> Result<CatalogueData, AppError> {
    may(staff, Action::ViewCase)?;
    let area = AreaCode::parse(&staff.area_code).map_err(|_| AppError::Forbidden)?;
    let above: Vec<String> = area.and_above().iter().map(|a| a.as_str().to_string()).collect();
    let providers: HashMap<String, String> = store.providers_under(district_of(&staff.area_code)).await?.into_iter().map(|p| (p.id, p.name)).collect();
    let mut items = Vec::new();
    for row in store.items_for(&above, Some(&staff.area_code)).await? {
        items.push(line(store, staff, &row, &providers, lang).await?);
    }
    let level = own_level(staff).filter(|_| allows(staff.role, Action::ManageCatalogue));
    let add_title = level
        .as_ref()
        .map(|(_, l)| fill(lang.t(Msg::CatalogueAddFor), &[("level", lang.t(level_label(l.code())).to_string())]))
        .unwrap_or_default();
    Ok(CatalogueData {
        items,
        may_add: level.is_some(),
        add_title,
        may_manage_providers: allows(staff.role, Action::ManageProviders),
        choices: choices(store, staff, lang).await?,
        form: ItemForm { per: "month".into(), ..ItemForm::default() },
        errors: Vec::new(),
        done: None,
    })
}

/// The item and its checklist, every problem named at once.
fn read(form: &ItemForm) -> Result<(ItemDraft, String), AppError> {
    let item = read_item(&form.name, &form.category, &form.unit, &form.times, &form.per, &form.programmes, &form.funding);
    let checklist = read_checklist(&form.checklist);
    match (item, checklist) {
        (Ok(item), Ok(lines)) => Ok((item, lines.iter().map(|l| l.as_str()).collect::<Vec<_>>().join("\n"))),
        (item, checklist) => {
            let mut errors = item.err().unwrap_or_default();
            if let Err(problem) = checklist {
                errors.push(FieldError { field: "checklist".into(), problem });
            }
            Err(AppError::Validation(errors))
        }
    }
}

/// Providers chosen on the form that the district really has (others are ignored, never stored).
async fn chosen_providers(store: &Store, staff: &Staff, form: &ItemForm) -> Result<Vec<String>, AppError> {
    let known: Vec<String> = store.providers_under(district_of(&staff.area_code)).await?.into_iter().filter(|p| p.active == 1).map(|p| p.id).collect();
    Ok(form.providers.iter().filter(|p| known.contains(p)).cloned().collect())
}

fn row_of(id: String, area: &AreaCode, level: Level, (d, checklist): &(ItemDraft, String), staff: &Staff, active: bool) -> ItemRow {
    ItemRow {
        id,
        area_code: area.as_str().to_string(),
        level: level.code().into(),
        name: d.name.as_str().into(),
        category: d.category.code().into(),
        unit: d.unit.as_str().into(),
        times: i64::from(d.frequency.times()),
        per: match d.frequency.per() {
            Per::Week => "week".into(),
            Per::Month => "month".into(),
        },
        programmes: d.programmes.iter().map(|p| p.code()).collect::<Vec<_>>().join(","),
        funding: d.funding.as_str().into(),
        checklist: checklist.clone(),
        active: i64::from(active),
        demo: 0,
        updated_by: Some(staff.id.clone()),
        updated_at: now_text(),
    }
}

/// Adds an item for the staff member's own level and area.
pub async fn add(store: &Store, staff: &Staff, form: &ItemForm) -> Result<String, AppError> {
    may(staff, Action::ManageCatalogue)?;
    let (area, level) = own_level(staff).ok_or(AppError::Forbidden)?;
    let draft = read(form)?;
    let row = row_of(random_token(9), &area, level, &draft, staff, true);
    let providers = chosen_providers(store, staff, form).await?;
    store.save_item(&row, &providers, true, &audit(staff, "catalogue.add", format!("service_item:{}", row.id), row.name.clone())).await?;
    Ok(row.id)
}

/// An item the reader may see: offered at their area or above it, or under it.
async fn visible(store: &Store, staff: &Staff, id: &Key) -> Result<ItemRow, AppError> {
    may(staff, Action::ViewCase)?;
    let row = store.item(id.as_str()).await?.ok_or(AppError::NotFound)?;
    let (Ok(mine), Ok(offered)) = (AreaCode::parse(&staff.area_code), AreaCode::parse(&row.area_code)) else { return Err(AppError::NotFound) };
    // Offered at the reader's area or above it (it reaches them), or under it (they oversee it).
    if offered.contains(&mine) || mine.contains(&offered) { Ok(row) } else { Err(AppError::NotFound) }
}

pub async fn item(store: &Store, staff: &Staff, id: &Key, lang: Lang) -> Result<ItemData, AppError> {
    let row = visible(store, staff, id).await?;
    let providers: HashMap<String, String> = store.providers_under(district_of(&staff.area_code)).await?.into_iter().map(|p| (p.id, p.name)).collect();
    let form = ItemForm {
        name: row.name.clone(),
        category: row.category.clone(),
        unit: row.unit.clone(),
        times: row.times.to_string(),
        per: row.per.clone(),
        programmes: row.programmes.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect(),
        funding: row.funding.clone(),
        providers: store.item_providers(&row.id).await?,
        checklist: row.checklist.clone(),
    };
    Ok(ItemData { line: line(store, staff, &row, &providers, lang).await?, choices: choices(store, staff, lang).await?, form, errors: Vec::new(), done: None })
}

/// Changes, retires (`active` false) or restores an item of the reader's own level and area.
pub async fn save(store: &Store, staff: &Staff, id: &Key, form: Option<&ItemForm>, active: bool) -> Result<(), AppError> {
    let row = visible(store, staff, id).await?;
    may(staff, Action::ManageCatalogue)?;
    if row.area_code != staff.area_code {
        return Err(AppError::Forbidden);
    }
    let (area, level) = own_level(staff).ok_or(AppError::Forbidden)?;
    let (new_row, providers, action) = match form {
        Some(f) => (row_of(row.id.clone(), &area, level, &read(f)?, staff, active), chosen_providers(store, staff, f).await?, "catalogue.change"),
        None => (ItemRow { active: i64::from(active), updated_by: Some(staff.id.clone()), updated_at: now_text(), ..row.clone() }, store.item_providers(&row.id).await?, if active { "catalogue.restore" } else { "catalogue.retire" }),
    };
    let new_row = ItemRow { demo: row.demo, ..new_row };
    if store.save_item(&new_row, &providers, false, &audit(staff, action, format!("service_item:{}", row.id), new_row.name.clone())).await? { Ok(()) } else { Err(AppError::NotFound) }
}
