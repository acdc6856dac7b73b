//! 实物救助 (#15 item 8): an approval of temporary aid may give things beside the cash — what,
//! how many, their value — each delivered later and recorded; the person and the decision
//! read both ("现金 9,000 元 + 实物 2,340 元").

use crate::domain::money::Fen;
use crate::domain::request::{FieldError, Problem};
use crate::domain::text::Line;
use crate::i18n::{fill, Lang, Msg};

/// Rows an approval form offers; a decision gives a handful of kinds of things at most.
pub const IN_KIND_ROWS: usize = 3;
/// Of one kind of thing, at most this many.
pub const MAX_QUANTITY: i64 = 999;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InKindItem {
    pub what: Line,
    pub quantity: i64,
    /// The value of all of them together.
    pub value: Fen,
}

/// Reads the form's rows (what, quantity, value in yuan): an empty row is no item; a row
/// begun needs all three, named by `in_kind_{i}_{field}`.
pub fn read_in_kind(rows: &[(String, String, String)]) -> Result<Vec<InKindItem>, Vec<FieldError>> {
    let mut items = Vec::new();
    let mut errors = Vec::new();
    for (i, (what, quantity, value)) in rows.iter().enumerate().take(IN_KIND_ROWS) {
        if what.trim().is_empty() && quantity.trim().is_empty() && value.trim().is_empty() {
            continue;
        }
        let field = |name: &str| format!("in_kind_{i}_{name}");
        let what = crate::domain::text::required::<200>(&field("what"), what, &mut errors);
        let quantity = match quantity.trim().parse::<i64>() {
            Ok(n) if (1..=MAX_QUANTITY).contains(&n) => Some(n),
            Ok(_) => {
                errors.push(FieldError { field: field("quantity"), problem: Problem::TooLarge });
                None
            }
            Err(_) => {
                errors.push(FieldError { field: field("quantity"), problem: Problem::NotWholeNumber });
                None
            }
        };
        let value = match Fen::parse_yuan(value.trim()) {
            Ok(v) if v.get() > 0 => Some(v),
            _ => {
                errors.push(FieldError { field: field("value"), problem: Problem::MoneyFormat });
                None
            }
        };
        if let (Some(what), Some(quantity), Some(value)) = (what, quantity, value) {
            items.push(InKindItem { what, quantity, value });
        }
    }
    if errors.is_empty() { Ok(items) } else { Err(errors) }
}

/// The value of everything given in kind.
pub fn total(values: &[i64]) -> Fen {
    Fen::new(values.iter().sum()).unwrap_or_default()
}

/// "现金 9,000 元 + 实物 2,340 元", or the cash alone when nothing is given in kind.
pub fn words(cash: Fen, in_kind: Fen, lang: Lang) -> String {
    let yuan = |f: Fen| fill(lang.t(Msg::AppYuan), &[("amount", f.yuan_text())]);
    if in_kind.get() == 0 {
        return yuan(cash);
    }
    fill(lang.t(Msg::CashAndInKind), &[("cash", yuan(cash)), ("in_kind", yuan(in_kind))])
}

/// One item as the person and staff read it: "米面油 × 3 · 450 元 · 已送达 12月6日".
pub fn line(what: &str, quantity: i64, value_fen: i64, delivered: Option<String>, lang: Lang) -> String {
    let value = fill(lang.t(Msg::AppYuan), &[("amount", Fen::new(value_fen).unwrap_or_default().yuan_text())]);
    let state = match delivered {
        Some(on) => fill(lang.t(Msg::InKindDelivered), &[("date", on)]),
        None => lang.t(Msg::InKindToDeliver).to_string(),
    };
    format!("{what} × {quantity} · {value} · {state}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(a: &str, b: &str, c: &str) -> (String, String, String) {
        (a.into(), b.into(), c.into())
    }

    #[test]
    fn empty_rows_are_no_items_and_a_row_begun_needs_all_three() {
        let items = read_in_kind(&[row("米面油", "3", "450"), row("", "", ""), row("棉被", "2", "1890")]).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(total(&items.iter().map(|i| i.value.get()).collect::<Vec<_>>()).get(), 234_000);
        let e = read_in_kind(&[row("米面油", "0", "")]).unwrap_err();
        assert_eq!(e.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(), ["in_kind_0_quantity", "in_kind_0_value"]);
        assert_eq!(read_in_kind(&[row("", "2", "10")]).unwrap_err()[0].field, "in_kind_0_what");
    }

    #[test]
    fn cash_and_things_read_together() {
        let cash = Fen::new(900_000).unwrap();
        assert_eq!(words(cash, Fen::new(234_000).unwrap(), Lang::ZhCn), "现金 9,000 元 + 实物 2,340 元");
        assert_eq!(words(cash, Fen::default(), Lang::ZhCn), "9,000 元");
    }
}
