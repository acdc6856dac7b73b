//! Drafts: one per account, sealed as a whole, saved at every step before anything is
//! checked (nothing typed is lost), and what a step page shows.

use app::domain::area::AreaLevel;
use app::domain::request::{FieldError, Problem};
use app::error::AppError;
use app::i18n::Lang;
use app::domain::application::documents::DocumentItem;
use app::page_data::apply::StepPageData;
use app::domain::application::steps::{self, ApplyStep, AreaPicker, StepContext};
use app::domain::application::answers::{remove_member, Answers};
use app::domain::area::AreaChoice;

use crate::services::today_in_china;
use crate::crypto::DataKey;
use crate::store::{AreaRow, DraftRow, Store};

use super::{Actor, document_items, new_id, now_text, open_answers, review, route, seal_answers};

#[derive(Clone, Debug)]
pub struct Draft {
    pub id: String,
    pub version: i64,
    pub answers: Answers,
}

pub(super) fn draft_context(id: &str) -> String {
    format!("application_drafts.answers:{id}")
}

pub(super) fn open_draft(key: &DataKey, row: &DraftRow) -> Result<Draft, AppError> {
    Ok(Draft { id: row.id.clone(), version: row.version, answers: open_answers(key, &row.answers_sealed, &draft_context(&row.id))? })
}

/// The id of the citizen's draft, without opening it.
pub async fn draft_id(store: &Store, citizen_id: &str) -> Result<Option<String>, AppError> {
    Ok(store.draft_of(citizen_id).await?.map(|r| r.id))
}

pub async fn load_draft(store: &Store, key: &DataKey, citizen_id: &str) -> Result<Option<Draft>, AppError> {
    store.draft_of(citizen_id).await?.map(|r| open_draft(key, &r)).transpose()
}

/// What a draft holds before anything is saved: one person in the household.
fn blank() -> Draft {
    let mut answers = Answers::default();
    answers.0.insert("members".into(), "1".into());
    Draft { id: String::new(), version: 0, answers }
}

/// The citizen's draft, made if there is none, with `prefill` (the checker's answers)
/// written over what it holds.
pub async fn start(store: &Store, key: &DataKey, citizen_id: &str, prefill: Answers) -> Result<Draft, AppError> {
    let id = new_id();
    let row = store.ensure_draft(&id, citizen_id, &seal_answers(key, &blank().answers, &draft_context(&id))?, &now_text()).await?;
    if prefill.0.is_empty() {
        return open_draft(key, &row);
    }
    update_draft(store, key, citizen_id, |a| a.0.extend(prefill.0.clone())).await
}

/// Applies `change` to the latest draft; a save from another device in between is
/// re-read and the change applied again (each step only touches its own answers).
pub(super) async fn update_draft(store: &Store, key: &DataKey, citizen_id: &str, change: impl Fn(&mut Answers)) -> Result<Draft, AppError> {
    for _ in 0..3 {
        let row = store.draft_of(citizen_id).await?.ok_or(AppError::NotFound)?;
        let mut draft = open_draft(key, &row)?;
        change(&mut draft.answers);
        let sealed = seal_answers(key, &draft.answers, &draft_context(&row.id))?;
        if store.save_draft(&row.id, citizen_id, row.version, &sealed, &now_text()).await? {
            draft.version += 1;
            return Ok(draft);
        }
    }
    Err(AppError::Conflict)
}

/// Where "continue your application" leads: the first step still to do, or the review.
pub async fn first_to_do(store: &Store, citizen_id: &str, draft: &Draft) -> Result<ApplyStep, AppError> {
    let ctx = context(store, citizen_id, &draft.answers).await?;
    Ok(steps::first_incomplete(&draft.answers, &ctx).unwrap_or(ApplyStep::Review))
}

/// What happened to a posted step.
pub enum StepOutcome {
    /// Saved and valid: go here next.
    Next(ApplyStep),
    /// Saved; show the page again (with these problems, or after a list changed).
    Again(Vec<FieldError>),
}

