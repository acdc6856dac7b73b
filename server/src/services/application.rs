//! The application use cases: drafts saved step by step, documents, submitting once, and
//! what the citizen sees afterwards. The web pages (and later the JSON API) call these.

use app::domain::area::AreaLevel;
use app::domain::case::EventKind;
use app::domain::engine::evaluate;
use app::domain::params::ParamName;
use app::domain::programme::FastTrack;
use app::domain::request::{FieldError, Problem};
use app::error::AppError;
use app::i18n::Lang;
use app::domain::application::documents::{DocumentItem, DOCUMENT_KINDS, VISIT_PHOTO};
use app::page_data::apply::{ReviewData, StepPageData};
use app::domain::application::status::{ApplicationSummary, InfoRequest, TimelineEntry};
use app::page_data::status::{StatusListData, StatusPageData};
use app::domain::application::steps::{self, ApplyStep, AreaPicker, StepContext};
use app::domain::application::answers::{remove_member, Answers};
use app::domain::area::AreaChoice;
use rand::Rng;

use super::eligibility::parameter_set;
use super::{identity, today_in_china};
use crate::crypto::DataKey;
use crate::files::FileStore;
use crate::store::{ApplicationRow, AreaRow, DocumentRow, DraftRow, EventRow, Store, Submitted};

/// At most this many documents on one draft or one application.
pub const MAX_DOCUMENTS: usize = 20;
/// The routing rule recorded with every application (POLICY.md: by actual residence).
pub const ROUTING_RULE: &str = "residence-subdistrict";
/// The actor recorded for what the portal does by itself.
pub const SYSTEM_ACTOR: &str = "system";

/// The account holder, who acts (for themself or for someone else).
#[derive(Clone, Debug)]
pub struct Actor {
    pub citizen_id: String,
    pub name: String,
    pub id_masked: String,
}

/// Applying needs the account holder's real name first.
pub async fn actor(store: &Store, citizen_id: &str) -> Result<Actor, AppError> {
    match identity::shown(store, citizen_id).await? {
        Some(r) => Ok(Actor { citizen_id: citizen_id.to_string(), name: r.full_name, id_masked: r.id_masked }),
        None => Err(AppError::Validation(vec![FieldError { field: "identity".into(), problem: Problem::IdentityMissing }])),
    }
}

#[derive(Clone, Debug)]
pub struct Draft {
    pub id: String,
    pub version: i64,
    pub answers: Answers,
}

fn now_text() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn draft_context(id: &str) -> String {
    format!("application_drafts.answers:{id}")
}

fn seal_answers(key: &DataKey, answers: &Answers, context: &str) -> Result<String, AppError> {
    let json = serde_json::to_string(&answers.0).map_err(|_| super::failure("answers could not be written as JSON"))?;
    Ok(key.seal(&json, context))
}

fn open_answers(key: &DataKey, sealed: &str, context: &str) -> Result<Answers, AppError> {
    let json = key.open(sealed, context).map_err(|_| {
        tracing::error!("a sealed application did not open with the configured key");
        AppError::Internal
    })?;
    serde_json::from_str(&json).map(Answers).map_err(|_| super::failure("sealed answers opened but are not a map of answers"))
}

fn open_draft(key: &DataKey, row: &DraftRow) -> Result<Draft, AppError> {
    Ok(Draft { id: row.id.clone(), version: row.version, answers: open_answers(key, &row.answers_sealed, &draft_context(&row.id))? })
}

