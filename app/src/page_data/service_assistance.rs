//! What the service-assistance pages show (#15): filled by `services::service_assistance`,
//! rendered by `pages/staff/service_assistance/`.

use serde::{Deserialize, Serialize};

use crate::domain::request::FieldError;

/// One item of the catalogue as people read it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemLine {
    pub id: String,
    pub name: String,
    /// "望亭镇 · 镇（街道）".
    pub offered_by: String,
    pub category: String,
    /// "每月 4 次".
    pub frequency: String,
    pub programmes: String,
    pub funding: String,
    pub providers: String,
    pub demo: bool,
    pub active: bool,
    /// The reader's own level keeps it.
    pub own: bool,
}

/// What the item form held.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemForm {
    pub name: String,
    pub category: String,
    pub unit: String,
    pub times: String,
    pub per: String,
    pub programmes: Vec<String>,
    pub funding: String,
    pub providers: Vec<String>,
    /// One task per line.
    pub checklist: String,
}

/// The choices an item form offers: (code, label).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemChoices {
    pub categories: Vec<(String, String)>,
    pub programmes: Vec<(String, String)>,
    pub providers: Vec<(String, String)>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueData {
    pub items: Vec<ItemLine>,
    /// The reader keeps their level's items: the form is shown.
    pub may_add: bool,
    /// "新增社区（村）的服务项目".
    pub add_title: String,
    pub may_manage_providers: bool,
    pub choices: ItemChoices,
    pub form: ItemForm,
    pub errors: Vec<FieldError>,
    pub done: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemData {
    pub line: ItemLine,
    pub choices: ItemChoices,
    pub form: ItemForm,
    pub errors: Vec<FieldError>,
    pub done: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderLine {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub contract: String,
    pub active: bool,
    pub may_serve: bool,
    pub suspended_reason: Option<String>,
    pub demo: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderForm {
    pub name: String,
    pub kind: String,
    pub contract_number: String,
    pub contract_start: String,
    pub contract_end: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvidersData {
    pub rows: Vec<ProviderLine>,
    pub form: ProviderForm,
    pub errors: Vec<FieldError>,
    pub done: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderData {
    pub line: ProviderLine,
    pub form: ProviderForm,
    pub reason: String,
    pub errors: Vec<FieldError>,
    pub done: Option<String>,
}

/// What the assessment form held.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentForm {
    pub self_care: String,
    pub living_alone: String,
    pub needs: Vec<String>,
    pub hazards: String,
    pub assessed_on: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentData {
    /// The register person's id; empty when made from a case whose subject is not there yet.
    pub person_id: String,
    /// Made from this case's home visit: the form posts there and leads back there.
    #[serde(default)]
    pub case_reference: Option<String>,
    pub person: String,
    pub id_masked: String,
    pub community: String,
    /// (code, label) of each self-care level, and of each item that reaches the home.
    pub self_care: Vec<(String, String)>,
    pub items: Vec<(String, String)>,
    /// Earlier assessments, oldest first, as one line each.
    pub earlier: Vec<String>,
    pub form: AssessmentForm,
    pub errors: Vec<FieldError>,
}
