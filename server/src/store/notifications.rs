//! Messages texted to a person about their case: kept with the case (what the status page
//! lists) and put in the SMS outbox, both inside the transaction of the change they tell of.

use super::sql::Sql;
use super::{Store, StoreError};

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct NotificationRow {
    pub id: String,
    pub application_id: String,
    pub phone: String,
    /// `domain::notice::Notice`'s code.
    pub kind: String,
    pub body: String,
    /// UTC, as every stored moment.
    pub created_at: String,
    /// For the SMS provider, not kept with the case: the template's parameters (JSON) and
    /// the language of its template.
    #[sqlx(default)]
    pub params: String,
    #[sqlx(default)]
    pub lang: String,
    /// Where the text message stands (`pending`, `sent`, `failed`); empty once the outbox
    /// no longer keeps it.
    #[sqlx(default)]
    pub delivery: String,
}

/// A notice as listed, with how its text message fared; a join or a condition follows.
const NOTICES: &str = "SELECT n.id, n.application_id, n.phone, n.kind, n.body, n.created_at, COALESCE(o.status, '') AS delivery \
     FROM notifications n LEFT JOIN sms_outbox o ON o.id = n.id";

/// The notices and their text messages, one statement for each table however many.
pub(crate) async fn insert_notifications<'a>(tx: &mut sqlx::Transaction<'_, sqlx::Any>, rows: impl IntoIterator<Item = &'a NotificationRow>) -> Result<(), StoreError> {
    let rows: Vec<&NotificationRow> = rows.into_iter().collect();
    if rows.is_empty() {
        return Ok(());
    }
    let mut told = Sql::new("INSERT INTO notifications (id, application_id, phone, kind, body, created_at) VALUES ");
    for (i, n) in rows.iter().enumerate() {
        if i > 0 {
            told.push(", ");
        }
        told.push_tuple([n.id.clone().into(), n.application_id.clone().into(), n.phone.clone().into(), n.kind.clone().into(), n.body.clone().into(), n.created_at.clone().into()]);
    }
    told.query().execute(&mut **tx).await?;
    let texts: Vec<super::sms::OutgoingSms> = rows
        .iter()
        .map(|n| super::sms::OutgoingSms {
            id: n.id.clone(),
            phone: n.phone.clone(),
            kind: "notice",
            template: n.kind.clone(),
            params: n.params.clone(),
            lang: n.lang.clone(),
            body: n.body.clone(),
            created_at: chrono::DateTime::parse_from_rfc3339(&n.created_at).map(|t| t.timestamp()).unwrap_or_default(),
            expires_at: None,
        })
        .collect();
    super::sms::insert_all_sms(&mut **tx, &texts).await
}

impl Store {
    pub async fn notifications_of(&self, application_id: &str) -> Result<Vec<NotificationRow>, StoreError> {
        Ok(sqlx::query_as(&format!("{NOTICES} WHERE n.application_id = $1 ORDER BY n.seq"))
            .bind(application_id)
            .fetch_all(self.pool())
            .await?)
    }

    /// The messages about an application sent to the phone of an account (the one that
    /// applied: a person applied for who gave their own number gets theirs apart).
    pub async fn notifications_to_account(&self, application_id: &str, citizen_id: &str) -> Result<Vec<NotificationRow>, StoreError> {
        Ok(sqlx::query_as(&format!("{NOTICES} JOIN citizens c ON c.id = $2 AND c.phone = n.phone WHERE n.application_id = $1 ORDER BY n.seq"))
        .bind(application_id)
        .bind(citizen_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// Where and in which language a person is texted: their phone and their language.
    pub async fn contact_of(&self, citizen_id: &str) -> Result<Option<(String, String)>, StoreError> {
        Ok(sqlx::query_as("SELECT phone, lang FROM citizens WHERE id = $1").bind(citizen_id).fetch_optional(self.pool()).await?)
    }
}
