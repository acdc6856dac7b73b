//! One case as staff see it: everything submitted (masked), the engine's assessment and
//! figures for a decision, the history, and only the actions its state and the viewer's
//! role allow. Every view of the personal data is written to the audit log first.

use app::domain::text::Key;
use app::domain::application::submitted::SubmittedApplication;
use app::domain::programme::Programme;
use app::domain::application::documents::VISIT_PHOTO;
use app::domain::case::{allowed_actions, AppraisalResult};
use app::domain::money::Fen;
use app::domain::params::ParamName;
use app::domain::staff::Action;
use app::error::AppError;
use app::i18n::{fill, Lang, Msg};
use app::page_data::staff::{CaseData, PaymentLine, QueueClock, Suggestion};

use super::{actor, case_for, facts, now_text, payments};
use app::domain::case::arrival::Arrival;
use crate::crypto::DataKey;
use crate::services::staff::Staff;
use crate::services::{application, today_in_china};
use crate::store::{ApplicationRow, AuditEntry, Store};

/// What the engine suggests for a decision: for temporary aid a multiple of the per-person
/// standard within the parameters' range, otherwise a monthly amount.
pub(super) async fn suggestion(store: &Store, key: &DataKey, row: &ApplicationRow) -> Result<Option<Suggestion>, AppError> {
    suggestion_for(store, &application::open_submitted(key, row)?).await
}

/// The engine's amount for a case whose application is already open.
async fn suggestion_for(store: &Store, submitted: &SubmittedApplication) -> Result<Option<Suggestion>, AppError> {
    let Some((option, input)) = application::engine_option(store, submitted, submitted.programme).await? else { return Ok(None) };
    let Some(range) = option.amount else { return Ok(None) };
    if submitted.programme == Programme::Temporary {
        let params = crate::services::eligibility::parameter_set(store).await?;
        let lo = params.lookup(ParamName::TemporaryMinMultiple, &input.area, input.as_of).map(|p| p.value).unwrap_or(1).max(1);
        let hi = params.lookup(ParamName::TemporaryMaxMultiple, &input.area, input.as_of).map(|p| p.value).unwrap_or(lo).max(lo);
        let per_unit = range.min.div(lo);
        return Ok(Some(Suggestion { multiple: Some((lo, hi)), per_unit_fen: per_unit.get(), min_fen: range.min.get(), max_fen: range.max.get() }));
    }
    Ok(Some(Suggestion { multiple: None, per_unit_fen: 0, min_fen: range.min.get(), max_fen: range.max.get() }))
}

