//! 全区情况: every office of the district, decisions by month, 容缺 outcomes and payments,
//! each table as CSV too. The tables come in the reader's language from the service, the
//! same for the screen and the download.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{fill, use_lang, Msg};
use crate::page_data::staff::{DistrictData, DistrictTable};
use crate::paths;
use super::STAFF_DISTRICT;

fn table(id: &'static str, t: &DistrictTable) -> impl IntoView {
    let head: Vec<_> = t.headers.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect();
    let rows: Vec<_> = t.rows.iter().map(|r| view! { <tr>{r.iter().map(|c| view! { <td>{c.clone()}</td> }).collect::<Vec<_>>()}</tr> }).collect();
    view! { <div class="table-wrap"><table id=id><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div> }
}

#[component]
pub fn DistrictPage() -> impl IntoView {
    let lang = use_lang();
    let d = use_context::<DistrictData>().unwrap_or_default();
    let csv = |name: &'static str| view! { <p><a href=format!("{STAFF_DISTRICT}.csv?table={name}") download>{lang.t(Msg::DistrictCsv)}</a></p> };
    view! {
        <Title text=lang.t(Msg::DistrictTitle)/>
        <a class="back-link" href=paths::STAFF>{lang.t(Msg::BtnBack)}</a>
        <h1>{lang.t(Msg::DistrictTitle)}</h1>
        <h2>{lang.t(Msg::DistrictOffices)}</h2>
        {table("offices", &d.offices)}
        {csv("offices")}
        <h2>{lang.t(Msg::DistrictMonths)}</h2>
        {table("months", &d.months)}
        {csv("months")}
        <h2>{lang.t(Msg::DistrictRongque)}</h2>
        {table("rongque", &d.rongque)}
        {csv("rongque")}
        <h2>{lang.t(Msg::DistrictPayments)}</h2>
        {table("payment-figures", &d.payments)}
        <p id="to-recover">{fill(lang.t(Msg::DistrictToRecover), &[("amount", d.to_recover.clone())])}</p>
        {csv("payments")}
        <h2>{lang.t(Msg::DistrictFunnel)}</h2>
        <p class="hint">{lang.t(Msg::DistrictFunnelNote)}</p>
        {table("funnel", &d.funnel)}
        {csv("funnel")}
        <h2>{lang.t(Msg::DistrictWarnings)}</h2>
        <p class="hint">{lang.t(Msg::DistrictWarningsNote)}</p>
        {table("warning-figures", &d.warnings)}
        {csv("warnings")}
    }
}
