//! A throw-away PostgreSQL database for a benchmark, next to the one `TEST_DATABASE_URL` names.

use sqlx::Connection;

/// Creates a fresh database; returns its URL and its name (for `drop`).
pub async fn fresh(admin_url: &str) -> (String, String) {
    let name = format!("portal_load_{}", uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::PgConnection::connect(admin_url).await.expect("TEST_DATABASE_URL reachable");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("create database");
    let (base, _) = admin_url.split_once('?').unwrap_or((admin_url, ""));
    let root = &base[..base.rfind('/').expect("a database in the URL")];
    (format!("{root}/{name}"), name)
}

pub async fn drop(admin_url: &str, name: &str) {
    if let Ok(mut admin) = sqlx::PgConnection::connect(admin_url).await {
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin).await;
    }
}
