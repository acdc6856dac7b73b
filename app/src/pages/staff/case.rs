//! One case on the workbench: everything submitted, the history, and the actions its
//! state and the viewer's role allow.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{error_for, error_summary};
use crate::domain::money::Fen;
use crate::domain::staff::Action;
use crate::i18n::{fill, use_lang, Lang, Msg};
use crate::page_data::staff::{CaseData, Suggestion};
use crate::pages::apply::form::{documents_list, relation_msg};
use crate::pages::apply::status::status_label;
use crate::pages::check::programme_name;
use crate::pages::check::view::{event_label, verdict_label};
use crate::paths;
use super::{labelled_input, programme_text, STAFF_CASES};

/// (label, value) rows of what was submitted, masked where sensitive.
fn case_rows(d: &CaseData, lang: Lang) -> Vec<(String, String)> {
    let s = &d.application;
    let t = |m: Msg| lang.t(m).to_string();
    let yuan = |f: Fen| fill(lang.t(Msg::AppYuan), &[("amount", f.yuan_text())]);
    let yes_no = |b: bool| t(if b { Msg::Yes } else { Msg::No });
    let mut rows = Vec::new();
    let who = match &s.proxy {
        Some(p) => fill(lang.t(Msg::AppReviewProxy), &[("name", p.name.clone()), ("relation", t(relation_msg(&p.relation))), ("id", p.id.masked())]),
        None => fill(lang.t(Msg::AppWhoSelf), &[("name", d.summary.subject_name.clone()), ("id", d.subject_id_masked.clone())]),
    };
    rows.push((t(Msg::AppReviewWho), who));
    rows.push((t(Msg::AppProgrammeTitle), t(programme_name(s.programme))));
    let mut place = d.places.clone();
    place.push(s.residence.address.clone());
    rows.push((t(Msg::AppResidenceTitle), place.join(" ")));
    if let Some(input) = &s.input {
        rows.push((t(Msg::QHukou), yes_no(input.hukou_local)));
        let members: Vec<String> = input
            .household
            .members()
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let name = if i == 0 { d.summary.subject_name.clone() } else { s.member_names.get(i - 1).cloned().unwrap_or_default() };
                fill(lang.t(Msg::AppReviewMember), &[("name", name), ("age", m.age.to_string())])
            })
            .collect();
        rows.push((t(Msg::AppHouseholdTitle), members.join("；")));
        rows.push((t(Msg::QIncome), yuan(input.avg_monthly_income_6m)));
        rows.push((t(Msg::QSavings), yuan(input.assets.savings)));
        rows.push((t(Msg::QMedical), yuan(input.rigid_expenses_12m.medical)));
        rows.push((t(Msg::QEducation), yuan(input.rigid_expenses_12m.education)));
        let event = match &input.sudden_event {
            None => t(Msg::EvNone),
            Some(e) => format!("{} {} {}", t(event_label(e.kind)), e.date, yuan(e.loss)),
        };
        rows.push((t(Msg::QEvent), event));
    }
    if !s.story.is_empty() {
        rows.push((t(Msg::AppEventStory), s.story.clone()));
    }
    rows.push((t(Msg::AppDocumentsTitle), fill(lang.t(Msg::AppReviewDocuments), &[("n", d.documents.len().to_string())])));
    if let Some(p) = &s.payee {
        rows.push((t(Msg::AppPaymentTitle), format!("{} {} {}", p.holder, p.bank, p.account.masked())));
    }
    rows.push((t(Msg::AppPledgeTitle), d.pledge_code.clone()));
    rows
}

