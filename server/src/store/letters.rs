//! The codes of printed letters, for `/verify`.

use super::{Store, StoreError};

impl Store {
    /// The code of the letter of `kind` about `subject`: `code` if this is its first print,
    /// else the code it was given then.
    pub async fn letter_code(&self, code: &str, kind: &str, subject: &str, issued_on: &str, now: &str) -> Result<String, StoreError> {
        sqlx::query("INSERT INTO issued_letters (code, kind, subject, issued_on, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (kind, subject) DO NOTHING")
            .bind(code)
            .bind(kind)
            .bind(subject)
            .bind(issued_on)
            .bind(now)
            .execute(self.pool())
            .await?;
        Ok(sqlx::query_scalar("SELECT code FROM issued_letters WHERE kind = $1 AND subject = $2").bind(kind).bind(subject).fetch_one(self.pool()).await?)
    }

    /// The day a letter with this code speaks of, if one was issued.
    pub async fn letter_issued_on(&self, code: &str) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT issued_on FROM issued_letters WHERE code = $1").bind(code).fetch_optional(self.pool()).await?)
    }
}
