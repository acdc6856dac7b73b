//! 查询救助: the anonymous checker.

pub(crate) mod view;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{use_lang, Msg};
pub use view::{programme_name, results_list, CheckWizard, LiveResult};
#[cfg(feature = "ssr")]
pub use view::results_html;
use crate::domain::checker::{self as wizard, CheckPageData};

/// The page around the questionnaire island; its data comes from the server handler.
#[component]
pub fn CheckPage() -> impl IntoView {
    let lang = use_lang();
    let data = use_context::<CheckPageData>();
    view! {
        <Title text=lang.t(Msg::NavCheck)/>
        <h1>{lang.t(Msg::CheckTitle)}</h1>
        {data.map(|d| {
            let intro = (d.wizard.step == wizard::Step::Where && d.wizard.errors.is_empty())
                .then(|| view! { <p class="lead">{lang.t(Msg::CheckIntro)}</p> });
            view! { {intro} <CheckWizard data=d/> }
        })}
    }
}
