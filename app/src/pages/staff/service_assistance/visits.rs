//! A worker's visits on a phone: today's and overdue ones, big targets, one visit per card;
//! and one visit's record — times, the checklist, notes, how the person confirmed, their
//! satisfaction — posted with its idempotency key so a retry makes one visit.

use leptos::prelude::*;
use leptos_meta::Title;

use super::STAFF_VISITS;
use crate::components::form::{error_for, error_summary};
use crate::i18n::{fill, use_lang, Msg};
use crate::page_data::service_plans::{VisitData, VisitsData};
use crate::pages::signature_pad::SignaturePad;
use super::offline::{OfflineTexts, OfflineVisits};
use crate::i18n::Lang;

fn offline_texts(lang: Lang) -> OfflineTexts {
    OfflineTexts {
        saved: lang.t(Msg::VisitSavedOffline).to_string(),
        waiting: lang.t(Msg::VisitsWaiting).to_string(),
        sent: lang.t(Msg::VisitsWaitingSent).to_string(),
        refused: lang.t(Msg::VisitsWaitingRefused).to_string(),
        saved_without_photo: lang.t(Msg::VisitSavedOfflineNoPhoto).to_string(),
    }
}

#[component]
pub fn VisitsPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<VisitsData>().unwrap_or_default();
    let tab = |due: &'static str, label: Msg, n: usize| {
        let current = d.due == due;
        view! { <a href=format!("{STAFF_VISITS}?due={due}") class="tab" class:tab-current=current aria-current=current.then_some("page")>{fill(lang.t(label), &[("n", n.to_string())])}</a> }
    };
    let cards: Vec<_> = d
        .visits
        .iter()
        .map(|v| {
            let phone = (!v.phone.is_empty()).then(|| view! { <p><a href=format!("tel:{}", v.phone)>{v.phone.clone()}</a></p> });
            let notes = (!v.access_notes.is_empty()).then(|| view! { <p class="hint">{lang.t(Msg::PlanAccessNotes)}": "{v.access_notes.clone()}</p> });
            view! {
                <li class="visit-card" class:overdue=v.overdue>
                    <h2><a href=format!("{STAFF_VISITS}/{}", v.id)>{v.person.clone()}" · "{v.what.clone()}</a></h2>
                    <p><strong>{v.due_on.clone()}</strong>{v.overdue.then(|| view! { " · "<span class="tag tag-warning">{lang.t(Msg::VisitOverdue)}</span> })}</p>
                    <p>{v.address.clone()}</p>
                    {phone}
                    {notes}
                </li>
            }
        })
        .collect();
    let none = match d.due.as_str() {
        "overdue" => Msg::VisitsNoneOverdue,
        "upcoming" => Msg::VisitsNoneUpcoming,
        _ => Msg::VisitsNoneToday,
    };
    let empty = d.visits.is_empty().then(|| view! { <p id="no-visits">{lang.t(none)}</p> });
    view! {
        <Title text=lang.t(Msg::VisitsTitle)/>
        <h1>{lang.t(Msg::VisitsTitle)}</h1>
        <p class="hint">{d.provider.clone()}</p>
        {d.done.clone().map(|t| view! { <p class="notice" id="done" role="status">{t}</p> })}
        <OfflineVisits texts=offline_texts(lang)/>
        <nav class="tabs">{tab("today", Msg::VisitsToday, d.today_count)}{tab("overdue", Msg::VisitsOverdue, d.overdue_count)}{tab("upcoming", Msg::VisitsUpcoming, d.upcoming_count)}</nav>
        <ul class="visit-cards" id="visits">{cards}</ul>
        {empty}
        {match d.app_token.clone() {
            Some(token) => view! {
                <section class="notice" id="app-token" role="status">
                    <h2>{lang.t(Msg::VisitsAppTokenTitle)}</h2>
                    <p>{lang.t(Msg::VisitsAppTokenShown)}</p>
                    <p><code>{token}</code></p>
                </section>
            }.into_any(),
            None => view! {
                <form method="post" action=format!("{STAFF_VISITS}/app-token")>
                    <p class="hint">{lang.t(Msg::VisitsAppTokenHint)}</p>
                    <button type="submit" class="button button-secondary">{lang.t(Msg::VisitsAppTokenMake)}</button>
                </form>
            }.into_any(),
        }}
    }
}

