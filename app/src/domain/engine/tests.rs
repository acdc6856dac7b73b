//! The rules, household by household: the three of the report, then each rule on its own.

use super::*;
use crate::domain::household::{Assets, CheckInput, Household, Member, RigidExpenses, SuddenEvent};
use crate::domain::params::parse_parameter_csv;
use crate::domain::programme::{EventKind, Relation};

pub(crate) fn shipped_params() -> ParameterSet {
    let text = include_str!("../../../../server/data/parameters.csv");
    ParameterSet::new(parse_parameter_csv(text).expect("parameters.csv parses")).expect("in bounds")
}

pub(crate) fn person(relation: Relation, age: u8, income_yuan: i64) -> Member {
    Member {
        relation,
        age,
        disabled: false,
        serious_illness: false,
        able_to_work: (18..60).contains(&age),
        monthly_income: Fen::from_yuan(income_yuan),
    }
}

pub(crate) fn input(area: &str, as_of: &str, members: Vec<Member>) -> CheckInput {
    let avg = members.iter().fold(Fen::ZERO, |acc, m| acc.saturating_add(m.monthly_income));
    CheckInput {
        as_of: Date::parse(as_of).unwrap(),
        area: AreaCode::parse(area).unwrap(),
        hukou_local: true,
        months_at_residence: 120,
        household: Household::new(members).unwrap(),
        avg_monthly_income_6m: avg,
        assets: Assets::default(),
        rigid_expenses_12m: RigidExpenses::default(),
        sudden_event: None,
        receiving_at_hukou: vec![],
        will_sign_pledge: true,
    }
}

fn run(i: &CheckInput) -> CheckResult {
    evaluate(i, &shipped_params(), Lang::ZhCn).expect("parameters in force")
}

fn rules(o: &ProgrammeOption) -> Vec<&str> {
    o.reasons.iter().map(|r| r.rule.as_str()).collect()
}

/// 陈必华, 滨海县: brain haemorrhage after the Spring Festival, over 90,000 yuan of bills,
/// his wife stopped working to care for him, no income left.
fn chen_bihua(as_of: &str) -> CheckInput {
    let mut chen = person(Relation::Applicant, 50, 0);
    chen.serious_illness = true;
    chen.able_to_work = false;
    let wife = person(Relation::Spouse, 48, 0);
    let mut i = input("320922", as_of, vec![chen, wife]);
    i.assets.savings = Fen::from_yuan(8_000);
    i.rigid_expenses_12m.medical = Fen::from_yuan(90_500);
    i.sudden_event = Some(SuddenEvent {
        kind: EventKind::SeriousIllness,
        date: Date::parse("2026-02-20").unwrap(),
        loss: Fen::from_yuan(90_500),
        casualties: false,
    });
    i
}

#[test]
fn chen_bihua_gets_dibao_by_rongque_and_medical_assistance() {
    let r = run(&chen_bihua("2026-03-01"));
    let dibao = r.option(Programme::Dibao);
    assert_eq!(dibao.verdict, Verdict::Likely);
    assert_eq!(dibao.fast_track, Some(FastTrack::Rongque));
    // (1,000 − 0) × 2 members: the report's 2,000 yuan a month.
    assert_eq!(dibao.amount, Some(AmountRange { min: Fen::from_yuan(2_000), max: Fen::from_yuan(2_000), period: Period::Month }));
    assert!(rules(dibao).contains(&"rongque"));
    let rongque = dibao.reasons.iter().find(|r| r.rule == "rongque").unwrap();
    let threshold = rongque.parameters.iter().find(|p| p.name == ParamName::RongqueThresholdFen).unwrap();
    assert_eq!((threshold.value, threshold.area.as_str(), threshold.demo), (3_000_000, "320922", false));

    let medical = r.option(Programme::Medical);
    assert_eq!(medical.verdict, Verdict::Likely);
    assert_eq!(medical.fast_track, Some(FastTrack::Rongque), "medical help counts from the fast-tracked inclusion");
    assert_eq!(r.option(Programme::Tekun).verdict, Verdict::Unlikely, "his wife can work");
    assert_eq!(r.options[0].programme, Programme::Dibao, "a monthly allowance outweighs one-off help");
}

