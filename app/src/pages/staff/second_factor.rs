//! The second factor for staff: enrolling an authenticator (QR code and key), the recovery
//! codes shown once after it, and the code asked at each sign-in.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{error_for, error_summary};
use crate::i18n::{use_lang, Lang, Msg};
use crate::page_data::staff::SecondFactorData;
use crate::paths;

fn code_field(d: &SecondFactorData, label: Msg, lang: Lang) -> impl IntoView {
    let error = error_for(&d.errors, "code", lang);
    let has_error = error.is_some();
    view! {
        <div class="field" class:field-error=has_error>
            <label for="code">{lang.t(label)}</label>
            {error.map(|e| view! { <p class="error-message">{e}</p> })}
            <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" autofocus/>
        </div>
    }
}

#[component]
pub fn SecondFactorPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<SecondFactorData>().unwrap_or_default();
    if !d.recovery_codes.is_empty() {
        let codes: Vec<_> = d.recovery_codes.iter().map(|c| view! { <li><code>{c.clone()}</code></li> }).collect();
        return view! {
            <Title text=lang.t(Msg::SecondFactorRecoveryTitle)/>
            <h1>{lang.t(Msg::SecondFactorRecoveryTitle)}</h1>
            <p class="lead">{lang.t(Msg::SecondFactorRecoveryIntro)}</p>
            <ul class="recovery-codes" id="recovery-codes">{codes}</ul>
            <p><a class="button" href=paths::STAFF>{lang.t(Msg::SecondFactorContinue)}</a></p>
        }
        .into_any();
    }
    match d.enrol.clone() {
        Some(e) => view! {
            <Title text=lang.t(Msg::SecondFactorSetupTitle)/>
            <h1>{lang.t(Msg::SecondFactorSetupTitle)}</h1>
            {error_summary(&d.errors, lang)}
            <p class="lead">{lang.t(Msg::SecondFactorSetupIntro)}</p>
            <div class="qr" inner_html=e.qr_svg.clone()></div>
            <p>{lang.t(Msg::SecondFactorSecret)} ": " <code id="totp-secret">{e.secret.clone()}</code> " (" {e.account.clone()} ")"</p>
            <form method="post" novalidate>
                {code_field(&d, Msg::SecondFactorSetupCode, lang)}
                <button type="submit" class="button">{lang.t(Msg::SecondFactorSetupSubmit)}</button>
            </form>
        }
        .into_any(),
        None => view! {
            <Title text=lang.t(Msg::SecondFactorTitle)/>
            <h1>{lang.t(Msg::SecondFactorTitle)}</h1>
            {error_summary(&d.errors, lang)}
            <p class="lead">{lang.t(Msg::SecondFactorIntro)}</p>
            <form method="post" novalidate>
                {code_field(&d, Msg::SecondFactorCode, lang)}
                <button type="submit" class="button">{lang.t(Msg::SecondFactorSubmit)}</button>
            </form>
        }
        .into_any(),
    }
}
