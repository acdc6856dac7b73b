use crate::helpers::spawn_app;

#[tokio::test]
async fn chinese_is_served_by_default() {
    let app = spawn_app().await;
    let res = app.get("/").await;
    assert_eq!(res.headers()["content-language"], "zh-CN");
    let body = res.text().await.unwrap();
    assert!(body.contains("<html lang=\"zh-CN\">"));
    assert!(body.contains("社会救助自助服务平台"));
    assert!(body.contains("遇到困难，我们来帮您"));
}

#[tokio::test]
async fn the_switch_sets_a_cookie_and_returns_to_the_same_page() {
    let app = spawn_app().await;
    let res = app.get("/lang/en?next=/staff").await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/staff");
    let cookie = res.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("lang=en;"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax") && cookie.contains("HttpOnly") && cookie.contains("Path=/"));

    let (status, body) = app.page("/staff", &[("cookie", "lang=en")]).await;
    assert_eq!(status, 200);
    assert!(body.contains("<html lang=\"en\">"));
    assert!(body.contains("<h1>Staff</h1>"));
    assert!(!body.contains("遇到困难"), "no Chinese left in the English page body");
    // The switch back offers Chinese, keeping the page.
    assert!(body.contains("href=\"/lang/zh-CN?next=/staff\""));
}

#[tokio::test]
async fn switching_back_to_chinese_works() {
    let app = spawn_app().await;
    let res = app.get("/lang/zh-CN?next=/").await;
    assert!(res.headers()["set-cookie"].to_str().unwrap().starts_with("lang=zh-CN;"));
    let (_, body) = app.page("/", &[("cookie", "lang=zh-CN")]).await;
    assert!(body.contains("<html lang=\"zh-CN\">"));
}

#[tokio::test]
async fn the_switch_never_redirects_off_site() {
    let app = spawn_app().await;
    for next in ["//evil.example/x", "https://evil.example", "/%5Cevil.example"] {
        let res = app.get(&format!("/lang/en?next={next}")).await;
        assert_eq!(res.headers()["location"], "/", "{next}");
    }
}

#[tokio::test]
async fn unknown_languages_are_not_found_and_an_unknown_cookie_means_chinese() {
    let app = spawn_app().await;
    assert_eq!(app.get("/lang/fr").await.status(), 404);
    let (_, body) = app.page("/", &[("cookie", "lang=fr")]).await;
    assert!(body.contains("<html lang=\"zh-CN\">"));
}
