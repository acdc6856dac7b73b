//! The office queue: cases in the staff member's area, filtered, with their clocks.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::domain::application::steps::APPLY_PROGRAMMES;
use crate::domain::case::{CaseStatus, Clock};
use crate::domain::date::Date;
use crate::domain::staff::Role;
use crate::i18n::{fill, use_lang, Lang, Msg};
use crate::page_data::staff::{QueueClock, QueueData, ALL_STATUSES};
use crate::pages::apply::status::status_label;
use crate::pages::check::programme_name;
use crate::paths;
use super::{programme_text, StaffSignInPage, STAFF_CASES, STAFF_DISTRICT, STAFF_NEW_CASE, STAFF_SIGN_OUT};

pub(super) fn stage_name(c: Clock) -> Msg {
    match c {
        Clock::Accept => Msg::StaffStageAccept,
        Clock::Verify => Msg::StaffStageVerify,
        Clock::Decide => Msg::StaffStageDecide,
        Clock::FollowUp => Msg::StaffStageFollowUp,
    }
}

/// "核查：还剩 12 天（2026年12月15日前）", or due today, or overdue.
pub(super) fn clock_text(c: &QueueClock, lang: Lang) -> String {
    let stage = lang.t(stage_name(c.kind)).to_string();
    let date = Date::parse(&c.due).map(|d| lang.date(d)).unwrap_or_else(|_| c.due.clone());
    match c.days_left {
        0 => fill(lang.t(Msg::StaffClockToday), &[("stage", stage)]),
        n if n < 0 => fill(lang.t(Msg::StaffClockOverdue), &[("stage", stage), ("n", (-n).to_string()), ("date", date)]),
        n => fill(lang.t(Msg::StaffClockLeft), &[("stage", stage), ("n", n.to_string()), ("date", date)]),
    }
}

