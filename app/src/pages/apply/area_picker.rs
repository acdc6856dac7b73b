//! The residence picker: district → subdistrict/town → community/village. On the server it
//! renders the lists for the current choice with "list" buttons that post the form (no
//! JavaScript needed). Where WASM runs, the island hides the buttons and loads the next
//! level from `/api/v1/areas/{code}/children` as soon as a choice changes, so the division
//! tree still never travels to the browser as a whole.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, Msg};
use crate::domain::area::AreaChoice;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickerProps {
    pub lang: Lang,
    pub districts: Vec<AreaChoice>,
    pub subdistricts: Vec<AreaChoice>,
    pub communities: Vec<AreaChoice>,
    pub district: String,
    pub subdistrict: String,
    pub community: String,
    /// The problem with each level, in the person's language.
    pub errors: [Option<String>; 3],
}

/// The answer of `/api/v1/areas/{code}/children`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaChildren {
    pub areas: Vec<AreaChoice>,
}

pub fn children_url(code: &str) -> String {
    format!("/api/v1/areas/{code}/children")
}

#[cfg(feature = "hydrate")]
async fn load_children(code: String) -> Option<Vec<AreaChoice>> {
    use leptos::wasm_bindgen::JsCast;
    let window = web_sys::window()?;
    let response = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(&children_url(&code))).await.ok()?;
    let response: web_sys::Response = response.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    let text = wasm_bindgen_futures::JsFuture::from(response.text().ok()?).await.ok()?.as_string()?;
    serde_json::from_str::<AreaChildren>(&text).ok().map(|c| c.areas)
}

/// Empties `list`, then fills it with the divisions under `code` once they arrive, unless
/// the person has chosen something else meanwhile (a slow answer must not win).
fn load_into(code: String, chosen: RwSignal<String>, list: RwSignal<Vec<AreaChoice>>) {
    list.set(Vec::new());
    #[cfg(feature = "hydrate")]
    if !code.is_empty() {
        leptos::task::spawn_local(async move {
            if let Some(areas) = load_children(code.clone()).await {
                if chosen.get_untracked() == code {
                    list.set(areas);
                }
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (code, chosen);
}

fn level(
    lang: Lang,
    name: &'static str,
    label: Msg,
    list: Signal<Vec<AreaChoice>>,
    chosen: RwSignal<String>,
    error: Option<String>,
    on_pick: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let has_error = error.is_some();
    view! {
        <div class="field" class:field-error=has_error>
            <label for=name>{lang.t(label)}</label>
            {error.map(|e| view! { <p class="error-message">{e}</p> })}
            <select
                id=name
                name=name
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    chosen.set(value.clone());
                    on_pick(value);
                }
            >
                <option value="">{lang.t(Msg::Choose)}</option>
                {move || {
                    let current = chosen.get_untracked();
                    list.get()
                        .into_iter()
                        .map(|a| {
                            let selected = a.code == current;
                            view! { <option value=a.code.clone() selected=selected>{a.name(lang).to_string()}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}

// In a browser bundle only with its feature (see components::islands).
#[cfg_attr(any(feature = "ssr", feature = "island-area-picker"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "island-area-picker")), component)]
pub fn AreaPicker(props: PickerProps) -> impl IntoView {
    crate::components::islands::rendered(crate::components::islands::Island::AreaPicker);
    let lang = props.lang;
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    let districts = RwSignal::new(props.districts);
    let subdistricts = RwSignal::new(props.subdistricts);
    let communities = RwSignal::new(props.communities);
    let district = RwSignal::new(props.district);
    let subdistrict = RwSignal::new(props.subdistrict);
    let community = RwSignal::new(props.community);
    let [e_district, e_subdistrict, e_community] = props.errors;

    let pick_district = move |code: String| {
        subdistrict.set(String::new());
        communities.set(Vec::new());
        community.set(String::new());
        load_into(code, district, subdistricts);
    };
    let pick_subdistrict = move |code: String| {
        community.set(String::new());
        load_into(code, subdistrict, communities);
    };
    let button = move |label: Msg| {
        view! {
            <button type="submit" name="action" value="pick" class="button-secondary" hidden=move || live.get()>
                {lang.t(label)}
            </button>
        }
    };
    view! {
        <div class="area-picker" data-live=move || live.get().to_string()>
            {level(lang, "district", Msg::AppDistrict, districts.into(), district, e_district, pick_district)}
            {button(Msg::AppShowSubdistricts)}
            <div hidden=move || subdistricts.with(Vec::is_empty)>
                {level(lang, "subdistrict", Msg::AppSubdistrict, subdistricts.into(), subdistrict, e_subdistrict, pick_subdistrict)}
                {button(Msg::AppShowCommunities)}
            </div>
            <div hidden=move || communities.with(Vec::is_empty)>
                {level(lang, "community", Msg::AppCommunity, communities.into(), community, e_community, |_| {})}
            </div>
        </div>
    }
}
