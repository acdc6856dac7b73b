//! 低收入人口数据库: who is monitored, in which tier, since when and why. Decisions in the
//! portal keep it current; people who predate the portal arrive in a CSV import.

use serde::{Deserialize, Serialize};

use crate::domain::area::{AreaCode, AreaLevel};
use crate::domain::date::Date;
use crate::domain::identity::{IdNumber, Phone};
use crate::domain::programme::Programme;
use crate::domain::request::{FieldError, Problem};
use crate::domain::text::{Line, PersonName};
use crate::i18n::Msg;

/// Why a person is monitored (国办发〔2023〕39号 and local practice).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// Applicants who were refused, for `monitor_refused_months`.
    Refused,
    /// People who left a programme, for `monitor_left_months`.
    Left,
    /// 其他困难人员.
    Other,
    /// 刚性支出困难.
    ExpenseHardship,
    /// 低保边缘.
    DibaoEdge,
    Dibao,
    Tekun,
}

impl Tier {
    /// Lowest first: an approval never moves someone down (a tekun person granted temporary
    /// aid stays tekun).
    pub const ALL: [Tier; 7] = [Tier::Refused, Tier::Left, Tier::Other, Tier::ExpenseHardship, Tier::DibaoEdge, Tier::Dibao, Tier::Tekun];

    pub const fn code(self) -> &'static str {
        match self {
            Tier::Refused => "refused",
            Tier::Left => "left",
            Tier::Other => "other",
            Tier::ExpenseHardship => "expense_hardship",
            Tier::DibaoEdge => "dibao_edge",
            Tier::Dibao => "dibao",
            Tier::Tekun => "tekun",
        }
    }

    pub fn from_code(code: &str) -> Option<Tier> {
        Tier::ALL.into_iter().find(|t| t.code() == code)
    }

    pub const fn label(self) -> Msg {
        match self {
            Tier::Refused => Msg::TierRefused,
            Tier::Left => Msg::TierLeft,
            Tier::Other => Msg::TierOther,
            Tier::ExpenseHardship => Msg::TierExpenseHardship,
            Tier::DibaoEdge => Msg::TierDibaoEdge,
            Tier::Dibao => Msg::TierDibao,
            Tier::Tekun => Msg::TierTekun,
        }
    }

    /// Receiving help (or on its edge) now, rather than watched for a while after.
    pub const fn current(self) -> bool {
        !matches!(self, Tier::Refused | Tier::Left)
    }

    pub const fn for_programme(p: Programme) -> Tier {
        match p {
            Programme::Dibao => Tier::Dibao,
            Programme::Tekun => Tier::Tekun,
            Programme::DibaoEdge => Tier::DibaoEdge,
            Programme::ExpenseHardship => Tier::ExpenseHardship,
            Programme::Temporary | Programme::Medical | Programme::Service => Tier::Other,
        }
    }
}

/// Where a register entry came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Decision,
    ProactiveCase,
    Import,
}

impl Source {
    pub const fn code(self) -> &'static str {
        match self {
            Source::Decision => "decision",
            Source::ProactiveCase => "proactive_case",
            Source::Import => "import",
        }
    }

    pub fn from_code(code: &str) -> Option<Source> {
        [Source::Decision, Source::ProactiveCase, Source::Import].into_iter().find(|s| s.code() == code)
    }

    pub const fn label(self) -> Msg {
        match self {
            Source::Decision => Msg::RegisterSourceDecision,
            Source::ProactiveCase => Msg::RegisterSourceProactive,
            Source::Import => Msg::RegisterSourceImport,
        }
    }
}

/// A decision of the portal, as the register sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Approved(Programme),
    Refused,
    /// Stopped or cancelled (a 容缺 follow-up that failed).
    Stopped,
}

/// The tier after a decision, given the tier now (`None`: not in the register). `None`
/// back means the entry stays as it is.
pub fn after_decision(now: Option<Tier>, decision: Decision) -> Option<Tier> {
    match decision {
        Decision::Approved(p) => {
            let new = Tier::for_programme(p);
            match now {
                Some(t) if t.current() && t >= new => None,
                _ => Some(new),
            }
        }
        // A refusal of one more programme does not undo the one the person receives.
        Decision::Refused => match now {
            Some(t) if t.current() || t == Tier::Refused => None,
            _ => Some(Tier::Refused),
        },
        Decision::Stopped => match now {
            Some(Tier::Left) => None,
            _ => Some(Tier::Left),
        },
    }
}

/// Whether an entry is still monitored on `today`: current tiers always; people who left or
/// were refused for as many months as the area's parameter says.
pub fn monitored(tier: Tier, since: Date, today: Date, left_months: i64, refused_months: i64) -> bool {
    let months = match tier {
        Tier::Left => left_months,
        Tier::Refused => refused_months,
        _ => return true,
    };
    since >= today.minus_months(months)
}

/// One row of a register import, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportRow {
    pub id_number: IdNumber,
    pub name: PersonName,
    pub tier: Tier,
    pub since: Date,
    pub community: AreaCode,
    pub address: Line,
    pub phone: Option<Phone>,
}

/// The columns an import file has, in any order; `phone` and `address` may be left out.
pub const IMPORT_COLUMNS: [&str; 7] = ["id_number", "name", "tier", "since", "community", "address", "phone"];
const REQUIRED_COLUMNS: [&str; 5] = ["id_number", "name", "tier", "since", "community"];