/// Saves what a step's page posted (always, so nothing typed is lost) and says where to go.
pub async fn save_step(
    store: &Store,
    key: &DataKey,
    citizen_id: &str,
    step: ApplyStep,
    fields: &[(String, String)],
    from_review: bool,
) -> Result<StepOutcome, AppError> {
    let action = fields.iter().rev().find(|(k, _)| k == "action").map(|(_, v)| v.as_str()).unwrap_or("continue").to_string();
    let residence_given_before = match store.draft_of(citizen_id).await? {
        None => {
            start(store, key, citizen_id, Answers::default()).await?;
            false
        }
        Some(row) => step == ApplyStep::Residence && !open_draft(key, &row)?.answers.get("community").is_empty(),
    };
    let draft = update_draft(store, key, citizen_id, |a| {
        if step != ApplyStep::Documents && step != ApplyStep::Pledge {
            steps::merge(a, step, fields);
        }
        if step == ApplyStep::Household {
            if action == "add_member" && a.members() < app::domain::household::MAX_MEMBERS {
                let n = a.members() + 1;
                a.0.insert("members".into(), n.to_string());
            }
            if let Some(i) = action.strip_prefix("remove_member_").and_then(|i| i.parse::<usize>().ok()) {
                remove_member(a, i);
            }
        }
    })
    .await?;
    if action != "continue" {
        return Ok(StepOutcome::Again(Vec::new()));
    }
    let ctx = context(store, citizen_id, &draft.answers).await?;
    let errors = steps::validate(step, &draft.answers, &ctx);
    if !errors.is_empty() {
        return Ok(StepOutcome::Again(errors));
    }
    if step == ApplyStep::Residence {
        if let Err(AppError::Validation(errors)) = route(store, draft.answers.get("community"), Lang::ZhCn).await {
            return Ok(StepOutcome::Again(errors));
        }
        // The funnel: an application has started once it names where the person lives
        // (counted the first time, in the residence's district).
        if !residence_given_before {
            let district = draft.answers.get("community").get(..6).unwrap_or_default().to_string();
            crate::services::funnel::count(store, app::domain::funnel::Stage::ApplicationStarted, &district);
        }
    }
    Ok(StepOutcome::Next(if from_review { ApplyStep::Review } else { step.next() }))
}

/// A draft as the API shows it: its answers, which steps are done, the next one to do.
pub struct DraftState {
    pub draft: Draft,
    pub steps: Vec<(ApplyStep, bool)>,
    pub next: Option<ApplyStep>,
    pub documents: Vec<DocumentItem>,
}

pub async fn draft_state(store: &Store, key: &DataKey, citizen_id: &str) -> Result<Option<DraftState>, AppError> {
    let Some(draft) = load_draft(store, key, citizen_id).await? else { return Ok(None) };
    let ctx = context(store, citizen_id, &draft.answers).await?;
    let steps: Vec<(ApplyStep, bool)> = ApplyStep::ALL.into_iter().filter(|s| *s != ApplyStep::Review).map(|s| (s, steps::validate(s, &draft.answers, &ctx).is_empty())).collect();
    let next = steps.iter().find(|(_, done)| !done).map(|(s, _)| *s);
    let documents = document_items(store.documents_of_draft(&draft.id, citizen_id).await?);
    Ok(Some(DraftState { draft, steps, next, documents }))
}

/// What a step of the citizen's draft still needs (why a submit was sent back to it).
pub async fn step_problems(store: &Store, key: &DataKey, citizen_id: &str, step: ApplyStep) -> Result<Vec<FieldError>, AppError> {
    let Some(draft) = load_draft(store, key, citizen_id).await? else { return Err(AppError::NotFound) };
    let ctx = context(store, citizen_id, &draft.answers).await?;
    let mut problems = steps::validate(step, &draft.answers, &ctx);
    if problems.is_empty() {
        // Valid on its own but not with the rest (e.g. the office no longer takes the area).
        problems.push(FieldError { field: step.code().into(), problem: Problem::Required });
    }
    Ok(problems)
}

/// Why a submit could not go through, for the review page: every step with a gap and its
/// first problem; `failed` (where the submit stopped) when the gap is only visible together,
/// e.g. an address whose office no longer takes applications.
pub async fn review_problems(store: &Store, key: &DataKey, citizen_id: &str, failed: ApplyStep) -> Result<Vec<FieldError>, AppError> {
    let Some(draft) = load_draft(store, key, citizen_id).await? else { return Err(AppError::NotFound) };
    let ctx = context(store, citizen_id, &draft.answers).await?;
    let mut problems = steps::unfinished(&draft.answers, &ctx);
    if problems.is_empty() {
        let problem = match route(store, draft.answers.get("community"), Lang::ZhCn).await {
            Err(AppError::Validation(e)) if failed == ApplyStep::Residence => e.into_iter().next().map(|e| e.problem),
            _ => None,
        };
        problems.push(FieldError { field: failed.code().into(), problem: problem.unwrap_or(Problem::Required) });
    }
    Ok(problems)
}

