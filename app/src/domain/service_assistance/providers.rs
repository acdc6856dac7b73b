//! 服务机构: who delivers — a social organisation under contract, or an office's own team —
//! with its contract's number and period, active or suspended with a reason.

use serde::{Deserialize, Serialize};

use crate::domain::date::Date;
use crate::domain::request::{FieldError, Problem};
use crate::domain::text::{required, Line, Note};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderKind {
    /// 社会组织, bought under contract (政府购买服务).
    Organisation,
    /// The office's own team.
    OwnTeam,
}

impl ProviderKind {
    pub const fn code(self) -> &'static str {
        match self {
            ProviderKind::Organisation => "organisation",
            ProviderKind::OwnTeam => "own_team",
        }
    }

    pub fn from_code(code: &str) -> Option<ProviderKind> {
        [ProviderKind::Organisation, ProviderKind::OwnTeam].into_iter().find(|k| k.code() == code)
    }
}

/// A provider as the form posted it, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderDraft {
    pub name: Line,
    pub kind: ProviderKind,
    pub contract_number: Line,
    pub contract_start: Date,
    pub contract_end: Date,
}

pub fn read_provider(name: &str, kind: &str, contract_number: &str, start: &str, end: &str) -> Result<ProviderDraft, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = required::<200>("name", name, &mut errors);
    let kind = ProviderKind::from_code(kind.trim());
    if kind.is_none() {
        errors.push(FieldError { field: "kind".into(), problem: Problem::Required });
    }
    let contract_number = required::<200>("contract_number", contract_number, &mut errors);
    let mut day = |field: &str, text: &str| match Date::parse(text) {
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(FieldError { field: field.into(), problem: Problem::DateFormat });
            None
        }
    };
    let (start, end) = (day("contract_start", start), day("contract_end", end));
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            errors.push(FieldError { field: "contract_end".into(), problem: Problem::EndBeforeStart });
        }
    }
    match (name, kind, contract_number, start, end) {
        (Some(name), Some(kind), Some(contract_number), Some(contract_start), Some(contract_end)) if errors.is_empty() => {
            Ok(ProviderDraft { name, kind, contract_number, contract_start, contract_end })
        }
        _ => Err(errors),
    }
}

/// Why a provider is suspended: required, so the history says.
pub fn read_suspension(reason: &str) -> Result<Note, Vec<FieldError>> {
    let mut errors = Vec::new();
    required("reason", reason, &mut errors).ok_or(errors)
}

/// Whether a provider may be given new work on `day`: active and under contract.
pub fn may_serve(active: bool, contract_start: Date, contract_end: Date, day: Date) -> bool {
    active && contract_start <= day && day <= contract_end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_provider_needs_a_contract_whose_end_follows_its_start() {
        let ok = read_provider("相城区阳光社工服务中心", "organisation", "XC-2026-017", "2026-01-01", "2026-12-31").unwrap();
        assert_eq!(ok.kind, ProviderKind::Organisation);
        let e = read_provider("", "club", "", "2026-13-01", "2025-01-01").unwrap_err();
        assert_eq!(e.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(), ["name", "kind", "contract_number", "contract_start"]);
        let backwards = read_provider("x", "own_team", "n", "2026-06-01", "2026-01-01").unwrap_err();
        assert_eq!(backwards[0].problem, Problem::EndBeforeStart);
        assert_eq!(read_suspension("  ").unwrap_err()[0].field, "reason");
        let d = |s: &str| Date::parse(s).unwrap();
        assert!(may_serve(true, d("2026-01-01"), d("2026-12-31"), d("2026-12-06")));
        assert!(!may_serve(false, d("2026-01-01"), d("2026-12-31"), d("2026-12-06")), "suspended");
        assert!(!may_serve(true, d("2026-01-01"), d("2026-06-30"), d("2026-12-06")), "contract ended");
    }
}
