//! 服务清单: what a level (district, subdistrict or town, community or village) offers in its
//! area, how often by default, and to whom.

use serde::{Deserialize, Serialize};

use crate::domain::area::{AreaCode, AreaLevel};
use crate::domain::monitoring::register::Tier;
use crate::domain::programme::Programme;
use crate::domain::request::{FieldError, Problem};
use crate::domain::text::{required, Line};

/// The level that offers an item: its area's level in the division tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    District,
    Subdistrict,
    Community,
}

impl Level {
    pub fn of(area: &AreaCode) -> Option<Level> {
        match area.level() {
            AreaLevel::District => Some(Level::District),
            AreaLevel::Subdistrict => Some(Level::Subdistrict),
            AreaLevel::Community => Some(Level::Community),
            AreaLevel::Province | AreaLevel::City => None,
        }
    }

    pub const fn code(self) -> &'static str {
        match self {
            Level::District => "district",
            Level::Subdistrict => "subdistrict",
            Level::Community => "community",
        }
    }

    pub fn from_code(code: &str) -> Option<Level> {
        [Level::District, Level::Subdistrict, Level::Community].into_iter().find(|l| l.code() == code)
    }
}

/// 试点工作方案 (2024): care, daily life and caring services, plus items that are referrals to
/// another department's help.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 照护服务.
    Care,
    /// 生活服务.
    DailyLife,
    /// 关爱服务.
    Caring,
    /// 就业、教育、法律援助: referred, not delivered by a provider of this catalogue.
    Referral,
}

impl Category {
    pub const ALL: [Category; 4] = [Category::Care, Category::DailyLife, Category::Caring, Category::Referral];

    pub const fn code(self) -> &'static str {
        match self {
            Category::Care => "care",
            Category::DailyLife => "daily_life",
            Category::Caring => "caring",
            Category::Referral => "referral",
        }
    }

    pub fn from_code(code: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// The stretch of time a frequency counts in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Per {
    Week,
    Month,
}

/// "4 per month": never zero, at most one a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Frequency {
    times: u8,
    per: Per,
}

impl Frequency {
    pub fn new(times: i64, per: Per) -> Result<Frequency, Problem> {
        let most = match per {
            Per::Week => 7,
            Per::Month => 31,
        };
        if (1..=most).contains(&times) {
            Ok(Frequency { times: times as u8, per })
        } else {
            Err(Problem::ParameterRange { min: "1".into(), max: most.to_string() })
        }
    }

    /// Reads "4" and "month" as typed in a form.
    pub fn parse(times: &str, per: &str) -> Result<Frequency, Problem> {
        let per = match per.trim() {
            "week" => Per::Week,
            "month" => Per::Month,
            _ => return Err(Problem::Required),
        };
        let times: i64 = times.trim().parse().map_err(|_| Problem::NotWholeNumber)?;
        Frequency::new(times, per)
    }

    pub const fn times(self) -> u8 {
        self.times
    }

    pub const fn per(self) -> Per {
        self.per
    }

    /// How many times in an average month, in hundredths (4 a week = 1,738): what stacked
    /// lines add up in.
    pub fn per_month_hundredths(self) -> i64 {
        match self.per {
            Per::Month => i64::from(self.times) * 100,
            // 365.25 / 12 / 7 weeks a month.
            Per::Week => i64::from(self.times) * 43_482 / 100,
        }
    }
}

/// An item as a level's staff enter it, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemDraft {
    pub name: Line,
    pub category: Category,
    pub unit: Line,
    pub frequency: Frequency,
    /// Empty: anyone the plan's assessment finds in need.
    pub programmes: Vec<Programme>,
    pub funding: Line,
}

/// Reads an item form, naming every problem.
pub fn read_item(name: &str, category: &str, unit: &str, times: &str, per: &str, programmes: &[String], funding: &str) -> Result<ItemDraft, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = required::<200>("name", name, &mut errors);
    let unit = required::<200>("unit", unit, &mut errors);
    let funding = required::<200>("funding", funding, &mut errors);
    let category = Category::from_code(category.trim());
    let frequency = Frequency::parse(times, per);
    let mut read_programmes = Vec::new();
    let mut unknown = false;
    for p in programmes {
        match Programme::from_code(p.trim()) {
            Some(p) if !read_programmes.contains(&p) => read_programmes.push(p),
            Some(_) => {}
            None => unknown = true,
        }
    }
    if category.is_none() {
        errors.push(FieldError { field: "category".into(), problem: Problem::Required });
    }
    if let Err(p) = &frequency {
        errors.push(FieldError { field: "times".into(), problem: p.clone() });
    }
    if unknown {
        errors.push(FieldError { field: "programmes".into(), problem: Problem::Required });
    }
    match (name, category, unit, frequency, funding) {
        (Some(name), Some(category), Some(unit), Ok(frequency), Some(funding)) if errors.is_empty() => {
            Ok(ItemDraft { name, category, unit, frequency, programmes: read_programmes, funding })
        }
        _ => Err(errors),
    }
}