/// Where a step's address leads when there is no draft to show (Back after submitting, the
/// review of nothing): the confirmation of the latest submission, or the hub.
pub async fn without_draft(store: &Store, citizen_id: &str) -> Result<String, AppError> {
    Ok(match store.applications_of(citizen_id).await?.first() {
        Some(latest) => format!("{}/{}", app::paths::APPLY_DONE, latest.reference),
        None => app::paths::APPLY.to_string(),
    })
}

/// Everything a step page shows; `None` when there is no draft to show (see [`without_draft`]).
pub async fn step_page(
    store: &Store,
    key: &DataKey,
    actor: &Actor,
    step: ApplyStep,
    errors: Vec<FieldError>,
    from_review: bool,
    lang: Lang,
) -> Result<Option<StepPageData>, AppError> {
    // Opening a page never makes a draft: a first visit shows the step blank (its post makes
    // the draft); Back after submitting, or the review of nothing, goes elsewhere.
    let draft = match load_draft(store, key, &actor.citizen_id).await? {
        Some(d) => d,
        None if step != ApplyStep::Review && store.applications_of(&actor.citizen_id).await?.is_empty() => blank(),
        None => return Ok(None),
    };
    let ctx = context(store, &actor.citizen_id, &draft.answers).await?;
    let mut errors = errors;
    // A submit sent back here because no office covers the address says so on the page.
    if step == ApplyStep::Residence && errors.is_empty() && !draft.answers.get("community").is_empty() {
        if let Err(AppError::Validation(e)) = route(store, draft.answers.get("community"), lang).await {
            errors = e;
        }
    }
    let documents = document_items(store.documents_of_draft(&draft.id, &actor.citizen_id).await?);
    let review = if step == ApplyStep::Review { Some(review(store, &draft.answers, &ctx, lang).await?) } else { None };
    let pledge_signed_at = match (&ctx.pledge_code, step) {
        (Some(code), ApplyStep::Review) => store.signed_pledge_by_code(code).await?.map(|p| p.signed_at),
        _ => None,
    };
    Ok(Some(StepPageData {
        step,
        answers: draft.answers,
        errors,
        from_review,
        picker: ctx.picker,
        documents,
        pledge_code: ctx.pledge_code,
        pledge_signed_at,
        actor_name: actor.name.clone(),
        actor_id_masked: actor.id_masked.clone(),
        review,
        draft_id: draft.id,
        upload_kind: String::new(),
    }))
}

pub async fn context(store: &Store, citizen_id: &str, a: &Answers) -> Result<StepContext, AppError> {
    let pledge_code = store.latest_pledge_code(citizen_id).await?;
    context_with(store, a, pledge_code).await
}

/// `context` for a caller that has read the latest pledge already.
pub(super) async fn context_with(store: &Store, a: &Answers, pledge_code: Option<String>) -> Result<StepContext, AppError> {
    Ok(StepContext { today: today_in_china(), picker: picker(store, a).await?, pledge_code })
}

/// The area lists for the current choice: one level at a time, never the whole tree.
pub async fn picker(store: &Store, a: &Answers) -> Result<AreaPicker, AppError> {
    let districts = choices(store.areas_at_level(AreaLevel::District.number()).await?);
    let mut p = AreaPicker { districts, ..AreaPicker::default() };
    let district = a.get("district");
    if p.districts.iter().any(|d| d.code == district) {
        p.subdistricts = choices(store.area_children(district).await?);
        let sub = a.get("subdistrict");
        if p.subdistricts.iter().any(|s| s.code == sub) {
            p.communities = choices(store.area_children(sub).await?);
        }
    }
    Ok(p)
}

pub(super) fn choices(rows: Vec<AreaRow>) -> Vec<AreaChoice> {
    rows.into_iter().map(|a| AreaChoice { code: a.code, name_zh: a.name_zh, name_en: a.name_en }).collect()
}
