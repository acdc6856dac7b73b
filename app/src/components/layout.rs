use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::{use_lang, Msg};
use crate::page_data::demo::Demonstration;
use crate::paths;

/// Skip link, header with the portal name and language switch, main navigation, footer.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let here = location.pathname.get_untracked();
    let query = location.search.get_untracked();
    let current = if query.is_empty() { here.clone() } else { format!("{here}?{query}") };
    let nav_item = |href: &'static str, label: Msg| {
        let active = here == href || here.starts_with(&format!("{href}/"));
        view! {
            <li>
                <a href=href aria-current=active.then_some("page")>{lang.t(label)}</a>
            </li>
        }
    };
    // The demonstration says so on every page, with the two ways in a visitor needs.
    let demo = use_context::<Demonstration>().map(|_| {
        view! {
            <div class="demo-banner" role="note" id="demo-banner">
                <p>
                    <strong>{lang.t(Msg::DemoBanner)}</strong>
                    " "
                    <a href="/dev/outbox">{lang.t(Msg::DemoBannerCodes)}</a>
                    " · "
                    <a href=paths::STAFF>{lang.t(Msg::DemoBannerStaff)}</a>
                </p>
            </div>
        }
    });
    view! {
        <a class="skip-link" href="#main">{lang.t(Msg::SkipToContent)}</a>
        {demo}
        <header class="site-header">
            <div class="bar">
                <a class="brand" href=paths::HOME>{lang.t(Msg::AppName)}</a>
                <a
                    class="lang-switch"
                    href=paths::lang_switch(lang.other(), &current)
                    hreflang=lang.other().code()
                    lang=lang.other().code()
                    title=lang.t(Msg::LangSwitchHint)
                    rel="nofollow"
                >
                    {lang.t(Msg::LangSwitchLabel)}
                </a>
            </div>
            <nav class="main-nav" aria-label=lang.t(Msg::NavLabel)>
                <ul>
                    {nav_item(paths::CHECK, Msg::NavCheck)}
                    {nav_item(paths::APPLY, Msg::NavApply)}
                    {nav_item(paths::STATUS, Msg::NavStatus)}
                    {nav_item(paths::STAFF, Msg::NavStaff)}
                </ul>
            </nav>
        </header>
        <main id="main" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <p>{lang.t(Msg::FooterNote)}</p>
        </footer>
    }
}
