//! A provider worker's visit list among 100,000 active plan lines (#15) on SQLite: the lines
//! spread over 50 providers of 秦淮区, each with its visits written ahead a month, then a
//! worker's "today" list read again and again through the service the page and the app
//! call. Run by `make bench` (`SERVICES_BENCH_LINES` changes the size). Goal: p99 ≤ 50 ms.

use std::time::Instant;

use app::domain::date::Date;
use app::domain::service_assistance::catalogue::{Frequency, Per};
use app::domain::service_assistance::visits::due_days;
use app::domain::staff::Role;
use app::i18n::Lang;
use server::crypto::DataKey;
use server::services::service_assistance::{plans::VISITS_AHEAD_DAYS, visits};
use server::services::staff::{create_account, NewAccount};
use server::services::today_in_china;
use server::store::{AuditEntry, DatabaseUrl, LineRow, PlanRow, ProviderRow, RegisterRow, Store, VisitWrite};

const PROVIDERS: usize = 50;

#[tokio::main]
async fn main() {
    let lines: usize = std::env::var("SERVICES_BENCH_LINES").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temp folder");
    let store = Store::connect(&DatabaseUrl::Sqlite { path: dir.path().join("bench.db") }).await.expect("database");
    store.migrate().await.expect("migrations");
    store.seed().await.expect("seed");
    let key = DataKey::from_base64(&DataKey::generate_base64()).unwrap();
    let communities: Vec<String> = store.areas_at_level(5).await.expect("areas").into_iter().map(|a| a.code).filter(|c| c.starts_with("320104")).collect();
    let at = "2026-12-01T00:00:00Z".to_string();
    let audit = |action: &str| AuditEntry { at: at.clone(), actor: "bench".into(), action: action.into(), subject: "area:320104".into(), detail: String::new() };

    let started = Instant::now();
    for p in 0..PROVIDERS {
        let row = ProviderRow {
            id: format!("bench-provider-{p}"),
            area_code: "320104".into(),
            name: format!("服务机构 {p}"),
            kind: "organisation".into(),
            contract_number: format!("BENCH-{p}"),
            contract_start: "2026-01-01".into(),
            contract_end: "2030-12-31".into(),
            active: 1,
            suspended_reason: None,
            demo: 0,
            updated_by: None,
            updated_at: at.clone(),
        };
        store.save_provider(&row, true, &audit("provider.add")).await.expect("provider");
    }
    let officer = create_account(&store, &NewAccount { username: "bench.planner", full_name: "社区社工", phone: "", role: Role::CommunityWorker, area_code: "320104001001", provider_id: None }, Some("a long bench password"), "bench").await.expect("planner");
    let today = today_in_china();
    let horizon = today.plus_days(VISITS_AHEAD_DAYS);
    let mut people = Vec::with_capacity(10_000);
    let mut planned = Vec::with_capacity(10_000);
    for n in 0..lines {
        let community = &communities[n % communities.len()];
        let person = format!("p{n}");
        people.push(RegisterRow {
            id: person.clone(),
            id_index: format!("bench-index-{n}"),
            id_sealed: String::new(),
            id_masked: "3201**********0000".into(),
            name: "服务对象".into(),
            phone_sealed: None,
            area_code: community.clone(),
            office_code: community[..9].to_string(),
            address: format!("中山路 {n} 号"),
            tier: "tekun".into(),
            since: "2024-01-01".into(),
            source: "import".into(),
            source_ref: String::new(),
            updated_at: at.clone(),
        });
        let provider = format!("bench-provider-{}", n % PROVIDERS);
        // Weekly to four a week, begun on different days of the past month.
        let (times, start) = (1 + (n % 4) as i64, today.plus_days(-((n % 28) as i64)));
        let frequency = Frequency::new(times, Per::Week).unwrap();
        let line = format!("l{n}");
        let visits: Vec<VisitWrite> = due_days(frequency, start, None, today, horizon)
            .into_iter()
            .enumerate()
            .map(|(i, day): (usize, Date)| VisitWrite { id: format!("v{n}-{i}"), person_id: person.clone(), area_code: community.clone(), line_id: Some(line.clone()), rule: None, provider_id: Some(provider.clone()), due_on: day.to_string() })
            .collect();
        let plan = PlanRow {
            id: format!("plan{n}"),
            person_id: person.clone(),
            access_notes: String::new(),
            review_on: today.plus_months(6).to_string(),
            agreed_at: None,
            agreed_how: None,
            agreed_by: None,
            witness: None,
            challenge_id: None,
            created_by: officer.id.clone(),
            created_at: at.clone(),
            updated_at: at.clone(),
        };
        let row = LineRow {
            id: line,
            plan_id: plan.id.clone(),
            item_id: "demo-qh-home-visit".into(),
            provider_id: provider,
            times,
            per: "week".into(),
            start_on: start.to_string(),
            end_on: None,
            added_by: officer.id.clone(),
            added_at: at.clone(),
            generated_until: horizon.to_string(),
        };
        planned.push((plan, row, visits));
        if people.len() == 10_000 || n + 1 == lines {
            store.import_register(&people, &audit("register.import")).await.expect("register");
            store.import_plan_lines(&planned, &audit("plan.import")).await.expect("plans");
            people.clear();
            planned.clear();
        }
    }
    println!("{lines} plan lines over {PROVIDERS} providers, visits written {VISITS_AHEAD_DAYS} days ahead, in {:.1} s", started.elapsed().as_secs_f64());

    let worker = create_account(&store, &NewAccount { username: "bench.worker", full_name: "服务人员", phone: "", role: Role::ProviderWorker, area_code: "320104", provider_id: Some("bench-provider-7") }, Some("a long bench password"), "bench").await.expect("worker");
    let mut times = Vec::new();
    let mut listed = 0;
    for round in 0..200 {
        let due = if round % 4 == 3 { "upcoming" } else { "today" };
        let t = Instant::now();
        let data = visits::list(&store, &key, &worker, due, Lang::ZhCn).await.expect("list");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        listed = listed.max(data.visits.len());
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    println!("a provider worker's visit list (up to {listed} visits) among {lines} lines: p50 {:.1} ms, p99 {:.1} ms (goal p99 ≤ 50 ms)", pct(0.50), pct(0.99));
}
