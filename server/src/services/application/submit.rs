//! Submitting a draft once, however often it is sent, and the engine's view of it.

use app::domain::case::EventKind;
use app::domain::engine::evaluate;
use app::domain::params::ParamName;
use app::domain::programme::FastTrack;
use app::error::AppError;
use app::i18n::Lang;
use app::page_data::apply::ReviewData;
use app::domain::application::steps::{self, ApplyStep, StepContext};
use app::domain::application::answers::Answers;
use rand::Rng;

use crate::services::eligibility::{parameter_set, residents_parameter_set};
use app::domain::params::ParameterSet;
use crate::services::notifications::{self, Change};
use crate::services::{identity, today_in_china};
use crate::crypto::DataKey;
use crate::store::{ApplicationRow, EventRow, Store, Submitted};

use app::domain::application::submitted::SubmittedApplication;
use app::domain::engine::ProgrammeOption;
use app::domain::household::CheckInput;
use app::domain::programme::Programme;

use super::{Actor, ROUTING_RULE, SYSTEM_ACTOR, context_with, new_id, now_text, open_draft, route, seal_submitted};

/// The engine's option for one programme, from the application as it was submitted (and
/// the parameters in force on the day it was).
pub async fn engine_option(store: &Store, submitted: &SubmittedApplication, programme: Programme) -> Result<Option<(ProgrammeOption, CheckInput)>, AppError> {
    let Some(input) = &submitted.input else { return Ok(None) };
    let params = parameter_set(store).await?;
    Ok(evaluate(input, &params, Lang::ZhCn).ok().map(|r| (r.option(programme).clone(), input.clone())))
}

/// The engine's view of a submitted application for its programme (staff see it beside
/// the case); none for a case registered without the household's details.
pub async fn assess(store: &Store, submitted: &SubmittedApplication, lang: Lang) -> Result<Option<ReviewData>, AppError> {
    let Some(input) = &submitted.input else { return Ok(None) };
    let params = parameter_set(store).await?;
    Ok(Some(review_of(store, &params, input, submitted.programme, lang).await?).filter(|r| r.verdict.is_some()))
}

/// The check-your-answers page's view of a draft: the engine's, once the answers are complete.
pub(super) async fn review(store: &Store, a: &Answers, ctx: &StepContext, lang: Lang) -> Result<ReviewData, AppError> {
    let Ok(done) = steps::complete(a, ctx) else { return Ok(ReviewData::default()) };
    review_of(store, &residents_parameter_set(store).await?, &done.input, done.programme, lang).await
}

async fn review_of(store: &Store, params: &ParameterSet, input: &CheckInput, programme: Programme, lang: Lang) -> Result<ReviewData, AppError> {
    // Where the residence is routed today; nothing when its office has closed since (a case
    // handed on keeps its own office, which its page names).
    let office_name = match route(store, input.area.as_str(), lang).await {
        Ok((_, name)) => name,
        Err(AppError::Validation(_)) => String::new(),
        Err(e) => return Err(e),
    };
    match evaluate(input, params, lang) {
        Ok(result) => {
            let option = result.option(programme);
            Ok(ReviewData {
                verdict: Some(option.verdict),
                reasons: option.reasons.iter().map(|r| r.text.clone()).collect(),
                fast_track_offered: option.fast_track == Some(FastTrack::Rongque),
                office_name,
            })
        }
        Err(e) => {
            tracing::warn!(error = %e, "no parameters for a routed area");
            Ok(ReviewData { office_name, ..ReviewData::default() })
        }
    }
}

pub enum SubmitOutcome {
    Submitted(String),
    /// Something is missing or no longer valid: this step needs attention.
    Incomplete(ApplyStep),
}

pub(super) fn reference() -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let mut rng = rand::rngs::OsRng;
    let tail: String = (0..6).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect();
    let (y, m, d) = today_in_china().ymd();
    format!("SA{:02}{m:02}{d:02}-{tail}", y % 100)
}

