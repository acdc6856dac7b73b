//! 一户一条救助链: one household's applications, decisions, payments and warnings, oldest first.

use leptos::prelude::*;
use leptos_meta::Title;

use super::STAFF_REGISTER;
use crate::i18n::{use_lang, Msg};
use crate::page_data::monitoring::HouseholdData;

#[component]
pub fn HouseholdPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<HouseholdData>().unwrap_or_default();
    let entries: Vec<_> = d
        .entries
        .iter()
        .map(|e| {
            let what = match &e.link {
                Some(href) => view! { <a href=href.clone()>{e.what.clone()}</a> }.into_any(),
                None => e.what.clone().into_any(),
            };
            view! { <li><p class="hint">{e.when.clone()}</p><p><strong>{what}</strong> " " {e.detail.clone()}</p></li> }
        })
        .collect();
    let empty = d.entries.is_empty().then(|| view! { <p>{lang.t(Msg::ChainEmpty)}</p> });
    view! {
        <Title text=lang.t(Msg::ChainTitle)/>
        <a class="back-link" href=STAFF_REGISTER>{lang.t(Msg::RegisterTitle)}</a>
        <h1>{lang.t(Msg::ChainTitle)} " · " {d.name.clone()}</h1>
        <dl class="summary" id="person">
            <div><dt>{lang.t(Msg::RegisterColId)}</dt><dd>{d.id_masked.clone()}</dd></div>
            <div><dt>{lang.t(Msg::RegisterTier)}</dt><dd>{d.tier.clone()} " · " {d.since.clone()}</dd></div>
            <div><dt>{lang.t(Msg::RegisterColSource)}</dt><dd>{d.source.clone()}</dd></div>
            <div><dt>{lang.t(Msg::RegisterColCommunity)}</dt><dd>{d.community.clone()}</dd></div>
        </dl>
        {d.may_plan.then(|| view! {
            <p id="service-links">
                <a href=format!("{}/{}", crate::pages::staff::STAFF_ASSESSMENTS, d.person_id)>{lang.t(Msg::AssessmentTitle)}</a>
                " · "
                <a href=format!("{}/{}", crate::pages::staff::STAFF_PLANS, d.person_id) id="plan-link">{lang.t(Msg::PlanTitle)}</a>
            </p>
        })}
        {empty}
        <ol class="timeline" id="chain">{entries}</ol>
    }
}
