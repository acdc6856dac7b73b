//! The staff sign-in, shown at /staff to anyone not signed in.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{error_for, error_summary};
use crate::i18n::{use_lang, Msg};
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
        <p><a href=paths::HOME>{lang.t(Msg::BackHome)}</a></p>
    }
}
