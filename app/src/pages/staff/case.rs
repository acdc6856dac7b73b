//! One case on the workbench. On a desktop the case (what was submitted, the documents, the
//! visit and appraisal, the assessment, the history) on the left and, on the right, only the
//! actions the case's state and the viewer's role allow, each saying what it does; on a phone
//! the same in one column with the actions last.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{error_for, error_summary};
use crate::components::time::LocalTime;
use crate::domain::money::Fen;
use crate::domain::staff::Action;
use crate::i18n::{fill, use_lang, Lang, Msg};
use crate::page_data::staff::{CaseData, Suggestion};
use crate::pages::apply::form::{documents_list, pledge_text, relation_msg};
use crate::domain::case::{decision_label, Verification};
use crate::pages::apply::status::{event_label, status_label};
use crate::pages::check::programme_name;
use crate::pages::check::view::{event_label as sudden_event_label, verdict_label};
use crate::paths;
use super::queue::clock_text;
use super::{labelled_input, programme_text, STAFF_CASES};

fn yuan_text(lang: Lang, fen: Fen) -> String {
    fill(lang.t(Msg::AppYuan), &[("amount", fen.yuan_text())])
}

/// (label, value) rows of what was submitted, in staff wording, masked where sensitive.
fn case_rows(d: &CaseData, lang: Lang) -> Vec<(String, String)> {
    let s = &d.application;
    let t = |m: Msg| lang.t(m).to_string();
    let yuan = |f: Fen| yuan_text(lang, f);
    let yes_no = |b: bool| t(if b { Msg::Yes } else { Msg::No });
    let mut rows = Vec::new();
    let who = match &s.proxy {
        Some(p) => fill(lang.t(Msg::StaffWhoProxy), &[("name", p.name.clone()), ("id", p.id.masked()), ("actor", d.summary.actor_name.clone()), ("relation", t(relation_msg(&p.relation)))]),
        None if d.summary.registered => format!("{}（{}）", fill(lang.t(Msg::StaffRegisteredBy), &[("subject", d.summary.subject_name.clone()), ("actor", d.summary.actor_name.clone())]), d.subject_id_masked),
        None => fill(lang.t(Msg::StaffWhoSelf), &[("name", d.summary.subject_name.clone()), ("id", d.subject_id_masked.clone())]),
    };
    rows.push((t(Msg::AppReviewWho), who));
    rows.push((t(Msg::StaffRowProgramme), t(programme_name(s.programme))));
    let mut place = d.places.clone();
    place.push(s.residence.address.clone());
    rows.push((t(Msg::AppResidenceTitle), place.join(" ")));
    // Registered by staff, nothing of the household has been asked yet: said so, not as 0 元 or 否.
    if s.input.is_none() {
        for label in [Msg::StaffRowHukou, Msg::AppHouseholdTitle, Msg::StaffRowIncome, Msg::StaffRowSavings, Msg::StaffRowMedical, Msg::StaffRowEducation, Msg::StaffRowEvent] {
            rows.push((t(label), t(Msg::StaffNotGiven)));
        }
    }
    if let Some(input) = &s.input {
        rows.push((t(Msg::StaffRowHukou), yes_no(input.hukou_local)));
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
        rows.push((t(Msg::AppHouseholdTitle), members.join(if lang == Lang::En { "; " } else { "；" })));
        rows.push((t(Msg::StaffRowIncome), yuan(input.avg_monthly_income_6m)));
        rows.push((t(Msg::StaffRowSavings), yuan(input.assets.savings)));
        rows.push((t(Msg::StaffRowMedical), yuan(input.rigid_expenses_12m.medical)));
        rows.push((t(Msg::StaffRowEducation), yuan(input.rigid_expenses_12m.education)));
        let event = match &input.sudden_event {
            None => t(Msg::EvNone),
            Some(e) => format!("{} {} {}", t(sudden_event_label(e.kind)), lang.date(e.date), yuan(e.loss)),
        };
        rows.push((t(Msg::StaffRowEvent), event));
    }
    if !s.story.is_empty() {
        rows.push((t(if d.summary.registered { Msg::StaffFound } else { Msg::StaffRowStory }), s.story.clone()));
    }
    match &s.payee {
        Some(p) => rows.push((t(Msg::AppPaymentTitle), format!("{} {} {}", p.holder, p.bank, p.account.masked()))),
        None if s.input.is_none() => rows.push((t(Msg::AppPaymentTitle), t(Msg::StaffNotGiven))),
        None => {}
    }
    rows.push((t(Msg::AppPledgeTitle), pledge_text(Some(&d.pledge_code), d.pledge_signed_at.as_deref(), lang)));
    rows
}

