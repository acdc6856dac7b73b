//! Running the portal without a developer (#17): what district officers and administrators
//! change in the workbench, and the rules that keep those changes safe.

pub mod accounts;
pub mod offices;
pub mod parameters;
pub mod pledge_texts;
