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
    /// Once decided: what, how much, and where it is paid.
    pub decision: Option<StatusDecision>,
    pub errors: Vec<FieldError>,
    /// What the person typed in an answer that needs correcting.
    pub answer_text: String,
    /// The document kind a refused upload had chosen.
    #[serde(default)]
    pub upload_kind: String,
    /// The text messages sent to the person about this application, oldest first.
    #[serde(default)]
    pub messages: Vec<SentMessage>,
    /// "Did it arrive?" for the latest payment, once one was made.
    #[serde(default)]
    pub payment_check: Option<PaymentCheck>,
}

/// The question about the latest payment and the person's answer so far.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentCheck {
    pub payment_id: String,
    /// "2026年12月5日 发放的 1,000 元，您收到了吗？"
    pub question: String,
    /// `domain::case::arrival::Arrival`'s code; none yet.
    pub answer: Option<String>,
    /// UTC.
    pub answered_at: Option<String>,
    /// What they wrote beside it (or typed, when it needs correcting).
    pub note: String,
}

/// One text message as it was sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentMessage {
    /// UTC.
    pub at: String,
    pub text: String,
    /// `pending`, `sent` or `failed`; empty when no longer known.
    pub delivery: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusListData {
    pub applications: Vec<ApplicationSummary>,
    pub has_draft: bool,
}

/// A decision as its applicant is told it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusDecision {
    /// `approved`, `provisional` or `rejected`.
    pub kind: String,
    /// What it pays; none once refused, stopped or cancelled.
    pub amount_fen: Option<i64>,
    /// When it was made (UTC).
    pub decided_at: String,
    /// The account it is paid to, masked; empty when none was given.
    pub account_masked: String,
    /// How it settles with emergency help paid first, in words; empty when none was.
    pub settlement: Vec<String>,
    /// What follows from it (a 容缺 check's outcome, money to return, the right to
    /// challenge it), in words.
    #[serde(default)]
    pub words: Vec<String>,
    /// The credit records written for it, in words.
    #[serde(default)]
    pub credit: Vec<String>,
    /// 实物救助: the value of what it gives in kind, and each item with its delivery.
    #[serde(default)]
    pub in_kind_fen: i64,
    #[serde(default)]
    pub in_kind: Vec<String>,
}
