//! The warnings queue of an office, and one warning with what can be done about it.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{STAFF_FEEDS, STAFF_MONITORING, STAFF_PEOPLE, STAFF_REGISTER, STAFF_WARNINGS};
use crate::components::form::{error_for, error_summary};
use crate::i18n::{use_lang, Lang, Msg};
use crate::page_data::monitoring::{WarningData, WarningLine, WarningsData, WarningsView};
use crate::paths;

fn view_label(v: WarningsView) -> Msg {
    match v {
        WarningsView::Open => Msg::WarningsOpen,
        WarningsView::Overdue => Msg::WarningsOverdue,
        WarningsView::Mine => Msg::WarningsMine,
        WarningsView::Closed => Msg::WarningsClosed,
        WarningsView::Reviews => Msg::WarningsReviews,
    }
}

fn warning_item(w: &WarningLine, lang: Lang) -> impl IntoView {
    let due = if w.overdue { crate::i18n::fill(lang.t(Msg::WarningOverdueSince), &[("date", w.due.clone())]) } else { crate::i18n::fill(lang.t(Msg::WarningDueBy), &[("date", w.due.clone())]) };
    view! {
        <li class="case" data-overdue=w.overdue.to_string() data-warning=w.id.clone()>
            <p>
                {w.urgent.then(|| view! { <span class="tag tag-alert">{w.priority.clone()}</span> " " })}
                <a href=format!("{STAFF_WARNINGS}/{}", w.id)><strong>{w.rule.clone()}</strong></a>
                " · " {w.person.clone()} " " <span class="hint">{w.id_masked.clone()}</span>
            </p>
            <p>{w.tier.clone()} {(!w.figure.is_empty()).then(|| view! { " · " {w.figure.clone()} })}</p>
            <p class="hint clock" class:clock-overdue=w.overdue>{w.outcome.clone().unwrap_or(due)}
                {w.assignee.clone().map(|a| view! { " · " {a} })}</p>
        </li>
    }
}

#[component]
pub fn WarningsPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<WarningsData>().unwrap_or_default();
    let tabs: Vec<_> = WarningsView::ALL
        .iter()
        .map(|v| {
            let current = *v == d.view;
            view! { <li><a href=format!("{STAFF_MONITORING}?view={}", v.code()) aria-current=current.then_some("page")>{lang.t(view_label(*v))}</a></li> }
        })
        .collect();
    let rows: Vec<_> = d.rows.iter().map(|w| warning_item(w, lang)).collect();
    let reviewing = d.view == WarningsView::Reviews;
    let reviews: Vec<_> = d.reviews.iter().map(|r| super::reviews::review_item(r, lang)).collect();
    let empty = if reviewing {
        d.reviews.is_empty().then(|| view! { <p id="warnings-empty">{lang.t(Msg::ReviewsEmpty)}</p> })
    } else {
        d.rows.is_empty().then(|| view! { <p id="warnings-empty">{lang.t(Msg::WarningsEmpty)}</p> })
    };
    view! {
        <Title text=lang.t(Msg::MonitoringTitle)/>
        <a class="back-link" href=paths::STAFF>{lang.t(Msg::BtnBack)}</a>
        <h1>{lang.t(Msg::MonitoringTitle)}</h1>
        <p class="lead">{lang.t(Msg::MonitoringIntro)}</p>
        <p><a href=STAFF_REGISTER>{lang.t(Msg::RegisterTitle)}</a>
            {d.may_manage.then(|| view! { " · " <a href=STAFF_FEEDS>{lang.t(Msg::FeedUploadTitle)}</a> })}</p>
        <nav aria-label=lang.t(Msg::WarningsViews)><ul class="tabs">{tabs}</ul></nav>
        {empty}
        {(!reviewing).then(|| view! { <ol class="queue" id="warnings">{rows}</ol> })}
        {reviewing.then(|| view! { <ol class="queue" id="reviews">{reviews}</ol> })}
    }
}

