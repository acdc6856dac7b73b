//! The checker without JavaScript: plain form posts answered with the next screen.

use crate::helpers::{spawn_app, TestApp};

async fn post(app: &TestApp, form: &[(&str, &str)], cookie: &str) -> (u16, String) {
    let res = app.client.post(app.url("/check")).header("cookie", cookie).form(form).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

#[tokio::test]
async fn the_first_step_asks_where_the_person_lives() {
    let app = spawn_app().await;
    let (status, body) = app.page("/check", &[]).await;
    assert_eq!(status, 200);
    assert!(body.contains("<h1>查一查能得到哪些救助</h1>"));
    assert!(body.contains("<form method=\"post\" action=\"/check\""));
    for district in ["秦淮区", "相城区", "滨海县"] {
        assert!(body.contains(&format!(">{district}</option>")), "{district} offered");
    }
    assert!(!body.contains("<leptos-island"), "questions are plain server-rendered forms");
}

#[tokio::test]
async fn mistakes_are_listed_on_top_and_answers_are_kept() {
    let app = spawn_app().await;
    let (status, body) = post(&app, &[("step", "where"), ("action", "continue"), ("area", ""), ("months", "lots")], "").await;
    assert_eq!(status, 200);
    assert!(body.contains("role=\"alert\""));
    assert!(body.contains("有问题需要修改"));
    assert!(body.contains("href=\"#area\""));
    assert!(body.contains("href=\"#hukou_local\""));
    assert!(body.contains("value=\"lots\""), "what was typed stays in the field");
    assert!(body.contains("aria-invalid=\"true\""));
}

#[tokio::test]
async fn a_whole_questionnaire_by_form_posts_reaches_the_results() {
    let app = spawn_app().await;
    let answers = [
        ("area", "320104"), ("hukou_local", "no"), ("months", "48"), ("members", "2"),
        ("m0_age", "63"), ("m0_income", "2000"), ("m1_relation", "grandchild"), ("m1_age", "9"), ("m1_ill", "true"),
        ("income", "3500"), ("savings", "5000"), ("medical", "340000"), ("event", "serious_illness"),
        ("event_date", "2026-02-20"), ("event_loss", "340000"), ("recv_dibao", "true"), ("pledge", "yes"),
    ];
    let mut form: Vec<(&str, &str)> = answers.to_vec();
    form.extend([("step", "pledge"), ("action", "continue")]);
    let (status, body) = post(&app, &form, "").await;
    assert_eq!(status, 200);
    let first = body.find("data-programme=").expect("options listed");
    assert!(body[first..].starts_with("data-programme=\"temporary\" data-verdict=\"likely\""), "{}", &body[first..first + 80]);
    assert!(body.contains("一次性 2,220—11,100 元"));
    assert!(body.contains("id=\"apply-from-check\" href=\"/apply?area=320104&"), "the answers go along to the application");
    assert!(body.contains("<leptos-island"), "the results' live panel is an island");
    let island = &body[body.find("<leptos-island").unwrap()..];
    let props = &island[..island.find('>').unwrap()];
    assert!(!props.contains("params") && !props.contains("standard"), "no rules or parameters travel to the browser: {props}");
    assert!(body.contains("name=\"income\"") && body.contains("value=\"3500\""), "the live panel starts from the answers");
    let (_, en) = post(&app, &form, "lang=en").await;
    assert!(en.contains("One-off, 2,220 to 11,100 yuan"));
}

#[tokio::test]
async fn the_update_button_recomputes_without_javascript() {
    let app = spawn_app().await;
    let form = [
        ("area", "320104"), ("hukou_local", "yes"), ("members", "1"), ("m0_age", "45"), ("income", "5000"),
        ("pledge", "no"), ("step", "result"), ("action", "continue"),
    ];
    let (_, body) = post(&app, &form, "").await;
    assert!(body.contains("data-programme=\"dibao\" data-verdict=\"unlikely\""));
    let mut poorer = form.to_vec();
    poorer[4] = ("income", "500");
    let (_, body) = post(&app, &poorer, "").await;
    assert!(body.contains("data-programme=\"dibao\" data-verdict=\"likely\""), "income 500 < standard 1,110");
    assert!(body.contains("每月约 610 元"));
}

/// The live panel's request: the same form, answered with the cards alone.
async fn results(app: &TestApp, form: &[(&str, &str)], cookie: &str) -> (u16, String, String) {
    let res = app.client.post(app.url("/check/results")).header("cookie", cookie).form(form).send().await.unwrap();
    let kind = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let cache = res.headers().get("cache-control").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    assert_eq!(cache, "no-store", "answers about a household are not cached");
    (res.status().as_u16(), kind, res.text().await.unwrap())
}

#[tokio::test]
async fn the_live_panel_gets_the_results_alone_recomputed_on_the_server() {
    let app = spawn_app().await;
    let form = [
        ("area", "320104"), ("hukou_local", "yes"), ("members", "1"), ("m0_age", "45"), ("income", "5000"),
        ("pledge", "no"), ("step", "result"), ("action", "continue"),
    ];
    let (status, kind, cards) = results(&app, &form, "").await;
    assert_eq!(status, 200);
    assert!(kind.starts_with("text/html"), "{kind}");
    assert!(cards.contains("data-programme=\"dibao\" data-verdict=\"unlikely\""), "{cards}");
    assert!(cards.starts_with("<ol class=\"options\">") || cards.starts_with("<p class=\"notice\">"), "only the results: {}", &cards[..60.min(cards.len())]);
    assert!(!cards.contains("<html") && !cards.contains("<form") && !cards.contains("<leptos-island"), "no page around them");
    let mut poorer = form.to_vec();
    poorer[4] = ("income", "500");
    let (_, _, cards) = results(&app, &poorer, "").await;
    assert!(cards.contains("data-programme=\"dibao\" data-verdict=\"likely\""), "income 500 < standard 1,110");
    assert!(cards.contains("每月约 610 元"));
    let (_, _, english) = results(&app, &poorer, "lang=en").await;
    assert!(english.contains("data-verdict=\"likely\"") && !english.contains("每月"), "in the reader's language");

    // Answers that do not reach the results: 422 with the problem in words, never a page or 5xx.
    let mut bad = form.to_vec();
    bad[4] = ("income", "abc");
    let (status, kind, text) = results(&app, &bad, "").await;
    assert_eq!(status, 422);
    assert!(kind.starts_with("text/plain"), "{kind}");
    assert!(text.contains("请填写金额（元）"), "{text}");
    let (status, _, text) = results(&app, &[("step", "result")], "lang=en").await;
    assert_eq!(status, 422);
    assert!(!text.is_empty() && text.is_ascii(), "{text}");
    let res = app.client.post(app.url("/check/results")).header("content-type", "application/x-www-form-urlencoded").body("%%%&&==").send().await.unwrap();
    assert_eq!(res.status(), 422);
    let res = app.client.get(app.url("/check/results")).send().await.unwrap();
    assert_eq!(res.status(), 405, "only the panel's post");
}

#[tokio::test]
async fn a_mangled_form_starts_over_instead_of_failing() {
    let app = spawn_app().await;
    let res = app.client.post(app.url("/check")).header("content-type", "application/x-www-form-urlencoded").body("%%%&&==").send().await.unwrap();
    assert_eq!(res.status(), 200);
    let res = app.client.post(app.url("/check")).form(&[("step", "nowhere"), ("action", "remove_member_99999999999999999999")]).send().await.unwrap();
    assert_eq!(res.status(), 200);
}
