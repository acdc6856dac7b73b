//! Telling a person their case moved: the message for a change (`domain::notice`), in their
//! language, to the phone of their account. The store writes it with the change itself, so
//! there is no change without its message and no message without its change.

use app::domain::case::EventKind;
use app::domain::date::Date;
use app::domain::notice::Notice;
use app::error::AppError;
use app::i18n::Lang;

use crate::crypto::random_token;
use crate::store::{NotificationRow, Store};

/// A change of a case that may tell people of it.
pub struct Change<'a> {
    /// The number of the person applied for, where they gave their own.
    pub subject_phone: Option<&'a str>,
    pub application_id: &'a str,
    pub reference: &'a str,
    pub event: EventKind,
    pub due: Option<Date>,
    /// Overrides the language kept with the account (a submission says which it was in).
    pub lang: Option<Lang>,
    pub at: &'a str,
}

/// The messages a change sends (none for staff's own steps): to the account that applied
/// and, for an application made for someone else who gave their own number, to them too, in
/// the applicant's language.
pub async fn for_change(store: &Store, citizen_id: &str, change: Change<'_>) -> Result<Vec<NotificationRow>, AppError> {
    if Notice::after(change.event, change.due).is_none() {
        return Ok(Vec::new());
    }
    let contact = store.contact_of(citizen_id).await?;
    Ok(for_change_to(contact, change))
}

/// `for_change` for a caller that has read the account's contact (phone, kept language)
/// already, with what else it read.
pub fn for_change_to(contact: Option<(String, String)>, change: Change<'_>) -> Vec<NotificationRow> {
    let Change { subject_phone, application_id, reference, event, due, lang, at } = change;
    let Some(notice) = Notice::after(event, due) else { return Vec::new() };
    let Some((phone, kept)) = contact else { return Vec::new() };
    let lang = lang.or_else(|| Lang::from_code(&kept)).unwrap_or_default();
    let mut phones = vec![phone];
    if let Some(other) = subject_phone.filter(|p| !phones.iter().any(|mine| mine == p)) {
        phones.push(other.to_string());
    }
    phones
        .into_iter()
        .map(|phone| NotificationRow {
            id: random_token(12),
            application_id: application_id.to_string(),
            phone,
            kind: notice.code().to_string(),
            body: notice.text(lang, reference),
            created_at: at.to_string(),
            params: template_params(&notice.params(lang, reference)),
            lang: lang.code().to_string(),
            delivery: String::new(),
        })
        .collect()
}

/// A provider template's parameters as the JSON object providers take.
pub fn template_params(params: &[(&str, String)]) -> String {
    let map: serde_json::Map<String, serde_json::Value> = params.iter().map(|(k, v)| (k.to_string(), serde_json::Value::String(v.clone()))).collect();
    serde_json::Value::Object(map).to_string()
}
