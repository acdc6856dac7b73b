//! Which pages download the WASM bundle: only those that render an island. Each island says
//! so as it renders on the server (`rendered`), and the shell adds the loader at the end of
//! the body only then (`IslandScripts`), so a page of plain forms downloads no script.
//! Every `#[island]` must call `rendered()` first; the browser tests check both directions
//! (a page with an island hydrates, a page without one requests no `/pkg/` file).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use leptos::prelude::{provide_context, use_context};

/// Set while a page renders when any island is in it.
#[derive(Clone, Default)]
pub struct IslandsOnPage(Arc<AtomicBool>);

impl IslandsOnPage {
    /// Starts the record for the page being rendered (the shell calls this).
    pub fn provide() -> Self {
        let mark = Self::default();
        provide_context(mark.clone());
        mark
    }

    pub fn any(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Called at the top of every island. In the browser there is no record, and nothing happens.
pub fn rendered() {
    if let Some(mark) = use_context::<IslandsOnPage>() {
        mark.0.store(true, Ordering::Relaxed);
    }
}

/// The bundle's two files under the site's package folder, with the hashes cargo-leptos wrote
/// beside the server binary (`hash.txt`) when file hashing is on.
#[cfg(feature = "ssr")]
fn bundle_files(options: &leptos::config::LeptosOptions) -> (String, String) {
    use std::sync::OnceLock;
    static FILES: OnceLock<(String, String)> = OnceLock::new();
    FILES
        .get_or_init(|| {
            let (mut js, mut wasm) = (options.output_name.to_string(), options.output_name.to_string());
            if options.hash_files {
                let hashes = std::env::current_exe()
                    .ok()
                    .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())))
                    .and_then(|path| std::fs::read_to_string(path).ok())
                    .unwrap_or_default();
                for (file, hash) in hashes.lines().filter_map(|l| l.split_once(':')) {
                    match file.trim() {
                        "js" => js = format!("{js}.{}", hash.trim()),
                        "wasm" => wasm = format!("{wasm}.{}", hash.trim()),
                        _ => {}
                    }
                }
            } else {
                wasm.push_str("_bg");
            }
            let pkg = &options.site_pkg_dir;
            (format!("/{pkg}/{js}.js"), format!("/{pkg}/{wasm}.wasm"))
        })
        .clone()
}

/// The loader of the bundle, for the end of a body that holds islands: one module script
/// with this response's nonce, which waits for the page to be idle (`islands_loader.js`).
#[cfg(feature = "ssr")]
#[leptos::component]
pub fn IslandScripts(options: leptos::config::LeptosOptions) -> impl leptos::IntoView {
    use leptos::prelude::*;
    const LOADER: &str = include_str!("islands_loader.js");
    let (js, wasm) = bundle_files(&options);
    let call = format!("{}({js:?}, {wasm:?});", LOADER.trim_end());
    view! { <script type="module" nonce=leptos::nonce::use_nonce()>{call}</script> }
}

/// Outside islands the server writes no hydration markers: in islands mode only an island's
/// own HTML is hydrated (what Leptos's `HydrationScripts` does when it renders in the head).
#[cfg(feature = "ssr")]
pub fn plain_outside_islands() {
    if let Some(context) = leptos::prelude::Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
}
