//! What one server carries: the release binary (`target/release/server`, built by `make
//! bench`) on loopback, driven by a small client inside this bench, on SQLite and — when
//! `TEST_DATABASE_URL` is set — on PostgreSQL. For `GET /check`, saving a draft step,
//! submitting (each on its own fresh draft) and a signed-in `GET /status/{reference}`, it
//! prints requests per second with p50 and p99 latency at full load; then the p99 of
//! `GET /check` and submitting at half their goal rates (the issue's), sent at a steady
//! pace whether or not earlier requests have answered (latency counts from when a request
//! was due, so a server that falls behind shows it); and the server's resident memory idle
//! and after the load, beside the goals of the speed issue. Every phase is bounded in
//! requests and in time; nothing is sent anywhere but 127.0.0.1.

use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use server::crypto::DataKey;
use server::services::application as service;
use server::services::sign_in::start_session;
use server::store::{DatabaseUrl, Store};

#[path = "support/postgres.rs"]
mod postgres;

#[path = "../tests/store/flows.rs"]
#[allow(dead_code)]
mod flows;

const CLIENTS: usize = 32;
/// A read phase stops after this many requests or this long, whichever comes first.
const READS: usize = 20_000;
const READ_TIME: Duration = Duration::from_secs(6);
/// Residents with a filled-in draft submitted at full load (the first of them also save a
/// step first); as many again as half the goal rate sends in `PACED_SUBMITS` are made too.
const FULL_LOAD_SUBMITS: usize = 3_000;
/// Residents made ready at once: the services' writes, each its own transaction.
const PREPARERS: usize = 8;
/// How long each steady-pace phase sends for.
const PACED_READS: Duration = Duration::from_secs(4);
const PACED_SUBMITS: Duration = Duration::from_secs(2);
/// The goal rates of the issue, of which the steady-pace phases send half.
const CHECK_GOAL: f64 = 5_000.0;

/// One phase's answers: latency in ms and whether each was the expected one.
struct Figures {
    label: &'static str,
    took: Duration,
    seen: Vec<(f64, bool)>,
}

impl Figures {
    /// One line: the figures, then the goal they are read against.
    fn print(mut self, goal: &str) {
        let errors = self.seen.iter().filter(|(_, ok)| !ok).count();
        self.seen.sort_by(|a, b| a.0.total_cmp(&b.0));
        let at = |q: f64| self.seen[((self.seen.len() as f64 - 1.0) * q).round() as usize].0;
        let rate = self.seen.len() as f64 / self.took.as_secs_f64();
        println!(
            "  {:<34} {:>6} requests {:>7.0}/s   p50 {:>6.1} ms   p99 {:>6.1} ms   errors {errors:<3}  goal {goal}",
            self.label,
            self.seen.len(),
            rate,
            at(0.5),
            at(0.99),
        );
    }
}

/// `CLIENTS` clients take requests `0..count` in turn until done or `limit` passes.
async fn drive<F, Fut>(label: &'static str, count: usize, limit: Duration, request: F) -> Figures
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let request = Arc::new(request);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..CLIENTS {
        let (request, next) = (request.clone(), next.clone());
        workers.spawn(async move {
            let mut seen = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= count || started.elapsed() > limit {
                    return seen;
                }
                let t = Instant::now();
                let ok = request(i).await;
                seen.push((t.elapsed().as_secs_f64() * 1000.0, ok));
            }
        });
    }
    let seen = workers.join_all().await.into_iter().flatten().collect();
    Figures { label, took: started.elapsed(), seen }
}

/// `count` requests at a steady `rate` per second: each leaves when it is due, whether or
/// not earlier ones have answered, and its latency counts from then.
async fn pace<F, Fut>(label: &'static str, rate: f64, count: usize, request: F) -> Figures
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send + 'static,
{
    let started = tokio::time::Instant::now();
    let mut sent = tokio::task::JoinSet::new();
    for i in 0..count {
        let due = started + Duration::from_secs_f64(i as f64 / rate);
        tokio::time::sleep_until(due).await;
        let answered = request(i);
        sent.spawn(async move {
            let ok = answered.await;
            (due.elapsed().as_secs_f64() * 1000.0, ok)
        });
    }
    let seen = sent.join_all().await;
    Figures { label, took: started.elapsed(), seen }
}

/// A page answered 200 and read to its end.
async fn read_whole(res: reqwest::Result<reqwest::Response>) -> bool {
    match res {
        Ok(r) if r.status() == 200 => r.bytes().await.is_ok(),
        _ => false,
    }
}

/// The server's resident memory, from /proc (Linux).
fn resident_mb(server: &Child) -> f64 {
    std::fs::read_to_string(format!("/proc/{}/status", server.id()))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok()))
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

