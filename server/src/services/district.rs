//! The district view: every office's queue and overdue count, decisions and amounts by
//! month and programme, 容缺 cases and their outcomes; and the same as CSV.

use app::domain::money::Fen;
use app::domain::staff::{may, Action};
use app::error::AppError;
use app::page_data::staff::DistrictData;

use super::staff::Staff;
use super::today_in_china;
use crate::store::Store;

fn yuan(fen: i64) -> String {
    Fen::new(fen).unwrap_or_default().yuan_text()
}

pub async fn view(store: &Store, staff: &Staff) -> Result<DistrictData, AppError> {
    if !may(staff.role, &staff.area_code, Action::ViewDistrict, None) {
        return Err(AppError::Forbidden);
    }
    let area = &staff.area_code;
    let mut offices = Vec::new();
    for o in store.office_figures(area, &today_in_china().to_string()).await? {
        let name = store.area(&o.office_code).await?.map(|a| a.name_zh).unwrap_or_default();
        offices.push((o.office_code, name, o.open, o.overdue, o.decided));
    }
    let months = store
        .month_figures(area).await?
        .into_iter()
        .map(|m| (m.month, m.programme, m.decision, m.cases, yuan(m.amount_fen)))
        .collect();
    let rongque = store
        .rongque_figures(area).await?
        .into_iter()
        .map(|r| (r.reference, r.office_code, r.status, r.verification.unwrap_or_default(), yuan(r.recovery_fen)))
        .collect();
    let payments = store.payment_figures(area).await?.into_iter().map(|p| (p.month, p.kind, p.payments, yuan(p.amount_fen))).collect();
    let to_recover = yuan(store.recovery_total(area).await?);
    Ok(DistrictData { offices, months, rongque, payments, to_recover })
}

/// A CSV field: quoted when it holds a comma, quote or line break; a leading = + - @ is
/// defused so a spreadsheet never runs it as a formula.
fn field(v: &str) -> String {
    let v = if v.starts_with(['=', '+', '-', '@']) { format!("'{v}") } else { v.to_string() };
    if v.contains([',', '"', '\n', '\r']) { format!("\"{}\"", v.replace('"', "\"\"")) } else { v }
}

fn csv(header: &[&str], rows: Vec<Vec<String>>) -> String {
    // A byte-order mark first, so spreadsheet programs read the Chinese names right.
    let mut out = String::from("\u{feff}");
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for row in rows {
        out.push_str(&row.iter().map(|v| field(v)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

/// One of the tables as CSV: `offices`, `months`, `rongque` or `payments`; another name is
/// no table (404).
pub async fn export(store: &Store, staff: &Staff, table: &str) -> Result<String, AppError> {
    let d = view(store, staff).await?;
    if !["offices", "months", "rongque", "payments"].contains(&table) {
        return Err(AppError::NotFound);
    }
    Ok(match table {
        "offices" => csv(
            &["office_code", "office", "open", "overdue", "decided"],
            d.offices.into_iter().map(|(c, n, o, od, dd)| vec![c, n, o.to_string(), od.to_string(), dd.to_string()]).collect(),
        ),
        "rongque" => csv(
            &["reference", "office_code", "status", "verification", "recovery_yuan"],
            d.rongque.into_iter().map(|(r, o, s, v, y)| vec![r, o, s, v, y.replace(',', "")]).collect(),
        ),
        "payments" => csv(
            &["month", "kind", "payments", "amount_yuan"],
            d.payments.into_iter().map(|(m, k, n, y)| vec![m, k, n.to_string(), y.replace(',', "")]).collect(),
        ),
        _ => csv(
            &["month", "programme", "decision", "cases", "amount_yuan"],
            d.months.into_iter().map(|(m, p, dec, c, y)| vec![m, p, dec, c.to_string(), y.replace(',', "")]).collect(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("秦虹街道"), "秦虹街道");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert!(csv(&["a"], vec![vec!["1".into()]]).starts_with('\u{feff}'));
    }
}
