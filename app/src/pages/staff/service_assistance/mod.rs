//! 服务类社会救助 (#15): the service catalogue of every level and the district's providers.

mod assessment;
mod catalogue;
mod providers;

pub use assessment::AssessmentPage;
pub use catalogue::{CataloguePage, ItemPage};
pub use providers::{ProviderPage, ProvidersPage};

pub const STAFF_CATALOGUE: &str = "/staff/services/catalogue";
pub const STAFF_PROVIDERS: &str = "/staff/services/providers";
pub const STAFF_ASSESSMENTS: &str = "/staff/services/assessments";