fn new_id() -> String {
    let mut b = [0u8; 16];
    rand::rngs::OsRng.fill(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The id of the citizen's draft, without opening it.
pub async fn draft_id(store: &Store, citizen_id: &str) -> Result<Option<String>, AppError> {
    Ok(store.draft_of(citizen_id).await?.map(|r| r.id))
}

pub async fn load_draft(store: &Store, key: &DataKey, citizen_id: &str) -> Result<Option<Draft>, AppError> {
    store.draft_of(citizen_id).await?.map(|r| open_draft(key, &r)).transpose()
}

/// The citizen's draft, made if there is none, with `prefill` (the checker's answers)
/// written over what it holds.
pub async fn start(store: &Store, key: &DataKey, citizen_id: &str, prefill: Answers) -> Result<Draft, AppError> {
    let id = new_id();
    let mut first = Answers::default();
    first.0.insert("members".into(), "1".into());
    let row = store.ensure_draft(&id, citizen_id, &seal_answers(key, &first, &draft_context(&id))?, &now_text()).await?;
    if prefill.0.is_empty() {
        return open_draft(key, &row);
    }
    update_draft(store, key, citizen_id, |a| a.0.extend(prefill.0.clone())).await
}

/// Applies `change` to the latest draft; a save from another device in between is
/// re-read and the change applied again (each step only touches its own answers).
async fn update_draft(store: &Store, key: &DataKey, citizen_id: &str, change: impl Fn(&mut Answers)) -> Result<Draft, AppError> {
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

fn choices(rows: Vec<AreaRow>) -> Vec<AreaChoice> {
    rows.into_iter().map(|a| AreaChoice { code: a.code, name_zh: a.name_zh, name_en: a.name_en }).collect()
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

pub async fn context(store: &Store, citizen_id: &str, a: &Answers) -> Result<StepContext, AppError> {
    Ok(StepContext {
        today: today_in_china(),
        picker: picker(store, a).await?,
        pledge_code: store.latest_pledge_code(citizen_id).await?,
    })
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
    if store.draft_of(citizen_id).await?.is_none() {
        start(store, key, citizen_id, Answers::default()).await?;
    }
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
    }
    Ok(StepOutcome::Next(if from_review { ApplyStep::Review } else { step.next() }))
}

fn office_name(lang: Lang, district: Option<&AreaRow>, subdistrict: &AreaRow) -> String {
    let name = |a: &AreaRow| match (lang, &a.name_en) {
        (Lang::En, Some(en)) => en.clone(),
        _ => a.name_zh.clone(),
    };
    let sub = name(subdistrict);
    match district {
        Some(d) => app::i18n::fill(lang.t(app::i18n::Msg::OfficeName), &[("district", name(d)), ("subdistrict", sub)]),
        None => sub,
    }
}

/// The office that handles an application from this community: its subdistrict or town.
/// The rule (POLICY.md §5): by the actual residence — never the hukou — to the office of
/// the subdistrict or town the community lies in, if that office has joined the portal.
pub async fn route(store: &Store, community: &str, lang: Lang) -> Result<(AreaRow, String), AppError> {
    let unknown = || AppError::Validation(vec![FieldError { field: "community".into(), problem: Problem::UnknownArea }]);
    let not_covered = || AppError::Validation(vec![FieldError { field: "community".into(), problem: Problem::NoOffice }]);
    let area = store.area(community).await?.ok_or_else(unknown)?;
    if area.level != AreaLevel::Community.number() {
        return Err(unknown());
    }
    let office_code = area.parent_code.clone().ok_or_else(not_covered)?;
    let office = store.area(&office_code).await?.ok_or_else(not_covered)?;
    if office.level != AreaLevel::Subdistrict.number() || !store.office_is_active(&office.code).await? {
        return Err(not_covered());
    }
    let district = match &office.parent_code {
        Some(p) => store.area(p).await?,
        None => None,
    };
    let name = office_name(lang, district.as_ref(), &office);
    Ok((office, name))
}

fn document_items(rows: Vec<DocumentRow>) -> Vec<DocumentItem> {
    rows.into_iter().map(document_item).collect()
}

/// A kept document as its owner sees it listed.
pub fn document_item(d: DocumentRow) -> DocumentItem {
    DocumentItem { id: d.id, kind: d.kind, name: d.original_name, size_kb: (d.size_bytes + 1023) / 1024 }
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

/// Everything a step page shows.
pub async fn step_page(
    store: &Store,
    key: &DataKey,
    actor: &Actor,
    step: ApplyStep,
    errors: Vec<FieldError>,
    from_review: bool,
    lang: Lang,
) -> Result<StepPageData, AppError> {
    let draft = match load_draft(store, key, &actor.citizen_id).await? {
        Some(d) => d,
        None => start(store, key, &actor.citizen_id, Answers::default()).await?,
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
    Ok(StepPageData {
        step,
        answers: draft.answers,
        errors,
        from_review,
        picker: ctx.picker,
        documents,
        pledge_code: ctx.pledge_code,
        actor_name: actor.name.clone(),
        actor_id_masked: actor.id_masked.clone(),
        review,
        draft_id: draft.id,
    })
}

/// A submitted application's answers, for staff (the caller has logged the view).
pub fn open_application_answers(key: &DataKey, row: &ApplicationRow) -> Result<Answers, AppError> {
    open_answers(key, &row.answers_sealed, &format!("applications.answers:{}", row.id))
}

pub async fn documents_of(store: &Store, application_id: &str) -> Result<Vec<DocumentItem>, AppError> {
    Ok(document_items(store.documents_of_application(application_id).await?))
}

/// The engine's option for one programme, from complete answers.
pub async fn engine_option(store: &Store, a: &Answers, ctx: &StepContext, programme: &str) -> Result<Option<(app::domain::engine::ProgrammeOption, app::domain::household::CheckInput)>, AppError> {
    let mut answers = a.clone();
    answers.0.insert("programme".into(), programme.to_string());
    let mut ctx = ctx.clone();
    ctx.pledge_code.get_or_insert_with(|| "submitted".into());
    let Ok(done) = steps::complete(&answers, &ctx) else { return Ok(None) };
    let params = parameter_set(store).await?;
    Ok(evaluate(&done.input, &params, Lang::ZhCn).ok().map(|r| (r.option(done.programme).clone(), done.input)))
}

/// The engine's view of complete answers for one programme (staff see it beside the case).
pub async fn assess(store: &Store, a: &Answers, ctx: &StepContext, programme: &str, lang: Lang) -> Result<Option<ReviewData>, AppError> {
    let mut answers = a.clone();
    answers.0.insert("programme".into(), programme.to_string());
    let mut ctx = ctx.clone();
    // The pledge was checked at submission; the case keeps its code.
    ctx.pledge_code.get_or_insert_with(|| "submitted".into());
    Ok(Some(review(store, &answers, &ctx, lang).await?).filter(|r| r.verdict.is_some()))
}

async fn review(store: &Store, a: &Answers, ctx: &StepContext, lang: Lang) -> Result<ReviewData, AppError> {
    let Ok(done) = steps::complete(a, ctx) else { return Ok(ReviewData::default()) };
    let params = parameter_set(store).await?;
    let (_, office_name) = route(store, done.input.area.as_str(), lang).await?;
    match evaluate(&done.input, &params, lang) {
        Ok(result) => {
            let option = result.option(done.programme);
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

fn reference() -> String {
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
    if let Some(done) = store.application_by_draft(draft_id, citizen).await? {
        return Ok(SubmitOutcome::Submitted(done.reference));
    }
    let Some(row) = store.draft_of(citizen).await?.filter(|d| d.id == draft_id) else {
        // Submitted by a request that finished in between, or not this person's draft.
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
    let ctx = context(store, citizen, &draft.answers).await?;
    let done = match steps::complete(&draft.answers, &ctx) {
        Ok(d) => d,
        Err(step) => return Ok(SubmitOutcome::Incomplete(step)),
    };
    let (office, office_name) = match route(store, done.input.area.as_str(), Lang::ZhCn).await {
        Ok(r) => r,
        Err(AppError::Validation(_)) => return Ok(SubmitOutcome::Incomplete(ApplyStep::Residence)),
        Err(e) => return Err(e),
    };
    let params = parameter_set(store).await?;
    let result = evaluate(&done.input, &params, lang).map_err(|_| super::failure("no parameters in force for a routed area at submission"))?;
    let fast_track = done.fast_track && result.option(done.programme).fast_track == Some(FastTrack::Rongque);
    let accept_days = params.lookup(ParamName::AcceptWithinDays, &done.input.area, ctx.today).map(|p| p.value).ok_or_else(|| {
        tracing::error!(area = %done.input.area, "no accept_within_days parameter in force");
        AppError::Internal
    })?;
    let id = new_id();
    let (subject_name, subject_id) = match &done.proxy {
        Some(p) => (p.name.clone(), p.id.clone()),
        None => {
            let own = identity::reveal(store, key, citizen).await?.ok_or_else(|| super::failure("an applicant with no ID number on record reached submission"))?;
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
        proxy_relation: done.proxy.as_ref().map(|p| p.relation.clone()),
        programme: done.programme.code().to_string(),
        fast_track,
        area_code: done.input.area.as_str().to_string(),
        office_code: office.code.clone(),
        routing_rule: ROUTING_RULE.to_string(),
        status: "submitted".to_string(),
        answers_sealed: seal_answers(key, &draft.answers, &format!("applications.answers:{id}"))?,
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
    match store.submit_application(&application, &events).await? {
        Submitted::Created => {
            tracing::info!(reference = %application.reference, office = %office.code, "application submitted");
            Ok(SubmitOutcome::Submitted(application.reference))
        }
        Submitted::AlreadyThere => store
            .application_by_draft(&row.id, citizen).await?
            .map(|a| SubmitOutcome::Submitted(a.reference))
            .ok_or_else(|| super::failure("a submission was already there, but no application is found for its draft")),
    }
}

pub(crate) async fn summary(store: &Store, a: &ApplicationRow, lang: Lang) -> Result<ApplicationSummary, AppError> {
    let office_name = match store.area(&a.office_code).await? {
        Some(office) => {
            let district = match &office.parent_code {
                Some(p) => store.area(p).await?,
                None => None,
            };
            office_name(lang, district.as_ref(), &office)
        }
        None => a.office_code.clone(),
    };
    Ok(ApplicationSummary {
        reference: a.reference.clone(),
        programme: a.programme.clone(),
        status: a.status.clone(),
        submitted_at: a.submitted_at.clone(),
        office_name,
        subject_name: a.subject_name.clone(),
        actor_name: a.actor_name.clone(),
        proxy: a.proxy_relation.is_some(),
        accept_by: a.accept_by.clone(),
        fast_track: a.fast_track,
    })
}

/// One of the citizen's own applications; anyone else's is "not found".
async fn own(store: &Store, citizen_id: &str, reference: &str) -> Result<ApplicationRow, AppError> {
    store.application_of(reference, citizen_id).await?.ok_or(AppError::NotFound)
}

pub async fn confirmation(store: &Store, citizen_id: &str, reference: &str, lang: Lang) -> Result<ApplicationSummary, AppError> {
    summary(store, &own(store, citizen_id, reference).await?, lang).await
}

pub async fn list(store: &Store, citizen_id: &str, lang: Lang) -> Result<StatusListData, AppError> {
    let mut applications = Vec::new();
    for a in store.applications_of(citizen_id).await? {
        applications.push(summary(store, &a, lang).await?);
    }
    let has_draft = store.draft_of(citizen_id).await?.is_some();
    Ok(StatusListData { applications, has_draft })
}

pub async fn timeline(store: &Store, application_id: &str, for_staff: bool, lang: Lang) -> Result<Vec<TimelineEntry>, AppError> {
    Ok(timeline_of(store.events_of(application_id).await?, for_staff, lang))
}

/// The history as shown: what was found in the home and said at the appraisal only to staff.
pub fn timeline_of(events: Vec<EventRow>, for_staff: bool, lang: Lang) -> Vec<TimelineEntry> {
    events
        .into_iter()
        .map(|e| {
            let staff_only = EventKind::from_code(&e.kind).is_some_and(EventKind::detail_is_staff_only);
            TimelineEntry {
                detail: if for_staff || !staff_only { e.detail } else { String::new() },
                at: e.at,
                kind: e.kind,
                actor: if e.actor == SYSTEM_ACTOR { lang.t(app::i18n::Msg::ActorSystem).to_string() } else { e.actor },
                on_behalf_of: e.on_behalf_of,
            }
        })
        .collect()
}

pub async fn status(store: &Store, citizen_id: &str, reference: &str, lang: Lang) -> Result<StatusPageData, AppError> {
    let a = own(store, citizen_id, reference).await?;
    let timeline = timeline(store, &a.id, false, lang).await?;
    let requests = info_requests(store, &a.id).await?;
    let mut docs = store.documents_of_application(&a.id).await?;
    docs.retain(|d| d.kind != VISIT_PHOTO);
    let documents = document_items(docs);
    Ok(StatusPageData { application: summary(store, &a, lang).await?, timeline, requests, documents, errors: Vec::new(), answer_text: String::new() })
}

/// The requests for more information (补正) on an application, oldest first.
pub(crate) async fn info_requests(store: &Store, application_id: &str) -> Result<Vec<InfoRequest>, AppError> {
    Ok(store
        .information_requests(application_id).await?
        .into_iter()
        .map(|r| InfoRequest { id: r.id, items: r.items, due_date: r.due_date, answered_at: r.answered_at, answer: r.answer })
        .collect())
}

/// An uploaded file as it arrived.
pub struct Upload {
    pub kind: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

fn doc_error(problem: Problem) -> AppError {
    AppError::Validation(vec![FieldError { field: "document".into(), problem }])
}

/// Checks and cleans an upload, then keeps it; the row says where it belongs.
async fn keep_document(files: &dyn FileStore, citizen_id: &str, upload: Upload, draft_id: Option<String>, application_id: Option<String>) -> Result<DocumentRow, AppError> {
    if !DOCUMENT_KINDS.contains(&upload.kind.as_str()) {
        return Err(AppError::Validation(vec![FieldError { field: "kind".into(), problem: Problem::DocumentKind }]));
    }
    let bytes = upload.bytes;
    let cleaned = tokio::task::spawn_blocking(move || super::documents::clean(&bytes)).await.map_err(|_| super::failure("the document cleaning task did not finish"))?.map_err(doc_error)?;
    let id = new_id();
    files.put(&id, cleaned.bytes.clone()).await.map_err(|e| {
        tracing::error!(error = %e, "could not store a document");
        AppError::Internal
    })?;
    // The name is only a label for its owner: path parts and odd characters are dropped.
    let name: String = upload.file_name.rsplit(['/', '\\']).next().unwrap_or("").chars().filter(|c| !c.is_control()).take(80).collect();
    Ok(DocumentRow {
        id: id.clone(),
        citizen_id: citizen_id.to_string(),
        draft_id,
        application_id,
        kind: upload.kind,
        original_name: if name.is_empty() { "document".into() } else { name },
        content_type: cleaned.content_type.to_string(),
        size_bytes: cleaned.bytes.len() as i64,
        sha256: cleaned.sha256,
        storage_key: id,
        uploaded_at: now_text(),
    })
}

pub async fn add_draft_document(store: &Store, key: &DataKey, files: &dyn FileStore, citizen_id: &str, upload: Upload) -> Result<DocumentRow, AppError> {
    let draft = match load_draft(store, key, citizen_id).await? {
        Some(d) => d,
        None => start(store, key, citizen_id, Answers::default()).await?,
    };
    if store.documents_of_draft(&draft.id, citizen_id).await?.len() >= MAX_DOCUMENTS {
        return Err(doc_error(Problem::TooManyDocuments { max: MAX_DOCUMENTS as i64 }));
    }
    let row = keep_document(files, citizen_id, upload, Some(draft.id), None).await?;
    store.insert_document(&row).await?;
    Ok(row)
}

pub async fn remove_draft_document(store: &Store, files: &dyn FileStore, citizen_id: &str, document_id: &str) -> Result<(), AppError> {
    let key = store.delete_draft_document(document_id, citizen_id).await?.ok_or(AppError::NotFound)?;
    if let Err(e) = files.delete(&key).await {
        tracing::warn!(error = %e, "a removed document's file stayed behind");
    }
    Ok(())
}

/// Answers a request for more information with an explanation and/or a document.
pub async fn answer_request(
    store: &Store,
    files: &dyn FileStore,
    actor: &Actor,
    reference: &str,
    request_id: &str,
    answer: &str,
    upload: Option<Upload>,
) -> Result<(), AppError> {
    let a = own(store, &actor.citizen_id, reference).await?;
    let open = store.information_requests(&a.id).await?.into_iter().any(|r| r.id == request_id && r.answered_at.is_none());
    if !open {
        return Err(AppError::NotFound);
    }
    let answer = answer.trim();
    if answer.chars().count() > steps::MAX_STORY_CHARS {
        return Err(AppError::Validation(vec![FieldError { field: "answer".into(), problem: Problem::TooLong { max: steps::MAX_STORY_CHARS as i64 } }]));
    }
    if upload.is_none() && answer.is_empty() {
        return Err(doc_error(Problem::DocumentMissing));
    }
    let mut detail = answer.to_string();
    if let Some(upload) = upload {
        if store.documents_of_application(&a.id).await?.len() >= MAX_DOCUMENTS {
            return Err(doc_error(Problem::TooManyDocuments { max: MAX_DOCUMENTS as i64 }));
        }
        let row = keep_document(files, &actor.citizen_id, upload, None, Some(a.id.clone())).await?;
        store.insert_document(&row).await?;
        detail = format!("{detail} [{}]", row.original_name).trim().to_string();
    }
    let event = EventRow {
        id: 0,
        application_id: a.id.clone(),
        at: now_text(),
        kind: "info_provided".into(),
        actor: actor.name.clone(),
        on_behalf_of: a.proxy_relation.as_ref().map(|_| a.subject_name.clone()),
        detail,
    };
    if !store.answer_information_request(request_id, &a.id, answer, &event).await? {
        return Err(AppError::Conflict);
    }
    Ok(())
}

/// A staff request for more information (补正); the workbench calls this.
pub async fn request_information(store: &Store, application_id: &str, items: &str, due_date: app::domain::date::Date, staff_name: &str) -> Result<String, AppError> {
    let now = now_text();
    let id = new_id();
    let row = crate::store::InfoRequestRow {
        id: id.clone(),
        application_id: application_id.to_string(),
        items: items.to_string(),
        due_date: due_date.to_string(),
        requested_at: now.clone(),
        requested_by: staff_name.to_string(),
        answered_at: None,
        answer: None,
    };
    let event = EventRow { id: 0, application_id: application_id.into(), at: now, kind: "info_requested".into(), actor: staff_name.into(), on_behalf_of: None, detail: items.into() };
    store.request_information(&row, &event).await?;
    Ok(id)
}

/// The divisions directly under `code` (for the picker, one level at a time); an unknown
/// code is "not found".
pub async fn area_children(store: &Store, code: &str) -> Result<Vec<AreaChoice>, AppError> {
    if store.area(code).await?.is_none() {
        return Err(AppError::NotFound);
    }
    Ok(choices(store.area_children(code).await?))
}

/// A resident found in need by staff (主动发现).
pub struct Proactive<'a> {
    pub name: &'a str,
    pub id_number: &'a str,
    pub phone: &'a str,
    pub community: &'a str,
    pub programme: &'a str,
    pub found: &'a str,
    pub address: &'a str,
    pub consent: bool,
}

/// Registers a case for a resident who did not apply themself: it is routed like any
/// application and enters the same flow; the resident can follow it by signing in with
/// their mobile number. The caller has checked the staff member's role and area.
pub async fn register_proactive(store: &Store, key: &DataKey, staff_name: &str, p: Proactive<'_>) -> Result<String, AppError> {
    let mut errors = Vec::new();
    let mut fail = |field: &str, problem: Problem| errors.push(FieldError { field: field.into(), problem });
    let name = p.name.trim();
    if !(2..=steps::MAX_NAME_CHARS).contains(&name.chars().count()) {
        fail("name", Problem::NameFormat);
    }
    let id = app::domain::identity::IdNumber::parse(p.id_number).map_err(|e| fail("id_number", steps::id_problem(e))).ok();
    let phone = app::domain::identity::Phone::parse(p.phone).map_err(|_| fail("phone", Problem::PhoneFormat)).ok();
    if !steps::APPLY_PROGRAMMES.iter().any(|x| x.code() == p.programme) {
        fail("programme", Problem::Required);
    }
    let found = p.found.trim();
    if found.is_empty() || found.chars().count() > steps::MAX_STORY_CHARS {
        fail("found", if found.is_empty() { Problem::Required } else { Problem::TooLong { max: steps::MAX_STORY_CHARS as i64 } });
    }
    if !p.consent {
        fail("consent", Problem::ConsentRequired);
    }
    let routed = match route(store, p.community.trim(), Lang::ZhCn).await {
        Ok(r) => Some(r),
        Err(AppError::Validation(e)) => {
            errors.extend(e);
            None
        }
        Err(e) => return Err(e),
    };
    let (Some(id), Some(phone), Some((office, office_name)), true) = (id, phone, routed, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let now_ts = chrono::Utc::now().timestamp();
    let citizen = store.citizen_for_phone(&super::sign_in::random_token(16), phone.expose(), now_ts).await?;
    let community = p.community.trim().to_string();
    let mut answers = Answers::default();
    for (k, v) in [
        ("for_whom", "self"),
        ("programme", p.programme),
        ("district", &community[..6]),
        ("subdistrict", &community[..9]),
        ("community", &community),
        ("address", p.address.trim()),
        ("event_story", found),
    ] {
        answers.0.insert(k.to_string(), v.to_string());
    }
    let app_id = new_id();
    let today = today_in_china();
    let params = parameter_set(store).await?;
    let area = app::domain::area::AreaCode::parse(&community).map_err(|_| super::failure("a routed community's code does not parse"))?;
    let accept_days = params.lookup(ParamName::AcceptWithinDays, &area, today).map(|x| x.value).ok_or_else(|| super::failure("no accept_within_days parameter in force"))?;
    let now = now_text();
    let row = ApplicationRow {
        id: app_id.clone(),
        reference: reference(),
        // Not from a draft: a fresh key keeps the column unique.
        draft_id: format!("proactive-{}", new_id()),
        citizen_id: citizen,
        actor_name: staff_name.to_string(),
        subject_name: name.to_string(),
        subject_id_sealed: key.seal(id.expose(), &format!("applications.subject_id:{app_id}")),
        subject_id_masked: id.masked(),
        proxy_relation: Some("community_worker".into()),
        programme: p.programme.to_string(),
        fast_track: false,
        area_code: community,
        office_code: office.code.clone(),
        routing_rule: ROUTING_RULE.to_string(),
        status: "submitted".into(),
        answers_sealed: seal_answers(key, &answers, &format!("applications.answers:{app_id}"))?,
        payment_masked: String::new(),
        pledge_code: String::new(),
        submitted_at: now.clone(),
        accept_by: today.plus_days(accept_days).to_string(),
    };
    let events = [
        EventRow { id: 0, application_id: app_id.clone(), at: now.clone(), kind: "registered".into(), actor: staff_name.into(), on_behalf_of: Some(name.into()), detail: found.into() },
        EventRow { id: 0, application_id: app_id.clone(), at: now, kind: "routed".into(), actor: SYSTEM_ACTOR.into(), on_behalf_of: None, detail: format!("{office_name} ({})", office.code) },
    ];
    store.submit_application(&row, &events).await?;
    Ok(row.reference)
}

/// A document's bytes, with its type and name, for someone already allowed to see it.
pub async fn document_file(store: &Store, files: &dyn FileStore, application_id: &str, document_id: &str) -> Result<(String, String, Vec<u8>), AppError> {
    let doc = store.document_of_application(application_id, document_id).await?.ok_or(AppError::NotFound)?;
    let bytes = files.get(&doc.storage_key).await.map_err(|e| {
        tracing::error!(error = %e, document = %doc.id, "a stored document could not be read");
        AppError::Internal
    })?;
    Ok((doc.content_type, doc.original_name, bytes))
}

/// The owner's own document.
pub async fn own_document(store: &Store, files: &dyn FileStore, citizen_id: &str, reference: &str, document_id: &str) -> Result<(String, String, Vec<u8>), AppError> {
    let a = own(store, citizen_id, reference).await?;
    if store.document_of_application(&a.id, document_id).await?.is_some_and(|d| d.kind == VISIT_PHOTO) {
        return Err(AppError::NotFound);
    }
    document_file(store, files, &a.id, document_id).await
}

/// A photo taken on a home visit: cleaned like any document, kept with the case, shown to
/// staff only.
pub async fn keep_visit_photo(files: &dyn FileStore, citizen_id: &str, application_id: &str, mut upload: Upload) -> Result<DocumentRow, AppError> {
    upload.kind = "other".into();
    let mut row = keep_document(files, citizen_id, upload, None, Some(application_id.to_string())).await?;
    row.kind = VISIT_PHOTO.into();
    Ok(row)
}
