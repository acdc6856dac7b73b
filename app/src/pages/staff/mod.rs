//! 工作台: staff sign-in, the office queue, and one case. Server-rendered forms throughout:
//! an old office PC or a phone with a weak signal works the same.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{error_for, error_summary};
use crate::domain::request::FieldError;
use crate::domain::staff::Role;
use crate::i18n::{fill, use_lang, Lang, Msg};
use crate::domain::application::steps::APPLY_PROGRAMMES;
use crate::domain::staff::Action;
use crate::page_data::staff::{CaseData, DistrictData, NewCaseData, QueueData, StaffSignInData, Suggestion};
use crate::domain::money::Fen;
use crate::pages::apply::form::{documents_list, relation_msg};
use crate::pages::check::view::event_label;
use crate::pages::apply::status::status_label;
use crate::pages::check::programme_name;
use crate::pages::check::view::verdict_label;
use crate::paths;

pub const STAFF_SIGN_IN: &str = "/staff/signin";
pub const STAFF_SIGN_OUT: &str = "/staff/signout";
pub const STAFF_CASES: &str = "/staff/cases";

pub const STAFF_NEW_CASE: &str = "/staff/new";

#[component]
pub fn NewCasePage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<NewCaseData>().unwrap_or_default();
    let input = |name: &'static str, label: Msg, area: bool| labelled_input(&d.errors, lang, name, label, d.get(name), area);
    let current = d.get("programme");
    let programmes: Vec<_> = APPLY_PROGRAMMES
        .iter()
        .map(|p| view! { <option value=p.code() selected=current == p.code()>{lang.t(programme_name(*p))}</option> })
        .collect();
    let consent_error = error_for(&d.errors, "consent", lang);
    view! {
        <Title text=lang.t(Msg::StaffNewCase)/>
        <a class="back-link" href=paths::STAFF>{lang.t(Msg::BtnBack)}</a>
        <h1>{lang.t(Msg::StaffNewCase)}</h1>
        {error_summary(&d.errors, lang)}
        <p class="lead">{lang.t(Msg::StaffNewCaseIntro)}</p>
        <form method="post" action=STAFF_NEW_CASE novalidate>
            {input("name", Msg::StaffResidentName, false)}
            {input("id_number", Msg::IdentityId, false)}
            {input("phone", Msg::StaffResidentPhone, false)}
            {input("community", Msg::StaffCommunityCode, false)}
            {input("address", Msg::AppAddress, false)}
            <div class="field">
                <label for="programme">{lang.t(Msg::AppProgrammeTitle)}</label>
                <select id="programme" name="programme">{programmes}</select>
            </div>
            {input("found", Msg::StaffFound, true)}
            <div class="field" class:field-error=consent_error.is_some()>
                {consent_error.clone().map(|e| view! { <p class="error-message">{e}</p> })}
                <div class="check">
                    <input type="checkbox" id="consent" name="consent" value="true" checked=d.get("consent") == "true"/>
                    <label for="consent">{lang.t(Msg::StaffResidentConsent)}</label>
                </div>
            </div>
            <button type="submit" class="button">{lang.t(Msg::StaffRegister)}</button>
        </form>
    }
}

pub const STAFF_DISTRICT: &str = "/staff/district";

