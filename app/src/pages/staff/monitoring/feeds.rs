//! A department's rows uploaded by hand (a CSV the department sent on a disk or by mail): the
//! same reading, matching and warnings as the machine intake.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{line_problems, STAFF_FEEDS, STAFF_MONITORING};
use crate::components::form::{error_for, error_summary};
use crate::i18n::{fill, use_lang, Msg};
use crate::page_data::monitoring::FeedUploadData;

#[component]
pub fn FeedUploadPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<FeedUploadData>().unwrap_or_default();
    let sources: Vec<_> = d
        .sources
        .iter()
        .map(|(code, label, columns)| {
            let id = format!("source-{code}");
            view! {
                <div class="radio">
                    <input type="radio" id=id.clone() name="source" value=code.clone() checked=d.source == *code/>
                    <label for=id>{label.clone()} <span class="hint">" " <code>{columns.clone()}</code></span></label>
                </div>
            }
        })
        .collect();
    let source_error = error_for(&d.errors, "source", lang);
    let batch_error = error_for(&d.errors, "batch_id", lang);
    let file_error = error_for(&d.errors, "file", lang);
    let summary = d.summary.clone().map(|s| {
        view! {
            <div class="notice" id="batch-summary" role="status">
                <p><strong>{s.source.clone()} " · " {s.batch_id.clone()}</strong></p>
                {s.seen_before.then(|| view! { <p>{lang.t(Msg::FeedSeenBefore)}</p> })}
                <p>{fill(lang.t(Msg::FeedCounts), &[("received", s.received.to_string()), ("matched", s.matched.to_string()), ("unmatched", s.unmatched.to_string()), ("rejected", s.rejected.to_string()), ("warnings", s.warnings.to_string())])}</p>
            </div>
            {line_problems(&s.problems, lang)}
        }
    });
    view! {
        <Title text=lang.t(Msg::FeedUploadTitle)/>
        <a class="back-link" href=STAFF_MONITORING>{lang.t(Msg::BtnBack)}</a>
        <h1>{lang.t(Msg::FeedUploadTitle)}</h1>
        <p class="lead">{lang.t(Msg::FeedUploadIntro)}</p>
        {error_summary(&d.errors, lang)}
        {summary}
        <form method="post" action=STAFF_FEEDS enctype="multipart/form-data" novalidate>
            <fieldset class="field" class:field-error=source_error.is_some() id="source">
                <legend>{lang.t(Msg::FeedSource)}</legend>
                {source_error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
                {sources}
            </fieldset>
            <div class="field" class:field-error=batch_error.is_some()>
                <label for="batch_id">{lang.t(Msg::FeedBatchId)}</label>
                <p class="hint">{lang.t(Msg::FeedBatchIdHint)}</p>
                {batch_error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
                <input id="batch_id" name="batch_id" type="text" value=d.batch_id.clone()/>
            </div>
            <div class="field" class:field-error=file_error.is_some()>
                <label for="file">{lang.t(Msg::FeedFile)}</label>
                {file_error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
                <input id="file" name="document" type="file" accept=".csv,text/csv"/>
            </div>
            <button type="submit" class="button">{lang.t(Msg::FeedUploadButton)}</button>
        </form>
    }
}
