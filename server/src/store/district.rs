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
    /// The month of the decision (UTC stamp's month).
    pub month: String,
    pub programme: String,
    /// Where the cases stand now, not what was first decided.
    pub status: String,
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

/// Payments of one kind (`regular`, `correction`, `emergency`) in one month of payment.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct PaymentFigures {
    pub month: String,
    pub kind: String,
    pub payments: i64,
    pub amount_fen: i64,
}

impl Store {
    /// What was paid, by the month it was paid in (`paid_on` is a day in China) and kind.
    pub async fn payment_figures(&self, area_prefix: &str) -> Result<Vec<PaymentFigures>, StoreError> {
        let sql = format!(
            "SELECT substr(p.paid_on, 1, 7) AS month, p.kind, CAST(COUNT(*) AS BIGINT) AS payments, CAST(SUM(p.amount_fen) AS BIGINT) AS amount_fen \
             FROM payments p JOIN applications a ON a.id = p.application_id WHERE {} \
             GROUP BY substr(p.paid_on, 1, 7), p.kind ORDER BY month, p.kind",
            UNDER_AREA.replace("area_code", "a.area_code")
        );
        let rows = bind_area(sqlx::query(&sql), area_prefix).fetch_all(self.pool()).await?;
        rows.iter().map(PaymentFigures::from_row).collect::<Result<_, sqlx::Error>>().map_err(StoreError::from)
    }

    /// Everything to be recovered in the area: 容缺 cases cancelled or stopped, and
    /// emergency help beyond a decision where the area recovers it.
    pub async fn recovery_total(&self, area_prefix: &str) -> Result<i64, StoreError> {
        let sql = format!("SELECT CAST(COALESCE(SUM(recovery_fen), 0) AS BIGINT) FROM applications WHERE {UNDER_AREA}");
        Ok(sqlx::query_scalar(&sql).bind(area_prefix.to_string()).bind(format!("{area_prefix}:")).fetch_one(self.pool()).await?)
    }

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
            "SELECT substr(decided_at, 1, 7) AS month, programme, status, CAST(COUNT(*) AS BIGINT) AS cases, CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) AS amount_fen \
             FROM applications WHERE {UNDER_AREA} AND decision IS NOT NULL \
             GROUP BY substr(decided_at, 1, 7), programme, status ORDER BY month, programme, status"
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
