use server::store::{DatabaseUrl, Store};
use sqlx::Connection;

pub struct TestDb {
    pub store: Store,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let url = DatabaseUrl::Sqlite { path: dir.path().join("store.db") };
        let store = Store::connect(&url).await.unwrap();
        store.migrate().await.unwrap();
        TestDb { store, cleanup: Cleanup::Sqlite(dir) }
    }

    pub async fn postgres() -> Option<TestDb> {
        let Some(admin_url) = std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()) else {
            if std::env::var("PORTAL_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
                panic!("PORTAL_REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set");
            }
            eprintln!("skipped: TEST_DATABASE_URL is not set, PostgreSQL store tests not run");
            return None;
        };
        let name = format!("portal_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = sqlx::PgConnection::connect(&admin_url).await.expect("TEST_DATABASE_URL reachable");
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.unwrap();
        admin.close().await.unwrap();
        let url = DatabaseUrl::parse(&with_database(&admin_url, &name)).unwrap();
        let store = Store::connect(&url).await.unwrap();
        store.migrate().await.unwrap();
        Some(TestDb { store, cleanup: Cleanup::Postgres { admin_url, name } })
    }

    pub async fn finish(self) {
        self.store.close().await;
        if let Cleanup::Postgres { admin_url, name } = self.cleanup {
            let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin).await.unwrap();
        }
    }
}

/// Replaces the database name (the last path segment) of a PostgreSQL URL.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let root = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    format!("{root}/{name}{query}")
}

/// An identifier as a service takes it (the page and API edges parse it the same way).
pub fn key(s: &str) -> app::domain::text::Key {
    app::domain::text::Key::parse(s).expect("an identifier")
}
