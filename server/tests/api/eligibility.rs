use serde_json::{json, Value};

use crate::helpers::{spawn_app, TestApp};

const PATH: &str = "/api/v1/eligibility/check";

fn cao_weiqin() -> Value {
    json!({
        "as_of": "2026-11-29", "area_code": "320104", "hukou_local": false, "months_at_residence": 48,
        "members": [
            {"relation": "self", "age": 63, "disabled": false, "serious_illness": false, "able_to_work": true, "monthly_income_fen": 200000},
            {"relation": "spouse", "age": 61, "disabled": false, "serious_illness": false, "able_to_work": true, "monthly_income_fen": 150000},
            {"relation": "grandchild", "age": 9, "disabled": false, "serious_illness": true, "able_to_work": false, "monthly_income_fen": 0}
        ],
        "avg_monthly_income_6m_fen": 350000,
        "assets": {"savings_fen": 500000, "extra_housing": false, "vehicle": false},
        "rigid_expenses_12m_fen": {"medical": 34000000, "education": 0},
        "sudden_event": {"kind": "serious_illness", "date": "2026-02-20", "loss_fen": 34000000, "casualties": false},
        "receiving_at_hukou": ["dibao"],
        "will_sign_pledge": true
    })
}

async fn post(app: &TestApp, body: String, lang: &str) -> reqwest::Response {
    app.client
        .post(app.url(PATH))
        .header("content-type", "application/json")
        .header("accept-language", lang)
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_contract_example_is_answered_per_programme_best_first() {
    let app = spawn_app().await;
    let res = post(&app, cao_weiqin().to_string(), "zh-CN").await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["as_of"], "2026-11-29");
    assert_eq!(body["area"], json!({"code": "320104", "name": "秦淮区"}));
    let options = body["options"].as_array().unwrap();
    let mut programmes: Vec<&str> = options.iter().map(|o| o["programme"].as_str().unwrap()).collect();
    assert_eq!(programmes[0], "temporary");
    programmes.sort();
    assert_eq!(programmes, ["dibao", "dibao_edge", "expense_hardship", "medical", "service", "tekun", "temporary"]);
    let temporary = &options[0];
    assert_eq!(temporary["verdict"], "likely");
    assert_eq!(temporary["amount_fen"]["min"], 333000);
    assert_eq!(temporary["amount_fen"]["max"], 1665000);
    assert_eq!(temporary["fast_track"], Value::Null);
    let reason = &temporary["reasons"][0];
    assert_eq!(reason["rule"], "new_citizen_1_plus_4");
    assert!(reason["text"].as_str().unwrap().contains("1+4"));
    let standard = &reason["parameters"][0];
    assert_eq!(standard["name"], "dibao_standard_monthly_fen");
    assert_eq!(standard["value"], 111000);
    assert_eq!(standard["effective_from"], "2026-07-01");
    assert!(standard["source"].as_str().unwrap().len() > 4);
    let medical = options.iter().find(|o| o["programme"] == "medical").unwrap();
    assert_eq!(medical["verdict"], "likely");
    assert!(options.iter().all(|o| ["likely", "possible", "unlikely"].contains(&o["verdict"].as_str().unwrap())));
}

#[tokio::test]
async fn english_is_answered_in_english() {
    let app = spawn_app().await;
    let body: Value = post(&app, cao_weiqin().to_string(), "en-GB,en;q=0.8").await.json().await.unwrap();
    assert_eq!(body["area"]["name"], "Qinhuai District");
    assert!(body["options"][0]["reasons"][0]["text"].as_str().unwrap().starts_with("Under the"));
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_400_problem() {
    let app = spawn_app().await;
    for body in ["", "not json", "{\"area_code\": ", "<xml/>"] {
        let res = post(&app, body.into(), "zh-CN").await;
        assert_eq!(res.status(), 400, "{body:?}");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let problem: Value = res.json().await.unwrap();
        assert_eq!(problem["status"], 400);
    }
}

#[tokio::test]
async fn bad_fields_are_a_422_naming_each_one() {
    let app = spawn_app().await;
    let mut body = cao_weiqin();
    body["members"][1]["age"] = json!(-3);
    body["members"][0]["relation"] = json!("boss");
    body["assets"]["savings_fen"] = json!(-100);
    body["sudden_event"]["kind"] = json!("earthquake!");
    let res = post(&app, body.to_string(), "zh-CN").await;
    assert_eq!(res.status(), 422);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let problem: Value = res.json().await.unwrap();
    assert_eq!(problem["status"], 422);
    let fields: Vec<&str> = problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["members[0].relation", "members[1].age", "assets.savings_fen", "sudden_event.kind"]);
    assert!(problem["errors"][1]["message"].as_str().unwrap().contains("0 到 130"));
}

#[tokio::test]
async fn an_area_the_portal_does_not_serve_is_a_422() {
    let app = spawn_app().await;
    let mut body = cao_weiqin();
    body["area_code"] = json!("110101");
    let res = post(&app, body.to_string(), "en").await;
    assert_eq!(res.status(), 422);
    let problem: Value = res.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "area_code");
}

#[tokio::test]
async fn a_subdistrict_code_is_judged_by_its_district_rules() {
    let app = spawn_app().await;
    let mut body = cao_weiqin();
    body["area_code"] = json!("320104003"); // 红花街道, where the report's family lives
    let res = post(&app, body.to_string(), "zh-CN").await;
    assert_eq!(res.status(), 200);
    let got: Value = res.json().await.unwrap();
    assert_eq!(got["area"]["name"], "红花街道");
    assert_eq!(got["options"][0]["amount_fen"]["max"], 1665000);
}

#[tokio::test]
async fn no_input_gets_a_server_error() {
    let app = spawn_app().await;
    let long = "9".repeat(400);
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let bodies = [
        "null".to_string(), "[]".into(), "\"text\"".into(), "{}".into(), "{\"members\": null}".into(),
        format!("{{\"area_code\": \"320104\", \"hukou_local\": true, \"members\": [{{\"relation\": \"self\", \"age\": {long}}}], \"avg_monthly_income_6m_fen\": 0}}"),
        deep,
        json!({"area_code": 320104, "hukou_local": 1, "members": [1, null, {"age": "x"}], "avg_monthly_income_6m_fen": 1e30}).to_string(),
        json!({"area_code": "320104", "hukou_local": true, "members": [{"relation": "self", "age": 30}], "avg_monthly_income_6m_fen": 0, "as_of": "2026-02-30"}).to_string(),
    ];
    for body in bodies {
        let res = post(&app, body.clone(), "zh-CN").await;
        assert!(res.status() == 400 || res.status() == 422, "{} for {body}", res.status());
    }
}
