use super::*;
use crate::domain::params::parse_parameter_csv;
use crate::domain::money::Fen;
use crate::domain::programme::{Programme, Verdict};

fn data() -> CheckPageData {
    let params = ParameterSet::new(parse_parameter_csv(include_str!("../../../../server/data/parameters.csv")).unwrap()).unwrap();
    CheckPageData {
        lang: Lang::ZhCn,
        today: Date::parse("2026-11-29").unwrap(),
        areas: vec![AreaChoice { code: "320104".into(), name_zh: "秦淮区".into(), name_en: None }],
        params,
        wizard: start(),
    }
}

fn post(w: &Wizard, extra: &[(&str, &str)], action: &str) -> Wizard {
    let mut fields: Vec<(String, String)> = w.answers.0.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    for (k, v) in extra {
        fields.retain(|(fk, _)| fk != k);
        fields.push((k.to_string(), v.to_string()));
    }
    fields.push(("step".into(), w.step.code().into()));
    fields.push(("action".into(), action.into()));
    advance(fields, &data())
}

#[test]
fn a_household_walks_through_to_a_result() {
    let w = start();
    let w = post(&w, &[("area", "320104"), ("hukou_local", "no"), ("months", "48")], "continue");
    assert_eq!((w.step, w.errors.len()), (Step::Household, 0));
    let w = post(&w, &[("m0_age", "63"), ("m0_income", "2000")], "add_member");
    assert_eq!(w.answers.members(), 2);
    let w = post(&w, &[("m1_relation", "grandchild"), ("m1_age", "9"), ("m1_ill", "true")], "continue");
    assert_eq!(w.step, Step::Income);
    let w = post(&w, &[("income", "3,500"), ("savings", "5000")], "continue");
    let w = post(&w, &[("medical", "340000"), ("event", "serious_illness"), ("event_date", "2026-02-20"), ("event_loss", "340000")], "continue");
    assert_eq!(w.step, Step::Pledge);
    let w = post(&w, &[("recv_dibao", "true"), ("pledge", "yes")], "continue");
    assert_eq!(w.step, Step::Result);
    let result = w.result.expect("a result");
    let temporary = result.option(Programme::Temporary);
    assert_eq!(temporary.verdict, Verdict::Likely);
    assert_eq!(temporary.amount.unwrap().max, Fen::from_yuan(1_110 * 2 * 5));
}

#[test]
fn errors_keep_every_answer_and_stay_on_the_step() {
    let w = post(&start(), &[("area", ""), ("hukou_local", "maybe"), ("months", "-1")], "continue");
    assert_eq!(w.step, Step::Where);
    let fields: Vec<&str> = w.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["area", "hukou_local", "months"]);
    assert_eq!(w.answers.get("months"), "-1", "what the person typed is kept");
    let w = post(&w, &[("area", "320104"), ("hukou_local", "yes"), ("months", "")], "continue");
    let w = post(&w, &[("m0_age", "two hundred"), ("m0_income", "12.345")], "continue");
    assert_eq!(w.step, Step::Household);
    let fields: Vec<&str> = w.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["m0_age", "m0_income"]);
    assert_eq!(w.answers.get("m0_age"), "two hundred");
}

#[test]
fn later_steps_are_not_judged_early() {
    let w = post(&start(), &[("area", "320104"), ("hukou_local", "yes")], "continue");
    assert!(w.errors.is_empty(), "income is asked later: {:?}", w.errors);
}

#[test]
fn back_and_edit_move_without_checking() {
    let w = post(&start(), &[("area", "320104"), ("hukou_local", "yes")], "continue");
    let back = post(&w, &[("m0_age", "")], "back");
    assert_eq!((back.step, back.errors.len()), (Step::Where, 0));
    let edit = post(&w, &[], "edit_pledge");
    assert_eq!(edit.step, Step::Pledge);
}

