//! Which pages download WASM, and which bundle: only those that render an island, and the
//! smallest bundle that holds every island on the page. Each island says so as it renders on
//! the server (`rendered`), and the shell adds the loader at the end of the body only then
//! (`IslandScripts`), so a page of plain forms downloads no script.
//!
//! Besides the bundle with every island (cargo-leptos's `portal` project), the build makes a
//! lean bundle per group of pages (`BUNDLES`: the projects `portal-check`, `portal-forms`,
//! `portal-visits`, each the frontend crate with the feature of that name): the checker's
//! results page then downloads its one island and not the visit recorder's photo queue. A
//! page whose islands no lean bundle holds, or a build without them, gets the whole bundle.
//! Every `#[island]` must call `rendered` first; the browser tests check both directions
//! (a page with an island hydrates, a page without one requests no `/pkg/` file).

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;

use leptos::prelude::{provide_context, use_context};

/// The islands there are; each is built into a bundle by the app feature `island-…` of its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Island {
    LiveResult,
    AreaPicker,
    CharCount,
    SignaturePad,
    OfflineVisits,
}

impl Island {
    pub const ALL: [Island; 5] = [Island::LiveResult, Island::AreaPicker, Island::CharCount, Island::SignaturePad, Island::OfflineVisits];

    const fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// The lean bundles: the name (the frontend feature and the `portal-…` project in Cargo.toml)
/// and the islands built into it. The first that holds every island of a page serves it.
pub const BUNDLES: [(&str, &[Island]); 3] = [
    ("check", &[Island::LiveResult]),
    ("forms", &[Island::AreaPicker, Island::CharCount, Island::SignaturePad]),
    ("visits", &[Island::OfflineVisits, Island::SignaturePad, Island::CharCount]),
];

/// The lean bundle for a page with these islands, or None for the whole one.
pub fn bundle_for(on_page: &[Island]) -> Option<&'static str> {
    let wanted = on_page.iter().fold(0u8, |bits, i| bits | i.bit());
    BUNDLES
        .iter()
        .find(|(_, holds)| wanted & !holds.iter().fold(0u8, |bits, i| bits | i.bit()) == 0)
        .map(|(name, _)| *name)
}

/// The islands rendered so far on the page being rendered.
#[derive(Clone, Default)]
pub struct IslandsOnPage(Arc<AtomicU8>);

impl IslandsOnPage {
    /// Starts the record for the page being rendered (the shell calls this).
    pub fn provide() -> Self {
        let mark = Self::default();
        provide_context(mark.clone());
        mark
    }

    pub fn any(&self) -> bool {
        self.0.load(Ordering::Relaxed) != 0
    }

    pub fn islands(&self) -> Vec<Island> {
        let bits = self.0.load(Ordering::Relaxed);
        Island::ALL.into_iter().filter(|i| bits & i.bit() != 0)
            .collect()
    }
}

/// Called at the top of every island. In the browser there is no record, and nothing happens.
pub fn rendered(island: Island) {
    if let Some(mark) = use_context::<IslandsOnPage>() {
        mark.0.fetch_or(island.bit(), Ordering::Relaxed);
    }
}

/// A bundle's two files under the site's package folder (`output` is its output name), with
/// the hashes cargo-leptos wrote beside the server binary (`hash_file`) when file hashing is
/// on. None when that build is not there: its hash file is missing or names no file present.
#[cfg(feature = "ssr")]
fn files_of(options: &leptos::config::LeptosOptions, output: &str, hash_file: &str) -> Option<(String, String)> {
    let (mut js, mut wasm) = (output.to_string(), output.to_string());
    if options.hash_files {
        let hashes = std::env::current_exe().ok()?.parent()?.join(hash_file);
        let hashes = std::fs::read_to_string(hashes).ok()?;
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
    Some((format!("/{pkg}/{js}.js"), format!("/{pkg}/{wasm}.wasm")))
}

/// The files of the bundle for a page with these islands: the lean one when it was built and
/// is in the site, the whole one otherwise. Read once per process.
#[cfg(feature = "ssr")]
fn bundle_files(options: &leptos::config::LeptosOptions, on_page: &[Island]) -> (String, String) {
    use std::sync::OnceLock;
    static WHOLE: OnceLock<(String, String)> = OnceLock::new();
    static LEAN: OnceLock<Vec<(&'static str, (String, String))>> = OnceLock::new();
    let lean = LEAN.get_or_init(|| {
        let site = std::path::Path::new(options.site_root.as_ref());
        BUNDLES
            .iter()
            .filter_map(|(name, _)| {
                let output = format!("{}-{name}", options.output_name);
                let files = files_of(options, &output, &format!("hash-{name}.txt"))?;
                let present = [&files.0, &files.1].iter().all(|f| site.join(f.trim_start_matches('/')).is_file());
                present.then_some((*name, files))
            })
            .collect()
    });
    bundle_for(on_page)
        .and_then(|name| lean.iter().find(|(n, _)| *n == name))
        .map(|(_, files)| files.clone())
        .unwrap_or_else(|| {
            WHOLE
                .get_or_init(|| {
                    let output = options.output_name.to_string();
                    let hash_file = options.hash_file.to_string();
                    files_of(options, &output, &hash_file).unwrap_or_else(|| (format!("/{}/{output}.js", options.site_pkg_dir), format!("/{}/{output}.wasm", options.site_pkg_dir)))
                })
                .clone()
        })
}

/// The loader of the bundle for the page's islands, for the end of a body that holds them:
/// one module script with this response's nonce, which waits for the page to be idle
/// (`islands_loader.js`).
#[cfg(feature = "ssr")]
#[leptos::component]
pub fn IslandScripts(options: leptos::config::LeptosOptions, islands: Vec<Island>) -> impl leptos::IntoView {
    use leptos::prelude::*;
    const LOADER: &str = include_str!("islands_loader.js");
    let (js, wasm) = bundle_files(&options, &islands);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_gets_the_first_lean_bundle_holding_all_its_islands_or_the_whole_one() {
        assert_eq!(bundle_for(&[Island::LiveResult]), Some("check"));
        assert_eq!(bundle_for(&[Island::AreaPicker, Island::CharCount]), Some("forms"));
        assert_eq!(bundle_for(&[Island::SignaturePad]), Some("forms"));
        assert_eq!(bundle_for(&[Island::OfflineVisits, Island::SignaturePad]), Some("visits"));
        assert_eq!(bundle_for(&[Island::OfflineVisits, Island::CharCount]), Some("visits"));
        assert_eq!(bundle_for(&[Island::LiveResult, Island::CharCount]), None, "no lean bundle holds both");
        assert_eq!(bundle_for(&[Island::AreaPicker, Island::OfflineVisits]), None);
    }

    #[test]
    fn every_island_is_in_some_lean_bundle() {
        for island in Island::ALL {
            assert!(bundle_for(&[island]).is_some(), "{island:?}");
        }
    }
}
