//! After submitting: the confirmation page, the list of one's applications, and the status
//! page (进度) with its timeline and any request for more information (补正) to answer.

use leptos::prelude::*;
use leptos_meta::Title;

use super::form::{documents_list, upload_fields};
use crate::components::form::{error_for, error_summary};
use crate::components::char_count::{char_count, count_id};
use crate::components::time::LocalTime;
use crate::domain::application::steps::MAX_STORY_CHARS;
use crate::domain::application::status::ApplicationSummary;
use crate::domain::case::decision_label;
use crate::domain::money::Fen;
use crate::domain::programme::Programme;
use crate::page_data::status::{PaymentCheck, StatusDecision, StatusListData, StatusPageData};
use crate::i18n::{fill, use_lang, Lang, Msg};
use crate::pages::check::programme_name;
use crate::paths;

pub fn status_label(status: &str) -> Msg {
    crate::domain::case::CaseStatus::from_code(status).map(|s| s.label()).unwrap_or(Msg::StatusInProgress)
}

pub fn event_label(kind: &str) -> Msg {
    match kind {
        "submitted" => Msg::EventSubmitted,
        "routed" => Msg::EventRouted,
        "info_requested" => Msg::EventInfoRequested,
        "info_provided" => Msg::EventInfoProvided,
        "accepted" => Msg::EventAccepted,
        "assigned" => Msg::EventAssigned,
        "visit" => Msg::EventVisit,
        "transferred" => Msg::EventTransferred,
        "provisionally_approved" => Msg::EventProvisionallyApproved,
        "paid" => Msg::EventPaid,
        "registered" => Msg::EventRegistered,
        "notice_started" => Msg::EventNoticeStarted,
        "notice_ended" => Msg::EventNoticeEnded,
        "emergency_aid" => Msg::EventEmergencyAid,
        "verified" => Msg::EventVerified,
        "appraisal" => Msg::EventAppraisal,
        "approved" => Msg::StatusApproved,
        "rejected" => Msg::StatusRejected,
        "arrival_reported" => Msg::EventArrivalReported,
        _ => Msg::EventOther,
    }
}

fn programme_text(code: &str, lang: Lang) -> String {
    crate::domain::programme::Programme::from_code(code).map(|p| lang.t(programme_name(p)).to_string()).unwrap_or_default()
}

fn status_href(reference: &str) -> String {
    format!("{}/{reference}", paths::STATUS)
}

#[component]
pub fn ConfirmationPage() -> impl IntoView {
    let lang = use_lang();
    let Some(a) = use_context::<ApplicationSummary>() else {
        return view! { <Title text=lang.t(Msg::DoneTitle)/><h1>{lang.t(Msg::DoneTitle)}</h1> }.into_any();
    };
    view! {
        <Title text=lang.t(Msg::DoneTitle)/>
        <div class="panel-confirmation">
            <h1>{lang.t(Msg::DoneHeading)}</h1>
            <p>{lang.t(Msg::DoneReference)}</p>
            <p><strong id="reference">{a.reference.clone()}</strong></p>
        </div>
        <p>{fill(lang.t(Msg::DoneFor), &[("programme", programme_text(&a.programme, lang)), ("name", a.subject_name.clone())])}</p>
        <h2>{lang.t(Msg::DoneNextHeading)}</h2>
        <ol class="next-steps">
            <li id="office">{fill(lang.t(Msg::DoneNextOffice), &[("office", a.office_name.clone()), ("date", a.accept_by.clone())])}</li>
            <li>{lang.t(Msg::DoneNextVisit)}</li>
            <li>{lang.t(Msg::DoneNextDecision)}</li>
        </ol>
        {office_contact(&a.office_contact, lang)}
        {a.fast_track.then(|| view! { <p class="notice">{lang.t(Msg::DoneFastTrack)}</p> })}
        <p><a class="button" href=status_href(&a.reference)>{lang.t(Msg::DoneFollow)}</a></p>
        <p><a id="receipt-letter" href=letter_href(&a.reference, "receipt") download>{lang.t(Msg::LetterDownloadReceipt)}</a></p>
        <p class="hint">{lang.t(Msg::DoneKeepReference)}</p>
    }
    .into_any()
}

