//! The real binary killed with SIGKILL again and again while citizens submit: every
//! acknowledged submission is stored, each draft became exactly one application, and the
//! database and the audit chain are whole afterwards.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::Duration;

use rand::Rng;
use server::crypto::{hash, DataKey};
use server::services::application as service;
use server::store::{ChainCheck, DatabaseUrl, Store};

#[path = "../store/flows.rs"]
#[allow(dead_code)]
mod flows;

const CITIZENS: u32 = 30;
const KILLS: usize = 10;

struct Server {
    child: Child,
    addr: String,
}

fn start(db: &str, key: &str, uploads: &std::path::Path) -> Server {
    let mut child = super::server()
        .env("PORTAL_DATABASE_URL", db)
        .env("PORTAL_DATA_KEY", key)
        .env("PORTAL_UPLOAD_DIR", uploads)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = super::listening_address(&mut lines);
    // Keep reading its log so a full pipe never stalls it.
    std::thread::spawn(move || for _ in lines.map_while(Result::ok) {});
    Server { child, addr }
}

/// One submission as an app sends it; the reference when the server acknowledged it.
async fn submit(client: &reqwest::Client, addr: &str, token: &str, draft: &str, key: &str) -> Result<String, String> {
    let res = client
        .post(format!("http://{addr}/api/v1/applications"))
        .bearer_auth(token)
        .header("idempotency-key", key)
        .json(&serde_json::json!({ "draft_id": draft }))
        .send()
        .await
        .map_err(|e| format!("no answer: {e}"))?;
    let status = res.status();
    let body: serde_json::Value = res.json().await.map_err(|e| format!("{status}: cut off: {e}"))?;
    match (status.as_u16(), body["reference"].as_str()) {
        (200 | 201, Some(r)) => Ok(r.to_string()),
        _ => Err(format!("{status}: {body}")),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn submissions_survive_the_server_being_killed_ten_times() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("portal.db").display());
    let key_text = DataKey::generate_base64();
    let key = DataKey::from_base64(&key_text).unwrap();

    // Citizens with a finished draft and an API token, made through the services.
    let store = Store::connect(&DatabaseUrl::parse(&db).unwrap()).await.unwrap();
    store.migrate().await.unwrap();
    let now = chrono::Utc::now().timestamp();
    let mut pending = Vec::new();
    for n in 0..CITIZENS {
        let who = flows::ready(&store, &key, 5000 + n, "王小明", "11010519491231002X").await;
        flows::fill_in(&store, &key, &who).await;
        let draft = service::load_draft(&store, &key, &who.actor.citizen_id).await.unwrap().unwrap().id;
        let token = format!("crash-test-token-{n:04}-{}", uuid::Uuid::new_v4());
        store.insert_api_token(&hash(&[&token]), &who.actor.citizen_id, now, now + 3600).await.unwrap();
        pending.push((token, draft, uuid::Uuid::new_v4().to_string()));
    }
    store.close().await;

    let client = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().unwrap();
    let mut acknowledged: HashMap<String, String> = HashMap::new();
    let mut kills = 0;
    let mut cut_off = 0;
    while !pending.is_empty() {
        let server = start(&db, &key_text, &dir.path().join("uploads"));
        let mut tasks = tokio::task::JoinSet::new();
        for (token, draft, idem) in pending.drain(..) {
            let (client, addr) = (client.clone(), server.addr.clone());
            tasks.spawn(async move {
                let outcome = submit(&client, &addr, &token, &draft, &idem).await;
                (token, draft, idem, outcome)
            });
        }
        let mut server = server;
        let mut answered = Vec::new();
        if kills < KILLS {
            // Killed once about half of this round has answered (at once when one is left),
            // so every kill lands while submissions are in flight however fast the machine:
            // a fixed pause let a quick machine finish them all before the first kill.
            let half = tasks.len() / 2 + usize::from(rand::thread_rng().gen_bool(0.5) && tasks.len() > 3);
            while answered.len() < half {
                match tasks.join_next().await {
                    Some(done) => answered.push(done.unwrap()),
                    None => break,
                }
            }
            server.child.kill().unwrap();
            server.child.wait().unwrap();
            kills += 1;
        }
        while let Some(done) = tasks.join_next().await {
            answered.push(done.unwrap());
        }
        for (token, draft, idem, outcome) in answered {
            match outcome {
                Ok(reference) => {
                    let earlier = acknowledged.insert(draft.clone(), reference.clone());
                    assert!(earlier.is_none_or(|e| e == reference), "one draft, one reference");
                }
                // A claim left by the killed server holds its key for a minute (409): an app
                // that gives up waiting sends the same draft with a new key.
                Err(e) if e.contains("request-in-progress") => pending.push((token, draft, uuid::Uuid::new_v4().to_string())),
                Err(_) => {
                    cut_off += 1;
                    pending.push((token, draft, idem))
                }
            }
        }
        if kills >= KILLS {
            let _ = server.child.kill();
            let _ = server.child.wait();
        }
    }
    assert_eq!(kills, KILLS);
    assert!(cut_off > 0, "the kills must land while submissions are in flight");
    assert_eq!(acknowledged.len(), CITIZENS as usize, "every submission acknowledged in the end");

    let store = Store::connect(&DatabaseUrl::parse(&db).unwrap()).await.unwrap();
    assert_eq!(store.integrity_check().await.unwrap(), "ok");
    let mut references: Vec<&String> = acknowledged.values().collect();
    references.sort();
    references.dedup();
    assert_eq!(references.len(), CITIZENS as usize);
    for (draft, reference) in &acknowledged {
        assert_eq!(store.count_applications_for_draft(draft).await.unwrap(), 1, "draft {draft}");
        let (row, _, _) = store.application_by_reference(reference).await.unwrap().expect("acknowledged means stored");
        let submits = store.audit_entries_for(&format!("application:{}", row.id)).await.unwrap().into_iter().filter(|e| e.entry.action == "application.submit").count();
        assert_eq!(submits, 1, "one audit entry per application");
    }
    assert!(matches!(store.verify_audit_chain().await.unwrap(), ChainCheck::Intact { .. }));
    println!("{KILLS} kills cut off {cut_off} requests; {} submissions acknowledged and stored, integrity ok, audit chain intact", acknowledged.len());
}
