//! 申请: the steps of an application and how far the person has got, the step pages, and
//! what comes after submitting.

pub mod area_picker;
pub mod form;
pub mod status;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{use_lang, Msg};
use crate::paths;
use crate::domain::application::steps::ApplyStep;
use crate::page_data::apply::ApplyPageData;

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
    // Signing in or recording one's details comes back here with the checker's answers.
    let here = paths::with_query(paths::APPLY, d.from_checker.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let receipt = d.pledge_code.clone().map(|c| format!("{}/{c}", paths::PLEDGE_RECEIPT));
    let ready = d.signed_in && d.identity_recorded;
    let form_href = ready.then(|| d.draft_next.unwrap_or(ApplyStep::Who).path());
    let start = ready.then(|| {
        let hidden: Vec<_> = d.from_checker.iter().map(|(k, v)| view! { <input type="hidden" name=k.clone() value=v.clone()/> }).collect();
        let label = match (d.draft_next.is_some(), d.from_checker.is_empty()) {
            (true, true) => Msg::ApplyContinue,
            (_, false) => Msg::ApplyStartFromChecker,
            (false, true) => Msg::ApplyStart,
        };
        view! {
            <form method="post" action=paths::APPLY_START>
                {hidden}
                <button type="submit" class="button" id="start-application">{lang.t(label)}</button>
            </form>
        }
    });
    let submitted: Vec<_> = d
        .submitted
        .iter()
        .map(|r| view! { <li><a href=format!("{}/{r}", paths::STATUS)>{r.clone()}</a></li> })
        .collect();
    view! {
        <Title text=lang.t(Msg::ApplyTitle)/>
        <h1>{lang.t(Msg::ApplyTitle)}</h1>
        <p class="lead">{lang.t(Msg::ApplyIntro)}</p>
        <ol class="task-list">
            {step(d.signed_in, Msg::ApplyStepSignin, Some(paths::with_next(paths::SIGN_IN, &here)))}
            {step(d.identity_recorded, Msg::ApplyStepIdentity, Some(paths::with_next(paths::IDENTITY, &here)))}
            {step(false, Msg::ApplyStepForm, form_href)}
        </ol>
        {d.draft_deleted.then(|| view! { <p class="notice" id="draft-deleted" role="status">{lang.t(Msg::DraftDeleted)}</p> })}
        {start}
        {(ready && d.draft_next.is_some()).then(|| view! { <p><a href=paths::DRAFT_DELETE id="delete-draft">{lang.t(Msg::DraftDeleteLink)}</a></p> })}
        {(!d.from_checker.is_empty() && ready).then(|| view! { <p class="hint">{lang.t(Msg::ApplyCheckerNote)}</p> })}
        {receipt.map(|r| view! { <p><a href=r>{lang.t(Msg::ReceiptTitle)}</a></p> })}
        {(!submitted.is_empty()).then(|| view! {
            <h2>{lang.t(Msg::ApplySubmittedHeading)}</h2>
            <ul>{submitted}</ul>
        })}
        {d.signed_in.then(|| view! { <p><a href=paths::MY_DATA id="my-data">{lang.t(Msg::MydataLink)}</a></p> })}
    }
}

/// Asks before deleting the draft: what goes, and that it cannot come back.
#[component]
pub fn DraftDeletePage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<ApplyPageData>().unwrap_or_default();
    view! {
        <Title text=lang.t(Msg::DraftDeleteTitle)/>
        <a class="back-link" href=paths::APPLY>{lang.t(Msg::BtnBack)}</a>
        <h1>{lang.t(Msg::DraftDeleteTitle)}</h1>
        <p class="lead">{lang.t(Msg::DraftDeleteIntro)}</p>
        <form method="post" action=paths::DRAFT_DELETE>
            <input type="hidden" name="draft_id" value=d.draft_id.clone().unwrap_or_default()/>
            <button type="submit" class="button button-warning">{lang.t(Msg::DraftDeleteConfirm)}</button>
        </form>
        <p><a href=paths::APPLY>{lang.t(Msg::DraftDeleteCancel)}</a></p>
    }
}
