//! What `/verify` shows: what was typed and, once a code was looked up, the answer.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyData {
    /// As typed, kept when it is not a code.
    pub typed: String,
    /// The typed text is not a code's shape.
    pub malformed: bool,
    pub answer: Option<VerifyAnswer>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum VerifyAnswer {
    /// No letter has this code (grouped as printed).
    NotIssued { code: String },
    /// A letter with this code was issued about this day (YYYY-MM-DD).
    Issued { code: String, day: String },
}
