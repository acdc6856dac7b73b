//! A submitted application as its applicant and staff see it: the summary, the history of
//! what happened, and the requests for more information (补正).

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationSummary {
    pub reference: String,
    pub programme: String,
    pub status: String,
    pub submitted_at: String,
    pub office_name: String,
    /// Whom it is for, when someone applied on another's behalf: "(name), applied by (actor)".
    pub subject_name: String,
    pub actor_name: String,
    pub proxy: bool,
    pub accept_by: String,
    pub fast_track: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: String,
    pub kind: String,
    pub actor: String,
    pub on_behalf_of: Option<String>,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InfoRequest {
    pub id: String,
    pub items: String,
    pub due_date: String,
    pub answered_at: Option<String>,
    pub answer: Option<String>,
}
