//! 全区情况: every office of the district, decisions by month, 容缺 outcomes, as CSV too.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{use_lang, Msg};
use crate::page_data::staff::DistrictData;
use crate::pages::apply::status::status_label;
use crate::paths;
use super::{programme_text, STAFF_DISTRICT};

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
    let payments: Vec<_> = d
        .payments
        .iter()
        .map(|(m, k, n, y)| {
            let kind = match k.as_str() {
                "emergency" => Msg::StaffPeriodEmergency,
                "correction" => Msg::DistrictCorrections,
                _ => Msg::DistrictRegular,
            };
            view! { <tr><td>{m.clone()}</td><td>{lang.t(kind)}</td><td>{*n}</td><td>{y.clone()}</td></tr> }
        })
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
        <h2>{lang.t(Msg::DistrictPayments)}</h2>
        <div class="table-wrap"><table id="payment-figures"><thead><tr><th>{lang.t(Msg::DistrictPaidMonth)}</th><th>{lang.t(Msg::DistrictPaymentKind)}</th><th>{lang.t(Msg::DistrictCases)}</th><th>{lang.t(Msg::DistrictAmount)}</th></tr></thead><tbody>{payments}</tbody></table></div>
        <p id="to-recover">{crate::i18n::fill(lang.t(Msg::DistrictToRecover), &[("amount", d.to_recover.clone())])}</p>
        {csv("payments")}
    }
}