#[test]
fn removing_a_member_shifts_the_others_up() {
    let mut w = start();
    w.step = Step::Household;
    let w = post(&w, &[("m0_age", "40")], "add_member");
    let w = post(&w, &[("m1_relation", "spouse"), ("m1_age", "41")], "add_member");
    let w = post(&w, &[("m2_relation", "child"), ("m2_age", "9"), ("m2_ill", "true")], "remove_member_1");
    assert_eq!(w.answers.members(), 2);
    assert_eq!((w.answers.get("m1_relation"), w.answers.get("m1_age"), w.answers.get("m1_ill")), ("child", "9", "true"));
    assert_eq!(w.answers.get("m2_age"), "");
    let same = post(&w, &[], "remove_member_0");
    assert_eq!(same.answers.members(), 2, "the applicant stays");
}

#[test]
fn an_area_not_offered_is_refused() {
    let w = post(&start(), &[("area", "110101"), ("hukou_local", "yes")], "continue");
    assert_eq!(w.errors[0].field, "area");
}

#[test]
fn a_future_event_date_is_refused() {
    let mut w = start();
    w.answers.0.extend([("area".into(), "320104".into()), ("hukou_local".into(), "yes".into()), ("m0_age".into(), "30".into()), ("income".into(), "0".into())]);
    w.step = Step::Spending;
    let w = post(&w, &[("event", "fire"), ("event_date", "2026-12-01")], "continue");
    assert_eq!((w.step, w.errors[0].field.as_str()), (Step::Spending, "event_date"));
}

proptest::proptest! {
    #[test]
    fn no_form_post_makes_the_questionnaire_panic(
        fields in proptest::collection::vec(
            (
                proptest::prop_oneof![
                    proptest::strategy::Just("step".to_string()), proptest::strategy::Just("action".to_string()),
                    proptest::strategy::Just("members".to_string()), proptest::strategy::Just("area".to_string()),
                    proptest::strategy::Just("income".to_string()), proptest::strategy::Just("event".to_string()),
                    proptest::strategy::Just("event_date".to_string()), proptest::strategy::Just("pledge".to_string()),
                    "m[0-9]{1,2}_(relation|age|income|ill)", "[a-z_]{0,12}",
                ],
                proptest::prop_oneof![
                    "\\PC{0,12}", "[0-9]{1,25}", "-?[0-9]{1,6}\\.[0-9]{0,4}",
                    proptest::strategy::Just("continue".to_string()), proptest::strategy::Just("add_member".to_string()),
                    "remove_member_[0-9]{1,22}", "edit_[a-z]{0,10}", proptest::strategy::Just("result".to_string()),
                ],
            ),
            0..30,
        )
    ) {
        let w = advance(fields, &data());
        proptest::prop_assert!(w.answers.members() >= 1 && w.answers.members() <= MAX_MEMBERS);
        proptest::prop_assert!(w.step != Step::Result || w.result.is_some());
    }
}

#[test]
fn only_the_last_question_and_the_results_page_may_reach_the_results() {
    let posted = |steps: &[&str]| steps.iter().map(|s| ("step".to_string(), s.to_string())).collect::<Vec<_>>();
    for step in ["pledge", "result"] {
        assert!(may_reach_results(&posted(&[step])), "{step}");
    }
    for step in ["where", "household", "income", "spending", "nowhere"] {
        assert!(!may_reach_results(&posted(&[step])), "{step}");
    }
    assert!(!may_reach_results(&[]));
    assert!(may_reach_results(&posted(&["where", "pledge"])), "the last step field counts, as in advance");
}

#[test]
fn a_question_page_is_answered_the_same_without_the_parameters() {
    let with = data();
    let without = CheckPageData { params: ParameterSet::default(), ..data() };
    let w = post(&start(), &[("area", "320104"), ("hukou_local", "yes"), ("months", "")], "continue");
    assert_eq!(w.step, Step::Household);
    for (extra, step) in [(&[("members", "1"), ("m0_age", "45")][..], Step::Household), (&[("income", "abc")][..], Step::Income)] {
        let mut fields: Vec<(String, String)> = w.answers.0.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        fields.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        fields.push(("step".into(), step.code().into()));
        assert!(!may_reach_results(&fields));
        assert_eq!(advance(fields.clone(), &without), advance(fields, &with));
    }
}
