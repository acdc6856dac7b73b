use proptest::prelude::*;

use super::*;

fn day(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn month(s: &str) -> Month {
    Month::parse(s).unwrap()
}

fn yuan(n: i64) -> Fen {
    Fen::from_yuan(n)
}

fn paid(period: Period, kind: PaymentKind, fen: Fen) -> Paid {
    Paid { period: Some(period), kind, fen }
}

/// 1,500 a month, decided on 2026-11-20.
fn monthly() -> Decided {
    Decided::new(yuan(1500), false, day("2026-11-20"))
}

#[test]
fn months_are_read_as_staff_type_them_and_nothing_else() {
    for text in ["2026-11", "2026-1", "2026/11", "2026年11月", " 2026-11 "] {
        assert!(Month::parse(text).is_some(), "{text}");
    }
    for text in ["", "2026", "2026-13", "2026-00", "26-11", "2026-11-05", "2026年", "november", "2026-1a"] {
        assert_eq!(Month::parse(text), None, "{text}");
    }
    assert_eq!(month("2026年1月").to_string(), "2026-01");
    assert_eq!(month("2026-11").months_to(month("2027-01")), 3);
    assert_eq!(Month::of(day("2026-12-31")), month("2026-12"));
    assert_eq!(month("2026-02").first_day(), day("2026-02-01"));
}

#[test]
fn periods_and_kinds_round_trip() {
    for p in [Period::Month(month("2026-11")), Period::Once, Period::Emergency] {
        assert_eq!(Period::from_code(&p.code()), Some(p));
    }
    assert_eq!(Period::from_code("先行救助"), Some(Period::Emergency), "rows from before periods were typed");
    assert_eq!(Period::from_code("十一月"), None);
    for k in [PaymentKind::Regular, PaymentKind::Correction, PaymentKind::Emergency] {
        assert_eq!(PaymentKind::from_code(k.code()), Some(k));
    }
}

#[test]
fn a_monthly_grant_pays_each_begun_month_from_the_decision_once() {
    let d = monthly();
    let nov = Period::Month(month("2026-11"));
    assert_eq!(check(&d, &[], nov, yuan(1500), day("2026-11-25"), false), Ok(PaymentKind::Regular));
    assert_eq!(check(&d, &[], nov, yuan(1500), day("2026-11-19"), false), Err(Refused::BeforeDecision { decided_on: day("2026-11-20") }));
    assert_eq!(check(&d, &[], Period::Month(month("2026-10")), yuan(1500), day("2026-11-25"), false), Err(Refused::BeforeGrant { from: month("2026-11") }));
    assert_eq!(check(&d, &[], Period::Month(month("2026-12")), yuan(1500), day("2026-11-25"), false), Err(Refused::NotBegun { month: month("2026-12") }));
    assert_eq!(check(&d, &[], Period::Once, yuan(1500), day("2026-11-25"), false), Err(Refused::MonthNeeded));
    assert_eq!(check(&d, &[], nov, yuan(2000), day("2026-11-25"), false), Err(Refused::OverAmount { left: yuan(1500) }));
    assert_eq!(check(&d, &[], nov, Fen::ZERO, day("2026-11-25"), false), Err(Refused::OverAmount { left: yuan(1500) }));

    let once = [paid(nov, PaymentKind::Regular, yuan(1000))];
    assert_eq!(check(&d, &once, nov, yuan(500), day("2026-11-26"), false), Err(Refused::AlreadyPaid { period: nov }), "the same period twice");
    assert_eq!(check(&d, &once, nov, yuan(500), day("2026-11-26"), true), Ok(PaymentKind::Correction), "a top-up with its reason");
    assert_eq!(check(&d, &once, nov, yuan(600), day("2026-11-26"), true), Err(Refused::OverAmount { left: yuan(500) }));
    let full = [paid(nov, PaymentKind::Regular, yuan(1000)), paid(nov, PaymentKind::Correction, yuan(500))];
    assert_eq!(check(&d, &full, nov, yuan(1), day("2026-11-26"), true), Err(Refused::OverAmount { left: Fen::ZERO }));
    assert_eq!(check(&d, &full, Period::Month(month("2026-12")), yuan(1500), day("2026-12-01"), false), Ok(PaymentKind::Regular));
}

#[test]
fn emergency_help_counts_against_the_first_months_of_a_monthly_grant() {
    let d = monthly();
    let first = [paid(Period::Emergency, PaymentKind::Emergency, yuan(2000))];
    let (nov, dec) = (Period::Month(month("2026-11")), Period::Month(month("2026-12")));
    assert_eq!(left_for(&d, &first, nov), Fen::ZERO, "November is covered by the 2,000 paid first");
    assert_eq!(left_for(&d, &first, dec), yuan(1000), "and 500 of December");
    assert_eq!(check(&d, &first, dec, yuan(1000), day("2026-12-05"), false), Ok(PaymentKind::Regular));
}

#[test]
fn a_one_off_grant_is_paid_up_to_its_sum_with_emergency_help_in_it() {
    let d = Decided::new(yuan(6660), true, day("2026-11-20"));
    let first = [paid(Period::Emergency, PaymentKind::Emergency, yuan(2000))];
    assert_eq!(check(&d, &first, Period::Once, yuan(4660), day("2026-11-21"), false), Ok(PaymentKind::Regular));
    assert_eq!(check(&d, &first, Period::Once, yuan(6660), day("2026-11-21"), false), Err(Refused::OverAmount { left: yuan(4660) }));
    let all = [first[0], paid(Period::Once, PaymentKind::Regular, yuan(4660))];
    assert_eq!(check(&d, &all, Period::Once, yuan(1), day("2026-11-22"), true), Err(Refused::OverAmount { left: Fen::ZERO }));
}

#[test]
fn the_emergency_ceiling_is_the_lower_of_the_range_and_the_local_one() {
    assert_eq!(emergency_ceiling(yuan(11_100), None), yuan(11_100));
    assert_eq!(emergency_ceiling(yuan(11_100), Some(yuan(5000))), yuan(5000));
    assert_eq!(emergency_ceiling(yuan(11_100), Some(yuan(20_000))), yuan(11_100));
}

#[test]
fn a_decision_says_what_was_paid_first_and_what_remains() {
    let once = |n| Some(Grant::Once { total: yuan(n) });
    assert_eq!(settle(once(6660), yuan(2000)), Settlement { paid_first: yuan(2000), remaining: yuan(4660), excess: Fen::ZERO });
    assert_eq!(settle(once(6660), yuan(50_000)), Settlement { paid_first: yuan(50_000), remaining: Fen::ZERO, excess: yuan(43_340) });
    assert_eq!(settle(None, yuan(1000)), Settlement { paid_first: yuan(1000), remaining: Fen::ZERO, excess: yuan(1000) }, "a rejection");
    let monthly = Some(Grant::Monthly { per_month: yuan(1500), from: month("2026-11") });
    assert_eq!(settle(monthly, yuan(1000)).excess, Fen::ZERO);
}

proptest! {
    /// Whatever is tried, in whatever order, what is accepted for a month never exceeds the
    /// grant, nor does the running total exceed the months begun.
    #[test]
    fn accepted_payments_never_exceed_the_grant(
        per_month in 1i64..5_000,
        first in 0i64..20_000,
        tries in proptest::collection::vec((0u32..6, 1i64..6_000, any::<bool>()), 0..30),
    ) {
        let d = Decided::new(yuan(per_month), false, day("2026-10-15"));
        let mut record = Vec::new();
        if first > 0 {
            record.push(paid(Period::Emergency, PaymentKind::Emergency, yuan(first)));
        }
        let today = day("2027-03-31");
        for (offset, amount, reason) in tries {
            let m = Month::of(day("2026-10-01").plus_days(i64::from(offset) * 31));
            let period = Period::Month(m);
            if let Ok(kind) = check(&d, &record, period, yuan(amount), today, reason) {
                prop_assert!(kind == PaymentKind::Regular || reason);
                record.push(paid(period, kind, yuan(amount)));
            }
        }
        for offset in 0u32..6 {
            let m = Month::of(day("2026-10-01").plus_days(i64::from(offset) * 31));
            let this: i64 = record.iter().filter(|p| p.period == Some(Period::Month(m))).map(|p| p.fen.get()).sum();
            prop_assert!(this <= yuan(per_month).get());
            let regular = record.iter().filter(|p| p.period == Some(Period::Month(m)) && p.kind == PaymentKind::Regular).count();
            prop_assert!(regular <= 1, "one regular payment per month");
        }
        let months_paid: i64 = record.iter().filter(|p| p.kind != PaymentKind::Emergency).map(|p| p.fen.get()).sum();
        prop_assert!(months_paid + first.max(0) * 100 <= yuan(per_month).get() * 6 || months_paid == 0);
    }

    #[test]
    fn months_parse_what_they_print(y in 1900i32..2199, m in 1u32..=12) {
        let text = format!("{y:04}-{m:02}");
        prop_assert_eq!(Month::parse(&text).map(|x| x.to_string()), Some(text));
    }
}
