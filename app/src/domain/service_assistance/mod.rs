//! 服务类社会救助, "material + service" (POLICY.md §3.3, #15): the catalogue each level offers,
//! a plan per person stacking lines of several levels, and the visits those lines and the
//! visit rules make due. Pure: the server stores, routes and records.

pub mod assessment;
pub mod catalogue;
pub mod plan;
pub mod providers;
pub mod visits;
pub mod agreement;
pub mod record;
pub mod referrals;
pub mod in_kind;
pub mod proxy;
