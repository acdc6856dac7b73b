//! Real-name details through the web page.

use crate::helpers::spawn_app;

#[tokio::test]
async fn details_are_saved_and_only_the_masked_number_is_shown() {
    let app = spawn_app().await;
    assert_eq!(app.get("/account/identity").await.headers()["location"], "/signin?next=/account/identity");
    let cookie = app.signed_in("13812340010").await;
    let (status, page) = app.page("/account/identity", &[("cookie", &cookie)]).await;
    assert_eq!(status, 200);
    assert!(page.contains("我们为什么要收集这些信息"), "the notice comes before the fields");

    let post = |form: Vec<(&'static str, &'static str)>| {
        let req = app.client.post(app.url("/account/identity")).header("cookie", cookie.clone()).form(&form);
        async move { req.send().await.unwrap().text().await.unwrap() }
    };
    let page = post(vec![("full_name", "曹维勤"), ("id_number", "110105194912310021")]).await;
    assert!(page.contains("身份证号码有一位不对"));
    assert!(page.contains("请勾选同意"));
    assert!(page.contains("value=\"110105194912310021\""), "what was typed is kept to correct it");
    assert!(page.contains("value=\"曹维勤\""));

    let page = post(vec![("full_name", "曹维勤"), ("id_number", "11010519491231002X"), ("consent", "true")]).await;
    assert!(page.contains("已登记：曹维勤，身份证号码 1101**********002X"));
    assert!(!page.contains("11010519491231002X"), "the full number is not sent back");
    let row = app.store.identity(&app.store.citizen_for_phone("unused", "13812340010", 0).await.unwrap()).await.unwrap().unwrap();
    assert!(!row.id_number_sealed.contains("19491231"));
}

#[tokio::test]
async fn the_apply_page_shows_how_far_the_person_has_got() {
    let app = spawn_app().await;
    let (status, page) = app.page("/apply?from=check", &[]).await;
    assert_eq!(status, 200);
    assert!(page.contains("<h1>申请救助</h1>"));
    assert_eq!(page.matches("data-done=\"false\"").count(), 3);
    assert!(page.contains("href=\"/signin?next=/apply%3Ffrom%3Dcheck\""), "the checker's answers survive signing in");

    let cookie = app.signed_in("13812340020").await;
    let (_, page) = app.page("/apply", &[("cookie", &cookie)]).await;
    assert_eq!(page.matches("data-done=\"true\"").count(), 1, "signed in");
    assert!(page.contains("href=\"/account/identity?next=/apply\""));
}