#[test]
fn chen_bihua_without_the_pledge_waits_for_the_check() {
    let mut i = chen_bihua("2026-03-01");
    i.will_sign_pledge = false;
    let dibao = run(&i).option(Programme::Dibao).clone();
    assert_eq!(dibao.verdict, Verdict::Likely);
    assert_eq!(dibao.fast_track, None);
    assert!(!dibao.what_would_change.is_empty());
}

/// 曹维勤, new citizens in 秦淮区: dibao at the 户籍 place, grandson's surgery over 340,000 yuan.
fn cao_weiqin() -> CheckInput {
    let cao = person(Relation::Applicant, 63, 2_000);
    let mut wife = person(Relation::Spouse, 61, 1_500);
    wife.able_to_work = true;
    let mut grandson = person(Relation::Grandchild, 9, 0);
    grandson.serious_illness = true;
    let mut i = input("320104", "2026-11-29", vec![cao, wife, grandson]);
    i.hukou_local = false;
    i.months_at_residence = 48;
    i.assets.savings = Fen::from_yuan(5_000);
    i.rigid_expenses_12m.medical = Fen::from_yuan(340_000);
    i.sudden_event = Some(SuddenEvent {
        kind: EventKind::SeriousIllness,
        date: Date::parse("2026-02-20").unwrap(),
        loss: Fen::from_yuan(340_000),
        casualties: false,
    });
    i.receiving_at_hukou = vec![Programme::Dibao];
    i
}

#[test]
fn cao_weiqin_gets_one_off_temporary_aid_of_one_to_five_times_and_local_medical_help() {
    let r = run(&cao_weiqin());
    let temporary = r.option(Programme::Temporary);
    assert_eq!(temporary.verdict, Verdict::Likely);
    // 1,110 yuan × 3 members × 1..5, as in the API contract's example.
    assert_eq!(temporary.amount, Some(AmountRange { min: Fen::new(333_000).unwrap(), max: Fen::new(1_665_000).unwrap(), period: Period::Once }));
    let r1 = rules(temporary);
    for rule in ["new_citizen_1_plus_4", "new_citizen_same_treatment", "1plus4_income", "1plus4_special_members", "1plus4_sudden_event", "1plus4_pledge"] {
        assert!(r1.contains(&rule), "{rule} in {r1:?}");
    }
    let summary = &temporary.reasons[0];
    let max = summary.parameters.iter().find(|p| p.name == ParamName::TemporaryMaxMultiple).unwrap();
    assert_eq!((max.value, max.area.as_str(), max.demo), (5, "320104", false), "秦淮's own, sourced value");
    assert_eq!(temporary.fast_track, None, "the surgery was months ago");

    let medical = r.option(Programme::Medical);
    assert_eq!(medical.verdict, Verdict::Likely);
    assert_eq!(rules(medical), ["medical_hukou_level"]);
    assert_eq!(r.option(Programme::Dibao).verdict, Verdict::Unlikely, "dibao stays with the 户籍 place");
    assert_eq!(r.options[0].programme, Programme::Temporary, "the cash option comes first");
}

/// 缪大爷, 相城区: 77, lives alone, already supported as tekun.
fn miao_daye() -> CheckInput {
    let mut i = input("320507", "2026-11-29", vec![person(Relation::Applicant, 77, 0)]);
    i.receiving_at_hukou = vec![Programme::Tekun];
    i
}

