//! 登录: mobile number, then the code from the text message. Plain forms; the server answers
//! each post with the next screen, or a redirect once signed in.

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::components::form::{error_for, error_summary};
use crate::domain::request::{FieldError, Problem};
use crate::i18n::{fill, use_lang, Msg};
use crate::paths;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignInStep {
    Phone,
    Code,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInPageData {
    pub step: SignInStep,
    /// The number as typed (kept on errors).
    pub phone: String,
    pub masked_phone: String,
    pub challenge: String,
    /// Where to go once signed in (a local path).
    pub next: String,
    pub errors: Vec<FieldError>,
}


#[component]
pub fn SignInPage() -> impl IntoView {
    let lang = use_lang();
    let Some(d) = use_context::<SignInPageData>() else {
        return view! { <Title text=lang.t(Msg::SigninTitle)/><h1>{lang.t(Msg::SigninTitle)}</h1> }.into_any();
    };
    let summary = error_summary(&d.errors, lang);
    let body = match d.step {
        SignInStep::Phone => {
            let error = error_for(&d.errors, "phone", lang);
            let has_error = error.is_some();
            view! {
                <h1>{lang.t(Msg::SigninHeading)}</h1>
                {summary}
                <p>{lang.t(Msg::SigninIntro)}</p>
                {use_context::<crate::page_data::demo::Demonstration>().map(|demo| view! {
                    <p class="notice" id="demo-sign-in">
                        {fill(lang.t(Msg::DemoSigninHint), &[("phone", demo.citizen_phone.clone())])}
                        " "
                        <a href="/dev/outbox">{lang.t(Msg::DemoOutboxTitle)}</a>
                    </p>
                })}
                <form method="post" action=paths::SIGN_IN novalidate>
                    <input type="hidden" name="next" value=d.next.clone()/>
                    <div class="field" class:field-error=has_error>
                        <label for="phone">{lang.t(Msg::SigninPhone)}</label>
                        <p class="hint" id="phone-hint">{lang.t(Msg::SigninPhoneHint)}</p>
                        {error.map(|e| view! { <p class="error-message" id="phone-error">{e}</p> })}
                        <input id="phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" value=d.phone.clone()
                            aria-describedby="phone-hint" aria-invalid=has_error.then_some("true")/>
                    </div>
                    <button type="submit" name="action" value="send" class="button">{lang.t(Msg::SigninSend)}</button>
                </form>
            }
            .into_any()
        }
        // The code is spent (too many tries, or too old): say so, and offer only a new one.
        SignInStep::Code if d.errors.iter().any(|e| e.field == "code" && e.problem == Problem::CodeExpired) => view! {
            <h1>{lang.t(Msg::SigninCodeHeading)}</h1>
            {summary}
            <p id="code-used-up">{fill(lang.t(Msg::SigninCodeUsedUp), &[("phone", d.masked_phone.clone())])}</p>
            <form method="post" action=paths::SIGN_IN novalidate>
                <input type="hidden" name="next" value=d.next.clone()/>
                <input type="hidden" name="phone" value=d.phone.clone()/>
                <button type="submit" name="action" value="send" class="button" id="code">{lang.t(Msg::SigninResend)}</button>
            </form>
            <p><a href=paths::with_next(paths::SIGN_IN, &d.next)>{lang.t(Msg::SigninChangePhone)}</a></p>
        }
        .into_any(),
        SignInStep::Code => {
            let error = error_for(&d.errors, "code", lang);
            let has_error = error.is_some();
            view! {
                <h1>{lang.t(Msg::SigninCodeHeading)}</h1>
                {summary}
                <p>{fill(lang.t(Msg::SigninCodeSent), &[("phone", d.masked_phone.clone())])}</p>
                <form method="post" action=paths::SIGN_IN novalidate>
                    <input type="hidden" name="next" value=d.next.clone()/>
                    <input type="hidden" name="challenge" value=d.challenge.clone()/>
                    <input type="hidden" name="phone" value=d.phone.clone()/>
                    <div class="field" class:field-error=has_error>
                        <label for="code">{lang.t(Msg::SigninCode)}</label>
                        {error.map(|e| view! { <p class="error-message" id="code-error">{e}</p> })}
                        <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6"
                            aria-invalid=has_error.then_some("true")/>
                    </div>
                    <div class="actions">
                        <button type="submit" name="action" value="verify" class="button">{lang.t(Msg::SigninVerify)}</button>
                        <button type="submit" name="action" value="send" class="button-link">{lang.t(Msg::SigninResend)}</button>
                    </div>
                </form>
                <p><a href=paths::with_next(paths::SIGN_IN, &d.next)>{lang.t(Msg::SigninChangePhone)}</a></p>
            }
            .into_any()
        }
    };
    view! { <Title text=lang.t(Msg::SigninTitle)/> {body} }.into_any()
}
