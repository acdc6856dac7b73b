//! The district's funnel: counters for the stages that leave no case, and the later stages
//! read from the cases themselves.

use super::{Store, StoreError, UNDER_AREA};

impl Store {
    /// One more at `stage` in `month` and `area` (one statement: servers never lose a count).
    pub async fn count_funnel(&self, month: &str, area: &str, stage: &str) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO funnel_counts (month, area, stage, n) VALUES ($1, $2, $3, 1) ON CONFLICT (month, area, stage) DO UPDATE SET n = funnel_counts.n + 1")
            .bind(month)
            .bind(area)
            .bind(stage)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// (month, stage, count) for everything under `area_prefix`: the counters, then
    /// submissions, decisions, payments and confirmations by the month they happened
    /// (each application once per month and stage).
    pub async fn funnel(&self, area_prefix: &str) -> Result<Vec<(String, String, i64)>, StoreError> {
        let under = |column: &str| UNDER_AREA.replace("area_code", column);
        let sql = format!(
            "SELECT month, stage, CAST(SUM(n) AS BIGINT) AS n FROM funnel_counts WHERE {counted} GROUP BY month, stage \
             UNION ALL SELECT substr(submitted_at, 1, 7), 'submitted', CAST(COUNT(*) AS BIGINT) FROM applications WHERE {apps} GROUP BY substr(submitted_at, 1, 7) \
             UNION ALL SELECT substr(decided_at, 1, 7), 'decided', CAST(COUNT(*) AS BIGINT) FROM applications WHERE decided_at IS NOT NULL AND {apps} GROUP BY substr(decided_at, 1, 7) \
             UNION ALL SELECT substr(p.paid_on, 1, 7), 'paid', CAST(COUNT(DISTINCT p.application_id) AS BIGINT) FROM payments p JOIN applications a ON a.id = p.application_id \
               WHERE {joined} GROUP BY substr(p.paid_on, 1, 7) \
             UNION ALL SELECT substr(p.arrival_at, 1, 7), 'received', CAST(COUNT(DISTINCT p.application_id) AS BIGINT) FROM payments p JOIN applications a ON a.id = p.application_id \
               WHERE p.arrival = 'received' AND {joined} GROUP BY substr(p.arrival_at, 1, 7)",
            counted = under("area"),
            apps = UNDER_AREA,
            joined = under("a.area_code"),
        );
        Ok(sqlx::query_as(&sql).bind(area_prefix.to_string()).bind(format!("{area_prefix}:")).fetch_all(self.pool()).await?)
    }
}