#[component]
pub fn DistrictPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<DistrictData>().unwrap_or_default();
    let offices: Vec<_> = d
        .offices
        .iter()
        .map(|(code, name, open, overdue, decided)| view! { <tr><td>{name.clone()} " " <span class="hint">{code.clone()}</span></td><td>{*open}</td><td>{*overdue}</td><td>{*decided}</td></tr> })
        .collect();
    let months: Vec<_> = d
        .months
        .iter()
        .map(|(m, p, dec, n, y)| view! { <tr><td>{m.clone()}</td><td>{programme_text(p, lang)}</td><td>{lang.t(status_label(if dec == "provisional" { "provisionally_approved" } else { dec }))}</td><td>{*n}</td><td>{y.clone()}</td></tr> })
        .collect();
    let rongque: Vec<_> = d
        .rongque
        .iter()
        .map(|(r, o, s, v, y)| view! { <tr><td>{r.clone()}</td><td>{o.clone()}</td><td>{lang.t(status_label(s))}</td><td>{v.clone()}</td><td>{y.clone()}</td></tr> })
        .collect();
    let csv = |table: &'static str| view! { <p><a href=format!("{STAFF_DISTRICT}.csv?table={table}") download>{lang.t(Msg::DistrictCsv)}</a></p> };
    view! {
        <Title text=lang.t(Msg::DistrictTitle)/>
        <a class="back-link" href=paths::STAFF>{lang.t(Msg::BtnBack)}</a>
        <h1>{lang.t(Msg::DistrictTitle)}</h1>
        <h2>{lang.t(Msg::DistrictOffices)}</h2>
        <div class="table-wrap"><table id="offices"><thead><tr><th>{lang.t(Msg::StatusOffice)}</th><th>{lang.t(Msg::DistrictOpen)}</th><th>{lang.t(Msg::DistrictOverdue)}</th><th>{lang.t(Msg::DistrictDecided)}</th></tr></thead><tbody>{offices}</tbody></table></div>
        {csv("offices")}
        <h2>{lang.t(Msg::DistrictMonths)}</h2>
        <div class="table-wrap"><table id="months"><thead><tr><th>{lang.t(Msg::DistrictMonth)}</th><th>{lang.t(Msg::AppProgrammeTitle)}</th><th>{lang.t(Msg::DistrictDecision)}</th><th>{lang.t(Msg::DistrictCases)}</th><th>{lang.t(Msg::DistrictAmount)}</th></tr></thead><tbody>{months}</tbody></table></div>
        {csv("months")}
        <h2>{lang.t(Msg::DistrictRongque)}</h2>
        <div class="table-wrap"><table id="rongque"><thead><tr><th>{lang.t(Msg::DoneReference)}</th><th>{lang.t(Msg::StatusOffice)}</th><th>{lang.t(Msg::StatusCurrent)}</th><th>{lang.t(Msg::StaffVerifyResult)}</th><th>{lang.t(Msg::DistrictRecovery)}</th></tr></thead><tbody>{rongque}</tbody></table></div>
        {csv("rongque")}
    }
}

/// A labelled text input (or text area) with its error, keeping the value.
fn labelled_input(errors: &[FieldError], lang: Lang, name: &'static str, label: Msg, value: String, area: bool) -> AnyView {
    let error = error_for(errors, name, lang);
    let has_error = error.is_some();
    let control = if area {
        view! { <textarea id=name name=name rows="3">{value}</textarea> }.into_any()
    } else {
        view! { <input id=name name=name type="text" value=value/> }.into_any()
    };
    view! {
        <div class="field" class:field-error=has_error>
            <label for=name>{lang.t(label)}</label>
            {error.map(|e| view! { <p class="error-message">{e}</p> })}
            {control}
        </div>
    }
    .into_any()
}

/// The staff sign-in, shown at /staff to anyone not signed in.
#[component]
pub fn StaffSignInPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<StaffSignInData>().unwrap_or_default();
    let field = |name: &'static str, label: Msg, kind: &'static str, value: String, autocomplete: &'static str| {
        let error = error_for(&d.errors, name, lang);
        let has_error = error.is_some();
        view! {
            <div class="field" class:field-error=has_error>
                <label for=name>{lang.t(label)}</label>
                {error.map(|e| view! { <p class="error-message">{e}</p> })}
                <input id=name name=name type=kind value=value autocomplete=autocomplete/>
            </div>
        }
    };
    view! {
        <Title text=lang.t(Msg::NavStaff)/>
        <h1>{lang.t(Msg::NavStaff)}</h1>
        {error_summary(&d.errors, lang)}
        <p class="lead">{lang.t(Msg::StaffIntro)}</p>
        <form method="post" action=STAFF_SIGN_IN novalidate>
            {field("username", Msg::StaffUsername, "text", d.username.clone(), "username")}
            {field("password", Msg::StaffPassword, "password", String::new(), "current-password")}
            <button type="submit" class="button">{lang.t(Msg::StaffSignIn)}</button>
        </form>
        <p><a href=paths::HOME>{lang.t(Msg::BackHome)}</a></p>
    }
}

fn programme_text(code: &str, lang: Lang) -> String {
    crate::domain::programme::Programme::from_code(code).map(|p| lang.t(programme_name(p)).to_string()).unwrap_or_default()
}

