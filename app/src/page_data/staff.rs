//! What the workbench's screens are handed: sign-in, the queue, one case, registering a
//! case, and the district view.

use serde::{Deserialize, Serialize};

use crate::domain::application::documents::DocumentItem;
use crate::domain::application::submitted::SubmittedApplication;
use crate::domain::area::AreaChoice;
use crate::domain::case::{AppraisalResult, Clock};
use crate::domain::date::Date;
use crate::domain::staff::Action;
use crate::domain::application::status::{ApplicationSummary, InfoRequest, TimelineEntry};
use crate::domain::request::FieldError;
use crate::domain::staff::Role;
use crate::page_data::apply::ReviewData;
use crate::paths;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffSignInData {
    pub username: String,
    pub errors: Vec<FieldError>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueQuery {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub programme: Option<String>,
    #[serde(default, deserialize_with = "flag")]
    pub mine: bool,
    #[serde(default, deserialize_with = "flag")]
    pub overdue: bool,
    /// 容缺 cases whose follow-up check is due within a week (or overdue).
    #[serde(default, deserialize_with = "flag")]
    pub follow_up: bool,
    /// Cases whose applicant said a payment did not arrive.
    #[serde(default, deserialize_with = "flag")]
    pub arrival: bool,
    /// Keyset cursor: `{submitted_at}~{id}` of the last case shown.
    #[serde(default)]
    pub after: Option<String>,
}

/// Check boxes arrive as "true" (or "on"); absent means false.
fn flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    let s = String::deserialize(d)?;
    Ok(matches!(s.as_str(), "true" | "on" | "1"))
}

impl QueueQuery {
    pub fn to_query(&self, after: Option<&str>) -> String {
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        if let Some(s) = self.status.as_deref().filter(|s| !s.is_empty()) {
            pairs.push(("status", s));
        }
        if let Some(p) = self.programme.as_deref().filter(|s| !s.is_empty()) {
            pairs.push(("programme", p));
        }
        if self.mine {
            pairs.push(("mine", "true"));
        }
        if self.overdue {
            pairs.push(("overdue", "true"));
        }
        if self.follow_up {
            pairs.push(("follow_up", "true"));
        }
        if self.arrival {
            pairs.push(("arrival", "true"));
        }
        if let Some(a) = after {
            pairs.push(("after", a));
        }
        paths::with_query(paths::STAFF, pairs)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    pub reference: String,
    pub programme: String,
    pub status: String,
    pub subject_name: String,
    pub submitted_at: String,
    /// The deadline running now; none once the case is done.
    pub clock: Option<QueueClock>,
    pub fast_track: bool,
    /// The applicant said a payment did not arrive (or only in part).
    #[serde(default)]
    pub arrival_problem: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueClock {
    pub kind: Clock,
    /// The date it is due, in China.
    pub due: String,
    /// Days until then (negative when overdue).
    pub days_left: i64,
    pub overdue: bool,
}

impl QueueClock {
    /// The clock as stored on a case (its code and due date), as of `today`; none when either
    /// does not read, rather than a guess.
    pub fn stored(code: Option<&str>, due: Option<&str>, today: Date) -> Option<QueueClock> {
        let kind = Clock::from_code(code?)?;
        let due = Date::parse(due?).ok()?;
        Some(QueueClock { kind, due: due.to_string(), days_left: due.days_since(today), overdue: due < today })
    }
}

/// The status filter's value for every case, done ones included (no value: those in progress).
pub const ALL_STATUSES: &str = "all";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueData {
    pub staff_name: String,
    pub role: Role,
    pub query: QueueQuery,
    pub items: Vec<QueueItem>,
    pub next: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseData {
    pub summary: ApplicationSummary,
    pub subject_id_masked: String,
    /// What was submitted, as it was: the page shows it masked, in the case's own rows.
    pub application: SubmittedApplication,
    /// The names of the district, subdistrict and community it names, in that order.
    pub places: Vec<String>,
    pub pledge_code: String,
    /// When that pledge was signed (UTC).
    pub pledge_signed_at: Option<String>,
    pub assessment: Option<ReviewData>,
    pub timeline: Vec<TimelineEntry>,
    pub requests: Vec<InfoRequest>,
    /// What the applicant sent.
    pub documents: Vec<DocumentItem>,
    /// What staff added (home-visit photos): never listed to the applicant.
    pub staff_documents: Vec<DocumentItem>,
    /// The democratic appraisal's result, once recorded.
    pub appraisal: Option<AppraisalResult>,
    /// The deadline running now.
    pub clock: Option<QueueClock>,
    /// Where a transfer may send the case: the other offices of its district.
    pub transfer_targets: Vec<TransferOffice>,
    pub version: i64,
    pub assigned: bool,
    pub assigned_to_me: bool,
    /// What this staff member may do to the case as it stands: the page offers these only.
    pub actions: Vec<Action>,
    pub follow_up_by: Option<String>,
    pub payments: Vec<PaymentLine>,
    /// The payment form: the month it starts on (empty for a one-off grant) and what that
    /// period may still receive, in words; none before a decision that pays.
    pub next_payment: Option<(String, String)>,
    /// A one-off grant is paid as one sum: the form asks no month.
    pub one_off: bool,
    /// 先行救助: the most it may pay, in yuan, where it is offered.
    pub emergency_ceiling: Option<String>,
    /// 先行救助 paid so far, in yuan (the approval counts it).
    pub paid_first: Option<String>,
    /// How the decision settles with the emergency help paid first, in words.
    pub settlement: Vec<String>,
    /// Yuan to recover after the follow-up check.
    pub recovery: Option<String>,
    /// The credit records written for the case, in words.
    pub credit: Vec<String>,
    pub suggestion: Option<Suggestion>,
    /// The decision made, and its amount in yuan.
    pub decision: Option<(String, Option<String>)>,
    /// 实物救助: each thing the approval gives (id, in words, delivered yet).
    #[serde(default)]
    pub in_kind: Vec<(String, String, bool)>,
    /// The reader records deliveries (those who record payments).
    #[serde(default)]
    pub may_deliver: bool,
    /// 需求评估 made on the case's home visits, one line each, and whether the reader may add one.
    #[serde(default)]
    pub needs_assessments: Vec<String>,
    #[serde(default)]
    pub may_assess: bool,
    pub today: String,
    pub errors: Vec<FieldError>,
    /// After a refused action: its code and what was typed into its form, shown again there.
    pub entered: Option<(String, Vec<(String, String)>)>,
    /// The action just taken, to say it was done.
    #[serde(default)]
    pub done: Option<Action>,
    /// A decided case re-explained: the parameter values of its decision, and today's where
    /// they differ.
    #[serde(default)]
    pub explained: Vec<ExplainLine>,
}

/// One parameter as a decision used it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExplainLine {
    pub label: String,
    pub then: String,
    /// Today's value, only where it differs.
    pub now: Option<String>,
    pub source: String,
}

impl CaseData {
    /// What was typed into `field` of the form for `action`, if that form was just refused.
    pub fn entered(&self, action: &str, field: &str) -> Option<String> {
        let (_, fields) = self.entered.as_ref().filter(|(code, _)| code == action)?;
        fields.iter().rev().find(|(n, _)| n == field).map(|(_, v)| v.clone())
    }
}

/// One payment as staff read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentLine {
    pub paid_on: String,
    /// Yuan.
    pub amount: String,
    /// The month, 一次性 or 先行救助, in words.
    pub period: String,
    /// A correction's reason, in words.
    pub note: Option<String>,
    /// The applicant's answer to "did it arrive?", in words, with what they wrote.
    #[serde(default)]
    pub arrival: Option<String>,
    /// That answer asks the office to look into it.
    #[serde(default)]
    pub arrival_problem: bool,
}

/// An office a case may be transferred to, with its communities.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferOffice {
    pub name: String,
    pub communities: Vec<AreaChoice>,
}

