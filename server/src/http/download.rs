//! Sending a kept document back: for its owner's pages, the workbench and the JSON API.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

/// A stored document as a download: its own type, never sniffed, never cached.
pub fn document_response(content_type: String, name: String, bytes: Vec<u8>) -> Response {
    let ascii: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || ".-_".contains(*c)).collect();
    let encoded: String = name.bytes().map(|b| if b.is_ascii_alphanumeric() || b".-_".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect();
    let disposition = format!("inline; filename=\"{}\"; filename*=UTF-8''{encoded}", if ascii.is_empty() { "document".into() } else { ascii });
    let mut r = bytes.into_response();
    if let (Ok(t), Ok(d)) = (HeaderValue::from_str(&content_type), HeaderValue::from_str(&disposition)) {
        r.headers_mut().insert(header::CONTENT_TYPE, t);
        r.headers_mut().insert(header::CONTENT_DISPOSITION, d);
    }
    r
}

/// A printed letter: a PDF to keep, never cached (it may hold a name).
pub fn letter_response(printed: crate::services::letters::Printed) -> Response {
    let mut r = document_response("application/pdf".into(), printed.file_name, printed.bytes);
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}
