//! The WASM entry point: hydrates the islands on a server-rendered page.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    // Islands live in the app crate; this import links them into the bundle.
    #[allow(unused_imports)]
    use app::*;
    console_error_panic_hook::set_once();
    // The islands themselves are hydrated by the loader (`app::components::islands`), which
    // then marks <html data-hydrated> for the browser tests.
    leptos::mount::hydrate_islands();
}
