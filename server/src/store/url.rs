//! The database URL, parsed once at start-up: it picks the backend.

use std::path::PathBuf;
use std::str::FromStr;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// An embedded SQLite file, created on first start.
    Sqlite { path: PathBuf },
    /// A PostgreSQL server (the production database).
    Postgres { url: String },
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> Result<DatabaseUrl, String> {
        let raw = raw.trim();
        if let Some(rest) = raw.strip_prefix("sqlite://").or_else(|| raw.strip_prefix("sqlite:")) {
            let path = rest.split('?').next().unwrap_or_default();
            if path.is_empty() || path.starts_with(":memory:") {
                return Err("a SQLite URL needs a file path, e.g. sqlite://data/portal.db".into());
            }
            return Ok(DatabaseUrl::Sqlite { path: PathBuf::from(path) });
        }
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            return match sqlx::postgres::PgConnectOptions::from_str(raw) {
                Ok(_) => Ok(DatabaseUrl::Postgres { url: raw.to_string() }),
                Err(e) => Err(format!("malformed PostgreSQL URL: {}", one_line(&e.to_string()))),
            };
        }
        Err("the database URL must start with sqlite:// or postgres://".into())
    }

    /// The URL sqlx connects with.
    pub(crate) fn connect_url(&self) -> String {
        match self {
            // `mode=rwc` creates the file on first start.
            DatabaseUrl::Sqlite { path } => format!("sqlite://{}?mode=rwc", path.display()),
            DatabaseUrl::Postgres { url } => url.clone(),
        }
    }

    /// Safe to log: the password is replaced.
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Sqlite { path } => format!("sqlite://{}", path.display()),
            DatabaseUrl::Postgres { url } => redact_password(url),
        }
    }
}

fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let (authority, tail) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}{tail}")
        }
        None => url.to_string(),
    }
}

pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_follows_the_scheme() {
        assert!(matches!(DatabaseUrl::parse("sqlite://data/p.db"), Ok(DatabaseUrl::Sqlite { .. })));
        assert!(matches!(DatabaseUrl::parse("sqlite:p.db?mode=rwc"), Ok(DatabaseUrl::Sqlite { .. })));
        assert!(matches!(DatabaseUrl::parse("postgres://u:p@localhost/db"), Ok(DatabaseUrl::Postgres { .. })));
        assert!(matches!(DatabaseUrl::parse("postgresql://localhost:5432/db"), Ok(DatabaseUrl::Postgres { .. })));
    }

    #[test]
    fn malformed_urls_are_refused_with_a_reason() {
        for bad in ["", "mysql://x", "sqlite://", "sqlite::memory:", "postgres://u:p@host:notaport/db", "data/portal.db"] {
            let e = DatabaseUrl::parse(bad).unwrap_err();
            assert!(!e.is_empty() && !e.contains('\n'), "{bad:?}: {e}");
        }
    }

    #[test]
    fn passwords_never_reach_the_logs() {
        let url = DatabaseUrl::parse("postgres://portal:s3cret@db.internal:5432/portal").unwrap();
        assert_eq!(url.redacted(), "postgres://portal:***@db.internal:5432/portal");
        assert!(!url.redacted().contains("s3cret"));
    }
}
