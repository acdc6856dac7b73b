//! What a service hands each screen: filled on the server, rendered by `pages/`. The
//! product's own data (answers, a summary, a timeline entry) lives in `domain/`; these
//! bundle it with what one page needs besides (errors to show, what was typed).

pub mod administration;
pub mod apply;
pub mod demo;
pub mod monitoring;
pub mod service_assistance;
pub mod service_plans;
pub mod staff;
pub mod status;
pub mod verify;