#[component]
pub fn QueuePage() -> impl IntoView {
    let lang = use_lang();
    let Some(d) = use_context::<QueueData>() else { return view! { <StaffSignInPage/> }.into_any() };
    let q = d.query.clone();
    let statuses = ["submitted", "more_info", "accepted"];
    let status_options: Vec<_> = statuses
        .iter()
        .map(|s| view! { <option value=*s selected=q.status.as_deref() == Some(*s)>{lang.t(status_label(s))}</option> })
        .collect();
    let programme_options: Vec<_> = APPLY_PROGRAMMES
        .iter()
        .map(|p| view! { <option value=p.code() selected=q.programme.as_deref() == Some(p.code())>{lang.t(programme_name(*p))}</option> })
        .collect();
    let rows: Vec<_> = d
        .items
        .iter()
        .map(|i| {
            let clock = if i.overdue {
                fill(lang.t(Msg::StaffOverdue), &[("n", (-i.days_left).to_string())])
            } else {
                fill(lang.t(Msg::StaffDaysLeft), &[("n", i.days_left.to_string())])
            };
            view! {
                <li class="case" data-overdue=i.overdue.to_string()>
                    <p><a href=format!("{STAFF_CASES}/{}", i.reference)><strong>{i.reference.clone()}</strong></a> " · " {i.subject_name.clone()}</p>
                    <p>{programme_text(&i.programme, lang)} " · " <span class="tag">{lang.t(status_label(&i.status))}</span>
                        {i.fast_track.then(|| view! { " " <span class="tag">{lang.t(Msg::StaffFastTrack)}</span> })}</p>
                    <p class="hint" class:clock-overdue=i.overdue>{clock} " · " {i.accept_by.clone()}</p>
                </li>
            }
        })
        .collect();
    let empty = d.items.is_empty().then(|| view! { <p id="queue-empty">{lang.t(Msg::StaffQueueEmpty)}</p> });
    let next = d.next.clone().map(|n| view! { <p><a href=q.to_query(Some(&n)) rel="next">{lang.t(Msg::StaffNextPage)}</a></p> });
    view! {
        <Title text=lang.t(Msg::NavStaff)/>
        <h1>{lang.t(Msg::NavStaff)}</h1>
        <p>{fill(lang.t(Msg::StaffSignedInAs), &[("name", d.staff_name.clone())])}</p>
        <form method="post" action=STAFF_SIGN_OUT><button type="submit" class="button-link">{lang.t(Msg::Signout)}</button></form>
        {(d.role == Role::DistrictOfficer).then(|| view! { <p><a href=STAFF_DISTRICT>{lang.t(Msg::DistrictTitle)}</a></p> })}
        {crate::domain::staff::allows(d.role, crate::domain::staff::Action::RegisterCase).then(|| view! { <p><a href=STAFF_NEW_CASE>{lang.t(Msg::StaffNewCase)}</a></p> })}
        <form method="get" action=paths::STAFF class="filters">
            <div class="field">
                <label for="status">{lang.t(Msg::StatusCurrent)}</label>
                <select id="status" name="status"><option value="">{lang.t(Msg::StaffAll)}</option>{status_options}</select>
            </div>
            <div class="field">
                <label for="programme">{lang.t(Msg::AppProgrammeTitle)}</label>
                <select id="programme" name="programme"><option value="">{lang.t(Msg::StaffAll)}</option>{programme_options}</select>
            </div>
            <div class="check"><input type="checkbox" id="mine" name="mine" value="true" checked=q.mine/><label for="mine">{lang.t(Msg::StaffMine)}</label></div>
            <div class="check"><input type="checkbox" id="overdue" name="overdue" value="true" checked=q.overdue/><label for="overdue">{lang.t(Msg::StaffOverdueOnly)}</label></div>
            <div class="check"><input type="checkbox" id="follow_up" name="follow_up" value="true" checked=q.follow_up/><label for="follow_up">{lang.t(Msg::StaffFollowUpOnly)}</label></div>
            <button type="submit" class="button-secondary">{lang.t(Msg::StaffFilter)}</button>
        </form>
        {empty}
        <ol class="queue" id="queue">{rows}</ol>
        {next}
    }
    .into_any()
}

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
        .map(|e| view! { <li data-kind=e.kind.clone()>{e.at.clone()} " · " {lang.t(crate::pages::apply::status::event_label(&e.kind))} " · " {e.actor.clone()} " " {e.detail.clone()}</li> })
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
