//! 服务类社会救助 (#15): providers and the catalogue of service items. Each change is written
//! with its audit entry; the demonstration's catalogue is seeded once by id.

use sqlx::{Any, Transaction};

use super::audit::{append_in, AuditEntry};
use super::write::retried;
use super::{Store, StoreError};

const CATALOGUE_TOML: &str = include_str!("../../data/service_catalogue.toml");

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ProviderRow {
    pub id: String,
    pub area_code: String,
    pub name: String,
    pub kind: String,
    pub contract_number: String,
    pub contract_start: String,
    pub contract_end: String,
    pub active: i64,
    pub suspended_reason: Option<String>,
    pub demo: i64,
    pub updated_by: Option<String>,
    pub updated_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ItemRow {
    pub id: String,
    pub area_code: String,
    pub level: String,
    pub name: String,
    pub category: String,
    pub unit: String,
    pub times: i64,
    pub per: String,
    /// Programme codes, comma separated; empty for anyone an assessment finds in need.
    pub programmes: String,
    pub funding: String,
    /// What a worker ticks off on a visit, one line each.
    pub checklist: String,
    pub active: i64,
    pub demo: i64,
    pub updated_by: Option<String>,
    pub updated_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct AssessmentRow {
    pub id: String,
    /// None while it belongs to an application whose subject the register does not hold yet.
    pub person_id: Option<String>,
    pub self_care: String,
    pub living_alone: i64,
    /// Catalogue item ids, comma separated.
    pub needs: String,
    pub hazards: String,
    pub assessed_on: String,
    pub assessed_by: String,
    pub recorded_at: String,
    /// The application whose home visit it was made on, if any.
    pub application_id: Option<String>,
}

#[derive(serde::Deserialize)]
struct CatalogueFile {
    providers: Vec<SeedProvider>,
    items: Vec<SeedItem>,
}

#[derive(serde::Deserialize)]
struct SeedProvider {
    id: String,
    area: String,
    name: String,
    kind: String,
    contract_number: String,
    contract_start: String,
    contract_end: String,
}

#[derive(serde::Deserialize)]
struct SeedItem {
    id: String,
    area: String,
    name: String,
    category: String,
    unit: String,
    times: i64,
    per: String,
    programmes: Vec<String>,
    funding: String,
    #[serde(default)]
    checklist: Vec<String>,
    providers: Vec<String>,
}

fn level_of(area: &str) -> &'static str {
    match area.len() {
        6 => "district",
        9 => "subdistrict",
        _ => "community",
    }
}

/// The demonstration catalogue, inserted where its ids are not yet present.
pub(crate) async fn seed_catalogue(tx: &mut Transaction<'_, Any>, at: &str) -> Result<(), StoreError> {
    let file: CatalogueFile = toml::from_str(CATALOGUE_TOML).map_err(|e| StoreError::Query(format!("data/service_catalogue.toml: {}", e.message())))?;
    for p in &file.providers {
        let row = ProviderRow {
            id: p.id.clone(),
            area_code: p.area.clone(),
            name: p.name.clone(),
            kind: p.kind.clone(),
            contract_number: p.contract_number.clone(),
            contract_start: p.contract_start.clone(),
            contract_end: p.contract_end.clone(),
            active: 1,
            suspended_reason: None,
            demo: 1,
            updated_by: None,
            updated_at: at.into(),
        };
        insert_provider_in(tx, &row, " ON CONFLICT (id) DO NOTHING").await?;
    }
    for i in &file.items {
        let row = ItemRow {
            id: i.id.clone(),
            area_code: i.area.clone(),
            level: level_of(&i.area).into(),
            name: i.name.clone(),
            category: i.category.clone(),
            unit: i.unit.clone(),
            times: i.times,
            per: i.per.clone(),
            programmes: i.programmes.join(","),
            funding: i.funding.clone(),
            checklist: i.checklist.join("\n"),
            active: 1,
            demo: 1,
            updated_by: None,
            updated_at: at.into(),
        };
        if insert_item_in(tx, &row, " ON CONFLICT (id) DO NOTHING").await? {
            set_item_providers(tx, &row.id, &i.providers).await?;
        } else {
            // Items seeded before checklists existed get theirs once.
            sqlx::query("UPDATE service_items SET checklist = $1 WHERE id = $2 AND checklist = ''").bind(&row.checklist).bind(&row.id).execute(&mut **tx).await?;
        }
    }
    Ok(())
}

async fn insert_provider_in(tx: &mut Transaction<'_, Any>, p: &ProviderRow, tail: &str) -> Result<bool, StoreError> {
    Ok(sqlx::query(&format!(
        "INSERT INTO service_providers (id, area_code, name, kind, contract_number, contract_start, contract_end, active, suspended_reason, demo, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12){tail}"
    ))
    .bind(&p.id)
    .bind(&p.area_code)
    .bind(&p.name)
    .bind(&p.kind)
    .bind(&p.contract_number)
    .bind(&p.contract_start)
    .bind(&p.contract_end)
    .bind(p.active)
    .bind(&p.suspended_reason)
    .bind(p.demo)
    .bind(&p.updated_by)
    .bind(&p.updated_at)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        > 0)
}

async fn insert_item_in(tx: &mut Transaction<'_, Any>, i: &ItemRow, tail: &str) -> Result<bool, StoreError> {
    Ok(sqlx::query(&format!(
        "INSERT INTO service_items (id, area_code, level, name, category, unit, times, per, programmes, funding, active, demo, updated_by, updated_at, checklist) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15){tail}"
    ))
    .bind(&i.id)
    .bind(&i.area_code)
    .bind(&i.level)
    .bind(&i.name)
    .bind(&i.category)
    .bind(&i.unit)
    .bind(i.times)
    .bind(&i.per)
    .bind(&i.programmes)
    .bind(&i.funding)
    .bind(i.active)
    .bind(i.demo)
    .bind(&i.updated_by)
    .bind(&i.updated_at)
    .bind(&i.checklist)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        > 0)
}

async fn set_item_providers(tx: &mut Transaction<'_, Any>, item: &str, providers: &[String]) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM service_item_providers WHERE item_id = $1").bind(item).execute(&mut **tx).await?;
    for p in providers {
        sqlx::query("INSERT INTO service_item_providers (item_id, provider_id) VALUES ($1, $2) ON CONFLICT DO NOTHING").bind(item).bind(p).execute(&mut **tx).await?;
    }
    Ok(())
}

const ITEM_COLUMNS: &str = "id, area_code, level, name, category, unit, times, per, programmes, funding, checklist, active, demo, updated_by, updated_at";
const PROVIDER_COLUMNS: &str = "id, area_code, name, kind, contract_number, contract_start, contract_end, active, suspended_reason, demo, updated_by, updated_at";

impl Store {
    /// The providers of an area and everything under it, by name.
    pub async fn providers_under(&self, area_prefix: &str) -> Result<Vec<ProviderRow>, StoreError> {
        Ok(sqlx::query_as(&format!("SELECT {PROVIDER_COLUMNS} FROM service_providers WHERE area_code >= $1 AND area_code < $2 ORDER BY name, id"))
            .bind(area_prefix)
            .bind(format!("{area_prefix}:"))
            .fetch_all(self.pool())
            .await?)
    }

    pub async fn provider(&self, id: &str) -> Result<Option<ProviderRow>, StoreError> {
        Ok(sqlx::query_as(&format!("SELECT {PROVIDER_COLUMNS} FROM service_providers WHERE id = $1")).bind(id).fetch_optional(self.pool()).await?)
    }

    /// A new provider, or the changed details of one (`false` when there is no such provider).
    pub async fn save_provider(&self, p: &ProviderRow, new: bool, audit: &AuditEntry) -> Result<bool, StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            let done = if new {
                insert_provider_in(&mut tx, p, "").await?
            } else {
                sqlx::query(
                    "UPDATE service_providers SET name = $1, kind = $2, contract_number = $3, contract_start = $4, contract_end = $5, \
                     active = $6, suspended_reason = $7, updated_by = $8, updated_at = $9 WHERE id = $10",
                )
                .bind(&p.name)
                .bind(&p.kind)
                .bind(&p.contract_number)
                .bind(&p.contract_start)
                .bind(&p.contract_end)
                .bind(p.active)
                .bind(&p.suspended_reason)
                .bind(&p.updated_by)
                .bind(&p.updated_at)
                .bind(&p.id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                    > 0
            };
            if !done {
                tx.rollback().await?;
                return Ok(false);
            }
            append_in(&mut tx, audit).await?;
            tx.commit().await?;
            Ok(true)
        })
        .await
    }

    /// The items offered in these exact areas (a home's levels) or anywhere under `below`
    /// (a district officer's whole district), by level then name.
    pub async fn items_for(&self, areas: &[String], below: Option<&str>) -> Result<Vec<ItemRow>, StoreError> {
        let mut sql = super::sql::Sql::new(format!("SELECT {ITEM_COLUMNS} FROM service_items WHERE area_code IN ("));
        sql.push_list(areas.iter().cloned()).push(")");
        if let Some(prefix) = below {
            sql.push(" OR (area_code >= ").push_bind(prefix.to_string()).push(" AND area_code < ").push_bind(format!("{prefix}:")).push(")");
        }
        sql.push(" ORDER BY LENGTH(area_code), area_code, name, id");
        let rows = sql.query().fetch_all(self.pool()).await?;
        use sqlx::FromRow;
        Ok(rows.iter().map(ItemRow::from_row).collect::<Result<_, _>>()?)
    }

    pub async fn item(&self, id: &str) -> Result<Option<ItemRow>, StoreError> {
        Ok(sqlx::query_as(&format!("SELECT {ITEM_COLUMNS} FROM service_items WHERE id = $1")).bind(id).fetch_optional(self.pool()).await?)
    }

    /// The ids of the providers that deliver an item.
    /// The providers of each of these items, in one read: (item id, provider), by item then
    /// provider.
    pub async fn providers_of_items(&self, items: &[String]) -> Result<Vec<(String, ProviderRow)>, StoreError> {
        use sqlx::{FromRow, Row};
        if items.is_empty() {
            return Ok(Vec::new());
        }
        let columns: Vec<String> = PROVIDER_COLUMNS.split(", ").map(|c| format!("p.{c}")).collect();
        let mut sql = super::sql::Sql::new(format!(
            "SELECT ip.item_id, {} FROM service_item_providers ip JOIN service_providers p ON p.id = ip.provider_id WHERE ip.item_id IN (",
            columns.join(", ")
        ));
        sql.push_list(items.iter().cloned()).push(") ORDER BY ip.item_id, ip.provider_id");
        let mut out = Vec::new();
        for r in sql.query().fetch_all(self.pool()).await? {
            out.push((r.try_get::<String, _>("item_id")?, ProviderRow::from_row(&r)?));
        }
        Ok(out)
    }

    pub async fn item_providers(&self, item: &str) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT provider_id FROM service_item_providers WHERE item_id = $1 ORDER BY provider_id").bind(item).fetch_all(self.pool()).await?)
    }

    /// A new item or the changed one, with its providers (`false` when there is no such item).
    pub async fn save_item(&self, i: &ItemRow, providers: &[String], new: bool, audit: &AuditEntry) -> Result<bool, StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            let done = if new {
                insert_item_in(&mut tx, i, "").await?
            } else {
                sqlx::query(
                    "UPDATE service_items SET name = $1, category = $2, unit = $3, times = $4, per = $5, programmes = $6, funding = $7, \
                     active = $8, updated_by = $9, updated_at = $10, checklist = $12 WHERE id = $11",
                )
                .bind(&i.name)
                .bind(&i.category)
                .bind(&i.unit)
                .bind(i.times)
                .bind(&i.per)
                .bind(&i.programmes)
                .bind(&i.funding)
                .bind(i.active)
                .bind(&i.updated_by)
                .bind(&i.updated_at)
                .bind(&i.id)
                .bind(&i.checklist)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                    > 0
            };
            if !done {
                tx.rollback().await?;
                return Ok(false);
            }
            set_item_providers(&mut tx, &i.id, providers).await?;
            append_in(&mut tx, audit).await?;
            tx.commit().await?;
            Ok(true)
        })
        .await
    }

    pub async fn insert_assessment(&self, a: &AssessmentRow, audit: &AuditEntry) -> Result<(), StoreError> {
        let a = a.clone();
        self.changed_with_audit(
            || {
                sqlx::query(
                    "INSERT INTO needs_assessments (id, person_id, self_care, living_alone, needs, hazards, assessed_on, assessed_by, recorded_at, application_id) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(a.id.clone())
                .bind(a.person_id.clone())
                .bind(a.self_care.clone())
                .bind(a.living_alone)
                .bind(a.needs.clone())
                .bind(a.hazards.clone())
                .bind(a.assessed_on.clone())
                .bind(a.assessed_by.clone())
                .bind(a.recorded_at.clone())
                .bind(a.application_id.clone())
            },
            audit,
        )
        .await?;
        Ok(())
    }

    pub async fn assessments_of(&self, person_id: &str) -> Result<Vec<AssessmentRow>, StoreError> {
        Ok(sqlx::query_as(&format!("SELECT {ASSESSMENT_COLUMNS} FROM needs_assessments WHERE person_id = $1 ORDER BY assessed_on, recorded_at, id")).bind(person_id).fetch_all(self.pool()).await?)
    }

    /// The assessments made on an application's home visits, whether or not they have their
    /// person yet.
    pub async fn assessments_of_application(&self, application_id: &str) -> Result<Vec<AssessmentRow>, StoreError> {
        Ok(sqlx::query_as(&format!("SELECT {ASSESSMENT_COLUMNS} FROM needs_assessments WHERE application_id = $1 ORDER BY assessed_on, recorded_at, id"))
            .bind(application_id)
            .fetch_all(self.pool())
            .await?)
    }
}

const ASSESSMENT_COLUMNS: &str = "id, person_id, self_care, living_alone, needs, hazards, assessed_on, assessed_by, recorded_at, application_id";

/// The decision that puts an application's subject in the register gives the assessments of
/// its home visits their person, in the decision's transaction.
/// The person is found by the index the register was just written under (its row's id, not
/// the one proposed, when the person was already there).
pub(crate) async fn adopt_assessments_in(tx: &mut Transaction<'_, Any>, application_id: &str, id_index: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE needs_assessments SET person_id = (SELECT id FROM register_people WHERE id_index = $1) WHERE application_id = $2 AND person_id IS NULL")
        .bind(id_index)
        .bind(application_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
