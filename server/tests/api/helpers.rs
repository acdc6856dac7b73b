//! Spawns the whole application on port 0 with a fresh SQLite database and a small fake
//! site folder, the way the binary runs it.

use std::net::SocketAddr;
use std::path::Path;

use server::config::Config;
use server::startup::Application;
use server::store::{DatabaseUrl, Store};

pub struct TestApp {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    pub store: Store,
    _dir: tempfile::TempDir,
}

pub const FAKE_WASM: &[u8] = b"\0asm fake bundle";
pub const FAKE_WASM_BR: &[u8] = b"brotli bytes";

fn fake_site(root: &Path) {
    let pkg = root.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("portal.0123abcd.wasm"), FAKE_WASM).unwrap();
    std::fs::write(pkg.join("portal.0123abcd.wasm.br"), FAKE_WASM_BR).unwrap();
    std::fs::write(root.join("favicon.ico"), b"icon").unwrap();
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let site_root = dir.path().join("site");
    fake_site(&site_root);
    let config = Config {
        bind: "127.0.0.1:0".parse().unwrap(),
        database: DatabaseUrl::Sqlite { path: dir.path().join("db").join("portal.db") },
        log: "warn".into(),
        site_root,
        dev_outbox: true,
        behind_proxy: false,
        data_key: None,
        upload_dir: dir.path().join("uploads"),
        demo_seed: false,
        cors_origins: Vec::new(),
        api_per_token_per_minute: 120,
        api_per_phone_per_minute: 240,
    };
    let mut config = config;
    adjust(&mut config);
    let app = Application::build(config).await.expect("app builds");
    let addr = app.local_addr();
    let store = app.store();
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    // No redirects followed and no transparent decompression: tests see what the server sends.
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    TestApp { addr, client, store, _dir: dir }
}

impl TestApp {
    pub fn upload_dir(&self) -> std::path::PathBuf {
        self._dir.path().join("uploads")
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request sent")
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
        let mut req = self.client.get(self.url(path));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        req.send().await.expect("request sent")
    }

    pub async fn page(&self, path: &str, headers: &[(&str, &str)]) -> (reqwest::StatusCode, String) {
        let res = self.get_with(path, headers).await;
        (res.status(), res.text().await.unwrap())
    }
}
