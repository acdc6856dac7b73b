//! Staff work on cases: the queue of an office, one case with everything submitted, and
//! the first actions (take the case, accept it, ask for more information). Every handler
//! comes through here; every check of role and area is made here, against the case.

use app::domain::date::Date;
use app::domain::request::{FieldError, Problem};
use app::domain::staff::{may, Action};
use app::error::AppError;
use app::i18n::Lang;
use app::domain::application::steps::StepContext;
use app::domain::application::Answers;
use app::domain::money::Fen;
use app::domain::params::ParamName;
use app::page_data::staff::{CaseData, QueueData, QueueItem, QueueQuery, Suggestion};

use super::application;
use super::staff::Staff;
use super::{internal, today_in_china};
use crate::crypto::DataKey;
use crate::store::{ApplicationRow, AuditEntry, CaseChange, CaseRow, CreditRow, EventRow, InfoRequestRow, PaymentRow, QueueFilter, Store};

pub const PAGE_SIZE: i64 = 25;

/// 容缺 applies (POLICY.md §3.2): asked for and offered at submission (the engine checked
/// the area, the cause, the amount and the pledge), and the democratic appraisal agreed.
async fn rongque_allowed(store: &Store, row: &ApplicationRow) -> Result<bool, AppError> {
    let inclusion = app::domain::programme::Programme::from_code(&row.programme).is_some_and(|p| p.is_inclusion());
    let appraised = store
        .events_of(&row.id)
        .await
        .map_err(internal)?
        .iter()
        .any(|e| e.kind == "appraisal" && e.detail.split(' ').nth(1) == Some("agree"));
    Ok(row.fast_track && inclusion && !row.pledge_code.is_empty() && appraised)
}

/// The amount an approval may carry: a whole multiple within the range for temporary aid,
/// otherwise a positive monthly amount no larger than the engine's figure.
fn approved_amount(s: Option<&Suggestion>, multiple: &str, amount: &str) -> Result<i64, AppError> {
    let fail = |field: &str, problem: Problem| AppError::Validation(vec![FieldError { field: field.into(), problem }]);
    // No engine figure (e.g. an expense-hardship inclusion): staff set the amount.
    let Some(s) = s else {
        return match Fen::parse_yuan(amount.trim()) {
            Ok(f) if f.get() > 0 => Ok(f.get()),
            Ok(_) => Err(fail("amount", Problem::Required)),
            Err(_) => Err(fail("amount", Problem::MoneyFormat)),
        };
    };
    match s.multiple {
        Some((lo, hi)) => match multiple.trim().parse::<i64>() {
            Ok(m) if (lo..=hi).contains(&m) => Ok(s.per_unit_fen.saturating_mul(m)),
            _ => Err(fail("multiple", Problem::MultipleRange { min: lo, max: hi })),
        },
        None => match Fen::parse_yuan(amount.trim()) {
            Ok(f) if f.get() > 0 && f.get() <= s.max_fen => Ok(f.get()),
            Ok(_) => Err(fail("amount", Problem::TooLarge)),
            Err(_) => Err(fail("amount", Problem::MoneyFormat)),
        },
    }
}

fn now_text() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

pub async fn queue(store: &Store, staff: &Staff, q: &QueueQuery) -> Result<QueueData, AppError> {
    if !may(staff.role, &staff.area_code, Action::ViewCase, None) {
        return Err(AppError::Forbidden);
    }
    let today = today_in_china().to_string();
    let filter = QueueFilter {
        area_prefix: staff.area_code.clone(),
        status: q.status.clone().filter(|s| !s.is_empty()),
        programme: q.programme.clone().filter(|s| !s.is_empty()),
        assigned_to: q.mine.then(|| staff.id.clone()),
        overdue_before: q.overdue.then(|| today.clone()),
        // Due within a week, or overdue: the checks to chase now.
        follow_up_by: q.follow_up.then(|| today_in_china().plus_days(7).to_string()),
        after: q.after.as_deref().and_then(|a| a.split_once('~')).map(|(t, i)| (t.to_string(), i.to_string())),
    };
    // One more than a page tells whether there is a next one.
    let mut rows = store.queue(&filter, PAGE_SIZE + 1).await.map_err(internal)?;
    let more = rows.len() as i64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    let next = if more { rows.last().map(|r| format!("{}~{}", r.submitted_at, r.id)) } else { None };
    let items = rows
        .into_iter()
        .map(|r| {
            let overdue = matches!(r.status.as_str(), "submitted" | "more_info") && r.accept_by < today;
            let days_left = Date::parse(&r.accept_by).ok().zip(Date::parse(&today).ok()).map(|(by, t)| by.days_since(t)).unwrap_or(0);
            QueueItem {
                reference: r.reference,
                programme: r.programme,
                status: r.status,
                subject_name: r.subject_name,
                submitted_at: r.submitted_at,
                accept_by: r.accept_by,
                days_left,
                overdue,
                fast_track: r.fast_track,
            }
        })
        .collect();
    Ok(QueueData { staff_name: staff.full_name.clone(), role: staff.role, query: q.clone(), items, next })
}

