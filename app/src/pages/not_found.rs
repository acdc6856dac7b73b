use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{use_lang, Msg};
use crate::paths;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let lang = use_lang();
    view! {
        <Title text=lang.t(Msg::NotFoundTitle)/>
        <h1>{lang.t(Msg::NotFoundHeading)}</h1>
        <p>{lang.t(Msg::NotFoundBody)}</p>
        <p><a href=paths::HOME>{lang.t(Msg::BackHome)}</a></p>
    }
}