#[component]
pub fn VisitPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<VisitData>().unwrap_or_default();
    let here = format!("{STAFF_VISITS}/{}", d.line.id);
    let f = d.form.clone();
    let err = |name: &str| error_for(&d.errors, name, lang);
    let show = |e: Option<String>| e.map(|e| view! { <p class="error-message">{e}</p> });
    let checklist: Vec<_> = d
        .checklist
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let id = format!("done-{i}");
            view! { <div class="check"><input type="checkbox" id=id.clone() name="done" value=c.clone() checked=f.done.contains(c)/><label for=id>{c.clone()}</label></div> }
        })
        .collect();
    let confirm = |code: &'static str, label: Msg| {
        let id = format!("confirmation-{code}");
        view! { <div class="radio"><input type="radio" id=id.clone() name="confirmation" value=code checked=f.confirmation == code/><label for=id>{lang.t(label)}</label></div> }
    };
    let stars: Vec<_> = (1..=5)
        .map(|n: i64| {
            let id = format!("satisfaction-{n}");
            view! { <div class="radio radio-inline"><input type="radio" id=id.clone() name="satisfaction" value=n.to_string() checked=f.satisfaction == n.to_string()/><label for=id>{n}</label></div> }
        })
        .collect();
    let referral = |code: &'static str, label: Msg| {
        let id = if code.is_empty() { "referral_kind-none".to_string() } else { format!("referral_kind-{code}") };
        view! { <div class="radio"><input type="radio" id=id.clone() name="referral_kind" value=code checked=f.referral_kind == code/><label for=id>{lang.t(label)}</label></div> }
    };
    let hidden = |name: &'static str, value: String| view! { <input type="hidden" name=name value=value/> };
    let v = d.line.clone();
    let recorded = v.done.then(|| view! { <p class="notice" id="recorded" role="status">{lang.t(Msg::VisitRecordedAlready)}" · "{v.record.clone()}</p> });
    view! {
        <Title text=lang.t(Msg::VisitTitle)/>
        <a class="back-link" href=STAFF_VISITS>{lang.t(Msg::VisitsTitle)}</a>
        <h1>{v.person.clone()}" · "{v.what.clone()}</h1>
        <p><strong>{v.due_on.clone()}</strong>" · "{v.address.clone()}</p>
        {(!v.phone.is_empty()).then(|| view! { <p><a href=format!("tel:{}", v.phone)>{v.phone.clone()}</a></p> })}
        {(!v.access_notes.is_empty()).then(|| view! { <p class="hint">{lang.t(Msg::PlanAccessNotes)}": "{v.access_notes.clone()}</p> })}
        {error_summary(&d.errors, lang)}
        {d.done.clone().map(|t| view! { <p class="notice" id="done" role="status">{t}</p> })}
        {recorded}
        <OfflineVisits texts=offline_texts(lang)/>
        <p class="hint">{lang.t(Msg::VisitOfflineHint)}</p>
        <form method="post" action=here.clone() enctype="multipart/form-data" novalidate id="record-form" data-visit=v.id.clone()>
            {hidden("key", d.key.clone())}
            <div class="field" class:field-error=err("started_at").is_some()>
                <label for="started_at">{lang.t(Msg::VisitStarted)}</label>
                {show(err("started_at"))}
                <input id="started_at" name="started_at" type="datetime-local" value=f.started_at.clone()/>
            </div>
            <div class="field" class:field-error=err("ended_at").is_some()>
                <label for="ended_at">{lang.t(Msg::VisitEnded)}</label>
                {show(err("ended_at"))}
                <input id="ended_at" name="ended_at" type="datetime-local" value=f.ended_at.clone()/>
            </div>
            {(!checklist.is_empty()).then(|| view! { <fieldset class="field" id="checklist"><legend>{lang.t(Msg::VisitChecklist)}</legend>{checklist}</fieldset> })}
            <div class="field" class:field-error=err("notes").is_some()>
                <label for="notes">{lang.t(Msg::VisitNotes)}</label>
                <p class="hint">{lang.t(Msg::VisitNotesHint)}</p>
                {show(err("notes"))}
                <textarea id="notes" name="notes" rows="3">{f.notes.clone()}</textarea>
            </div>
            <div class="field" class:field-error=err("photo").is_some()>
                <label for="photo">{lang.t(Msg::VisitPhoto)}</label>
                <p class="hint">{crate::i18n::fill(lang.t(Msg::VisitPhotoHint), &[("n", crate::domain::service_assistance::record::MAX_VISIT_PHOTOS.to_string())])}</p>
                {show(err("photo"))}
                // Several at once: the phone offers its camera or its gallery.
                <input id="photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" multiple/>
            </div>
            <fieldset class="field" class:field-error=err("confirmation").is_some() id="confirmation">
                <legend>{lang.t(Msg::VisitConfirmation)}</legend>
                {show(err("confirmation"))}
                {confirm("code", Msg::ConfirmedByCode)}
                {confirm("signature", Msg::ConfirmedBySignature)}
                {confirm("none", Msg::NotConfirmed)}
            </fieldset>
            <div class="field" class:field-error=err("code").is_some()>
                <label for="code">{lang.t(Msg::VisitCode)}</label>
                <p class="hint">{lang.t(if d.code_sent { Msg::VisitCodeSentHint } else { Msg::VisitCodeHint })}</p>
                {show(err("code"))}
                <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"/>
                {d.has_phone.then(|| view! { <button type="submit" class="button button-secondary" formaction=format!("{here}/send-code") id="send-code">{lang.t(Msg::VisitSendCode)}</button> })}
            </div>
            {show(err("signature"))}
            <SignaturePad lang=lang/>
            <div class="field" class:field-error=err("unconfirmed_reason").is_some()>
                <label for="unconfirmed_reason">{lang.t(Msg::VisitUnconfirmedReason)}</label>
                {show(err("unconfirmed_reason"))}
                <textarea id="unconfirmed_reason" name="unconfirmed_reason" rows="2">{f.unconfirmed_reason.clone()}</textarea>
            </div>
            <fieldset class="field" class:field-error=err("satisfaction").is_some() id="satisfaction">
                <legend>{lang.t(Msg::VisitSatisfaction)}</legend>
                <p class="hint">{lang.t(Msg::VisitSatisfactionHint)}</p>
                {show(err("satisfaction"))}
                {stars}
            </fieldset>
            <div class="field" class:field-error=err("late_reason").is_some()>
                <label for="late_reason">{lang.t(Msg::VisitLateReason)}</label>
                <p class="hint">{lang.t(Msg::VisitLateReasonHint)}</p>
                {show(err("late_reason"))}
                <textarea id="late_reason" name="late_reason" rows="2">{f.late_reason.clone()}</textarea>
            </div>
            <fieldset class="field" class:field-error=err("referral_kind").is_some() id="referral_kind">
                <legend>{lang.t(Msg::VisitReferral)}</legend>
                <p class="hint">{lang.t(Msg::VisitReferralHint)}</p>
                {show(err("referral_kind"))}
                {referral("", Msg::VisitNoReferral)}
                {referral("case", Msg::ReferralCase)}
                {referral("repair", Msg::ReferralRepair)}
                {referral("plan_change", Msg::ReferralPlanChange)}
            </fieldset>
            <div class="field" class:field-error=err("referral_note").is_some()>
                <label for="referral_note">{lang.t(Msg::VisitReferralNote)}</label>
                {show(err("referral_note"))}
                <textarea id="referral_note" name="referral_note" rows="2">{f.referral_note.clone()}</textarea>
            </div>
            <button type="submit" class="button" id="record">{lang.t(Msg::VisitRecord)}</button>
        </form>
    }
}
