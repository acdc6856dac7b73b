//! Policy parameters in the workbench (#17 item 4): the values in force for an officer's
//! district, proposals of new dated values, their approval by a second district officer
//! (never the proposer), and each parameter's history.

use app::domain::administration::parameters::{self as rules, Status};
use app::domain::area::AreaCode;
use app::domain::params::{ParamName, ParameterSet};
use app::domain::request::FieldError;
use app::domain::staff::{may, Action};
use app::domain::text::Key;
use app::error::AppError;
use app::i18n::{fill, Lang, Msg};
use app::page_data::administration::{HistoryLine, ParamLine, ParameterHistoryData, ParametersData, ProposalForm, ProposalLine};

use crate::services::staff::Staff;
use crate::services::{now_text, today_in_china};
use crate::store::{Approval, AuditEntry, ProposalRow, ProposalView, Store};

/// The officer's own area, whose parameters they may change; anyone else is refused.
fn own_area(staff: &Staff) -> Result<AreaCode, AppError> {
    if !may(staff.role, &staff.area_code, Action::ManageParameters, None) {
        return Err(AppError::Forbidden);
    }
    AreaCode::parse(&staff.area_code).map_err(|_| AppError::Forbidden)
}

async fn area_name(store: &Store, code: &str, lang: Lang) -> Result<String, AppError> {
    Ok(store.area(code).await?.map(|a| match lang {
        Lang::En => a.name_en.unwrap_or(a.name_zh),
        Lang::ZhCn => a.name_zh,
    }).unwrap_or_else(|| code.to_string()))
}

fn value_shown(name: &str, value: i64, lang: Lang) -> String {
    ParamName::from_code(name).map(|n| rules::value_text(n, value, lang)).unwrap_or_else(|| value.to_string())
}

fn label_of(name: &str, lang: Lang) -> String {
    ParamName::from_code(name).map(|n| lang.t(rules::label(n)).to_string()).unwrap_or_else(|| name.to_string())
}

fn proposal_line(p: &ProposalView, reader: &Staff, lang: Lang) -> ProposalLine {
    let r = &p.row;
    let status = Status::from_code(&r.status).unwrap_or(Status::Proposed);
    ProposalLine {
        id: r.id.clone(),
        label: label_of(&r.name, lang),
        value: value_shown(&r.name, r.value, lang),
        from: app::domain::date::Date::parse(&r.effective_from).map(|d| lang.date(d)).unwrap_or_else(|_| r.effective_from.clone()),
        source: r.source.clone(),
        status: lang.t(status.label()).to_string(),
        proposed: fill(lang.t(Msg::ParamsProposedBy), &[("name", p.proposer_name.clone()), ("at", lang.local_time(&r.proposed_at))]),
        decided: p.decider_name.clone().zip(r.decided_at.clone()).map(|(name, at)| fill(lang.t(Msg::ParamsDecidedBy), &[("name", name), ("at", lang.local_time(&at))])),
        note: r.decision_note.clone().filter(|n| !n.is_empty()),
        own: r.proposed_by == reader.id,
        pending: status == Status::Proposed,
    }
}

/// The parameters page: values in force today for the officer's district, with where each
/// was set, and the proposals waiting for a decision.
pub async fn overview(store: &Store, staff: &Staff, lang: Lang) -> Result<ParametersData, AppError> {
    let area = own_area(staff)?;
    let params = crate::services::eligibility::parameter_set(store).await?;
    let today = today_in_china();
    let mut in_force = Vec::new();
    for name in ParamName::ALL {
        let Some(p) = params.lookup(name, &area, today) else { continue };
        in_force.push(ParamLine {
            code: name.code().into(),
            label: lang.t(rules::label(name)).into(),
            value: rules::value_text(name, p.value, lang),
            from: lang.date(p.effective_from),
            area: area_name(store, p.area.as_str(), lang).await?,
            source: p.source.clone(),
            demo: p.demo,
        });
    }
    let pending = store.proposals_for(area.as_str(), None, true).await?.iter().map(|p| proposal_line(p, staff, lang)).collect();
    Ok(ParametersData {
        area: area_name(store, area.as_str(), lang).await?,
        in_force,
        pending,
        options: ParamName::ALL.iter().map(|n| (n.code().to_string(), lang.t(rules::label(*n)).to_string())).collect(),
        form: ProposalForm { effective_from: today.to_string(), ..ProposalForm::default() },
        errors: Vec::new(),
        done: None,
    })
}