/// The case if this staff member may take `action` on it; otherwise "not found", so a case
/// outside one's area is indistinguishable from no case.
async fn case_for(store: &Store, staff: &Staff, reference: &str, action: Action) -> Result<CaseRow, AppError> {
    let case = store.case_by_reference(reference).await.map_err(internal)?.ok_or(AppError::NotFound)?;
    if !may(staff.role, &staff.area_code, Action::ViewCase, Some(&case.row.area_code)) {
        return Err(AppError::NotFound);
    }
    if !may(staff.role, &staff.area_code, action, Some(&case.row.area_code)) {
        return Err(AppError::Forbidden);
    }
    Ok(case)
}

/// What the engine suggests for a decision: for temporary aid a multiple of the per-person
/// standard within the parameters' range, otherwise a monthly amount.
async fn suggestion(store: &Store, key: &DataKey, row: &ApplicationRow) -> Result<Option<Suggestion>, AppError> {
    let answers = application::open_application_answers(key, row)?;
    let ctx = application::context(store, &row.citizen_id, &answers).await?;
    suggestion_for(store, &answers, &ctx, row).await
}

/// The engine's amount for a case whose answers are already open.
async fn suggestion_for(store: &Store, answers: &Answers, ctx: &StepContext, row: &ApplicationRow) -> Result<Option<Suggestion>, AppError> {
    let Some((option, input)) = application::engine_option(store, answers, ctx, &row.programme).await? else { return Ok(None) };
    let Some(range) = option.amount else { return Ok(None) };
    if row.programme == "temporary" {
        let params = super::eligibility::parameter_set(store).await?;
        let lo = params.lookup(ParamName::TemporaryMinMultiple, &input.area, input.as_of).map(|p| p.value).unwrap_or(1).max(1);
        let hi = params.lookup(ParamName::TemporaryMaxMultiple, &input.area, input.as_of).map(|p| p.value).unwrap_or(lo).max(lo);
        let per_unit = range.min.div(lo);
        return Ok(Some(Suggestion { multiple: Some((lo, hi)), per_unit_fen: per_unit.get(), min_fen: range.min.get(), max_fen: range.max.get() }));
    }
    Ok(Some(Suggestion { multiple: None, per_unit_fen: 0, min_fen: range.min.get(), max_fen: range.max.get() }))
}

fn actor(staff: &Staff) -> String {
    format!("{} ({})", staff.full_name, staff.username)
}