#[component]
pub fn StatusListPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<StatusListData>().unwrap_or(StatusListData { applications: Vec::new(), has_draft: false });
    let items: Vec<_> = d
        .applications
        .iter()
        .map(|a| {
            view! {
                <li class="application">
                    <a href=status_href(&a.reference)>{a.reference.clone()}</a>
                    " · " {programme_text(&a.programme, lang)} " · " {a.subject_name.clone()} " · "
                    <strong class="tag">{lang.t(status_label(&a.status))}</strong>
                </li>
            }
        })
        .collect();
    let empty = d.applications.is_empty().then(|| view! { <p>{lang.t(Msg::StatusNone)}</p> });
    view! {
        <Title text=lang.t(Msg::StatusTitle)/>
        <h1>{lang.t(Msg::StatusTitle)}</h1>
        {empty}
        <ul class="application-list">{items}</ul>
        {d.has_draft.then(|| view! { <p><a href=paths::APPLY>{lang.t(Msg::StatusDraft)}</a></p> })}
    }
    .into_any()
}

/// The decision, its amount with the unit, when and how the money comes, and what follows
/// from it in words (a 容缺 check, money to return, the right to challenge it).
fn decision_panel(x: &StatusDecision, programme: &str, lang: Lang) -> AnyView {
    let when = crate::domain::instant::Instant::parse(&x.decided_at).map(|at| fill(lang.t(Msg::StatusDecidedOn), &[("date", lang.date(at.beijing().date))])).unwrap_or_default();
    let money = x.amount_fen.filter(|_| x.kind != "rejected").and_then(|f| Fen::new(f).ok()).map(|fen| {
        // Cash and things in kind read together: "现金 9,000 元 + 实物 2,340 元".
        let yuan = crate::domain::service_assistance::in_kind::words(fen, Fen::new(x.in_kind_fen).unwrap_or_default(), lang);
        let once = Programme::from_code(programme) == Some(Programme::Temporary);
        let amount = fill(lang.t(if once { Msg::StatusAmountOnce } else { Msg::StatusAmountMonthly }), &[("amount", yuan)]);
        match x.account_masked.as_str() {
            "" => fill(lang.t(Msg::StatusPaidContact), &[("amount", amount)]),
            account => fill(lang.t(Msg::StatusPaidTo), &[("amount", amount), ("account", account.to_string())]),
        }
    });
    let lines = |id: &'static str, v: &[String]| {
        (!v.is_empty()).then(|| {
            let items: Vec<_> = v.iter().map(|l| view! { <li>{l.clone()}</li> }).collect();
            view! { <ul id=id>{items}</ul> }
        })
    };
    let credit = (!x.credit.is_empty()).then(|| {
        let items: Vec<_> = x.credit.iter().map(|l| view! { <li>{l.clone()}</li> }).collect();
        view! { <h3>{lang.t(Msg::CreditTitle)}</h3><ul id="credit-record">{items}</ul> }
    });
    view! {
        <section class="notice" id="decision">
            <h2>{lang.t(Msg::StatusDecisionTitle)}</h2>
            <p><strong>{lang.t(decision_label(&x.kind))}</strong> " " {when}</p>
            {money.map(|m| view! { <p id="decision-amount">{m}</p> })}
            {lines("in-kind", &x.in_kind)}
            {lines("settlement", &x.settlement)}
            {lines("outcome", &x.words)}
            {credit}
        </section>
    }
    .into_any()
}

