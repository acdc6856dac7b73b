//! Policy parameters as stored rows.

use app::domain::area::AreaCode;
use app::domain::date::Date;
use app::domain::params::{ParamName, Parameter};

use std::sync::Arc;
use std::time::Duration;

use super::{Store, StoreError};

/// A stored row before its area, name and date are parsed.
#[derive(sqlx::FromRow)]
struct ParameterRow {
    area_code: String,
    name: String,
    value: i64,
    effective_from: String,
    demo: i64,
    source: String,
}

/// How long a server answers residents from the parameters it holds. A value approved on
/// another server is in use here within this time; this server's own approvals at once.
const PARAMETERS_FRESH_FOR: Duration = Duration::from_secs(10);

pub(crate) type HeldParameters = super::held::Held<Vec<Parameter>>;

pub(crate) fn held_parameters() -> HeldParameters {
    HeldParameters::new(PARAMETERS_FRESH_FOR)
}

impl Store {
    /// Every parameter row as this server holds it, at most `PARAMETERS_FRESH_FOR` old: for
    /// residents' pages (the checker, the application), read on every request. A staff
    /// decision reads `parameters`, as the table is at that moment, because it is later
    /// explained with the rows known at its time.
    pub async fn held_parameters(&self) -> Result<Arc<Vec<Parameter>>, StoreError> {
        if let Some(held) = self.parameters.fresh() {
            return Ok(held);
        }
        let rows = Arc::new(self.parameters().await?);
        self.parameters.hold(rows.clone());
        Ok(rows)
    }

    /// The next `held_parameters` reads the table (after this server adds a row).
    pub(crate) fn forget_parameters(&self) {
        self.parameters.forget();
    }

    /// Every parameter row.
    pub async fn parameters(&self) -> Result<Vec<Parameter>, StoreError> {
        let rows: Vec<ParameterRow> = sqlx::query_as(
            "SELECT area_code, name, value, effective_from, demo, source FROM policy_parameters",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(parsed(rows))
    }

    /// The rows known at the moment `at` (UTC text): those from the parameter file and those
    /// approved by then. A decision is re-explained with these, whatever was approved later.
    pub async fn parameters_known_at(&self, at: &str) -> Result<Vec<Parameter>, StoreError> {
        let rows: Vec<ParameterRow> = sqlx::query_as(
            "SELECT area_code, name, value, effective_from, demo, source FROM policy_parameters WHERE recorded_at IS NULL OR recorded_at <= $1",
        )
        .bind(at)
        .fetch_all(self.pool())
        .await?;
        Ok(parsed(rows))
    }

    /// Adds a parameter row unless one exists for the same area, name and date.
    pub async fn insert_parameter(&self, p: &Parameter) -> Result<bool, StoreError> {
        let mut conn = self.pool().acquire().await?;
        let added = insert_parameter(&mut conn, p).await;
        self.forget_parameters();
        added
    }
}

/// Rows whose name or values this build does not know are skipped with a warning (a newer
/// server may have added them).
fn parsed(rows: Vec<ParameterRow>) -> Vec<Parameter> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let ParameterRow {
            area_code: area,
            name,
            value,
            effective_from: from,
            demo,
            source,
        } = row;
        let parsed = (
            AreaCode::parse(&area).ok(),
            ParamName::from_code(&name),
            Date::parse(&from).ok(),
        );
        let (Some(area), Some(name), Some(effective_from)) = parsed else {
            tracing::warn!(
                area,
                name,
                from,
                "skipping a parameter row this build cannot read"
            );
            continue;
        };
        let p = Parameter {
            area,
            name,
            value,
            effective_from,
            demo: demo == 1,
            source,
        };
        match p.check() {
            Ok(()) => out.push(p),
            Err(e) => tracing::warn!(error = %e, "skipping an out-of-bounds parameter row"),
        }
    }
    out
}

pub(super) async fn insert_parameter(
    conn: &mut sqlx::AnyConnection,
    p: &Parameter,
) -> Result<bool, StoreError> {
    {
        let done = sqlx::query(
            "INSERT INTO policy_parameters (area_code, name, value, effective_from, demo, source) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (area_code, name, effective_from) DO NOTHING",
        )
        .bind(p.area.as_str())
        .bind(p.name.code())
        .bind(p.value)
        .bind(p.effective_from.to_string())
        .bind(i64::from(p.demo))
        .bind(&p.source)
        .execute(&mut *conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
