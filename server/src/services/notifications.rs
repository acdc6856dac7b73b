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

/// The messages a change of `event` on this application sends (none for staff's own steps):
/// to the account that applied and, for an application made for someone else who gave their
/// own number (`subject_phone`), to them too, in the applicant's language.
/// `lang` overrides the language kept with the person (a submission says which it was in).
#[allow(clippy::too_many_arguments)]
pub async fn for_change(
    store: &Store,
    citizen_id: &str,
    subject_phone: Option<&str>,
    (application_id, reference): (&str, &str),
    event: EventKind,
    due: Option<Date>,
    lang: Option<Lang>,
    at: &str,
) -> Result<Vec<NotificationRow>, AppError> {
    let Some(notice) = Notice::after(event, due) else { return Ok(Vec::new()) };
    let Some((phone, kept)) = store.contact_of(citizen_id).await? else { return Ok(Vec::new()) };
    let lang = lang.or_else(|| Lang::from_code(&kept)).unwrap_or_default();
    let mut phones = vec![phone];
    if let Some(other) = subject_phone.filter(|p| !phones.iter().any(|mine| mine == p)) {
        phones.push(other.to_string());
    }
    Ok(phones
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
        .collect())
}

/// A provider template's parameters as the JSON object providers take.
pub fn template_params(params: &[(&str, String)]) -> String {
    let map: serde_json::Map<String, serde_json::Value> = params.iter().map(|(k, v)| (k.to_string(), serde_json::Value::String(v.clone()))).collect();
    serde_json::Value::Object(map).to_string()
}
