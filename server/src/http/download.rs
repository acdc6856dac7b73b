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

/// A document of the person's own data as a JSON file to keep, never cached.
pub fn json_download<T: serde::Serialize>(value: &T, file_name: &str) -> Response {
    match serde_json::to_vec_pretty(value) {
        Ok(bytes) => {
            let mut r = bytes.into_response();
            r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
            if let Ok(d) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
                r.headers_mut().insert(header::CONTENT_DISPOSITION, d);
            }
            r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            r
        }
        Err(_) => axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
