//! 低收入人口动态监测 (POLICY.md §3.4): the register of people an office monitors, the rows
//! other departments send about them, the warning rules those rows are held against, and
//! what an office does with a warning. Pure: the server matches, stores and routes.

pub mod feeds;
pub mod register;
pub mod review;
pub mod rules;
pub mod warnings;

use serde::{Deserialize, Serialize};

use crate::domain::request::{FieldError, Problem};
use crate::domain::text::Note;

/// A note the form must carry (a warning's closing, a review).
pub(crate) fn required_note(text: &str, errors: &mut Vec<FieldError>) -> Option<Note> {
    crate::domain::text::required("note", text, errors)
}
/// A refused row of an import or a department batch: its place (0-based, in the order sent;
/// a file's line is `index + 2`, after the header), the field, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    pub index: usize,
    pub field: String,
    pub problem: Problem,
}

impl RowProblem {
    /// The line of a CSV file with a header row.
    pub fn line(&self) -> usize {
        self.index + 2
    }
}
