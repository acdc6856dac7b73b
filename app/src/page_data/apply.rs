//! What the application's pages are handed: the start page, a step page, and the
//! check-your-answers page's extras.

use serde::{Deserialize, Serialize};

use crate::domain::application::documents::DocumentItem;
use crate::domain::application::steps::{ApplyStep, AreaPicker};
use crate::domain::application::Answers;
use crate::domain::request::FieldError;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyPageData {
    pub signed_in: bool,
    pub identity_recorded: bool,
    /// The verification code of the latest signed pledge, if any.
    pub pledge_code: Option<String>,
    /// A saved draft: the first step still to do (`Review` when all are done).
    pub draft_next: Option<ApplyStep>,
    /// References of applications already submitted from this account.
    pub submitted: Vec<String>,
    /// Arrived from the checker: its answers, to carry into the application.
    pub from_checker: Vec<(String, String)>,
    /// The person has just deleted their draft.
    #[serde(default)]
    pub draft_deleted: bool,
    /// The draft's id, for the page that asks before deleting it.
    #[serde(default)]
    pub draft_id: Option<String>,
}

/// What the check-your-answers page adds: the engine's view and where the case will go.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewData {
    pub verdict: Option<crate::domain::programme::Verdict>,
    pub reasons: Vec<String>,
    pub fast_track_offered: bool,
    pub office_name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepPageData {
    pub step: ApplyStep,
    pub answers: Answers,
    pub errors: Vec<FieldError>,
    /// Came from a change link on the check-your-answers page: go back there after.
    pub from_review: bool,
    pub picker: AreaPicker,
    pub documents: Vec<DocumentItem>,
    pub pledge_code: Option<String>,
    /// When that pledge was signed (UTC), for the check-your-answers page.
    pub pledge_signed_at: Option<String>,
    /// The account holder's real name and masked ID number.
    pub actor_name: String,
    pub actor_id_masked: String,
    pub review: Option<ReviewData>,
    pub draft_id: String,
    /// The document kind a refused upload had chosen, chosen again.
    #[serde(default)]
    pub upload_kind: String,
}