/// Everything submitted, for a staff member in scope. The view of the personal data is
/// written to the audit log first: no entry, no page.
pub async fn case(store: &Store, key: &DataKey, staff: &Staff, reference: &str, lang: Lang) -> Result<CaseData, AppError> {
    let case = case_for(store, staff, reference, Action::ViewCase).await?;
    let (row, version, assigned) = (case.row.clone(), case.version, case.assigned_to.clone());
    store
        .append_audit(&AuditEntry { at: now_text(), actor: actor(staff), action: "case.view".into(), subject: format!("application:{}", row.id), detail: row.reference.clone() })
        .await
        .map_err(internal)?;
    let answers = application::open_application_answers(key, &row)?;
    let ctx = application::context(store, &row.citizen_id, &answers).await?;
    let documents = application::documents_of(store, &row.id).await?;
    let timeline = application::timeline(store, &row.id, true, lang).await?;
    let happened = |kind: &str| timeline.iter().any(|e| e.kind == kind);
    let (notice_started, notice_ended, emergency_paid) = (happened("notice_started"), happened("notice_ended"), happened("emergency_aid"));
    let suggestion = suggestion_for(store, &answers, &ctx, &row).await?;
    let assessment = application::assess(store, &answers, &ctx, &row.programme, lang).await?;
    Ok(CaseData {
        summary: application::summary(store, &row, lang).await?,
        subject_id_masked: row.subject_id_masked.clone(),
        answers: answers.clone(),
        picker: ctx.picker.clone(),
        pledge_code: row.pledge_code.clone(),
        assessment,
        timeline,
        requests: application::info_requests(store, &row.id).await?,
        documents,
        version,
        assigned_to_me: assigned.as_deref() == Some(staff.id.as_str()),
        assigned: assigned.is_some(),
        can_accept: may(staff.role, &staff.area_code, Action::Accept, Some(&row.area_code)) && row.status == "submitted",
        can_request: may(staff.role, &staff.area_code, Action::RequestInformation, Some(&row.area_code)) && matches!(row.status.as_str(), "submitted" | "accepted"),
        can_assign: may(staff.role, &staff.area_code, Action::AssignToSelf, Some(&row.area_code)) && assigned.as_deref() != Some(staff.id.as_str()),
        can_record: may(staff.role, &staff.area_code, Action::RecordVisit, Some(&row.area_code)) && row.status == "accepted",
        can_decide: may(staff.role, &staff.area_code, Action::Decide, Some(&row.area_code))
            && row.status == "accepted"
            && case.accepted_by.as_deref() != Some(staff.id.as_str()),
        can_transfer: may(staff.role, &staff.area_code, Action::Transfer, Some(&row.area_code)) && !matches!(row.status.as_str(), "approved" | "rejected"),
        can_start_notice: may(staff.role, &staff.area_code, Action::PublicNotice, Some(&row.area_code))
            && row.status == "accepted"
            && needs_notice(&row.programme)
            && !notice_started,
        can_end_notice: may(staff.role, &staff.area_code, Action::PublicNotice, Some(&row.area_code))
            && notice_started
            && !notice_ended,
        can_emergency: may(staff.role, &staff.area_code, Action::EmergencyAid, Some(&row.area_code))
            && matches!(row.status.as_str(), "submitted" | "more_info" | "accepted")
            && !emergency_paid,
        can_provisional: may(staff.role, &staff.area_code, Action::Decide, Some(&row.area_code))
            && row.status == "accepted"
            && row.fast_track
            && case.accepted_by.as_deref() != Some(staff.id.as_str()),
        can_pay: may(staff.role, &staff.area_code, Action::RecordPayment, Some(&row.area_code)) && matches!(row.status.as_str(), "approved" | "provisionally_approved"),
        can_verify: may(staff.role, &staff.area_code, Action::RecordVerification, Some(&row.area_code)) && row.status == "provisionally_approved",
        follow_up_by: case.follow_up_by.clone().filter(|_| row.status == "provisionally_approved"),
        payments: store
            .payments_of(&row.id)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|p| (p.paid_on, Fen::new(p.amount_fen).unwrap_or_default().yuan_text(), p.period))
            .collect(),
        recovery: case.recovery_fen.filter(|f| *f > 0).map(|f| Fen::new(f).unwrap_or_default().yuan_text()),
        suggestion,
        decision: case.decision.clone().map(|d| (d, case.amount_fen.map(|f| Fen::new(f).unwrap_or_default().yuan_text()))),
        today: today_in_china().to_string(),
        errors: Vec::new(),
    })
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaseAction {
    AssignToSelf,
    Accept,
    RequestInformation { items: String, due: String },
    RecordVisit { date: String, findings: String, photo: Option<crate::store::DocumentRow> },
    RecordAppraisal { date: String, participants: String, result: String },
    /// `multiple` for temporary aid, `amount` (yuan) otherwise.
    Approve { multiple: String, amount: String },
    Reject { reason: String, basis: String },
    /// To the office of this community, which is where the person actually lives.
    Transfer { community: String, reason: String },
    /// 容缺审批: approve before the economic check, on the pledge and the appraisal.
    ProvisionalApprove { amount: String },
    RecordPayment { amount: String, paid_on: String, period: String },
    /// The follow-up check: `meets`, `fails` (no false information) or `false_info`.
    RecordVerification { outcome: String },
    StartNotice,
    EndNotice,
    /// 先行救助: an amount paid now for a sudden event; the case goes on as usual.
    EmergencyAid { amount: String },
}

