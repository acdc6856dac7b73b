//! An application for assistance: the answers as typed (a loose map, saved before anything
//! is checked), the form's steps and their rules, the documents it may carry, and what the
//! applicant and staff are shown of it once submitted. Pure: the server supplies what only
//! it knows (area lists, whether a pledge is signed) and persists what these decide.

pub mod answers;
pub mod documents;
pub mod status;
pub mod steps;
pub mod submitted;

pub use answers::Answers;