#[component]
pub fn WarningPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<WarningData>().unwrap_or_default();
    let here = format!("{STAFF_WARNINGS}/{}", d.line.id);
    let f = d.form.clone();
    let outcome_error = error_for(&d.errors, "outcome", lang);
    let note_error = error_for(&d.errors, "note", lang);
    let programme_error = error_for(&d.errors, "programme", lang);
    let phone_error = error_for(&d.errors, "phone", lang);
    let consent_error = error_for(&d.errors, "consent", lang);
    let outcomes = super::radios("outcome", &d.outcomes, &f.outcome);
    let programmes: Vec<_> = d.programme_choices.iter().map(|(code, label)| view! { <option value=code.clone() selected=f.programme == *code>{label.clone()}</option> }).collect();
    let programmes_now: Vec<_> = d.programmes.iter().map(|p| view! { <li>{p.clone()}</li> }).collect();
    let handle = (d.open && d.may_handle).then(|| {
        view! {
            {(!d.assigned_to_me).then(|| view! {
                <form method="post" action=format!("{here}/assign")>
                    <input type="hidden" name="version" value=d.version.to_string()/>
                    <button type="submit" class="button-secondary">{lang.t(Msg::StaffAssignMe)}</button>
                </form>
            })}
            <h2 id="close">{lang.t(Msg::WarningCloseTitle)}</h2>
            <form method="post" action=format!("{here}/close") novalidate>
                <input type="hidden" name="version" value=d.version.to_string()/>
                <fieldset class="field" class:field-error=outcome_error.is_some() id="outcome">
                    <legend>{lang.t(Msg::WarningOutcome)}</legend>
                    {outcome_error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
                    {outcomes}
                </fieldset>
                <div class="field" class:field-error=note_error.is_some()>
                    <label for="note">{lang.t(Msg::WarningNote)}</label>
                    <p class="hint">{lang.t(Msg::WarningNoteHint)}</p>
                    {note_error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
                    <textarea id="note" name="note" rows="4">{f.note.clone()}</textarea>
                </div>
                <h3>{lang.t(Msg::WarningForInviteOrCase)}</h3>
                <div class="field" class:field-error=programme_error.is_some()>
                    <label for="programme">{lang.t(Msg::StaffRowProgramme)}</label>
                    {programme_error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
                    <select id="programme" name="programme"><option value="">{lang.t(Msg::StaffChoose)}</option>{programmes}</select>
                </div>
                <div class="field" class:field-error=phone_error.is_some()>
                    <label for="phone">{lang.t(Msg::WarningPhone)}</label>
                    <p class="hint">{lang.t(if d.phone_known { Msg::WarningPhoneKnown } else { Msg::WarningPhoneUnknown })}</p>
                    {phone_error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
                    <input id="phone" name="phone" type="tel" inputmode="numeric" autocomplete="off" value=f.phone.clone()/>
                </div>
                <div class="field" class:field-error=consent_error.is_some()>
                    {consent_error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
                    <div class="check"><input type="checkbox" id="consent" name="consent" value="true" checked=f.consent/><label for="consent">{lang.t(Msg::WarningConsent)}</label></div>
                </div>
                <button type="submit" class="button">{lang.t(Msg::WarningCloseButton)}</button>
            </form>
        }
    });
    let closed = (!d.open).then(|| {
        view! {
            <h2>{lang.t(Msg::WarningClosedTitle)}</h2>
            <dl class="summary" id="closing">
                <div><dt>{lang.t(Msg::WarningOutcome)}</dt><dd>{d.line.outcome.clone()}</dd></div>
                <div><dt>{lang.t(Msg::WarningNote)}</dt><dd>{d.note.clone()}</dd></div>
                <div><dt>{lang.t(Msg::WarningClosedBy)}</dt><dd>{d.closed.clone()}</dd></div>
                {d.case_reference.clone().map(|r| view! { <div><dt>{lang.t(Msg::WarningCase)}</dt><dd><a href=format!("{}/{r}", super::super::STAFF_CASES) id="warning-case">{r.clone()}</a></dd></div> })}
            </dl>
        }
    });
    view! {
        <Title text=d.line.rule.clone()/>
        <a class="back-link" href=STAFF_MONITORING>{lang.t(Msg::BtnBack)}</a>
        <h1>{d.line.rule.clone()} " · " {d.line.person.clone()}</h1>
        {error_summary(&d.errors, lang)}
        {d.done.clone().map(|t| view! { <p class="notice" id="done" role="status">{t}</p> })}
        <dl class="summary" id="warning">
            <div><dt>{lang.t(Msg::WarningPriority)}</dt><dd>{d.line.priority.clone()}</dd></div>
            <div><dt>{lang.t(Msg::WarningSignal)}</dt><dd>{d.source.clone()} " · " {d.signal_day.clone()}</dd></div>
            {(!d.line.figure.is_empty()).then(|| view! { <div><dt>{d.threshold_note.clone()}</dt><dd id="figure">{d.line.figure.clone()}</dd></div> })}
            <div><dt>{lang.t(Msg::WarningPerson)}</dt><dd>{d.line.person.clone()} " " {d.line.id_masked.clone()}</dd></div>
            <div><dt>{lang.t(Msg::WarningResidence)}</dt><dd>{d.community.clone()} " " {d.address.clone()}</dd></div>
            <div><dt>{lang.t(Msg::WarningOffice)}</dt><dd>{d.office.clone()}</dd></div>
            <div><dt>{lang.t(Msg::WarningDue)}</dt><dd class:clock-overdue=d.line.overdue>{d.line.due.clone()}</dd></div>
            <div><dt>{lang.t(Msg::WarningAssignee)}</dt><dd>{d.line.assignee.clone().unwrap_or_else(|| "—".into())}</dd></div>
        </dl>
        <h2>{lang.t(Msg::WarningProgrammesNow)}</h2>
        <ul id="programmes-now">{programmes_now}</ul>
        <p><a href=format!("{STAFF_PEOPLE}/{}", d.person_id) id="chain-link">{lang.t(Msg::ChainTitle)}</a>
            {d.may_handle.then(|| view! { " · " <a href=format!("{}/{}", crate::pages::staff::STAFF_ASSESSMENTS, d.person_id) id="assessment-link">{lang.t(Msg::AssessmentTitle)}</a> })}</p>
        {handle}
        {closed}
    }
}
