//! 转介: the community's queue of what visits noticed, and one referral with the step it can
//! take now — register a case (with consent), approve or finish a repair, make the plan
//! change, or decline with a reason.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{STAFF_PLANS, STAFF_REFERRALS};
use crate::components::form::{error_for, error_summary};
use crate::i18n::{use_lang, Msg};
use crate::page_data::service_plans::{ReferralData, ReferralsData};
use crate::paths;

#[component]
pub fn ReferralsPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<ReferralsData>().unwrap_or_default();
    let items: Vec<_> = d
        .lines
        .iter()
        .map(|r| {
            view! {
                <li class="visit-card" class:done=!r.open>
                    <h2><a href=format!("{STAFF_REFERRALS}/{}", r.id)>{r.person.clone()}" · "{r.kind.clone()}</a></h2>
                    <p><span class="tag">{r.status.clone()}</span>" "{r.noticed.clone()}</p>
                    <p>{r.note.clone()}</p>
                </li>
            }
        })
        .collect();
    view! {
        <Title text=lang.t(Msg::ReferralsTitle)/>
        <a class="back-link" href=paths::STAFF>{lang.t(Msg::BtnBack)}</a>
        <h1>{lang.t(Msg::ReferralsTitle)}</h1>
        {if items.is_empty() { view! { <p id="no-referrals">{lang.t(Msg::ReferralsNone)}</p> }.into_any() } else { view! { <ul class="visit-cards" id="referrals">{items}</ul> }.into_any() }}
    }
}