/// The 主动发现 form: what was typed, and its problems.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCaseData {
    pub fields: Vec<(String, String)>,
    pub errors: Vec<FieldError>,
    /// The communities the staff member may register in, by office.
    #[serde(default)]
    pub communities: Vec<TransferOffice>,
}

impl NewCaseData {
    pub fn get(&self, k: &str) -> String {
        self.fields.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default()
    }
}

/// The district view's tables.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistrictData {
    /// Each office's open, overdue and decided cases.
    pub offices: DistrictTable,
    /// Decisions by month, programme and where the cases stand now.
    pub months: DistrictTable,
    /// 容缺 cases and their check.
    pub rongque: DistrictTable,
    /// Payments, corrections and 先行救助 by month paid.
    pub payments: DistrictTable,
    /// Yuan to be recovered across the area.
    pub to_recover: String,
    /// From a first check to money received, by month: counts only.
    #[serde(default)]
    pub funnel: DistrictTable,
    /// Monitoring warnings by month raised and rule (#16).
    #[serde(default)]
    pub warnings: DistrictTable,
}

/// One table of the district view in the reader's language, as shown and as exported.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistrictTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The columns that hold yuan ("1,600"): a spreadsheet gets them without separators.
    pub amount_columns: Vec<usize>,
}

/// The engine's figures beside the decision form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// Temporary aid: the allowed multiples of `per_unit_fen`.
    pub multiple: Option<(i64, i64)>,
    pub per_unit_fen: i64,
    pub min_fen: i64,
    pub max_fen: i64,
}

/// An authenticator to enrol: the key to type, its QR code (SVG), the account it is for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    pub secret: String,
    pub qr_svg: String,
    pub account: String,
}

/// The second factor's pages: enrolment (with its QR code), the recovery codes shown once
/// after it, or the form for a code.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondFactorData {
    pub enrol: Option<Enrolment>,
    pub recovery_codes: Vec<String>,
    pub errors: Vec<FieldError>,
}
