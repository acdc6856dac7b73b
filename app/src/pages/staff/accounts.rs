//! 工作人员账号: an administrator's accounts (list, new account), one account (role and area,
//! deactivate, reset the password, sessions), and the page a one-time setup link opens.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::error_summary;
use crate::i18n::{fill, use_lang, Lang, Msg};
use crate::page_data::administration::{AccountData, AccountsData, SetupData, SetupLink};
use crate::paths;
use super::labelled_input;

pub const STAFF_ACCOUNTS: &str = "/staff/accounts";
pub const STAFF_SETUP: &str = "/staff/setup";

/// The link, shown this once, with what to do with it.
fn setup_link(link: &Option<SetupLink>, lang: Lang) -> Option<AnyView> {
    let l = link.as_ref()?;
    Some(
        view! {
            <section class="notice" id="setup-link" role="status">
                <h2>{lang.t(Msg::AccountsLinkTitle)}</h2>
                <p>{fill(lang.t(Msg::AccountsLinkIntro), &[("name", l.name.clone()), ("hours", l.hours.to_string())])}</p>
                <p><code class="setup-url">{l.url.clone()}</code></p>
            </section>
        }
        .into_any(),
    )
}

fn role_select(roles: &[(String, String)], chosen: &str, lang: Lang) -> impl IntoView {
    let options: Vec<_> = roles.iter().map(|(code, name)| view! { <option value=code.clone() selected=code == chosen>{name.clone()}</option> }).collect();
    view! {
        <div class="field">
            <label for="role">{lang.t(Msg::AccountsFieldRole)}</label>
            <select id="role" name="role">{options}</select>
        </div>
    }
}

/// Only a provider worker has one; the hint says so.
fn provider_select(providers: &[(String, String)], chosen: &str, lang: Lang) -> impl IntoView {
    let options: Vec<_> = providers.iter().map(|(id, name)| view! { <option value=id.clone() selected=id == chosen>{name.clone()}</option> }).collect();
    view! {
        <div class="field">
            <label for="provider">{lang.t(Msg::AccountsFieldProvider)}</label>
            <p class="hint">{lang.t(Msg::AccountsFieldProviderHint)}</p>
            <select id="provider" name="provider"><option value="">{lang.t(Msg::AccountsNoProvider)}</option>{options}</select>
        </div>
    }
}

