//! Real-name details. The ID number arrives here already sealed by the service.

use sqlx::FromRow;

use super::{Store, StoreError};

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct IdentityRow {
    pub citizen_id: String,
    pub full_name: String,
    pub id_number_sealed: String,
    pub id_number_masked: String,
    pub birth_date: String,
    pub verified_by: String,
    pub verified_at: String,
    pub consent_notice: String,
    pub consent_at: String,
}

const COLUMNS: &str = "citizen_id, full_name, id_number_sealed, id_number_masked, birth_date, verified_by, verified_at, consent_notice, consent_at";

impl Store {
    /// Records or replaces a citizen's details (a correction replaces the whole row).
    pub async fn save_identity(&self, r: &IdentityRow) -> Result<(), StoreError> {
        sqlx::query(&format!(
            "INSERT INTO citizen_identities ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (citizen_id) DO UPDATE SET full_name = excluded.full_name, id_number_sealed = excluded.id_number_sealed, \
             id_number_masked = excluded.id_number_masked, birth_date = excluded.birth_date, verified_by = excluded.verified_by, \
             verified_at = excluded.verified_at, consent_notice = excluded.consent_notice, consent_at = excluded.consent_at"
        ))
        .bind(&r.citizen_id)
        .bind(&r.full_name)
        .bind(&r.id_number_sealed)
        .bind(&r.id_number_masked)
        .bind(&r.birth_date)
        .bind(&r.verified_by)
        .bind(&r.verified_at)
        .bind(&r.consent_notice)
        .bind(&r.consent_at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The citizen a live session belongs to and their recorded details, if any, in one
    /// statement: every page of the application asks for both.
    pub async fn session_identity(&self, token_hash: &str, now: i64) -> Result<Option<(String, Option<IdentityRow>)>, StoreError> {
        use sqlx::Row;
        // Built once: every application page runs it.
        static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
            let columns = COLUMNS.split(", ").map(|c| format!("i.{c}")).collect::<Vec<_>>().join(", ");
            format!(
                "SELECT s.citizen_id AS session_citizen, {columns} FROM citizen_sessions s \
                 LEFT JOIN citizen_identities i ON i.citizen_id = s.citizen_id WHERE s.token_hash = $1 AND s.expires_at > $2"
            )
        });
        let row = sqlx::query(SQL.as_str())
        .bind(token_hash)
        .bind(now)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let citizen: String = row.try_get("session_citizen")?;
        let recorded = match row.try_get::<Option<String>, _>("citizen_id")? {
            Some(_) => Some(IdentityRow::from_row(&row)?),
            None => None,
        };
        Ok(Some((citizen, recorded)))
    }

    pub async fn identity(&self, citizen_id: &str) -> Result<Option<IdentityRow>, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM citizen_identities WHERE citizen_id = $1"))
            .bind(citizen_id)
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| IdentityRow::from_row(&r))
        .transpose()
        .map_err(|e: sqlx::Error| e.into())
    }
}
