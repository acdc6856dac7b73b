//! The division tree.

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

impl Store {
    pub async fn area(&self, code: &str) -> Result<Option<AreaRow>, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM areas WHERE code = $1"))
            .bind(code)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.as_ref().map(from_row).transpose()?)
    }

    /// The areas directly under `parent`, in code order (the order official lists use).
    pub async fn area_children(&self, parent: &str) -> Result<Vec<AreaRow>, StoreError> {
        let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM areas WHERE parent_code = $1 ORDER BY code"))
            .bind(parent)
            .fetch_all(self.pool())
            .await?;
        Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
    }

    /// Every area of one level (e.g. the districts the portal serves), in code order.
    pub async fn areas_at_level(&self, level: i64) -> Result<Vec<AreaRow>, StoreError> {
        let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM areas WHERE level = $1 ORDER BY code"))
            .bind(level)
            .fetch_all(self.pool())
            .await?;
        Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
    }

    pub async fn area_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) AS n FROM areas").fetch_one(self.pool()).await?)
    }

    /// Adds an area unless its code exists; returns whether it was added.
    pub async fn insert_area(&self, area: &AreaRow) -> Result<bool, StoreError> {
        let mut conn = self.pool().acquire().await?;
        insert_area(&mut conn, area).await
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
