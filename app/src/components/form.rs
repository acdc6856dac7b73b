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
    (!errors.is_empty()).then(|| {
        let items: Vec<_> = errors
            .iter()
            .map(|e| view! { <li><a href=format!("#{}", e.field)>{e.problem.text(lang)}</a></li> })
            .collect();
        view! {
            <div class="error-summary" id="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
                <h2 id="error-summary-title">{lang.t(Msg::ErrorSummaryTitle)}</h2>
                <ul>{items}</ul>
            </div>
        }
        .into_any()
    })
}
