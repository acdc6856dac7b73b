//! 政策参数: the values in force for a district officer's district, the proposals waiting
//! for a second officer, the form to propose a new dated value, and each parameter's history.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::error_summary;
use crate::i18n::{fill, use_lang, Lang, Msg};
use crate::page_data::administration::{ParameterHistoryData, ParametersData, ProposalLine};
use crate::paths;
use super::labelled_input;

pub const STAFF_PARAMETERS: &str = "/staff/parameters";

/// Where a proposal is decided: `…/proposals/{id}/approve` or `…/refuse`.
pub fn decide_path(id: &str, how: &str) -> String {
    format!("{STAFF_PARAMETERS}/proposals/{id}/{how}")
}

fn proposal(p: &ProposalLine, lang: Lang) -> impl IntoView {
    let decide = (p.pending && !p.own).then(|| {
        view! {
            <form method="post" action=decide_path(&p.id, "approve") class="inline-form">
                <button type="submit" class="button">{lang.t(Msg::ParamsApprove)}</button>
            </form>
            <form method="post" action=decide_path(&p.id, "refuse") novalidate>
                <div class="field">
                    <label for=format!("note-{}", p.id)>{lang.t(Msg::ParamsRefuseNote)}</label>
                    <input id=format!("note-{}", p.id) name="note" type="text"/>
                </div>
                <button type="submit" class="button button-secondary">{lang.t(Msg::ParamsRefuse)}</button>
            </form>
        }
    });
    view! {
        <li class="proposal" data-id=p.id.clone()>
            <p><strong>{p.label.clone()}</strong> " → " {p.value.clone()} " · " {p.from.clone()}</p>
            <p class="hint">{p.source.clone()}</p>
            <p class="hint">{p.proposed.clone()}</p>
            <p><span class="tag">{p.status.clone()}</span> " " {p.decided.clone()} {p.note.clone().map(|n| view! { " · " {n} })}</p>
            {(p.pending && p.own).then(|| view! { <p class="notice">{lang.t(Msg::ParamsOwn)}</p> })}
            {decide}
        </li>
    }
}

#[component]
pub fn ParametersPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<ParametersData>().unwrap_or_default();
    let rows: Vec<_> = d
        .in_force
        .iter()
        .map(|l| {
            view! {
                <tr data-code=l.code.clone()>
                    <th scope="row"><a href=format!("{STAFF_PARAMETERS}/history/{}", l.code)>{l.label.clone()}</a></th>
                    <td class="value">{l.value.clone()} {l.demo.then(|| view! { " " <span class="hint">{lang.t(Msg::ParamsDemo)}</span> })}</td>
                    <td>{l.from.clone()}</td>
                    <td>{l.area.clone()}</td>
                    <td>{l.source.clone()}</td>
                </tr>
            }
        })
        .collect();
    let pending: Vec<_> = d.pending.iter().map(|p| proposal(p, lang)).collect();
    let options: Vec<_> = d.options.iter().map(|(code, label)| view! { <option value=code.clone() selected=*code == d.form.name>{label.clone()}</option> }).collect();
    let input = |name: &'static str, label: Msg, value: String| labelled_input(&d.errors, lang, name, label, value, false);
    view! {
        <Title text=lang.t(Msg::ParamsTitle)/>
        <a class="back-link" href=paths::STAFF>{lang.t(Msg::BtnBack)}</a>
        <h1>{lang.t(Msg::ParamsTitle)}</h1>
        {error_summary(&d.errors, lang)}
        {d.done.clone().map(|t| view! { <p class="notice" id="done" role="status">{t}</p> })}
        <p class="lead">{lang.t(Msg::ParamsIntro)}</p>
        <h2>{lang.t(Msg::ParamsPending)}</h2>
        {if pending.is_empty() { view! { <p id="pending">{lang.t(Msg::ParamsNonePending)}</p> }.into_any() } else { view! { <ul class="plain-list" id="pending">{pending}</ul> }.into_any() }}
        <h2 id="propose">{lang.t(Msg::ParamsPropose)}</h2>
        <form method="post" action=STAFF_PARAMETERS novalidate>
            <div class="field">
                <label for="name">{lang.t(Msg::ParamsColName)}</label>
                <select id="name" name="name">{options}</select>
            </div>
            {input("value", Msg::ParamsFieldValue, d.form.value.clone())}
            <p class="hint">{lang.t(Msg::ParamsFieldValueHint)}</p>
            {input("effective_from", Msg::ParamsFieldFrom, d.form.effective_from.clone())}
            <p class="hint">{lang.t(Msg::ParamsFieldFromHint)}</p>
            {input("source", Msg::ParamsFieldSource, d.form.source.clone())}
            <button type="submit" class="button">{lang.t(Msg::ParamsSubmit)}</button>
        </form>
        <h2>{fill(lang.t(Msg::ParamsInForce), &[("area", d.area.clone())])}</h2>
        <div class="table-wrap"><table id="in-force">
            <thead><tr>
                <th scope="col">{lang.t(Msg::ParamsColName)}</th>
                <th scope="col">{lang.t(Msg::ParamsColValue)}</th>
                <th scope="col">{lang.t(Msg::ParamsColFrom)}</th>
                <th scope="col">{lang.t(Msg::ParamsColArea)}</th>
                <th scope="col">{lang.t(Msg::ParamsColSource)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
    }
}

#[component]
pub fn ParameterHistoryPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<ParameterHistoryData>().unwrap_or_default();
    let rows: Vec<_> = d
        .rows
        .iter()
        .map(|r| {
            view! {
                <tr>
                    <td>{r.from.clone()}</td>
                    <td class="value">{r.value.clone()} {r.demo.then(|| view! { " " <span class="hint">{lang.t(Msg::ParamsDemo)}</span> })}</td>
                    <td>{r.area.clone()}</td>
                    <td>{r.source.clone()}</td>
                    <td>{r.known.clone()}</td>
                </tr>
            }
        })
        .collect();
    let proposals: Vec<_> = d.proposals.iter().map(|p| proposal(p, lang)).collect();
    view! {
        <Title text=d.title.clone()/>
        <a class="back-link" href=STAFF_PARAMETERS>{lang.t(Msg::BtnBack)}</a>
        <h1>{d.title.clone()}</h1>
        <p class="lead">{lang.t(Msg::ParamsHistoryIntro)}</p>
        <div class="table-wrap"><table id="history">
            <thead><tr>
                <th scope="col">{lang.t(Msg::ParamsColFrom)}</th>
                <th scope="col">{lang.t(Msg::ParamsColValue)}</th>
                <th scope="col">{lang.t(Msg::ParamsColArea)}</th>
                <th scope="col">{lang.t(Msg::ParamsColSource)}</th>
                <th scope="col">{lang.t(Msg::ParamsColState)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
        <h2>{lang.t(Msg::ParamsPending)}</h2>
        <ul class="plain-list" id="proposals">{proposals}</ul>
    }
}
