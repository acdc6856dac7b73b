//! Text no keyboard types — NUL and the other control characters — and values far over any
//! limit: refused with a 4xx in the person's language wherever they arrive, never a 5xx.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::spawn_app;

const REFUSED_ZH: &str = "控制字符";
const REFUSED_EN: &str = "control characters";

#[tokio::test]
async fn control_characters_in_an_address_are_refused_in_the_persons_language() {
    let app = spawn_app().await;
    for path in ["/status/%00", "/apply/step/who%00", "/check?area=3201%0004", "/pledge/receipt/%1b", "/staff/cases/%00"] {
        let (status, body) = app.page(path, &[]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert!(body.contains(REFUSED_ZH), "{path}: {body}");
        let (status, body) = app.page(path, &[("cookie", "lang=en")]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert!(body.contains(REFUSED_EN), "{path} in English: {body}");
    }
    let res = app.get_with("/api/v1/areas/%00", &[("accept-language", "en")]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let problem: Value = res.json().await.unwrap();
    assert_eq!(problem["type"], "/problems/control-characters");
    assert!(problem["title"].as_str().unwrap().contains(REFUSED_EN));
    // Ordinary percent-encoded text still passes: Chinese in a query is not refused.
    let (status, _) = app.page("/check?area=%E5%8D%97%E4%BA%AC", &[]).await;
    assert_ne!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn control_characters_in_a_form_or_json_body_are_refused_before_anything_reads_them() {
    let app = spawn_app().await;
    let citizen = app.signed_in("13900007001").await;
    let posts: [(&str, Option<&str>, Vec<(&str, &str)>); 5] = [
        ("/signin", None, vec![("phone", "1390000\u{0}7002")]),
        ("/staff/signin", None, vec![("username", "liu\u{0}gong"), ("password", "whatever at all")]),
        ("/account/identity", Some(&citizen), vec![("full_name", "王\u{0}小明"), ("id_number", "11010519491231002X"), ("consent", "true")]),
        ("/pledge", Some(&citizen), vec![("text_id", "320000-v1\u{0}-zh-CN"), ("area", "320104"), ("answer", "1"), ("signer_name", "王小明")]),
        ("/check", None, vec![("area", "320104\u{0}"), ("members", "1")]),
    ];
    for (path, cookie, form) in posts {
        let mut req = app.client.post(app.url(path)).form(&form);
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{path}");
        assert!(res.text().await.unwrap().contains(REFUSED_ZH), "{path}");
    }
    let token = citizen.strip_prefix("sid=").unwrap();
    let id = app.store.session_citizen(&server::crypto::hash(&[token]), chrono::Utc::now().timestamp()).await.unwrap().unwrap();
    assert!(app.store.identity(&id).await.unwrap().is_none(), "nothing was written");
    assert!(app.store.latest_pledge_code(&id).await.unwrap().is_none());

    let res = app.client.post(app.url("/api/v1/auth/code")).json(&json!({ "phone": "1390000\u{0}7003" })).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(res.json::<Value>().await.unwrap()["type"], "/problems/control-characters");
    let res = app.client.post(app.url("/api/v1/auth/code")).json(&json!({ "phone": "13900007003", "nested": [{ "k\u{7}": "v" }] })).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "keys and nested values count too");
}

#[tokio::test]
async fn values_far_over_any_limit_get_a_4xx_not_a_5xx() {
    let app = spawn_app().await;
    let long = "a".repeat(12_000);
    let res = app.client.post(app.url("/staff/signin")).form(&[("username", long.as_str()), ("password", "whatever at all")]).send().await.unwrap();
    assert!(!res.status().is_server_error(), "{}", res.status());
    assert!(res.text().await.unwrap().contains("用户名或密码不对"), "told as any wrong sign-in");
    let res = app.client.post(app.url("/api/v1/auth/code")).json(&json!({ "phone": long })).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// Paths name applications, documents and requests by identifiers of visible ASCII of at most
/// 128 characters (`Key`); anything else names nothing and is "not found", in the reader's
/// language, on pages and in the API — never a 5xx, never a query with it.
#[tokio::test]
async fn identifiers_that_could_name_nothing_are_not_found() {
    let app = spawn_app().await;
    let citizen = app.signed_in("13900007011").await;
    let long = "R".repeat(129);
    let odd = [long.as_str(), "a%20b", "%E7%8E%8B"];
    for id in odd {
        for path in [format!("/status/{id}"), format!("/apply/done/{id}"), format!("/status/{id}/documents/x"), format!("/pledge/receipt/{id}")] {
            let (status, body) = app.page(&path, &[("cookie", &citizen)]).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
            assert!(body.contains("找不到"), "{path}: {}", crate::helpers::visible_text(&body));
        }
    }
    let (status, body) = app.page(&format!("/status/{long}"), &[("cookie", &format!("{citizen}; lang=en"))]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(crate::helpers::visible_text(&body).contains("We cannot find this page"), "{}", crate::helpers::visible_text(&body));
    // One character under the limit is an identifier: it is looked up, and simply not there.
    let (status, _) = app.page(&format!("/status/{}", "R".repeat(128)), &[("cookie", &citizen)]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let token = app.api_token("13900007012").await;
    for id in odd {
        for path in [format!("/api/v1/applications/{id}"), format!("/api/v1/applications/{id}/documents/x")] {
            let res = app.client.get(app.url(&path)).bearer_auth(&token).header("accept-language", "en").send().await.unwrap();
            assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
            let problem: Value = res.json().await.unwrap();
            assert_eq!(problem["type"], "/problems/not-found", "{path}");
        }
    }
}
