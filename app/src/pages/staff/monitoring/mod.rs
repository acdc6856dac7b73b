//! 动态监测 (#16): the warnings queue, one warning, the register with its import, a
//! department's rows uploaded by hand, and a household's chain. Plain forms throughout.

mod feeds;
mod household;
mod register;
mod warnings;

pub use feeds::FeedUploadPage;
pub use household::HouseholdPage;
pub use register::RegisterPage;
pub use warnings::{WarningPage, WarningsPage};

pub const STAFF_MONITORING: &str = "/staff/monitoring";
pub const STAFF_WARNINGS: &str = "/staff/monitoring/warnings";
pub const STAFF_REGISTER: &str = "/staff/monitoring/register";
pub const STAFF_FEEDS: &str = "/staff/monitoring/feeds";
pub const STAFF_PEOPLE: &str = "/staff/monitoring/people";

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
