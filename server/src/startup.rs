//! Building the application from its configuration, and running it until told to stop.

use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;

use axum::serve::ListenerExt;
use leptos::config::LeptosOptions;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::crypto::DataKey;
use crate::state::AppState;
use crate::store::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("PORTAL_DATA_KEY is required with PostgreSQL (generate one with: openssl rand -base64 32)")]
    MissingKey,
    #[error("PORTAL_INDEX_KEY is required with PostgreSQL: a second key, for the blind index of ID numbers (generate one with: openssl rand -base64 32)")]
    MissingIndexKey,
    #[error("cannot make the demonstration (demo staff, residents and applications): {0}")]
    Demo(String),
    #[error("cannot use the upload folder {path} (PORTAL_UPLOAD_DIR): {reason}")]
    UploadDir { path: String, reason: String },
    #[error("cannot use the data key file {path}: {reason}")]
    KeyFile { path: String, reason: String },
    #[error("cannot listen on {addr}: {reason}")]
    Bind { addr: SocketAddr, reason: String },
    #[error("cannot set up text message delivery: {0}")]
    Sms(String),
    #[error("cannot print letters: {0}")]
    Font(String),
}

/// The SMS delivery worker's provider and pace, from the configuration.
pub fn delivery(config: &Config) -> Result<crate::services::sms::Delivery, String> {
    use crate::services::sms::{aliyun::Aliyun, Delivery, DevOutbox, SmsProvider};
    // The provider's time-out stays far below the lease, so a slow answer cannot let a
    // second worker send the same message.
    const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);
    let provider: std::sync::Arc<dyn SmsProvider> = match &config.sms {
        crate::config::SmsConfig::Outbox => {
            if !(config.dev_outbox || config.demo) {
                tracing::warn!("no SMS provider is configured (PORTAL_SMS_PROVIDER): text messages stay in the outbox and reach nobody");
            }
            std::sync::Arc::new(DevOutbox)
        }
        crate::config::SmsConfig::Aliyun(settings) => std::sync::Arc::new(Aliyun::new(settings.clone(), TIMEOUT)?),
    };
    Ok(Delivery { provider, max_attempts: config.sms_max_attempts, retry_secs: config.sms_retry_secs, lease_secs: 120, batch: 20 })
}

pub struct Application {
    listener: TcpListener,
    local_addr: SocketAddr,
    router: axum::Router,
    store: Store,
}

/// Name of the WASM/JS bundle (the `output-name` in Cargo.toml's leptos metadata).
pub const OUTPUT_NAME: &str = "portal";

