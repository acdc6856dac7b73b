//! Times on a page: read in Beijing time, with the UTC moment kept in `datetime` for machines.

use leptos::prelude::*;

use crate::i18n::use_lang;

/// `<time datetime="2026-12-02T05:31:28Z">2026年12月2日 13:31</time>`.
#[component]
pub fn LocalTime(#[prop(into)] utc: String) -> impl IntoView {
    let lang = use_lang();
    let shown = lang.local_time(&utc);
    view! { <time datetime=utc>{shown}</time> }
}
