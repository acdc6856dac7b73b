//! `/verify`: anyone checks a printed letter's code. It says whether the portal issued a
//! letter with that code and on which day — nothing about whom or what it concerns.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::linked_error_summary;
use crate::domain::date::Date;
use crate::i18n::{fill, use_lang, Msg};
use crate::page_data::verify::{VerifyAnswer, VerifyData};
use crate::paths;

#[component]
pub fn VerifyPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<VerifyData>().unwrap_or_default();
    let error = d.malformed.then(|| lang.t(Msg::VerifyBadCode).to_string());
    let summary = linked_error_summary(error.iter().map(|e| ("#code".to_string(), e.clone())).collect(), lang);
    let answer = d.answer.clone().map(|a| match a {
        VerifyAnswer::Issued { code, day } => {
            let day = Date::parse(&day).map(|d| lang.date(d)).unwrap_or(day);
            view! { <div class="panel-confirmation" id="verify-answer" data-found="true"><p>{fill(lang.t(Msg::VerifyFound), &[("code", code), ("date", day)])}</p></div> }.into_any()
        }
        VerifyAnswer::NotIssued { code } => {
            view! { <div class="notice" id="verify-answer" data-found="false" role="alert"><p>{fill(lang.t(Msg::VerifyNotFound), &[("code", code)])}</p></div> }.into_any()
        }
    });
    let has_error = error.is_some();
    view! {
        <Title text=lang.t(Msg::VerifyTitle)/>
        {summary}
        <h1>{lang.t(Msg::VerifyTitle)}</h1>
        {answer}
        <p>{lang.t(Msg::VerifyIntro)}</p>
        <form method="get" action=paths::VERIFY novalidate>
            <div class="field" class:field-error=has_error>
                <label for="code">{lang.t(Msg::VerifyCode)}</label>
                <p class="hint">{lang.t(Msg::VerifyCodeHint)}</p>
                {error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
                <input id="code" name="code" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" value=d.typed.clone() aria-invalid=has_error.then_some("true")/>
            </div>
            <button type="submit" class="button">{lang.t(Msg::VerifySubmit)}</button>
        </form>
    }
}
