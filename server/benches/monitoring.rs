//! A department's batch against the register (#16): 100,000 医保 rows matched by blind index
//! against a register of 1,000,000 people on SQLite, evaluated and written, timed end to end
//! through the service the intake calls. Run by `make bench` (`MONITORING_BENCH_REGISTER` and
//! `MONITORING_BENCH_ROWS` change the sizes). Goal: ≤ 60 s, printed with rows per second.

use std::time::Instant;

use app::domain::monitoring::feeds::FeedSource;
use server::crypto::DataKey;
use server::services::monitoring::feeds::{self, Sender};
use server::store::{AuditEntry, DatabaseUrl, RegisterRow, Store};

/// A valid ID number for `n` (unique for n below 10^7).
fn id_number(n: usize) -> String {
    // Birth dates move with n so that 17 digits stay unique: 1940-01-01 plus n / 1000 days.
    let day = app::domain::date::Date::parse("1940-01-01").unwrap().plus_days((n / 1000) as i64);
    let (y, m, d) = day.ymd();
    let first17 = format!("320104{y:04}{m:02}{d:02}{:03}", n % 1000);
    let check = app::domain::identity::check_character(first17.as_bytes());
    format!("{first17}{}", check as char)
}

#[tokio::main]
async fn main() {
    let register: usize = std::env::var("MONITORING_BENCH_REGISTER").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let rows: usize = std::env::var("MONITORING_BENCH_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temp folder");
    let store = Store::connect(&DatabaseUrl::Sqlite { path: dir.path().join("bench.db") }).await.expect("database");
    store.migrate().await.expect("migrations");
    store.seed().await.expect("seed");
    let key = DataKey::from_base64(&DataKey::generate_base64()).unwrap();
    let communities: Vec<String> = store.areas_at_level(5).await.expect("areas").into_iter().map(|a| a.code).filter(|c| c.starts_with("320104")).collect();

    let started = Instant::now();
    let at = "2026-12-01T00:00:00Z".to_string();
    let mut batch = Vec::with_capacity(50_000);
    for n in 0..register {
        let id = id_number(n);
        let community = &communities[n % communities.len()];
        batch.push(RegisterRow {
            id: format!("p{n}"),
            id_index: key.blind_index(&id),
            id_sealed: key.seal(&id, &format!("register_people.id_number:p{n}")),
            id_masked: format!("{}**********{}", &id[..4], &id[14..]),
            name: "监测对象".into(),
            phone_sealed: None,
            area_code: community.clone(),
            office_code: community[..9].to_string(),
            address: String::new(),
            tier: if n % 3 == 0 { "dibao" } else { "dibao_edge" }.into(),
            since: "2024-01-01".into(),
            source: "import".into(),
            source_ref: String::new(),
            updated_at: at.clone(),
        });
        if batch.len() == 50_000 || n + 1 == register {
            let audit = AuditEntry { at: at.clone(), actor: "bench".into(), action: "register.import".into(), subject: "area:320104".into(), detail: String::new() };
            store.import_register(&batch, &audit).await.expect("register");
            batch.clear();
        }
    }
    println!("register of {register} people over {} communities in {:.1} s", communities.len(), started.elapsed().as_secs_f64());

    // One row in ten is about someone in the register; one in four of those a costly stay.
    let feed: Vec<serde_json::Value> = (0..rows)
        .map(|i| {
            let n = if i % 10 == 0 { (i * 7919) % register } else { register + i };
            let yuan = if i % 40 == 0 { 8_200 } else { 300 + (i % 500) as i64 };
            serde_json::json!({"id_number": id_number(n), "out_of_pocket_fen": yuan * 100, "period_start": "2026-11-01", "period_end": "2026-11-20", "inpatient": i % 2 == 0})
        })
        .collect();
    let (client, _) = feeds::create_client(&store, FeedSource::MedicalInsurance, "bench").await.expect("client");
    let batch_id = server::services::key("bench-2026-11").unwrap();
    let t = Instant::now();
    let report = feeds::receive(&store, &key, &Sender::Client(client), FeedSource::MedicalInsurance, &batch_id, &feed).await.expect("batch");
    let secs = t.elapsed().as_secs_f64();
    let r = &report.record;
    println!(
        "medical batch of {rows} rows against {register}: {secs:.1} s ({:.0} rows/s; goal ≤ 60 s) — matched {}, unmatched {}, rejected {}, warnings {}",
        rows as f64 / secs,
        r.rows_matched,
        r.rows_unmatched,
        r.rows_rejected,
        r.warnings_raised
    );
    assert_eq!(r.rows_rejected, 0, "every bench row is valid");
}