#[test]
fn miao_daye_gets_service_type_help() {
    let r = run(&miao_daye());
    let service = r.option(Programme::Service);
    assert_eq!(service.verdict, Verdict::Likely);
    assert_eq!(rules(service), ["service_tekun"]);
    assert!(!service.next_steps.is_empty());
    assert_eq!(service.amount, None, "services, not cash");
    assert_eq!(r.option(Programme::Tekun).verdict, Verdict::Likely);
    assert_eq!(r.option(Programme::Medical).verdict, Verdict::Likely);
}

#[test]
fn an_older_person_living_alone_gets_service_help_without_tekun() {
    let mut i = miao_daye();
    i.receiving_at_hukou.clear();
    i.avg_monthly_income_6m = Fen::from_yuan(3_000);
    i.assets.savings = Fen::from_yuan(500_000);
    let r = run(&i);
    assert_eq!(r.option(Programme::Tekun).verdict, Verdict::Unlikely);
    assert_eq!(rules(r.option(Programme::Service)), ["service_elderly_alone"]);
}

#[test]
fn every_programme_appears_once_best_first() {
    for i in [chen_bihua("2026-03-01"), cao_weiqin(), miao_daye()] {
        let r = run(&i);
        let mut seen: Vec<_> = r.options.iter().map(|o| o.programme).collect();
        seen.sort();
        assert_eq!(seen, Programme::ALL);
        assert!(r.options.windows(2).all(|w| w[0].verdict <= w[1].verdict));
        assert!(r.options.iter().all(|o| !o.reasons.is_empty()), "every verdict has a reason");
    }
}

#[test]
fn dibao_pays_the_gap_to_the_standard() {
    // 秦淮: standard 1,110; two people with 1,000 a month together → (1,110 − 500) × 2.
    let i = input("320104", "2026-11-29", vec![person(Relation::Applicant, 45, 1_000), person(Relation::Child, 12, 0)]);
    let dibao = run(&i).option(Programme::Dibao).clone();
    assert_eq!(dibao.verdict, Verdict::Likely);
    assert_eq!(dibao.amount.unwrap().max, Fen::from_yuan(1_220));
    assert_eq!(dibao.fast_track, None, "秦淮 does not run 容缺审批");
}

#[test]
fn the_dibao_gap_is_exact_when_income_does_not_divide_evenly() {
    // 秦淮 1,110 a person; three people with 1,400 together: 3,330 − 1,400 = 1,930 exactly.
    let i = input("320104", "2026-11-29", vec![person(Relation::Applicant, 45, 1_400), person(Relation::Spouse, 44, 0), person(Relation::Child, 12, 0)]);
    assert_eq!(run(&i).option(Programme::Dibao).amount.unwrap().max, Fen::from_yuan(1_930));
}

proptest::proptest! {
    #[test]
    fn the_dibao_amount_is_the_households_gap_to_the_standard_to_the_fen(incomes in proptest::collection::vec(0i64..120_000, 1..6)) {
        let members: Vec<Member> = incomes.iter().enumerate().map(|(n, fen)| {
            let mut m = person(if n == 0 { Relation::Applicant } else { Relation::Child }, if n == 0 { 45 } else { 10 }, 0);
            m.monthly_income = Fen::new(*fen).unwrap();
            m
        }).collect();
        let i = input("320104", "2026-11-29", members);
        let total: i64 = incomes.iter().sum();
        let gap = 111_000 * incomes.len() as i64 - total;
        match run(&i).option(Programme::Dibao).amount {
            Some(a) => proptest::prop_assert_eq!(a.max.get(), gap),
            None => proptest::prop_assert!(gap <= 0, "a gap of {} fen must be paid", gap),
        }
    }
}

#[test]
fn dibao_uses_the_standard_in_force_on_the_date() {
    // Before 2026-07-01 Nanjing has no row of its own: the province's 800 applies.
    let i = input("320104", "2026-06-30", vec![person(Relation::Applicant, 45, 900)]);
    let dibao = run(&i).option(Programme::Dibao).clone();
    assert_eq!(dibao.verdict, Verdict::Unlikely);
    let used = &dibao.reasons.iter().find(|r| r.rule == "dibao_income").unwrap().parameters[0];
    assert_eq!((used.value, used.area.as_str()), (80_000, "320000"));
    let later = input("320104", "2026-07-01", vec![person(Relation::Applicant, 45, 900)]);
    assert_eq!(run(&later).option(Programme::Dibao).verdict, Verdict::Likely);
}

