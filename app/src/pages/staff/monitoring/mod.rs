//! 动态监测 (#16): the warnings queue, one warning, the register with its import, a
//! department's rows uploaded by hand, and a household's chain. Plain forms throughout.

mod feeds;
mod household;
mod register;
mod reviews;
mod warnings;

pub use feeds::FeedUploadPage;
pub use household::HouseholdPage;
pub use register::RegisterPage;
pub use reviews::ReviewPage;
pub use warnings::{WarningPage, WarningsPage};

pub const STAFF_MONITORING: &str = "/staff/monitoring";
pub const STAFF_WARNINGS: &str = "/staff/monitoring/warnings";
pub const STAFF_REGISTER: &str = "/staff/monitoring/register";
pub const STAFF_FEEDS: &str = "/staff/monitoring/feeds";
pub const STAFF_PEOPLE: &str = "/staff/monitoring/people";
pub const STAFF_REVIEWS: &str = "/staff/monitoring/reviews";

use leptos::prelude::*;

use crate::i18n::{Lang, Msg};
use crate::page_data::monitoring::LineProblem;

/// The lines of a refused file: line, column and why.
fn line_problems(problems: &[LineProblem], lang: Lang) -> AnyView {
    if problems.is_empty() {
        return ().into_any();
    }
    let rows: Vec<_> = problems
        .iter()
        .map(|p| view! { <tr><td>{p.line}</td><td><code>{p.field.clone()}</code></td><td>{p.text.clone()}</td></tr> })
        .collect();
    view! {
        <div class="error-summary" role="alert" tabindex="-1" id="file-problems">
            <h2>{lang.t(Msg::MonitoringFileRefused)}</h2>
            <div class="table-wrap"><table>
                <thead><tr><th scope="col">{lang.t(Msg::MonitoringColLine)}</th><th scope="col">{lang.t(Msg::MonitoringColColumn)}</th><th scope="col">{lang.t(Msg::MonitoringColProblem)}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
        </div>
    }
    .into_any()
}

/// One radio button a choice, named `name`, the chosen one checked; ids `{name}-{code}`.
fn radios(name: &'static str, options: &[(String, String)], chosen: &str) -> Vec<AnyView> {
    options
        .iter()
        .map(|(code, label)| {
            let id = format!("{name}-{code}");
            view! { <div class="radio"><input type="radio" id=id.clone() name=name value=code.clone() checked=chosen == code/><label for=id>{label.clone()}</label></div> }.into_any()
        })
        .collect()
}