async fn run(label: &str, database: DatabaseUrl, database_text: &str, submit_goal: f64) {
    let dir = tempfile::tempdir().expect("temp folder");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let binary = root.join("target").join("release").join("server");
    assert!(binary.exists(), "build the release server first (make bench does)");
    let key_text = DataKey::generate_base64();
    let key = DataKey::from_base64(&key_text).expect("key");

    // Residents with a draft filled in and a session, made beforehand through the services.
    let store = Store::connect(&database).await.expect("database");
    store.migrate().await.expect("migrations");
    store.seed().await.expect("seed");
    let paced_submits = (submit_goal / 2.0 * PACED_SUBMITS.as_secs_f64()) as usize;
    let made = Instant::now();
    let residents = ready_residents(&store, &key, FULL_LOAD_SUBMITS + paced_submits).await;
    println!("{label}: {} residents with a draft made in {:.0} s", residents.len(), made.elapsed().as_secs_f64());
    let (residents, paced_residents) = residents.split_at(FULL_LOAD_SUBMITS);
    let (residents, paced_residents) = (residents.to_vec(), paced_residents.to_vec());
    drop(store);

    let port = free_port();
    let mut server = Command::new(&binary)
        .env("PORTAL_BIND", format!("127.0.0.1:{port}"))
        .env("PORTAL_DATABASE_URL", database_text)
        .env("PORTAL_DATA_KEY", &key_text)
        .env("PORTAL_INDEX_KEY", DataKey::generate_base64())
        .env("PORTAL_SITE_ROOT", root.join("target").join("site"))
        .env("PORTAL_UPLOAD_DIR", dir.path().join("uploads"))
        .env("PORTAL_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("server starts");
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).pool_max_idle_per_host(CLIENTS).build().expect("client");
    for _ in 0..200 {
        if client.get(format!("{base}/readyz")).send().await.is_ok_and(|r| r.status() == 200) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle = resident_mb(&server);
    println!("{label} ({CLIENTS} clients, server and database on this machine)");

    let (c, b) = (client.clone(), base.clone());
    drive("GET /check", READS, READ_TIME, move |_| {
        let req = c.get(format!("{b}/check")).send();
        async move { read_whole(req.await).await }
    })
    .await
    .print(&format!(">= {}/s", thousands(CHECK_GOAL)));

    let residents = Arc::new(residents);
    let (c, b, r) = (client.clone(), base.clone(), residents.clone());
    drive("save a draft step (income)", residents.len(), READ_TIME, move |i| {
        let req = c.post(format!("{b}/apply/step/income")).header("cookie", &r[i].0).form(&[("income", "1500"), ("savings", "2000")]).send();
        async move { matches!(req.await, Ok(r) if r.status() == 303) }
    })
    .await
    .print("none of its own (a write like a submit)");

    let references = Arc::new(std::sync::Mutex::new(vec![String::new(); residents.len()]));
    let (c, b, r, refs) = (client.clone(), base.clone(), residents.clone(), references.clone());
    drive("submit (a fresh draft each)", residents.len(), Duration::from_secs(60), move |i| submit(&c, &b, &r[i], i, refs.clone()))
        .await
        .print(&format!(">= {}/s", thousands(submit_goal)));

    let submitted: Vec<(String, String)> =
        residents.iter().zip(references.lock().expect("references").iter()).filter(|(_, r)| !r.is_empty()).map(|((cookie, _), r)| (cookie.clone(), r.clone())).collect();
    let submitted = Arc::new(submitted);
    if !submitted.is_empty() {
        let (c, b, s) = (client.clone(), base.clone(), submitted.clone());
        drive("GET /status/{reference}, signed in", READS, READ_TIME, move |i| status(&c, &b, &s[i % s.len()]))
            .await
            .print("none of its own (a signed-in read)");
    }

    println!("  at half the goal rates, sent at a steady pace (goal: p99 <= 20 ms)");
    let half = CHECK_GOAL / 2.0;
    let (c, b) = (client.clone(), base.clone());
    pace("GET /check", half, (half * PACED_READS.as_secs_f64()) as usize, move |_| {
        let req = c.get(format!("{b}/check")).send();
        async move { read_whole(req.await).await }
    })
    .await
    .print(&format!("{}/s sent", thousands(half)));
    let paced = Arc::new(paced_residents);
    let refs = Arc::new(std::sync::Mutex::new(vec![String::new(); paced.len()]));
    let (c, b, r) = (client.clone(), base.clone(), paced.clone());
    pace("submit", submit_goal / 2.0, paced.len(), move |i| submit(&c, &b, &r[i], i, refs.clone()))
        .await
        .print(&format!("{}/s sent", thousands(submit_goal / 2.0)));
    let loaded = resident_mb(&server);
    println!("  server memory: {idle:.0} MB idle (goal <= 30 MB), {loaded:.0} MB after the load (goal <= 100 MB)");
    let _ = server.kill();
    let _ = server.wait();
}

/// `count` residents signed in with a filled-in draft: (session cookie, draft id).
async fn ready_residents(store: &Store, key: &DataKey, count: usize) -> Vec<(String, String)> {
    let now = chrono::Utc::now().timestamp();
    let next = Arc::new(AtomicUsize::new(0));
    let mut preparers = tokio::task::JoinSet::new();
    for _ in 0..PREPARERS {
        let (store, key, next) = (store.clone(), key.clone(), next.clone());
        preparers.spawn(async move {
            let mut made = Vec::new();
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= count {
                    return made;
                }
                let who = flows::ready_in_seeded(&store, &key, 70_000 + n as u32, "王小明", "11010519491231002X").await;
                flows::fill_in(&store, &key, &who).await;
                let draft = service::load_draft(&store, &key, &who.actor.citizen_id).await.expect("draft").expect("a draft").id;
                let session = start_session(&store, &who.actor.citizen_id, None, now).await.expect("session");
                made.push((n, (format!("sid={session}"), draft)));
            }
        });
    }
    let mut made: Vec<_> = preparers.join_all().await.into_iter().flatten().collect();
    made.sort_by_key(|(n, _)| *n);
    made.into_iter().map(|(_, r)| r).collect()
}

