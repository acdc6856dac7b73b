//! 承诺书版本: the versions of the integrity pledge that apply to a district officer's
//! district, a form to add one, and each version whole.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{error_for, error_summary};
use crate::i18n::{use_lang, Msg};
use crate::page_data::administration::{PledgeTextView, PledgeTextsData};
use crate::paths;
use super::labelled_input;

pub const STAFF_PLEDGE_TEXTS: &str = "/staff/pledge-texts";

#[component]
pub fn PledgeTextsPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<PledgeTextsData>().unwrap_or_default();
    let rows: Vec<_> = d
        .texts
        .iter()
        .map(|t| {
            view! {
                <tr data-id=t.id.clone()>
                    <th scope="row"><a href=format!("{STAFF_PLEDGE_TEXTS}/{}", t.id)>{t.title.clone()}</a></th>
                    <td>{format!("v{} · {}", t.version, t.lang)}</td>
                    <td>{t.from.clone()}</td>
                    <td><code>{t.sha256.clone()}</code></td>
                    <td>{t.in_force.then(|| view! { <span class="tag tag-done">{lang.t(Msg::PledgeTextsInForce)}</span> })} {(!t.own).then(|| lang.t(Msg::PledgeTextsInherited))}</td>
                </tr>
            }
        })
        .collect();
    let input = |name: &'static str, label: Msg, value: String, area: bool| labelled_input(&d.errors, lang, name, label, value, area);
    let langs: Vec<_> = [("zh-CN", "简体中文"), ("en", "English")].iter().map(|(code, name)| view! { <option value=*code selected=d.form.lang == *code>{*name}</option> }).collect();
    let lang_error = error_for(&d.errors, "lang", lang);
    view! {
        <Title text=lang.t(Msg::PledgeTextsTitle)/>
        <a class="back-link" href=paths::STAFF>{lang.t(Msg::BtnBack)}</a>
        <h1>{lang.t(Msg::PledgeTextsTitle)}</h1>
        {error_summary(&d.errors, lang)}
        {d.done.clone().map(|t| view! { <p class="notice" id="done" role="status">{t}</p> })}
        <p class="lead">{lang.t(Msg::PledgeTextsIntro)}</p>
        <div class="table-wrap"><table id="pledge-texts">
            <thead><tr>
                <th scope="col">{lang.t(Msg::PledgeTextsColTitle)}</th>
                <th scope="col">{lang.t(Msg::PledgeTextsColVersion)}</th>
                <th scope="col">{lang.t(Msg::ParamsColFrom)}</th>
                <th scope="col">"SHA-256"</th>
                <th scope="col">{lang.t(Msg::ParamsColState)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
        <h2 id="new-version">{lang.t(Msg::PledgeTextsNew)}</h2>
        <form method="post" action=STAFF_PLEDGE_TEXTS novalidate>
            <div class="field" class:field-error=lang_error.is_some()>
                <label for="lang">{lang.t(Msg::PledgeTextsFieldLang)}</label>
                <select id="lang" name="lang">{langs}</select>
            </div>
            {input("title", Msg::PledgeTextsFieldTitle, d.form.title.clone(), false)}
            {input("body", Msg::PledgeTextsFieldBody, d.form.body.clone(), true)}
            <p class="hint">{lang.t(Msg::PledgeTextsFieldBodyHint)}</p>
            {input("question", Msg::PledgeTextsFieldQuestion, d.form.question.clone(), false)}
            {input("options", Msg::PledgeTextsFieldOptions, d.form.options.clone(), true)}
            <p class="hint">{lang.t(Msg::PledgeTextsFieldOptionsHint)}</p>
            {input("correct", Msg::PledgeTextsFieldCorrect, d.form.correct.clone(), false)}
            {input("effective_from", Msg::ParamsFieldFrom, d.form.effective_from.clone(), false)}
            <p class="hint">{lang.t(Msg::ParamsFieldFromHint)}</p>
            <button type="submit" class="button">{lang.t(Msg::PledgeTextsSubmit)}</button>
        </form>
    }
}

#[component]
pub fn PledgeTextPage() -> impl IntoView {
    let lang = use_lang();
    let t = use_context::<PledgeTextView>().unwrap_or_default();
    let paragraphs: Vec<_> = t.paragraphs.iter().map(|p| view! { <p>{p.clone()}</p> }).collect();
    let options: Vec<_> = t
        .options
        .iter()
        .enumerate()
        .map(|(i, o)| view! { <li>{o.clone()} {(i as i64 == t.correct).then(|| view! { " " <span class="tag tag-done">{lang.t(Msg::PledgeTextsCorrect)}</span> })}</li> })
        .collect();
    view! {
        <Title text=t.title.clone()/>
        <a class="back-link" href=STAFF_PLEDGE_TEXTS>{lang.t(Msg::BtnBack)}</a>
        <h1>{t.title.clone()}</h1>
        <p class="hint">{t.id.clone()} " · " {t.effective_from.clone()} " · SHA-256 " <code>{t.sha256.clone()}</code></p>
        <div class="pledge-text">{paragraphs}</div>
        <h2>{t.question.clone()}</h2>
        <ol>{options}</ol>
    }
}
