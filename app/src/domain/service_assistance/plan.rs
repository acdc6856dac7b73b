//! 一人一案: a person's plan is lines from the catalogue of every level that reaches their
//! home, each with its provider, frequency and period. Lines of several levels stack; the
//! same item twice at once is refused; the plan says its combined rhythm in plain words.

use serde::{Deserialize, Serialize};

use super::catalogue::{Frequency, Level};
use crate::domain::date::Date;
use crate::domain::request::{FieldError, Problem};
use crate::i18n::{fill, Lang, Msg};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanLine {
    pub item_id: String,
    pub level: Level,
    pub provider_id: String,
    pub frequency: Frequency,
    pub start: Date,
    /// Open-ended when `None` (until the plan's review changes it).
    pub end: Option<Date>,
}

impl PlanLine {
    pub fn runs_on(&self, day: Date) -> bool {
        self.start <= day && self.end.is_none_or(|e| day <= e)
    }

    fn overlaps(&self, other: &PlanLine) -> bool {
        let ends_before = |a: &PlanLine, b: &PlanLine| a.end.is_some_and(|e| e < b.start);
        !ends_before(self, other) && !ends_before(other, self)
    }
}

/// Checks a new line against the plan: an end before its start, and the same item twice in
/// overlapping periods, are named.
pub fn check_new_line(plan: &[PlanLine], line: &PlanLine) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    if line.end.is_some_and(|e| e < line.start) {
        errors.push(FieldError { field: "end".into(), problem: Problem::EndBeforeStart });
    }
    if plan.iter().any(|l| l.item_id == line.item_id && l.overlaps(line)) {
        errors.push(FieldError { field: "item".into(), problem: Problem::SameItemTwice });
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// Hundredths of days in an average month (365.25 / 12).
const MONTH_DAYS_HUNDREDTHS: i64 = 3_044;

/// How often help comes, all lines running on one day added up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rhythm {
    /// Times a month, in hundredths.
    pub per_month_hundredths: i64,
}

pub fn rhythm(plan: &[PlanLine], on: Date) -> Rhythm {
    Rhythm { per_month_hundredths: plan.iter().filter(|l| l.runs_on(on)).map(|l| l.frequency.per_month_hundredths()).sum() }
}

impl Rhythm {
    /// Days between visits on average, rounded to whole days (0: no help runs).
    pub fn every_days(self) -> i64 {
        if self.per_month_hundredths <= 0 {
            return 0;
        }
        ((MONTH_DAYS_HUNDREDTHS * 100 / self.per_month_hundredths) + 50) / 100
    }

    /// "合计每月约 17 次，每隔一天一次".
    pub fn words(self, lang: Lang) -> String {
        let times = ((self.per_month_hundredths + 50) / 100).to_string();
        let every = match self.every_days() {
            0 => return lang.t(Msg::RhythmNone).to_string(),
            1 => lang.t(Msg::RhythmDaily).to_string(),
            2 => lang.t(Msg::RhythmEveryOtherDay).to_string(),
            n => fill(lang.t(Msg::RhythmEveryNDays), &[("n", n.to_string())]),
        };
        fill(lang.t(Msg::RhythmTotal), &[("n", times), ("every", every)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::service_assistance::catalogue::Per;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn line(item: &str, level: Level, times: i64, per: Per, start: &str, end: Option<&str>) -> PlanLine {
        PlanLine { item_id: item.into(), level, provider_id: "p".into(), frequency: Frequency::new(times, per).unwrap(), start: d(start), end: end.map(d) }
    }

    #[test]
    fn two_levels_stack_into_help_every_other_day() {
        // The report: district home care with the town's cleaning 4 times a month.
        let plan = [line("home-care", Level::District, 3, Per::Week, "2026-12-01", None), line("clean", Level::Subdistrict, 4, Per::Month, "2026-12-01", Some("2027-05-31"))];
        let r = rhythm(&plan, d("2026-12-06"));
        assert_eq!(r.every_days(), 2);
        assert_eq!(r.words(Lang::ZhCn), "合计每月约 17 次，每隔一天一次");
        assert_eq!(rhythm(&plan, d("2027-06-01")).words(Lang::ZhCn), "合计每月约 13 次，每隔一天一次", "the cleaning has ended");
        let weekly = [line("visit", Level::Community, 1, Per::Week, "2026-12-01", None)];
        assert_eq!(rhythm(&weekly, d("2026-12-06")).words(Lang::ZhCn), "合计每月约 4 次，约每 7 天一次");
        assert_eq!(rhythm(&plan, d("2026-11-30")).words(Lang::ZhCn), "还没有服务");
    }

    #[test]
    fn the_same_item_twice_at_once_and_backwards_dates_are_refused() {
        let plan = [line("clean", Level::Subdistrict, 4, Per::Month, "2026-12-01", Some("2027-05-31"))];
        let again = line("clean", Level::Subdistrict, 2, Per::Month, "2027-01-01", None);
        assert_eq!(check_new_line(&plan, &again).unwrap_err()[0].problem, Problem::SameItemTwice);
        let after = line("clean", Level::Subdistrict, 2, Per::Month, "2027-06-01", None);
        assert!(check_new_line(&plan, &after).is_ok(), "once the first has ended it may run again");
        let backwards = line("visit", Level::Community, 1, Per::Week, "2027-01-10", Some("2027-01-01"));
        assert_eq!(check_new_line(&plan, &backwards).unwrap_err()[0].field, "end");
    }
}