/// Submits a resident's draft; a 303 to its confirmation keeps the reference in `refs[i]`.
fn submit(c: &reqwest::Client, base: &str, resident: &(String, String), i: usize, refs: Arc<std::sync::Mutex<Vec<String>>>) -> impl std::future::Future<Output = bool> + Send + 'static {
    let req = c.post(format!("{base}/apply/submit")).header("cookie", &resident.0).form(&[("draft_id", resident.1.as_str())]).send();
    async move {
        let Ok(res) = req.await else { return false };
        let to = res.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or("").to_string();
        let ok = res.status() == 303 && to.starts_with("/apply/done/");
        if ok {
            refs.lock().expect("references")[i] = to.rsplit('/').next().unwrap_or("").to_string();
        }
        ok
    }
}

/// A resident's status page, signed in: (session cookie, reference).
fn status(c: &reqwest::Client, base: &str, (cookie, reference): &(String, String)) -> impl std::future::Future<Output = bool> + Send + 'static {
    let req = c.get(format!("{base}/status/{reference}")).header("cookie", cookie).send();
    async move { read_whole(req.await).await }
}

fn thousands(n: f64) -> String {
    let n = n.round() as u64;
    if n >= 1000 { format!("{},{:03}", n / 1000, n % 1000) } else { n.to_string() }
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temp folder");
    let path = dir.path().join("load.db");
    let text = format!("sqlite://{}", path.display());
    run("SQLite", DatabaseUrl::Sqlite { path }, &text, 2_000.0).await;
    match std::env::var("TEST_DATABASE_URL") {
        Ok(admin) if !admin.is_empty() => {
            let (url, name) = postgres::fresh(&admin).await;
            run("PostgreSQL", DatabaseUrl::parse(&url).expect("URL"), &url, 1_000.0).await;
            postgres::drop(&admin, &name).await;
        }
        _ => println!("PostgreSQL: set TEST_DATABASE_URL to measure it too"),
    }
}
