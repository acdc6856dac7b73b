//! 我的全部数据: everything the portal holds about the signed-in person, readable, with its
//! download (the same document as JSON). The ID number shows masked here; the download has it.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::domain::money::Fen;
use crate::domain::personal_data::{Document, PersonalData};
use crate::i18n::{fill, use_lang, Lang, Msg};
use crate::paths;

fn row(label: Msg, value: String, lang: Lang) -> impl IntoView {
    view! { <div><dt>{lang.t(label)}</dt><dd>{value}</dd></div> }
}

fn documents(docs: &[Document], lang: Lang) -> impl IntoView {
    let items: Vec<_> = docs.iter().map(|d| view! { <li>{d.name.clone()} " · " {lang.local_time(&d.uploaded_at)}</li> }).collect();
    (!items.is_empty()).then(|| view! { <h4>{lang.t(Msg::MydataDocuments)}</h4><ul>{items}</ul> })
}

#[component]
pub fn PersonalDataPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<PersonalData>().unwrap_or_default();
    let none = || view! { <p>{lang.t(Msg::MydataNone)}</p> }.into_any();
    let identity = match &d.identity {
        Some(i) => view! {
            <dl class="summary-list">
                {row(Msg::IdentityName, i.full_name.clone(), lang)}
                {row(Msg::IdentityId, i.id_number_masked.clone(), lang)}
            </dl>
        }
        .into_any(),
        None => none(),
    };
    let pledges: Vec<_> = d.pledges.iter().map(|p| view! { <li>{p.signer_name.clone()} " · " {lang.local_time(&p.signed_at)} " · " <code>{p.verification_code.clone()}</code></li> }).collect();
    let draft = match &d.draft {
        Some(dr) => view! {
            <p>{fill(lang.t(Msg::MydataDraftAnswers), &[("n", dr.answers.len().to_string()), ("at", lang.local_time(&dr.changed_at))])}</p>
            {documents(&dr.documents, lang)}
            <p><a href=paths::DRAFT_DELETE>{lang.t(Msg::DraftDeleteLink)}</a></p>
        }
        .into_any(),
        None => none(),
    };
    let applications: Vec<_> = d
        .applications
        .iter()
        .map(|a| {
            let history: Vec<_> = a.history.iter().map(|e| view! { <li>{lang.local_time(&e.at)} " · " {e.kind.clone()} " · " {e.by.clone()} " " {e.detail.clone()}</li> }).collect();
            let requests: Vec<_> = a.requests.iter().map(|r| view! { <li>{r.items.clone()} {r.answer.clone().map(|x| view! { " → " {x} })}</li> }).collect();
            let payments: Vec<_> = a.payments.iter().map(|p| view! { <li>{p.paid_on.clone()} " · " {fill(lang.t(Msg::AppYuan), &[("amount", Fen::new(p.amount_fen).unwrap_or_default().yuan_text())])}</li> }).collect();
            let messages: Vec<_> = a.messages.iter().map(|m| view! { <li>{lang.local_time(&m.sent_at)} " · " {m.text.clone()}</li> }).collect();
            view! {
                <section class="personal-application" data-reference=a.reference.clone()>
                    <h3><a href=format!("{}/{}", paths::STATUS, a.reference)>{a.reference.clone()}</a></h3>
                    <p class="hint">{lang.local_time(&a.submitted_at)}</p>
                    <h4>{lang.t(Msg::MydataHistory)}</h4><ul>{history}</ul>
                    {(!requests.is_empty()).then(|| view! { <h4>{lang.t(Msg::MydataRequests)}</h4><ul>{requests}</ul> })}
                    {documents(&a.documents, lang)}
                    {(!payments.is_empty()).then(|| view! { <h4>{lang.t(Msg::MydataPayments)}</h4><ul>{payments}</ul> })}
                    {(!messages.is_empty()).then(|| view! { <h4>{lang.t(Msg::MydataMessages)}</h4><ul>{messages}</ul> })}
                </section>
            }
        })
        .collect();
    let phone = crate::domain::identity::Phone::parse(&d.account.phone).map(|p| p.masked()).unwrap_or_default();
    view! {
        <Title text=lang.t(Msg::MydataTitle)/>
        <a class="back-link" href=paths::APPLY>{lang.t(Msg::BtnBack)}</a>
        <h1>{lang.t(Msg::MydataTitle)}</h1>
        <p class="lead">{lang.t(Msg::MydataIntro)}</p>
        <p><a class="button" href=paths::MY_DATA_JSON download id="download-my-data">{lang.t(Msg::MydataDownload)}</a></p>
        <h2>{lang.t(Msg::MydataAccount)}</h2>
        <dl class="summary-list">{row(Msg::MydataPhone, phone, lang)}{row(Msg::MydataLanguage, d.account.language.clone(), lang)}</dl>
        <h2>{lang.t(Msg::MydataIdentity)}</h2>
        {identity}
        <h2>{lang.t(Msg::MydataPledges)}</h2>
        {if pledges.is_empty() { none() } else { view! { <ul>{pledges}</ul> }.into_any() }}
        <h2>{lang.t(Msg::MydataDraft)}</h2>
        {draft}
        <h2>{lang.t(Msg::MydataApplications)}</h2>
        {if applications.is_empty() { none() } else { view! { <div id="my-applications">{applications}</div> }.into_any() }}
    }
}
