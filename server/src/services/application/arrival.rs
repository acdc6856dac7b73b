//! "Did it arrive?" (#13 item 5): the applicant answers for a payment of their application;
//! an answer that it did not come (or only in part) puts the case in front of its office.

use app::domain::text::Key;
use app::domain::case::arrival::{self, Arrival};
use app::domain::case::EventKind;
use app::domain::money::Fen;
use app::error::AppError;
use app::i18n::{fill, Lang, Msg};
use app::page_data::status::PaymentCheck;

use crate::services::now_text;
use crate::store::{AuditEntry, EventRow, PaymentRow, Store};

/// Records the answer of the account that applied.
pub async fn answer(store: &Store, citizen_id: &str, reference: &Key, payment_id: &Key, answer: &str, note: &str) -> Result<Arrival, AppError> {
    let case = store.case_by_reference(reference.as_str()).await?.filter(|c| c.row.citizen_id == citizen_id).ok_or(AppError::NotFound)?;
    let (arrival, note) = arrival::read(answer, note).map_err(AppError::Validation)?;
    let a = &case.row;
    let now = now_text();
    let event = arrival.needs_office().then(|| EventRow {
        id: 0,
        application_id: a.id.clone(),
        at: now.clone(),
        kind: EventKind::ArrivalReported.code().into(),
        actor: a.actor_name.clone(),
        on_behalf_of: None,
        detail: note.to_string(),
    });
    let audit = AuditEntry {
        at: now.clone(),
        actor: format!("citizen:{citizen_id}"),
        action: "payment.arrival".into(),
        subject: format!("application:{}", a.id),
        detail: format!("{payment_id} {}", arrival.code()),
    };
    if !store.record_arrival(&a.id, payment_id.as_str(), arrival.code(), &note, &now, arrival.needs_office(), event.as_ref(), &audit).await? {
        return Err(AppError::NotFound);
    }
    Ok(arrival)
}

/// The question for the latest payment, with the answer given so far.
pub fn check_of(payments: &[PaymentRow], lang: Lang) -> Option<PaymentCheck> {
    // Two payments recorded in one second tie on their stamps: the one not yet answered is
    // the newer (the person is asked about each payment in turn).
    let p = payments.iter().max_by_key(|p| (&p.paid_on, &p.recorded_at, p.arrival.is_none()))?;
    let amount = fill(lang.t(Msg::AppYuan), &[("amount", Fen::new(p.amount_fen).unwrap_or_default().yuan_text())]);
    let paid_on = app::domain::date::Date::parse(&p.paid_on).map(|d| lang.date(d)).unwrap_or_else(|_| p.paid_on.clone());
    Some(PaymentCheck {
        payment_id: p.id.clone(),
        question: fill(lang.t(Msg::ArrivalQuestion), &[("amount", amount), ("date", paid_on)]),
        answer: p.arrival.clone().filter(|a| Arrival::from_code(a).is_some()),
        answered_at: p.arrival_at.clone(),
        note: p.arrival_note.clone().unwrap_or_default(),
    })
}
