//! The checker page's data: districts offered, the parameters when the post may reach the
//! results, and the questionnaire state after the submitted form.

use app::domain::area::AreaLevel;
use app::i18n::Lang;
use app::domain::area::AreaChoice;
use app::domain::checker::{advance, may_reach_results, start, CheckPageData};
use app::domain::params::ParameterSet;
use app::error::AppError;

use super::{eligibility::residents_parameter_set, today_in_china};
use crate::store::Store;

pub async fn page_data(store: &Store, fields: Vec<(String, String)>, lang: Lang) -> Result<CheckPageData, AppError> {
    let areas = store
        .areas_at_level(AreaLevel::District.number()).await?
        .into_iter()
        .map(|a| AreaChoice { code: a.code, name_zh: a.name_zh, name_en: a.name_en })
        .collect();
    // Every parameter row is read only for the results (a GET of /check, a question page: none).
    let params = if may_reach_results(&fields) { residents_parameter_set(store).await? } else { ParameterSet::default() };
    let mut data = CheckPageData { lang, today: today_in_china(), areas, params, wizard: start() };
    if !fields.is_empty() {
        let posted = fields.clone();
        data.wizard = advance(fields, &data);
        // The funnel: a check started, or its results seen, in the district chosen.
        if let Some(stage) = app::domain::funnel::after_checker_post(&posted, &data.wizard) {
            super::funnel::count(store, stage, data.wizard.answers.get("area"));
        }
    }
    Ok(data)
}
