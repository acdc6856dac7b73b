//! A case's money as the payment rules (`domain::case::payment`) read it: what the decision
//! granted, what was paid, what 先行救助 may pay, and how a decision settles with the
//! emergency help already paid. Shared by the actions, the case page and the status page.

use app::domain::application::submitted::SubmittedApplication;
use app::domain::area::AreaCode;
use app::domain::case::payment::{emergency_ceiling, settle, Decided, Grant, Month, Paid, PaymentKind, Period, Settlement};
use app::domain::date::Date;
use app::domain::money::Fen;
use app::domain::params::ParamName;
use app::domain::programme::Programme;
use app::error::AppError;
use app::i18n::{fill, Lang, Msg};

use crate::services::{application, china_date_of, failure, today_in_china};
use crate::store::{CaseRow, PaymentRow, Store};

/// Temporary aid is one sum; every other programme pays monthly.
pub(super) fn one_off(case: &CaseRow) -> bool {
    Programme::from_code(&case.row.programme) == Some(Programme::Temporary)
}

/// What the case's decision granted, if it pays (approved or provisionally approved).
pub(super) fn decided(case: &CaseRow) -> Option<Decided> {
    let amount = Fen::new(case.amount_fen?).ok()?;
    let on = china_date_of(case.decided_at.as_deref()?)?;
    matches!(case.decision.as_deref(), Some("approved" | "provisional")).then(|| Decided::new(amount, one_off(case), on))
}

pub(super) fn paid(rows: &[PaymentRow]) -> Vec<Paid> {
    rows.iter()
        .map(|p| Paid {
            period: Period::from_code(&p.period),
            kind: PaymentKind::from_code(&p.kind).unwrap_or(PaymentKind::Regular),
            fen: Fen::new(p.amount_fen).unwrap_or_default(),
        })
        .collect()
}

pub(super) fn paid_first(paid: &[Paid]) -> Fen {
    paid.iter().filter(|p| p.kind == PaymentKind::Emergency).fold(Fen::ZERO, |s, p| s.saturating_add(p.fen))
}

/// How the decision settles with the emergency help paid first, in words (for the person
/// and for staff alike); empty when none was paid.
pub fn settlement_words(case: &CaseRow, rows: &[PaymentRow], lang: Lang) -> Vec<String> {
    match settlement_of(case, rows) {
        Some(s) => settlement_text(&s, !one_off(case), case.recovery_fen.is_some_and(|f| f > 0), lang),
        None => Vec::new(),
    }
}

fn settlement_of(case: &CaseRow, rows: &[PaymentRow]) -> Option<Settlement> {
    let first = paid_first(&paid(rows));
    if first == Fen::ZERO || case.decision.is_none() {
        return None;
    }
    Some(settle(decided(case).map(|d| d.grant), first))
}

/// The settlement in words for the person and for staff.
fn settlement_text(s: &Settlement, monthly: bool, recovered: bool, lang: Lang) -> Vec<String> {
    let mut lines = vec![fill(lang.t(Msg::SettlePaidFirst), &[("paid", s.paid_first.yuan_text())])];
    if s.excess > Fen::ZERO {
        let m = if recovered { Msg::SettleExcessRecovered } else { Msg::SettleExcessKept };
        lines.push(fill(lang.t(m), &[("amount", s.excess.yuan_text())]));
    } else if monthly {
        lines.push(lang.t(Msg::SettleRemainingMonthly).to_string());
    } else if s.remaining > Fen::ZERO {
        lines.push(fill(lang.t(Msg::SettleRemainingOnce), &[("amount", s.remaining.yuan_text())]));
    }
    lines
}

fn area_of(case: &CaseRow) -> Result<AreaCode, AppError> {
    AreaCode::parse(&case.row.area_code).map_err(|_| failure("a case whose area code does not parse"))
}

/// The most 先行救助 may pay on this case (`submitted`: its application, already opened):
/// none when the engine offers no help first.
pub(super) async fn first_aid_ceiling(store: &Store, submitted: &SubmittedApplication, case: &CaseRow) -> Result<Option<Fen>, AppError> {
    use app::domain::programme::FastTrack;
    let Some((option, _)) = application::engine_option(store, submitted, Programme::Temporary).await? else { return Ok(None) };
    let Some(range) = option.amount.filter(|_| option.fast_track == Some(FastTrack::FirstAid)) else { return Ok(None) };
    let params = crate::services::eligibility::parameter_set(store).await?;
    let local = params.lookup(ParamName::FirstAidCeilingFen, &area_of(case)?, today_in_china()).and_then(|p| Fen::new(p.value).ok());
    Ok(Some(emergency_ceiling(range.max, local)))
}

/// Whether emergency help paid beyond a decision is recovered in the case's area.
pub(super) async fn recovers_excess(store: &Store, case: &CaseRow) -> Result<bool, AppError> {
    let params = crate::services::eligibility::parameter_set(store).await?;
    Ok(params.lookup(ParamName::FirstAidRecoverExcess, &area_of(case)?, today_in_china()).is_some_and(|p| p.value == 1))
}

/// A period as staff read it; a text stored before periods were typed, as it was.
pub(super) fn period_text(code: &str, lang: Lang) -> String {
    Period::from_code(code).map(|p| p.words(lang)).unwrap_or_else(|| code.to_string())
}

/// The period the payment form starts on, and what it may still receive: this month (or
/// the one sum) under the grant.
pub(super) fn next_payment(case: &CaseRow, rows: &[PaymentRow], today: Date, lang: Lang) -> Option<(String, String)> {
    let d = decided(case)?;
    let period = match d.grant {
        Grant::Once { .. } => Period::Once,
        Grant::Monthly { .. } => Period::Month(Month::of(today)),
    };
    let left = app::domain::case::payment::left_for(&d, &paid(rows), period);
    let text = fill(lang.t(Msg::StaffPaymentLeft), &[("period", period_text(&period.code(), lang)), ("amount", left.yuan_text())]);
    Some((match period { Period::Month(m) => m.to_string(), _ => String::new() }, text))
}
