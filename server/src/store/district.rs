//! Figures for the district view: per office, per month and programme, and 容缺 outcomes.

use sqlx::FromRow;

use super::{bind_area, Store, StoreError, UNDER_AREA};

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct OfficeFigures {
    pub office_code: String,
    pub open: i64,
    pub overdue: i64,
    pub decided: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct MonthFigures {
    pub month: String,
    pub programme: String,
    pub decision: String,
    pub cases: i64,
    pub amount_fen: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct RongqueFigures {
    pub reference: String,
    pub office_code: String,
    pub status: String,
    pub verification: Option<String>,
    pub recovery_fen: i64,
}

impl Store {
    pub async fn office_figures(&self, area_prefix: &str, today: &str) -> Result<Vec<OfficeFigures>, StoreError> {
        let sql = format!(
            "SELECT office_code, \
               CAST(SUM(CASE WHEN status IN ('submitted', 'more_info', 'accepted', 'provisionally_approved') THEN 1 ELSE 0 END) AS BIGINT) AS open, \
               CAST(SUM(CASE WHEN clock IS NOT NULL AND due_on < $3 THEN 1 ELSE 0 END) AS BIGINT) AS overdue, \
               CAST(SUM(CASE WHEN decision IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS decided \
             FROM applications WHERE {UNDER_AREA} GROUP BY office_code ORDER BY office_code"
        );
        let rows = bind_area(sqlx::query(&sql), area_prefix)
            .bind(today)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(OfficeFigures::from_row)
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    pub async fn month_figures(&self, area_prefix: &str) -> Result<Vec<MonthFigures>, StoreError> {
        let sql = format!(
            "SELECT substr(decided_at, 1, 7) AS month, programme, decision, CAST(COUNT(*) AS BIGINT) AS cases, CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) AS amount_fen \
             FROM applications WHERE {UNDER_AREA} AND decision IS NOT NULL \
             GROUP BY substr(decided_at, 1, 7), programme, decision ORDER BY month, programme, decision"
        );
        let rows = bind_area(sqlx::query(&sql), area_prefix)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(MonthFigures::from_row)
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    pub async fn rongque_figures(&self, area_prefix: &str) -> Result<Vec<RongqueFigures>, StoreError> {
        let sql = format!(
            "SELECT reference, office_code, status, verification, CAST(COALESCE(recovery_fen, 0) AS BIGINT) AS recovery_fen FROM applications \
             WHERE {UNDER_AREA} AND decision = 'provisional' ORDER BY decided_at, reference"
        );
        let rows = bind_area(sqlx::query(&sql), area_prefix)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(RongqueFigures::from_row)
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }
}
