//! The integrity pledge through the web pages, without JavaScript.


use crate::helpers::{spawn_app, TestApp};

async fn post(app: &TestApp, cookie: &str, form: &[(&str, &str)]) -> reqwest::Response {
    app.client.post(app.url("/pledge")).header("cookie", cookie).form(form).send().await.unwrap()
}

#[tokio::test]
async fn signing_in_comes_first() {
    let app = spawn_app().await;
    let res = app.get("/pledge").await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/signin?next=/pledge");
}

#[tokio::test]
async fn a_citizen_reads_answers_signs_and_gets_a_receipt() {
    let app = spawn_app().await;
    let cookie = app.signed_in("13812340001").await;
    let (status, page) = app.page("/pledge?area=320104", &[("cookie", &cookie)]).await;
    assert_eq!(status, 200);
    assert!(page.contains("<h1>社会救助诚信承诺书</h1>"));
    assert!(page.contains("如果所填信息不真实"), "the full text is shown");
    assert!(page.contains(">我承诺</button>"));
    assert!(page.contains("<leptos-island") && page.contains("<div hidden class=\"signature-pad field\">"), "the pad waits for WASM");

    let res = post(&app, &cookie, &[("text_id", "320000-v1-zh-CN"), ("area", "320104"), ("answer", "0"), ("signer_name", "曹维勤")]).await;
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(page.contains("这个回答不对"));
    assert!(page.contains("value=\"曹维勤\""), "the name typed is kept");

    let res = post(&app, &cookie, &[("text_id", "320000-v1-zh-CN"), ("area", "320104"), ("answer", "1"), ("signer_name", "曹维勤")]).await;
    assert_eq!(res.status(), 303);
    let receipt = res.headers()["location"].to_str().unwrap().to_string();
    assert!(receipt.starts_with("/pledge/receipt/"));
    let code = receipt.rsplit('/').next().unwrap().to_string();

    let (status, page) = app.page(&receipt, &[("cookie", &cookie)]).await;
    assert_eq!(status, 200);
    assert!(page.contains(&code));
    assert!(page.contains("曹维勤"));
    assert!(page.contains("社会救助诚信承诺书 · v1"));

    let other = app.signed_in("13812340002").await;
    let (status, page) = app.page(&receipt, &[("cookie", &other)]).await;
    assert_eq!(status, 404, "nobody else sees it");
    assert!(!page.contains("曹维勤"));
}

#[tokio::test]
async fn an_unknown_text_is_not_signed() {
    let app = spawn_app().await;
    let cookie = app.signed_in("13812340003").await;
    let res = post(&app, &cookie, &[("text_id", "forged"), ("answer", "1"), ("signer_name", "某某")]).await;
    assert_eq!(res.status(), 404);
    assert_eq!(res.headers()["content-type"], "text/html; charset=utf-8", "a page, not a JSON document");
    assert!(res.text().await.unwrap().contains("返回首页"));
}
