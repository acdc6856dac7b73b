//! Supporting documents: the kinds an applicant may send, and a kept document as listed.

use serde::{Deserialize, Serialize};

/// A supporting document as listed to its owner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentItem {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub size_kb: i64,
}

pub const DOCUMENT_KINDS: [&str; 5] = ["identity", "event_proof", "income_proof", "medical", "other"];

/// The kind of a photo taken on a home visit: staff evidence, never listed to the applicant.
pub const VISIT_PHOTO: &str = "visit_photo";