#[test]
fn savings_property_and_vehicles_rule_out_dibao() {
    let base = input("320104", "2026-11-29", vec![person(Relation::Applicant, 45, 0)]);
    let mut rich = base.clone();
    rich.assets.savings = Fen::from_yuan(1_110 * 24 + 1);
    assert_eq!(run(&rich).option(Programme::Dibao).verdict, Verdict::Unlikely);
    let mut at_limit = base.clone();
    at_limit.assets.savings = Fen::from_yuan(1_110 * 24);
    assert_eq!(run(&at_limit).option(Programme::Dibao).verdict, Verdict::Likely);
    let mut car = base;
    car.assets.vehicle = true;
    assert_eq!(run(&car).option(Programme::Dibao).verdict, Verdict::Unlikely);
}

#[test]
fn the_edge_band_lies_between_one_and_one_and_a_half_standards() {
    let at = |income| run(&input("320104", "2026-11-29", vec![person(Relation::Applicant, 45, income)])).option(Programme::DibaoEdge).verdict;
    assert_eq!(at(1_000), Verdict::Possible);
    assert_eq!(at(1_110), Verdict::Likely);
    assert_eq!(at(1_664), Verdict::Likely);
    assert_eq!(at(1_665), Verdict::Unlikely);
}

#[test]
fn rigid_spending_makes_an_expense_hardship_household() {
    let mut i = input("320104", "2026-11-29", vec![person(Relation::Applicant, 45, 2_000)]);
    assert_eq!(run(&i).option(Programme::ExpenseHardship).verdict, Verdict::Unlikely);
    i.rigid_expenses_12m.medical = Fen::from_yuan(12_000); // 1,000 a month → 1,000 left < 1,665
    let o = run(&i).option(Programme::ExpenseHardship).clone();
    assert_eq!(o.verdict, Verdict::Likely);
    assert_eq!(rules(&o), ["assets", "expense_rigid"]);
}

#[test]
fn tekun_needs_no_work_ability_and_no_income() {
    let mut disabled = person(Relation::Applicant, 40, 0);
    disabled.disabled = true;
    let alone = input("320104", "2026-11-29", vec![disabled.clone()]);
    let t = run(&alone).option(Programme::Tekun).clone();
    assert_eq!(t.verdict, Verdict::Likely);
    assert_eq!(t.amount.unwrap().max, Fen::new(144_300).unwrap(), "1,110 × 130%");
    let with_worker = input("320104", "2026-11-29", vec![disabled.clone(), person(Relation::Sibling, 35, 0)]);
    assert_eq!(run(&with_worker).option(Programme::Tekun).verdict, Verdict::Unlikely);
    let two_elderly = input("320104", "2026-11-29", vec![person(Relation::Applicant, 80, 0), person(Relation::Spouse, 78, 0)]);
    assert_eq!(run(&two_elderly).option(Programme::Tekun).verdict, Verdict::Possible);
}

