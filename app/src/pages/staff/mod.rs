//! 工作台: staff sign-in, the office queue, one case, registering a case, and the district
//! view, one file each. Server-rendered forms throughout: an old office PC or a phone with
//! a weak signal works the same.

mod accounts;
mod case;
mod district;
mod monitoring;
mod parameters;
mod pledge_texts;
mod new_case;
mod offices;
mod queue;
mod second_factor;
mod service_assistance;
mod sign_in;

pub use accounts::{AccountPage, AccountsPage, SetupPage, STAFF_ACCOUNTS, STAFF_SETUP};
pub use case::CasePage;
pub use second_factor::SecondFactorPage;
pub use service_assistance::{AssessmentPage, CataloguePage, ItemPage, PlanPage, ProviderPage, ProvidersPage, ReferralPage, ReferralsPage, SupervisionPage, VisitPage, VisitsPage, STAFF_ASSESSMENTS, STAFF_CATALOGUE, STAFF_PLANS, STAFF_PROVIDERS, STAFF_REFERRALS, STAFF_SUPERVISION, STAFF_VISITS};
pub use pledge_texts::{PledgeTextPage, PledgeTextsPage, STAFF_PLEDGE_TEXTS};
pub use offices::{OfficePage, OfficesPage, STAFF_OFFICES};
pub use parameters::{ParameterHistoryPage, ParametersPage, STAFF_PARAMETERS};
pub use district::DistrictPage;
pub use monitoring::{FeedUploadPage, HouseholdPage, RegisterPage, ReviewPage, WarningPage, WarningsPage, STAFF_REVIEWS, STAFF_FEEDS, STAFF_MONITORING, STAFF_PEOPLE, STAFF_REGISTER, STAFF_WARNINGS};
pub use new_case::NewCasePage;
pub use queue::QueuePage;
pub use sign_in::StaffSignInPage;

use leptos::prelude::*;

use crate::components::form::error_for;
use crate::domain::request::FieldError;
use crate::i18n::{Lang, Msg};
use crate::pages::check::programme_name;

pub const STAFF_SIGN_IN: &str = "/staff/signin";
pub const STAFF_SIGN_OUT: &str = "/staff/signout";
pub const STAFF_CASES: &str = "/staff/cases";
pub const STAFF_NEW_CASE: &str = "/staff/new";
pub const STAFF_DISTRICT: &str = "/staff/district";

pub(super) fn programme_text(code: &str, lang: Lang) -> String {
    crate::domain::programme::Programme::from_code(code).map(|p| lang.t(programme_name(p)).to_string()).unwrap_or_default()
}

/// A labelled text input (or text area) with its error, keeping the value.
pub(super) fn labelled_input(errors: &[FieldError], lang: Lang, name: &'static str, label: Msg, value: String, area: bool) -> AnyView {
    let error = error_for(errors, name, lang);
    let has_error = error.is_some();
    let control = if area {
        view! { <textarea id=name name=name rows="3">{value}</textarea> }.into_any()
    } else {
        view! { <input id=name name=name type="text" value=value/> }.into_any()
    };
    view! {
        <div class="field" class:field-error=has_error>
            <label for=name>{lang.t(label)}</label>
            {error.map(|e| view! { <p class="error-message">{e}</p> })}
            {control}
        </div>
    }
    .into_any()
}

/// A labelled one-line input with its error, keeping the value.
pub(super) fn labelled(errors: &[FieldError], lang: Lang, name: &'static str, label: Msg, value: String) -> AnyView {
    labelled_input(errors, lang, name, label, value, false)
}

/// A `community` select grouped by office, with its label and error; `blank` offers
/// "请选择" first (none chosen yet).
pub(super) fn community_select(offices: &[crate::page_data::staff::TransferOffice], chosen: &str, errors: &[FieldError], label: Msg, blank: bool, lang: Lang) -> AnyView {
    let groups: Vec<_> = offices
        .iter()
        .map(|o| {
            let options: Vec<_> = o.communities.iter().map(|c| view! { <option value=c.code.clone() selected=chosen == c.code>{c.name(lang).to_string()}</option> }).collect();
            view! { <optgroup label=o.name.clone()>{options}</optgroup> }
        })
        .collect();
    let error = error_for(errors, "community", lang);
    view! {
        <div class="field" class:field-error=error.is_some()>
            <label for="community">{lang.t(label)}</label>
            {error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
            <select id="community" name="community">
                {blank.then(|| view! { <option value="">{lang.t(Msg::StaffChoose)}</option> })}
                {groups}
            </select>
        </div>
    }
    .into_any()
}