#[component]
pub fn CasePage() -> impl IntoView {
    let lang = use_lang();
    let Some(d) = use_context::<CaseData>() else { return view! { <Title text=lang.t(Msg::NavStaff)/> }.into_any() };
    let a = d.summary.clone();
    let action_url = |action: &str| format!("{STAFF_CASES}/{}/{action}", a.reference);
    let version = d.version.to_string();
    let can = |a: Action| d.actions.contains(&a);
    let button = |action: &'static str, label: Msg| {
        let version = version.clone();
        view! {
            <form method="post" action=action_url(action) class="inline-form">
                <input type="hidden" name="version" value=version/>
                <button type="submit" class="button" id=format!("action-{action}")>{lang.t(label)}</button>
            </form>
        }
    };
    let rows: Vec<_> = case_rows(&d, lang).into_iter().map(|(k, v)| view! { <div><dt>{k}</dt><dd>{v}</dd></div> }).collect();
    let assessment = d.assessment.clone().map(|r| {
        let reasons: Vec<_> = r.reasons.iter().map(|x| view! { <li>{x.clone()}</li> }).collect();
        view! {
            <section class="help" id="assessment">
                <h2>{lang.t(Msg::AppAssessment)}</h2>
                {r.verdict.map(|v| view! { <p><strong>{lang.t(verdict_label(v))}</strong></p> })}
                <ul>{reasons}</ul>
            </section>
        }
    });
    let timeline: Vec<_> = d
        .timeline
        .iter()
        .map(|e| view! { <li data-kind=e.kind.clone()><crate::components::time::LocalTime utc=e.at.clone()/> " · " {lang.t(crate::pages::apply::status::event_label(&e.kind))} " · " {e.actor.clone()} " " {e.detail.clone()}</li> })
        .collect();
    let requests: Vec<_> = d
        .requests
        .iter()
        .map(|r| view! { <li>{r.items.clone()} " · " {r.due_date.clone()} " · " {r.answer.clone().unwrap_or_default()}</li> })
        .collect();
    let text_input = |name: &'static str, label: Msg, value: String, area: bool| labelled_input(&d.errors, lang, name, label, value, area);
    let form = |action: &'static str, heading: Msg, body: AnyView, submit: Msg| {
        // The visit may carry a photo.
        let enctype = (action == "visit").then_some("multipart/form-data");
        view! {
            <form method="post" action=action_url(action) novalidate class="case-form" id=format!("form-{action}") enctype=enctype>
                <h2>{lang.t(heading)}</h2>
                <input type="hidden" name="version" value=version.clone()/>
                {body}
                <button type="submit" class="button-secondary">{lang.t(submit)}</button>
            </form>
        }
    };
    let records = can(Action::RecordVisit).then(|| {
        let result_error = error_for(&d.errors, "result", lang);
        view! {
            {form("visit", Msg::StaffVisit, view! {
                {text_input("visit_date", Msg::StaffDate, d.today.clone(), false)}
                {text_input("findings", Msg::StaffFindings, String::new(), true)}
                <div class="field">
                    <label for="document">{lang.t(Msg::StaffVisitPhoto)}</label>
                    {error_for(&d.errors, "document", lang).map(|e| view! { <p class="error-message">{e}</p> })}
                    <input type="file" id="document" name="document" accept="image/jpeg,image/png,image/webp"/>
                </div>
            }.into_any(), Msg::StaffRecord)}
            {form("appraisal", Msg::StaffAppraisal, view! {
                {text_input("appraisal_date", Msg::StaffDate, d.today.clone(), false)}
                {text_input("participants", Msg::StaffParticipants, String::new(), true)}
                <fieldset class="field" class:field-error=result_error.is_some()>
                    <legend>{lang.t(Msg::StaffAppraisalResult)}</legend>
                    {result_error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
                    <div class="check"><input type="radio" id="result" name="result" value="agree"/><label for="result">{lang.t(Msg::StaffAgree)}</label></div>
                    <div class="check"><input type="radio" id="result-disagree" name="result" value="disagree"/><label for="result-disagree">{lang.t(Msg::StaffDisagree)}</label></div>
                </fieldset>
            }.into_any(), Msg::StaffRecord)}
        }
    });
    let decide = can(Action::Approve).then(|| {
        let s = d.suggestion.clone();
        let amount_part = match &s {
            Some(Suggestion { multiple: Some((lo, hi)), per_unit_fen, min_fen, max_fen }) => {
                let options: Vec<_> = (*lo..=*hi).map(|m| view! { <option value=m.to_string()>{format!("{m} × {}", crate::domain::money::Fen::new(*per_unit_fen).unwrap_or_default().yuan_text())}</option> }).collect();
                let hint = fill(lang.t(Msg::StaffSuggestionOnce), &[("min", crate::domain::money::Fen::new(*min_fen).unwrap_or_default().yuan_text()), ("max", crate::domain::money::Fen::new(*max_fen).unwrap_or_default().yuan_text())]);
                view! {
                    <div class="field">
                        <label for="multiple">{lang.t(Msg::StaffMultiple)}</label>
                        <p class="hint">{hint}</p>
                        <select id="multiple" name="multiple">{options}</select>
                    </div>
                }
                .into_any()
            }
            Some(Suggestion { max_fen, .. }) => {
                let max = crate::domain::money::Fen::new(*max_fen).unwrap_or_default().yuan_text();
                view! {
                    <p class="hint">{fill(lang.t(Msg::StaffSuggestionMonth), &[("amount", max.clone())])}</p>
                    {text_input("amount", Msg::StaffAmount, max.replace(',', ""), false)}
                }
                .into_any()
            }
            None => view! {
                <p class="hint">{lang.t(Msg::StaffNoSuggestion)}</p>
                {text_input("amount", Msg::StaffAmount, String::new(), false)}
            }
            .into_any(),
        };
        let provisional = can(Action::ProvisionalApprove).then(|| form("provisional", Msg::StaffProvisional, view! {
            <p class="hint">{lang.t(Msg::StaffProvisionalHint)}</p>
            {text_input("provisional_amount", Msg::StaffAmount, String::new(), false)}
        }.into_any(), Msg::StaffProvisional));
        view! {
            {provisional}
            {form("approve", Msg::StaffApprove, amount_part, Msg::StaffApprove)}
            {form("reject", Msg::StaffReject, view! {
                {text_input("reason", Msg::StaffReason, String::new(), true)}
                {text_input("basis", Msg::StaffBasis, String::new(), false)}
            }.into_any(), Msg::StaffReject)}
        }
    });
    let decision = d.decision.clone().map(|(kind, amount)| {
        let text = match amount {
            Some(a) => fill(lang.t(Msg::StaffDecisionAmount), &[("amount", a)]),
            None => String::new(),
        };
        view! { <p class="notice" id="decision">{lang.t(status_label(&kind))} " " {text}</p> }
    });
    let items_error = error_for(&d.errors, "items", lang);
    let due_error = error_for(&d.errors, "due", lang);
    view! {
        <Title text=a.reference.clone()/>
        <a class="back-link" href=paths::STAFF>{lang.t(Msg::BtnBack)}</a>
        <h1>{a.reference.clone()}</h1>
        {error_summary(&d.errors, lang)}
        <p><strong class="tag" id="status">{lang.t(status_label(&a.status))}</strong> " " {programme_text(&a.programme, lang)}</p>
        <p>{fill(lang.t(Msg::StatusProxy), &[("subject", a.subject_name.clone()), ("actor", a.actor_name.clone())])} " · " {d.subject_id_masked.clone()}</p>
        <p class="hint">{a.office_name.clone()} " · " {lang.t(Msg::StatusAcceptBy)} " " {a.accept_by.clone()}</p>
        <div class="actions" id="case-actions">
            {can(Action::AssignToSelf).then(|| button("assign", Msg::StaffAssignMe))}
            {can(Action::Accept).then(|| button("accept", Msg::StaffAccept))}
        </div>
        {d.assigned_to_me.then(|| view! { <p class="notice">{lang.t(Msg::StaffAssignedToMe)}</p> })}
        {can(Action::RequestInformation).then(|| view! {
            <form method="post" action=action_url("request-info") novalidate class="request-info">
                <h2>{lang.t(Msg::StaffRequestInfo)}</h2>
                <input type="hidden" name="version" value=version.clone()/>
                <div class="field" class:field-error=items_error.is_some()>
                    <label for="items">{lang.t(Msg::StaffRequestItems)}</label>
                    {items_error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
                    <textarea id="items" name="items" rows="3"></textarea>
                </div>
                <div class="field" class:field-error=due_error.is_some()>
                    <label for="due">{lang.t(Msg::StaffRequestDue)}</label>
                    {due_error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
                    <input id="due" name="due" type="text" inputmode="numeric"/>
                </div>
                <button type="submit" class="button-secondary">{lang.t(Msg::StaffRequestSend)}</button>
            </form>
        })}
        {decision}
        <div class="actions">
            {can(Action::StartNotice).then(|| button("notice-start", Msg::StaffNoticeStart))}
            {can(Action::EndNotice).then(|| button("notice-end", Msg::StaffNoticeEnd))}
        </div>
        {can(Action::EmergencyAid).then(|| form("emergency", Msg::StaffEmergency, view! {
            <p class="hint">{lang.t(Msg::StaffEmergencyHint)}</p>
            {text_input("aid_amount", Msg::StaffPaymentAmount, String::new(), false)}
        }.into_any(), Msg::StaffEmergency))}
        {d.follow_up_by.clone().map(|by| view! { <p class="notice" id="follow-up">{fill(lang.t(Msg::StaffFollowUpBy), &[("date", by)])}</p> })}
        {d.recovery.clone().map(|r| view! { <p class="notice" id="recovery">{fill(lang.t(Msg::StaffRecovery), &[("amount", r)])}</p> })}
        {can(Action::RecordVerification).then(|| {
            let outcomes: Vec<_> = [("meets", Msg::StaffVerifyMeets), ("fails", Msg::StaffVerifyFails), ("false_info", Msg::StaffVerifyFalse)]
                .into_iter()
                .enumerate()
                .map(|(i, (v, m))| {
                    let id = if i == 0 { "outcome".to_string() } else { format!("outcome-{v}") };
                    view! { <div class="check"><input type="radio" id=id.clone() name="outcome" value=v/><label for=id>{lang.t(m)}</label></div> }
                })
                .collect();
            form("verify", Msg::StaffVerify, view! { <fieldset class="field"><legend>{lang.t(Msg::StaffVerifyResult)}</legend>{outcomes}</fieldset> }.into_any(), Msg::StaffRecord)
        })}
        {can(Action::RecordPayment).then(|| form("payment", Msg::StaffPayment, view! {
            {text_input("payment_amount", Msg::StaffPaymentAmount, String::new(), false)}
            {text_input("paid_on", Msg::StaffDate, d.today.clone(), false)}
            {text_input("period", Msg::StaffPeriod, String::new(), false)}
        }.into_any(), Msg::StaffRecord))}
        {(!d.payments.is_empty()).then(|| {
            let items: Vec<_> = d.payments.iter().map(|(on, amount, period)| view! { <li>{on.clone()} " · " {amount.clone()} " · " {period.clone()}</li> }).collect();
            view! { <h2>{lang.t(Msg::StaffPayments)}</h2><ul id="payments">{items}</ul> }
        })}
        {can(Action::Transfer).then(|| form("transfer", Msg::StaffTransfer, view! {
            {text_input("community", Msg::StaffTransferCommunity, String::new(), false)}
            {text_input("reason", Msg::StaffTransferReason, String::new(), true)}
        }.into_any(), Msg::StaffTransferSend))}
        {records}
        {decide}
        {assessment}
        <h2>{lang.t(Msg::StaffAnswers)}</h2>
        <dl class="summary-list">{rows}</dl>
        <h2>{lang.t(Msg::AppDocumentsTitle)}</h2>
        {documents_list(&d.documents, lang, None, Some(&format!("{STAFF_CASES}/{}/documents", a.reference)))}
        {(!requests.is_empty()).then(|| view! { <h2>{lang.t(Msg::InfoRequested)}</h2><ul>{requests}</ul> })}
        <h2>{lang.t(Msg::StatusTimeline)}</h2>
        <ol class="timeline">{timeline}</ol>
    }
    .into_any()
}
