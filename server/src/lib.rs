//! The portal's server process: configuration, persistence, HTTP.

pub mod api;
pub mod config;
pub mod crypto;
pub mod files;
pub mod http;
pub mod pdf;
pub mod router;
pub mod services;
pub mod startup;
pub mod state;
pub mod store;
pub mod telemetry;
pub mod totp;
