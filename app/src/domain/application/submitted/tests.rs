use super::*;
use crate::domain::application::steps::{complete, AreaPicker, StepContext};
use crate::domain::area::AreaChoice;

fn answers(pairs: &[(&str, &str)]) -> Answers {
    Answers(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
}

/// A complete temporary-aid application with one child, as the form would leave it.
fn filled() -> Answers {
    answers(&[
        ("for_whom", "self"),
        ("programme", "temporary"),
        ("district", "320104"),
        ("subdistrict", "320104001"),
        ("community", "320104001001"),
        ("area", "320104001001"),
        ("address", "中牌楼 3 栋 201 室"),
        ("hukou_local", "no"),
        ("months", "8"),
        ("members", "2"),
        ("m0_age", "40"),
        ("m1_name", "李小红"),
        ("m1_relation", "child"),
        ("m1_age", "9"),
        ("income", "1500"),
        ("savings", "2000"),
        ("medical", "30000"),
        ("event", "serious_illness"),
        ("event_date", "2026-10-01"),
        ("event_loss", "30000"),
        ("event_story", "住院治疗中"),
        ("pay_holder", "王小明"),
        ("pay_bank", "农业银行"),
        ("pay_account", "6228 4801 2345 6789 012"),
    ])
}

fn ctx(today: &str) -> StepContext {
    let choice = |code: &str| AreaChoice { code: code.into(), name_zh: code.into(), name_en: None };
    StepContext {
        today: Date::parse(today).unwrap(),
        picker: AreaPicker { districts: vec![choice("320104")], subdistricts: vec![choice("320104001")], communities: vec![choice("320104001001")] },
        pledge_code: Some("ABCD-EFGH".into()),
    }
}

#[test]
fn what_was_submitted_round_trips_through_its_seal() {
    let a = filled();
    let done = complete(&a, &ctx("2026-11-30")).unwrap();
    let sealed = SubmittedApplication::new(done.clone(), &a);
    assert_eq!(sealed.version, SUBMITTED_VERSION);
    assert_eq!(sealed.input.as_ref(), Some(&done.input));
    assert_eq!(sealed.member_names, vec!["李小红".to_string()]);
    assert_eq!(sealed.story, "住院治疗中");
    assert_eq!(sealed.payee.as_ref().unwrap().account.masked(), "6228 **** 9012");
    let opened = SubmittedApplication::open_json(&sealed.to_json(), Date::parse("2030-01-01").unwrap()).unwrap();
    assert_eq!(opened, sealed, "read as submitted, whatever day it is opened");
}

#[test]
fn an_old_seal_of_bare_answers_opens_as_the_same_application() {
    let a = filled();
    let on = Date::parse("2026-11-30").unwrap();
    let now = SubmittedApplication::new(complete(&a, &ctx("2026-11-30")).unwrap(), &a);
    let v1 = serde_json::to_string(&a.0).unwrap();
    let upgraded = SubmittedApplication::open_json(&v1, on).unwrap();
    assert_eq!(upgraded, now, "version 1 reads into what version 2 seals");
}

#[test]
fn an_old_registered_case_opens_without_an_engine_input() {
    let a = answers(&[("for_whom", "self"), ("programme", "dibao"), ("district", "320104"), ("subdistrict", "320104001"), ("community", "320104001001"), ("address", "某小区"), ("event_story", "独居老人，行动不便")]);
    let opened = SubmittedApplication::open_json(&serde_json::to_string(&a.0).unwrap(), Date::parse("2026-11-30").unwrap()).unwrap();
    assert_eq!(opened.input, None);
    assert_eq!(opened.programme, Programme::Dibao);
    assert_eq!(opened.story, "独居老人，行动不便");
    assert_eq!(opened, SubmittedApplication::registered(Programme::Dibao, opened.residence.clone(), "独居老人，行动不便"));
}

#[test]
fn a_proxy_keeps_whom_it_is_for() {
    let mut a = filled();
    for (k, v) in [("for_whom", "other"), ("subject_name", "刘建国"), ("subject_id", "11010519491231002X"), ("subject_relation", "relative"), ("proxy_consent", "true")] {
        a.0.insert(k.into(), v.into());
    }
    let sealed = SubmittedApplication::new(complete(&a, &ctx("2026-11-30")).unwrap(), &a);
    assert_eq!(sealed.proxy.as_ref().map(|p| p.name.as_str()), Some("刘建国"));
    assert_eq!(sealed.proxy_id().map(|i| i.masked()), Some("1101**********002X".to_string()));
    let upgraded = SubmittedApplication::open_json(&serde_json::to_string(&a.0).unwrap(), Date::parse("2026-11-30").unwrap()).unwrap();
    assert_eq!(upgraded.proxy, sealed.proxy);
}

#[test]
fn what_cannot_be_read_is_refused_not_guessed() {
    let on = Date::parse("2026-11-30").unwrap();
    assert_eq!(SubmittedApplication::open_json("not json", on), Err(OpenError::Unreadable));
    assert_eq!(SubmittedApplication::open_json(r#"{"version": 99}"#, on), Err(OpenError::Unreadable));
    assert_eq!(SubmittedApplication::open_json(r#"{"version": 2, "programme": "dibao"}"#, on), Err(OpenError::Unreadable));
    assert_eq!(SubmittedApplication::open_json(r#"{"for_whom": "self"}"#, on), Err(OpenError::NoProgramme));
}