/// "Did it arrive?" for the latest payment: the answer so far and a form to give or change it.
fn arrival_panel(d: &StatusPageData, check: &PaymentCheck, lang: Lang) -> AnyView {
    use crate::domain::case::arrival::{Arrival, NOTE_MAX};
    let answer = check.answer.as_deref().and_then(Arrival::from_code);
    let told = answer.map(|a| {
        let at = check.answered_at.clone().map(|t| lang.local_time(&t)).unwrap_or_default();
        let follow = lang.t(if a.needs_office() { Msg::ArrivalOfficeWillCheck } else { Msg::ArrivalThanks });
        view! { <p class="notice" id="arrival-told" data-arrival=a.code()>{fill(lang.t(Msg::ArrivalTold), &[("answer", lang.t(a.label()).to_string()), ("date", at)])} " " {follow}</p> }
    });
    let arrival_error = error_for(&d.errors, "arrival", lang);
    let note_error = error_for(&d.errors, "arrival_note", lang);
    let (has_arrival_error, has_note_error) = (arrival_error.is_some(), note_error.is_some());
    let options: Vec<_> = Arrival::ALL
        .iter()
        .enumerate()
        .map(|(i, a)| {
            // The first choice carries the field's id: the error summary links to it.
            let id = if i == 0 { "arrival".to_string() } else { format!("arrival-{}", a.code()) };
            view! {
                <div class="check">
                    <input type="radio" id=id.clone() name="arrival" value=a.code() checked=answer == Some(*a)/>
                    <label for=id>{lang.t(a.label())}</label>
                </div>
            }
        })
        .collect();
    view! {
        <section id="payment-arrival">
            <h2>{lang.t(Msg::ArrivalTitle)}</h2>
            {told}
            <form method="post" action=format!("{}/{}/arrival", paths::STATUS, d.application.reference) novalidate>
                <input type="hidden" name="payment" value=check.payment_id.clone()/>
                <fieldset class="field" class:field-error=has_arrival_error id="arrival-choice">
                    <legend>{check.question.clone()}</legend>
                    {arrival_error.map(|e| view! { <p class="error-message">{e}</p> })}
                    {options}
                </fieldset>
                <div class="field" class:field-error=has_note_error>
                    <label for="arrival_note">{lang.t(Msg::ArrivalNote)}</label>
                    <p class="hint">{lang.t(Msg::ArrivalNoteHint)}</p>
                    {note_error.map(|e| view! { <p class="error-message">{e}</p> })}
                    <textarea id="arrival_note" name="arrival_note" rows="3" maxlength=(NOTE_MAX * 2).to_string() aria-describedby=count_id("arrival_note")>{check.note.clone()}</textarea>
                    {char_count(lang, "arrival_note", NOTE_MAX)}
                </div>
                <button type="submit" class="button">{lang.t(Msg::ArrivalSubmit)}</button>
            </form>
        </section>
    }
    .into_any()
}

/// A printed letter of the application (`receipt` or `decision`), as a PDF.
fn letter_href(reference: &str, kind: &str) -> String {
    format!("{}/{reference}/letters/{kind}", paths::STATUS)
}

