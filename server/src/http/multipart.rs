//! Reading a multipart form (a document with the fields around it), for the web pages and
//! the JSON API alike; each says in its own way what went wrong.

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::StatusCode;

use crate::services::application::Upload;
use crate::state::AppState;

/// A text field longer than this is dropped; every field the services take is far shorter,
/// so a long one still reaches them and they name the limit.
const TEXT_FIELD_LIMIT_BYTES: usize = 16 * 1024;
/// A drawn signature travels as a PNG data URL, which is bigger.
const SIGNATURE_FIELD_LIMIT_BYTES: usize = 400 * 1024;

/// The text fields, at most one file (the field `document`), and pictures: a visit's
/// `photo`s, a repair's `before` and `after`.
#[derive(Default)]
pub(crate) struct Form {
    pub(crate) text: Vec<(String, String)>,
    pub(crate) file: Option<(String, Vec<u8>)>,
    /// Pictures: (field, bytes).
    pub(crate) pictures: Vec<(String, Vec<u8>)>,
    /// The body was cut off or over the limit: the file is the only thing that big, so the
    /// text fields read before it are kept and the file is not.
    pub(crate) too_large: bool,
}

impl Form {
    pub(crate) fn get(&self, key: &str) -> String {
        self.text.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    /// The file as an upload of the kind the form names.
    pub(crate) fn upload(&mut self) -> Option<Upload> {
        let kind = self.get("kind");
        self.file.take().map(|(file_name, bytes)| Upload { kind, file_name, bytes })
    }
}

/// A page's multipart post: a body that is not multipart reads as an empty form, and one
/// cut off says so (`too_large`) with the text read before it, for the page to re-render.
pub(crate) async fn read_page_form(request: Request, state: &AppState) -> Form {
    let Ok(multipart) = Multipart::from_request(request, state).await else { return Form::default() };
    match read_fields(multipart).await {
        Ok(f) => f,
        Err((f, _)) => Form { file: None, pictures: Vec::new(), too_large: true, ..f },
    }
}

/// Reads every field. A body over the limit or cut off stops the reading: the error says
/// which (413 or 400) and keeps what was read before it, so nothing typed is lost.
pub(crate) async fn read_fields(mut multipart: Multipart) -> Result<Form, (Form, StatusCode)> {
    let mut form = Form::default();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Ok(form),
            Err(e) => return Err((form, e.status())),
        };
        let name = field.name().unwrap_or("").to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = match field.bytes().await {
            Ok(b) => b,
            Err(e) => return Err((form, e.status())),
        };
        match (name.as_str(), file_name) {
            // An empty file input sends a nameless, empty part: no document.
            ("document", Some(file_name)) if !(bytes.is_empty() && file_name.is_empty()) => form.file = Some((file_name, bytes.to_vec())),
            ("document", None) if !bytes.is_empty() => form.file = Some((name.clone(), bytes.to_vec())),
            ("document", _) => {}
            // A visit's photos, as many as were chosen (the service says how many it takes).
            ("photo", _) if !bytes.is_empty() => form.pictures.push((name.clone(), bytes.to_vec())),
            ("photo", _) => {}
            ("before" | "after", _) if !bytes.is_empty() => {
                form.pictures.retain(|(n, _)| *n != name);
                form.pictures.push((name.clone(), bytes.to_vec()));
            }
            ("before" | "after", _) => {}
            // Control characters cannot be typed and PostgreSQL refuses NUL: they are dropped
            // here (urlencoded forms and JSON bodies with one are refused whole).
            _ if bytes.len() <= TEXT_FIELD_LIMIT_BYTES || (name == "signature_png" && bytes.len() <= SIGNATURE_FIELD_LIMIT_BYTES) => {
                let typed = |s: &str| s.chars().filter(|c| !app::domain::text::is_forbidden(*c)).collect::<String>();
                form.text.push((typed(&name), typed(&String::from_utf8_lossy(&bytes))))
            }
            _ => {}
        }
    }
}
