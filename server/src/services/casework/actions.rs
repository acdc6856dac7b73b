//! The actions taken on a case. Each is checked against the lifecycle (`domain::case`), its
//! input read, and written in one transaction with its timeline event and audit entry, and
//! only if the case is still at the version the staff member saw.

use app::domain::text::{Key, Text};
use app::domain::area::AreaCode;
use app::domain::case::payment::{self, Decided, Grant, Month, Paid, PaymentKind, Period, Refused};
use app::domain::case::{check, clock_change, AppraisalResult, CaseFacts, CaseStatus, Clock, EventKind, Refusal, Verification};
use app::domain::date::Date;
use app::domain::money::Fen;
use app::domain::params::ParamName;
use app::domain::programme::Programme;
use app::domain::request::{FieldError, Problem};
use app::domain::staff::Action;
use app::error::AppError;
use app::i18n::Lang;
use app::page_data::staff::Suggestion;

use super::case_view::suggestion;
use super::payments;
use super::{actor, case_for, facts, now_text};
use crate::crypto::DataKey;
use crate::services::staff::Staff;
use crate::services::notifications::Change;
use crate::services::{application, today_in_china};
use crate::store::{AuditEntry, CaseChange, CaseRow, CreditRow, DocumentRow, EventRow, InfoRequestRow, PaymentRow, Store};

/// One action on a case with what the staff member entered for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    AssignToSelf,
    Accept,
    RequestInformation { items: String, due: String },
    RecordVisit { date: String, findings: String, photo: Option<DocumentRow> },
    RecordAppraisal { date: String, participants: String, result: String },
    /// `multiple` for temporary aid, `amount` (yuan) otherwise.
    /// With things given in kind (temporary aid only): rows of what, quantity, value in yuan.
    Approve { multiple: String, amount: String, in_kind: Vec<(String, String, String)> },
    Reject { reason: String, basis: String },
    /// To the office of this community, which is where the person actually lives.
    Transfer { community: String, reason: String },
    /// 容缺审批: approve before the economic check, on the pledge and the appraisal.
    ProvisionalApprove { amount: String },
    /// `period`: the month paid for (ignored for a one-off grant); `reason`: a correction's.
    RecordPayment { amount: String, paid_on: String, period: String, reason: String },
    /// The follow-up check: `meets`, `fails` (no false information) or `false_info`.
    RecordVerification { outcome: String },
    StartNotice,
    EndNotice,
    /// 先行救助: an amount paid now for a sudden event; the case goes on as usual.
    EmergencyAid { amount: String },
}

impl Command {
    /// The action this carries out: what the role table and the lifecycle are asked about.
    pub fn action(&self) -> Action {
        match self {
            Command::AssignToSelf => Action::AssignToSelf,
            Command::Accept => Action::Accept,
            Command::RequestInformation { .. } => Action::RequestInformation,
            Command::RecordVisit { .. } => Action::RecordVisit,
            Command::RecordAppraisal { .. } => Action::RecordAppraisal,
            Command::Approve { .. } => Action::Approve,
            Command::Reject { .. } => Action::Reject,
            Command::Transfer { .. } => Action::Transfer,
            Command::ProvisionalApprove { .. } => Action::ProvisionalApprove,
            Command::RecordPayment { .. } => Action::RecordPayment,
            Command::RecordVerification { .. } => Action::RecordVerification,
            Command::StartNotice => Action::StartNotice,
            Command::EndNotice => Action::EndNotice,
            Command::EmergencyAid { .. } => Action::EmergencyAid,
        }
    }
}

/// A state error, told on the action's own card.
fn not_now(action: Action, wait: app::domain::case::Wait) -> AppError {
    invalid(&card(action), Problem::NotNow { wait, action })
}

/// Where the case page shows an action's own errors: its card.
pub fn card(action: Action) -> String {
    format!("card-{}", action.case_code().unwrap_or_default())
}

fn invalid(field: &str, problem: Problem) -> AppError {
    AppError::Validation(vec![FieldError { field: field.into(), problem }])
}

