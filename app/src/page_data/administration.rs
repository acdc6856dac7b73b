//! What the workbench's administration pages show (#17): filled by
//! `services::administration`, rendered by `pages/staff/parameters.rs`.

use serde::{Deserialize, Serialize};

use crate::domain::request::FieldError;

/// One value in force, as the page lists it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParamLine {
    pub code: String,
    pub label: String,
    pub value: String,
    pub from: String,
    /// The area the row was set for (the district, or the province above it).
    pub area: String,
    pub source: String,
    pub demo: bool,
}

/// A proposal and what became of it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalLine {
    pub id: String,
    pub label: String,
    pub value: String,
    pub from: String,
    pub source: String,
    pub status: String,
    /// "Proposed by …, when".
    pub proposed: String,
    /// "Decided by …, when", and the note of a refusal.
    pub decided: Option<String>,
    pub note: Option<String>,
    /// The reader proposed it: they may not decide it.
    pub own: bool,
    pub pending: bool,
}

/// What the proposal form held, shown again when it is refused.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalForm {
    pub name: String,
    pub value: String,
    pub effective_from: String,
    pub source: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParametersData {
    pub area: String,
    pub in_force: Vec<ParamLine>,
    pub pending: Vec<ProposalLine>,
    /// Every parameter: (code, label), for the form's list.
    pub options: Vec<(String, String)>,
    pub form: ProposalForm,
    pub errors: Vec<FieldError>,
    /// What was just done, said at the top.
    pub done: Option<String>,
}

/// One stored row in a parameter's history.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryLine {
    pub value: String,
    pub from: String,
    pub area: String,
    pub source: String,
    /// When it became known and by whom: an approval, or the parameter file.
    pub known: String,
    pub demo: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParameterHistoryData {
    pub title: String,
    pub rows: Vec<HistoryLine>,
    pub proposals: Vec<ProposalLine>,
}

/// One staff account in its administrator's list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountLine {
    pub id: String,
    pub username: String,
    pub full_name: String,
    pub role: String,
    pub area: String,
    pub active: bool,
    pub sessions: i64,
}

/// What the new-account or change form held.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountForm {
    pub username: String,
    pub full_name: String,
    pub phone: String,
    pub role: String,
    pub area_code: String,
    /// A provider worker's provider (its id).
    pub provider: String,
}

/// A one-time setup link, shown once after an account is made or its password reset.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupLink {
    pub name: String,
    pub url: String,
    pub hours: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountsData {
    pub accounts: Vec<AccountLine>,
    /// Every role: (code, name).
    pub roles: Vec<(String, String)>,
    /// The providers a provider worker may belong to: (id, name).
    pub providers: Vec<(String, String)>,
    pub form: AccountForm,
    pub errors: Vec<FieldError>,
    pub link: Option<SetupLink>,
}

/// One open session of an account.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionLine {
    /// The session's hash (never its token): what ending it names.
    pub id: String,
    pub started: String,
    pub seen: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountData {
    pub id: String,
    pub username: String,
    pub full_name: String,
    pub role: String,
    pub area: String,
    pub active: bool,
    pub phone: Option<String>,
    pub roles: Vec<(String, String)>,
    pub form: AccountForm,
    pub sessions: Vec<SessionLine>,
    /// The administrator is looking at their own account: it cannot be deactivated here.
    pub own: bool,
    pub errors: Vec<FieldError>,
    pub done: Option<String>,
    pub link: Option<SetupLink>,
}

/// The page that a setup link opens.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupData {
    pub valid: bool,
    pub username: String,
    pub full_name: String,
    pub errors: Vec<FieldError>,
}

/// One office in the list of an area's offices.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeLine {
    pub code: String,
    pub name: String,
    pub phone: String,
    pub hours: String,
    pub active: bool,
    pub open_cases: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficesData {
    pub offices: Vec<OfficeLine>,
}

/// What the office form held.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeForm {
    pub name: String,
    pub phone: String,
    pub address: String,
    pub hours: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeData {
    pub code: String,
    pub name: String,
    pub active: bool,
    pub open_cases: i64,
    pub form: OfficeForm,
    /// The district's other open offices, which may take this one's cases: (code, name).
    pub targets: Vec<(String, String)>,
    pub errors: Vec<FieldError>,
    pub done: Option<String>,
}

/// One version of the pledge in the list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PledgeTextLine {
    pub id: String,
    pub version: i64,
    pub lang: String,
    pub title: String,
    pub from: String,
    /// The start of its SHA-256, as printed on receipts.
    pub sha256: String,
    /// The one citizens of the district sign today in its language.
    pub in_force: bool,
    /// Set for the district itself (the others are inherited from above).
    pub own: bool,
}

/// What the new-version form held.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PledgeTextForm {
    pub lang: String,
    pub title: String,
    pub body: String,
    pub question: String,
    /// One a line.
    pub options: String,
    /// The right option's number, from 1.
    pub correct: String,
    pub effective_from: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PledgeTextsData {
    pub texts: Vec<PledgeTextLine>,
    pub form: PledgeTextForm,
    pub errors: Vec<FieldError>,
    pub done: Option<String>,
}

/// One version, whole.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PledgeTextView {
    pub id: String,
    pub title: String,
    pub paragraphs: Vec<String>,
    pub question: String,
    pub options: Vec<String>,
    pub correct: i64,
    pub effective_from: String,
    pub sha256: String,
}
