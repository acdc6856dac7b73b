//! The domain: pure Rust, no I/O and no clock. Compiled into the server and the WASM client.

pub mod area;