/// Inclusion in a standing programme is made public first (公示); temporary aid is not.
fn needs_notice(programme: &str) -> bool {
    app::domain::programme::Programme::from_code(programme).is_some_and(|p| p.is_inclusion())
}

fn text_field(errors: &mut Vec<FieldError>, field: &str, value: &str, max: usize) -> String {
    let v = value.trim();
    if v.is_empty() {
        errors.push(FieldError { field: field.into(), problem: Problem::Required });
    } else if v.chars().count() > max {
        errors.push(FieldError { field: field.into(), problem: Problem::TooLong { max: max as i64 } });
    }
    v.to_string()
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

/// Takes one action on a case seen at `version`. If the case changed since, nothing is
/// written and the staff member is told (409).
pub async fn act(store: &Store, key: &DataKey, staff: &Staff, reference: &str, version: i64, action: CaseAction) -> Result<(), AppError> {
    let needed = match action {
        CaseAction::AssignToSelf => Action::AssignToSelf,
        CaseAction::Accept => Action::Accept,
        CaseAction::RequestInformation { .. } => Action::RequestInformation,
        CaseAction::RecordVisit { .. } => Action::RecordVisit,
        CaseAction::RecordAppraisal { .. } => Action::RecordAppraisal,
        CaseAction::Approve { .. } | CaseAction::Reject { .. } => Action::Decide,
        CaseAction::Transfer { .. } => Action::Transfer,
        CaseAction::ProvisionalApprove { .. } => Action::Decide,
        CaseAction::RecordPayment { .. } => Action::RecordPayment,
        CaseAction::RecordVerification { .. } => Action::RecordVerification,
        CaseAction::StartNotice | CaseAction::EndNotice => Action::PublicNotice,
        CaseAction::EmergencyAid { .. } => Action::EmergencyAid,
    };
    let case = case_for(store, staff, reference, needed).await?;
    let row = case.row.clone();
    let events = store.events_of(&row.id).await.map_err(internal)?;
    let has = |kind: &str| events.iter().any(|e| e.kind == kind);
    let now = now_text();
    let (kind, detail, change) = match &action {
        CaseAction::AssignToSelf => ("assigned", staff.full_name.clone(), CaseChange { assigned_to: Some(staff.id.clone()), ..CaseChange::default() }),
        CaseAction::Accept => {
            if row.status != "submitted" {
                return Err(AppError::Conflict);
            }
            ("accepted", String::new(), CaseChange { status: Some("accepted".into()), accepted_by: Some(staff.id.clone()), ..CaseChange::default() })
        }
        CaseAction::RecordVisit { date, findings, .. } | CaseAction::RecordAppraisal { date, participants: findings, .. } if row.status != "accepted" => {
            let _ = (date, findings);
            return Err(AppError::Conflict);
        }
        CaseAction::RecordVisit { date, findings, photo } => {
            let mut errors = Vec::new();
            let date = past_date(&mut errors, "visit_date", date);
            let findings = text_field(&mut errors, "findings", findings, 1000);
            if !errors.is_empty() {
                return Err(AppError::Validation(errors));
            }
            let with_photo = photo.as_ref().map(|p| format!(" [{}]", p.original_name)).unwrap_or_default();
            ("visit", format!("{date} {findings}{with_photo}"), CaseChange { document: photo.clone(), ..CaseChange::default() })
        }
        CaseAction::RecordAppraisal { date, participants, result } => {
            let mut errors = Vec::new();
            let date = past_date(&mut errors, "appraisal_date", date);
            let participants = text_field(&mut errors, "participants", participants, 500);
            if !matches!(result.as_str(), "agree" | "disagree") {
                errors.push(FieldError { field: "result".into(), problem: Problem::Required });
            }
            if !errors.is_empty() {
                return Err(AppError::Validation(errors));
            }
            ("appraisal", format!("{date} {result} {participants}"), CaseChange::default())
        }
        CaseAction::Approve { .. } | CaseAction::Reject { .. } if row.status != "accepted" => return Err(AppError::Conflict),
        CaseAction::Approve { .. } | CaseAction::Reject { .. } if case.accepted_by.as_deref() == Some(staff.id.as_str()) => {
            // Whoever accepted and reviewed the case cannot also approve it.
            return Err(AppError::Forbidden);
        }
        CaseAction::Approve { .. } if needs_notice(&row.programme) && !has("notice_ended") => {
            return Err(AppError::Validation(vec![FieldError { field: "amount".into(), problem: Problem::NoticeFirst }]));
        }
        CaseAction::Approve { multiple, amount } => {
            let suggestion = suggestion(store, key, &row).await?;
            let fen = approved_amount(suggestion.as_ref(), multiple, amount)?;
            let text = Fen::new(fen).unwrap_or_default().yuan_text();
            ("approved", text, CaseChange { status: Some("approved".into()), decision: Some(("approved".into(), Some(fen), staff.id.clone(), now.clone())), ..CaseChange::default() })
        }
        CaseAction::StartNotice if row.status != "accepted" || !needs_notice(&row.programme) || has("notice_started") => return Err(AppError::Conflict),
        CaseAction::StartNotice => ("notice_started", String::new(), CaseChange::default()),
        CaseAction::EndNotice if !has("notice_started") || has("notice_ended") => return Err(AppError::Conflict),
        CaseAction::EndNotice => ("notice_ended", String::new(), CaseChange::default()),
        CaseAction::EmergencyAid { .. } if !matches!(row.status.as_str(), "submitted" | "more_info" | "accepted") || has("emergency_aid") => {
            return Err(AppError::Conflict);
        }
        CaseAction::EmergencyAid { amount } => {
            let answers = application::open_application_answers(key, &row)?;
            let ctx = application::context(store, &row.citizen_id, &answers).await?;
            let first_aid = application::engine_option(store, &answers, &ctx, "temporary")
                .await?
                .is_some_and(|(o, _)| o.fast_track == Some(app::domain::programme::FastTrack::FirstAid));
            if !first_aid {
                return Err(AppError::Validation(vec![FieldError { field: "aid_amount".into(), problem: Problem::FirstAidNotAllowed }]));
            }
            let fen = match Fen::parse_yuan(amount.trim()) {
                Ok(f) if f.get() > 0 => f.get(),
                _ => return Err(AppError::Validation(vec![FieldError { field: "aid_amount".into(), problem: Problem::MoneyFormat }])),
            };
            let payment = PaymentRow {
                id: super::sign_in::random_token(12),
                application_id: row.id.clone(),
                amount_fen: fen,
                paid_on: today_in_china().to_string(),
                period: "先行救助".into(),
                recorded_by: staff.full_name.clone(),
                recorded_at: now.clone(),
            };
            ("emergency_aid", Fen::new(fen).unwrap_or_default().yuan_text(), CaseChange { payment: Some(payment), ..CaseChange::default() })
        }
        CaseAction::ProvisionalApprove { .. } if row.status != "accepted" => return Err(AppError::Conflict),
        CaseAction::ProvisionalApprove { .. } if case.accepted_by.as_deref() == Some(staff.id.as_str()) => return Err(AppError::Forbidden),
        CaseAction::ProvisionalApprove { amount } => {
            if !rongque_allowed(store, &row).await? {
                return Err(AppError::Validation(vec![FieldError { field: "amount".into(), problem: Problem::RongqueNotAllowed }]));
            }
            let suggestion = suggestion(store, key, &row).await?;
            let fen = approved_amount(suggestion.as_ref(), "", amount)?;
            let params = super::eligibility::parameter_set(store).await?;
            let area = app::domain::area::AreaCode::parse(&row.area_code).map_err(|_| AppError::Internal)?;
            let days = params.lookup(ParamName::RongqueFollowUpDays, &area, today_in_china()).map(|p| p.value).ok_or(AppError::Internal)?;
            let due = today_in_china().plus_days(days).to_string();
            (
                "provisionally_approved",
                format!("{} {due}", Fen::new(fen).unwrap_or_default().yuan_text()),
                CaseChange {
                    status: Some("provisionally_approved".into()),
                    decision: Some(("provisional".into(), Some(fen), staff.id.clone(), now.clone())),
                    follow_up_by: Some(due),
                    ..CaseChange::default()
                },
            )
        }
        CaseAction::RecordPayment { .. } if !matches!(row.status.as_str(), "approved" | "provisionally_approved") => return Err(AppError::Conflict),
        CaseAction::RecordPayment { amount, paid_on, period } => {
            let mut errors = Vec::new();
            let fen = match Fen::parse_yuan(amount.trim()) {
                Ok(f) if f.get() > 0 => f.get(),
                _ => {
                    errors.push(FieldError { field: "payment_amount".into(), problem: Problem::MoneyFormat });
                    0
                }
            };
            let paid_on = past_date(&mut errors, "paid_on", paid_on);
            let period = text_field(&mut errors, "period", period, 40);
            if !errors.is_empty() {
                return Err(AppError::Validation(errors));
            }
            let payment = PaymentRow {
                id: super::sign_in::random_token(12),
                application_id: row.id.clone(),
                amount_fen: fen,
                paid_on: paid_on.clone(),
                period: period.clone(),
                recorded_by: staff.full_name.clone(),
                recorded_at: now.clone(),
            };
            ("paid", format!("{} {paid_on} {period}", Fen::new(fen).unwrap_or_default().yuan_text()), CaseChange { payment: Some(payment), ..CaseChange::default() })
        }
        CaseAction::RecordVerification { .. } if row.status != "provisionally_approved" => return Err(AppError::Conflict),
        CaseAction::RecordVerification { outcome } => {
            let paid: i64 = store.payments_of(&row.id).await.map_err(internal)?.iter().map(|p| p.amount_fen).sum();
            let params = super::eligibility::parameter_set(store).await?;
            let area = app::domain::area::AreaCode::parse(&row.area_code).map_err(|_| AppError::Internal)?;
            let recover_honest = params.lookup(ParamName::RongqueRecoverWithoutFraud, &area, today_in_china()).is_some_and(|p| p.value == 1);
            let (status, recovery, credit) = match outcome.as_str() {
                "meets" => ("approved", 0, false),
                "fails" => ("stopped", if recover_honest { paid } else { 0 }, false),
                "false_info" => ("cancelled", paid, true),
                _ => return Err(AppError::Validation(vec![FieldError { field: "outcome".into(), problem: Problem::Required }])),
            };
            let credit = credit.then(|| CreditRow {
                id: super::sign_in::random_token(12),
                application_id: row.id.clone(),
                subject_name: row.subject_name.clone(),
                subject_id_masked: row.subject_id_masked.clone(),
                reason: "容缺审批后核对发现提供虚假信息".into(),
                amount_fen: recovery,
                recorded_at: now.clone(),
            });
            (
                "verified",
                format!("{outcome} {}", Fen::new(recovery).unwrap_or_default().yuan_text()),
                CaseChange { status: Some(status.into()), verification: Some((outcome.clone(), recovery)), credit, ..CaseChange::default() },
            )
        }
        CaseAction::Transfer { .. } if matches!(row.status.as_str(), "approved" | "rejected") => return Err(AppError::Conflict),
        CaseAction::Transfer { community, reason } => {
            let mut errors = Vec::new();
            let reason = text_field(&mut errors, "reason", reason, 500);
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
            (
                "transferred",
                format!("{office_name} ({office_code})：{reason}"),
                CaseChange { area: Some((target.to_string(), office_code)), assigned_to: None, ..CaseChange::default() },
            )
        }
        CaseAction::Reject { reason, basis } => {
            let mut errors = Vec::new();
            let reason = text_field(&mut errors, "reason", reason, 500);
            let basis = text_field(&mut errors, "basis", basis, 200);
            if !errors.is_empty() {
                return Err(AppError::Validation(errors));
            }
            ("rejected", format!("{reason}（{basis}）"), CaseChange { status: Some("rejected".into()), decision: Some(("rejected".into(), None, staff.id.clone(), now.clone())), ..CaseChange::default() })
        }
        CaseAction::RequestInformation { items, due } => {
            let mut errors = Vec::new();
            let items = items.trim();
            if items.is_empty() || items.chars().count() > 500 {
                errors.push(FieldError { field: "items".into(), problem: if items.is_empty() { Problem::Required } else { Problem::TooLong { max: 500 } } });
            }
            let due = Date::parse(due).ok().filter(|d| *d > today_in_china());
            if due.is_none() {
                errors.push(FieldError { field: "due".into(), problem: Problem::DueDateFormat });
            }
            let Some(due) = due.filter(|_| errors.is_empty()) else { return Err(AppError::Validation(errors)) };
            let request = InfoRequestRow {
                id: super::sign_in::random_token(12),
                application_id: row.id.clone(),
                items: items.to_string(),
                due_date: due.to_string(),
                requested_at: now.clone(),
                requested_by: staff.full_name.clone(),
                answered_at: None,
                answer: None,
            };
            ("info_requested", items.to_string(), CaseChange { status: Some("more_info".into()), info_request: Some(request), ..CaseChange::default() })
        }
    };
    let event = EventRow { id: 0, application_id: row.id.clone(), at: now.clone(), kind: kind.into(), actor: staff.full_name.clone(), on_behalf_of: None, detail: detail.clone() };
    let audit = AuditEntry { at: now, actor: actor(staff), action: format!("case.{kind}"), subject: format!("application:{}", row.id), detail: format!("{} {detail}", row.reference).trim().to_string() };
    // A failed write (another audit entry took the same place in the chain) is retried;
    // a changed version is a conflict to report, not to retry.
    for attempt in 0..5 {
        match store.act_on_case(&row.id, version, &change, &event, &audit).await {
            Ok(true) => return Ok(()),
            Ok(false) => return Err(AppError::Conflict),
            Err(e) if attempt == 4 => return Err(internal(e)),
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(10 * (attempt + 1))).await,
        }
    }
    Err(AppError::Internal)
}