/// Submits the draft `draft_id` once. Repeats (a double tap, a retry after a lost
/// response, twenty at once) all answer with the one application it became.
pub async fn submit(store: &Store, key: &DataKey, actor: &Actor, draft_id: &str, fast_track: bool, lang: Lang) -> Result<SubmitOutcome, AppError> {
    let citizen = &actor.citizen_id;
    let draft_id = crate::services::key(draft_id)?;
    let draft_id = draft_id.as_str();
    // A draft is deleted in the transaction that submits it, so while it is there it has
    // not been submitted (one sent twice at once is settled by the write itself).
    let basis = store.submission_basis(citizen).await?;
    let Some(row) = basis.draft.filter(|d| d.id == draft_id) else {
        // Submitted already (a double tap, a retry after a lost response), or not this
        // person's draft.
        return match store.application_by_draft(draft_id, citizen).await? {
            Some(done) => Ok(SubmitOutcome::Submitted(done.reference)),
            None => Err(AppError::NotFound),
        };
    };
    let mut draft = open_draft(key, &row)?;
    draft.answers.0.remove("fast_track");
    if fast_track {
        draft.answers.0.insert("fast_track".into(), "true".into());
    }
    let ctx = context_with(store, &draft.answers, basis.pledge_code).await?;
    let done = match steps::complete(&draft.answers, &ctx) {
        Ok(d) => d,
        Err(step) => return Ok(SubmitOutcome::Incomplete(step)),
    };
    let (office, office_name) = match route(store, done.input.area.as_str(), Lang::ZhCn).await {
        Ok(r) => r,
        Err(AppError::Validation(_)) => return Ok(SubmitOutcome::Incomplete(ApplyStep::Residence)),
        Err(e) => return Err(e),
    };
    let params = residents_parameter_set(store).await?;
    let result = evaluate(&done.input, &params, lang).map_err(|_| crate::services::failure("no parameters in force for a routed area at submission"))?;
    let fast_track = done.fast_track && result.option(done.programme).fast_track == Some(FastTrack::Rongque);
    let accept_days = params.lookup(ParamName::AcceptWithinDays, &done.input.area, ctx.today).map(|p| p.value).ok_or_else(|| {
        tracing::error!(area = %done.input.area, "no accept_within_days parameter in force");
        AppError::Internal
    })?;
    let id = new_id();
    let (subject_name, subject_id) = match &done.proxy {
        Some(p) => (p.name.clone(), p.id.clone()),
        None => {
            let own = identity::open_id(key, citizen, &actor.id_sealed)?;
            (actor.name.clone(), own)
        }
    };
    let now = now_text();
    let on_behalf_of = done.proxy.as_ref().map(|p| p.name.clone());
    let application = ApplicationRow {
        id: id.clone(),
        reference: reference(),
        draft_id: row.id.clone(),
        citizen_id: citizen.clone(),
        actor_name: actor.name.clone(),
        subject_name,
        subject_id_sealed: key.seal(subject_id.expose(), &format!("applications.subject_id:{id}")),
        subject_id_masked: subject_id.masked(),
        subject_id_index: Some(key.blind_index(subject_id.expose())),
        proxy_relation: done.proxy.as_ref().map(|p| p.relation.clone()),
        subject_phone: done.proxy.as_ref().and_then(|p| p.phone.as_ref()).map(|p| p.expose().to_string()),
        programme: done.programme.code().to_string(),
        fast_track,
        area_code: done.input.area.as_str().to_string(),
        office_code: office.code.clone(),
        routing_rule: ROUTING_RULE.to_string(),
        status: "submitted".to_string(),
        answers_sealed: seal_submitted(key, &SubmittedApplication::new(done.clone(), &draft.answers), &id),
        payment_masked: done.account.masked(),
        pledge_code: ctx.pledge_code.clone().unwrap_or_default(),
        submitted_at: now.clone(),
        accept_by: ctx.today.plus_days(accept_days).to_string(),
    };
    let events = [
        EventRow { id: 0, application_id: id.clone(), at: now.clone(), kind: "submitted".into(), actor: actor.name.clone(), on_behalf_of, detail: String::new() },
        EventRow {
            id: 0,
            application_id: id.clone(),
            at: now,
            kind: "routed".into(),
            actor: SYSTEM_ACTOR.into(),
            on_behalf_of: None,
            detail: format!("{office_name} ({})", office.code),
        },
    ];
    let told = notifications::for_change_to(
        basis.contact,
        Change {
            subject_phone: application.subject_phone.as_deref(),
            application_id: &application.id,
            reference: &application.reference,
            event: EventKind::Submitted,
            due: None,
            lang: Some(lang),
            at: &application.submitted_at,
        },
    );
    match store.submit_application(&application, &events, Some(lang.code()), &told).await? {
        Submitted::Created => {
            tracing::info!(reference = %application.reference, office = %office.code, "application submitted");
            Ok(SubmitOutcome::Submitted(application.reference))
        }
        Submitted::AlreadyThere => store
            .application_by_draft(&row.id, citizen).await?
            .map(|a| SubmitOutcome::Submitted(a.reference))
            .ok_or_else(|| crate::services::failure("a submission was already there, but no application is found for its draft")),
    }
}
