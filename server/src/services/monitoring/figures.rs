//! The district view's monitoring table: warnings by month and rule, how many were checked
//! within the limit, what was done, and how many people were helped after one.

use app::domain::monitoring::rules::Rule;
use app::domain::monitoring::warnings::Outcome;
use app::error::AppError;
use app::i18n::{Lang, Msg};
use app::page_data::staff::DistrictTable;

use crate::services::today_in_china;
use crate::store::Store;

/// "12 (80%)": a count and its share of `of`.
fn share(n: i64, of: i64) -> String {
    if of == 0 { n.to_string() } else { format!("{n} ({}%)", n * 100 / of) }
}

pub async fn table(store: &Store, area: &str, lang: Lang) -> Result<DistrictTable, AppError> {
    let helped: Vec<&str> = Outcome::ALL.iter().filter(|o| o.leads_to_help()).map(|o| o.code()).collect();
    let rows = store
        .warning_figures(area, &helped, &today_in_china().to_string())
        .await?
        .into_iter()
        .map(|f| {
            let rule = Rule::from_code(&f.rule).map(|r| lang.t(r.label()).to_string()).unwrap_or(f.rule.clone());
            vec![f.month, rule, f.raised.to_string(), f.closed.to_string(), share(f.closed_in_time, f.closed), share(f.helped, f.closed), f.assisted.to_string(), f.open_overdue.to_string()]
        })
        .collect();
    let headers = [Msg::DistrictMonth, Msg::DistrictWarningRule, Msg::DistrictWarningsRaised, Msg::DistrictWarningsClosed, Msg::DistrictWarningsInTime, Msg::DistrictWarningsHelped, Msg::DistrictWarningsAssisted, Msg::DistrictOverdue];
    Ok(DistrictTable { headers: headers.iter().map(|m| lang.t(*m).to_string()).collect(), rows, amount_columns: Vec::new() })
}

#[cfg(test)]
mod tests {
    #[test]
    fn shares_are_whole_percentages_of_the_closed() {
        assert_eq!(super::share(4, 5), "4 (80%)");
        assert_eq!(super::share(0, 0), "0");
        assert_eq!(super::share(1, 3), "1 (33%)");
    }
}
