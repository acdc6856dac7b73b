//! A mixed load on one server: citizens submitting applications while staff open cases —
//! both write to the audit chain in their own transactions. Counts every answer that is not
//! the expected one (goal: none) at 16 and 64 concurrent clients, on SQLite and, when
//! `TEST_DATABASE_URL` is set, on PostgreSQL. Run by `make bench`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use app::i18n::Lang;
use server::config::Config;
use server::crypto::DataKey;
use server::services::application::{self as service, SubmitOutcome};
use server::services::sign_in::start_session;
use server::startup::Application;
use server::store::DatabaseUrl;

#[path = "support/postgres.rs"]
mod postgres;

#[path = "../tests/store/flows.rs"]
#[allow(dead_code)]
mod flows;

#[derive(Clone)]
enum Op {
    Submit { cookie: String, draft: String },
    OpenCase { cookie: String, reference: String },
}

fn config(database: DatabaseUrl, dir: &std::path::Path, key: &str) -> Config {
    let mut config = Config::embedded(dir);
    config.database = database;
    config.log = "error".into();
    config.data_key = Some(key.to_string());
    config.index_key = Some(DataKey::generate_base64());
    config.api_per_token_per_minute = 1_000_000;
    config.api_per_phone_per_minute = 1_000_000;
    config
}

async fn run(label: &str, database: DatabaseUrl, clients: usize, submits: u32) {
    let dir = tempfile::tempdir().expect("temp folder");
    std::fs::create_dir_all(dir.path().join("site").join("pkg")).expect("site folder");
    let key_text = DataKey::generate_base64();
    let key = DataKey::from_base64(&key_text).expect("key");
    let app = Application::build(config(database, dir.path(), &key_text)).await.expect("app builds");
    let (addr, store) = (app.local_addr(), app.store());
    tokio::spawn(app.run_until_stopped(std::future::pending()));

    let now = chrono::Utc::now().timestamp();
    let first = flows::ready(&store, &key, 90_000, "王小明", "11010519491231002X").await;
    flows::fill_in(&store, &key, &first).await;
    let draft = service::load_draft(&store, &key, &first.actor.citizen_id).await.expect("draft").expect("a draft").id;
    let Ok(SubmitOutcome::Submitted(reference)) = service::submit(&store, &key, &first.actor, &draft, false, Lang::ZhCn).await else { panic!("first submission") };
    let reviewer = server::services::staff::create(&store, "load.reviewer", "负载经办", flows::STAFF_PASSWORD, app::domain::staff::Role::Reviewer, "320104001").await.expect("reviewer");
    let staff_token = server::services::staff::sign_in(&store, &reviewer.username, flows::STAFF_PASSWORD, "bench", now).await.expect("staff session");
    let staff_cookie = format!("staff_sid={staff_token}");
    let mut ops = Vec::new();
    for n in 0..submits {
        let who = flows::ready(&store, &key, 90_001 + n, "王小明", "11010519491231002X").await;
        flows::fill_in(&store, &key, &who).await;
        let draft = service::load_draft(&store, &key, &who.actor.citizen_id).await.expect("draft").expect("a draft").id;
        let session = start_session(&store, &who.actor.citizen_id, None, now).await.expect("session");
        ops.push(Op::Submit { cookie: format!("sid={session}"), draft });
        ops.push(Op::OpenCase { cookie: staff_cookie.clone(), reference: reference.clone() });
    }

    let ops = Arc::new(ops);
    let next = Arc::new(AtomicUsize::new(0));
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).pool_max_idle_per_host(clients).build().expect("client");
    let started = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..clients {
        let (ops, next, client) = (ops.clone(), next.clone(), client.clone());
        workers.spawn(async move {
            let mut seen = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(op) = ops.get(i) else { return seen };
                let t = Instant::now();
                let ok = match op {
                    Op::Submit { cookie, draft } => {
                        let res = client.post(format!("http://{addr}/apply/submit")).header("cookie", cookie).form(&[("draft_id", draft.as_str())]).send().await;
                        res.is_ok_and(|r| r.status() == 303 && r.headers().get("location").is_some_and(|l| l.to_str().unwrap_or("").starts_with("/apply/done/")))
                    }
                    Op::OpenCase { cookie, reference } => {
                        let res = client.get(format!("http://{addr}/staff/cases/{reference}")).header("cookie", cookie).send().await;
                        match res {
                            Ok(r) if r.status() == 200 => r.bytes().await.is_ok(),
                            _ => false,
                        }
                    }
                };
                seen.push((t.elapsed().as_secs_f64() * 1000.0, ok));
            }
        });
    }
    let mut all: Vec<(f64, bool)> = workers.join_all().await.into_iter().flatten().collect();
    let elapsed = started.elapsed().as_secs_f64();
    let errors = all.iter().filter(|(_, ok)| !ok).count();
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    let at = |q: f64| all[((all.len() as f64 - 1.0) * q).round() as usize].0;
    println!(
        "{label:<10} {clients:>3} clients: {:>5} requests ({submits} submits, {submits} case openings) in {elapsed:>5.1} s = {:>6.0}/s   p50 {:>6.1} ms   p99 {:>7.1} ms   errors {errors}",
        all.len(),
        all.len() as f64 / elapsed,
        at(0.5),
        at(0.99),
    );
    assert!(matches!(store.verify_audit_chain().await.expect("chain"), server::store::ChainCheck::Intact { .. }), "the audit chain held");
}

#[tokio::main]
async fn main() {
    for clients in [16, 64] {
        let dir = tempfile::tempdir().expect("temp folder");
        run("SQLite", DatabaseUrl::Sqlite { path: dir.path().join("load.db") }, clients, 300).await;
    }
    match std::env::var("TEST_DATABASE_URL") {
        Ok(admin) if !admin.is_empty() => {
            for clients in [16, 64] {
                let (url, name) = postgres::fresh(&admin).await;
                run("PostgreSQL", DatabaseUrl::parse(&url).expect("URL"), clients, 300).await;
                postgres::drop(&admin, &name).await;
            }
        }
        _ => println!("PostgreSQL: set TEST_DATABASE_URL to measure it too"),
    }
}
