//! Pieces every form page shares: the error summary and the message for one field.

use leptos::prelude::*;

use crate::domain::request::FieldError;
use crate::i18n::{Lang, Msg};

/// The problem with `field`, in the person's language.
pub fn error_for(errors: &[FieldError], field: &str, lang: Lang) -> Option<String> {
    errors.iter().find(|e| e.field == field).map(|e| e.problem.text(lang))
}

/// The box at the top of a page with errors: each problem links to its field.
pub fn error_summary(errors: &[FieldError], lang: Lang) -> Option<AnyView> {
    linked_error_summary(errors.iter().map(|e| (format!("#{}", e.field), e.problem.text(lang))).collect(), lang)
}

/// The same box with links of the caller's choosing (e.g. to another page's question).
pub fn linked_error_summary(items: Vec<(String, String)>, lang: Lang) -> Option<AnyView> {
    (!items.is_empty()).then(|| {
        let items: Vec<_> = items.into_iter().map(|(href, text)| view! { <li><a href=href>{text}</a></li> }).collect();
        view! {
            <div class="error-summary" id="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
                <h2 id="error-summary-title">{lang.t(Msg::ErrorSummaryTitle)}</h2>
                <ul>{items}</ul>
            </div>
        }
        .into_any()
    })
}

/// The form's first submit button, a copy of its primary one: the browser's implicit
/// submission (Enter, a phone keyboard's 前往/Go) presses the first submit button in tree
/// order, which would otherwise be 删除这位成员 or 列出街道（镇）. Out of sight, out of the tab
/// order and of the accessibility tree; the visible primary button stays where it is.
pub fn default_action(label: &'static str, name: &'static str, value: &'static str) -> impl IntoView {
    view! { <button type="submit" name=name value=value class="visually-hidden default-action" tabindex="-1" aria-hidden="true">{label}</button> }
}
