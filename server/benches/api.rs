//! The mobile API's own cost on SQLite: every call checks its bearer token and counts itself
//! in two shared counters (per token, per phone) in the database, and creating calls claim
//! an Idempotency-Key. Run by `make bench`. Goal: a signed-in read under 5 ms and a creating
//! call or a replay under 10 ms (median, one client, this machine).

use std::time::Instant;

use server::config::Config;
use server::services::api_access;
use server::startup::Application;
use server::store::DatabaseUrl;

fn report(label: &str, mut ms: Vec<f64>) {
    ms.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
    println!("{label:<44} median {:>6.2} ms   p95 {:>6.2} ms   ({} requests)", at(0.5), at(0.95), ms.len());
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temp folder");
    std::fs::create_dir_all(dir.path().join("site").join("pkg")).expect("site folder");
    let mut config = Config::embedded(dir.path());
    config.database = DatabaseUrl::Sqlite { path: dir.path().join("bench.db") };
    config.api_per_token_per_minute = 1_000_000;
    config.api_per_phone_per_minute = 1_000_000;
    let app = Application::build(config).await.expect("app builds");
    let (addr, store) = (app.local_addr(), app.store());
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    let now = chrono::Utc::now().timestamp();
    let citizen = store.citizen_for_phone("bench-citizen", "13700009999", now).await.expect("citizen");
    let token = api_access::issue(&store, &citizen, now).await.expect("token").token;
    let client = reqwest::Client::new();
    let url = |p: &str| format!("http://{addr}{p}");

    let reads = measure(500, |_| client.get(url("/api/v1/me")).bearer_auth(&token).send()).await;
    report("GET /api/v1/me (token + 2 counters)", reads);
    let public = measure(500, |_| client.get(url("/api/v1/areas/320104/children")).send()).await;
    report("GET /api/v1/areas/{code}/children (no token)", public);
    let create = |key: String| client.post(url("/api/v1/drafts")).bearer_auth(&token).header("idempotency-key", key).json(&serde_json::json!({})).send();
    let creating = measure(300, |i| create(format!("bench-key-{i:06}"))).await;
    report("POST /api/v1/drafts (new Idempotency-Key)", creating);
    let replayed = create("bench-key-000000".into()).await.expect("request");
    assert_eq!(replayed.headers()["idempotent-replayed"], "true");
    let replays = measure(300, |_| create("bench-key-000000".into())).await;
    report("POST /api/v1/drafts (replayed key)", replays);
}

/// Milliseconds each of `n` calls took, body read; every call must succeed.
async fn measure<F, Fut>(n: usize, mut call: F) -> Vec<f64>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = reqwest::Result<reqwest::Response>>,
{
    let mut ms = Vec::with_capacity(n);
    for i in 0..n {
        let t = Instant::now();
        let res = call(i).await.expect("request");
        assert!(res.status().is_success(), "{}", res.status());
        res.bytes().await.expect("body");
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    ms
}
