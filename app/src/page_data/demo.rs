//! What the demonstration (`make run`, `PORTAL_DEMO`) tells a visitor so they can try every
//! role from the pages alone: a banner on every page, the demo resident's phone number on the
//! sign-in page, the demo staff accounts on the workbench's sign-in. Absent in production.

use crate::domain::staff::Role;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Demonstration {
    /// A resident whose applications are already on file (one decided).
    pub citizen_phone: String,
    pub staff: Vec<DemoAccount>,
    /// The one password of every demo staff account.
    pub password: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoAccount {
    pub username: String,
    pub role: Role,
}
