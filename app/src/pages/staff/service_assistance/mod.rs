//! 服务类社会救助 (#15): the service catalogue of every level and the district's providers.

mod assessment;
mod catalogue;
mod offline;
mod plan;
mod providers;
mod referrals;
mod supervision;
mod visits;

pub use assessment::AssessmentPage;
pub use catalogue::{CataloguePage, ItemPage};
pub use plan::PlanPage;
pub use providers::{ProviderPage, ProvidersPage};
pub use referrals::{ReferralPage, ReferralsPage};
pub use supervision::SupervisionPage;
pub use visits::{VisitPage, VisitsPage};

pub const STAFF_CATALOGUE: &str = "/staff/services/catalogue";
pub const STAFF_PROVIDERS: &str = "/staff/services/providers";
pub const STAFF_ASSESSMENTS: &str = "/staff/services/assessments";
pub const STAFF_PLANS: &str = "/staff/services/plans";
pub const STAFF_REFERRALS: &str = "/staff/services/referrals";
pub const STAFF_SUPERVISION: &str = "/staff/services/supervision";
/// A worker's visits due: a provider's, or the community's own.
pub const STAFF_VISITS: &str = "/staff/visits";
