//! The HTML document around every page (server only): language, CSP nonce, inline CSS.

use http::header::{HeaderName, HeaderValue, CONTENT_SECURITY_POLICY};
use leptos::prelude::*;
use leptos_meta::MetaTags;

use crate::components::islands::{plain_outside_islands, IslandScripts, IslandsOnPage};
use crate::i18n::{Lang, LANG_COOKIE};
use crate::App;

/// The whole stylesheet, minified at build time. Inlined so the first response alone
/// renders the page (the 14 KB budget), and no second round trip blocks rendering.
const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/main.min.css"));

/// Reads the chosen language from the request being rendered.
fn request_lang() -> Lang {
    use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get_all(http::header::COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .find(|v| v.contains(LANG_COOKIE))
                .map(Lang::from_cookie_header)
        })
        .unwrap_or_default()
}

/// CSP for HTML pages: scripts and styles only from this site or carrying this response's
/// nonce; WASM may be compiled; nothing may frame the portal.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'nonce-{nonce}'; img-src 'self' data: blob:; connect-src 'self'; \
         font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = request_lang();
    provide_context(lang);
    let nonce = leptos::nonce::use_nonce();
    if let (Some(nonce), Some(response)) = (&nonce, use_context::<leptos_axum::ResponseOptions>()) {
        if let Ok(value) = HeaderValue::from_str(&content_security_policy(nonce)) {
            response.insert_header(CONTENT_SECURITY_POLICY, value);
        }
        response.insert_header(
            HeaderName::from_static("content-language"),
            HeaderValue::from_static(lang.code()),
        );
    }
    plain_outside_islands();
    // Filled while the body renders (in order, with no Suspense): the loader follows it.
    let islands = IslandsOnPage::provide();
    let scripts = move || islands.any().then(|| view! { <IslandScripts options=options.clone() islands=islands.islands()/> });
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#b3261e"/>
                <link rel="icon" href="/favicon.ico" sizes="any"/>
                <style nonce=nonce.clone() inner_html=CSS></style>
                <MetaTags/>
            </head>
            <body>
                <App/>
                {scripts}
            </body>
        </html>
    }
}