#[component]
pub fn AccountsPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<AccountsData>().unwrap_or_default();
    let rows: Vec<_> = d
        .accounts
        .iter()
        .map(|a| {
            view! {
                <tr data-username=a.username.clone()>
                    <th scope="row"><a href=format!("{STAFF_ACCOUNTS}/{}", a.id)>{a.username.clone()}</a></th>
                    <td>{a.full_name.clone()}</td>
                    <td>{a.role.clone()}</td>
                    <td>{a.area.clone()}</td>
                    <td>{lang.t(if a.active { Msg::AccountsActive } else { Msg::AccountsInactive })}</td>
                    <td>{a.sessions}</td>
                </tr>
            }
        })
        .collect();
    let input = |name: &'static str, label: Msg, value: String| labelled_input(&d.errors, lang, name, label, value, false);
    view! {
        <Title text=lang.t(Msg::AccountsTitle)/>
        <a class="back-link" href=paths::STAFF>{lang.t(Msg::BtnBack)}</a>
        <h1>{lang.t(Msg::AccountsTitle)}</h1>
        {error_summary(&d.errors, lang)}
        {setup_link(&d.link, lang)}
        <p class="lead">{lang.t(Msg::AccountsIntro)}</p>
        <div class="table-wrap"><table id="accounts">
            <thead><tr>
                <th scope="col">{lang.t(Msg::AccountsColUsername)}</th>
                <th scope="col">{lang.t(Msg::AccountsColName)}</th>
                <th scope="col">{lang.t(Msg::AccountsColRole)}</th>
                <th scope="col">{lang.t(Msg::AccountsColArea)}</th>
                <th scope="col">{lang.t(Msg::AccountsColState)}</th>
                <th scope="col">{lang.t(Msg::AccountsColSessions)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
        <h2 id="new-account">{lang.t(Msg::AccountsNew)}</h2>
        <form method="post" action=STAFF_ACCOUNTS novalidate>
            {input("username", Msg::AccountsFieldUsername, d.form.username.clone())}
            <p class="hint">{lang.t(Msg::AccountsFieldUsernameHint)}</p>
            {input("full_name", Msg::AccountsFieldName, d.form.full_name.clone())}
            {input("phone", Msg::AccountsFieldPhone, d.form.phone.clone())}
            {role_select(&d.roles, &d.form.role, lang)}
            {input("area_code", Msg::AccountsFieldArea, d.form.area_code.clone())}
            <p class="hint">{lang.t(Msg::AccountsFieldAreaHint)}</p>
            {provider_select(&d.providers, &d.form.provider, lang)}
            <button type="submit" class="button">{lang.t(Msg::AccountsCreate)}</button>
        </form>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<AccountData>().unwrap_or_default();
    let here = format!("{STAFF_ACCOUNTS}/{}", d.id);
    let sessions: Vec<_> = d
        .sessions
        .iter()
        .map(|s| {
            view! {
                <li class="session">
                    <p>{lang.t(Msg::AccountsSessionStarted)} " " {s.started.clone()} " · " {lang.t(Msg::AccountsSessionSeen)} " " {s.seen.clone()}</p>
                    <form method="post" action=format!("{here}/end-session")>
                        <input type="hidden" name="session" value=s.id.clone()/>
                        <button type="submit" class="button button-secondary">{lang.t(Msg::AccountsSessionEnd)}</button>
                    </form>
                </li>
            }
        })
        .collect();
    let input = |name: &'static str, label: Msg, value: String| labelled_input(&d.errors, lang, name, label, value, false);
    let activity = if d.active {
        view! {
            <form method="post" action=format!("{here}/deactivate")>
                <p class="hint">{lang.t(Msg::AccountsDeactivateHint)}</p>
                <button type="submit" class="button button-secondary">{lang.t(Msg::AccountsDeactivate)}</button>
            </form>
        }
        .into_any()
    } else {
        view! { <form method="post" action=format!("{here}/reactivate")><button type="submit" class="button">{lang.t(Msg::AccountsReactivate)}</button></form> }.into_any()
    };
    view! {
        <Title text=d.full_name.clone()/>
        <a class="back-link" href=STAFF_ACCOUNTS>{lang.t(Msg::BtnBack)}</a>
        <h1>{d.full_name.clone()} " (" {d.username.clone()} ")"</h1>
        {error_summary(&d.errors, lang)}
        {d.done.clone().map(|t| view! { <p class="notice" id="done" role="status">{t}</p> })}
        {setup_link(&d.link, lang)}
        <p id="account-state"><span class="tag">{lang.t(if d.active { Msg::AccountsActive } else { Msg::AccountsInactive })}</span> " " {d.role.clone()} " · " {d.area.clone()} {d.phone.clone().map(|p| view! { " · " {p} })}</p>
        {(!d.own).then(|| view! {
            <h2>{lang.t(Msg::AccountsChange)}</h2>
            <form method="post" action=format!("{here}/change") novalidate>
                {role_select(&d.roles, &d.form.role, lang)}
                {input("area_code", Msg::AccountsFieldArea, d.form.area_code.clone())}
                <p class="hint">{lang.t(Msg::AccountsFieldAreaHint)}</p>
                <button type="submit" class="button">{lang.t(Msg::AccountsSave)}</button>
            </form>
            <h2>{lang.t(Msg::AccountsDeactivate)}</h2>
            {activity}
        })}
        {d.active.then(|| view! {
            <h2>{lang.t(Msg::AccountsReset)}</h2>
            <form method="post" action=format!("{here}/reset")>
                <p class="hint">{lang.t(Msg::AccountsResetHint)}</p>
                <button type="submit" class="button button-secondary">{lang.t(Msg::AccountsReset)}</button>
            </form>
        })}
        <h2>{lang.t(Msg::AccountsResetSecondFactor)}</h2>
        <form method="post" action=format!("{here}/reset-second-factor")>
            <p class="hint">{lang.t(Msg::AccountsResetSecondFactorHint)}</p>
            <button type="submit" class="button button-secondary">{lang.t(Msg::AccountsResetSecondFactor)}</button>
        </form>
        <h2>{lang.t(Msg::AccountsSessions)}</h2>
        {if sessions.is_empty() { view! { <p id="sessions">{lang.t(Msg::AccountsNoSessions)}</p> }.into_any() } else { view! { <ul class="plain-list" id="sessions">{sessions}</ul> }.into_any() }}
    }
}

#[component]
pub fn SetupPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<SetupData>().unwrap_or_default();
    if !d.valid {
        return view! {
            <Title text=lang.t(Msg::SetupInvalidTitle)/>
            <h1>{lang.t(Msg::SetupInvalidTitle)}</h1>
            <p>{lang.t(Msg::SetupInvalid)}</p>
        }
        .into_any();
    }
    let password = |name: &'static str, label: Msg| {
        let error = crate::components::form::error_for(&d.errors, name, lang);
        let has_error = error.is_some();
        view! {
            <div class="field" class:field-error=has_error>
                <label for=name>{lang.t(label)}</label>
                {error.map(|e| view! { <p class="error-message">{e}</p> })}
                <input id=name name=name type="password" autocomplete="new-password"/>
            </div>
        }
    };
    view! {
        <Title text=lang.t(Msg::SetupTitle)/>
        <h1>{lang.t(Msg::SetupTitle)}</h1>
        {error_summary(&d.errors, lang)}
        <p class="lead">{fill(lang.t(Msg::SetupIntro), &[("username", d.username.clone()), ("name", d.full_name.clone())])}</p>
        <form method="post" novalidate>
            <input type="text" name="username" value=d.username.clone() autocomplete="username" hidden/>
            {password("password", Msg::SetupPassword)}
            {password("confirm", Msg::SetupConfirm)}
            <button type="submit" class="button">{lang.t(Msg::SetupSubmit)}</button>
        </form>
    }
    .into_any()
}