/// The header's missing columns, named as the file must name them.
pub fn missing_columns(header: &[String]) -> Vec<&'static str> {
    REQUIRED_COLUMNS.into_iter().filter(|c| !header.iter().any(|h| h.trim().trim_start_matches('\u{feff}') == *c)).collect()
}

/// Reads one record against its header; every problem of the row, by column.
pub fn read_import_row(header: &[String], record: &[String], today: Date) -> Result<ImportRow, Vec<FieldError>> {
    let get = |name: &str| header.iter().position(|h| h.trim().trim_start_matches('\u{feff}') == name).and_then(|i| record.get(i)).map(|s| s.trim()).unwrap_or("");
    let mut errors = Vec::new();
    let mut fail = |field: &str, problem: Problem| errors.push(FieldError { field: field.into(), problem });
    let id = IdNumber::parse(get("id_number")).map_err(|e| fail("id_number", crate::domain::application::steps::id_problem(e))).ok();
    let name = PersonName::parse(get("name"));
    if name.is_none() {
        fail("name", Problem::NameFormat);
    }
    let tier = Tier::from_code(get("tier"));
    if tier.is_none() {
        fail("tier", Problem::UnknownValue { allowed: Tier::ALL.iter().map(|t| t.code().to_string()).collect() });
    }
    let since = match Date::parse(get("since")) {
        Ok(d) if d > today => {
            fail("since", Problem::FutureDate);
            None
        }
        Ok(d) => Some(d),
        Err(_) => {
            fail("since", Problem::DateFormat);
            None
        }
    };
    let community = match AreaCode::parse(get("community")) {
        Ok(a) if a.level() == AreaLevel::Community => Some(a),
        Ok(_) => {
            fail("community", Problem::UnknownArea);
            None
        }
        Err(_) => {
            fail("community", Problem::AreaFormat);
            None
        }
    };
    let address = Line::parse(get("address")).map_err(|e| fail("address", e.problem())).ok();
    let phone = match get("phone") {
        "" => Some(None),
        p => Phone::parse(p).map(Some).map_err(|_| fail("phone", Problem::PhoneFormat)).ok(),
    };
    match (id, name, tier, since, community, address, phone) {
        (Some(id_number), Some(name), Some(tier), Some(since), Some(community), Some(address), Some(phone)) if errors.is_empty() => {
            Ok(ImportRow { id_number, name, tier, since, community, address, phone })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn decisions_move_people_up_or_out_never_down() {
        assert_eq!(after_decision(None, Decision::Approved(Programme::Dibao)), Some(Tier::Dibao));
        assert_eq!(after_decision(Some(Tier::Tekun), Decision::Approved(Programme::Temporary)), None, "temporary aid leaves a tekun person tekun");
        assert_eq!(after_decision(Some(Tier::DibaoEdge), Decision::Approved(Programme::Dibao)), Some(Tier::Dibao));
        assert_eq!(after_decision(Some(Tier::Left), Decision::Approved(Programme::Temporary)), Some(Tier::Other));
        assert_eq!(after_decision(None, Decision::Refused), Some(Tier::Refused));
        assert_eq!(after_decision(Some(Tier::Dibao), Decision::Refused), None);
        assert_eq!(after_decision(Some(Tier::Left), Decision::Refused), Some(Tier::Refused));
        assert_eq!(after_decision(Some(Tier::Dibao), Decision::Stopped), Some(Tier::Left));
        assert_eq!(after_decision(Some(Tier::Left), Decision::Stopped), None);
    }

    #[test]
    fn people_who_left_are_watched_for_the_areas_months() {
        let today = d("2026-12-06");
        assert!(monitored(Tier::Dibao, d("2001-01-01"), today, 12, 6));
        assert!(monitored(Tier::Left, d("2025-12-06"), today, 12, 6));
        assert!(!monitored(Tier::Left, d("2025-12-05"), today, 12, 6));
        assert!(monitored(Tier::Refused, d("2026-06-06"), today, 12, 6));
        assert!(!monitored(Tier::Refused, d("2026-06-05"), today, 12, 6));
        assert!(!monitored(Tier::Refused, d("2026-12-01"), today, 12, 0), "0 months: not watched at all");
    }

    #[test]
    fn import_rows_name_each_bad_column() {
        let header: Vec<String> = ["\u{feff}id_number", "name", "tier", "since", "community", "address"].map(String::from).to_vec();
        let ok: Vec<String> = ["11010519491231002x", "王 秀英", "dibao", "2024-03-01", "320104001001", "秦虹路1号"].map(String::from).to_vec();
        let row = read_import_row(&header, &ok, d("2026-12-06")).unwrap();
        assert_eq!(row.tier, Tier::Dibao);
        assert_eq!(row.id_number.expose(), "11010519491231002X");
        assert_eq!(row.phone, None);
        let bad: Vec<String> = ["110105194912310021", "", "rich", "2027-01-01", "320104", "x"].map(String::from).to_vec();
        let errors = read_import_row(&header, &bad, d("2026-12-06")).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["id_number", "name", "tier", "since", "community"]);
        assert_eq!(missing_columns(&header), Vec::<&str>::new());
        assert_eq!(missing_columns(&["name".to_string()]), ["id_number", "tier", "since", "community"]);
    }
}
