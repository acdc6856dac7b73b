#![recursion_limit = "256"]
//! Everything the server and the browser share. Pages render on the server; only
//! `#[island]` components are compiled into the WASM bundle and hydrate.

pub mod components;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod page_data;
pub mod pages;
pub mod paths;
#[cfg(feature = "ssr")]
pub mod shell;

mod app;
pub use app::App;
