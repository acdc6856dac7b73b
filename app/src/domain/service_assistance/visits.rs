//! What is due: visits made due by a plan line's frequency, spread evenly over each week or
//! month, and by a visit rule (探访关爱: a target group visited at least every so many days,
//! a dated parameter per area). A visit not recorded by its day is overdue.

use super::catalogue::{Frequency, Per};
use crate::domain::date::Date;
use crate::domain::params::ParamName;
use crate::i18n::Msg;

/// 探访关爱: the target groups the community visits whatever their plan holds, each at least
/// every so many days (a dated parameter per area; 0 turns the rule off).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VisitRule {
    /// Living alone (by the latest needs assessment) and at least `visit_alone_age` old.
    LivingAlone,
    /// 分散供养特困: tekun people living at home (the register's tekun tier).
    Tekun,
}

impl VisitRule {
    pub const ALL: [VisitRule; 2] = [VisitRule::LivingAlone, VisitRule::Tekun];

    pub const fn code(self) -> &'static str {
        match self {
            VisitRule::LivingAlone => "living_alone",
            VisitRule::Tekun => "tekun",
        }
    }

    pub fn from_code(code: &str) -> Option<VisitRule> {
        VisitRule::ALL.into_iter().find(|r| r.code() == code)
    }

    pub const fn interval(self) -> ParamName {
        match self {
            VisitRule::LivingAlone => ParamName::VisitAloneDays,
            VisitRule::Tekun => ParamName::VisitTekunDays,
        }
    }

    pub const fn label(self) -> Msg {
        match self {
            VisitRule::LivingAlone => Msg::VisitRuleLivingAlone,
            VisitRule::Tekun => Msg::VisitRuleTekun,
        }
    }
}

/// Whether someone living alone is old enough for the rule (`min_age` 0: anyone).
pub fn alone_rule_covers(age: i32, min_age: i64) -> bool {
    i64::from(age) >= min_age
}

/// The days a line of `frequency` running from `start` (to `end`) makes due within
/// `from..=to`, in order. A monthly line spreads over each calendar month; a weekly one over
/// each week counted from its start.
pub fn due_days(frequency: Frequency, start: Date, end: Option<Date>, from: Date, to: Date) -> Vec<Date> {
    let first = start.max(from);
    let last = end.map_or(to, |e| e.min(to));
    if first > last {
        return Vec::new();
    }
    let n = i64::from(frequency.times());
    let mut out = Vec::new();
    match frequency.per() {
        Per::Month => {
            let (y, m, _) = first.ymd();
            let mut month = Date::from_ymd(y, m, 1).unwrap_or(first);
            while month <= last {
                let next = month.plus_months(1);
                let length = next.days_since(month);
                out.extend((0..n).map(|k| month.plus_days(k * length / n)));
                month = next;
            }
        }
        Per::Week => {
            let weeks_before = first.days_since(start).max(0) / 7;
            let mut week = start.plus_days(weeks_before * 7);
            while week <= last {
                out.extend((0..n).map(|k| week.plus_days(k * 7 / n)));
                week = week.plus_days(7);
            }
        }
    }
    out.retain(|d| *d >= first && *d <= last);
    out
}

/// When a visit rule next makes a visit due: `interval_days` after the last visit, or after
/// the person came under the rule when never visited.
pub fn rule_due(interval_days: i64, last_visit: Option<Date>, since: Date) -> Date {
    last_visit.unwrap_or(since).plus_days(interval_days.max(1))
}

pub fn overdue(due: Date, today: Date) -> bool {
    today > due
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn days(v: &[Date]) -> Vec<String> {
        v.iter().map(Date::to_string).collect()
    }

    #[test]
    fn four_a_month_spread_over_each_month_across_the_boundary() {
        let f = Frequency::new(4, Per::Month).unwrap();
        let due = due_days(f, d("2026-12-01"), None, d("2026-12-20"), d("2027-02-10"));
        assert_eq!(days(&due), ["2026-12-24", "2027-01-01", "2027-01-08", "2027-01-16", "2027-01-24", "2027-02-01", "2027-02-08"]);
        let ended = due_days(f, d("2026-12-01"), Some(d("2027-01-10")), d("2026-12-20"), d("2027-02-10"));
        assert_eq!(days(&ended).last().map(String::as_str), Some("2027-01-08"), "nothing after the line's end");
    }

    #[test]
    fn the_living_alone_rule_starts_at_its_age() {
        assert!(alone_rule_covers(80, 80) && alone_rule_covers(92, 80));
        assert!(!alone_rule_covers(79, 80));
        for r in VisitRule::ALL {
            assert_eq!(VisitRule::from_code(r.code()), Some(r));
        }
    }

    #[test]
    fn weekly_lines_count_weeks_from_their_start_and_rules_from_the_last_visit() {
        let f = Frequency::new(2, Per::Week).unwrap();
        let due = due_days(f, d("2026-12-03"), None, d("2026-12-01"), d("2026-12-16"));
        assert_eq!(days(&due), ["2026-12-03", "2026-12-06", "2026-12-10", "2026-12-13"]);
        assert_eq!(rule_due(7, Some(d("2026-11-30")), d("2026-01-01")), d("2026-12-07"));
        assert_eq!(rule_due(30, None, d("2026-11-20")), d("2026-12-20"));
        assert!(overdue(d("2026-12-07"), d("2026-12-08")) && !overdue(d("2026-12-07"), d("2026-12-07")));
    }

    proptest! {
        /// A whole calendar month holds exactly as many due days as the frequency says, in
        /// order and never two on one day.
        #[test]
        fn a_whole_month_holds_its_times(times in 1i64..=28, year in 2000i32..2100, month in 1u32..=12) {
            let f = Frequency::new(times, Per::Month).unwrap();
            let first = Date::from_ymd(year, month, 1).unwrap();
            let last = first.plus_months(1).plus_days(-1);
            let due = due_days(f, d("1999-01-01"), None, first, last);
            prop_assert_eq!(due.len() as i64, times);
            prop_assert!(due.windows(2).all(|w| w[0] < w[1]));
            prop_assert!(due.iter().all(|x| *x >= first && *x <= last));
        }
    }
}
