//! Where a decided case leaves the person, in words (`domain::case::outcome`), and the
//! credit records written for it: the same lines for the status page, the app's API and
//! the staff case page.

use app::domain::area::AreaCode;
use app::domain::case::outcome::{credit_reason, Outcome, Rights};
use app::domain::case::{EventKind, Verification};
use app::domain::date::Date;
use app::domain::money::Fen;
use app::domain::params::ParamName;
use app::error::AppError;
use app::i18n::{fill, Lang, Msg};

use crate::services::{china_date_of, today_in_china};
use crate::store::{CaseRow, EventRow, Store};

/// What the person is told of a decided case: what follows from it, and the credit
/// records written, each a line in `lang`. Both empty before a decision.
pub struct Told {
    pub words: Vec<String>,
    pub credit: Vec<String>,
    /// Money is still paid under the decision (not refused, stopped or cancelled).
    pub pays: bool,
}

pub async fn told(store: &Store, case: &CaseRow, events: &[EventRow], office: &str, lang: Lang) -> Result<Told, AppError> {
    let credit_rows = store.credit_records_of(&case.row.id).await?;
    let credit = credit_rows
        .iter()
        .map(|(reason, fen, at)| {
            let reason = credit_reason(reason).map(|m| lang.t(m).to_string()).unwrap_or_else(|| reason.clone());
            let day = china_date_of(at).map(|d| lang.date(d)).unwrap_or_default();
            let amount = fill(lang.t(Msg::AppYuan), &[("amount", Fen::new(*fen).unwrap_or_default().yuan_text())]);
            fill(lang.t(Msg::CreditLine), &[("date", day), ("reason", reason), ("amount", amount)])
        })
        .collect();
    let verification = case.verification.as_deref().and_then(Verification::from_code);
    let checked_on = events.iter().rev().find(|e| e.kind == EventKind::Verified.code()).and_then(|e| china_date_of(&e.at));
    let check_by = case.follow_up_by.as_deref().and_then(|d| Date::parse(d).ok());
    let recover = Fen::new(case.recovery_fen.unwrap_or(0)).unwrap_or_default();
    let Some(outcome) = case.decision.as_deref().and_then(|d| Outcome::of(d, verification, check_by, checked_on, recover, !credit_rows.is_empty())) else {
        return Ok(Told { words: Vec::new(), credit, pays: false });
    };
    let rights = rights(store, case).await?;
    Ok(Told { words: outcome.words(office, rights, lang), credit, pays: outcome.pays() })
}

/// The periods to challenge a decision in the case's area, today.
pub async fn rights(store: &Store, case: &CaseRow) -> Result<Option<Rights>, AppError> {
    let Ok(area) = AreaCode::parse(&case.row.area_code) else { return Ok(None) };
    let params = crate::services::eligibility::parameter_set(store).await?;
    let today = today_in_china();
    let value = |n: ParamName| params.lookup(n, &area, today).map(|p| p.value);
    Ok(match (value(ParamName::AppealWithinDays), value(ParamName::SueWithinMonths)) {
        (Some(review_days), Some(sue_months)) => Some(Rights { review_days, sue_months }),
        _ => None,
    })
}
