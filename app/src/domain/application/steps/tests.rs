use proptest::prelude::*;

use super::*;

fn choice(code: &str) -> AreaChoice {
    AreaChoice { code: code.into(), name_zh: format!("地{code}"), name_en: None }
}

fn ctx(pledged: bool) -> StepContext {
    StepContext {
        today: Date::parse("2026-11-30").unwrap(),
        picker: AreaPicker {
            districts: vec![choice("320104")],
            subdistricts: vec![choice("320104001")],
            communities: vec![choice("320104001001")],
        },
        pledge_code: pledged.then(|| "ABCD-EFGH".into()),
    }
}

fn post(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// A whole application, filled in step by step through `merge` as the pages do.
fn filled() -> Answers {
    let mut a = Answers::default();
    let steps: [(ApplyStep, &[(&str, &str)]); 7] = [
        (ApplyStep::Who, &[("for_whom", "self")]),
        (ApplyStep::Programme, &[("programme", "temporary")]),
        (
            ApplyStep::Residence,
            &[("district", "320104"), ("subdistrict", "320104001"), ("community", "320104001001"), ("address", "幸福里3栋201室"), ("hukou_local", "no"), ("months", "8")],
        ),
        (ApplyStep::Household, &[("members", "2"), ("m0_age", "40"), ("m1_name", "李小红"), ("m1_relation", "child"), ("m1_age", "9")]),
        (ApplyStep::Income, &[("income", "1500"), ("savings", "2000")]),
        (ApplyStep::Spending, &[("medical", "30000"), ("event", "serious_illness"), ("event_date", "2026-10-01"), ("event_loss", "30000")]),
        (ApplyStep::Payment, &[("pay_holder", "王小明"), ("pay_bank", "农业银行玄武支行"), ("pay_account", "6228 4801 2345 6789 012")]),
    ];
    for (step, fields) in steps {
        merge(&mut a, step, &post(fields));
        assert_eq!(validate(step, &a, &ctx(true)), vec![], "{step:?}");
    }
    a
}

#[test]
fn a_filled_application_is_complete_for_a_new_citizen() {
    let a = filled();
    assert_eq!(first_incomplete(&a, &ctx(true)), None);
    let c = complete(&a, &ctx(true)).unwrap();
    assert_eq!(c.programme, Programme::Temporary);
    assert_eq!(c.input.area.as_str(), "320104001001");
    assert!(!c.input.hukou_local, "a new citizen is routed by where they live");
    assert_eq!(c.input.household.size(), 2);
    assert_eq!(c.account.masked(), "6228 **** 9012");
    assert!(c.proxy.is_none());
}

#[test]
fn without_a_pledge_the_application_stops_at_the_pledge_step() {
    let a = filled();
    assert_eq!(first_incomplete(&a, &ctx(false)), Some(ApplyStep::Pledge));
    assert_eq!(complete(&a, &ctx(false)).unwrap_err(), ApplyStep::Pledge);
}

#[test]
fn the_unfinished_list_names_each_step_with_a_gap_once_in_order() {
    assert_eq!(unfinished(&filled(), &ctx(true)), vec![]);
    let mut a = filled();
    a.0.remove("pay_account");
    a.0.remove("programme");
    let gaps = unfinished(&a, &ctx(false));
    let steps: Vec<&str> = gaps.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(steps, ["programme", "payment", "pledge"]);
    assert_eq!(gaps[0].field, first_incomplete(&a, &ctx(false)).unwrap().code(), "the first gap is where 'continue' leads");
    assert!(gaps.iter().all(|e| ApplyStep::from_code(&e.field).is_some()), "every entry names a step");
}

#[test]
fn a_post_only_changes_its_own_step() {
    let mut a = filled();
    merge(&mut a, ApplyStep::Programme, &post(&[("programme", "dibao"), ("pay_account", "1"), ("area", "110101"), ("pledge", "yes")]));
    assert_eq!(a.get("programme"), "dibao");
    assert_eq!(a.get("pay_account"), "6228 4801 2345 6789 012");
    assert_eq!(a.get("area"), "320104001001");
}

#[test]
fn changing_the_district_clears_the_places_below_it() {
    let mut a = filled();
    merge(&mut a, ApplyStep::Residence, &post(&[("district", "320922"), ("subdistrict", "320104001"), ("community", "320104001001"), ("address", "x")]));
    assert_eq!(a.get("subdistrict"), "");
    assert_eq!(a.get("community"), "");
    assert_eq!(a.get("area"), "");
}

#[test]
fn unticked_boxes_are_cleared_by_their_page() {
    let mut a = filled();
    merge(&mut a, ApplyStep::Income, &post(&[("income", "1500"), ("vehicle", "true")]));
    assert!(a.checked("vehicle"));
    merge(&mut a, ApplyStep::Income, &post(&[("income", "1500")]));
    assert!(!a.checked("vehicle"));
}

#[test]
fn proxy_needs_the_persons_name_valid_id_and_relation() {
    let mut a = filled();
    merge(&mut a, ApplyStep::Who, &post(&[("for_whom", "other"), ("subject_name", "张"), ("subject_id", "110105194912310021")]));
    let fields: Vec<_> = validate(ApplyStep::Who, &a, &ctx(true)).into_iter().map(|e| (e.field, e.problem)).collect();
    assert_eq!(
        fields,
        vec![
            ("subject_name".into(), Problem::NameFormat),
            ("subject_id".into(), Problem::IdCheckCharacter),
            ("subject_relation".into(), Problem::Required),
            ("proxy_consent".into(), Problem::ConsentRequired)
        ]
    );
    merge(&mut a, ApplyStep::Who, &post(&[("for_whom", "other"), ("subject_name", "张大爷"), ("subject_id", "11010519491231002X"), ("subject_relation", "relative"), ("proxy_consent", "true")]));
    let c = complete(&a, &ctx(true)).unwrap();
    let proxy = c.proxy.unwrap();
    assert_eq!((proxy.name.as_str(), proxy.relation.as_str()), ("张大爷", "relative"));
    assert_eq!(proxy.phone, None, "their own number is optional");
}

#[test]
fn a_proxy_may_give_the_persons_own_mobile_number() {
    let mut a = filled();
    let who = |phone: &str| post(&[("for_whom", "other"), ("subject_name", "张大爷"), ("subject_id", "11010519491231002X"), ("subject_relation", "relative"), ("subject_phone", phone), ("proxy_consent", "true")]);
    merge(&mut a, ApplyStep::Who, &who("1381234"));
    let errors: Vec<_> = validate(ApplyStep::Who, &a, &ctx(true)).into_iter().map(|e| (e.field, e.problem)).collect();
    assert_eq!(errors, vec![("subject_phone".into(), Problem::PhoneFormat)]);
    merge(&mut a, ApplyStep::Who, &who(" 13812345678 "));
    assert!(validate(ApplyStep::Who, &a, &ctx(true)).is_empty());
    let proxy = complete(&a, &ctx(true)).unwrap().proxy.unwrap();
    assert_eq!(proxy.phone.map(|p| p.expose().to_string()).as_deref(), Some("13812345678"));
}

#[test]
fn every_step_names_what_is_wrong() {
    let a = Answers::default();
    let c = ctx(false);
    let fields = |s| validate(s, &a, &c).into_iter().map(|e| e.field).collect::<Vec<_>>();
    assert_eq!(fields(ApplyStep::Who), ["for_whom"]);
    assert_eq!(fields(ApplyStep::Programme), ["programme"]);
    assert_eq!(fields(ApplyStep::Residence), ["district", "subdistrict", "community", "address", "hukou_local"]);
    assert_eq!(fields(ApplyStep::Payment), ["pay_holder", "pay_bank", "pay_account"]);
    assert_eq!(fields(ApplyStep::Pledge), ["pledge"]);
    assert_eq!(first_incomplete(&a, &c), Some(ApplyStep::Who));
}

#[test]
fn a_place_outside_the_offered_lists_is_refused() {
    let mut a = filled();
    a.0.insert("community".into(), "320104001999".into());
    a.0.insert("area".into(), "320104001999".into());
    let errors = validate(ApplyStep::Residence, &a, &ctx(true));
    assert_eq!(errors[0].field, "community");
    assert_eq!(errors[0].problem, Problem::UnknownArea);
}

#[test]
fn the_checker_answers_carry_over_without_the_district_list_problem() {
    let a = from_checker(&post(&[("area", "320104"), ("members", "1"), ("m0_age", "40"), ("income", "900"), ("pledge", "yes"), ("step", "result")]));
    assert_eq!(a.get("district"), "320104");
    assert_eq!(a.get("income"), "900");
    assert_eq!(a.get("pledge"), "");
    assert_eq!(a.get("step"), "");
}

#[test]
fn an_invitation_link_starts_with_the_residence_and_programme_only() {
    let a = from_checker(&post(&[("community", "320104001001"), ("programme", "temporary"), ("name", "王秀英")]));
    assert_eq!((a.get("district"), a.get("subdistrict"), a.get("community"), a.get("area")), ("320104", "320104001", "320104001001", "320104001001"));
    assert_eq!(a.get("programme"), "temporary");
    assert_eq!(a.get("name"), "", "nothing about the person travels in a link");
    let junk = from_checker(&post(&[("community", "32010400100x"), ("programme", "lottery")]));
    assert!(junk.0.is_empty(), "{junk:?}");
}

#[test]
fn a_value_over_its_limit_is_kept_and_named_not_dropped() {
    let story = "家".repeat(MAX_STORY_CHARS + 100);
    let mut a = filled();
    merge(&mut a, ApplyStep::Spending, &post(&[("medical", "30000"), ("event", "serious_illness"), ("event_date", "2026-10-01"), ("event_story", &story)]));
    assert_eq!(a.get("event_story"), story, "the person's text stays in the form");
    let errors = validate(ApplyStep::Spending, &a, &ctx(true));
    assert_eq!(errors, vec![FieldError { field: "event_story".into(), problem: Problem::TooLong { max: MAX_STORY_CHARS as i64 } }]);

    let bank = "银".repeat(MAX_STORY_CHARS + 1);
    merge(&mut a, ApplyStep::Payment, &post(&[("pay_holder", "王小明"), ("pay_bank", &bank), ("pay_account", "622848012345678901")]));
    assert!(validate(ApplyStep::Payment, &a, &ctx(true)).iter().any(|e| e.field == "pay_bank"), "named once, by its own rule");

    let flood = "x".repeat(100 * MAX_KEPT_CHARS);
    merge(&mut a, ApplyStep::Spending, &post(&[("event_story", &flood)]));
    assert_eq!(a.get("event_story").chars().count(), MAX_KEPT_CHARS, "what nobody types is cut, still over the limit");
    assert!(validate(ApplyStep::Spending, &a, &ctx(true)).iter().any(|e| e.field == "event_story"));
}

#[test]
fn steps_run_in_order_with_paths() {
    assert_eq!(ApplyStep::Who.next(), ApplyStep::Programme);
    assert_eq!(ApplyStep::Pledge.next(), ApplyStep::Review);
    assert_eq!(ApplyStep::Review.next(), ApplyStep::Review);
    assert_eq!(ApplyStep::Who.prev(), None);
    assert_eq!(ApplyStep::Review.path(), "/apply/step/review");
    for s in ApplyStep::ALL {
        assert_eq!(ApplyStep::from_code(s.code()), Some(s));
    }
}

proptest! {
    #[test]
    fn no_post_panics_or_leaks_into_another_step(
        step in 0usize..10,
        fields in proptest::collection::vec(("[a-z_0-9]{1,14}", "\\PC{0,30}"), 0..12),
    ) {
        let step = ApplyStep::ALL[step];
        let mut a = filled();
        let before = a.clone();
        merge(&mut a, step, &fields);
        for (k, v) in &before.0 {
            if ApplyStep::of_field(k) != Some(step) && k != "area" {
                prop_assert_eq!(a.0.get(k), Some(v));
            }
        }
        for s in ApplyStep::ALL {
            let _ = validate(s, &a, &ctx(true));
        }
        let _ = complete(&a, &ctx(true));
    }
}