/// Proposes a new value for the officer's district from a date today or later.
pub async fn propose(store: &Store, staff: &Staff, form: &ProposalForm) -> Result<(), AppError> {
    let area = own_area(staff)?;
    let proposed = rules::read_proposal(&form.name, &form.value, &form.effective_from, &form.source, today_in_china()).map_err(AppError::Validation)?;
    let now = now_text();
    let row = ProposalRow {
        id: crate::crypto::random_token(12),
        area_code: area.as_str().to_string(),
        name: proposed.name.code().into(),
        value: proposed.value,
        effective_from: proposed.effective_from.to_string(),
        source: proposed.source,
        status: Status::Proposed.code().into(),
        proposed_by: staff.id.clone(),
        proposed_at: now.clone(),
        decided_by: None,
        decided_at: None,
        decision_note: None,
    };
    let audit = AuditEntry {
        at: now,
        actor: format!("staff:{}", staff.id),
        action: "parameter.propose".into(),
        subject: format!("parameter:{}:{}", row.area_code, row.name),
        detail: format!("{} = {} from {} ({})", row.id, row.value, row.effective_from, row.source),
    };
    if !store.insert_proposal(&row, &audit).await? {
        return Err(AppError::Validation(vec![FieldError { field: "effective_from".into(), problem: app::domain::request::Problem::ParameterDateTaken }]));
    }
    Ok(())
}

/// A waiting proposal of the officer's own district; any other is "not found".
async fn proposal_in_area(store: &Store, staff: &Staff, id: &Key) -> Result<ProposalView, AppError> {
    let area = own_area(staff)?;
    store.proposal(id.as_str()).await?.filter(|p| p.row.area_code == area.as_str()).ok_or(AppError::NotFound)
}

fn refused(r: rules::Refusal) -> AppError {
    AppError::Validation(vec![FieldError { field: "decision".into(), problem: r.problem() }])
}

/// The audit entry of a decision on a proposal, under the parameter it concerns.
fn decision_entry(staff: &Staff, p: &ProposalRow, action: &str, at: &str, detail: String) -> AuditEntry {
    AuditEntry { at: at.to_string(), actor: format!("staff:{}", staff.id), action: action.into(), subject: format!("parameter:{}:{}", p.area_code, p.name), detail }
}

/// Approves a colleague's proposal: from its date the engine and the checker use the value.
pub async fn approve(store: &Store, staff: &Staff, id: &Key) -> Result<(), AppError> {
    let p = proposal_in_area(store, staff, id).await?;
    let status = Status::from_code(&p.row.status).unwrap_or(Status::Withdrawn);
    let from = app::domain::date::Date::parse(&p.row.effective_from).map_err(|_| crate::services::failure("a stored proposal with a bad date"))?;
    rules::may_approve(status, &p.row.proposed_by, &staff.id, from, today_in_china()).map_err(refused)?;
    let now = now_text();
    let audit = decision_entry(staff, &p.row, "parameter.approve", &now, format!("{} = {} from {}", p.row.id, p.row.value, p.row.effective_from));
    match store.approve_proposal(&p.row.id, &staff.id, &now, &audit).await? {
        Approval::Approved => Ok(()),
        Approval::NotPending => Err(refused(rules::Refusal::AlreadyDecided)),
        Approval::DateTaken => Err(AppError::Validation(vec![FieldError { field: "decision".into(), problem: app::domain::request::Problem::ParameterDateTaken }])),
    }
}

