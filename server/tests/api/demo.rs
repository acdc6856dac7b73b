//! The demonstration `make run` starts: a visitor can try every role from what the pages
//! say, and production (the binary's defaults) shows none of it.

use app::i18n::Lang;
use server::config::Config;
use server::startup::Application;

use crate::helpers::{location, spawn_app, spawn_app_with, visible_text};

/// The code last texted to `phone`, read from the demo messages page as a visitor would.
async fn code_on_the_messages_page(app: &crate::helpers::TestApp, phone: &str) -> String {
    let (status, page) = app.page("/dev/outbox", &[]).await;
    assert_eq!(status, 200);
    let line = page.split("<li").find(|l| l.contains(&format!("data-phone=\"{phone}\"")) && l.contains("验证码是")).expect("a message for the phone");
    let at = line.find("验证码是 ").expect("the code") + "验证码是 ".len();
    line[at..at + 6].to_string()
}

#[tokio::test]
async fn a_visitor_tries_every_role_from_what_the_pages_say() {
    let app = spawn_app_with(|c| {
        c.demo = true;
        c.dev_outbox = false;
    })
    .await;

    // Every page says it is a demonstration and where the codes and the accounts are.
    for path in ["/", "/check", "/signin", "/staff", "/no-such-page"] {
        let (_, page) = app.page(path, &[]).await;
        assert!(page.contains("id=\"demo-banner\"") && page.contains("演示环境"), "{path}");
        assert!(page.contains("<a href=\"/dev/outbox\">"), "{path} links to the demo messages");
    }
    let (_, english) = app.page("/", &[("cookie", "lang=en")]).await;
    assert!(english.contains("Demo: made-up people and data"));

    // The sign-in page names the demo resident; their code is on the messages page.
    let (_, sign_in) = app.page("/signin", &[]).await;
    assert!(visible_text(&sign_in).contains("用 13900000001 登录"));
    let page = app.client.post(app.url("/signin")).form(&[("phone", "13900000001"), ("action", "send"), ("next", "/status")]).send().await.unwrap().text().await.unwrap();
    let challenge = {
        let at = page.find("name=\"challenge\" value=\"").expect("the code step") + 24;
        page[at..].split('"').next().unwrap().to_string()
    };
    let (_, outbox) = app.page("/dev/outbox", &[]).await;
    assert!(outbox.contains("<h1>演示短信</h1>"), "the messages page says what it is");
    let code = code_on_the_messages_page(&app, "13900000001").await;
    let res = app.client.post(app.url("/signin")).form(&[("phone", "13900000001"), ("challenge", challenge.as_str()), ("code", code.as_str()), ("action", "verify"), ("next", "/status")]).send().await.unwrap();
    assert_eq!(location(&res), "/status");
    let cookie = res.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let (_, list) = app.page("/status", &[("cookie", &cookie)]).await;
    let reference = list.split("/status/SA").nth(1).map(|r| format!("SA{}", &r[..13])).expect("an application on file");
    let (_, status) = app.page(&format!("/status/{reference}"), &[("cookie", &cookie)]).await;
    assert!(status.contains("id=\"decision\"") && visible_text(&status).contains("已批准"), "the demo resident's application is decided");

    // The workbench's sign-in lists each demo account with what it does, and the password.
    let (_, staff) = app.page("/staff", &[]).await;
    let accounts = visible_text(&staff);
    for (username, does) in [("demo.worker", "入户核查"), ("demo.reviewer", "受理"), ("demo.approver", "批准"), ("demo.district", "全区情况")] {
        assert!(accounts.contains(username) && accounts.contains(does), "{username}");
    }
    assert!(accounts.contains("demo-password-2026"));
    let res = app.client.post(app.url("/staff/signin")).form(&[("username", "demo.reviewer"), ("password", "demo-password-2026")]).send().await.unwrap();
    assert_eq!(res.status(), 303, "the reviewer signs in with what the page says");
    let staff_cookie = res.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let (_, queue) = app.page("/staff", &[("cookie", &staff_cookie)]).await;
    let queue = visible_text(&queue);
    for (name, state) in [("陈建国", "已提交，等待受理"), ("王秀英", "需要补充材料"), ("刘强", "已受理")] {
        let line = queue.split("SA").find(|l| l.contains(name)).unwrap_or_else(|| panic!("{name} is in the reviewer's queue"));
        assert!(line.contains(state), "{name}: {line}");
    }
    let (_, all) = app.page("/staff?status=all", &[("cookie", &staff_cookie)]).await;
    assert!(visible_text(&all).contains("周桂兰"), "the decided one is one filter away");
    // The provider worker has 孙淑珍's weekly home visits to record.
    let res = app.client.post(app.url("/staff/signin")).form(&[("username", "demo.provider"), ("password", "demo-password-2026")]).send().await.unwrap();
    let provider = res.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let (_, visits) = app.page("/staff/visits?due=upcoming", &[("cookie", &provider)]).await;
    let (_, today) = app.page("/staff/visits", &[("cookie", &provider)]).await;
    assert!(visits.contains("孙淑珍") || today.contains("孙淑珍"), "the demo plan's visits are listed: {}", visible_text(&visits));

    // A second start on the same data makes nothing twice.
    let mut again = Config::embedded(app.dir());
    again.demo = true;
    Application::build(again).await.expect("starts again");
    for phone in ["13900000001", "13900000002", "13900000003", "13900000004"] {
        let citizen = app.store.citizen_for_phone("unused", phone, 0).await.unwrap();
        let mine = server::services::application::list(&app.store, &citizen, Lang::ZhCn).await.unwrap();
        assert_eq!(mine.applications.len(), 1, "{phone} has one application");
    }
    let person = app.store.register_page("320104", None, 0, 50).await.unwrap().0.into_iter().find(|p| p.name == "孙淑珍").unwrap();
    let plan = app.store.plan_of(&person.id).await.unwrap().unwrap();
    assert_eq!(app.store.plan_lines(&plan.id).await.unwrap().len(), 1, "one plan line, made once");
}

#[tokio::test]
async fn production_defaults_show_no_demonstration() {
    let app = spawn_app_with(|c| c.dev_outbox = false).await;
    for path in ["/", "/signin", "/staff"] {
        let (_, page) = app.page(path, &[]).await;
        assert!(!page.contains("id=\"demo-banner\"") && !page.contains("demo-password") && !page.contains("13900000001"), "{path}");
    }
    assert_eq!(app.get("/dev/outbox").await.status(), 404);
    let res = app.client.post(app.url("/staff/signin")).form(&[("username", "demo.reviewer"), ("password", "demo-password-2026")]).send().await.unwrap();
    assert_ne!(res.status(), 303, "no demo account exists");
    // The development outbox alone (the browser tests' setting) is not the demonstration.
    let outbox_only = spawn_app().await;
    let (_, home) = outbox_only.page("/", &[]).await;
    assert!(!home.contains("id=\"demo-banner\""));
}
