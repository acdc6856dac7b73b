//! 主动发现: registering a resident found in need, with their consent.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{error_for, error_summary};
use crate::domain::application::steps::APPLY_PROGRAMMES;
use crate::i18n::{use_lang, Msg};
use crate::page_data::staff::NewCaseData;
use crate::pages::check::programme_name;
use crate::paths;
use super::{labelled_input, STAFF_NEW_CASE};

/// The community, picked from those in the staff member's area (their own one chosen
/// already when it is the only one), never typed as a code.
fn community_field(d: &NewCaseData, lang: crate::i18n::Lang) -> AnyView {
    let only = match d.communities.as_slice() {
        [office] if office.communities.len() == 1 => Some(office.communities[0].code.clone()),
        _ => None,
    };
    let chosen = Some(d.get("community")).filter(|c| !c.is_empty()).or(only.clone()).unwrap_or_default();
    super::community_select(&d.communities, &chosen, &d.errors, Msg::StaffCommunity, only.is_none(), lang)
}

#[component]
pub fn NewCasePage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<NewCaseData>().unwrap_or_default();
    let input = |name: &'static str, label: Msg, area: bool| labelled_input(&d.errors, lang, name, label, d.get(name), area);
    let current = d.get("programme");
    let programmes: Vec<_> = APPLY_PROGRAMMES
        .iter()
        .map(|p| view! { <option value=p.code() selected=current == p.code()>{lang.t(programme_name(*p))}</option> })
        .collect();
    let consent_error = error_for(&d.errors, "consent", lang);
    view! {
        <Title text=lang.t(Msg::StaffNewCase)/>
        <a class="back-link" href=paths::STAFF>{lang.t(Msg::BtnBack)}</a>
        <h1>{lang.t(Msg::StaffNewCase)}</h1>
        {error_summary(&d.errors, lang)}
        <p class="lead">{lang.t(Msg::StaffNewCaseIntro)}</p>
        <form method="post" action=STAFF_NEW_CASE novalidate>
            {input("name", Msg::StaffResidentName, false)}
            {input("id_number", Msg::IdentityId, false)}
            {input("phone", Msg::StaffResidentPhone, false)}
            {community_field(&d, lang)}
            {input("address", Msg::AppAddress, false)}
            <div class="field">
                <label for="programme">{lang.t(Msg::StaffRowProgramme)}</label>
                <select id="programme" name="programme">{programmes}</select>
            </div>
            {input("found", Msg::StaffFound, true)}
            <div class="field" class:field-error=consent_error.is_some()>
                {consent_error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
                <div class="check">
                    <input type="checkbox" id="consent" name="consent" value="true" checked=d.get("consent") == "true"/>
                    <label for="consent">{lang.t(Msg::StaffResidentConsent)}</label>
                </div>
            </div>
            <button type="submit" class="button">{lang.t(Msg::StaffRegister)}</button>
        </form>
    }
}
