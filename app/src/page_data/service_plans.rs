//! What the plan, visit and supervision pages show (#15 items 4–6, 9, 10): filled by
//! `services::service_assistance`, rendered by `pages/staff/service_assistance/` and the
//! status pages.

use serde::{Deserialize, Serialize};

use crate::domain::request::FieldError;
use crate::domain::service_assistance::record::RecordFields;

/// One line of a plan as people read it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanLineView {
    pub id: String,
    /// "暖心洁家 · 望亭镇".
    pub item: String,
    pub provider: String,
    /// "每月 4 次".
    pub frequency: String,
    /// "2026-12-06 起" or "2026-12-06 至 2027-05-31".
    pub period: String,
    pub running: bool,
}

/// A visit as a list shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitLine {
    pub id: String,
    pub due_on: String,
    pub overdue: bool,
    pub done: bool,
    /// The item's name, or the visit rule's.
    pub what: String,
    pub provider: String,
    pub person: String,
    pub address: String,
    /// The whole number for the worker at the door; empty elsewhere.
    pub phone: String,
    pub access_notes: String,
    /// "2026-12-06 09:00–10:30 · 短信确认码 · 5 星" once recorded.
    pub record: String,
    pub late_reason: String,
    pub rating: Option<i64>,
    pub disputed: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineForm {
    /// `item|provider`.
    pub choice: String,
    /// Empty: the item's own frequency.
    pub times: String,
    pub per: String,
    pub start: String,
    pub end: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanDetailsForm {
    pub review_on: String,
    pub access_notes: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementForm {
    pub how: String,
    pub agreed_by: String,
    pub witness: String,
    pub code: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanData {
    pub person_id: String,
    pub person: String,
    pub id_masked: String,
    pub community: String,
    /// The latest assessment in one line, and the items it found needed.
    pub assessment: Option<String>,
    pub needs: Vec<String>,
    pub lines: Vec<PlanLineView>,
    /// "合计每月约 17 次，每隔一天一次".
    pub rhythm: String,
    /// (`item|provider`, "暖心洁家 · 望亭镇 — 望亭镇暖心家政服务社 · 每月 4 次").
    pub choices: Vec<(String, String)>,
    pub review_on: String,
    pub access_notes: String,
    /// "王秀英 · 短信确认码 · 12月6日 10:00", once agreed.
    pub agreement: Option<String>,
    pub code_sent: bool,
    pub has_phone: bool,
    pub visits: Vec<VisitLine>,
    pub line_form: LineForm,
    pub details_form: PlanDetailsForm,
    pub agree_form: AgreementForm,
    pub errors: Vec<FieldError>,
    pub done: Option<String>,
}

/// A worker's list: today's visits, overdue ones, or those of the coming week.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitsData {
    /// "today" or "overdue".
    pub due: String,
    pub provider: String,
    pub visits: Vec<VisitLine>,
    pub today_count: usize,
    pub overdue_count: usize,
    pub upcoming_count: usize,
    /// A new app token, shown once right after it is made.
    pub app_token: Option<String>,
    pub done: Option<String>,
}

/// One visit to record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitData {
    pub line: VisitLine,
    pub checklist: Vec<String>,
    pub form: RecordFields,
    /// The record's idempotency key: a retry of this form makes one visit.
    pub key: String,
    pub code_sent: bool,
    pub has_phone: bool,
    pub errors: Vec<FieldError>,
    pub done: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderMonthLine {
    pub provider: String,
    pub month: String,
    pub due: i64,
    pub delivered: i64,
    /// Delivered of due, in percent.
    pub completion: i64,
    pub confirmed: i64,
    /// "4.5" or "—".
    pub satisfaction: String,
    pub disputed: i64,
    pub overdue: i64,
    /// Completion under the area's `provider_completion_percent`.
    pub flagged: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelMonthLine {
    pub level: String,
    pub month: String,
    pub items: i64,
    pub people: i64,
    pub person_times: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupervisionData {
    pub area: String,
    pub providers: Vec<ProviderMonthLine>,
    pub levels: Vec<LevelMonthLine>,
    pub overdue: Vec<VisitLine>,
}

/// One person's plan and visits, as the resident (or their proxy) sees them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonServices {
    pub name: String,
    /// The signed-in resident's own; else someone they applied for as a proxy.
    pub own: bool,
    pub lines: Vec<PlanLineView>,
    pub rhythm: String,
    pub review_on: String,
    pub agreed: bool,
    pub visits: Vec<VisitLine>,
}

/// The services of the resident and of those they applied for (also `GET /api/v1/services/plan`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyServicesData {
    /// The resident first, then each person they represent.
    pub people: Vec<PersonServices>,
    #[serde(skip)]
    pub errors: Vec<FieldError>,
    #[serde(skip)]
    pub done: Option<String>,
}

/// One referral as the community's queue shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralLine {
    pub id: String,
    pub kind: String,
    pub status: String,
    pub open: bool,
    pub person: String,
    pub address: String,
    pub note: String,
    /// "2026-12-06 · 互助队员": the visit's day and who noticed.
    pub noticed: String,
    /// How it ended: the case's reference, the repair's cost, the note.
    pub outcome: String,
    pub case_reference: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralsData {
    pub lines: Vec<ReferralLine>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralForm {
    pub programme: String,
    pub consent: bool,
    pub note: String,
    /// A repair's cost in yuan, as typed.
    pub cost: String,
}

/// One referral and what may be done with it now.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralData {
    pub line: ReferralLine,
    pub person_id: String,
    /// `case`, `repair`, `plan_change`; `open`, `approved`, `done`, `declined`.
    pub kind_code: String,
    pub status_code: String,
    pub may_approve: bool,
    pub programmes: Vec<(String, String)>,
    /// A repair's photos: (id, stage code, "改造前 · 2026-12-06 10:20").
    #[serde(default)]
    pub photos: Vec<(String, String, String)>,
    pub form: ReferralForm,
    pub errors: Vec<FieldError>,
    pub done: Option<String>,
}