pub fn leptos_options(config: &Config) -> LeptosOptions {
    // cargo-leptos writes hash.txt next to the server binary when it hashes file names.
    let hashed = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
        .is_some_and(|p| p.exists());
    LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(config.site_root.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(config.bind)
        .hash_files(hashed)
        .env(leptos::config::Env::PROD)
        .build()
}

/// The keys for sensitive fields: from configuration, or — for the embedded SQLite setup
/// only — key files beside the database, made on first start.
fn data_key(config: &Config) -> Result<DataKey, StartupError> {
    fn bad(setting: &'static str) -> impl Fn(crate::crypto::KeyError) -> StartupError {
        move |e| StartupError::KeyFile { path: setting.into(), reason: e.to_string() }
    }
    let sealing = match (&config.data_key, &config.database) {
        (Some(k), _) => k.clone(),
        (None, crate::store::DatabaseUrl::Sqlite { path }) => key_file(&path.with_extension("key"))?,
        (None, _) => return Err(StartupError::MissingKey),
    };
    let index = match (&config.index_key, &config.database) {
        (Some(k), _) => k.clone(),
        (None, crate::store::DatabaseUrl::Sqlite { path }) => key_file(&path.with_extension("index-key"))?,
        (None, _) => return Err(StartupError::MissingIndexKey),
    };
    DataKey::from_base64(&sealing).map_err(bad("PORTAL_DATA_KEY"))?.with_index_key(&index).map_err(bad("PORTAL_INDEX_KEY"))
}

/// A key file's text, made (readable by the owner only) when it does not exist yet.
fn key_file(file: &Path) -> Result<String, StartupError> {
    let fail = |e: std::io::Error| StartupError::KeyFile { path: file.display().to_string(), reason: e.to_string() };
    if !file.exists() {
        use std::io::Write;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut f = options.open(file).map_err(fail)?;
        f.write_all(DataKey::generate_base64().as_bytes()).map_err(fail)?;
        tracing::warn!(file = %file.display(), "made a new key file for the embedded database; back it up with the database");
    }
    std::fs::read_to_string(file).map_err(fail)
}

impl Application {
    /// Connects and migrates the database, loads reference data, and binds the listener.
    pub async fn build(config: Config) -> Result<Application, StartupError> {
        let store = Store::connect(&config.database).await?;
        let key = data_key(&config)?;
        store.migrate().await?;
        let seeded = store.seed().await?;
        tracing::info!(database = %config.database.redacted(), areas_added = seeded.areas_added, "database ready");
        if !Path::new(&config.site_root).join("pkg").exists() {
            tracing::warn!(site_root = %config.site_root.display(), "no built site here: pages work, the WASM bundle will 404 (run make run)");
        }
        let listener = TcpListener::bind(config.bind)
            .await
            .map_err(|e| StartupError::Bind { addr: config.bind, reason: e.to_string() })?;
        let local_addr = listener
            .local_addr()
            .map_err(|e| StartupError::Bind { addr: config.bind, reason: e.to_string() })?;
        let state = AppState {
            leptos: leptos_options(&config),
            store: store.clone(),
            key,
            files: crate::files::open(&config.upload_dir).map_err(|reason| StartupError::UploadDir { path: config.upload_dir.display().to_string(), reason })?,
            dev_outbox: config.dev_outbox || config.demo,
            demo: config.demo.then(crate::services::demo::demonstration),
            proxies: if config.behind_proxy { crate::http::client::Proxies::Hops(config.proxy_hops) } else { crate::http::client::Proxies::None },
            api: crate::state::ApiSettings {
                cors_origins: config.cors_origins.clone(),
                per_token_per_minute: config.api_per_token_per_minute,
                per_phone_per_minute: config.api_per_phone_per_minute,
                codes_per_address_per_hour: config.codes_per_address_per_hour,
            },
            retention: config.retention(),
            staff_second_factor: config.staff_second_factor,
            printer: crate::services::letters::Printer {
                pdf: crate::pdf::Pdf::load(&config.pdf_font).map_err(StartupError::Font)?,
                site: config.public_url.clone().unwrap_or_else(|| format!("http://{local_addr}")),
            },
        };
        crate::services::housekeeping::keep_sweeping(store.clone(), state.files.clone(), state.retention, state.key.clone());
        crate::services::sms::keep_delivering(store.clone(), delivery(&config).map_err(StartupError::Sms)?);
        {
            let (store, key) = (store.clone(), state.key.clone());
            tokio::spawn(async move {
                match crate::services::monitoring::feeds::index_old_applications(&store, &key).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(applications = n, "gave older applications their subject's blind index"),
                    Err(_) => tracing::warn!("indexing older applications failed; it runs again at the next start"),
                }
            });
        }
        if config.demo_seed {
            crate::services::staff::seed_demo(&store).await.map_err(|e| StartupError::Demo(e.to_string()))?;
            tracing::warn!("demo staff accounts are present (PORTAL_DEMO_SEED): never use this setting in production");
        }
        if config.demo {
            crate::services::demo::seed(&store, &state.key).await.map_err(|e| StartupError::Demo(e.to_string()))?;
            tracing::warn!("this is the demonstration (PORTAL_DEMO): demo residents and staff, codes on /dev/outbox; never in production");
        }
        if config.dev_outbox || config.demo {
            tracing::warn!("development SMS outbox is on at /dev/outbox: never use this setting in production");
        }
        Ok(Application { listener, local_addr, router: crate::router::router(state), store })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    pub fn store(&self) -> Store {
        self.store.clone()
    }

    /// Serves until `shutdown` completes, then lets requests in flight finish.
    pub async fn run_until_stopped(self, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        tracing::info!(address = %self.local_addr, "listening on http://{}", self.local_addr);
        // axum does not set TCP_NODELAY; without it small responses wait ~40 ms for ACKs.
        let listener = self.listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        let service = self.router.into_make_service_with_connect_info::<SocketAddr>();
        let result = axum::serve(listener, service).with_graceful_shutdown(shutdown).await;
        self.store.close().await;
        tracing::info!("shutdown complete");
        result
    }
}

/// Resolves on SIGTERM (orchestrators, `kill`) or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutdown signal received; finishing requests in flight");
}
