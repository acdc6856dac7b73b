//! A visit recorded with no signal at all (#15 item 6). Where WASM runs, a record posted while
//! the phone is offline is kept on the phone (localStorage: the fields, the idempotency key,
//! the real times typed, and photos up to `OFFLINE_PHOTO_MAX_BYTES` in all), and sent by itself as
//! soon as the signal returns; the page says what waits. The server keeps each record once
//! by its key, so a record sent twice is still one visit. Without WASM the form posts as usual.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// localStorage holds about 5 MB a site: a record's photos, at most this big together, are
/// kept offline (the first ones that fit; the page says when some were left out).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub const OFFLINE_PHOTO_MAX_BYTES: f64 = 2.0 * 1024.0 * 1024.0;
#[cfg(feature = "hydrate")]
const QUEUE_KEY: &str = "portal.visits.waiting";

/// One record waiting to be sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub struct Waiting {
    /// Where it posts: `/staff/visits/{id}`.
    pub action: String,
    pub fields: Vec<(String, String)>,
    /// Each photo's type and its bytes as base64.
    #[serde(default)]
    pub photos: Vec<(String, String)>,
    /// One photo, as records kept before several were allowed still hold it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<(String, String)>,
    /// The server refused it (a problem to mend): it goes back into its form when opened.
    #[serde(default)]
    pub refused: bool,
}

/// The texts the island shows (it carries no catalogue): `waiting` has `{n}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfflineTexts {
    pub saved: String,
    pub waiting: String,
    pub sent: String,
    pub refused: String,
    /// Kept without its photo, which was over the size the phone keeps.
    pub saved_without_photo: String,
}

