//! What the monitoring pages show (#16): filled by `services::monitoring`, rendered by
//! `pages/staff/monitoring/`. Texts arrive in the reader's language; the pages decide nothing.

use serde::{Deserialize, Serialize};

use crate::domain::request::FieldError;

/// One warning as a queue lists it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningLine {
    pub id: String,
    pub urgent: bool,
    pub priority: String,
    pub person: String,
    pub id_masked: String,
    pub tier: String,
    pub rule: String,
    /// "8,200 元（超过 6,000 元）", or empty for an event.
    pub figure: String,
    pub raised: String,
    pub due: String,
    pub overdue: bool,
    pub assignee: Option<String>,
    pub outcome: Option<String>,
}

/// Which warnings the queue shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum WarningsView {
    #[default]
    Open,
    Overdue,
    Mine,
    Closed,
    /// 定期复核 due in the office.
    Reviews,
}

impl WarningsView {
    pub const ALL: [WarningsView; 5] = [WarningsView::Open, WarningsView::Overdue, WarningsView::Mine, WarningsView::Closed, WarningsView::Reviews];

    pub const fn code(self) -> &'static str {
        match self {
            WarningsView::Open => "open",
            WarningsView::Overdue => "overdue",
            WarningsView::Mine => "mine",
            WarningsView::Closed => "closed",
            WarningsView::Reviews => "reviews",
        }
    }

    pub fn from_code(code: &str) -> Option<WarningsView> {
        WarningsView::ALL.into_iter().find(|v| v.code() == code)
    }
}

/// A dibao or tekun recipient whose periodic review is due (or near).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewLine {
    pub person_id: String,
    pub person: String,
    pub id_masked: String,
    pub tier: String,
    pub due: String,
    pub overdue: bool,
    /// The proposal waiting for an approver, if any.
    pub waiting: Option<String>,
}

/// What the review form held, shown again when it is refused.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewForm {
    pub outcome: String,
    pub amount: String,
    pub note: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewData {
    pub line: ReviewLine,
    pub community: String,
    pub last_review: Option<String>,
    pub amount: Option<String>,
    pub pending_id: Option<String>,
    pub pending: Option<String>,
    pub own_proposal: bool,
    pub may_propose: bool,
    pub may_decide: bool,
    pub outcomes: Vec<(String, String)>,
    pub history: Vec<String>,
    pub form: ReviewForm,
    pub return_note: String,
    pub errors: Vec<FieldError>,
    pub done: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningsData {
    pub view: WarningsView,
    pub rows: Vec<WarningLine>,
    /// The periodic reviews due (the "reviews" view).
    pub reviews: Vec<ReviewLine>,
    /// The reader may import the register and upload department rows.
    pub may_manage: bool,
}

/// What the closing form held, shown again when it is refused.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosingForm {
    pub outcome: String,
    pub note: String,
    pub phone: String,
    pub programme: String,
    pub consent: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningData {
    pub line: WarningLine,
    pub version: i64,
    pub open: bool,
    pub person_id: String,
    pub source: String,
    pub signal_day: String,
    pub threshold_note: String,
    pub address: String,
    pub community: String,
    pub office: String,
    pub phone_known: bool,
    /// The person's programmes now: the register's tier and applications under way.
    pub programmes: Vec<String>,
    pub may_handle: bool,
    pub assigned_to_me: bool,
    /// (code, label) of each outcome, and of each programme a case may be registered for.
    pub outcomes: Vec<(String, String)>,
    pub programme_choices: Vec<(String, String)>,
    pub form: ClosingForm,
    pub errors: Vec<FieldError>,
    pub done: Option<String>,
    pub note: Option<String>,
    pub closed: Option<String>,
    pub case_reference: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterLine {
    pub id: String,
    pub name: String,
    pub id_masked: String,
    pub tier: String,
    pub since: String,
    pub source: String,
    pub community: String,
}

/// A refused line of an uploaded file, as people read it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineProblem {
    pub line: usize,
    pub field: String,
    pub text: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterData {
    pub rows: Vec<RegisterLine>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub tier: String,
    pub tiers: Vec<(String, String)>,
    pub may_manage: bool,
    /// The file's problems: nothing was imported.
    pub problems: Vec<LineProblem>,
    pub errors: Vec<FieldError>,
    pub done: Option<String>,
}

/// What became of a department's batch, as people read it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchSummary {
    pub source: String,
    pub batch_id: String,
    pub received: i64,
    pub matched: i64,
    pub unmatched: i64,
    pub rejected: i64,
    pub warnings: i64,
    pub seen_before: bool,
    pub problems: Vec<LineProblem>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedUploadData {
    pub sources: Vec<(String, String, String)>,
    pub source: String,
    pub batch_id: String,
    pub errors: Vec<FieldError>,
    pub summary: Option<BatchSummary>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainEntry {
    pub when: String,
    pub what: String,
    pub detail: String,
    /// Where the entry's own page is (a case, a warning).
    pub link: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdData {
    pub name: String,
    pub id_masked: String,
    pub tier: String,
    pub since: String,
    pub source: String,
    pub community: String,
    pub entries: Vec<ChainEntry>,
    pub person_id: String,
    /// The reader assesses needs and makes plans (links to both).
    pub may_plan: bool,
}
