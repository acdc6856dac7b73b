//! 申请: the steps of an application and how far the person has got.

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::i18n::{use_lang, Msg};
use crate::paths;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyPageData {
    pub signed_in: bool,
    pub identity_recorded: bool,
    /// The verification code of the latest signed pledge, if any.
    pub pledge_code: Option<String>,
}

#[component]
pub fn ApplyPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<ApplyPageData>().unwrap_or_default();
    let step = |done: bool, label: Msg, href: Option<String>| {
        let tag = if done { ("tag tag-done", Msg::ApplyDone) } else { ("tag", Msg::ApplyTodo) };
        let label = lang.t(label);
        view! {
            <li class="task" data-done=done.to_string()>
                {match href {
                    Some(h) if !done => view! { <a href=h>{label}</a> }.into_any(),
                    _ => view! { <span>{label}</span> }.into_any(),
                }}
                <strong class=tag.0>{lang.t(tag.1)}</strong>
            </li>
        }
    };
    let receipt = d.pledge_code.clone().map(|c| format!("{}/{c}", paths::PLEDGE_RECEIPT));
    view! {
        <Title text=lang.t(Msg::ApplyTitle)/>
        <h1>{lang.t(Msg::ApplyTitle)}</h1>
        <p class="lead">{lang.t(Msg::ApplyIntro)}</p>
        <ol class="task-list">
            {step(d.signed_in, Msg::ApplyStepSignin, Some(paths::with_next(paths::SIGN_IN, paths::APPLY)))}
            {step(d.identity_recorded, Msg::ApplyStepIdentity, Some(paths::with_next(paths::IDENTITY, paths::APPLY)))}
            {step(d.pledge_code.is_some(), Msg::ApplyStepPledge, Some(paths::PLEDGE.to_string()))}
            <li class="task" data-done="false">
                <span>{lang.t(Msg::ApplyStepForm)}</span>
                <strong class="tag">{lang.t(Msg::ApplySoon)}</strong>
            </li>
        </ol>
        {receipt.map(|r| view! { <p><a href=r>{lang.t(Msg::ReceiptTitle)}</a></p> })}
        <div class="notice"><p>{lang.t(Msg::ApplyFormSoon)}</p></div>
    }
}