// In a browser bundle only with its feature (see components::islands).
#[cfg_attr(any(feature = "ssr", feature = "island-offline-visits"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "island-offline-visits")), component)]
pub fn OfflineVisits(texts: OfflineTexts) -> impl IntoView {
    crate::components::islands::rendered(crate::components::islands::Island::OfflineVisits);
    let waiting = RwSignal::new(0usize);
    let said = RwSignal::new(String::new());
    let root = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    {
        let texts = texts.clone();
        Effect::new(move |_| live::start(texts.clone(), waiting, said));
    }
    let waiting_text = texts.waiting.clone();
    view! {
        <div node_ref=root id="offline-queue" role="status" aria-live="polite" data-waiting=move || waiting.get().to_string()>
            {move || (!said.get().is_empty()).then(|| view! { <p class="notice">{said.get()}</p> })}
            {move || (waiting.get() > 0).then(|| view! { <p class="tag tag-warning" id="waiting">{waiting_text.replace("{n}", &waiting.get().to_string())}</p> })}
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod live {
    use leptos::prelude::*;
    use leptos::wasm_bindgen::{closure::Closure, JsCast, JsValue};

    use super::{OfflineTexts, Waiting, OFFLINE_PHOTO_MAX_BYTES, QUEUE_KEY};

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    pub fn queue() -> Vec<Waiting> {
        storage().and_then(|s| s.get_item(QUEUE_KEY).ok()?).and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default()
    }

    fn keep(q: &[Waiting]) -> bool {
        let Some(s) = storage() else { return false };
        if q.is_empty() {
            return s.remove_item(QUEUE_KEY).is_ok();
        }
        serde_json::to_string(q).is_ok_and(|text| s.set_item(QUEUE_KEY, &text).is_ok())
    }

    fn online() -> bool {
        web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true)
    }

    /// Bytes as a "binary string" for btoa/atob (one char per byte).
    fn to_base64(bytes: &[u8]) -> Option<String> {
        let binary: String = bytes.iter().map(|&b| char::from(b)).collect();
        web_sys::window()?.btoa(&binary).ok()
    }

    fn from_base64(text: &str) -> Option<Vec<u8>> {
        let binary = web_sys::window()?.atob(text).ok()?;
        Some(binary.chars().map(|c| c as u32 as u8).collect())
    }

    /// The form's fields and photo, as the post would have sent them, and whether a photo was
    /// left out for its size.
    async fn read_form(form: &web_sys::HtmlFormElement) -> Option<(Waiting, bool)> {
        let data = web_sys::FormData::new_with_form(form).ok()?;
        let mut fields = Vec::new();
        let mut photos = Vec::new();
        let mut kept_bytes = 0.0;
        let mut too_big = false;
        for entry in js_sys::try_iter(&data).ok()??.flatten() {
            let pair: js_sys::Array = entry.dyn_into().ok()?;
            let name = pair.get(0).as_string()?;
            let value = pair.get(1);
            match value.as_string() {
                Some(text) => fields.push((name, text)),
                None => {
                    let file: web_sys::File = value.dyn_into().ok()?;
                    if file.size() == 0.0 {
                        continue;
                    }
                    if kept_bytes + file.size() > OFFLINE_PHOTO_MAX_BYTES {
                        too_big = true;
                        continue;
                    }
                    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await.ok()?;
                    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                    kept_bytes += file.size();
                    photos.push((file.type_(), to_base64(&bytes)?));
                }
            }
        }
        Some((Waiting { action: form.action(), fields, photos, photo: None, refused: false }, too_big))
    }

    enum Sent {
        Done,
        Refused,
        NoSignal,
    }

    async fn send(w: &Waiting) -> Sent {
        let Some(window) = web_sys::window() else { return Sent::NoSignal };
        let Ok(data) = web_sys::FormData::new() else { return Sent::NoSignal };
        for (k, v) in &w.fields {
            let _ = data.append_with_str(k, v);
        }
        for (kind, b64) in w.photo.iter().chain(&w.photos) {
            if let Some(bytes) = from_base64(b64) {
                let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()).into());
                let options = web_sys::BlobPropertyBag::new();
                options.set_type(kind);
                if let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options) {
                    let _ = data.append_with_blob_and_filename("photo", &blob, "photo");
                }
            }
        }
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_body(&JsValue::from(data));
        init.set_credentials(web_sys::RequestCredentials::SameOrigin);
        let Ok(reply) = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str_and_init(&w.action, &init)).await else { return Sent::NoSignal };
        let Ok(reply) = reply.dyn_into::<web_sys::Response>() else { return Sent::NoSignal };
        // Recorded now or before (a redirect to the list), or by another try meanwhile (409).
        if (reply.ok() && reply.url().contains("done=recorded")) || reply.status() == 409 {
            Sent::Done
        } else if reply.status() >= 500 {
            Sent::NoSignal
        } else {
            Sent::Refused
        }
    }

    /// A record is known by its idempotency key.
    fn key_of(w: &Waiting) -> Option<String> {
        w.fields.iter().find(|(k, _)| k == "key").map(|(_, v)| v.clone())
    }

    /// Sends what waits, oldest first, one at a time, until the signal drops. What was sent
    /// leaves the phone; what was refused stays, marked, for its form.
    async fn flush(texts: OfflineTexts, waiting: RwSignal<usize>, said: RwSignal<String>) {
        let (mut sent, mut refused) = (Vec::new(), Vec::new());
        for w in queue().into_iter().filter(|w| !w.refused) {
            if !online() {
                break;
            }
            match send(&w).await {
                Sent::Done => sent.push(key_of(&w)),
                Sent::Refused => refused.push(key_of(&w)),
                Sent::NoSignal => break,
            }
        }
        // Read again: a record kept while these were sent stays.
        let left: Vec<Waiting> = queue()
            .into_iter()
            .filter(|w| !sent.contains(&key_of(w)))
            .map(|w| Waiting { refused: w.refused || refused.contains(&key_of(&w)), ..w })
            .collect();
        keep(&left);
        waiting.set(left.len());
        if !refused.is_empty() {
            said.set(texts.refused.clone());
        } else if !sent.is_empty() {
            said.set(texts.sent.clone());
        }
    }

    /// Puts a refused record back into its form, to mend and post again.
    fn refill(w: &Waiting) {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        let Ok(controls) = document.query_selector_all("#record-form input, #record-form textarea") else { return };
        for i in 0..controls.length() {
            let Some(node) = controls.item(i) else { continue };
            if let Ok(input) = node.clone().dyn_into::<web_sys::HtmlInputElement>() {
                let values: Vec<&str> = w.fields.iter().filter(|(k, _)| *k == input.name()).map(|(_, v)| v.as_str()).collect();
                match input.type_().as_str() {
                    "radio" | "checkbox" => input.set_checked(values.contains(&input.value().as_str())),
                    "file" => {}
                    _ => {
                        if let Some(v) = values.first() {
                            input.set_value(v);
                        }
                    }
                }
            } else if let Ok(area) = node.dyn_into::<web_sys::HtmlTextAreaElement>() {
                if let Some((_, v)) = w.fields.iter().find(|(k, _)| *k == area.name()) {
                    area.set_value(v);
                }
            }
        }
    }

    pub fn start(texts: OfflineTexts, waiting: RwSignal<usize>, said: RwSignal<String>) {
        let Some(window) = web_sys::window() else { return };
        waiting.set(queue().len());
        let busy = StoredValue::new(false);
        let run = {
            let texts = texts.clone();
            move || {
                if busy.get_value() || queue().is_empty() || !online() {
                    return;
                }
                busy.set_value(true);
                let texts = texts.clone();
                leptos::task::spawn_local(async move {
                    flush(texts, waiting, said).await;
                    busy.set_value(false);
                });
            }
        };
        run();
        let on_online = Closure::<dyn Fn()>::new(run.clone());
        let _ = window.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
        on_online.forget();
        // The record form, when this page has one: offline, it is kept instead of posted.
        let Some(form) = window.document().and_then(|d| d.get_element_by_id("record-form")).and_then(|e| e.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
        // A record of this visit the server refused goes back into the form.
        let mut q = queue();
        if let Some(i) = q.iter().position(|w| w.refused && w.action == form.action()) {
            let w = q.remove(i);
            refill(&w);
            keep(&q);
            waiting.set(q.len());
            said.set(texts.refused.clone());
        }
        let on_submit = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
            // Offline, the record is kept; the button that texts a code needs the signal.
            let texting = ev.dyn_ref::<web_sys::SubmitEvent>().and_then(|s| s.submitter()).is_some_and(|b| b.id() == "send-code");
            if online() || texting {
                return;
            }
            ev.prevent_default();
            let (form, texts) = (form_of(&ev), texts.clone());
            leptos::task::spawn_local(async move {
                let Some((w, too_big)) = (match &form {
                    Some(f) => read_form(f).await,
                    None => None,
                }) else {
                    return;
                };
                let mut q = queue();
                if !q.iter().any(|x| key_of(x) == key_of(&w)) {
                    q.push(w);
                }
                if keep(&q) {
                    waiting.set(q.len());
                    said.set(if too_big { texts.saved_without_photo.clone() } else { texts.saved.clone() });
                }
            });
        });
        let _ = form.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
        on_submit.forget();
    }

    fn form_of(ev: &web_sys::Event) -> Option<web_sys::HtmlFormElement> {
        ev.target()?.dyn_into::<web_sys::HtmlFormElement>().ok()
    }
}