#[component]
pub fn StatusPage() -> impl IntoView {
    let lang = use_lang();
    let Some(d) = use_context::<StatusPageData>() else {
        return view! { <Title text=lang.t(Msg::StatusTitle)/><h1>{lang.t(Msg::StatusTitle)}</h1> }.into_any();
    };
    let a = d.application.clone();
    let timeline: Vec<_> = d
        .timeline
        .iter()
        .map(|e| {
            let who = match &e.on_behalf_of {
                Some(subject) => fill(lang.t(Msg::TimelineProxy), &[("actor", e.actor.clone()), ("subject", subject.clone())]),
                None => e.actor.clone(),
            };
            view! {
                <li class="timeline-entry" data-kind=e.kind.clone()>
                    <p><strong>{lang.t(event_label(&e.kind))}</strong></p>
                    <p class="hint"><LocalTime utc=e.at.clone()/> " · " {who}</p>
                    {(!e.detail.is_empty()).then(|| view! { <p>{e.detail.clone()}</p> })}
                </li>
            }
        })
        .collect();
    let answer_error = error_for(&d.errors, "answer", lang);
    let requests: Vec<_> = d
        .requests
        .iter()
        .map(|r| {
            let answered = r.answered_at.clone().map(|at| {
                view! { <p class="notice">{fill(lang.t(Msg::InfoAnswered), &[("at", lang.local_time(&at))])}</p><p>{r.answer.clone().unwrap_or_default()}</p> }
            });
            let form = r.answered_at.is_none().then(|| {
                view! {
                    <form method="post" action=format!("{}/{}/respond/{}", paths::STATUS, a.reference, r.id) enctype="multipart/form-data" novalidate>
                        <div class="field" class:field-error=answer_error.is_some()>
                            <label for="answer">{lang.t(Msg::InfoAnswer)}</label>
                            <p class="hint">{fill(lang.t(Msg::CharCountLimit), &[("n", MAX_STORY_CHARS.to_string())])}</p>
                            {answer_error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
                            <textarea id="answer" name="answer" rows="4" aria-describedby=count_id("answer")>{d.answer_text.clone()}</textarea>
                            {char_count(lang, "answer", MAX_STORY_CHARS)}
                        </div>
                        {upload_fields(lang, &d.errors, &d.upload_kind)}
                        <button type="submit" class="button">{lang.t(Msg::InfoSend)}</button>
                    </form>
                }
            });
            view! {
                <section class="info-request" id=format!("request-{}", r.id)>
                    <h2>{lang.t(Msg::InfoRequested)}</h2>
                    <p>{r.items.clone()}</p>
                    <p>{fill(lang.t(Msg::InfoDue), &[("date", r.due_date.clone())])}</p>
                    {answered}
                    {form}
                </section>
            }
        })
        .collect();
    let who = if a.proxy {
        fill(lang.t(Msg::StatusProxy), &[("subject", a.subject_name.clone()), ("actor", a.actor_name.clone())])
    } else {
        a.subject_name.clone()
    };
    let awaits_acceptance = crate::domain::case::CaseStatus::from_code(&a.status).is_some_and(|s| s.awaits_acceptance());
    let decision = d.decision.as_ref().map(|x| decision_panel(x, &a.programme, lang));
    view! {
        <Title text=fill(lang.t(Msg::StatusOne), &[("reference", a.reference.clone())])/>
        <a class="back-link" href=paths::STATUS>{lang.t(Msg::StatusBackList)}</a>
        <h1>{fill(lang.t(Msg::StatusOne), &[("reference", a.reference.clone())])}</h1>
        {error_summary(&d.errors, lang)}
        <dl class="summary-list">
            <div><dt>{lang.t(Msg::StatusCurrent)}</dt><dd><strong class="tag" id="status">{lang.t(status_label(&a.status))}</strong></dd></div>
            <div><dt>{lang.t(Msg::AppProgrammeTitle)}</dt><dd>{programme_text(&a.programme, lang)}</dd></div>
            <div><dt>{lang.t(Msg::AppReviewWho)}</dt><dd id="for-whom">{who}</dd></div>
            <div><dt>{lang.t(Msg::StatusOffice)}</dt><dd id="office">{a.office_name.clone()} {office_contact(&a.office_contact, lang)}</dd></div>
            {awaits_acceptance.then(|| view! { <div><dt>{lang.t(Msg::StatusAcceptBy)}</dt><dd>{a.accept_by.clone()}</dd></div> })}
        </dl>
        <p><a id="receipt-letter" href=letter_href(&a.reference, "receipt") download>{lang.t(Msg::LetterDownloadReceipt)}</a></p>
        {decision}
        {d.decision.is_some().then(|| view! { <p><a id="decision-letter" href=letter_href(&a.reference, "decision") download>{lang.t(Msg::LetterDownloadDecision)}</a></p> })}
        {d.payment_check.as_ref().map(|c| arrival_panel(&d, c, lang))}
        {requests}
        <h2>{lang.t(Msg::StatusTimeline)}</h2>
        <ol class="timeline">{timeline}</ol>
        {(!d.messages.is_empty()).then(|| {
            let state = |delivery: &str| match delivery {
                "pending" => Some(Msg::StatusMessagePending),
                "sent" => Some(Msg::StatusMessageSent),
                "failed" => Some(Msg::StatusMessageFailed),
                _ => None,
            };
            let sent: Vec<_> = d
                .messages
                .iter()
                .map(|m| {
                    let state = state(&m.delivery).map(|s| view! { " · " <span class="delivery" data-delivery=m.delivery.clone()>{lang.t(s)}</span> });
                    view! { <li><p class="hint"><LocalTime utc=m.at.clone()/>{state}</p><p>{m.text.clone()}</p></li> }
                })
                .collect();
            view! { <section id="messages"><h2>{lang.t(Msg::StatusMessagesHeading)}</h2><ol class="records">{sent}</ol></section> }
        })}
        <h2>{lang.t(Msg::AppDocumentsTitle)}</h2>
        {documents_list(&d.documents, lang, None, Some(&format!("{}/{}/documents", paths::STATUS, a.reference)))}
    }
    .into_any()
}

/// How to reach the office and when it is open, as far as it has said (nothing otherwise).
fn office_contact(c: &crate::domain::administration::offices::OfficeContact, lang: Lang) -> Option<impl IntoView> {
    let line = |msg: Msg, key: &'static str, value: &str| (!value.is_empty()).then(|| view! { <li>{fill(lang.t(msg), &[(key, value.to_string())])}</li> });
    (!c.is_empty()).then(|| {
        view! {
            <ul class="office-contact" id="office-contact">
                {line(Msg::OfficeContactPhone, "phone", &c.phone)}
                {line(Msg::OfficeContactAddress, "address", &c.address)}
                {line(Msg::OfficeContactHours, "hours", &c.hours)}
            </ul>
        }
    })
}
