//! 需求评估: one person's needs, recorded at their home (earlier assessments beside it).

use leptos::prelude::*;
use leptos_meta::Title;

use super::STAFF_ASSESSMENTS;
use crate::pages::staff::STAFF_CASES;
use crate::components::form::{error_for, error_summary};
use crate::i18n::{use_lang, Msg};
use crate::page_data::service_assistance::AssessmentData;

#[component]
pub fn AssessmentPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<AssessmentData>().unwrap_or_default();
    let f = d.form.clone();
    let err = |name: &str| error_for(&d.errors, name, lang);
    let (self_care_error, alone_error, hazards_error, day_error) = (err("self_care"), err("living_alone"), err("hazards"), err("assessed_on"));
    let levels: Vec<_> = d
        .self_care
        .iter()
        .map(|(code, label)| {
            let id = format!("self_care-{code}");
            view! { <div class="radio"><input type="radio" id=id.clone() name="self_care" value=code.clone() checked=f.self_care == *code/><label for=id>{label.clone()}</label></div> }
        })
        .collect();
    let items: Vec<_> = d
        .items
        .iter()
        .map(|(code, label)| {
            let id = format!("need-{code}");
            view! { <div class="check"><input type="checkbox" id=id.clone() name="needs" value=code.clone() checked=f.needs.contains(code)/><label for=id>{label.clone()}</label></div> }
        })
        .collect();
    let earlier: Vec<_> = d.earlier.iter().map(|e| view! { <li>{e.clone()}</li> }).collect();
    let (back, back_label, post_to) = match &d.case_reference {
        Some(r) => (format!("{STAFF_CASES}/{r}"), Msg::AssessmentBackToCase, format!("{STAFF_CASES}/{r}/needs")),
        None => (format!("/staff/monitoring/people/{}", d.person_id), Msg::ChainTitle, format!("{STAFF_ASSESSMENTS}/{}", d.person_id)),
    };
    view! {
        <Title text=lang.t(Msg::AssessmentTitle)/>
        <a class="back-link" href=back>{lang.t(back_label)}</a>
        <h1>{lang.t(Msg::AssessmentTitle)} " · " {d.person.clone()}</h1>
        <p class="hint">{d.id_masked.clone()} " · " {d.community.clone()}</p>
        {error_summary(&d.errors, lang)}
        <form method="post" action=post_to novalidate>
            <fieldset class="field" class:field-error=self_care_error.is_some() id="self_care">
                <legend>{lang.t(Msg::AssessmentSelfCare)}</legend>
                {self_care_error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
                {levels}
            </fieldset>
            <fieldset class="field" class:field-error=alone_error.is_some() id="living_alone">
                <legend>{lang.t(Msg::AssessmentAloneQuestion)}</legend>
                {alone_error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
                <div class="radio"><input type="radio" id="living_alone-yes" name="living_alone" value="yes" checked=f.living_alone == "yes"/><label for="living_alone-yes">{lang.t(Msg::Yes)}</label></div>
                <div class="radio"><input type="radio" id="living_alone-no" name="living_alone" value="no" checked=f.living_alone == "no"/><label for="living_alone-no">{lang.t(Msg::No)}</label></div>
            </fieldset>
            <fieldset class="field" id="needs">
                <legend>{lang.t(Msg::AssessmentNeeds)}</legend>
                {items}
            </fieldset>
            <div class="field" class:field-error=hazards_error.is_some()>
                <label for="hazards">{lang.t(Msg::AssessmentHazards)}</label>
                <p class="hint">{lang.t(Msg::AssessmentHazardsHint)}</p>
                {hazards_error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
                <textarea id="hazards" name="hazards" rows="3">{f.hazards.clone()}</textarea>
            </div>
            <div class="field" class:field-error=day_error.is_some()>
                <label for="assessed_on">{lang.t(Msg::AssessmentDay)}</label>
                {day_error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
                <input id="assessed_on" name="assessed_on" type="date" value=f.assessed_on.clone()/>
            </div>
            <button type="submit" class="button">{lang.t(Msg::AssessmentSave)}</button>
        </form>
        {(!d.earlier.is_empty()).then(|| view! { <h2>{lang.t(Msg::AssessmentEarlier)}</h2><ul id="earlier">{earlier}</ul> })}
    }
}
