//! 办理窗口: the subdistrict and town offices of an administrator's or district officer's
//! area — the details applicants are shown, and closing or opening one.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{error_for, error_summary};
use crate::i18n::{use_lang, Msg};
use crate::page_data::administration::{OfficeData, OfficesData};
use crate::paths;
use super::labelled_input;

pub const STAFF_OFFICES: &str = "/staff/offices";

#[component]
pub fn OfficesPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<OfficesData>().unwrap_or_default();
    let rows: Vec<_> = d
        .offices
        .iter()
        .map(|o| {
            view! {
                <tr data-code=o.code.clone()>
                    <th scope="row"><a href=format!("{STAFF_OFFICES}/{}", o.code)>{o.name.clone()}</a></th>
                    <td>{o.phone.clone()}</td>
                    <td>{o.hours.clone()}</td>
                    <td>{lang.t(if o.active { Msg::OfficesOpen } else { Msg::OfficesClosed })}</td>
                    <td>{o.open_cases}</td>
                </tr>
            }
        })
        .collect();
    view! {
        <Title text=lang.t(Msg::OfficesTitle)/>
        <a class="back-link" href=paths::STAFF>{lang.t(Msg::BtnBack)}</a>
        <h1>{lang.t(Msg::OfficesTitle)}</h1>
        <p class="lead">{lang.t(Msg::OfficesIntro)}</p>
        <div class="table-wrap"><table id="offices">
            <thead><tr>
                <th scope="col">{lang.t(Msg::OfficesColName)}</th>
                <th scope="col">{lang.t(Msg::OfficesColPhone)}</th>
                <th scope="col">{lang.t(Msg::OfficesColHours)}</th>
                <th scope="col">{lang.t(Msg::OfficesColState)}</th>
                <th scope="col">{lang.t(Msg::OfficesColCases)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
    }
}

#[component]
pub fn OfficePage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<OfficeData>().unwrap_or_default();
    let here = format!("{STAFF_OFFICES}/{}", d.code);
    let input = |name: &'static str, label: Msg, value: String| labelled_input(&d.errors, lang, name, label, value, false);
    let hand_error = error_for(&d.errors, "hand_to", lang);
    let has_hand_error = hand_error.is_some();
    let targets: Vec<_> = d.targets.iter().map(|(code, name)| view! { <option value=code.clone()>{name.clone()}</option> }).collect();
    let state = if d.active {
        view! {
            <h2>{lang.t(Msg::OfficesClose)}</h2>
            <form method="post" action=format!("{here}/close") novalidate>
                <p class="hint">{lang.t(Msg::OfficesCloseHint)}</p>
                {(d.open_cases > 0).then(|| view! {
                    <div class="field" class:field-error=has_hand_error>
                        <label for="hand_to">{lang.t(Msg::OfficesHandTo)}</label>
                        {hand_error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
                        <select id="hand_to" name="hand_to"><option value="">"—"</option>{targets}</select>
                    </div>
                })}
                <button type="submit" class="button button-warning">{lang.t(Msg::OfficesClose)}</button>
            </form>
        }
        .into_any()
    } else {
        view! { <form method="post" action=format!("{here}/open")><button type="submit" class="button">{lang.t(Msg::OfficesReopen)}</button></form> }.into_any()
    };
    view! {
        <Title text=d.name.clone()/>
        <a class="back-link" href=STAFF_OFFICES>{lang.t(Msg::BtnBack)}</a>
        <h1>{d.name.clone()}</h1>
        {error_summary(&d.errors, lang)}
        {d.done.clone().map(|t| view! { <p class="notice" id="done" role="status">{t}</p> })}
        <p><span class="tag" id="office-state">{lang.t(if d.active { Msg::OfficesOpen } else { Msg::OfficesClosed })}</span> " " {lang.t(Msg::OfficesColCases)} ": " {d.open_cases}</p>
        <h2>{lang.t(Msg::OfficesEdit)}</h2>
        <form method="post" action=format!("{here}/edit") novalidate>
            {input("name", Msg::OfficesFieldName, d.form.name.clone())}
            {input("phone", Msg::OfficesFieldPhone, d.form.phone.clone())}
            {input("address", Msg::OfficesFieldAddress, d.form.address.clone())}
            {input("hours", Msg::OfficesFieldHours, d.form.hours.clone())}
            <p class="hint">{lang.t(Msg::OfficesFieldHoursHint)}</p>
            <button type="submit" class="button">{lang.t(Msg::OfficesSave)}</button>
        </form>
        {state}
    }
}