/// At most this many lines on a visit's checklist: what fits a phone screen.
pub const CHECKLIST_MAX_LINES: usize = 12;

/// A checklist typed one line per task: blank lines dropped, each line a [`Line`].
pub fn read_checklist(text: &str) -> Result<Vec<Line>, Problem> {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if lines.len() > CHECKLIST_MAX_LINES {
        return Err(Problem::TooManyLines { max: CHECKLIST_MAX_LINES as i64 });
    }
    lines.into_iter().map(|l| Line::parse(l).map_err(|e| e.problem())).collect()
}

/// Whether an item offered in `offered_in` reaches a person living in `residence`: every
/// level above the residence (district, subdistrict, community) may offer to it.
/// Whether an item open to `programmes` (none: anyone an assessment finds in need) is meant
/// for a register person of `tier`. The catalogue says who an item is for; a plan may still
/// give it to someone else, and the page says so.
pub fn meant_for(programmes: &[Programme], tier: Tier) -> bool {
    programmes.is_empty() || programmes.iter().any(|p| Tier::for_programme(*p) == tier)
}

pub fn reaches(offered_in: &AreaCode, residence: &AreaCode) -> bool {
    offered_in.contains(residence)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequencies_are_never_zero_and_at_most_daily() {
        assert!(Frequency::parse("0", "month").is_err());
        assert!(Frequency::parse("8", "week").is_err());
        assert!(Frequency::parse("-1", "week").is_err());
        assert_eq!(Frequency::parse("x", "week"), Err(Problem::NotWholeNumber));
        assert_eq!(Frequency::parse("4", "fortnight"), Err(Problem::Required));
        assert_eq!(Frequency::parse("4", "month").unwrap().per_month_hundredths(), 400);
        assert_eq!(Frequency::parse("1", "week").unwrap().per_month_hundredths(), 434);
    }

    #[test]
    fn an_item_form_names_each_problem() {
        let e = read_item("", "food", "次", "0", "month", &["dibao".into(), "lottery".into()], "").unwrap_err();
        let fields: Vec<&str> = e.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["name", "funding", "category", "times", "programmes"]);
        let ok = read_item("暖心洁家", "daily_life", "次", "4", "month", &["tekun".into(), "tekun".into()], "镇财政购买服务").unwrap();
        assert_eq!((ok.frequency.times(), ok.programmes.as_slice()), (4, [Programme::Tekun].as_slice()));
    }

    #[test]
    fn a_checklist_is_a_short_list_of_lines() {
        let c = read_checklist("清扫地面\n\n  擦拭灶台 \n").unwrap();
        assert_eq!(c.iter().map(Line::as_str).collect::<Vec<_>>(), ["清扫地面", "擦拭灶台"]);
        assert_eq!(read_checklist(&"擦窗\n".repeat(13)), Err(Problem::TooManyLines { max: 12 }));
        assert!(read_checklist("").unwrap().is_empty());
    }

    #[test]
    fn every_level_above_a_home_reaches_it() {
        let home = AreaCode::parse("320507001001").unwrap();
        for offered in ["320507", "320507001", "320507001001"] {
            assert!(reaches(&AreaCode::parse(offered).unwrap(), &home), "{offered}");
        }
        assert!(!reaches(&AreaCode::parse("320507002").unwrap(), &home));
        assert_eq!(Level::of(&AreaCode::parse("320507001").unwrap()), Some(Level::Subdistrict));
        assert_eq!(Level::of(&AreaCode::parse("320000").unwrap()), None);
    }

    #[test]
    fn an_item_is_meant_for_its_programmes_or_for_anyone_when_it_names_none() {
        assert!(meant_for(&[], Tier::Refused));
        assert!(meant_for(&[Programme::Tekun, Programme::Dibao], Tier::Dibao));
        assert!(!meant_for(&[Programme::Tekun], Tier::Dibao));
        assert!(!meant_for(&[Programme::Dibao], Tier::Left), "someone who left is not a dibao household");
    }
}
