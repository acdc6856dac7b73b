use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::store::Store;

/// What every handler may use. Holds no per-user state: sessions, counters and files live
/// behind the store, so any number of servers can share the load.
#[derive(Clone, Debug)]
pub struct AppState {
    pub leptos: LeptosOptions,
    pub store: Store,
    /// Encrypts sensitive fields before they reach the store.
    pub key: crate::crypto::DataKey,
    /// Uploaded documents' bytes.
    pub files: std::sync::Arc<dyn crate::files::FileStore>,
    pub dev_outbox: bool,
    /// The demonstration's guide for visitors (`PORTAL_DEMO`); `None` in production.
    pub demo: Option<app::page_data::demo::Demonstration>,
    /// Directly reached, or behind this many load balancers (`http/client.rs`).
    pub proxies: crate::http::client::Proxies,
    pub api: ApiSettings,
    pub retention: crate::services::housekeeping::Retention,
    /// Staff give a TOTP code after the password (`Config::staff_second_factor`).
    pub staff_second_factor: bool,
    /// Prints letters (the font, read at start) and names the address they are verified at.
    pub printer: crate::services::letters::Printer,
}

/// The mobile API's limits and the web origins it answers (see `Config`).
#[derive(Clone, Debug)]
pub struct ApiSettings {
    pub cors_origins: Vec<String>,
    pub per_token_per_minute: i64,
    pub per_phone_per_minute: i64,
    /// Sign-in codes a client address may ask for in an hour (web and API alike).
    pub codes_per_address_per_hour: i64,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
