//! Pledge texts and signed pledges. Signed rows are insert-only: triggers refuse the rest.

use sqlx::FromRow;

use super::audit::{append_in, AuditEntry};
use super::write::retried;
use super::{Store, StoreError};

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct PledgeTextRow {
    pub id: String,
    pub area_code: String,
    pub version: i64,
    pub lang: String,
    pub title: String,
    pub body: String,
    pub question: String,
    /// The answer options, one a line.
    pub options: String,
    pub correct_option: i64,
    pub sha256: String,
    pub effective_from: String,
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SignedPledgeRow {
    pub id: String,
    pub citizen_id: String,
    pub signer_name: String,
    pub on_behalf_of: Option<String>,
    pub pledge_text_id: String,
    pub text_sha256: String,
    pub signed_at: String,
    pub client_address: String,
    pub user_agent: String,
    pub signature_kind: String,
    pub signature_sha256: String,
    pub verification_code: String,
}

const TEXT_COLUMNS: &str = "id, area_code, version, lang, title, body, question, options, correct_option, sha256, effective_from";
const SIGNED_COLUMNS: &str = "id, citizen_id, signer_name, on_behalf_of, pledge_text_id, text_sha256, signed_at, client_address, user_agent, signature_kind, signature_sha256, verification_code";

fn text_row(r: &sqlx::any::AnyRow) -> Result<PledgeTextRow, sqlx::Error> {
    PledgeTextRow::from_row(r)
}

fn signed_row(r: &sqlx::any::AnyRow) -> Result<SignedPledgeRow, sqlx::Error> {
    SignedPledgeRow::from_row(r)
}

impl Store {
    pub(crate) async fn insert_pledge_text(conn: &mut sqlx::AnyConnection, t: &PledgeTextRow) -> Result<bool, StoreError> {
        let done = sqlx::query(&format!(
            "INSERT INTO pledge_texts ({TEXT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING"
        ))
        .bind(&t.id)
        .bind(&t.area_code)
        .bind(t.version)
        .bind(&t.lang)
        .bind(&t.title)
        .bind(&t.body)
        .bind(&t.question)
        .bind(&t.options)
        .bind(t.correct_option)
        .bind(&t.sha256)
        .bind(&t.effective_from)
        .execute(&mut *conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Every text for a language (callers pick the one in force for an area).
    pub async fn pledge_texts(&self, lang: &str) -> Result<Vec<PledgeTextRow>, StoreError> {
        let rows = sqlx::query(&format!("SELECT {TEXT_COLUMNS} FROM pledge_texts WHERE lang = $1 ORDER BY area_code, version"))
            .bind(lang)
            .fetch_all(self.pool())
            .await?;
        Ok(rows.iter().map(text_row).collect::<Result<_, _>>()?)
    }

    pub async fn pledge_text(&self, id: &str) -> Result<Option<PledgeTextRow>, StoreError> {
        let row = sqlx::query(&format!("SELECT {TEXT_COLUMNS} FROM pledge_texts WHERE id = $1")).bind(id).fetch_optional(self.pool()).await?;
        Ok(row.as_ref().map(text_row).transpose()?)
    }

    pub async fn insert_signed_pledge(&self, p: &SignedPledgeRow) -> Result<(), StoreError> {
        sqlx::query(&format!(
            "INSERT INTO signed_pledges ({SIGNED_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
        ))
        .bind(&p.id)
        .bind(&p.citizen_id)
        .bind(&p.signer_name)
        .bind(&p.on_behalf_of)
        .bind(&p.pledge_text_id)
        .bind(&p.text_sha256)
        .bind(&p.signed_at)
        .bind(&p.client_address)
        .bind(&p.user_agent)
        .bind(&p.signature_kind)
        .bind(&p.signature_sha256)
        .bind(&p.verification_code)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn signed_pledge_by_code(&self, code: &str) -> Result<Option<SignedPledgeRow>, StoreError> {
        let row = sqlx::query(&format!("SELECT {SIGNED_COLUMNS} FROM signed_pledges WHERE verification_code = $1"))
            .bind(code)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.as_ref().map(signed_row).transpose()?)
    }

    /// The verification code of the citizen's most recent signed pledge.
    pub async fn latest_pledge_code(&self, citizen_id: &str) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT verification_code FROM signed_pledges WHERE citizen_id = $1 ORDER BY signed_at DESC, id DESC LIMIT 1")
            .bind(citizen_id)
            .fetch_optional(self.pool())
            .await?)
    }

    /// Runs one statement as given. For maintenance and for tests that prove what the
    /// database refuses; never for request handling.
    pub async fn execute_raw(&self, sql: &str) -> Result<u64, StoreError> {
        Ok(sqlx::query(sql).execute(self.pool()).await?.rows_affected())
    }

    /// The one text a query as given returns: for tests that prove what is (not) stored.
    pub async fn execute_raw_text(&self, sql: &str) -> Result<String, StoreError> {
        Ok(sqlx::query_scalar(sql).fetch_one(self.pool()).await?)
    }
}

impl Store {
    /// Every version of the pledge for one area, any language.
    pub async fn pledge_texts_of_area(&self, area: &str) -> Result<Vec<PledgeTextRow>, StoreError> {
        let rows = sqlx::query(&format!("SELECT {TEXT_COLUMNS} FROM pledge_texts WHERE area_code = $1")).bind(area).fetch_all(self.pool()).await?;
        Ok(rows.iter().map(text_row).collect::<Result<_, _>>()?)
    }

    /// Every version of the pledge for these areas, newest first.
    pub async fn pledge_texts_for(&self, areas: &[String]) -> Result<Vec<PledgeTextRow>, StoreError> {
        let mut out = Vec::new();
        for area in areas {
            out.extend(self.pledge_texts_of_area(area).await?);
        }
        out.sort_by(|a, b| b.effective_from.cmp(&a.effective_from).then(b.version.cmp(&a.version)).then(a.lang.cmp(&b.lang)));
        Ok(out)
    }

    /// A new version of the pledge for an area and language: numbered after the last one of
    /// that area and language, in the transaction that adds it and its audit entry. Its id.
    pub async fn add_pledge_text(&self, t: &PledgeTextRow, audit: &AuditEntry) -> Result<String, StoreError> {
        retried(|| async {
            let mut tx = self.begin_write().await?;
            let last: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM pledge_texts WHERE area_code = $1 AND lang = $2").bind(&t.area_code).bind(&t.lang).fetch_one(&mut *tx).await?;
            let version = last.unwrap_or(0) + 1;
            let row = PledgeTextRow { id: format!("{}-v{version}-{}", t.area_code, t.lang), version, ..t.clone() };
            if !Store::insert_pledge_text(&mut tx, &row).await? {
                tx.rollback().await?;
                return Err(StoreError::Query("a pledge text with this id exists".into()));
            }
            let mut audit = audit.clone();
            audit.detail = format!("{} {}", row.id, row.sha256);
            append_in(&mut tx, &audit).await?;
            tx.commit().await?;
            Ok(row.id)
        })
        .await
    }
}