/// What an action is called, what it does, and its button's words.
fn action_words(a: Action) -> (Msg, Msg, Msg) {
    use Action::*;
    let (hint, button) = match a {
        AssignToSelf => (Msg::StaffHintAssign, Msg::StaffAssignMe),
        Accept => (Msg::StaffHintAccept, Msg::StaffAccept),
        RequestInformation => (Msg::StaffHintRequestInfo, Msg::StaffRequestSend),
        RecordVisit => (Msg::StaffHintVisit, Msg::StaffRecord),
        RecordAppraisal => (Msg::StaffHintAppraisal, Msg::StaffRecord),
        StartNotice => (Msg::StaffHintNoticeStart, Msg::StaffNoticeStart),
        EndNotice => (Msg::StaffHintNoticeEnd, Msg::StaffNoticeEnd),
        Approve => (Msg::StaffHintApprove, Msg::StaffApprove),
        Reject => (Msg::StaffHintReject, Msg::StaffReject),
        ProvisionalApprove => (Msg::StaffProvisionalHint, Msg::StaffProvisional),
        EmergencyAid => (Msg::StaffEmergencyHint, Msg::StaffEmergency),
        RecordPayment => (Msg::StaffHintPayment, Msg::StaffRecord),
        RecordVerification => (Msg::StaffHintVerify, Msg::StaffRecord),
        Transfer => (Msg::StaffHintTransfer, Msg::StaffTransferSend),
        ViewCase | ViewDistrict | RegisterCase | ManageStaff | ManageParameters | ManageOffices | ManagePledgeTexts | ViewWarnings | HandleWarnings | ManageRegister | ProposeReview | DecideReview | ManageCatalogue | ManageProviders | AssessNeeds | PlanServices | DeliverVisits | SuperviseServices | ApproveRepairs => (Msg::NavStaff, Msg::NavStaff),
    };
    (a.title(), hint, button)
}

/// Where an action's own errors (its state, a clash) are told: its card.
fn card_id(code: &str) -> String {
    format!("card-{code}")
}

/// An action refused in the case's present state, where its form is no longer offered:
/// why, and what was typed into it, so nothing is lost.
fn refused_card(d: &CaseData, lang: Lang, a: Action) -> Option<AnyView> {
    let code = a.case_code()?;
    let error = error_for(&d.errors, &card_id(code), lang)?;
    let typed: Vec<_> = d
        .entered
        .iter()
        .filter(|(c, _)| c == code)
        .flat_map(|(_, fields)| fields.iter())
        .filter(|(name, value)| name != "version" && !value.trim().is_empty())
        .map(|(_, value)| view! { <li>{value.clone()}</li> })
        .collect();
    Some(view! {
        <section class="action-card field-error" id=card_id(code)>
            <h3>{lang.t(a.title())}</h3>
            <p class="error-message">{error}</p>
            {(!typed.is_empty()).then(|| view! { <p>{lang.t(Msg::StaffYouEntered)}</p><ul>{typed}</ul> })}
        </section>
    }
    .into_any())
}

/// The action that moves the case on: the first offered that is not a side step (taking the
/// case, asking for more, refusing, sending it elsewhere, emergency money).
fn primary(actions: &[Action]) -> Option<Action> {
    use Action::*;
    let side = |a: &Action| matches!(a, AssignToSelf | RequestInformation | Reject | Transfer | EmergencyAid);
    actions.iter().find(|a| !side(a)).or(actions.first()).copied()
}

