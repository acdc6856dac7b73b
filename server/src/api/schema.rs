//! The shapes the mobile API sends and accepts, as the OpenAPI document describes them.
//! Handlers build these from the services' own types; nothing here decides anything.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An RFC 9457 problem document: every error of the API.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// A stable reference for the kind of problem, e.g. `/problems/validation`.
    #[serde(rename = "type")]
    pub kind: String,
    /// What went wrong, in the request's language.
    pub title: String,
    pub status: u16,
    /// For validation problems: each field and what to change, in the request's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<FieldProblem>>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct FieldProblem {
    /// The field's name (or path, e.g. `members[1].age`).
    pub field: String,
    pub message: String,
}

#[derive(Deserialize, ToSchema)]
pub struct CodeRequest {
    /// A mainland mobile number, 11 digits (spaces and a +86 prefix are also accepted).
    #[schema(example = "13800138000", pattern = "^1[3-9][0-9]{9}$")]
    pub phone: String,
}

#[derive(Serialize, ToSchema)]
pub struct CodeSent {
    /// Send it back with the code to get a token.
    pub challenge_id: String,
    /// Seconds the code stays valid.
    pub expires_in: i64,
    /// Seconds before another code may be sent to this number.
    pub resend_after: i64,
}

#[derive(Deserialize, ToSchema)]
pub struct TokenRequest {
    pub challenge_id: String,
    /// The six digits the SMS carried.
    #[schema(example = "123456", pattern = "^[0-9]{6}$")]
    pub code: String,
}