#[test]
fn one_plus_four_any_single_condition_counts() {
    // A well-off adult household: income above 2× the standard, nobody special, no event.
    let base = {
        let mut i = input("320104", "2026-11-29", vec![person(Relation::Applicant, 40, 5_000)]);
        i.will_sign_pledge = false;
        i
    };
    assert_eq!(run(&base).option(Programme::Temporary).verdict, Verdict::Unlikely);
    assert_eq!(run(&base).option(Programme::Temporary).amount, None);

    let mut pledge_only = base.clone();
    pledge_only.will_sign_pledge = true;
    let o = run(&pledge_only).option(Programme::Temporary).clone();
    assert_eq!(o.verdict, Verdict::Possible);
    assert!(rules(&o).contains(&"1plus4_pledge_only"));

    let mut minor = base.clone();
    minor.household = Household::new(vec![person(Relation::Applicant, 40, 5_000), person(Relation::Child, 10, 0)]).unwrap();
    assert_eq!(run(&minor).option(Programme::Temporary).verdict, Verdict::Possible);
    minor.will_sign_pledge = true;
    assert_eq!(run(&minor).option(Programme::Temporary).verdict, Verdict::Likely);

    let mut fire = base.clone();
    fire.will_sign_pledge = true;
    fire.sudden_event = Some(SuddenEvent { kind: EventKind::Fire, date: Date::parse("2026-11-20").unwrap(), loss: Fen::from_yuan(20_000), casualties: false });
    let o = run(&fire).option(Programme::Temporary).clone();
    assert_eq!(o.verdict, Verdict::Likely);
    assert_eq!(o.fast_track, Some(FastTrack::FirstAid), "nine days ago: help first");
    let said = |o: &crate::domain::engine::ProgrammeOption| o.reasons.iter().find(|r| r.rule == "1plus4_sudden_event").map(|r| r.text.clone()).unwrap_or_default();
    assert!(said(&o).contains("财产损失") && !said(&o).contains("伤亡"), "no casualties, none named: {}", said(&o));
    let mut hurt = fire.clone();
    hurt.sudden_event.as_mut().unwrap().casualties = true;
    assert!(said(run(&hurt).option(Programme::Temporary)).contains("人员伤亡和财产损失"));
    hurt.sudden_event.as_mut().unwrap().loss = Fen::ZERO;
    let text = said(run(&hurt).option(Programme::Temporary));
    assert!(text.contains("人员伤亡") && !text.contains("财产损失"), "{text}");

    let mut low = base;
    low.avg_monthly_income_6m = Fen::from_yuan(2_219);
    low.will_sign_pledge = true;
    assert_eq!(run(&low).option(Programme::Temporary).verdict, Verdict::Likely, "under 2 × 1,110");
}

#[test]
fn rongque_needs_the_threshold_a_qualifying_area_and_the_pledge() {
    let mut i = chen_bihua("2026-03-01");
    i.sudden_event.as_mut().unwrap().loss = Fen::from_yuan(30_000);
    assert_eq!(run(&i).option(Programme::Dibao).fast_track, None, "above 30,000, not at it");
    let mut elsewhere = chen_bihua("2026-03-01");
    elsewhere.area = AreaCode::parse("320104").unwrap();
    assert_eq!(run(&elsewhere).option(Programme::Dibao).fast_track, None, "秦淮 does not run it");
}

#[test]
fn english_reasons_are_english() {
    let r = evaluate(&cao_weiqin(), &shipped_params(), Lang::En).unwrap();
    let text = &r.option(Programme::Temporary).reasons[0].text;
    assert!(text.starts_with("Under the \"1+4\" test"), "{text}");
    assert!(r.options.iter().flat_map(|o| o.reasons.iter()).all(|r| !r.text.contains('{')), "every placeholder filled");
}

#[test]
fn a_missing_parameter_is_an_error_not_a_guess() {
    let i = input("110101", "2026-11-29", vec![person(Relation::Applicant, 40, 0)]);
    assert!(matches!(evaluate(&i, &shipped_params(), Lang::ZhCn), Err(EngineError::MissingParameter { .. })));
}

#[test]
fn every_shipped_parameter_has_a_source_and_demo_values_say_so() {
    for p in shipped_params().rows() {
        assert!(!p.source.is_empty());
        assert_eq!(p.demo, p.source.starts_with("演示值"), "{:?}", p.name);
    }
}

#[test]
fn multiples_print_without_floats() {
    assert_eq!(times_text(200), "2");
    assert_eq!(times_text(150), "1.5");
    assert_eq!(times_text(125), "1.25");
}