/// Radio buttons, the first with the bare field id so an error summary's link lands on it.
fn radios(d: &CaseData, lang: Lang, action: &str, name: &'static str, legend: Msg, options: &[(&'static str, Msg)]) -> AnyView {
    let error = error_for(&d.errors, name, lang);
    let chosen = d.entered(action, name).unwrap_or_default();
    let items: Vec<_> = options
        .iter()
        .enumerate()
        .map(|(i, (value, label))| {
            let id = if i == 0 { name.to_string() } else { format!("{name}-{value}") };
            view! { <div class="check"><input type="radio" id=id.clone() name=name value=*value checked=chosen == *value/><label for=id>{lang.t(*label)}</label></div> }
        })
        .collect();
    view! {
        <fieldset class="field" class:field-error=error.is_some()>
            <legend>{lang.t(legend)}</legend>
            {error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
            {items}
        </fieldset>
    }
    .into_any()
}

/// The decision's amount: a multiple to pick (temporary aid) or a monthly amount to type. It
/// starts empty, so a forgotten choice is an error rather than the lowest figure.
fn amount_field(d: &CaseData, lang: Lang) -> AnyView {
    let fen = |f: i64| Fen::new(f).unwrap_or_default();
    match &d.suggestion {
        Some(Suggestion { multiple: Some((lo, hi)), per_unit_fen, min_fen, max_fen }) => {
            let chosen = d.entered("approve", "multiple").unwrap_or_default();
            let options: Vec<_> = (*lo..=*hi)
                .map(|m| {
                    let text = format!("{m} × {} = {}", fen(*per_unit_fen).yuan_text(), yuan_text(lang, fen(per_unit_fen.saturating_mul(m))));
                    view! { <option value=m.to_string() selected=chosen == m.to_string()>{text}</option> }
                })
                .collect();
            let hint = fill(lang.t(Msg::StaffSuggestionOnce), &[("min", fen(*min_fen).yuan_text()), ("max", fen(*max_fen).yuan_text())]);
            let error = error_for(&d.errors, "multiple", lang);
            view! {
                <div class="field" class:field-error=error.is_some()>
                    <label for="multiple">{lang.t(Msg::StaffMultiple)}</label>
                    <p class="hint">{hint}</p>
                    {error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
                    <select id="multiple" name="multiple"><option value="">{lang.t(Msg::StaffChoose)}</option>{options}</select>
                </div>
            }
            .into_any()
        }
        Some(Suggestion { max_fen, .. }) => view! {
            <p class="hint">{fill(lang.t(Msg::StaffSuggestionMonth), &[("amount", fen(*max_fen).yuan_text())])}</p>
            {labelled_input(&d.errors, lang, "amount", Msg::StaffAmount, d.entered("approve", "amount").unwrap_or_default(), false)}
        }
        .into_any(),
        None => view! {
            <p class="hint">{lang.t(Msg::StaffNoSuggestion)}</p>
            {labelled_input(&d.errors, lang, "amount", Msg::StaffAmount, d.entered("approve", "amount").unwrap_or_default(), false)}
        }
        .into_any(),
    }
}

/// 实物救助 with temporary aid: a few rows of what, how many and their value, all optional.
fn in_kind_rows(d: &CaseData, lang: Lang) -> AnyView {
    const NAMES: [[&str; 3]; crate::domain::service_assistance::in_kind::IN_KIND_ROWS] =
        [["in_kind_0_what", "in_kind_0_quantity", "in_kind_0_value"], ["in_kind_1_what", "in_kind_1_quantity", "in_kind_1_value"], ["in_kind_2_what", "in_kind_2_quantity", "in_kind_2_value"]];
    let rows: Vec<_> = NAMES
        .iter()
        .map(|[what, quantity, value]| {
            let field = |name: &'static str, label: Msg| labelled_input(&d.errors, lang, name, label, d.entered("approve", name).unwrap_or_default(), false);
            view! { <div class="in-kind-row">{field(what, Msg::InKindWhat)}{field(quantity, Msg::InKindQuantity)}{field(value, Msg::InKindValue)}</div> }
        })
        .collect();
    view! {
        <fieldset class="field" id="in-kind">
            <legend>{lang.t(Msg::InKindTitle)}</legend>
            <p class="hint">{lang.t(Msg::InKindHint)}</p>
            {rows}
        </fieldset>
    }
    .into_any()
}

/// The community list a transfer picks from, grouped by office.
fn transfer_field(d: &CaseData, lang: Lang) -> AnyView {
    let chosen = d.entered("transfer", "community").unwrap_or_default();
    view! {
        {super::community_select(&d.transfer_targets, &chosen, &d.errors, Msg::StaffTransferTo, true, lang)}
        {labelled_input(&d.errors, lang, "transfer_reason", Msg::StaffTransferReason, d.entered("transfer", "transfer_reason").unwrap_or_default(), true)}
    }
    .into_any()
}

/// The fields of one action's form.
fn action_fields(d: &CaseData, lang: Lang, a: Action) -> Option<AnyView> {
    let code = a.case_code().unwrap_or_default();
    let input = |name: &'static str, label: Msg, default: &str, area: bool| labelled_input(&d.errors, lang, name, label, d.entered(code, name).unwrap_or_else(|| default.to_string()), area);
    let today = d.today.as_str();
    Some(match a {
        Action::RequestInformation => view! {
            {input("items", Msg::StaffRequestItems, "", true)}
            {input("due", Msg::StaffRequestDue, "", false)}
        }
        .into_any(),
        Action::RecordVisit => view! {
            {input("visit_date", Msg::StaffDate, today, false)}
            {input("findings", Msg::StaffFindings, "", true)}
            <div class="field" class:field-error=error_for(&d.errors, "document", lang).is_some()>
                <label for="document">{lang.t(Msg::StaffVisitPhoto)}</label>
                {error_for(&d.errors, "document", lang).map(|e| view! { <p class="error-message">{e}</p> })}
                <input type="file" id="document" name="document" accept="image/jpeg,image/png,image/webp"/>
            </div>
        }
        .into_any(),
        Action::RecordAppraisal => view! {
            {input("appraisal_date", Msg::StaffDate, today, false)}
            {input("participants", Msg::StaffParticipants, "", true)}
            {radios(d, lang, code, "result", Msg::StaffAppraisalResult, &[("agree", Msg::StaffAgree), ("disagree", Msg::StaffDisagree)])}
        }
        .into_any(),
        Action::Approve => view! {
            {d.paid_first.clone().map(|f| view! { <p class="hint" id="paid-first">{fill(lang.t(Msg::StaffPaidFirst), &[("amount", f)])}</p> })}
            {amount_field(d, lang)}
            {(d.summary.programme == crate::domain::programme::Programme::Temporary.code()).then(|| in_kind_rows(d, lang))}
        }
        .into_any(),
        Action::Reject => view! {
            {input("reason", Msg::StaffReason, "", true)}
            {input("basis", Msg::StaffBasis, "", false)}
        }
        .into_any(),
        Action::ProvisionalApprove => input("provisional_amount", Msg::StaffAmount, "", false),
        Action::EmergencyAid => view! {
            {crate::domain::case::CaseStatus::from_code(&d.summary.status).is_some_and(|s| s.awaits_acceptance()).then(|| view! { <p class="hint" id="emergency-first">{lang.t(Msg::StaffEmergencyBeforeAcceptance)}</p> })}
            {d.emergency_ceiling.clone().map(|c| view! { <p class="hint" id="emergency-ceiling">{fill(lang.t(Msg::StaffEmergencyCeiling), &[("amount", c)])}</p> })}
            {input("aid_amount", Msg::StaffPaymentAmount, "", false)}
        }
        .into_any(),
        Action::RecordPayment => {
            let (month, left) = d.next_payment.clone().unwrap_or_default();
            view! {
                <p class="hint" id="payment-left">{left}</p>
                {input("payment_amount", Msg::StaffPaymentAmount, "", false)}
                {input("paid_on", Msg::StaffDate, today, false)}
                {(!d.one_off).then(|| input("period", Msg::StaffPeriodMonth, &month, false))}
                {input("correction_reason", Msg::StaffCorrectionReason, "", false)}
            }
            .into_any()
        }
        Action::RecordVerification => radios(
            d,
            lang,
            code,
            "outcome",
            Msg::StaffVerifyResult,
            &Verification::ALL.map(|v| (v.code(), v.label())),
        ),
        Action::Transfer => transfer_field(d, lang),
        _ => return None,
    })
}

/// One action: what it is, what it will do, and its form (one button: Enter presses it).
fn action_card(d: &CaseData, lang: Lang, a: Action, is_primary: bool) -> Option<AnyView> {
    let code = a.case_code()?;
    let (title, hint, submit) = action_words(a);
    if a == Action::Transfer && d.transfer_targets.is_empty() {
        return Some(view! {
            <section class="action-card" id="card-transfer"><h3>{lang.t(title)}</h3><p class="hint">{lang.t(Msg::StaffTransferNone)}</p></section>
        }.into_any());
    }
    let url = format!("{STAFF_CASES}/{}/{code}", d.summary.reference);
    // The visit may carry a photo.
    let enctype = (a == Action::RecordVisit).then_some("multipart/form-data");
    let error = error_for(&d.errors, &card_id(code), lang);
    let class = if error.is_some() { "action-card field-error" } else { "action-card" };
    let button_class = if is_primary { "button" } else { "button-secondary" };
    Some(view! {
        <section class=class id=card_id(code)>
            <form method="post" action=url novalidate id=format!("form-{code}") enctype=enctype>
                <h3>{lang.t(title)}</h3>
                {error.map(|e| view! { <p class="error-message">{e}</p> })}
                <p class="hint">{lang.t(hint)}</p>
                <input type="hidden" name="version" value=d.version.to_string()/>
                {action_fields(d, lang, a)}
                <button type="submit" class=button_class id=format!("action-{code}")>{lang.t(submit)}</button>
            </form>
        </section>
    }
    .into_any())
}

/// The home visit, the appraisal and the public notice as recorded, newest last.
fn verification(d: &CaseData, lang: Lang) -> AnyView {
    let kinds = ["visit", "appraisal", "notice_started", "notice_ended"];
    let items: Vec<_> = d
        .timeline
        .iter()
        .filter(|e| kinds.contains(&e.kind.as_str()))
        .map(|e| view! { <li data-kind=e.kind.clone()><strong>{lang.t(event_label(&e.kind))}</strong> " · " <LocalTime utc=e.at.clone()/> " · " {e.actor.clone()} <br/> {e.detail.clone()}</li> })
        .collect();
    let result = d.appraisal.map(|r| view! { <p id="appraisal-result"><strong>{fill(lang.t(Msg::StaffAppraisalIs), &[("result", lang.t(r.label()).to_string())])}</strong></p> });
    let empty = items.is_empty().then(|| view! { <p class="hint">{lang.t(Msg::StaffVerificationNone)}</p> });
    let needs: Vec<_> = d.needs_assessments.iter().map(|n| view! { <li>{n.clone()}</li> }).collect();
    let needs_none = d.needs_assessments.is_empty().then(|| view! { <p class="hint">{lang.t(Msg::CaseNeedsNone)}</p> });
    let assess = d.may_assess.then(|| view! { <p><a href=format!("{STAFF_CASES}/{}/needs", d.summary.reference) id="assess-needs">{lang.t(Msg::CaseNeedsStart)}</a></p> });
    view! {
        <section id="verification">
            <h2>{lang.t(Msg::StaffVerificationTitle)}</h2>
            {result}
            {empty}
            <ul class="records">{items}</ul>
            <h3 id="needs-assessments">{lang.t(Msg::AssessmentTitle)}</h3>
            {needs_none}
            <ul class="records">{needs}</ul>
            {assess}
        </section>
    }
    .into_any()
}

#[component]
pub fn CasePage() -> impl IntoView {
    let lang = use_lang();
    let Some(d) = use_context::<CaseData>() else { return view! { <Title text=lang.t(Msg::NavStaff)/> }.into_any() };
    let a = d.summary.clone();
    let documents_base = format!("{STAFF_CASES}/{}/documents", a.reference);
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
        .map(|e| view! { <li data-kind=e.kind.clone()><LocalTime utc=e.at.clone()/> " · " {lang.t(event_label(&e.kind))} " · " {e.actor.clone()} " " {e.detail.clone()}</li> })
        .collect();
    let requests: Vec<_> = d
        .requests
        .iter()
        .map(|r| {
            let due = crate::domain::date::Date::parse(&r.due_date).map(|d| fill(lang.t(Msg::StaffInfoDue), &[("date", lang.date(d))])).unwrap_or_else(|_| r.due_date.clone());
            let answer = match &r.answer {
                Some(a) => fill(lang.t(Msg::StaffInfoAnswered), &[("answer", a.clone())]),
                None => lang.t(Msg::StaffInfoAwaited).to_string(),
            };
            view! { <li>{r.items.clone()} " · " {due} " · " {answer}</li> }
        })
        .collect();
    let who = if a.registered {
        fill(lang.t(Msg::StaffRegisteredBy), &[("subject", a.subject_name.clone()), ("actor", a.actor_name.clone())])
    } else if a.proxy {
        fill(lang.t(Msg::StatusProxy), &[("subject", a.subject_name.clone()), ("actor", a.actor_name.clone())])
    } else {
        fill(lang.t(Msg::StaffSelfApplied), &[("subject", a.subject_name.clone())])
    };
    let clock = match &d.clock {
        Some(c) => view! { <span class:clock-overdue=c.overdue data-clock=c.kind.code()>{clock_text(c, lang)}</span> }.into_any(),
        None => view! { <span>{lang.t(Msg::StaffClockNone)}</span> }.into_any(),
    };
    let decision = d.decision.clone().map(|(kind, amount)| {
        let text = amount.map(|a| fill(lang.t(Msg::StaffDecisionAmount), &[("amount", a)])).unwrap_or_default();
        let settlement: Vec<_> = d.settlement.iter().map(|line| view! { <br/>{line.clone()} }).collect();
        view! { <p class="notice" id="decision">{lang.t(decision_label(&kind))} " " {text} <span id="settlement">{settlement}</span></p> }
    });
    let first = primary(&d.actions);
    let cards: Vec<_> = d.actions.iter().filter_map(|x| action_card(&d, lang, *x, Some(*x) == first)).collect();
    let refused: Vec<_> = Action::ON_A_CASE.iter().filter(|a| !d.actions.contains(a)).filter_map(|a| refused_card(&d, lang, *a)).collect();
    let no_actions = cards.is_empty().then(|| view! { <p id="no-actions">{lang.t(Msg::StaffNoActions)}</p> });
    let done = d.done.map(|a| view! { <p class="notice" id="done" role="status">{fill(lang.t(Msg::StaffDone), &[("action", lang.t(a.title()).to_string())])}</p> });
    let staff_files = (!d.staff_documents.is_empty()).then(|| view! {
        <section id="staff-documents">
            <h2>{lang.t(Msg::StaffFilesTitle)}</h2>
            {documents_list(&d.staff_documents, lang, None, Some(&documents_base))}
        </section>
    });
    let payments = (!d.payments.is_empty()).then(|| {
        let items: Vec<_> = d
            .payments
            .iter()
            .map(|p| {
                let amount = fill(lang.t(Msg::AppYuan), &[("amount", p.amount.clone())]);
                let arrival = p.arrival.clone().map(|a| view! { " · " <span class="arrival" class:tag-alert=p.arrival_problem data-arrival-problem=p.arrival_problem.to_string()>{a}</span> });
                view! { <li>{p.paid_on.clone()} " · " {amount} " · " {p.period.clone()} {p.note.clone().map(|n| view! { " · " <em>{n}</em> })} {arrival}</li> }
            })
            .collect();
        view! { <section><h2>{lang.t(Msg::StaffPayments)}</h2><ul id="payments">{items}</ul></section> }
    });
    let in_kind = (!d.in_kind.is_empty()).then(|| {
        let items: Vec<_> = d
            .in_kind
            .iter()
            .map(|(id, said, delivered)| {
                let form = (d.may_deliver && !delivered).then(|| view! {
                    <form method="post" action=format!("{STAFF_CASES}/{}/in-kind/{id}", a.reference) class="inline-form">
                        <button type="submit" class="button button-secondary">{lang.t(Msg::InKindRecordDelivered)}</button>
                    </form>
                });
                view! { <li>{said.clone()}{form}</li> }
            })
            .collect();
        view! { <section><h2>{lang.t(Msg::InKindTitle)}</h2><ul id="in-kind-items">{items}</ul></section> }
    });
    view! {
        <Title text=a.reference.clone()/>
        <a class="back-link" href=paths::STAFF>{lang.t(Msg::StaffBackQueue)}</a>
        <h1>{a.reference.clone()}</h1>
        {error_summary(&d.errors, lang)}
        {done}
        <p><strong class="tag" id="status">{lang.t(status_label(&a.status))}</strong> " " {programme_text(&a.programme, lang)}</p>
        <p id="applicant">{who} " · " {d.subject_id_masked.clone()}</p>
        <p class="hint" id="case-clock">{a.office_name.clone()} " · " {clock}</p>
        {d.assigned_to_me.then(|| view! { <p class="notice">{lang.t(Msg::StaffAssignedToMe)}</p> })}
        {decision}
        <p id="letters">
            <a href=format!("{STAFF_CASES}/{}/letters/receipt", a.reference) download>{lang.t(Msg::LetterDownloadReceipt)}</a>
            {d.decision.is_some().then(|| view! { " · " <a href=format!("{STAFF_CASES}/{}/letters/decision", a.reference) download>{lang.t(Msg::LetterDownloadDecision)}</a> })}
        </p>
        {in_kind}
        {d.follow_up_by.clone().map(|by| view! { <p class="notice" id="follow-up">{fill(lang.t(Msg::StaffFollowUpBy), &[("date", by)])}</p> })}
        {d.recovery.clone().map(|r| view! { <p class="notice" id="recovery">{fill(lang.t(Msg::StaffRecovery), &[("amount", r)])}</p> })}
        {(!d.credit.is_empty()).then(|| {
            let items: Vec<_> = d.credit.iter().map(|l| view! { <li>{l.clone()}</li> }).collect();
            view! { <section class="notice" id="credit-record"><h2>{lang.t(Msg::CreditTitle)}</h2><ul>{items}</ul></section> }
        })}
        {explained(&d.explained, lang)}
        <div class="workbench">
            <div class="workbench-case">
                <section id="answers">
                    <h2>{lang.t(Msg::StaffAnswers)}</h2>
                    <dl class="summary-list">{rows}</dl>
                </section>
                <section id="documents">
                    <h2>{lang.t(Msg::StaffRowDocuments)}</h2>
                    {documents_list(&d.documents, lang, None, Some(&documents_base))}
                </section>
                {staff_files}
                {verification(&d, lang)}
                {assessment}
                {(!requests.is_empty()).then(|| view! { <section id="info-requests"><h2>{lang.t(Msg::StaffInfoRequests)}</h2><ul>{requests}</ul></section> })}
                {payments}
                <section>
                    <h2>{lang.t(Msg::StatusTimeline)}</h2>
                    <ol class="timeline">{timeline}</ol>
                </section>
            </div>
            <aside class="workbench-actions" id="case-actions" aria-labelledby="actions-title">
                <h2 id="actions-title">{lang.t(Msg::StaffActionsTitle)}</h2>
                {refused}
                {no_actions}
                {cards}
            </aside>
        </div>
    }
    .into_any()
}

/// A decided case re-explained (#17 item 4): the parameter values of its decision, and
/// today's beside them where they changed since.
fn explained(lines: &[crate::page_data::staff::ExplainLine], lang: crate::i18n::Lang) -> Option<AnyView> {
    if lines.is_empty() {
        return None;
    }
    let rows: Vec<_> = lines
        .iter()
        .map(|l| {
            let changed = l.now.is_some();
            view! {
                <tr class:changed=changed>
                    <th scope="row">{l.label.clone()}</th>
                    <td>{l.then.clone()}</td>
                    <td>{l.now.clone().unwrap_or_else(|| lang.t(Msg::ExplainSame).to_string())}</td>
                    <td>{l.source.clone()}</td>
                </tr>
            }
        })
        .collect();
    Some(
        view! {
            <details id="explained">
                <summary>{lang.t(Msg::ExplainTitle)}</summary>
                <p class="hint">{lang.t(Msg::ExplainIntro)}</p>
                <div class="table-wrap"><table>
                    <thead><tr><th scope="col">{lang.t(Msg::ParamsColName)}</th><th scope="col">{lang.t(Msg::ExplainThen)}</th><th scope="col">{lang.t(Msg::ExplainNow)}</th><th scope="col">{lang.t(Msg::ParamsColSource)}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
            </details>
        }
        .into_any(),
    )
}