/// The amount an approval may carry: a whole multiple within the range for temporary aid,
/// otherwise a positive monthly amount no larger than the engine's figure.
fn approved_amount(s: Option<&Suggestion>, multiple: &str, amount: &str) -> Result<i64, AppError> {
    // No engine figure (e.g. an expense-hardship inclusion): staff set the amount.
    let Some(s) = s else {
        return match Fen::parse_yuan(amount.trim()) {
            Ok(f) if f.get() > 0 => Ok(f.get()),
            Ok(_) => Err(invalid("amount", Problem::Required)),
            Err(_) => Err(invalid("amount", Problem::MoneyFormat)),
        };
    };
    match s.multiple {
        Some((lo, hi)) => match multiple.trim().parse::<i64>() {
            Ok(m) if (lo..=hi).contains(&m) => Ok(s.per_unit_fen.saturating_mul(m)),
            _ => Err(invalid("multiple", Problem::MultipleRange { min: lo, max: hi })),
        },
        None => match Fen::parse_yuan(amount.trim()) {
            Ok(f) if f.get() > 0 && f.get() <= s.max_fen => Ok(f.get()),
            Ok(f) if f.get() > 0 => Err(invalid("amount", Problem::AmountAbove { max: Fen::new(s.max_fen).unwrap_or_default().yuan_text() })),
            Ok(_) => Err(invalid("amount", Problem::Required)),
            Err(_) => Err(invalid("amount", Problem::MoneyFormat)),
        },
    }
}

/// A required text of at most `MAX` characters; an empty one (with the problem named) when
/// the value cannot be taken.
fn text_field<const MAX: usize>(errors: &mut Vec<FieldError>, field: &str, value: &str) -> Text<MAX> {
    optional_text(errors, field, value).filter(|t| !t.is_empty()).unwrap_or_else(|| {
        if !errors.iter().any(|e| e.field == field) {
            errors.push(FieldError { field: field.into(), problem: Problem::Required });
        }
        Text::default()
    })
}

/// A text of at most `MAX` characters that may be left empty.
fn optional_text<const MAX: usize>(errors: &mut Vec<FieldError>, field: &str, value: &str) -> Option<Text<MAX>> {
    Text::parse(value).map_err(|e| errors.push(FieldError { field: field.into(), problem: e.problem() })).ok()
}

/// A date on or before today: when something was done.
fn past_date(errors: &mut Vec<FieldError>, field: &str, value: &str) -> String {
    match Date::parse(value) {
        Ok(d) if d <= today_in_china() => d.to_string(),
        Ok(_) => {
            errors.push(FieldError { field: field.into(), problem: Problem::FutureDate });
            String::new()
        }
        Err(_) => {
            errors.push(FieldError { field: field.into(), problem: Problem::DateFormat });
            String::new()
        }
    }
}

fn yuan(fen: i64) -> String {
    Fen::new(fen).unwrap_or_default().yuan_text()
}

fn area_of(row: &crate::store::ApplicationRow) -> Result<AreaCode, AppError> {
    AreaCode::parse(&row.area_code).map_err(|_| {
        tracing::error!(reference = %row.reference, "a case whose area code does not parse");
        AppError::Internal
    })
}

/// 容缺 applies (POLICY.md §3.2): asked for and offered at submission (the engine checked
/// the area, the cause, the amount and the pledge), and the democratic appraisal agreed.
fn rongque_allowed(case: &CaseRow) -> bool {
    let inclusion = Programme::from_code(&case.row.programme).is_some_and(|p| p.is_inclusion());
    let agreed = case.appraisal.as_deref().and_then(AppraisalResult::from_code) == Some(AppraisalResult::Agree);
    case.row.fast_track && inclusion && !case.row.pledge_code.is_empty() && agreed
}

