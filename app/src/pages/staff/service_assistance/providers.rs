//! 服务机构: the district's providers, a new one, and one provider's contract and state.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{STAFF_CATALOGUE, STAFF_PROVIDERS};
use crate::components::form::{error_for, error_summary};
use crate::domain::request::FieldError;
use crate::i18n::{use_lang, Lang, Msg};
use crate::page_data::service_assistance::{ProviderData, ProviderForm, ProviderLine, ProvidersData};

fn state(p: &ProviderLine, lang: Lang) -> String {
    let s = lang.t(if p.may_serve { Msg::ProviderServing } else { Msg::ProviderNotServing }).to_string();
    match &p.suspended_reason {
        Some(r) if !p.active => format!("{}（{r}）· {s}", lang.t(Msg::ProviderSuspended)),
        _ => s,
    }
}

fn provider_fields(f: &ProviderForm, errors: &[FieldError], lang: Lang) -> impl IntoView {
    let field = |name: &'static str, label: Msg, value: String| crate::pages::staff::labelled(errors, lang, name, label, value);
    let kind_error = error_for(errors, "kind", lang);
    let date = |name: &'static str, label: Msg, value: String| {
        let e = error_for(errors, name, lang);
        view! {
            <div class="field" class:field-error=e.is_some()>
                <label for=name>{lang.t(label)}</label>
                {e.clone().map(|e| view! { <p class="error-message">{e}</p> })}
                <input id=name name=name type="date" value=value/>
            </div>
        }
    };
    view! {
        {field("name", Msg::ProviderName, f.name.clone())}
        <fieldset class="field" class:field-error=kind_error.is_some() id="kind">
            <legend>{lang.t(Msg::ProviderKind)}</legend>
            {kind_error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
            <div class="radio"><input type="radio" id="kind-organisation" name="kind" value="organisation" checked=f.kind == "organisation"/><label for="kind-organisation">{lang.t(Msg::ProviderOrganisation)}</label></div>
            <div class="radio"><input type="radio" id="kind-own_team" name="kind" value="own_team" checked=f.kind == "own_team"/><label for="kind-own_team">{lang.t(Msg::ProviderOwnTeam)}</label></div>
        </fieldset>
        {field("contract_number", Msg::ProviderContractNumber, f.contract_number.clone())}
        {date("contract_start", Msg::ProviderContractStart, f.contract_start.clone())}
        {date("contract_end", Msg::ProviderContractEnd, f.contract_end.clone())}
    }
}

#[component]
pub fn ProvidersPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<ProvidersData>().unwrap_or_default();
    let rows: Vec<_> = d
        .rows
        .iter()
        .map(|p| {
            view! {
                <tr data-provider=p.id.clone()>
                    <th scope="row"><a href=format!("{STAFF_PROVIDERS}/{}", p.id)>{p.name.clone()}</a>
                        {p.demo.then(|| view! { " " <span class="tag">{lang.t(Msg::CatalogueDemo)}</span> })}</th>
                    <td>{p.kind.clone()}</td>
                    <td>{p.contract.clone()}</td>
                    <td>{state(p, lang)}</td>
                </tr>
            }
        })
        .collect();
    view! {
        <Title text=lang.t(Msg::ProvidersTitle)/>
        <a class="back-link" href=STAFF_CATALOGUE>{lang.t(Msg::CatalogueTitle)}</a>
        <h1>{lang.t(Msg::ProvidersTitle)}</h1>
        <p class="lead">{lang.t(Msg::ProvidersIntro)}</p>
        {error_summary(&d.errors, lang)}
        {d.done.clone().map(|t| view! { <p class="notice" id="done" role="status">{t}</p> })}
        <div class="table-wrap"><table id="providers-list">
            <thead><tr>
                <th scope="col">{lang.t(Msg::ProviderName)}</th>
                <th scope="col">{lang.t(Msg::ProviderKind)}</th>
                <th scope="col">{lang.t(Msg::ProviderContract)}</th>
                <th scope="col">{lang.t(Msg::ProviderState)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
        <h2 id="add">{lang.t(Msg::ProviderAdd)}</h2>
        <form method="post" action=STAFF_PROVIDERS novalidate>
            {provider_fields(&d.form, &d.errors, lang)}
            <button type="submit" class="button">{lang.t(Msg::ProviderAdd)}</button>
        </form>
    }
}

#[component]
pub fn ProviderPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<ProviderData>().unwrap_or_default();
    let here = format!("{STAFF_PROVIDERS}/{}", d.line.id);
    let reason_error = error_for(&d.errors, "reason", lang);
    let state_form = if d.line.active {
        view! {
            <h2>{lang.t(Msg::ProviderSuspend)}</h2>
            <form method="post" action=format!("{here}/suspend") novalidate>
                <div class="field" class:field-error=reason_error.is_some()>
                    <label for="reason">{lang.t(Msg::ProviderSuspendReason)}</label>
                    {reason_error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
                    <textarea id="reason" name="reason" rows="2">{d.reason.clone()}</textarea>
                </div>
                <button type="submit" class="button button-warning">{lang.t(Msg::ProviderSuspend)}</button>
            </form>
        }
        .into_any()
    } else {
        view! { <form method="post" action=format!("{here}/resume")><button type="submit" class="button">{lang.t(Msg::ProviderResume)}</button></form> }.into_any()
    };
    view! {
        <Title text=d.line.name.clone()/>
        <a class="back-link" href=STAFF_PROVIDERS>{lang.t(Msg::BtnBack)}</a>
        <h1>{d.line.name.clone()}</h1>
        {error_summary(&d.errors, lang)}
        {d.done.clone().map(|t| view! { <p class="notice" id="done" role="status">{t}</p> })}
        <p id="provider-state"><span class="tag">{state(&d.line, lang)}</span></p>
        <form method="post" action=format!("{here}/edit") novalidate>
            {provider_fields(&d.form, &d.errors, lang)}
            <button type="submit" class="button">{lang.t(Msg::ItemSave)}</button>
        </form>
        {state_form}
    }
}
