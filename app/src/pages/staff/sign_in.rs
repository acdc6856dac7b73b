//! The staff sign-in, shown at /staff to anyone not signed in.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{error_for, error_summary};
use crate::domain::staff::Role;
use crate::i18n::{fill, use_lang, Lang, Msg};
use crate::page_data::demo::Demonstration;
use crate::page_data::staff::StaffSignInData;
use crate::paths;
use super::STAFF_SIGN_IN;

/// The staff sign-in, shown at /staff to anyone not signed in.
#[component]
pub fn StaffSignInPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<StaffSignInData>().unwrap_or_default();
    let field = |name: &'static str, label: Msg, kind: &'static str, value: String, autocomplete: &'static str| {
        let error = error_for(&d.errors, name, lang);
        let has_error = error.is_some();
        view! {
            <div class="field" class:field-error=has_error>
                <label for=name>{lang.t(label)}</label>
                {error.map(|e| view! { <p class="error-message">{e}</p> })}
                <input id=name name=name type=kind value=value autocomplete=autocomplete/>
            </div>
        }
    };
    view! {
        <Title text=lang.t(Msg::NavStaff)/>
        <h1>{lang.t(Msg::NavStaff)}</h1>
        {error_summary(&d.errors, lang)}
        <p class="lead">{lang.t(Msg::StaffIntro)}</p>
        <form method="post" action=STAFF_SIGN_IN novalidate>
            {field("username", Msg::StaffUsername, "text", d.username.clone(), "username")}
            {field("password", Msg::StaffPassword, "password", String::new(), "current-password")}
            <button type="submit" class="button">{lang.t(Msg::StaffSignIn)}</button>
        </form>
        {use_context::<Demonstration>().map(|d| demo_accounts(&d, lang))}
        <p><a href=paths::HOME>{lang.t(Msg::BackHome)}</a></p>
    }
}

/// The demonstration's staff accounts, each with what it may do, and their one password.
fn demo_accounts(d: &Demonstration, lang: Lang) -> impl IntoView {
    let role = |r: Role| match r {
        Role::CommunityWorker => Msg::DemoRoleCommunityWorker,
        Role::Reviewer => Msg::DemoRoleReviewer,
        Role::Approver => Msg::DemoRoleApprover,
        Role::DistrictOfficer => Msg::DemoRoleDistrictOfficer,
        Role::Admin => Msg::DemoRoleAdmin,
        Role::ProviderWorker => Msg::DemoRoleProviderWorker,
    };
    let accounts: Vec<_> = d.staff.iter().map(|a| view! { <li><code>{a.username.clone()}</code>" — "{lang.t(role(a.role))}</li> }).collect();
    view! {
        <section class="demo-accounts" id="demo-accounts">
            <h2>{lang.t(Msg::DemoStaffHeading)}</h2>
            <p>{fill(lang.t(Msg::DemoStaffIntro), &[("password", d.password.clone())])}</p>
            <ul>{accounts}</ul>
        </section>
    }
}
