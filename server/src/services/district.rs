//! The district view: every office's queue and overdue count, decisions and amounts by
//! month, programme and where the cases stand now, 容缺 cases and their outcomes, payments
//! by month; each table in the reader's language, and the same tables as CSV.

use app::domain::case::payment::PaymentKind;
use app::domain::case::{CaseStatus, Verification};
use app::domain::money::Fen;
use app::domain::programme::Programme;
use app::domain::staff::{may, Action};
use app::error::AppError;
use app::i18n::{Lang, Msg};
use app::page_data::staff::{DistrictData, DistrictTable};

use super::staff::Staff;
use super::today_in_china;
use crate::store::Store;

fn yuan(fen: i64) -> String {
    Fen::new(fen).unwrap_or_default().yuan_text()
}

fn headers(lang: Lang, msgs: &[Msg]) -> Vec<String> {
    msgs.iter().map(|m| lang.t(*m).to_string()).collect()
}

fn programme(code: &str, lang: Lang) -> String {
    Programme::from_code(code).map(|p| lang.t(p.name()).to_string()).unwrap_or_else(|| code.to_string())
}

fn status(code: &str, lang: Lang) -> String {
    CaseStatus::from_code(code).map(|s| lang.t(s.label()).to_string()).unwrap_or_else(|| code.to_string())
}

pub async fn view(store: &Store, staff: &Staff, lang: Lang) -> Result<DistrictData, AppError> {
    if !may(staff.role, &staff.area_code, Action::ViewDistrict, None) {
        return Err(AppError::Forbidden);
    }
    let area = &staff.area_code;
    let office_name = |code: String| async move { Ok::<_, AppError>(store.area(&code).await?.map(|a| match lang { Lang::En => a.name_en.unwrap_or(a.name_zh), Lang::ZhCn => a.name_zh }).unwrap_or(code)) };
    let mut offices = Vec::new();
    for o in store.office_figures(area, &today_in_china().to_string()).await? {
        offices.push(vec![office_name(o.office_code).await?, o.open.to_string(), o.overdue.to_string(), o.decided.to_string()]);
    }
    let months = store
        .month_figures(area).await?
        .into_iter()
        .map(|m| {
            // Temporary aid is one sum; every other programme pays monthly: their own columns.
            let once = Programme::from_code(&m.programme) == Some(Programme::Temporary);
            let amount = (m.status != CaseStatus::Rejected.code()).then(|| yuan(m.amount_fen)).unwrap_or_default();
            let (monthly, one_off) = if once { (String::new(), amount) } else { (amount, String::new()) };
            vec![m.month, programme(&m.programme, lang), status(&m.status, lang), m.cases.to_string(), monthly, one_off]
        })
        .collect();
    let mut rongque = Vec::new();
    for r in store.rongque_figures(area).await? {
        let check = r.verification.as_deref().and_then(Verification::from_code).map(|v| lang.t(v.label()).to_string()).unwrap_or_else(|| lang.t(Msg::DistrictNotChecked).to_string());
        rongque.push(vec![r.reference, office_name(r.office_code).await?, status(&r.status, lang), check, yuan(r.recovery_fen)]);
    }
    let payments = store
        .payment_figures(area).await?
        .into_iter()
        .map(|p| {
            let kind = match PaymentKind::from_code(&p.kind) {
                Some(PaymentKind::Emergency) => Msg::StaffPeriodEmergency,
                Some(PaymentKind::Correction) => Msg::DistrictCorrections,
                _ => Msg::DistrictRegular,
            };
            vec![p.month, lang.t(kind).to_string(), p.payments.to_string(), yuan(p.amount_fen)]
        })
        .collect();
    Ok(DistrictData {
        offices: DistrictTable { headers: headers(lang, &[Msg::StatusOffice, Msg::DistrictOpen, Msg::DistrictOverdue, Msg::DistrictDecided]), rows: offices, amount_columns: Vec::new() },
        months: DistrictTable {
            headers: headers(lang, &[Msg::DistrictMonth, Msg::DistrictProgramme, Msg::DistrictStatusNow, Msg::DistrictCases, Msg::DistrictMonthly, Msg::DistrictOnce]),
            rows: months,
            amount_columns: vec![4, 5],
        },
        rongque: DistrictTable {
            headers: headers(lang, &[Msg::DistrictReference, Msg::StatusOffice, Msg::DistrictStatusNow, Msg::StaffVerifyResult, Msg::DistrictRecovery]),
            rows: rongque,
            amount_columns: vec![4],
        },
        payments: DistrictTable {
            headers: headers(lang, &[Msg::DistrictPaidMonth, Msg::DistrictPaymentKind, Msg::DistrictPaymentCount, Msg::DistrictAmount]),
            rows: payments,
            amount_columns: vec![3],
        },
        to_recover: yuan(store.recovery_total(area).await?),
        funnel: super::funnel::table(store, area, lang).await?,
        warnings: super::monitoring::figures::table(store, area, lang).await?,
    })
}

/// A CSV field, always quoted (RFC 4180); a leading = + - @ is defused so a spreadsheet
/// never runs it as a formula.
fn field(v: &str) -> String {
    let v = if v.starts_with(['=', '+', '-', '@']) { format!("'{v}") } else { v.to_string() };
    format!("\"{}\"", v.replace('"', "\"\""))
}

fn csv(table: DistrictTable) -> String {
    // A byte-order mark first, so spreadsheet programs read the Chinese names right.
    let mut out = String::from("\u{feff}");
    let line = |cells: Vec<String>| cells.iter().map(|v| field(v)).collect::<Vec<_>>().join(",") + "\r\n";
    out.push_str(&line(table.headers));
    for row in table.rows {
        let cells = row.into_iter().enumerate().map(|(i, v)| if table.amount_columns.contains(&i) { v.replace(',', "") } else { v }).collect();
        out.push_str(&line(cells));
    }
    out
}

/// One of the tables as CSV, headers and values in the reader's language: `offices`,
/// `months`, `rongque`, `payments` or `funnel`; another name is no table (404).
pub async fn export(store: &Store, staff: &Staff, table: &str, lang: Lang) -> Result<String, AppError> {
    let d = view(store, staff, lang).await?;
    Ok(csv(match table {
        "offices" => d.offices,
        "months" => d.months,
        "rongque" => d.rongque,
        "payments" => d.payments,
        "funnel" => d.funnel,
        "warnings" => d.warnings,
        _ => return Err(AppError::NotFound),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("秦虹街道"), "\"秦虹街道\"");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        let t = DistrictTable { headers: vec!["金额（元）".into()], rows: vec![vec!["1,600".into()]], amount_columns: vec![0] };
        assert_eq!(csv(t), "\u{feff}\"金额（元）\"\r\n\"1600\"\r\n");
    }
}
