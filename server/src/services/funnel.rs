//! The district's funnel (#13 item 5): counting the stages that leave no case behind, and
//! the table of all seven stages by month for the district view. Counts only.

use app::domain::funnel::{by_month, Stage};
use app::error::AppError;
use app::i18n::{Lang, Msg};
use app::page_data::staff::DistrictTable;

use super::today_in_china;
use crate::store::Store;

/// One more at `stage` in `area` this month (Beijing), counted beside the request: a count
/// that fails is logged and never fails the page.
pub fn count(store: &Store, stage: Stage, area: &str) {
    debug_assert!(stage.counted());
    let (store, area) = (store.clone(), area.to_string());
    let month = today_in_china().to_string()[..7].to_string();
    tokio::spawn(async move {
        if let Err(e) = store.count_funnel(&month, &area, stage.code()).await {
            tracing::warn!(error = %e, stage = stage.code(), "a funnel count was lost");
        }
    });
}

/// The funnel under `area_prefix`, newest month first, in the reader's language.
pub async fn table(store: &Store, area_prefix: &str, lang: Lang) -> Result<DistrictTable, AppError> {
    let months = by_month(store.funnel(area_prefix).await?);
    let mut headers = vec![lang.t(Msg::DistrictMonth).to_string()];
    headers.extend(Stage::ALL.iter().map(|s| lang.t(s.label()).to_string()));
    let rows = months
        .into_iter()
        .map(|m| std::iter::once(m.month).chain(m.counts.iter().map(|n| n.to_string())).collect())
        .collect();
    Ok(DistrictTable { headers, rows, amount_columns: Vec::new() })
}
