//! 我的服务 (#15 item 9): the resident's plan in plain words and their visits; a visit done can
//! be rated, or reported as "没有来" — which the supervisors see.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{error_for, error_summary};
use crate::i18n::{use_lang, Msg};
use crate::i18n::{fill, Lang};
use crate::page_data::service_plans::{MyServicesData, PersonServices, VisitLine};
use crate::paths;

fn visit_card(v: &VisitLine, lang: Lang) -> impl IntoView {
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
}

/// One person's plan and visits; a person the reader represents is named as such.
fn person_section(p: &PersonServices, index: usize, named: bool, lang: Lang) -> impl IntoView {
    let lines: Vec<_> = p.lines.iter().map(|l| view! { <li>{l.item.clone()}" · "{l.provider.clone()}" · "{l.frequency.clone()}" · "{l.period.clone()}</li> }).collect();
    let visits: Vec<_> = p.visits.iter().map(|v| visit_card(v, lang)).collect();
    let heading = named.then(|| {
        let title = if p.own { lang.t(Msg::MyServicesOwn).to_string() } else { fill(lang.t(Msg::MyServicesFor), &[("name", p.name.clone())]) };
        view! { <h2>{title}</h2> }
    });
    let plan = if p.lines.is_empty() {
        view! { <p class="no-plan">{lang.t(Msg::MyServicesNone)}</p> }.into_any()
    } else {
        view! { <p class="rhythm"><strong>{p.rhythm.clone()}</strong></p><ul class="plan-lines">{lines}</ul><p class="hint">{lang.t(Msg::PlanReviewOn)}" "{p.review_on.clone()}</p> }.into_any()
    };
    view! {
        <section class="person-services" id=format!("person-{index}") data-own=p.own.to_string()>
            {heading}
            {plan}
            {(!p.visits.is_empty()).then(|| view! { <h3>{lang.t(Msg::PlanVisits)}</h3><ul class="visit-cards">{visits}</ul> })}
        </section>
    }
}

#[component]
pub fn MyServicesPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<MyServicesData>().unwrap_or_default();
    // Headed by whose they are when the reader follows someone else's too.
    let named = d.people.len() > 1 || d.people.iter().any(|p| !p.own);
    let people: Vec<_> = d.people.iter().enumerate().map(|(i, p)| person_section(p, i, named, lang)).collect();
    let errors_note = error_for(&d.errors, "stars", lang).or_else(|| error_for(&d.errors, "note", lang));
    view! {
        <Title text=lang.t(Msg::MyServicesTitle)/>
        <a class="back-link" href=paths::STATUS>{lang.t(Msg::BtnBack)}</a>
        <h1>{lang.t(Msg::MyServicesTitle)}</h1>
        {error_summary(&d.errors, lang)}
        {errors_note.map(|e| view! { <p class="error-message">{e}</p> })}
        {d.done.clone().map(|t| view! { <p class="notice" id="done" role="status">{t}</p> })}
        {d.people.is_empty().then(|| view! { <p id="no-plan">{lang.t(Msg::MyServicesNone)}</p> })}
        {people}
    }
}
