//! 低收入人口数据库: the register of the area, by tier, a page at a time, and its import.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{line_problems, STAFF_MONITORING, STAFF_PEOPLE, STAFF_REGISTER};
use crate::components::form::{error_for, error_summary};
use crate::i18n::{fill, use_lang, Msg};
use crate::page_data::monitoring::RegisterData;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<RegisterData>().unwrap_or_default();
    let tiers: Vec<_> = d.tiers.iter().map(|(code, label)| view! { <option value=code.clone() selected=d.tier == *code>{label.clone()}</option> }).collect();
    let rows: Vec<_> = d
        .rows
        .iter()
        .map(|r| {
            view! {
                <tr>
                    <th scope="row"><a href=format!("{STAFF_PEOPLE}/{}", r.id)>{r.name.clone()}</a></th>
                    <td>{r.id_masked.clone()}</td>
                    <td>{r.tier.clone()}</td>
                    <td>{r.since.clone()}</td>
                    <td>{r.community.clone()}</td>
                    <td>{r.source.clone()}</td>
                </tr>
            }
        })
        .collect();
    let page_link = |page: i64| format!("{STAFF_REGISTER}?tier={}&page={page}", d.tier);
    let prev = (d.page > 1).then(|| view! { <a href=page_link(d.page - 1) rel="prev">{lang.t(Msg::RegisterPrev)}</a> " " });
    let next = (d.page < d.pages).then(|| view! { <a href=page_link(d.page + 1) rel="next">{lang.t(Msg::StaffNextPage)}</a> });
    let file_error = error_for(&d.errors, "file", lang);
    let import = d.may_manage.then(|| {
        view! {
            <h2 id="import">{lang.t(Msg::RegisterImportTitle)}</h2>
            <p class="hint">{lang.t(Msg::RegisterImportHint)}</p>
            <p class="hint"><code>"id_number,name,tier,since,community,address,phone"</code></p>
            {line_problems(&d.problems, lang)}
            <form method="post" action=STAFF_REGISTER enctype="multipart/form-data" novalidate>
                <div class="field" class:field-error=file_error.is_some()>
                    <label for="file">{lang.t(Msg::RegisterImportFile)}</label>
                    {file_error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
                    <input id="file" name="document" type="file" accept=".csv,text/csv"/>
                </div>
                <button type="submit" class="button">{lang.t(Msg::RegisterImportButton)}</button>
            </form>
        }
    });
    view! {
        <Title text=lang.t(Msg::RegisterTitle)/>
        <a class="back-link" href=STAFF_MONITORING>{lang.t(Msg::BtnBack)}</a>
        <h1>{lang.t(Msg::RegisterTitle)}</h1>
        {error_summary(&d.errors, lang)}
        {d.done.clone().map(|t| view! { <p class="notice" id="done" role="status">{t}</p> })}
        <form method="get" action=STAFF_REGISTER class="filters">
            <div class="field">
                <label for="tier">{lang.t(Msg::RegisterTier)}</label>
                <select id="tier" name="tier"><option value="">{lang.t(Msg::StaffAll)}</option>{tiers}</select>
            </div>
            <button type="submit" class="button-secondary">{lang.t(Msg::StaffFilter)}</button>
        </form>
        <p id="register-total">{fill(lang.t(Msg::RegisterTotal), &[("n", d.total.to_string())])}</p>
        <div class="table-wrap"><table id="register">
            <thead><tr>
                <th scope="col">{lang.t(Msg::RegisterColName)}</th>
                <th scope="col">{lang.t(Msg::RegisterColId)}</th>
                <th scope="col">{lang.t(Msg::RegisterTier)}</th>
                <th scope="col">{lang.t(Msg::RegisterColSince)}</th>
                <th scope="col">{lang.t(Msg::RegisterColCommunity)}</th>
                <th scope="col">{lang.t(Msg::RegisterColSource)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
        <p>{prev}{next}</p>
        {import}
    }
}
