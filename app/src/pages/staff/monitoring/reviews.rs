//! 定期复核: one recipient's review — when it is due, the last one, the reviewer's form and
//! the approver's decision.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{STAFF_MONITORING, STAFF_PEOPLE, STAFF_REVIEWS};
use crate::components::form::{error_for, error_summary};
use crate::i18n::{fill, use_lang, Lang, Msg};
use crate::page_data::monitoring::{ReviewData, ReviewLine};

pub(super) fn review_item(r: &ReviewLine, lang: Lang) -> impl IntoView {
    let due = fill(lang.t(if r.overdue { Msg::ReviewOverdueSince } else { Msg::ReviewDueBy }), &[("date", r.due.clone())]);
    view! {
        <li class="case" data-overdue=r.overdue.to_string() data-review=r.person_id.clone()>
            <p><a href=format!("{STAFF_REVIEWS}/{}", r.person_id)><strong>{r.person.clone()}</strong></a> " " <span class="hint">{r.id_masked.clone()}</span></p>
            <p>{r.tier.clone()}</p>
            <p class="hint clock" class:clock-overdue=r.overdue>{due}
                {r.waiting.clone().map(|w| view! { " · " <span class="tag">{fill(lang.t(Msg::ReviewWaiting), &[("outcome", w)])}</span> })}</p>
        </li>
    }
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<ReviewData>().unwrap_or_default();
    let here = format!("{STAFF_REVIEWS}/{}", d.line.person_id);
    let f = d.form.clone();
    let outcome_error = error_for(&d.errors, "outcome", lang);
    let amount_error = error_for(&d.errors, "amount", lang);
    let note_error = error_for(&d.errors, "note", lang);
    let return_error = error_for(&d.errors, "return_note", lang);
    let outcomes = super::radios("outcome", &d.outcomes, &f.outcome);
    let history: Vec<_> = d.history.iter().map(|h| view! { <li>{h.clone()}</li> }).collect();
    let propose = d.may_propose.then(|| {
        view! {
            <h2>{lang.t(Msg::ReviewProposeTitle)}</h2>
            <form method="post" action=format!("{here}/propose") novalidate>
                <fieldset class="field" class:field-error=outcome_error.is_some() id="outcome">
                    <legend>{lang.t(Msg::ReviewOutcome)}</legend>
                    {outcome_error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
                    {outcomes}
                </fieldset>
                <div class="field" class:field-error=amount_error.is_some()>
                    <label for="amount">{lang.t(Msg::ReviewNewAmount)}</label>
                    {amount_error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
                    <input id="amount" name="amount" type="text" inputmode="decimal" value=f.amount.clone()/>
                </div>
                <div class="field" class:field-error=note_error.is_some()>
                    <label for="note">{lang.t(Msg::ReviewNote)}</label>
                    <p class="hint">{lang.t(Msg::ReviewNoteHint)}</p>
                    {note_error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
                    <textarea id="note" name="note" rows="4">{f.note.clone()}</textarea>
                </div>
                <button type="submit" class="button">{lang.t(Msg::ReviewProposeButton)}</button>
            </form>
        }
    });
    let pending = d.pending.clone().map(|p| {
        view! {
            <h2>{lang.t(Msg::ReviewPending)}</h2>
            <p id="pending">{p}</p>
            {d.own_proposal.then(|| view! { <p class="hint">{lang.t(Msg::ReviewOwnPending)}</p> })}
        }
    });
    let decide = d.may_decide.then(|| {
        view! {
            <h2>{lang.t(Msg::ReviewDecideTitle)}</h2>
            <form method="post" action=format!("{here}/confirm")>
                <button type="submit" class="button">{lang.t(Msg::ReviewConfirmButton)}</button>
            </form>
            <form method="post" action=format!("{here}/return") novalidate>
                <div class="field" class:field-error=return_error.is_some()>
                    <label for="return_note">{lang.t(Msg::ReviewReturnNote)}</label>
                    {return_error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
                    <textarea id="return_note" name="return_note" rows="2">{d.return_note.clone()}</textarea>
                </div>
                <button type="submit" class="button-secondary">{lang.t(Msg::ReviewReturnButton)}</button>
            </form>
        }
    });
    view! {
        <Title text=lang.t(Msg::ReviewTitle)/>
        <a class="back-link" href=format!("{STAFF_MONITORING}?view=reviews")>{lang.t(Msg::BtnBack)}</a>
        <h1>{lang.t(Msg::ReviewTitle)} " · " {d.line.person.clone()}</h1>
        {error_summary(&d.errors, lang)}
        {d.done.clone().map(|t| view! { <p class="notice" id="done" role="status">{t}</p> })}
        <dl class="summary" id="review">
            <div><dt>{lang.t(Msg::RegisterColId)}</dt><dd>{d.line.id_masked.clone()}</dd></div>
            <div><dt>{lang.t(Msg::RegisterTier)}</dt><dd>{d.line.tier.clone()}</dd></div>
            <div><dt>{lang.t(Msg::RegisterColCommunity)}</dt><dd>{d.community.clone()}</dd></div>
            <div><dt>{lang.t(Msg::ReviewLast)}</dt><dd>{d.last_review.clone().unwrap_or_else(|| lang.t(Msg::ReviewNever).to_string())}</dd></div>
            {d.amount.clone().map(|a| view! { <div><dt>{lang.t(Msg::ReviewAmountNow)}</dt><dd>{a}</dd></div> })}
            <div><dt>{lang.t(Msg::WarningDue)}</dt><dd class:clock-overdue=d.line.overdue>{d.line.due.clone()}</dd></div>
        </dl>
        <p><a href=format!("{STAFF_PEOPLE}/{}", d.line.person_id)>{lang.t(Msg::ChainTitle)}</a></p>
        {pending}
        {decide}
        {propose}
        {(!d.history.is_empty()).then(|| view! { <h2>{lang.t(Msg::ReviewHistory)}</h2><ul id="review-history">{history}</ul> })}
    }
}