/// Refuses a colleague's proposal, with an optional note.
pub async fn refuse(store: &Store, staff: &Staff, id: &Key, note: &str) -> Result<(), AppError> {
    let p = proposal_in_area(store, staff, id).await?;
    let status = Status::from_code(&p.row.status).unwrap_or(Status::Withdrawn);
    rules::may_refuse(status, &p.row.proposed_by, &staff.id).map_err(refused)?;
    let note = app::domain::text::Line::parse(note).map_err(|e| AppError::Validation(vec![FieldError { field: "note".into(), problem: e.problem() }]))?;
    let now = now_text();
    let audit = decision_entry(staff, &p.row, "parameter.refuse", &now, format!("{} {}", p.row.id, note));
    if !store.refuse_proposal(&p.row.id, &staff.id, &now, note.as_str(), &audit).await? {
        return Err(refused(rules::Refusal::AlreadyDecided));
    }
    Ok(())
}

/// One parameter's history for the officer's district: every dated row of the district and
/// the areas above it (who proposed and approved it, or the parameter file), and every
/// proposal with its outcome.
pub async fn history(store: &Store, staff: &Staff, name: &str, lang: Lang) -> Result<ParameterHistoryData, AppError> {
    let area = own_area(staff)?;
    let name = ParamName::from_code(name).ok_or(AppError::NotFound)?;
    let areas: Vec<String> = area.and_above().into_iter().map(String::from).collect();
    let proposals = store.proposals_for(area.as_str(), Some(name.code()), false).await?;
    let mut rows = Vec::new();
    for r in store.parameter_history(&areas, name.code()).await? {
        let approved = r.proposal_id.as_ref().and_then(|id| proposals.iter().find(|p| &p.row.id == id));
        let known = match (approved, &r.recorded_at) {
            (Some(p), _) => format!(
                "{}; {}",
                fill(lang.t(Msg::ParamsProposedBy), &[("name", p.proposer_name.clone()), ("at", lang.local_time(&p.row.proposed_at))]),
                fill(lang.t(Msg::ParamsDecidedBy), &[("name", p.decider_name.clone().unwrap_or_default()), ("at", lang.local_time(r.recorded_at.as_deref().unwrap_or_default()))]),
            ),
            (None, Some(at)) => lang.local_time(at),
            (None, None) => lang.t(Msg::ParamsFromFile).to_string(),
        };
        rows.push(HistoryLine {
            value: rules::value_text(name, r.value, lang),
            from: app::domain::date::Date::parse(&r.effective_from).map(|d| lang.date(d)).unwrap_or(r.effective_from),
            area: area_name(store, &r.area_code, lang).await?,
            source: r.source,
            known,
            demo: r.demo == 1,
        });
    }
    Ok(ParameterHistoryData {
        title: fill(lang.t(Msg::ParamsHistoryTitle), &[("name", lang.t(rules::label(name)).to_string())]),
        rows,
        proposals: proposals.iter().map(|p| proposal_line(p, staff, lang)).collect(),
    })
}

/// The values used by a decision made at `decided_at` (UTC) on `decided_on` (China date)
/// for `area`, beside today's where they differ: (label, then, today if different, source).
pub async fn explain(store: &Store, area: &AreaCode, decided_at: &str, decided_on: app::domain::date::Date, lang: Lang) -> Result<Vec<app::page_data::staff::ExplainLine>, AppError> {
    let then = ParameterSet::new(store.parameters_known_at(decided_at).await?).map_err(|_| crate::services::failure("stored parameters out of bounds"))?;
    let now = crate::services::eligibility::parameter_set(store).await?;
    let today = today_in_china();
    Ok(ParamName::ALL
        .iter()
        .filter_map(|name| {
            let old = then.lookup(*name, area, decided_on)?;
            let new = now.lookup(*name, area, today);
            Some(app::page_data::staff::ExplainLine {
                label: lang.t(rules::label(*name)).to_string(),
                then: rules::value_text(*name, old.value, lang),
                now: new.filter(|n| n.value != old.value).map(|n| rules::value_text(*name, n.value, lang)),
                source: old.source.clone(),
            })
        })
        .collect())
}
