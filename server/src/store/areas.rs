//! The division tree. It changes only when a server seeds it from the list compiled into
//! its binary (areas are added, never changed or removed, but for an English name filled
//! in), and every page that routes, picks or names an office reads it, so each server holds
//! the whole tree (some 600 rows) in memory: read again after `AREAS_FRESH_FOR`, at once
//! after this server seeds, and when a code is asked for that it does not hold.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use sqlx::FromRow;

use super::{Store, StoreError};

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct AreaRow {
    pub code: String,
    pub parent_code: Option<String>,
    pub level: i64,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub source: String,
    pub vintage: String,
}

const COLUMNS: &str = "code, parent_code, level, name_zh, name_en, source, vintage";

fn from_row(row: &sqlx::any::AnyRow) -> Result<AreaRow, sqlx::Error> {
    AreaRow::from_row(row)
}

/// How long a server trusts the tree it holds: a new area seeded by another server (a
/// newer release during a rolling upgrade) is offered here within this time.
const AREAS_FRESH_FOR: Duration = Duration::from_secs(60);

/// The tree by code, by parent and by level, each list in code order.
#[derive(Debug, Default)]
pub(crate) struct AreaIndex {
    by_code: HashMap<String, AreaRow>,
    children: HashMap<String, Vec<AreaRow>>,
    at_level: HashMap<i64, Vec<AreaRow>>,
}

impl AreaIndex {
    /// `rows` in code order.
    fn of(rows: Vec<AreaRow>) -> Self {
        let mut index = AreaIndex::default();
        for row in rows {
            if let Some(parent) = &row.parent_code {
                index.children.entry(parent.clone()).or_default().push(row.clone());
            }
            index.at_level.entry(row.level).or_default().push(row.clone());
            index.by_code.insert(row.code.clone(), row);
        }
        index
    }
}

/// The tree a server holds, shared by the clones of its `Store`.
pub(crate) type HeldAreas = super::held::Held<AreaIndex>;

pub(crate) fn held_areas() -> HeldAreas {
    HeldAreas::new(AREAS_FRESH_FOR)
}

impl Store {
    pub async fn area(&self, code: &str) -> Result<Option<AreaRow>, StoreError> {
        if let Some(found) = self.area_index().await?.by_code.get(code) {
            return Ok(Some(found.clone()));
        }
        // Not among the areas held: perhaps seeded since by another server (a newer list).
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM areas WHERE code = $1"))
            .bind(code)
            .fetch_optional(self.pool())
            .await?;
        let found = row.as_ref().map(from_row).transpose()?;
        if found.is_some() {
            self.areas.forget();
        }
        Ok(found)
    }

    /// The areas directly under `parent`, in code order (the order official lists use).
    pub async fn area_children(&self, parent: &str) -> Result<Vec<AreaRow>, StoreError> {
        Ok(self.area_index().await?.children.get(parent).cloned().unwrap_or_default())
    }

    /// Every area of one level (e.g. the districts the portal serves), in code order.
    pub async fn areas_at_level(&self, level: i64) -> Result<Vec<AreaRow>, StoreError> {
        Ok(self.area_index().await?.at_level.get(&level).cloned().unwrap_or_default())
    }

    /// The tree as this server holds it, read again when older than `AREAS_FRESH_FOR`.
    async fn area_index(&self) -> Result<Arc<AreaIndex>, StoreError> {
        if let Some(held) = self.areas.fresh() {
            return Ok(held);
        }
        let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM areas ORDER BY code")).fetch_all(self.pool()).await?;
        let index = Arc::new(AreaIndex::of(rows.iter().map(from_row).collect::<Result<_, _>>()?));
        self.areas.hold(index.clone());
        Ok(index)
    }

    pub async fn area_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) AS n FROM areas").fetch_one(self.pool()).await?)
    }

    /// Adds an area unless its code exists; returns whether it was added.
    pub async fn insert_area(&self, area: &AreaRow) -> Result<bool, StoreError> {
        let mut conn = self.pool().acquire().await?;
        let added = insert_area(&mut conn, area).await?;
        self.areas.forget();
        Ok(added)
    }
}

pub(super) async fn insert_area(conn: &mut sqlx::AnyConnection, area: &AreaRow) -> Result<bool, StoreError> {
    {
        let done = sqlx::query(&format!(
            "INSERT INTO areas ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (code) DO NOTHING"
        ))
        .bind(&area.code)
        .bind(&area.parent_code)
        .bind(area.level)
        .bind(&area.name_zh)
        .bind(&area.name_en)
        .bind(&area.source)
        .bind(&area.vintage)
        .execute(&mut *conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}

impl Store {
    /// Whether an active office handles applications from this subdistrict or town.
    pub async fn office_is_active(&self, area_code: &str) -> Result<bool, StoreError> {
        let active: Option<i64> = sqlx::query_scalar("SELECT active FROM offices WHERE area_code = $1").bind(area_code).fetch_optional(self.pool()).await?;
        Ok(active == Some(1))
    }

    pub async fn set_office_active(&self, area_code: &str, name_zh: &str, active: bool) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO offices (area_code, name_zh, active) VALUES ($1, $2, $3) ON CONFLICT (area_code) DO UPDATE SET active = excluded.active",
        )
        .bind(area_code)
        .bind(name_zh)
        .bind(i64::from(active))
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
