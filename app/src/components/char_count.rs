//! A live count of the characters left in a long text field (GOV.UK's "character count"),
//! where WASM runs. The field is plain HTML outside the island and its hint names the limit,
//! so without WASM nothing is missing; once live, a line under the field says how many
//! characters are left, or how many are too many, as the person types — before a post
//! refuses the text.

use leptos::prelude::*;

use crate::i18n::{fill, Lang, Msg};

/// The id of the count's line for the field `field` (the field's `aria-describedby`).
pub fn count_id(field: &str) -> String {
    format!("{field}-count")
}

/// The count for the text area `field` of at most `max` characters, in `lang`.
pub fn char_count(lang: Lang, field: &'static str, max: usize) -> impl IntoView {
    view! { <CharCount field=field.to_string() max=max left=lang.t(Msg::CharCountLeft).to_string() over=lang.t(Msg::CharCountOver).to_string()/> }
}

/// What the line says for `typed` characters: `left` or `over` with `{n}` filled in.
pub fn count_text(typed: usize, max: usize, left: &str, over: &str) -> String {
    match max.checked_sub(typed) {
        Some(n) => fill(left, &[("n", n.to_string())]),
        None => fill(over, &[("n", (typed - max).to_string())]),
    }
}

/// `left` and `over` are the catalogue's templates with `{n}`: the island carries no catalogue.
// In a browser bundle only with its feature (see components::islands).
#[cfg_attr(any(feature = "ssr", feature = "island-char-count"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "island-char-count")), component)]
pub fn CharCount(field: String, max: usize, left: String, over: String) -> impl IntoView {
    crate::components::islands::rendered(crate::components::islands::Island::CharCount);
    // None until the island is live: the server's HTML shows no count that would not move.
    let typed = RwSignal::new(None::<usize>);
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let area = |target: Option<web_sys::EventTarget>| target?.dyn_into::<web_sys::HtmlTextAreaElement>().ok();
        let id = field.clone();
        Effect::new(move |_| {
            let found = document().get_element_by_id(&id).map(Into::into);
            typed.set(area(found).map(|a| a.value().chars().count()));
        });
        let id = field.clone();
        let handle = window_event_listener(leptos::ev::input, move |ev| {
            if let Some(a) = area(ev.target()).filter(|a| a.id() == id) {
                typed.set(Some(a.value().chars().count()));
            }
        });
        on_cleanup(move || handle.remove());
    }
    let text = move || typed.get().map(|n| count_text(n, max, &left, &over));
    view! {
        <p id=count_id(&field) class="char-count" class:char-count-over=move || typed.get().is_some_and(|n| n > max) aria-live="polite">{text}</p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_counts_down_then_says_how_many_too_many() {
        let (left, over) = ("还可以输入 {n} 字", "超出 {n} 字");
        assert_eq!(count_text(0, 500, left, over), "还可以输入 500 字");
        assert_eq!(count_text(500, 500, left, over), "还可以输入 0 字");
        assert_eq!(count_text(503, 500, left, over), "超出 3 字");
    }
}
