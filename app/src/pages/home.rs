use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{use_lang, Msg};
use crate::paths;

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let card = |href: &'static str, title: Msg, body: Msg, primary: bool| {
        view! {
            <li class="card" class:card-primary=primary>
                <a href=href>
                    <span class="card-title">{lang.t(title)}</span>
                    <span class="card-body">{lang.t(body)}</span>
                </a>
            </li>
        }
    };
    view! {
        <Title text=lang.t(Msg::HomeTitle)/>
        <h1>{lang.t(Msg::HomeHeading)}</h1>
        <p class="lead">{lang.t(Msg::HomeIntro)}</p>
        <ul class="cards">
            {card(paths::CHECK, Msg::HomeCheckTitle, Msg::HomeCheckBody, true)}
            {card(paths::APPLY, Msg::HomeApplyTitle, Msg::HomeApplyBody, false)}
            {card(paths::STATUS, Msg::HomeStatusTitle, Msg::HomeStatusBody, false)}
        </ul>
        <section class="help" aria-labelledby="help-heading">
            <h2 id="help-heading">{lang.t(Msg::HomeHelpHeading)}</h2>
            <p>{lang.t(Msg::HomeHelpBody)}</p>
        </section>
        <p class="staff-link">
            <a href=paths::STAFF>{lang.t(Msg::HomeStaffTitle)}</a>
            " · "
            {lang.t(Msg::HomeStaffBody)}
        </p>
    }
}
