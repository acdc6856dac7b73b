//! 监管: each provider's month (due, delivered, confirmed, satisfaction, "没有来", overdue),
//! each level's month (items, people, person-times) and the visits overdue now.

use leptos::prelude::*;
use leptos_meta::Title;

use super::plan::visit_items;
use crate::i18n::{use_lang, Msg};
use crate::page_data::service_plans::SupervisionData;
use crate::paths;

#[component]
pub fn SupervisionPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<SupervisionData>().unwrap_or_default();
    let th = |m: Msg| view! { <th scope="col">{lang.t(m)}</th> };
    let providers: Vec<_> = d
        .providers
        .iter()
        .map(|p| {
            view! {
                <tr class:flagged=p.flagged>
                    <td>{p.provider.clone()}{p.flagged.then(|| view! { " "<span class="tag tag-warning">{lang.t(Msg::SupervisionFlagged)}</span> })}</td>
                    <td>{p.month.clone()}</td><td>{p.due}</td><td>{p.delivered}</td><td>{format!("{}%", p.completion)}</td>
                    <td>{p.confirmed}</td><td>{p.satisfaction.clone()}</td><td>{p.disputed}</td><td>{p.overdue}</td>
                </tr>
            }
        })
        .collect();
    let levels: Vec<_> = d.levels.iter().map(|l| view! { <tr><td>{l.level.clone()}</td><td>{l.month.clone()}</td><td>{l.items}</td><td>{l.people}</td><td>{l.person_times}</td></tr> }).collect();
    view! {
        <Title text=lang.t(Msg::SupervisionTitle)/>
        <a class="back-link" href=paths::STAFF>{lang.t(Msg::BtnBack)}</a>
        <h1>{lang.t(Msg::SupervisionTitle)}</h1>
        <p class="hint">{d.area.clone()}</p>
        <h2>{lang.t(Msg::SupervisionProviders)}</h2>
        <div class="table-wrap"><table id="providers">
            <thead><tr>
                {th(Msg::PlanColProvider)}{th(Msg::SupervisionMonth)}{th(Msg::SupervisionDue)}{th(Msg::SupervisionDelivered)}{th(Msg::SupervisionCompletion)}
                {th(Msg::SupervisionConfirmed)}{th(Msg::SupervisionSatisfaction)}{th(Msg::SupervisionNotCame)}{th(Msg::SupervisionOverdue)}
            </tr></thead>
            <tbody>{providers}</tbody>
        </table></div>
        <p><a href="/staff/services/supervision.csv" download id="providers-csv">{lang.t(Msg::DistrictCsv)}</a></p>
        <h2>{lang.t(Msg::SupervisionLevels)}</h2>
        <div class="table-wrap"><table id="levels">
            <thead><tr>{th(Msg::SupervisionLevel)}{th(Msg::SupervisionMonth)}{th(Msg::SupervisionItems)}{th(Msg::SupervisionPeople)}{th(Msg::SupervisionPersonTimes)}</tr></thead>
            <tbody>{levels}</tbody>
        </table></div>
        <p><a href="/staff/services/supervision.csv?table=levels" download id="levels-csv">{lang.t(Msg::DistrictCsv)}</a></p>
        <h2>{lang.t(Msg::SupervisionOverdueList)}</h2>
        {if d.overdue.is_empty() { view! { <p id="overdue">{lang.t(Msg::SupervisionNoneOverdue)}</p> }.into_any() } else { view! { <ul id="overdue">{visit_items(&d.overdue, lang)}</ul> }.into_any() }}
    }
}