/// 主动发现: a case registered by staff for a resident, in the staff member's own area.
pub async fn register(store: &Store, key: &DataKey, staff: &Staff, p: application::Proactive<'_>) -> Result<String, AppError> {
    if !may(staff.role, &staff.area_code, Action::RegisterCase, None) {
        return Err(AppError::Forbidden);
    }
    if !may(staff.role, &staff.area_code, Action::RegisterCase, Some(p.community.trim())) {
        return Err(AppError::Validation(vec![FieldError { field: "community".into(), problem: Problem::OutsideArea }]));
    }
    let actor_name = staff.full_name.clone();
    let reference = application::register_proactive(store, key, &actor_name, p).await?;
    store
        .append_audit(&AuditEntry { at: now_text(), actor: actor(staff), action: "case.register".into(), subject: format!("reference:{reference}"), detail: "proactive".into() })
        .await
        .map_err(internal)?;
    Ok(reference)
}

/// A document of a case, for staff in scope; the view is audited first.
pub async fn document(store: &Store, files: &dyn crate::files::FileStore, staff: &Staff, reference: &str, document_id: &str) -> Result<(String, String, Vec<u8>), AppError> {
    let case = case_for(store, staff, reference, Action::ViewCase).await?;
    store
        .append_audit(&AuditEntry {
            at: now_text(),
            actor: actor(staff),
            action: "document.view".into(),
            subject: format!("application:{}", case.row.id),
            detail: document_id.to_string(),
        })
        .await
        .map_err(internal)?;
    application::document_file(store, files, &case.row.id, document_id).await
}

/// 入户核查 with an optional photo: role and area are checked before the photo is read.
#[allow(clippy::too_many_arguments)]
pub async fn record_visit(
    store: &Store,
    key: &DataKey,
    files: &dyn crate::files::FileStore,
    staff: &Staff,
    reference: &str,
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
    act(store, key, staff, reference, version, CaseAction::RecordVisit { date, findings, photo }).await
}
