//! Staff accounts and their sessions.

use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use super::{Store, StoreError};

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct StaffRow {
    pub id: String,
    pub username: String,
    pub full_name: String,
    pub password_hash: String,
    pub role: String,
    pub area_code: String,
    #[sqlx(skip)]
    pub active: bool,
    pub created_at: String,
    /// For texting the person (a setup link); optional.
    pub phone: Option<String>,
    /// A provider worker's provider; none for every other role.
    pub provider_id: Option<String>,
}

const COLUMNS: &str = "id, username, full_name, password_hash, role, area_code, active, created_at, phone, provider_id";

fn staff_row(r: &AnyRow) -> Result<StaffRow, sqlx::Error> {
    let mut row = StaffRow::from_row(r)?;
    row.active = r.try_get::<i64, _>("active")? != 0;
    Ok(row)
}

impl Store {
    /// `false` when the username is taken.
    pub async fn insert_staff(&self, s: &StaffRow) -> Result<bool, StoreError> {
        let done = sqlx::query(&format!("INSERT INTO staff ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (username) DO NOTHING"))
            .bind(&s.id)
            .bind(&s.username)
            .bind(&s.full_name)
            .bind(&s.password_hash)
            .bind(&s.role)
            .bind(&s.area_code)
            .bind(i64::from(s.active))
            .bind(&s.created_at)
            .bind(&s.phone)
            .bind(&s.provider_id)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn staff_by_username(&self, username: &app::domain::text::Key) -> Result<Option<StaffRow>, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM staff WHERE username = $1")).bind(username.as_str()).fetch_optional(self.pool()).await?;
        Ok(row.as_ref().map(staff_row).transpose()?)
    }

    pub async fn staff_by_id(&self, id: &str) -> Result<Option<StaffRow>, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM staff WHERE id = $1")).bind(id).fetch_optional(self.pool()).await?;
        Ok(row.as_ref().map(staff_row).transpose()?)
    }

    pub async fn insert_staff_session(&self, token_hash: &str, staff_id: &str, at: i64, expires_at: i64) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO staff_sessions (token_hash, staff_id, created_at, last_seen, expires_at) VALUES ($1, $2, $3, $3, $4)")
            .bind(token_hash)
            .bind(staff_id)
            .bind(at)
            .bind(expires_at)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// The staff member of a live session, marking it used now. A session idle longer than
    /// `idle` seconds or past its absolute expiry is gone.
    pub async fn touch_staff_session(&self, token_hash: &str, now: i64, idle: i64) -> Result<Option<String>, StoreError> {
        let done = sqlx::query("UPDATE staff_sessions SET last_seen = $1 WHERE token_hash = $2 AND expires_at > $1 AND last_seen > $3")
            .bind(now)
            .bind(token_hash)
            .bind(now - idle)
            .execute(self.pool())
            .await?;
        if done.rows_affected() == 0 {
            sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1").bind(token_hash).execute(self.pool()).await?;
            return Ok(None);
        }
        Ok(sqlx::query_scalar("SELECT staff_id FROM staff_sessions WHERE token_hash = $1").bind(token_hash).fetch_optional(self.pool()).await?)
    }

    pub async fn insert_staff_device(&self, token_hash: &str, staff_id: &str, at: i64) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO staff_devices (token_hash, staff_id, created_at, last_used_at) VALUES ($1, $2, $3, $3)")
            .bind(token_hash)
            .bind(staff_id)
            .bind(at)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Whether the device token was given to this staff member, used since `since`; marks it used.
    pub async fn known_staff_device(&self, token_hash: &str, staff_id: &str, since: i64, now: i64) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE staff_devices SET last_used_at = $1 WHERE token_hash = $2 AND staff_id = $3 AND last_used_at >= $4")
            .bind(now)
            .bind(token_hash)
            .bind(staff_id)
            .bind(since)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn delete_staff_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1").bind(token_hash).execute(self.pool()).await?;
        Ok(())
    }
}