/// What one command writes: the event's kind and text, and the change to the case.
type Written = (&'static str, String, CaseChange);

/// Takes one action on a case seen at `version`. If the case changed since, nothing is
/// written and the staff member is told (409).
pub async fn act(store: &Store, key: &DataKey, staff: &Staff, reference: &Key, version: i64, command: Command) -> Result<(), AppError> {
    let action = command.action();
    let case = case_for(store, staff, reference, action).await?;
    // A page older than the case: someone acted since. Told as such (409), before the
    // state is judged, so acting out of order on a current page is a 422 that says why.
    if version != case.version {
        return Err(AppError::Conflict);
    }
    let events = store.events_of(&case.row.id).await?;
    let facts = facts(store, key, &case, &events, staff).await?;
    if action == Action::AssignToSelf && facts.assigned_to_viewer {
        return Ok(());
    }
    match check(action, &facts, staff.role) {
        Ok(()) => {}
        Err(Refusal::NotYourRole | Refusal::SamePerson) => return Err(AppError::Forbidden),
        Err(Refusal::NotNow(wait)) => return Err(not_now(action, wait)),
        Err(Refusal::NoticeRunsUntil(day)) => {
            return Err(invalid(&card(action), Problem::NoticeRunsUntil { until: day.to_string() }));
        }
    }
    let now = now_text();
    let (kind, detail, mut change) = written(store, key, staff, &case, command, &now).await?;
    change.clock = new_clock(store, &case, &facts, kind, &change).await?;
    change.register = crate::services::monitoring::register::after_decision(store, key, &case.row, kind, change.status.as_deref()).await?;
    let row = &case.row;
    if let Some(event) = EventKind::from_code(kind) {
        let due = change.info_request.as_ref().and_then(|r| app::domain::date::Date::parse(&r.due_date).ok());
        change.notifications = crate::services::notifications::for_change(
            store,
            &row.citizen_id,
            Change { subject_phone: row.subject_phone.as_deref(), application_id: &row.id, reference: &row.reference, event, due, lang: None, at: &now },
        )
        .await?;
    }
    let event = EventRow { id: 0, application_id: row.id.clone(), at: now.clone(), kind: kind.into(), actor: staff.full_name.clone(), on_behalf_of: None, detail: detail.clone() };
    let audit = AuditEntry { at: now, actor: actor(staff), action: format!("case.{kind}"), subject: format!("application:{}", row.id), detail: format!("{} {detail}", row.reference).trim().to_string() };
    // The store retries what the database calls transient; a changed version is a
    // conflict to report, not to retry.
    match store.act_on_case(&row.id, version, &change, &event, &audit).await? {
        true => Ok(()),
        false => Err(AppError::Conflict),
    }
}

/// The clock a change starts, if it moves the case to another stage: due after the stage's
/// days (the 容缺 follow-up on the date the approval set).
async fn new_clock(store: &Store, case: &CaseRow, facts: &CaseFacts, kind: &str, change: &CaseChange) -> Result<Option<(Option<String>, Option<String>)>, AppError> {
    let status = change.status.as_deref().and_then(CaseStatus::from_code).unwrap_or(facts.status);
    let Some(event) = EventKind::from_code(kind) else { return Err(crate::services::failure("an action wrote an event the lifecycle does not know")) };
    let Some(clock) = clock_change(facts, &facts.after(status, event)) else { return Ok(None) };
    let due = match clock {
        None => None,
        Some(Clock::FollowUp) => change.follow_up_by.clone(),
        Some(c) => {
            let params = crate::services::eligibility::parameter_set(store).await?;
            let today = today_in_china();
            let days = params.lookup(c.limit(), &area_of(&case.row)?, today).map(|p| p.value).ok_or_else(|| crate::services::failure("no time limit in force for a case's stage"))?;
            Some(today.plus_days(days).to_string())
        }
    };
    Ok(Some((clock.map(|c| c.code().to_string()), due)))
}

/// Reads a command's input (the lifecycle has allowed the action) into what it writes.
async fn written(store: &Store, key: &DataKey, staff: &Staff, case: &CaseRow, command: Command, now: &str) -> Result<Written, AppError> {
    let row = &case.row;
    let decision = |d: &str, fen: Option<i64>| Some((d.to_string(), fen, staff.id.clone(), now.to_string()));
    Ok(match command {
        Command::AssignToSelf => ("assigned", staff.full_name.clone(), CaseChange { assigned_to: Some(staff.id.clone()), ..CaseChange::default() }),
        Command::Accept => ("accepted", String::new(), CaseChange { status: Some("accepted".into()), accepted_by: Some(staff.id.clone()), ..CaseChange::default() }),
        Command::RecordVisit { date, findings, photo } => {
            let mut errors = Vec::new();
            let date = past_date(&mut errors, "visit_date", &date);
            let findings = text_field::<1000>(&mut errors, "findings", &findings);
            if !errors.is_empty() {
                return Err(AppError::Validation(errors));
            }
            let with_photo = photo.as_ref().map(|p| format!(" [{}]", p.original_name)).unwrap_or_default();
            ("visit", format!("{date} {findings}{with_photo}"), CaseChange { document: photo, ..CaseChange::default() })
        }
        Command::RecordAppraisal { date, participants, result } => {
            let mut errors = Vec::new();
            let date = past_date(&mut errors, "appraisal_date", &date);
            let participants = text_field::<500>(&mut errors, "participants", &participants);
            let result = AppraisalResult::from_code(&result);
            if result.is_none() {
                errors.push(FieldError { field: "result".into(), problem: Problem::Required });
            }
            let Some(result) = result.filter(|_| errors.is_empty()) else { return Err(AppError::Validation(errors)) };
            ("appraisal", format!("{date} {} {participants}", result.code()), CaseChange { appraisal: Some(result.code().into()), ..CaseChange::default() })
        }
        Command::Approve { multiple, amount, in_kind } => {
            let items = app::domain::service_assistance::in_kind::read_in_kind(&in_kind).map_err(AppError::Validation)?;
            if !items.is_empty() && case.row.programme != Programme::Temporary.code() {
                return Err(invalid("in_kind_0_what", Problem::InKindTemporaryOnly));
            }
            let suggestion = suggestion(store, key, row).await?;
            let fen = approved_amount(suggestion.as_ref(), &multiple, &amount)?;
            let grant = Decided::new(Fen::new(fen).unwrap_or_default(), payments::one_off(case), today_in_china()).grant;
            let recovery_fen = excess_recovered(store, case, Some(grant)).await?;
            let in_kind: Vec<crate::store::InKindRow> = items
                .iter()
                .enumerate()
                // The row's place leads its id, so they list in the order given.
                .map(|(n, i)| crate::store::InKindRow { id: format!("{n}{}", crate::crypto::random_token(11)), application_id: row.id.clone(), what: i.what.as_str().into(), quantity: i.quantity, value_fen: i.value.get(), decided_at: now.to_string(), delivered_at: None, delivered_by: None })
                .collect();
            let given = app::domain::service_assistance::in_kind::total(&in_kind.iter().map(|k| k.value_fen).collect::<Vec<_>>());
            let said = app::domain::service_assistance::in_kind::words(Fen::new(fen).unwrap_or_default(), given, app::i18n::Lang::ZhCn);
            ("approved", said, CaseChange { status: Some("approved".into()), decision: decision("approved", Some(fen)), recovery_fen, in_kind, ..CaseChange::default() })
        }
        Command::Reject { reason, basis } => {
            let mut errors = Vec::new();
            let reason = text_field::<500>(&mut errors, "reason", &reason);
            let basis = text_field::<200>(&mut errors, "basis", &basis);
            if !errors.is_empty() {
                return Err(AppError::Validation(errors));
            }
            let recovery_fen = excess_recovered(store, case, None).await?;
            ("rejected", format!("{reason}（{basis}）"), CaseChange { status: Some("rejected".into()), decision: decision("rejected", None), recovery_fen, ..CaseChange::default() })
        }
        Command::StartNotice => ("notice_started", String::new(), CaseChange::default()),
        Command::EndNotice => ("notice_ended", String::new(), CaseChange::default()),
        Command::EmergencyAid { amount } => {
            let Some(ceiling) = payments::first_aid_ceiling(store, &application::open_submitted(key, row)?, case).await? else {
                return Err(invalid("aid_amount", Problem::FirstAidNotAllowed));
            };
            let fen = match Fen::parse_yuan(amount.trim()) {
                Ok(f) if f > ceiling => return Err(invalid("aid_amount", Problem::OverEmergencyCeiling { max: ceiling.yuan_text() })),
                Ok(f) if f.get() > 0 => f.get(),
                _ => return Err(invalid("aid_amount", Problem::MoneyFormat)),
            };
            let mut payment = payment(row, staff, fen, today_in_china().to_string(), Period::Emergency.code(), now);
            payment.kind = PaymentKind::Emergency.code().into();
            ("emergency_aid", yuan(fen), CaseChange { payment: Some(payment), ..CaseChange::default() })
        }
        Command::ProvisionalApprove { amount } => {
            if !rongque_allowed(case) {
                return Err(invalid("provisional_amount", Problem::RongqueNotAllowed));
            }
            let suggestion = suggestion(store, key, row).await?;
            // Told under this form's own field, not the approval's.
            let fen = approved_amount(suggestion.as_ref(), "", &amount).map_err(|e| match e {
                AppError::Validation(errors) => AppError::Validation(errors.into_iter().map(|f| FieldError { field: "provisional_amount".into(), ..f }).collect()),
                e => e,
            })?;
            let params = crate::services::eligibility::parameter_set(store).await?;
            let days = params.lookup(ParamName::RongqueFollowUpDays, &area_of(row)?, today_in_china()).map(|p| p.value).ok_or_else(|| {
                tracing::error!(area = %row.area_code, "no rongque_follow_up_days parameter in force");
                AppError::Internal
            })?;
            let due = today_in_china().plus_days(days).to_string();
            (
                "provisionally_approved",
                format!("{} {due}", yuan(fen)),
                CaseChange { status: Some("provisionally_approved".into()), decision: decision("provisional", Some(fen)), follow_up_by: Some(due), ..CaseChange::default() },
            )
        }
        Command::RecordPayment { amount, paid_on, period, reason } => {
            let Some(decided) = payments::decided(case) else { return Err(not_now(Action::RecordPayment, app::domain::case::Wait::NotPaying)) };
            let mut errors = Vec::new();
            let fen = match Fen::parse_yuan(amount.trim()) {
                Ok(f) if f.get() > 0 => Some(f),
                _ => {
                    errors.push(FieldError { field: "payment_amount".into(), problem: Problem::MoneyFormat });
                    None
                }
            };
            let paid_on = past_date(&mut errors, "paid_on", &paid_on);
            let period = match decided.grant {
                Grant::Once { .. } => Some(Period::Once),
                Grant::Monthly { .. } => Month::parse(&period).map(Period::Month),
            };
            if period.is_none() {
                errors.push(FieldError { field: "period".into(), problem: Problem::PeriodFormat });
            }
            let reason = optional_text::<200>(&mut errors, "correction_reason", &reason).unwrap_or_default();
            let (Some(fen), Some(period), Ok(day)) = (fen, period, Date::parse(&paid_on)) else { return Err(AppError::Validation(errors)) };
            if !errors.is_empty() {
                return Err(AppError::Validation(errors));
            }
            let paid = payments::paid(&store.payments_of(&row.id).await?);
            let kind = payment_check(&decided, &paid, period, fen, day, !reason.is_empty())?;
            let mut entry = payment(row, staff, fen.get(), paid_on.clone(), period.code(), now);
            entry.kind = kind.code().into();
            entry.reason = (kind == PaymentKind::Correction).then(|| reason.into_string());
            let detail = format!("{} {paid_on} {}", yuan(fen.get()), period.code());
            ("paid", detail, CaseChange { payment: Some(entry), ..CaseChange::default() })
        }
        Command::RecordVerification { outcome } => {
            let paid: i64 = store.payments_of(&row.id).await?.iter().map(|p| p.amount_fen).sum();
            let params = crate::services::eligibility::parameter_set(store).await?;
            let recover_honest = params.lookup(ParamName::RongqueRecoverWithoutFraud, &area_of(row)?, today_in_china()).is_some_and(|p| p.value == 1);
            let Some(outcome) = Verification::from_code(&outcome) else { return Err(invalid("outcome", Problem::Required)) };
            let (recovery, credit) = match outcome {
                Verification::Meets => (0, false),
                Verification::Fails => (if recover_honest { paid } else { 0 }, false),
                Verification::FalseInfo => (paid, true),
            };
            let status = outcome.status().code();
            let credit = credit.then(|| CreditRow {
                id: crate::crypto::random_token(12),
                application_id: row.id.clone(),
                subject_name: row.subject_name.clone(),
                subject_id_masked: row.subject_id_masked.clone(),
                reason: app::domain::case::outcome::CREDIT_RONGQUE_FALSE_INFO.into(),
                amount_fen: recovery,
                recorded_at: now.to_string(),
            });
            (
                "verified",
                format!("{} {}", outcome.code(), yuan(recovery)),
                CaseChange { status: Some(status.into()), verification: Some((outcome.code().into(), recovery)), credit, ..CaseChange::default() },
            )
        }
        Command::Transfer { community, reason } => {
            let mut errors = Vec::new();
            let reason = text_field::<500>(&mut errors, "transfer_reason", &reason);
            let target = community.trim();
            let office = match application::route(store, target, Lang::ZhCn).await {
                Ok((office, name)) if office.code != row.office_code => Some((office.code, name)),
                Ok(_) => {
                    errors.push(FieldError { field: "community".into(), problem: Problem::SameOffice });
                    None
                }
                Err(AppError::Validation(e)) => {
                    errors.extend(e);
                    None
                }
                Err(e) => return Err(e),
            };
            let Some((office_code, office_name)) = office.filter(|_| errors.is_empty()) else { return Err(AppError::Validation(errors)) };
            ("transferred", format!("{office_name} ({office_code})：{reason}"), CaseChange { area: Some((target.to_string(), office_code)), assigned_to: None, ..CaseChange::default() })
        }
        Command::RequestInformation { items, due } => {
            let mut errors = Vec::new();
            let items = text_field::<500>(&mut errors, "items", &items);
            let due = Date::parse(&due).ok().filter(|d| *d > today_in_china());
            if due.is_none() {
                errors.push(FieldError { field: "due".into(), problem: Problem::DueDateFormat });
            }
            let Some(due) = due.filter(|_| errors.is_empty()) else { return Err(AppError::Validation(errors)) };
            let request = InfoRequestRow {
                id: crate::crypto::random_token(12),
                application_id: row.id.clone(),
                items: items.to_string(),
                due_date: due.to_string(),
                requested_at: now.to_string(),
                requested_by: staff.full_name.clone(),
                answered_at: None,
                answer: None,
            };
            ("info_requested", items.to_string(), CaseChange { status: Some("more_info".into()), info_request: Some(request), ..CaseChange::default() })
        }
    })
}

/// The payment rule's answer, as the field it concerns and what would make it right.
fn payment_check(decided: &Decided, paid: &[Paid], period: Period, fen: Fen, day: Date, has_reason: bool) -> Result<PaymentKind, AppError> {
    payment::check(decided, paid, period, fen, day, has_reason).map_err(|refused| match refused {
        Refused::BeforeDecision { decided_on } => invalid("paid_on", Problem::PaidBeforeDecision { on: decided_on.to_string() }),
        Refused::MonthNeeded => invalid("period", Problem::PeriodFormat),
        Refused::BeforeGrant { from } => invalid("period", Problem::PeriodBeforeGrant { from: from.to_string() }),
        Refused::NotBegun { .. } => invalid("period", Problem::PeriodNotBegun),
        Refused::AlreadyPaid { .. } => invalid("correction_reason", Problem::PeriodAlreadyPaid),
        Refused::OverAmount { left } => invalid("payment_amount", Problem::OverPeriodAmount { left: left.yuan_text() }),
    })
}

/// A decision below the emergency help already paid: the difference, if the area recovers it.
async fn excess_recovered(store: &Store, case: &CaseRow, grant: Option<Grant>) -> Result<Option<i64>, AppError> {
    let first = payments::paid_first(&payments::paid(&store.payments_of(&case.row.id).await?));
    let excess = payment::settle(grant, first).excess;
    if excess == Fen::ZERO || !payments::recovers_excess(store, case).await? {
        return Ok(None);
    }
    Ok(Some(excess.get()))
}

fn payment(row: &crate::store::ApplicationRow, staff: &Staff, fen: i64, paid_on: String, period: String, now: &str) -> PaymentRow {
    PaymentRow {
        id: crate::crypto::random_token(12),
        application_id: row.id.clone(),
        amount_fen: fen,
        paid_on,
        period,
        kind: PaymentKind::Regular.code().into(),
        reason: None,
        recorded_by: staff.full_name.clone(),
        recorded_at: now.to_string(),
        arrival: None,
        arrival_note: None,
        arrival_at: None,
    }
}

/// 入户核查 with an optional photo: role and area are checked before the photo is read.
#[allow(clippy::too_many_arguments)]
pub async fn record_visit(
    store: &Store,
    key: &DataKey,
    files: &dyn crate::files::FileStore,
    staff: &Staff,
    reference: &Key,
    version: i64,
    date: String,
    findings: String,
    photo: Option<application::Upload>,
) -> Result<(), AppError> {
    let case = case_for(store, staff, reference, Action::RecordVisit).await?;
    let photo = match photo {
        Some(upload) => Some(application::keep_visit_photo(files, &case.row.citizen_id, &case.row.id, upload).await?),
        None => None,
    };
    act(store, key, staff, reference, version, Command::RecordVisit { date, findings, photo }).await
}
