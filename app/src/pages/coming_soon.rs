use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{use_lang, Msg};
use crate::paths;

/// A journey that a later release fills in; says so plainly and where to go meanwhile.
#[component]
pub fn ComingSoon(title: Msg) -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=lang.t(title)/>
        <h1>{lang.t(title)}</h1>
        <div class="notice">
            <h2>{lang.t(Msg::ComingSoonHeading)}</h2>
            <p>{lang.t(Msg::ComingSoonBody)}</p>
        </div>
        <p><a href=paths::HOME>{lang.t(Msg::BackHome)}</a></p>
    }
}
