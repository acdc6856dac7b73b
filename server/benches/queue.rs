//! The office queue with a million applications: how long the first page, a page deep in
//! the keyset, and a filtered page take on SQLite. Run by `make bench`
//! (`QUEUE_BENCH_ROWS` changes the size). Goal: every page well under 50 ms.

use std::time::Instant;

use server::store::{DatabaseUrl, QueueFilter, Store};

#[tokio::main]
async fn main() {
    let rows: usize = std::env::var("QUEUE_BENCH_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("temp folder");
    let store = Store::connect(&DatabaseUrl::Sqlite { path: dir.path().join("bench.db") }).await.expect("database");
    store.migrate().await.expect("migrations");
    store.seed().await.expect("seed");
    let communities: Vec<String> = store.areas_at_level(5).await.expect("areas").into_iter().map(|a| a.code).collect();
    let started = Instant::now();
    store.bench_fill_applications(rows, &communities).await.expect("fill");
    println!("filled {rows} applications over {} communities in {:.1} s", communities.len(), started.elapsed().as_secs_f64());

    let office = "320104001";
    let time = |label: &'static str, filter: QueueFilter| {
        let store = store.clone();
        async move {
            let mut best = f64::MAX;
            let mut n = 0;
            for _ in 0..5 {
                let t = Instant::now();
                n = store.queue(&filter, 26).await.expect("queue").len();
                best = best.min(t.elapsed().as_secs_f64() * 1000.0);
            }
            println!("{label:<40} {best:>8.2} ms ({n} rows)");
        }
    };
    let base = QueueFilter { area_prefix: office.into(), ..QueueFilter::default() };
    time("office queue, first page", base.clone()).await;
    let deep = store.queue(&QueueFilter { after: None, ..base.clone() }, 200).await.expect("queue").last().map(|r| (r.row.submitted_at.clone(), r.row.id.clone()));
    time("office queue, page after 200", QueueFilter { after: deep, ..base.clone() }).await;
    time("office queue, status filter", QueueFilter { status: Some("accepted".into()), ..base.clone() }).await;
    time("district queue, first page", QueueFilter { area_prefix: "320104".into(), ..QueueFilter::default() }).await;
}
