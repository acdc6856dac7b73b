//! 实名信息: a plain-language notice first, then name and ID number, with consent.

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::components::form::{error_for, error_summary};
use crate::domain::request::FieldError;
use crate::i18n::{fill, use_lang, Msg};
use crate::paths;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityPageData {
    /// Already recorded: the name and the masked number.
    pub saved: Option<(String, String)>,
    pub full_name: String,
    /// What was typed, kept only to re-show a form with errors.
    pub id_number: String,
    pub consent: bool,
    pub next: String,
    pub errors: Vec<FieldError>,
}


#[component]
pub fn IdentityPage() -> impl IntoView {
    let lang = use_lang();
    let Some(d) = use_context::<IdentityPageData>() else {
        return view! { <Title text=lang.t(Msg::IdentityTitle)/><h1>{lang.t(Msg::IdentityTitle)}</h1> }.into_any();
    };
    let summary = error_summary(&d.errors, lang);
    let saved = d.saved.clone().map(|(name, id)| {
        view! { <p class="notice" id="identity-saved">{fill(lang.t(Msg::IdentitySaved), &[("name", name), ("id", id)])}</p> }
    });
    let field = |name: &'static str, label: Msg, hint: Option<Msg>, value: String, autocomplete: &'static str| {
        let error = error_for(&d.errors, name, lang);
        let has_error = error.is_some();
        view! {
            <div class="field" class:field-error=has_error>
                <label for=name>{lang.t(label)}</label>
                {hint.map(|h| view! { <p class="hint">{lang.t(h)}</p> })}
                {error.map(|e| view! { <p class="error-message">{e}</p> })}
                <input id=name name=name type="text" autocomplete=autocomplete value=value aria-invalid=has_error.then_some("true")/>
            </div>
        }
    };
    let consent_error = error_for(&d.errors, "consent", lang);
    let has_consent_error = consent_error.is_some();
    view! {
        <Title text=lang.t(Msg::IdentityTitle)/>
        <h1>{lang.t(Msg::IdentityHeading)}</h1>
        {summary}
        {saved}
        <section class="help" aria-labelledby="notice-heading">
            <h2 id="notice-heading">{lang.t(Msg::IdentityNoticeHeading)}</h2>
            <p>{lang.t(Msg::IdentityNotice)}</p>
        </section>
        <form method="post" action=paths::IDENTITY novalidate>
            <input type="hidden" name="next" value=d.next.clone()/>
            {field("full_name", Msg::IdentityName, None, d.full_name.clone(), "name")}
            {field("id_number", Msg::IdentityId, Some(Msg::IdentityIdHint), d.id_number.clone(), "off")}
            <div class="field" class:field-error=has_consent_error>
                {consent_error.map(|e| view! { <p class="error-message">{e}</p> })}
                <div class="check">
                    <input type="checkbox" id="consent" name="consent" value="true" checked=d.consent/>
                    <label for="consent">{lang.t(Msg::IdentityConsent)}</label>
                </div>
            </div>
            <button type="submit" class="button">{lang.t(Msg::IdentitySave)}</button>
        </form>
    }
    .into_any()
}
