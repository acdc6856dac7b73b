//! 一户一条救助链: for one person of the register, everything the portal holds of their
//! household — applications, decisions, payments, warnings and what was done — oldest first.

use app::domain::monitoring::register::{Source, Tier};
use app::domain::monitoring::rules::Rule;
use app::domain::monitoring::warnings::Outcome;
use app::domain::money::Fen;
use app::domain::programme::Programme;
use app::domain::staff::Action;
use app::domain::text::Key;
use app::error::AppError;
use app::i18n::{fill, Lang, Msg};
use app::page_data::monitoring::{ChainEntry, HouseholdData};

use super::{area_name, log_read, may, reaches};
use crate::services::staff::Staff;
use crate::store::Store;

pub async fn chain(store: &Store, staff: &Staff, person_id: &Key, lang: Lang) -> Result<HouseholdData, AppError> {
    may(staff, Action::ViewWarnings)?;
    let person = store.register_person(person_id.as_str()).await?.ok_or(AppError::NotFound)?;
    if !reaches(staff, &person.area_code, &person.office_code) {
        return Err(AppError::NotFound);
    }
    log_read(store, staff, "household.view", format!("register:{}", person.id)).await?;
    let yuan = |fen: &str| fen.parse::<i64>().ok().and_then(|f| Fen::new(f).ok()).map(|f| fill(lang.t(Msg::AppYuan), &[("amount", f.yuan_text())])).unwrap_or_default();
    let entries = store
        .household_chain(&person)
        .await?
        .into_iter()
        .map(|l| {
            let case_link = l.reference.as_ref().map(|r| format!("/staff/cases/{r}"));
            let warning_link = l.reference.as_ref().map(|r| format!("/staff/monitoring/warnings/{r}"));
            let (what, detail, link) = match l.kind.as_str() {
                "applied" => (Msg::ChainApplied, Programme::from_code(&l.detail).map(|p| lang.t(p.name()).to_string()).unwrap_or(l.detail.clone()), case_link),
                "decision_approved" | "decision_provisional" => (Msg::ChainApproved, yuan(&l.detail), case_link),
                "decision_rejected" => (Msg::ChainRejected, String::new(), case_link),
                "payment" => (Msg::ChainPaid, yuan(&l.detail), case_link),
                "warning" => (Msg::ChainWarning, Rule::from_code(&l.detail).map(|r| lang.t(r.label()).to_string()).unwrap_or_default(), warning_link),
                "warning_closed" => (Msg::ChainWarningClosed, Outcome::from_code(&l.detail).map(|o| lang.t(o.label()).to_string()).unwrap_or_default(), warning_link),
                "assessment" => (Msg::ChainAssessment, app::domain::service_assistance::assessment::SelfCare::from_code(&l.detail).map(|s| lang.t(s.label()).to_string()).unwrap_or_default(), None),
                "plan_line" => (Msg::ChainPlanLine, l.detail.clone(), Some(format!("{}/{}", app::pages::staff::STAFF_PLANS, person.id))),
                "visit" => (Msg::ChainVisit, l.detail.clone(), None),
                "referral" => (
                    Msg::ReferralsTitle,
                    app::domain::service_assistance::referrals::ReferralKind::from_code(&l.detail).map(|k| lang.t(k.label()).to_string()).unwrap_or_default(),
                    l.reference.as_ref().map(|r| format!("{}/{r}", app::pages::staff::STAFF_REFERRALS)),
                ),
                "review" => (Msg::ChainReview, app::domain::monitoring::review::ReviewOutcome::from_code(&l.detail).map(|o| lang.t(o.label()).to_string()).unwrap_or_default(), None),
                _ => (Msg::ChainOther, l.detail.clone(), None),
            };
            let reference = l.reference.clone().filter(|_| l.kind.starts_with("decision") || l.kind == "applied" || l.kind == "payment");
            ChainEntry { when: lang.local_time(&l.at), what: lang.t(what).to_string(), detail: [reference.unwrap_or_default(), detail].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · "), link }
        })
        .collect();
    Ok(HouseholdData {
        name: person.name.clone(),
        id_masked: person.id_masked.clone(),
        tier: Tier::from_code(&person.tier).map(|t| lang.t(t.label()).to_string()).unwrap_or_default(),
        since: person.since.clone(),
        source: Source::from_code(&person.source).map(|s| lang.t(s.label()).to_string()).unwrap_or_default(),
        community: area_name(store, &person.area_code, lang).await?,
        entries,
        person_id: person.id.clone(),
        may_plan: app::domain::staff::allows(staff.role, Action::PlanServices),
    })
}