#[derive(Serialize, ToSchema)]
pub struct TokenIssued {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds the token lives.
    pub expires_in: i64,
    /// When it expires (UTC, RFC 3339).
    pub expires_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct Revoked {
    /// How many tokens were ended.
    pub revoked: u64,
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    /// The account's phone number, masked.
    pub phone_masked: String,
    /// Real-name details, once recorded (needed before applying).
    pub identity: Option<IdentityView>,
    /// The latest signed pledge's verification code.
    pub pledge_code: Option<String>,
    /// The application being written, if any.
    pub draft_id: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct IdentityView {
    pub full_name: String,
    /// Never the full number.
    pub id_masked: String,
}

#[derive(Deserialize, ToSchema)]
pub struct IdentityRequest {
    #[schema(example = "王小明")]
    pub full_name: String,
    /// 18-character resident ID number (the last may be X).
    #[schema(example = "11010519491231002X", pattern = "^[0-9]{17}[0-9X]$")]
    pub id_number: String,
    /// Agreement to the notice on why the number is collected (PIPL): must be `true`.
    pub consent: bool,
}

#[derive(Serialize, ToSchema)]
pub struct PledgeText {
    /// Sign this id: the text the person read.
    pub text_id: String,
    pub area_code: String,
    pub version: i64,
    pub effective_from: String,
    pub title: String,
    pub paragraphs: Vec<String>,
    /// A question on the text; the answer is the option's number (from 1).
    pub question: String,
    pub options: Vec<String>,
    /// SHA-256 of the exact text, recorded with the signature.
    pub sha256: String,
}

#[derive(Deserialize, ToSchema)]
pub struct PledgeSignRequest {
    #[schema(example = "320000-v1-zh-CN")]
    pub text_id: String,
    /// The number of the option chosen (from 1).
    #[schema(example = 1)]
    pub answer: i64,
    /// The signer's name, typed.
    #[schema(example = "王小明")]
    pub signer_name: String,
    /// Whom the signer signs for, when signing on someone's behalf.
    pub on_behalf_of: Option<String>,
    /// A handwritten signature drawn in the app, as a `data:image/png;base64,…` URL;
    /// without it the typed name is the signature.
    pub signature_png: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PledgeSigned {
    /// Quote it to staff to find the signature.
    pub verification_code: String,
    /// `typed` or `drawn`.
    pub signature_kind: String,
    pub signed_at: String,
    pub text_sha256: String,
}

#[derive(Deserialize, ToSchema)]
pub struct DraftStart {
    /// Answers to start from (e.g. the checker's, with the web form's field names).
    #[serde(default)]
    pub answers: Option<BTreeMap<String, String>>,
}

#[derive(Serialize, ToSchema)]
pub struct Draft {
    pub id: String,
    /// Goes up with every save.
    pub version: i64,
    /// The answers so far, by the web form's field names.
    pub answers: BTreeMap<String, String>,
    pub steps: Vec<StepState>,
    /// The first step still to do; `null` when everything is ready to submit.
    pub next_step: Option<String>,
    pub documents: Vec<Document>,
}

#[derive(Serialize, ToSchema)]
pub struct StepState {
    /// `who`, `programme`, `residence`, `household`, `income`, `spending`, `documents`, `payment`, `pledge`.
    pub step: String,
    pub number: u32,
    pub complete: bool,
}

#[derive(Deserialize, ToSchema)]
pub struct StepSave {
    /// This step's fields by the web form's names; fields of other steps are ignored.
    #[schema(example = json!({"pay_holder": "王小明", "pay_bank": "农业银行玄武支行", "pay_account": "6228 4801 2345 6789 012"}))]
    pub fields: BTreeMap<String, String>,
    /// `continue` (the default) checks the step; `add_member` and `remove_member_N` change
    /// the household and only save.
    pub action: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Document {
    pub id: String,
    /// `identity`, `event_proof`, `income_proof`, `medical` or `other`.
    pub kind: String,
    pub name: String,
    pub size_kb: i64,
}

/// What a document shows (the web form's `DOCUMENT_KINDS`).
#[derive(ToSchema)]
#[allow(dead_code, non_camel_case_types)]
pub enum DocumentKind {
    identity,
    event_proof,
    income_proof,
    medical,
    other,
}

/// A step of the application form, as `PUT /api/v1/drafts/{id}/steps/{step}` names it.
#[derive(ToSchema)]
#[allow(dead_code, non_camel_case_types)]
pub enum StepCode {
    who,
    programme,
    residence,
    household,
    income,
    spending,
    documents,
    payment,
    pledge,
}

/// A document upload.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct DocumentUpload {
    #[schema(value_type = DocumentKind)]
    pub kind: String,
    /// JPEG, PNG, WebP or PDF, at most 10 MB. Photos are re-encoded without their metadata.
    #[schema(value_type = String, format = Binary)]
    pub document: Vec<u8>,
}

/// An answer to a request for more information: an explanation, a document, or both.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct InformationAnswer {
    pub answer: Option<String>,
    #[schema(value_type = Option<String>, format = Binary)]
    pub document: Option<Vec<u8>>,
    /// The document's kind, when one is sent (default `other`).
    #[schema(value_type = Option<DocumentKind>)]
    pub kind: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct SubmitRequest {
    pub draft_id: String,
    /// Ask for approval before the economic check returns (容缺审批), where offered.
    #[serde(default)]
    pub fast_track: bool,
}

#[derive(Serialize, ToSchema)]
pub struct Application {
    /// e.g. `SA261130-7KQ2MX`.
    pub reference: String,
    pub programme: String,
    /// `submitted`, `more_info`, `accepted`, `approved`, `rejected`, `provisionally_approved`, `stopped`, `cancelled`, …
    pub status: String,
    pub submitted_at: String,
    /// The subdistrict or town office handling it.
    pub office_name: String,
    pub subject_name: String,
    pub actor_name: String,
    /// Applied for by someone else (代办).
    pub proxy: bool,
    /// The office accepts or asks for more by this date.
    pub accept_by: String,
    pub fast_track: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ApplicationList {
    pub applications: Vec<Application>,
    pub has_draft: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ApplicationStatus {
    pub application: Application,
    /// Everything that happened, oldest first.
    pub timeline: Vec<TimelineEntry>,
    /// Requests for more information (补正).
    pub requests: Vec<InformationRequest>,
    pub documents: Vec<Document>,
    /// Once decided: the decision and what follows from it, in words.
    pub decision: Option<Decision>,
    /// Once a payment was made: "did it arrive?" for the latest one, and the answer so far.
    pub payment_check: Option<PaymentCheck>,
}

/// The question about the latest payment.
#[derive(Serialize, ToSchema)]
pub struct PaymentCheck {
    /// Answer at `PUT /api/v1/applications/{reference}/payments/{payment_id}/arrival`.
    pub payment_id: String,
    /// The question in the caller's language, with the amount and the day it was paid.
    pub question: String,
    /// `received`, `not_received` or `partly`; none yet.
    pub answer: Option<String>,
    pub answered_at: Option<String>,
}

/// The applicant's answer: did the payment arrive?
#[derive(Deserialize, ToSchema)]
pub struct ArrivalAnswer {
    /// `received`, `not_received` (the office looks into it) or `partly` (so does it).
    #[schema(example = "not_received")]
    pub arrival: String,
    /// What they want to add, up to 500 characters.
    pub note: Option<String>,
}

/// A decision as its applicant is told it.
#[derive(Serialize, ToSchema)]
pub struct Decision {
    /// `approved`, `provisional` (容缺, ahead of the economic check) or `rejected`.
    pub kind: String,
    /// The decision's name in the caller's language.
    pub label: String,
    /// What it pays, in fen (monthly, or once for temporary aid); none once refused,
    /// stopped or cancelled.
    pub amount_fen: Option<i64>,
    pub decided_at: String,
    /// How it settles with emergency help paid first.
    pub settlement: Vec<String>,
    /// What follows: a 容缺 check's outcome, money to return and how, the right to
    /// administrative review or to sue.
    pub explanation: Vec<String>,
    /// Credit records written for it.
    pub credit_records: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TimelineEntry {
    pub at: String,
    pub kind: String,
    pub actor: String,
    pub on_behalf_of: Option<String>,
    pub detail: String,
}

#[derive(Serialize, ToSchema)]
pub struct InformationRequest {
    pub id: String,
    pub items: String,
    pub due_date: String,
    pub answered_at: Option<String>,
    pub answer: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AreaList {
    pub areas: Vec<Area>,
}

#[derive(Serialize, ToSchema)]
pub struct Area {
    pub code: String,
    pub name_zh: String,
    pub name_en: Option<String>,
}

/// The checker's question (see ELIGIBILITY_API.md). Money is integer fen.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct CheckRequest {
    /// Evaluation date `YYYY-MM-DD`; default today in China.
    #[schema(format = Date)]
    pub as_of: Option<String>,
    /// Division code of the actual residence (6, 9 or 12 digits).
    #[schema(example = "320104", pattern = "^[0-9]{6}([0-9]{3}([0-9]{3})?)?$")]
    pub area_code: String,
    pub hukou_local: bool,
    #[schema(minimum = 0)]
    pub months_at_residence: i64,
    /// The household living together, applicant first.
    #[schema(min_items = 1)]
    pub members: Vec<CheckMember>,
    #[schema(minimum = 0)]
    pub avg_monthly_income_6m_fen: i64,
    pub assets: Option<CheckAssets>,
    pub rigid_expenses_12m_fen: Option<CheckExpenses>,
    pub sudden_event: Option<CheckEvent>,
    pub receiving_at_hukou: Option<Vec<String>>,
    pub will_sign_pledge: Option<bool>,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct CheckMember {
    /// `self`, `spouse`, `child`, `parent`, `grandchild`, `grandparent`, `sibling`, `other`.
    pub relation: String,
    #[schema(minimum = 0, maximum = 130)]
    pub age: i64,
    pub disabled: bool,
    pub serious_illness: bool,
    pub able_to_work: bool,
    #[schema(minimum = 0)]
    pub monthly_income_fen: i64,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct CheckAssets {
    #[schema(minimum = 0)]
    pub savings_fen: i64,
    pub extra_housing: bool,
    pub vehicle: bool,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct CheckExpenses {
    #[schema(minimum = 0)]
    pub medical: i64,
    #[schema(minimum = 0)]
    pub education: i64,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct CheckEvent {
    /// `serious_illness`, `fire`, `traffic_accident`, `natural_disaster`, `other_accident`.
    pub kind: String,
    #[schema(format = Date)]
    pub date: String,
    #[schema(minimum = 0)]
    pub loss_fen: i64,
    pub casualties: bool,
}

#[derive(Serialize, ToSchema)]
pub struct CheckResponse {
    pub as_of: String,
    pub area: CheckArea,
    /// One entry for every programme, best first.
    pub options: Vec<CheckOption>,
}

#[derive(Serialize, ToSchema)]
pub struct CheckArea {
    pub code: String,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct CheckOption {
    pub programme: String,
    /// `likely`, `possible` or `unlikely`.
    pub verdict: String,
    pub amount_fen: Option<CheckAmount>,
    /// `rongque`, `first_aid` or null.
    pub fast_track: Option<String>,
    pub reasons: Vec<CheckReason>,
    pub what_would_change: Vec<String>,
    pub next_steps: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CheckAmount {
    pub min: i64,
    pub max: i64,
    /// `month` or `once`.
    pub period: String,
}

#[derive(Serialize, ToSchema)]
pub struct CheckReason {
    pub rule: String,
    pub text: String,
    pub parameters: Vec<CheckParameter>,
}

#[derive(Serialize, ToSchema)]
pub struct CheckParameter {
    pub name: String,
    pub value: i64,
    pub area_code: String,
    pub effective_from: String,
    pub source: String,
    pub demo: bool,
}

/// Everything the portal holds about the signed-in account (PIPL art. 45): the same document
/// as the download on `/account/data`. The parts are described on that page.
#[derive(Serialize, ToSchema)]
pub struct PersonalDataDocument {
    /// When this copy was made (UTC).
    pub made_at: String,
    /// The account's mobile number and the language it is texted in.
    #[schema(value_type = Object)]
    pub account: serde_json::Value,
    /// The real-name record, the ID number in full; null before one is recorded.
    #[schema(value_type = Option<Object>)]
    pub identity: serde_json::Value,
    #[schema(value_type = Vec<Object>)]
    pub pledges: serde_json::Value,
    /// The draft not yet sent, with its answers and documents; null when there is none.
    #[schema(value_type = Option<Object>)]
    pub draft: serde_json::Value,
    /// Each application sent: what was submitted, its history, requests, documents,
    /// payments and the texts sent about it.
    #[schema(value_type = Vec<Object>)]
    pub applications: serde_json::Value,
}

/// One batch of a department's rows (`id_number` and the department's own fields).
#[derive(Deserialize, ToSchema)]
pub struct FeedBatch {
    /// The department's id of the batch: sending it again changes nothing.
    pub batch_id: String,
    /// At most 100,000 objects. Medical insurance: `out_of_pocket_fen`, `period_start`,
    /// `period_end`, `inpatient`; human resources: `registered_on`, `only_earner`; disabled
    /// persons: `grade` (1–4), `certified_on`; emergency management: `loss_fen`,
    /// `occurred_on`; public security: `died_on`; education: `aid_fen`, `granted_on`.
    #[schema(value_type = Vec<Object>)]
    pub rows: Vec<serde_json::Value>,
}

/// What became of a batch.
#[derive(Serialize, ToSchema)]
pub struct FeedBatchReport {
    pub source: String,
    pub batch_id: String,
    pub received: i64,
    /// Rows about people in the register.
    pub matched: i64,
    /// Rows about anyone else (kept only for the retention period, then deleted).
    pub unmatched: i64,
    pub rejected: i64,
    pub warnings_raised: i64,
    /// Received before with the same rows: nothing changed now.
    pub seen_before: bool,
    pub rejected_rows: Vec<FeedRejectedRow>,
}

/// A refused row: its index in `rows`, the field and why.
#[derive(Serialize, ToSchema)]
pub struct FeedRejectedRow {
    pub index: i64,
    pub field: String,
    pub message: String,
}

/// One visit: what the worker at the door (or the resident) needs of it.
#[derive(Serialize, ToSchema)]
pub struct ServiceVisit {
    pub id: String,
    /// The day it is due (Beijing).
    pub due_on: String,
    pub overdue: bool,
    pub done: bool,
    /// The service, or the caring-visit rule.
    pub what: String,
    pub provider: String,
    pub person: String,
    pub address: String,
    /// For the provider's worker only; empty for the resident.
    pub phone: String,
    pub access_notes: String,
    /// Once recorded: times, how the person confirmed, satisfaction.
    pub record: String,
    pub rating: Option<i64>,
    /// The resident said it did not happen (没有来).
    pub disputed: bool,
}

impl From<&app::page_data::service_plans::VisitLine> for ServiceVisit {
    fn from(v: &app::page_data::service_plans::VisitLine) -> ServiceVisit {
        ServiceVisit {
            id: v.id.clone(),
            due_on: v.due_on.clone(),
            overdue: v.overdue,
            done: v.done,
            what: v.what.clone(),
            provider: v.provider.clone(),
            person: v.person.clone(),
            address: v.address.clone(),
            phone: v.phone.clone(),
            access_notes: v.access_notes.clone(),
            record: v.record.clone(),
            rating: v.rating,
            disputed: v.disputed,
        }
    }
}

/// A provider worker's visits: today's or the overdue ones.
#[derive(Serialize, ToSchema)]
pub struct ProviderVisits {
    /// `today`, `overdue` or `upcoming`.
    pub due: String,
    pub today_count: usize,
    pub overdue_count: usize,
    pub upcoming_count: usize,
    pub visits: Vec<ServiceVisit>,
}

/// A visit record as the worker's phone sends it; times are when it really happened (sent
/// later when the phone had no signal). With photos it is sent as `multipart/form-data`
/// instead: these fields as text parts (`done` repeated) and up to four `photo` parts
/// (JPEG, PNG or WebP; location and camera details are removed).
#[derive(Deserialize, ToSchema)]
pub struct VisitRecordRequest {
    pub visit_id: String,
    /// `2026-12-06T09:30` on a clock in Beijing, or a UTC moment ending in `Z`.
    pub started_at: String,
    pub ended_at: String,
    /// Checklist lines done.
    #[serde(default)]
    pub done: Vec<String>,
    #[serde(default)]
    pub notes: String,
    /// `code`, `signature` or `none`.
    pub confirmation: String,
    /// With `code`: the six digits the person read out.
    #[serde(default)]
    pub code: String,
    /// With `signature`: a PNG data URL.
    #[serde(default)]
    pub signature_png: String,
    /// With `none`: why the person could not confirm.
    #[serde(default)]
    pub unconfirmed_reason: String,
    /// 1–5 (may be empty with `none`).
    #[serde(default)]
    pub satisfaction: String,
    /// Required when the visit is after its day.
    #[serde(default)]
    pub late_reason: String,
    /// 转介: `case`, `repair` or `plan_change` (empty: none), with what was noticed.
    #[serde(default)]
    pub referral_kind: String,
    #[serde(default)]
    pub referral_note: String,
}

#[derive(Serialize, ToSchema)]
pub struct VisitRecorded {
    pub visit_id: String,
    pub status: String,
}

#[derive(Serialize, ToSchema)]
pub struct ServicePlanLine {
    pub id: String,
    pub item: String,
    pub provider: String,
    pub frequency: String,
    pub period: String,
    pub running: bool,
}

/// The resident's service plan and visits, and those of each person they applied for as a
/// proxy (代办).
#[derive(Serialize, ToSchema)]
pub struct ServicePlan {
    /// "合计每月约 13 次，每隔一天一次" (empty without a plan).
    pub rhythm: String,
    pub review_on: String,
    pub agreed: bool,
    pub lines: Vec<ServicePlanLine>,
    pub visits: Vec<ServiceVisit>,
    /// The people the resident applied for as a proxy, each with their plan and visits.
    pub represented: Vec<RepresentedPlan>,
}

/// A represented person's plan and visits.
#[derive(Serialize, ToSchema)]
pub struct RepresentedPlan {
    pub name: String,
    pub rhythm: String,
    pub review_on: String,
    pub agreed: bool,
    pub lines: Vec<ServicePlanLine>,
    pub visits: Vec<ServiceVisit>,
}

#[derive(Deserialize, ToSchema)]
pub struct VisitRatingRequest {
    /// 1 to 5.
    pub stars: i64,
}

#[derive(Deserialize, ToSchema)]
pub struct VisitNotCameRequest {
    /// What happened (may be empty).
    #[serde(default)]
    pub note: String,
}
