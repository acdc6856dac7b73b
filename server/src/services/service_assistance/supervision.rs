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

/// Whose figures, from which month on, and today: the area checked once for every table.
struct Scope {
    area: AreaCode,
    from_month: String,
    today: app::domain::date::Date,
}

fn scope(staff: &Staff) -> Result<Scope, AppError> {
    may(staff, Action::SuperviseServices)?;
    let area = AreaCode::parse(&staff.area_code).map_err(|_| AppError::Forbidden)?;
    let today = today_in_china();
    let (y, m, _) = today.minus_months(MONTHS_SHOWN - 1).ymd();
    Ok(Scope { area, from_month: format!("{y:04}-{m:02}"), today })
}

async fn provider_lines(store: &Store, s: &Scope) -> Result<Vec<ProviderMonthLine>, AppError> {
    let params = crate::services::eligibility::parameter_set(store).await?;
    let line_at = params.lookup(ParamName::ProviderCompletionPercent, &s.area, s.today).map(|p| p.value);
    Ok(store
        .provider_months(s.area.prefix(), &s.from_month, &s.today.to_string())
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
        .collect())
}

async fn level_lines(store: &Store, s: &Scope, lang: Lang) -> Result<Vec<LevelMonthLine>, AppError> {
    Ok(store
        .level_months(s.area.prefix(), &s.from_month, &s.today.to_string())
        .await?
        .into_iter()
        .map(|l| LevelMonthLine { level: lang.t(level_label(&l.level)).to_string(), month: l.month, items: l.items, people: l.people, person_times: l.person_times })
        .collect())
}

pub async fn overview(store: &Store, staff: &Staff, lang: Lang) -> Result<SupervisionData, AppError> {
    let s = scope(staff)?;
    Ok(SupervisionData {
        area: crate::services::monitoring::area_name(store, s.area.as_str(), lang).await?,
        providers: provider_lines(store, &s).await?,
        levels: level_lines(store, &s, lang).await?,
        overdue: super::visits::overdue(store, staff, s.today, lang).await?,
    })
}

/// Which table a CSV holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    /// Per provider and month.
    Providers,
    /// Per level and month: items, people, person-times.
    Levels,
}

/// A table as CSV, the district view's way.
pub async fn csv(store: &Store, staff: &Staff, table: Table, lang: Lang) -> Result<String, AppError> {
    let s = scope(staff)?;
    let rows: Vec<Vec<String>> = match table {
        Table::Providers => {
            let header = ["provider", "month", "due", "delivered", "completion_percent", "confirmed", "satisfaction", "not_came", "overdue", "flagged"];
            let lines = provider_lines(store, &s).await?.into_iter().map(|p| {
                vec![p.provider, p.month, p.due.to_string(), p.delivered.to_string(), p.completion.to_string(), p.confirmed.to_string(), p.satisfaction, p.disputed.to_string(), p.overdue.to_string(), p.flagged.to_string()]
            });
            std::iter::once(header.map(String::from).to_vec()).chain(lines).collect()
        }
        Table::Levels => {
            let header = ["level", "month", "items", "people", "person_times"];
            let lines = level_lines(store, &s, lang).await?.into_iter().map(|l| vec![l.level, l.month, l.items.to_string(), l.people.to_string(), l.person_times.to_string()]);
            std::iter::once(header.map(String::from).to_vec()).chain(lines).collect()
        }
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in rows {
        w.write_record(row).map_err(|_| crate::services::failure("a CSV line could not be written"))?;
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
