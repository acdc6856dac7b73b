//! 我的服务 (#15 item 9): the resident's plan in plain words and their visits; a visit done can
//! be rated, or reported as "没有来" — which the supervisors see.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{error_for, error_summary};
use crate::i18n::{use_lang, Msg};
use crate::page_data::service_plans::MyServicesData;
use crate::paths;

#[component]
pub fn MyServicesPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<MyServicesData>().unwrap_or_default();
    let lines: Vec<_> = d.lines.iter().map(|l| view! { <li>{l.item.clone()}" · "{l.provider.clone()}" · "{l.frequency.clone()}" · "{l.period.clone()}</li> }).collect();
    let visits: Vec<_> = d
        .visits
        .iter()
        .map(|v| {
            let base = format!("{}/visits/{}", paths::MY_SERVICES, v.id);
            let actions = (v.done && !v.disputed).then(|| {
                let stars: Vec<_> = (1..=5)
                    .map(|n: i64| {
                        let id = format!("stars-{}-{n}", v.id);
                        view! { <div class="radio radio-inline"><input type="radio" id=id.clone() name="stars" value=n.to_string() checked=v.rating == Some(n)/><label for=id>{n}</label></div> }
                    })
                    .collect();
                view! {
                    <form method="post" action=format!("{base}/rate") class="inline-form">
                        <fieldset><legend>{lang.t(Msg::MyVisitRate)}</legend>{stars}</fieldset>
                        <button type="submit" class="button button-secondary">{lang.t(Msg::MyVisitRateSave)}</button>
                    </form>
                    <details>
                        <summary>{lang.t(Msg::MyVisitNotCame)}</summary>
                        <form method="post" action=format!("{base}/not-came")>
                            <label for=format!("note-{}", v.id)>{lang.t(Msg::MyVisitNotCameNote)}</label>
                            <textarea id=format!("note-{}", v.id) name="note" rows="2"></textarea>
                            <button type="submit" class="button button-warning">{lang.t(Msg::MyVisitNotCameSend)}</button>
                        </form>
                    </details>
                }
            });
            let state = if v.disputed {
                lang.t(Msg::MyVisitDisputed).to_string()
            } else if v.done {
                v.record.clone()
            } else {
                lang.t(Msg::VisitDue).to_string()
            };
            view! { <li class="visit-card" id=format!("visit-{}", v.id)><p><strong>{v.due_on.clone()}</strong>" · "{v.what.clone()}" · "{v.provider.clone()}</p><p>{state}</p>{actions}</li> }
        })
        .collect();
    let errors_note = error_for(&d.errors, "stars", lang).or_else(|| error_for(&d.errors, "note", lang));
    view! {
        <Title text=lang.t(Msg::MyServicesTitle)/>
        <a class="back-link" href=paths::STATUS>{lang.t(Msg::BtnBack)}</a>
        <h1>{lang.t(Msg::MyServicesTitle)}</h1>
        {error_summary(&d.errors, lang)}
        {errors_note.map(|e| view! { <p class="error-message">{e}</p> })}
        {d.done.clone().map(|t| view! { <p class="notice" id="done" role="status">{t}</p> })}
        {if d.lines.is_empty() {
            view! { <p id="no-plan">{lang.t(Msg::MyServicesNone)}</p> }.into_any()
        } else {
            view! { <p class="rhythm" id="rhythm"><strong>{d.rhythm.clone()}</strong></p><ul id="plan-lines">{lines}</ul><p class="hint">{lang.t(Msg::PlanReviewOn)}" "{d.review_on.clone()}</p> }.into_any()
        }}
        {(!d.visits.is_empty()).then(|| view! { <h2>{lang.t(Msg::PlanVisits)}</h2><ul class="visit-cards" id="visits">{visits}</ul> })}
    }
}
