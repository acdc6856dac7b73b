//! The application use cases, one file each: drafts saved step by step, routing to the
//! office, documents, submitting once, what the applicant sees afterwards, answering a
//! request for more information, and cases registered by staff. The web pages and the JSON
//! API call these.

mod draft;
mod routing;
mod documents;
mod submit;
mod status;
mod information;
pub mod arrival;
mod proactive;

pub use draft::{Draft, first_to_do, draft_id, load_draft, start, StepOutcome, save_step, DraftState, draft_state, step_problems, review_problems, step_page, without_draft, context, picker};
pub use routing::{area_children, communities_within, place_names, route, transfer_targets};
pub use documents::{document_item, documents_of, Upload, add_draft_document, remove_draft_document, document_file, own_document, keep_visit_photo};
pub use submit::{engine_option, assess, SubmitOutcome, submit};
pub use status::{summary, confirmation, list, timeline_of, offices_in, status, info_requests};
pub use information::{answer_request};
pub use proactive::{Proactive, register_proactive, REGISTERED_BY_STAFF};
use draft::{choices, context_with, open_draft};
use routing::{office_name};
use documents::{document_items, doc_error, forget_file, keep_document};
use submit::{review, reference};
use status::{own};

use app::domain::request::{FieldError, Problem};
use app::error::AppError;
use app::domain::application::answers::Answers;
use app::domain::application::submitted::SubmittedApplication;
use rand::Rng;

use crate::crypto::DataKey;
use crate::store::{ApplicationRow, Store};

/// At most this many documents on one draft or one application.
pub const MAX_DOCUMENTS: usize = 20;
/// The routing rule recorded with every application (POLICY.md: by actual residence).
pub const ROUTING_RULE: &str = "residence-subdistrict";
/// The actor recorded for what the portal does by itself.
pub const SYSTEM_ACTOR: &str = "system";

/// The account holder, who acts (for themself or for someone else).
#[derive(Clone)]
pub struct Actor {
    pub citizen_id: String,
    pub name: String,
    pub id_masked: String,
    /// The ID number as stored, sealed; opened only where the full number is needed.
    pub id_sealed: String,
}

/// Without the sealed number: a debug line is no place for it, even sealed.
impl std::fmt::Debug for Actor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Actor").field("citizen_id", &self.citizen_id).field("name", &self.name).field("id_masked", &self.id_masked).finish_non_exhaustive()
    }
}

/// Applying needs the account holder's real name first.
pub async fn actor(store: &Store, citizen_id: &str) -> Result<Actor, AppError> {
    match store.identity(citizen_id).await? {
        Some(r) => Ok(Actor { citizen_id: citizen_id.to_string(), name: r.full_name, id_masked: r.id_number_masked, id_sealed: r.id_number_sealed }),
        None => Err(AppError::Validation(vec![FieldError { field: "identity".into(), problem: Problem::IdentityMissing }])),
    }
}

/// The signed-in account holder behind a session token, read in one statement: none when
/// the session is not live; `Validation(IdentityMissing)` when no real-name details are
/// recorded yet (as `actor`).
pub async fn session_actor(store: &Store, token: &str, now: i64) -> Result<Option<Actor>, AppError> {
    let Some((citizen_id, recorded)) = store.session_identity(&crate::services::sign_in::token_hash(token), now).await? else { return Ok(None) };
    match recorded {
        Some(r) => Ok(Some(Actor { citizen_id, name: r.full_name, id_masked: r.id_number_masked, id_sealed: r.id_number_sealed })),
        None => Err(AppError::Validation(vec![FieldError { field: "identity".into(), problem: Problem::IdentityMissing }])),
    }
}

use crate::services::now_text;

pub(crate) fn new_id() -> String {
    let mut b = [0u8; 16];
    rand::rngs::OsRng.fill(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn seal_answers(key: &DataKey, answers: &Answers, context: &str) -> Result<String, AppError> {
    let json = serde_json::to_string(&answers.0).map_err(|_| crate::services::failure("answers could not be written as JSON"))?;
    Ok(key.seal(&json, context))
}

fn open_answers(key: &DataKey, sealed: &str, context: &str) -> Result<Answers, AppError> {
    let json = key.open(sealed, context).map_err(|_| crate::services::failure("a sealed draft did not open with the configured key"))?;
    serde_json::from_str(&json).map(Answers).map_err(|_| crate::services::failure("a sealed draft opened but is not a map of answers"))
}

fn submitted_context(application_id: &str) -> String {
    format!("applications.answers:{application_id}")
}

/// Seals what was submitted, bound to its application's row.
fn seal_submitted(key: &DataKey, submitted: &SubmittedApplication, application_id: &str) -> String {
    key.seal(&submitted.to_json(), &submitted_context(application_id))
}

/// A submitted application as it was submitted, for staff (the caller has logged the view).
/// Old seals (the bare answers) open through the upgrade, read as of the day they came.
pub fn open_submitted(key: &DataKey, row: &ApplicationRow) -> Result<SubmittedApplication, AppError> {
    let json = key.open(&row.answers_sealed, &submitted_context(&row.id)).map_err(|_| crate::services::failure("a sealed application did not open with the configured key"))?;
    let submitted_on = crate::services::china_date_of(&row.submitted_at).ok_or_else(|| crate::services::failure("an application's submission time does not parse"))?;
    SubmittedApplication::open_json(&json, submitted_on).map_err(|e| {
        tracing::error!(reference = %row.reference, error = %e, "a sealed application opened but does not read");
        AppError::Internal
    })
}
