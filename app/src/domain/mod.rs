//! The domain: pure Rust, no I/O and no clock. Compiled into the server and the WASM client.

pub mod administration;
pub mod application;
pub mod area;
pub mod bank;
pub mod case;
pub mod checker;
pub mod date;
pub mod engine;
pub mod funnel;
pub mod household;
pub mod identity;
pub mod instant;
pub mod letter;
pub mod monitoring;
pub mod money;
pub mod notice;
pub mod params;
pub mod personal_data;
pub mod programme;
pub mod request;
pub mod service_assistance;
pub mod staff;
pub mod text;
