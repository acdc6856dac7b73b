//! 监管 (#15 item 10): per provider and month, visits due against delivered, confirmed by the
//! person, satisfaction, "没有来" reports and overdue ones; per level and month, items, people
//! served and person-times (人次); and the overdue list. A provider whose completion falls
//! under `provider_completion_percent` is flagged.

use app::domain::area::AreaCode;
use app::domain::params::ParamName;
use app::domain::staff::Action;
use app::error::AppError;
use app::i18n::Lang;
use app::page_data::service_plans::{LevelMonthLine, ProviderMonthLine, SupervisionData};

use super::catalogue::level_label;
use super::may;
use crate::services::staff::Staff;
use crate::services::today_in_china;
use crate::store::Store;

/// The table covers this many months back from the current one.
const MONTHS_SHOWN: i64 = 6;

/// Delivered of due, in whole percent (100 when nothing was due).
pub fn completion(delivered: i64, due: i64) -> i64 {
    if due <= 0 { 100 } else { delivered * 100 / due }
}

pub async fn overview(store: &Store, staff: &Staff, lang: Lang) -> Result<SupervisionData, AppError> {
    may(staff, Action::SuperviseServices)?;
    let area = AreaCode::parse(&staff.area_code).map_err(|_| AppError::Forbidden)?;
    let today = today_in_china();
    let (y, m, _) = today.minus_months(MONTHS_SHOWN - 1).ymd();
    let from_month = format!("{y:04}-{m:02}");
    let params = crate::services::eligibility::parameter_set(store).await?;
    let line_at = params.lookup(ParamName::ProviderCompletionPercent, &area, today).map(|p| p.value);
    let providers = store
        .provider_months(area.prefix(), &from_month, &today.to_string())
        .await?
        .into_iter()
        .map(|p| {
            let done = completion(p.delivered, p.due);
            // Only days already past count against a provider: the rest of the month is to come.
            let judged = p.delivered + p.overdue;
            ProviderMonthLine {
                flagged: line_at.is_some_and(|line| judged > 0 && completion(p.delivered, judged) < line),
                provider: p.provider_name,
                month: p.month,
                due: p.due,
                delivered: p.delivered,
                completion: done,
                confirmed: p.confirmed,
                satisfaction: if p.satisfaction_count > 0 { format!("{:.1}", p.satisfaction_sum as f64 / p.satisfaction_count as f64) } else { "—".into() },
                disputed: p.disputed,
                overdue: p.overdue,
            }
        })
        .collect();
    let levels = store
        .level_months(area.prefix(), &from_month, &today.to_string())
        .await?
        .into_iter()
        .map(|l| LevelMonthLine { level: lang.t(level_label(&l.level)).to_string(), month: l.month, items: l.items, people: l.people, person_times: l.person_times })
        .collect();
    let overdue = super::visits::overdue(store, staff, today, lang).await?;
    Ok(SupervisionData { area: crate::services::monitoring::area_name(store, area.as_str(), lang).await?, providers, levels, overdue })
}

/// The provider table as CSV, the district view's way.
pub async fn csv(store: &Store, staff: &Staff, lang: Lang) -> Result<String, AppError> {
    let d = overview(store, staff, lang).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = ["provider", "month", "due", "delivered", "completion_percent", "confirmed", "satisfaction", "not_came", "overdue", "flagged"];
    let fail = |_| crate::services::failure("a CSV line could not be written");
    w.write_record(header).map_err(fail)?;
    for p in &d.providers {
        let row = [p.provider.clone(), p.month.clone(), p.due.to_string(), p.delivered.to_string(), p.completion.to_string(), p.confirmed.to_string(), p.satisfaction.clone(), p.disputed.to_string(), p.overdue.to_string(), p.flagged.to_string()];
        w.write_record(row).map_err(fail)?;
    }
    let bytes = w.into_inner().map_err(|_| crate::services::failure("a CSV could not be finished"))?;
    String::from_utf8(bytes).map_err(|_| crate::services::failure("a CSV was not UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::completion;

    #[test]
    fn completion_is_delivered_of_due() {
        assert_eq!(completion(9, 10), 90);
        assert_eq!(completion(0, 0), 100);
        assert_eq!(completion(2, 3), 66);
    }
}
