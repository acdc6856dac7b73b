//! 服务清单: the items that reach the reader's area, and the form for their own level's.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{STAFF_CATALOGUE, STAFF_PROVIDERS};
use crate::components::form::{error_for, error_summary};
use crate::domain::request::FieldError;
use crate::i18n::{use_lang, Lang, Msg};
use crate::page_data::service_assistance::{CatalogueData, ItemChoices, ItemData, ItemForm, ItemLine};
use crate::paths;

fn item_row(i: &ItemLine, lang: Lang) -> impl IntoView {
    view! {
        <tr data-item=i.id.clone()>
            <th scope="row"><a href=format!("{STAFF_CATALOGUE}/{}", i.id)>{i.name.clone()}</a>
                {i.demo.then(|| view! { " " <span class="tag">{lang.t(Msg::CatalogueDemo)}</span> })}
                {(!i.active).then(|| view! { " " <span class="tag">{lang.t(Msg::CatalogueRetired)}</span> })}</th>
            <td>{i.offered_by.clone()}</td>
            <td>{i.category.clone()}</td>
            <td>{i.frequency.clone()}</td>
            <td>{i.programmes.clone()}</td>
            <td>{i.providers.clone()}</td>
        </tr>
    }
}

/// The item form's fields, keeping what was typed.
fn item_fields(f: &ItemForm, c: &ItemChoices, errors: &[FieldError], lang: Lang) -> impl IntoView {
    let field = |name: &'static str, label: Msg, value: String| crate::pages::staff::labelled(errors, lang, name, label, value);
    let categories: Vec<_> = c.categories.iter().map(|(code, label)| view! { <option value=code.clone() selected=f.category == *code>{label.clone()}</option> }).collect();
    let programmes: Vec<_> = c
        .programmes
        .iter()
        .map(|(code, label)| {
            let id = format!("programme-{code}");
            view! { <div class="check"><input type="checkbox" id=id.clone() name="programmes" value=code.clone() checked=f.programmes.contains(code)/><label for=id>{label.clone()}</label></div> }
        })
        .collect();
    let providers: Vec<_> = c
        .providers
        .iter()
        .map(|(id, name)| {
            let html_id = format!("provider-{id}");
            view! { <div class="check"><input type="checkbox" id=html_id.clone() name="providers" value=id.clone() checked=f.providers.contains(id)/><label for=html_id>{name.clone()}</label></div> }
        })
        .collect();
    let category_error = error_for(errors, "category", lang);
    let times_error = error_for(errors, "times", lang);
    let programmes_error = error_for(errors, "programmes", lang);
    let checklist_error = error_for(errors, "checklist", lang);
    view! {
        {field("name", Msg::ItemName, f.name.clone())}
        <div class="field" class:field-error=category_error.is_some()>
            <label for="category">{lang.t(Msg::ItemCategory)}</label>
            {category_error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
            <select id="category" name="category"><option value="">{lang.t(Msg::StaffChoose)}</option>{categories}</select>
        </div>
        {field("unit", Msg::ItemUnit, f.unit.clone())}
        <div class="field" class:field-error=times_error.is_some()>
            <label for="times">{lang.t(Msg::ItemTimes)}</label>
            {times_error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
            <input id="times" name="times" type="text" inputmode="numeric" value=f.times.clone()/>
            <select id="per" name="per" aria-label=lang.t(Msg::ItemTimes)>
                <option value="week" selected=f.per == "week">{lang.t(Msg::ItemPerWeek)}</option>
                <option value="month" selected=f.per != "week">{lang.t(Msg::ItemPerMonth)}</option>
            </select>
        </div>
        <fieldset class="field" class:field-error=programmes_error.is_some() id="programmes">
            <legend>{lang.t(Msg::ItemProgrammes)}</legend>
            {programmes_error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
            {programmes}
        </fieldset>
        {field("funding", Msg::ItemFunding, f.funding.clone())}
        <div class="field" class:field-error=checklist_error.is_some()>
            <label for="checklist">{lang.t(Msg::ItemChecklist)}</label>
            <p class="hint">{lang.t(Msg::ItemChecklistHint)}</p>
            {checklist_error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
            <textarea id="checklist" name="checklist" rows="4">{f.checklist.clone()}</textarea>
        </div>
        <fieldset class="field" id="providers">
            <legend>{lang.t(Msg::ItemProviders)}</legend>
            {providers}
        </fieldset>
    }
}

#[component]
pub fn CataloguePage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<CatalogueData>().unwrap_or_default();
    let rows: Vec<_> = d.items.iter().map(|i| item_row(i, lang)).collect();
    let add = d.may_add.then(|| {
        view! {
            <h2 id="add">{d.add_title.clone()}</h2>
            <form method="post" action=STAFF_CATALOGUE novalidate>
                {item_fields(&d.form, &d.choices, &d.errors, lang)}
                <button type="submit" class="button">{lang.t(Msg::ItemAdd)}</button>
            </form>
        }
    });
    view! {
        <Title text=lang.t(Msg::CatalogueTitle)/>
        <a class="back-link" href=paths::STAFF>{lang.t(Msg::BtnBack)}</a>
        <h1>{lang.t(Msg::CatalogueTitle)}</h1>
        <p class="lead">{lang.t(Msg::CatalogueIntro)}</p>
        {d.may_manage_providers.then(|| view! { <p><a href=STAFF_PROVIDERS>{lang.t(Msg::NavProviders)}</a></p> })}
        {error_summary(&d.errors, lang)}
        {d.done.clone().map(|t| view! { <p class="notice" id="done" role="status">{t}</p> })}
        {d.items.is_empty().then(|| view! { <p>{lang.t(Msg::CatalogueEmpty)}</p> })}
        <div class="table-wrap"><table id="catalogue">
            <thead><tr>
                <th scope="col">{lang.t(Msg::CatalogueColItem)}</th>
                <th scope="col">{lang.t(Msg::CatalogueColBy)}</th>
                <th scope="col">{lang.t(Msg::CatalogueColCategory)}</th>
                <th scope="col">{lang.t(Msg::CatalogueColFrequency)}</th>
                <th scope="col">{lang.t(Msg::CatalogueColWho)}</th>
                <th scope="col">{lang.t(Msg::CatalogueColProviders)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
        {add}
    }
}

#[component]
pub fn ItemPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<ItemData>().unwrap_or_default();
    let here = format!("{STAFF_CATALOGUE}/{}", d.line.id);
    let i = d.line.clone();
    let edit = i.own.then(|| {
        view! {
            <form method="post" action=format!("{here}/edit") novalidate>
                {item_fields(&d.form, &d.choices, &d.errors, lang)}
                <button type="submit" class="button">{lang.t(Msg::ItemSave)}</button>
            </form>
            <form method="post" action=format!("{here}/{}", if i.active { "retire" } else { "restore" })>
                <button type="submit" class="button-secondary">{lang.t(if i.active { Msg::ItemRetire } else { Msg::ItemRestore })}</button>
            </form>
        }
    });
    view! {
        <Title text=i.name.clone()/>
        <a class="back-link" href=STAFF_CATALOGUE>{lang.t(Msg::BtnBack)}</a>
        <h1>{i.name.clone()}</h1>
        {(!i.active).then(|| view! { <p><span class="tag" id="item-state">{lang.t(Msg::CatalogueRetired)}</span></p> })}
        {error_summary(&d.errors, lang)}
        {d.done.clone().map(|t| view! { <p class="notice" id="done" role="status">{t}</p> })}
        <dl class="summary" id="item">
            <div><dt>{lang.t(Msg::CatalogueColBy)}</dt><dd>{i.offered_by.clone()}</dd></div>
            <div><dt>{lang.t(Msg::CatalogueColCategory)}</dt><dd>{i.category.clone()}</dd></div>
            <div><dt>{lang.t(Msg::CatalogueColFrequency)}</dt><dd>{i.frequency.clone()}</dd></div>
            <div><dt>{lang.t(Msg::CatalogueColWho)}</dt><dd>{i.programmes.clone()}</dd></div>
            <div><dt>{lang.t(Msg::CatalogueColFunding)}</dt><dd>{i.funding.clone()}</dd></div>
            <div><dt>{lang.t(Msg::CatalogueColProviders)}</dt><dd>{i.providers.clone()}</dd></div>
        </dl>
        {(!i.own).then(|| view! { <p class="hint">{lang.t(Msg::ItemNotOwn)}</p> })}
        {edit}
    }
}