/// Everything submitted, for a staff member in scope. The view of the personal data is
/// written to the audit log first: no entry, no page.
pub async fn case(store: &Store, key: &DataKey, staff: &Staff, reference: &Key, lang: Lang) -> Result<CaseData, AppError> {
    let case = case_for(store, staff, reference, Action::ViewCase).await?;
    let row = case.row.clone();
    store
        .append_audit(&AuditEntry { at: now_text(), actor: actor(staff), action: "case.view".into(), subject: format!("application:{}", row.id), detail: row.reference.clone() })
        .await?;
    let submitted = application::open_submitted(key, &row)?;
    let (staff_documents, documents) = application::documents_of(store, &row.id).await?.into_iter().partition(|d| d.kind == VISIT_PHOTO);
    let events = store.events_of(&row.id).await?;
    let actions = allowed_actions(&facts(store, key, &case, &events, staff).await?, staff.role);
    let transfer_targets = if actions.contains(&Action::Transfer) { application::transfer_targets(store, &row.area_code, lang).await? } else { Vec::new() };
    let today = today_in_china();
    let clock = QueueClock::stored(case.clock.as_deref(), case.due_on.as_deref(), today);
    let summary = application::summary(store, &row, lang).await?;
    let credit = super::told(store, &case, &events, &summary.office_name, lang).await?.credit;
    let timeline = application::timeline_of(application::offices_in(store, events, lang).await?, true, lang);
    let suggestion = suggestion_for(store, &submitted).await?;
    let assessment = application::assess(store, &submitted, lang).await?;
    let r = &submitted.residence;
    let places = application::place_names(store, &[&r.district, &r.subdistrict, &r.community], lang).await?;
    let yuan = |fen: i64| Fen::new(fen).unwrap_or_default().yuan_text();
    let payment_rows = store.payments_of(&row.id).await?;
    let emergency_ceiling = match actions.contains(&Action::EmergencyAid) {
        true => payments::first_aid_ceiling(store, &submitted, &case).await?.map(|f| f.yuan_text()),
        false => None,
    };
    let explained = match (case.decided_at.as_deref(), app::domain::area::AreaCode::parse(&row.area_code)) {
        (Some(at), Ok(area)) => match crate::services::china_date_of(at) {
            Some(on) => crate::services::administration::parameters::explain(store, &area, at, on, lang).await?,
            None => Vec::new(),
        },
        _ => Vec::new(),
    };
    let in_kind = store
        .in_kind_of(&row.id)
        .await?
        .into_iter()
        .map(|k| {
            let said = app::domain::service_assistance::in_kind::line(&k.what, k.quantity, k.value_fen, k.delivered_at.as_deref().map(|d| lang.local_time(d)), lang);
            (k.id, said, k.delivered_at.is_some())
        })
        .collect();
    Ok(CaseData {
        in_kind,
        may_deliver: app::domain::staff::allows(staff.role, Action::RecordPayment),
        needs_assessments: crate::services::service_assistance::assessments::of_case(store, &row.id, lang).await?,
        may_assess: app::domain::staff::allows(staff.role, Action::AssessNeeds),
        summary,
        subject_id_masked: row.subject_id_masked.clone(),
        application: submitted,
        places,
        pledge_code: row.pledge_code.clone(),
        pledge_signed_at: match row.pledge_code.as_str() {
            "" => None,
            code => store.signed_pledge_by_code(code).await?.map(|p| p.signed_at),
        },
        assessment,
        timeline,
        requests: application::info_requests(store, &row.id).await?,
        documents,
        staff_documents,
        appraisal: case.appraisal.as_deref().and_then(AppraisalResult::from_code),
        clock,
        transfer_targets,
        version: case.version,
        assigned_to_me: case.assigned_to.as_deref() == Some(staff.id.as_str()),
        assigned: case.assigned_to.is_some(),
        actions,
        follow_up_by: case.follow_up_by.clone().filter(|_| row.status == "provisionally_approved"),
        payments: payment_rows
            .iter()
            .map(|p| PaymentLine {
                paid_on: p.paid_on.clone(),
                amount: yuan(p.amount_fen),
                period: payments::period_text(&p.period, lang),
                note: p.reason.as_ref().map(|r| fill(lang.t(Msg::StaffPaymentCorrection), &[("reason", r.clone())])),
                arrival: p.arrival.as_deref().and_then(Arrival::from_code).map(|a| {
                    let said = fill(lang.t(Msg::StaffArrivalAnswer), &[("answer", lang.t(a.label()).to_string())]);
                    match p.arrival_note.as_deref().filter(|n| !n.is_empty()) {
                        Some(note) => format!("{said}：{note}"),
                        None => said,
                    }
                }),
                arrival_problem: p.arrival.as_deref().and_then(Arrival::from_code).is_some_and(Arrival::needs_office),
            })
            .collect(),
        next_payment: payments::next_payment(&case, &payment_rows, today, lang),
        one_off: payments::one_off(&case),
        emergency_ceiling,
        paid_first: Some(payments::paid_first(&payments::paid(&payment_rows))).filter(|f| *f > Fen::ZERO).map(|f| f.yuan_text()),
        settlement: payments::settlement_words(&case, &payment_rows, lang),
        recovery: case.recovery_fen.filter(|f| *f > 0).map(yuan),
        credit,
        suggestion,
        decision: case.decision.clone().map(|d| (d, case.amount_fen.map(yuan))),
        today: today.to_string(),
        errors: Vec::new(),
        entered: None,
        done: None,
        explained,
    })
}

/// A document of a case, for staff in scope; the view is audited first.
pub async fn document(store: &Store, files: &dyn crate::files::FileStore, staff: &Staff, reference: &Key, document_id: &Key) -> Result<(String, String, Vec<u8>), AppError> {
    let case = case_for(store, staff, reference, Action::ViewCase).await?;
    store
        .append_audit(&AuditEntry {
            at: now_text(),
            actor: actor(staff),
            action: "document.view".into(),
            subject: format!("application:{}", case.row.id),
            detail: document_id.to_string(),
        })
        .await?;
    application::document_file(store, files, &case.row.id, document_id).await
}
