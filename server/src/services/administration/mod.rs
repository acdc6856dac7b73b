//! Running the portal without a developer (#17): what district officers and administrators
//! change in the workbench. Each use case checks the role and area itself.

pub mod accounts;
pub mod offices;
pub mod parameters;
pub mod pledge_texts;
