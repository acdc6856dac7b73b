//! Properties over any household: no panic, monotone in income, amounts within bounds.

use proptest::prelude::*;

use super::tests::shipped_params;
use super::*;
use crate::domain::household::{Assets, Household, Member, RigidExpenses, SuddenEvent};
use crate::domain::programme::{EventKind, Relation};

const AREAS: [&str; 8] = ["320104", "320922", "320507", "320100", "320000", "320104001", "320922100", "320507107001"];

fn fen(max_yuan: i64) -> impl Strategy<Value = Fen> {
    (0..=max_yuan * 100).prop_map(|f| Fen::new(f).unwrap())
}

fn member() -> impl Strategy<Value = Member> {
    (0usize..8, 0u8..=130, any::<bool>(), any::<bool>(), any::<bool>(), fen(50_000)).prop_map(
        |(r, age, disabled, serious_illness, able_to_work, monthly_income)| Member {
            relation: Relation::ALL[r],
            age,
            disabled,
            serious_illness,
            able_to_work,
            monthly_income,
        },
    )
}

fn date() -> impl Strategy<Value = Date> {
    (19_000i64..21_000).prop_map(Date::from_days_since_epoch)
}

fn event() -> impl Strategy<Value = Option<SuddenEvent>> {
    proptest::option::of((0usize..5, date(), fen(1_000_000), any::<bool>()).prop_map(|(k, date, loss, casualties)| SuddenEvent {
        kind: EventKind::ALL[k],
        date,
        loss,
        casualties,
    }))
}

prop_compose! {
    fn check_input()(
        area in 0usize..AREAS.len(),
        as_of in 20_500i64..21_000,
        hukou_local in any::<bool>(),
        months in 0u16..600,
        members in proptest::collection::vec(member(), 1..8),
        avg in fen(100_000),
        savings in fen(2_000_000),
        extra_housing in any::<bool>(),
        vehicle in any::<bool>(),
        medical in fen(1_000_000),
        education in fen(100_000),
        sudden_event in event(),
        receiving in proptest::collection::vec(0usize..7, 0..3),
        will_sign_pledge in any::<bool>(),
    ) -> CheckInput {
        CheckInput {
            as_of: Date::from_days_since_epoch(as_of),
            area: AreaCode::parse(AREAS[area]).unwrap(),
            hukou_local,
            months_at_residence: months,
            household: Household::new(members).unwrap(),
            avg_monthly_income_6m: avg,
            assets: Assets { savings, extra_housing, vehicle },
            rigid_expenses_12m: RigidExpenses { medical, education },
            sudden_event,
            receiving_at_hukou: receiving.into_iter().map(|i| Programme::ALL[i]).collect(),
            will_sign_pledge,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_and_answers_for_every_programme(i in check_input(), en in any::<bool>()) {
        let lang = if en { Lang::En } else { Lang::ZhCn };
        let r = evaluate(&i, &shipped_params(), lang).unwrap();
        prop_assert_eq!(r.options.len(), Programme::ALL.len());
        for p in Programme::ALL {
            prop_assert_eq!(r.options.iter().filter(|o| o.programme == p).count(), 1);
        }
    }

    #[test]
    fn more_income_never_improves_dibao_or_temporary_aid(i in check_input(), extra in fen(20_000)) {
        let params = shipped_params();
        let before = evaluate(&i, &params, Lang::ZhCn).unwrap();
        let mut richer = i.clone();
        richer.avg_monthly_income_6m = i.avg_monthly_income_6m.saturating_add(extra);
        let after = evaluate(&richer, &params, Lang::ZhCn).unwrap();
        for p in [Programme::Dibao, Programme::Temporary] {
            // Verdicts order Likely < Possible < Unlikely: never smaller after a raise.
            prop_assert!(after.option(p).verdict >= before.option(p).verdict, "{:?} improved", p);
            let (a, b) = (after.option(p).amount.map(|x| x.max), before.option(p).amount.map(|x| x.max));
            if p == Programme::Dibao && a.is_some() && b.is_some() {
                prop_assert!(a <= b, "dibao amount grew with income");
            }
        }
    }

    #[test]
    fn amounts_stay_within_the_parameter_bounds(i in check_input()) {
        let params = shipped_params();
        let r = evaluate(&i, &params, Lang::ZhCn).unwrap();
        let value = |n| params.lookup(n, &i.area, i.as_of).unwrap().value;
        let standard = Fen::new(value(ParamName::DibaoStandardMonthlyFen)).unwrap();
        let per_household = standard.times(i.household.size());
        for o in &r.options {
            let Some(a) = o.amount else { continue };
            prop_assert!(a.min <= a.max);
            prop_assert!(o.verdict != Verdict::Unlikely, "no amount on an unlikely option");
            match o.programme {
                Programme::Temporary => {
                    prop_assert_eq!(a.period, Period::Once);
                    prop_assert!(a.min >= per_household.times(value(ParamName::TemporaryMinMultiple)));
                    prop_assert!(a.max <= per_household.times(value(ParamName::TemporaryMaxMultiple)));
                }
                Programme::Dibao => {
                    prop_assert_eq!(a.period, Period::Month);
                    prop_assert!(a.max <= per_household && a.min > Fen::ZERO);
                }
                Programme::Tekun => {
                    prop_assert!(a.max <= per_household.times_percent(value(ParamName::TekunSupportPercent)));
                }
                other => prop_assert!(false, "{:?} pays no cash", other),
            }
        }
    }
}
