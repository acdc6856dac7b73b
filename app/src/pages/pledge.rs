//! 诚信承诺书: read the whole text, answer one question, write your name, press 我承诺.
//! Then a printable receipt with a verification code.

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use super::signature_pad::SignaturePad;
use crate::components::form::{error_for, error_summary};
use crate::domain::request::FieldError;
use crate::i18n::{fill, use_lang, Msg};
use crate::paths;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PledgePageData {
    pub text_id: String,
    pub title: String,
    pub paragraphs: Vec<String>,
    pub question: String,
    pub options: Vec<String>,
    pub version: i64,
    pub effective_from: String,
    pub area: String,
    /// What the person entered, kept when something needs changing.
    pub answer: Option<i64>,
    pub signer_name: String,
    pub on_behalf_of: String,
    /// Where to go after signing, e.g. back to the application.
    pub next: String,
    pub errors: Vec<FieldError>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptData {
    pub verification_code: String,
    pub signer_name: String,
    pub on_behalf_of: Option<String>,
    pub signed_at: String,
    pub title: String,
    pub version: i64,
    pub text_sha256: String,
    pub drawn: bool,
}


#[component]
pub fn PledgePage() -> impl IntoView {
    let lang = use_lang();
    let Some(d) = use_context::<PledgePageData>() else {
        return view! { <Title text=lang.t(Msg::PledgeTitle)/><h1>{lang.t(Msg::PledgeTitle)}</h1> }.into_any();
    };
    let summary = error_summary(&d.errors, lang);
    let paragraphs: Vec<_> = d.paragraphs.iter().map(|p| view! { <p>{p.clone()}</p> }).collect();
    let answer_error = error_for(&d.errors, "answer", lang);
    let has_answer_error = answer_error.is_some();
    let options: Vec<_> = d
        .options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let id = if i == 0 { "answer".to_string() } else { format!("answer-{i}") };
            view! {
                <div class="check">
                    <input type="radio" id=id.clone() name="answer" value=i.to_string() checked=d.answer == Some(i as i64)/>
                    <label for=id>{o.clone()}</label>
                </div>
            }
        })
        .collect();
    let name_error = error_for(&d.errors, "signer_name", lang);
    let has_name_error = name_error.is_some();
    let signature_error = error_for(&d.errors, "signature", lang);
    let behalf_error = error_for(&d.errors, "on_behalf_of", lang);
    let has_behalf_error = behalf_error.is_some();
    view! {
        <Title text=lang.t(Msg::PledgeTitle)/>
        <h1>{d.title.clone()}</h1>
        {summary}
        <p class="lead">{lang.t(Msg::PledgeIntro)}</p>
        <section class="pledge-text" aria-label=d.title.clone()>
            {paragraphs}
            <p class="hint">{fill(lang.t(Msg::PledgeVersion), &[("version", d.version.to_string()), ("from", d.effective_from.clone())])}</p>
        </section>
        <form method="post" action=paths::PLEDGE novalidate>
            <input type="hidden" name="text_id" value=d.text_id.clone()/>
            {(!d.next.is_empty()).then(|| view! { <input type="hidden" name="next" value=d.next.clone()/> })}
            <input type="hidden" name="area" value=d.area.clone()/>
            <fieldset class="field" class:field-error=has_answer_error>
                <legend>{lang.t(Msg::PledgeQuestionLabel)} {d.question.clone()}</legend>
                {answer_error.map(|e| view! { <p class="error-message">{e}</p> })}
                {options}
            </fieldset>
            <div class="field" class:field-error=has_name_error>
                <label for="signer_name">{lang.t(Msg::PledgeName)}</label>
                <p class="hint" id="signer_name-hint">{lang.t(Msg::PledgeNameHint)}</p>
                {name_error.map(|e| view! { <p class="error-message">{e}</p> })}
                <input id="signer_name" name="signer_name" type="text" autocomplete="name" value=d.signer_name.clone()
                    aria-describedby="signer_name-hint" aria-invalid=has_name_error.then_some("true")/>
            </div>
            <SignaturePad lang=lang/>
            {signature_error.map(|e| view! { <p class="error-message" id="signature">{e}</p> })}
            <div class="field" class:field-error=has_behalf_error>
                <label for="on_behalf_of">{lang.t(Msg::PledgeOnBehalf)}</label>
                {behalf_error.map(|e| view! { <p class="error-message">{e}</p> })}
                <input id="on_behalf_of" name="on_behalf_of" type="text" autocomplete="off" value=d.on_behalf_of.clone()/>
            </div>
            <button type="submit" class="button">{lang.t(Msg::PledgeConfirm)}</button>
        </form>
    }
    .into_any()
}

#[component]
pub fn ReceiptPage() -> impl IntoView {
    let lang = use_lang();
    let Some(r) = use_context::<ReceiptData>() else {
        return view! { <Title text=lang.t(Msg::ReceiptTitle)/><h1>{lang.t(Msg::ReceiptTitle)}</h1> }.into_any();
    };
    let row = |label: Msg, value: String| view! { <div><dt>{lang.t(label)}</dt><dd>{value}</dd></div> };
    view! {
        <Title text=lang.t(Msg::ReceiptTitle)/>
        <h1>{lang.t(Msg::ReceiptTitle)}</h1>
        <div class="panel-confirmation">
            <p>{lang.t(Msg::ReceiptCode)}</p>
            <p class="reference" id="verification-code">{r.verification_code.clone()}</p>
        </div>
        <p>{lang.t(Msg::ReceiptIntro)}</p>
        <dl class="summary-list">
            {row(Msg::ReceiptSigner, r.signer_name.clone())}
            {r.on_behalf_of.clone().map(|b| row(Msg::ReceiptOnBehalf, b))}
            <div><dt>{lang.t(Msg::ReceiptTime)}</dt><dd><crate::components::time::LocalTime utc=r.signed_at.clone()/></dd></div>
            {row(Msg::ReceiptText, format!("{} · v{}", r.title, r.version))}
            {row(Msg::ReceiptHash, r.text_sha256.clone())}
            {row(Msg::ReceiptSignature, lang.t(if r.drawn { Msg::ReceiptDrawn } else { Msg::ReceiptTyped }).to_string())}
        </dl>
        <p><a id="pledge-letter" href=format!("{}/{}/pdf", crate::paths::PLEDGE_RECEIPT, r.verification_code) download>{lang.t(Msg::LetterDownloadPledge)}</a></p>
    }
    .into_any()
}
