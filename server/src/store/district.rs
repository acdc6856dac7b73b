//! Figures for the district view: per office, per month and programme, and 容缺 outcomes.

use sqlx::Row;

use super::{bind_area, Store, StoreError, UNDER_AREA};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfficeFigures {
    pub office_code: String,
    pub open: i64,
    pub overdue: i64,
    pub decided: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthFigures {
    pub month: String,
    pub programme: String,
    pub decision: String,
    pub cases: i64,
    pub amount_fen: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
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
               CAST(SUM(CASE WHEN status IN ('submitted', 'more_info') AND accept_by < $3 THEN 1 ELSE 0 END) AS BIGINT) AS overdue, \
               CAST(SUM(CASE WHEN decision IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS decided \
             FROM applications WHERE {UNDER_AREA} GROUP BY office_code ORDER BY office_code"
        );
        let rows = bind_area(sqlx::query(&sql), area_prefix)
            .bind(today)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| Ok(OfficeFigures { office_code: r.try_get("office_code")?, open: r.try_get("open")?, overdue: r.try_get("overdue")?, decided: r.try_get("decided")? }))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    pub async fn month_figures(&self, area_prefix: &str) -> Result<Vec<MonthFigures>, StoreError> {
        let sql = format!(
            "SELECT substr(decided_at, 1, 7) AS month, programme, decision, CAST(COUNT(*) AS BIGINT) AS cases, CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) AS amount \
             FROM applications WHERE {UNDER_AREA} AND decision IS NOT NULL \
             GROUP BY substr(decided_at, 1, 7), programme, decision ORDER BY month, programme, decision"
        );
        let rows = bind_area(sqlx::query(&sql), area_prefix)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(MonthFigures {
                    month: r.try_get("month")?,
                    programme: r.try_get("programme")?,
                    decision: r.try_get("decision")?,
                    cases: r.try_get("cases")?,
                    amount_fen: r.try_get("amount")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    pub async fn rongque_figures(&self, area_prefix: &str) -> Result<Vec<RongqueFigures>, StoreError> {
        let sql = format!(
            "SELECT reference, office_code, status, verification, CAST(COALESCE(recovery_fen, 0) AS BIGINT) AS recovery FROM applications \
             WHERE {UNDER_AREA} AND decision = 'provisional' ORDER BY decided_at, reference"
        );
        let rows = bind_area(sqlx::query(&sql), area_prefix)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(RongqueFigures {
                    reference: r.try_get("reference")?,
                    office_code: r.try_get("office_code")?,
                    status: r.try_get("status")?,
                    verification: r.try_get("verification")?,
                    recovery_fen: r.try_get("recovery")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }
}