#[component]
pub fn ReferralPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<ReferralData>().unwrap_or_default();
    let here = format!("{STAFF_REFERRALS}/{}", d.line.id);
    let err = |name: &str| error_for(&d.errors, name, lang);
    let show = |e: Option<String>| e.map(|e| view! { <p class="error-message">{e}</p> });
    let f = d.form.clone();
    let note_field = |label: Msg| {
        view! {
            <div class="field" class:field-error=err("note").is_some()>
                <label for="note">{lang.t(label)}</label>
                {show(err("note"))}
                <textarea id="note" name="note" rows="2">{f.note.clone()}</textarea>
            </div>
        }
    };
    let open = d.line.open;
    let repair = d.kind_code == "repair";
    let has_before = d.photos.iter().any(|(_, stage, _)| stage == "before");
    let picture_field = |name: &'static str, label: Msg| {
        view! {
            <div class="field" class:field-error=err(name).is_some()>
                <label for=name>{lang.t(label)}</label>
                <p class="hint">{lang.t(Msg::RepairPhotoHint)}</p>
                {show(err(name))}
                <input id=name name=name type="file" accept="image/jpeg,image/png,image/webp" capture="environment"/>
            </div>
        }
    };
    let step = match (d.kind_code.as_str(), d.status_code.as_str()) {
        ("case", "open") => {
            let programmes: Vec<_> = d.programmes.iter().map(|(c, l)| view! { <option value=c.clone() selected=f.programme == *c>{l.clone()}</option> }).collect();
            Some(view! {
                <form method="post" action=format!("{here}/case") novalidate>
                    <div class="field" class:field-error=err("programme").is_some()>
                        <label for="programme">{lang.t(Msg::ReferralProgramme)}</label>
                        {show(err("programme"))}
                        <select id="programme" name="programme"><option value="">{lang.t(Msg::StaffChoose)}</option>{programmes}</select>
                    </div>
                    <div class="field" class:field-error=err("consent").is_some()>
                        {show(err("consent"))}
                        <div class="check"><input type="checkbox" id="consent" name="consent" value="true" checked=f.consent/><label for="consent">{lang.t(Msg::ReferralConsent)}</label></div>
                    </div>
                    <button type="submit" class="button">{lang.t(Msg::ReferralRegisterCase)}</button>
                </form>
            }
            .into_any())
        }
        ("repair", "open") if d.may_approve => Some(view! { <form method="post" action=format!("{here}/approve")><button type="submit" class="button">{lang.t(Msg::ReferralApprove)}</button></form> }.into_any()),
        ("repair", "open") => Some(view! { <p class="hint">{lang.t(Msg::ReferralWaitsForApproval)}</p> }.into_any()),
        ("repair", "approved") => Some(view! {
            <form method="post" action=format!("{here}/complete") enctype="multipart/form-data" novalidate>
                {if has_before {
                    view! { <p class="hint">{lang.t(Msg::RepairPhotoBeforeTaken)}</p> }.into_any()
                } else {
                    picture_field("before", Msg::RepairPhotoBeforeField).into_any()
                }}
                {picture_field("after", Msg::RepairPhotoAfterField)}
                <div class="field" class:field-error=err("cost").is_some()>
                    <label for="cost">{lang.t(Msg::ReferralCost)}</label>
                    {show(err("cost"))}
                    <input id="cost" name="cost" type="text" inputmode="decimal" value=f.cost.clone()/>
                </div>
                {note_field(Msg::ReferralOutcome)}
                <button type="submit" class="button">{lang.t(Msg::ReferralRepairDone)}</button>
            </form>
        }
        .into_any()),
        ("plan_change", "open") => Some(view! {
            <p><a href=format!("{STAFF_PLANS}/{}", d.person_id)>{lang.t(Msg::PlanTitle)}</a></p>
            <form method="post" action=format!("{here}/complete") novalidate>
                {note_field(Msg::ReferralOutcome)}
                <button type="submit" class="button">{lang.t(Msg::ReferralPlanChanged)}</button>
            </form>
        }
        .into_any()),
        _ => None,
    };
    // A repair's pictures: those taken, and one more from before while it waits for approval,
    // or after, when there is one already (else the completion form asks for it: one field
    // of that name on the page).
    let photos: Vec<_> = d
        .photos
        .iter()
        .map(|(id, stage, said)| view! { <li data-stage=stage.clone()><a href=format!("{here}/photos/{id}")>{said.clone()}</a></li> })
        .collect();
    let add_before = (repair && open && (d.status_code == "open" || has_before)).then(|| view! {
        <details open=err("before").is_some()>
            <summary>{lang.t(Msg::RepairPhotoAdd)}</summary>
            <form method="post" action=format!("{here}/photo") enctype="multipart/form-data" novalidate>
                {picture_field("before", Msg::RepairPhotoBeforeField)}
                <button type="submit" class="button button-secondary">{lang.t(Msg::RepairPhotoAdd)}</button>
            </form>
        </details>
    });
    let pictures = repair.then(|| view! {
        <section id="repair-photos">
            <h2>{lang.t(Msg::RepairPhotosTitle)}</h2>
            {photos.is_empty().then(|| view! { <p class="hint">{lang.t(Msg::RepairPhotosNone)}</p> })}
            <ul class="records">{photos}</ul>
            {add_before}
        </section>
    });
    view! {
        <Title text=lang.t(Msg::ReferralsTitle)/>
        <a class="back-link" href=STAFF_REFERRALS>{lang.t(Msg::ReferralsTitle)}</a>
        <h1>{d.line.person.clone()}" · "{d.line.kind.clone()}</h1>
        {error_summary(&d.errors, lang)}
        {d.done.clone().map(|t| view! { <p class="notice" id="done" role="status">{t}</p> })}
        <p id="referral-state"><span class="tag">{d.line.status.clone()}</span>" "{d.line.noticed.clone()}</p>
        <p>{d.line.address.clone()}</p>
        <p id="referral-note">{d.line.note.clone()}</p>
        {(!d.line.outcome.is_empty()).then(|| view! { <p id="outcome">{d.line.outcome.clone()}</p> })}
        {d.line.case_reference.clone().map(|r| view! { <p><a href=format!("/staff/cases/{r}") id="case-link">{r.clone()}</a></p> })}
        {pictures}
        {step}
        {open.then(|| view! {
            <details>
                <summary>{lang.t(Msg::ReferralDecline)}</summary>
                <form method="post" action=format!("{here}/decline") novalidate>
                    {note_field(Msg::ReferralDeclineReason)}
                    <button type="submit" class="button button-warning">{lang.t(Msg::ReferralDecline)}</button>
                </form>
            </details>
        })}
    }
}
