//! 一人一案: one person's plan — its lines and their combined rhythm, a form to add a line,
//! the review day and access notes, the person's agreement, and the visits it makes.

use leptos::prelude::*;
use leptos_meta::Title;

use super::STAFF_PLANS;
use crate::components::form::{error_for, error_summary};
use crate::i18n::{use_lang, Lang, Msg};
use crate::page_data::service_plans::{PlanData, VisitLine};
use crate::pages::signature_pad::SignaturePad;

fn field_error(e: Option<String>) -> impl IntoView {
    e.map(|e| view! { <p class="error-message">{e}</p> })
}

/// Visits as a short list: day, what, by whom, and the record once there is one.
pub(crate) fn visit_items(visits: &[VisitLine], lang: Lang) -> impl IntoView {
    visits
        .iter()
        .map(|v| {
            let state = if v.done {
                v.record.clone()
            } else if v.overdue {
                lang.t(Msg::VisitOverdue).to_string()
            } else {
                lang.t(Msg::VisitDue).to_string()
            };
            view! { <li class:overdue=v.overdue><strong>{v.due_on.clone()}</strong>" · "{v.what.clone()}" · "{v.provider.clone()}" · "{state}</li> }
        })
        .collect::<Vec<_>>()
}

#[component]
pub fn PlanPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<PlanData>().unwrap_or_default();
    let here = format!("{STAFF_PLANS}/{}", d.person_id);
    let err = |name: &str| error_for(&d.errors, name, lang);
    let lines: Vec<_> = d
        .lines
        .iter()
        .map(|l| {
            let end_form = l.running.then(|| {
                view! {
                    <form method="post" action=format!("{here}/end-line") class="inline-form">
                        <input type="hidden" name="line" value=l.id.clone()/>
                        <label for=format!("end-{}", l.id)>{lang.t(Msg::PlanEndOn)}</label>
                        <input id=format!("end-{}", l.id) name="end_on" type="date"/>
                        <button type="submit" class="button button-secondary">{lang.t(Msg::PlanEndLine)}</button>
                    </form>
                }
            });
            view! {
                <tr>
                    <td>{l.item.clone()}</td>
                    <td>{l.provider.clone()}</td>
                    <td>{l.frequency.clone()}</td>
                    <td>{l.period.clone()}{end_form}</td>
                </tr>
            }
        })
        .collect();
    let f = d.line_form.clone();
    let choices: Vec<_> = d.choices.iter().map(|(v, label)| view! { <option value=v.clone() selected=f.choice == *v>{label.clone()}</option> }).collect();
    let needs = (!d.needs.is_empty()).then(|| view! { <p class="hint" id="needs">{lang.t(Msg::PlanNeedsWere)}" "{d.needs.join("、")}</p> });
    let a = d.agree_form.clone();
    let how = |code: &'static str, label: Msg| {
        let id = format!("how-{code}");
        view! { <div class="radio"><input type="radio" id=id.clone() name="how" value=code checked=a.how == code/><label for=id>{lang.t(label)}</label></div> }
    };
    let code_form = if d.has_phone {
        view! {
            <form method="post" action=format!("{here}/send-code")>
                <button type="submit" class="button button-secondary" id="send-code">{lang.t(if d.code_sent { Msg::PlanSendCodeAgain } else { Msg::PlanSendCode })}</button>
            </form>
        }
        .into_any()
    } else {
        view! { <p class="hint">{lang.t(Msg::PlanNoPhone)}</p> }.into_any()
    };
    let agreement = match d.agreement.clone() {
        Some(text) => view! { <p id="agreement" class="tag tag-done">{lang.t(Msg::PlanAgreed)}" · "{text}</p> }.into_any(),
        None => view! { <p id="agreement" class="tag">{lang.t(Msg::PlanNotAgreed)}</p> }.into_any(),
    };
    view! {
        <Title text=lang.t(Msg::PlanTitle)/>
        <a class="back-link" href=format!("/staff/monitoring/people/{}", d.person_id)>{lang.t(Msg::ChainTitle)}</a>
        <h1>{lang.t(Msg::PlanTitle)} " · " {d.person.clone()}</h1>
        <p class="hint">{d.id_masked.clone()} " · " {d.community.clone()}</p>
        {error_summary(&d.errors, lang)}
        {d.done.clone().map(|t| view! { <p class="notice" id="done" role="status">{t}</p> })}
        <p>
            {match d.assessment.clone() {
                Some(a) => view! { <span id="assessment">{lang.t(Msg::PlanAssessedOn)}" "{a}</span> }.into_any(),
                None => view! { <span id="assessment">{lang.t(Msg::PlanNoAssessment)}</span> }.into_any(),
            }}
            " · "<a href=format!("{}/{}", super::STAFF_ASSESSMENTS, d.person_id)>{lang.t(Msg::AssessmentTitle)}</a>
        </p>
        {needs}
        <p class="rhythm" id="rhythm"><strong>{d.rhythm.clone()}</strong></p>
        {(!d.lines.is_empty()).then(|| view! {
            <div class="table-wrap"><table id="plan-lines">
                <thead><tr>
                    <th scope="col">{lang.t(Msg::PlanColItem)}</th>
                    <th scope="col">{lang.t(Msg::PlanColProvider)}</th>
                    <th scope="col">{lang.t(Msg::PlanColFrequency)}</th>
                    <th scope="col">{lang.t(Msg::PlanColPeriod)}</th>
                </tr></thead>
                <tbody>{lines}</tbody>
            </table></div>
        })}
        <h2 id="add-line">{lang.t(Msg::PlanAddLine)}</h2>
        <form method="post" action=format!("{here}/line") novalidate>
            <div class="field" class:field-error=err("choice").is_some()>
                <label for="choice">{lang.t(Msg::PlanChoice)}</label>
                <p class="hint">{lang.t(Msg::PlanChoiceHint)}</p>
                {field_error(err("choice"))}
                <select id="choice" name="choice"><option value="">{lang.t(Msg::StaffChoose)}</option>{choices}</select>
            </div>
            <div class="field" class:field-error=err("times").is_some()>
                <label for="times">{lang.t(Msg::PlanTimes)}</label>
                <p class="hint">{lang.t(Msg::PlanTimesHint)}</p>
                {field_error(err("times"))}
                <input id="times" name="times" type="text" inputmode="numeric" value=f.times.clone()/>
                <select id="per" name="per" aria-label=lang.t(Msg::PlanTimes)>
                    <option value="week" selected=f.per == "week">{lang.t(Msg::ItemPerWeek)}</option>
                    <option value="month" selected=f.per != "week">{lang.t(Msg::ItemPerMonth)}</option>
                </select>
            </div>
            <div class="field" class:field-error=err("start").is_some()>
                <label for="start">{lang.t(Msg::PlanStart)}</label>
                {field_error(err("start"))}
                <input id="start" name="start" type="date" value=f.start.clone()/>
            </div>
            <div class="field" class:field-error=err("end").is_some()>
                <label for="end">{lang.t(Msg::PlanEnd)}</label>
                <p class="hint">{lang.t(Msg::PlanEndHint)}</p>
                {field_error(err("end"))}
                <input id="end" name="end" type="date" value=f.end.clone()/>
            </div>
            <button type="submit" class="button">{lang.t(Msg::PlanAddLine)}</button>
        </form>
        {(!d.lines.is_empty()).then(|| view! {
            <h2 id="details">{lang.t(Msg::PlanDetails)}</h2>
            <form method="post" action=format!("{here}/details") novalidate>
                <div class="field" class:field-error=err("review_on").is_some()>
                    <label for="review_on">{lang.t(Msg::PlanReviewOn)}</label>
                    {field_error(err("review_on"))}
                    <input id="review_on" name="review_on" type="date" value=d.details_form.review_on.clone()/>
                </div>
                <div class="field" class:field-error=err("access_notes").is_some()>
                    <label for="access_notes">{lang.t(Msg::PlanAccessNotes)}</label>
                    <p class="hint">{lang.t(Msg::PlanAccessNotesHint)}</p>
                    {field_error(err("access_notes"))}
                    <textarea id="access_notes" name="access_notes" rows="2">{d.details_form.access_notes.clone()}</textarea>
                </div>
                <button type="submit" class="button button-secondary">{lang.t(Msg::ItemSave)}</button>
            </form>
            <h2 id="agree">{lang.t(Msg::PlanAgreement)}</h2>
            {agreement}
            {code_form}
            <form method="post" action=format!("{here}/agree") novalidate>
                <fieldset class="field" class:field-error=err("how").is_some() id="how">
                    <legend>{lang.t(Msg::PlanHow)}</legend>
                    {field_error(err("how"))}
                    {how("code", Msg::AgreedByCode)}
                    {how("verbal", Msg::AgreedVerbally)}
                    {how("signature", Msg::AgreedBySignature)}
                </fieldset>
                <div class="field" class:field-error=err("agreed_by").is_some()>
                    <label for="agreed_by">{lang.t(Msg::PlanAgreedBy)}</label>
                    <p class="hint">{lang.t(Msg::PlanAgreedByHint)}</p>
                    {field_error(err("agreed_by"))}
                    <input id="agreed_by" name="agreed_by" type="text" value=a.agreed_by.clone()/>
                </div>
                <div class="field" class:field-error=err("code").is_some()>
                    <label for="code">{lang.t(Msg::PlanCode)}</label>
                    {field_error(err("code"))}
                    <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" value=a.code.clone()/>
                </div>
                <div class="field" class:field-error=err("witness").is_some()>
                    <label for="witness">{lang.t(Msg::PlanWitness)}</label>
                    <p class="hint">{lang.t(Msg::PlanWitnessHint)}</p>
                    {field_error(err("witness"))}
                    <input id="witness" name="witness" type="text" value=a.witness.clone()/>
                </div>
                {field_error(err("signature"))}
                <SignaturePad lang=lang/>
                <button type="submit" class="button">{lang.t(Msg::PlanRecordAgreement)}</button>
            </form>
        })}
        {(!d.visits.is_empty()).then(|| view! { <h2>{lang.t(Msg::PlanVisits)}</h2><ul id="visits">{visit_items(&d.visits, lang)}</ul> })}
    }
}
