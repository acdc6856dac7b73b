//! What the status pages are handed: one application with its history, and the list.

use serde::{Deserialize, Serialize};

use crate::domain::application::documents::DocumentItem;
use crate::domain::application::status::{ApplicationSummary, InfoRequest, TimelineEntry};
use crate::domain::request::FieldError;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusPageData {
    pub application: ApplicationSummary,
    pub timeline: Vec<TimelineEntry>,
    pub requests: Vec<InfoRequest>,
    pub documents: Vec<DocumentItem>,
    pub errors: Vec<FieldError>,
    /// What the person typed in an answer that needs correcting.
    pub answer_text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusListData {
    pub applications: Vec<ApplicationSummary>,
    pub has_draft: bool,
}