#[component]
pub fn QueuePage() -> impl IntoView {
    let lang = use_lang();
    let Some(d) = use_context::<QueueData>() else { return view! { <StaffSignInPage/> }.into_any() };
    let q = d.query.clone();
    let status_options: Vec<_> = CaseStatus::ALL
        .iter()
        .map(|s| view! { <option value=s.code() selected=q.status.as_deref() == Some(s.code())>{lang.t(status_label(s.code()))}</option> })
        .collect();
    let programme_options: Vec<_> = APPLY_PROGRAMMES
        .iter()
        .map(|p| view! { <option value=p.code() selected=q.programme.as_deref() == Some(p.code())>{lang.t(programme_name(*p))}</option> })
        .collect();
    let rows: Vec<_> = d
        .items
        .iter()
        .map(|i| {
            let overdue = i.clock.as_ref().is_some_and(|c| c.overdue);
            let clock = i.clock.as_ref().map(|c| view! { <p class="hint clock" class:clock-overdue=c.overdue data-clock=c.kind.code()>{clock_text(c, lang)}</p> });
            view! {
                <li class="case" data-overdue=overdue.to_string()>
                    <p><a href=format!("{STAFF_CASES}/{}", i.reference)><strong>{i.reference.clone()}</strong></a> " · " {i.subject_name.clone()}</p>
                    <p>{programme_text(&i.programme, lang)} " · " <span class="tag">{lang.t(status_label(&i.status))}</span>
                        {i.fast_track.then(|| view! { " " <span class="tag">{lang.t(Msg::StaffFastTrack)}</span> })}
                        {i.arrival_problem.then(|| view! { " " <span class="tag tag-alert" data-arrival="problem">{lang.t(Msg::StaffArrivalProblem)}</span> })}</p>
                    {clock}
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
        {crate::domain::staff::allows(d.role, crate::domain::staff::Action::ManageParameters).then(|| view! { <p><a href=super::STAFF_PARAMETERS>{lang.t(Msg::NavParameters)}</a></p> })}
        {crate::domain::staff::allows(d.role, crate::domain::staff::Action::ManageStaff).then(|| view! { <p><a href=super::STAFF_ACCOUNTS>{lang.t(Msg::NavAccounts)}</a></p> })}
        {crate::domain::staff::allows(d.role, crate::domain::staff::Action::ManageOffices).then(|| view! { <p><a href=super::STAFF_OFFICES>{lang.t(Msg::NavOffices)}</a></p> })}
        {crate::domain::staff::allows(d.role, crate::domain::staff::Action::ManagePledgeTexts).then(|| view! { <p><a href=super::STAFF_PLEDGE_TEXTS>{lang.t(Msg::NavPledgeTexts)}</a></p> })}
        {crate::domain::staff::allows(d.role, crate::domain::staff::Action::RegisterCase).then(|| view! { <p><a href=STAFF_NEW_CASE>{lang.t(Msg::StaffNewCase)}</a></p> })}
        {crate::domain::staff::allows(d.role, crate::domain::staff::Action::ViewWarnings).then(|| view! { <p><a href=super::STAFF_MONITORING id="monitoring-link">{lang.t(Msg::MonitoringTitle)}</a></p> })}
        {crate::domain::staff::allows(d.role, crate::domain::staff::Action::ViewCase).then(|| view! { <p><a href=super::STAFF_CATALOGUE id="catalogue-link">{lang.t(Msg::NavCatalogue)}</a></p> })}
        {crate::domain::staff::allows(d.role, crate::domain::staff::Action::DeliverVisits).then(|| view! { <p><a href=super::STAFF_VISITS id="visits-link">{lang.t(Msg::VisitsTitle)}</a></p> })}
        {crate::domain::staff::allows(d.role, crate::domain::staff::Action::PlanServices).then(|| view! { <p><a href=super::STAFF_REFERRALS id="referrals-link">{lang.t(Msg::ReferralsTitle)}</a></p> })}
        {crate::domain::staff::allows(d.role, crate::domain::staff::Action::SuperviseServices).then(|| view! { <p><a href=super::STAFF_SUPERVISION id="supervision-link">{lang.t(Msg::SupervisionTitle)}</a></p> })}
        {crate::domain::staff::allows(d.role, crate::domain::staff::Action::ViewCase).then(|| view! {
        <form method="get" action=paths::STAFF class="filters">
            <div class="field">
                <label for="status">{lang.t(Msg::StatusCurrent)}</label>
                <select id="status" name="status">
                    <option value="">{lang.t(Msg::StaffInProgress)}</option>
                    {status_options}
                    <option value=ALL_STATUSES selected=q.status.as_deref() == Some(ALL_STATUSES)>{lang.t(Msg::StaffAllStatuses)}</option>
                </select>
            </div>
            <div class="field">
                <label for="programme">{lang.t(Msg::StaffRowProgramme)}</label>
                <select id="programme" name="programme"><option value="">{lang.t(Msg::StaffAll)}</option>{programme_options}</select>
            </div>
            <div class="check"><input type="checkbox" id="mine" name="mine" value="true" checked=q.mine/><label for="mine">{lang.t(Msg::StaffMine)}</label></div>
            <div class="check"><input type="checkbox" id="overdue" name="overdue" value="true" checked=q.overdue/><label for="overdue">{lang.t(Msg::StaffOverdueOnly)}</label></div>
            <div class="check"><input type="checkbox" id="follow_up" name="follow_up" value="true" checked=q.follow_up/><label for="follow_up">{lang.t(Msg::StaffFollowUpOnly)}</label></div>
            <div class="check"><input type="checkbox" id="arrival" name="arrival" value="true" checked=q.arrival/><label for="arrival">{lang.t(Msg::StaffFilterArrival)}</label></div>
            <button type="submit" class="button-secondary">{lang.t(Msg::StaffFilter)}</button>
        </form>
        {empty}
        <ol class="queue" id="queue">{rows}</ol>
        {next}
        })}
    }
    .into_any()
}
