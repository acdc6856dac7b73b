//! Signing in by phone and code through the web pages, without JavaScript.

use crate::helpers::{spawn_app, spawn_app_with, TestApp};

async fn post(app: &TestApp, form: &[(&str, &str)], extra: &[(&str, &str)]) -> reqwest::Response {
    let mut req = app.client.post(app.url("/signin")).form(form);
    for (k, v) in extra {
        req = req.header(*k, *v);
    }
    req.send().await.unwrap()
}

/// The newest code texted to `phone`, read from the development outbox page.
async fn code_for(app: &TestApp, phone: &str) -> String {
    let page = app.get("/dev/outbox").await.text().await.unwrap();
    let line = page.split("<li").find(|l| l.contains(&format!("data-phone=\"{phone}\"")) && l.contains("验证码是")).expect("a message to this phone");
    line.split("验证码是 ").nth(1).unwrap()[..6].to_string()
}

fn challenge(page: &str) -> String {
    page.split("name=\"challenge\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string()
}

#[tokio::test]
async fn a_citizen_signs_in_with_a_texted_code() {
    let app = spawn_app().await;
    let (status, body) = app.page("/signin?next=/apply", &[]).await;
    assert_eq!(status, 200);
    assert!(body.contains("用手机号登录"));

    let page = post(&app, &[("action", "send"), ("phone", "138 1234 5678"), ("next", "/apply")], &[]).await.text().await.unwrap();
    assert!(page.contains("验证码已发到 138****5678"), "masked on screen");
    let challenge = challenge(&page);
    let code = code_for(&app, "13812345678").await;

    let wrong = if code == "000000" { "111111" } else { "000000" };
    let page = post(&app, &[("action", "verify"), ("challenge", &challenge), ("code", wrong), ("phone", "13812345678"), ("next", "/apply")], &[])
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("还可以试 4 次"), "tries left are told");

    let res = post(&app, &[("action", "verify"), ("challenge", &challenge), ("code", &code), ("phone", "13812345678"), ("next", "/apply")], &[]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/apply");
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("sid=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain HTTP here");
    let token = cookie["sid=".len()..].split(';').next().unwrap().to_string();
    assert!(token.len() >= 40);

    let out = app.client.post(app.url("/signout")).header("cookie", format!("sid={token}")).send().await.unwrap();
    assert_eq!(out.status(), 303);
    assert!(out.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
}

#[tokio::test]
async fn a_bad_number_is_explained_and_kept() {
    let app = spawn_app().await;
    let page = post(&app, &[("action", "send"), ("phone", "12345")], &[]).await.text().await.unwrap();
    assert!(page.contains("请输入 11 位手机号码"));
    assert!(page.contains("value=\"12345\""));
    assert!(page.contains("role=\"alert\""));
}

#[tokio::test]
async fn a_second_code_within_a_minute_is_refused_on_the_code_screen() {
    let app = spawn_app().await;
    let page = post(&app, &[("action", "send"), ("phone", "13900001111")], &[]).await.text().await.unwrap();
    let c = challenge(&page);
    let again = post(&app, &[("action", "send"), ("phone", "13900001111"), ("challenge", &c)], &[]).await.text().await.unwrap();
    assert!(again.contains("秒后再重新获取"));
    assert!(again.contains("name=\"code\""), "still on the code screen");
}

#[tokio::test]
async fn the_load_balancer_reports_tls_and_the_cookie_becomes_secure() {
    let app = spawn_app_with(|c| c.behind_proxy = true).await;
    let page = post(&app, &[("action", "send"), ("phone", "13700001111")], &[("x-forwarded-for", "203.0.113.9")]).await.text().await.unwrap();
    let c = challenge(&page);
    let code = code_for(&app, "13700001111").await;
    let res = post(&app, &[("action", "verify"), ("challenge", &c), ("code", &code)], &[("x-forwarded-proto", "https")]).await;
    assert!(res.headers()["set-cookie"].to_str().unwrap().contains("; Secure"));
    assert_eq!(res.headers()["location"], "/", "no next: home");
}

#[tokio::test]
async fn posts_from_other_sites_are_refused() {
    let app = spawn_app().await;
    let res = post(&app, &[("action", "send"), ("phone", "13812345678")], &[("origin", "https://evil.example")]).await;
    assert_eq!(res.status(), 403);
    let res = post(&app, &[("action", "send"), ("phone", "13812345678")], &[("sec-fetch-site", "cross-site")]).await;
    assert_eq!(res.status(), 403);
    let same = format!("http://{}", app.addr);
    let res = post(&app, &[("action", "send"), ("phone", "13812345678")], &[("origin", &same)]).await;
    assert_eq!(res.status(), 200);
    let res = post(&app, &[("action", "send"), ("phone", "13812345679")], &[("origin", "https://portal.example.cn"), ("x-forwarded-host", "portal.example.cn")]).await;
    assert_eq!(res.status(), 403, "reached directly, X-Forwarded-Host is anyone's to write");
    let behind = spawn_app_with(|c| c.behind_proxy = true).await;
    let res = post(&behind, &[("action", "send"), ("phone", "13812345679")], &[("origin", "https://portal.example.cn"), ("x-forwarded-host", "portal.example.cn")]).await;
    assert_eq!(res.status(), 200, "the public name a load balancer reports");
}

#[tokio::test]
async fn behind_a_proxy_a_forged_forwarded_for_neither_escapes_limits_nor_reaches_records() {
    let app = spawn_app_with(|c| c.behind_proxy = true).await;
    // Each request claims another address on the left; the proxy appended the real one.
    let limit = server::services::sign_in::LIMITS.codes_per_client_per_hour;
    for n in 0..limit {
        let forged = format!("198.51.100.{n}, 203.0.113.9");
        let page = post(&app, &[("action", "send"), ("phone", &format!("1370000{:04}", n))], &[("x-forwarded-for", &forged)]).await.text().await.unwrap();
        assert!(page.contains("name=\"code\""), "code {n} sent");
    }
    let page = post(&app, &[("action", "send"), ("phone", "13700009999")], &[("x-forwarded-for", "198.51.100.250, 203.0.113.9")]).await.text().await.unwrap();
    assert!(!page.contains("name=\"code\""), "the real address has used its codes, whatever the client wrote");

    let cookie = app.signed_in("13700008888").await;
    let res = app.client.post(app.url("/account/identity")).header("cookie", &cookie).form(&[("full_name", "王小明"), ("id_number", "11010519491231002X"), ("consent", "true")]).send().await.unwrap();
    assert!(res.status().is_success() || res.status().is_redirection());
    let pledge = [("text_id", "320000-v1-zh-CN"), ("area", "320104"), ("answer", "1"), ("signer_name", "王小明")];
    let res = app.client.post(app.url("/pledge")).header("cookie", &cookie).header("x-forwarded-for", "198.51.100.7, 203.0.113.9").form(&pledge).send().await.unwrap();
    assert_eq!(res.status(), 303);
    let token = cookie.strip_prefix("sid=").unwrap();
    let citizen = app.store.session_citizen(&server::crypto::hash(&[token]), chrono::Utc::now().timestamp()).await.unwrap().unwrap();
    let code = app.store.latest_pledge_code(&citizen).await.unwrap().unwrap();
    let signed = app.store.signed_pledge_by_code(&code).await.unwrap().unwrap();
    assert_eq!(signed.client_address, "203.0.113.9", "the pledge records the address the proxy saw");
}

#[tokio::test]
async fn the_outbox_page_is_off_unless_configured() {
    let app = spawn_app_with(|c| c.dev_outbox = false).await;
    assert_eq!(app.get("/dev/outbox").await.status(), 404);
}

#[tokio::test]
async fn a_code_used_up_by_wrong_tries_says_so_and_offers_a_new_one() {
    let app = spawn_app().await;
    let page = post(&app, &[("action", "send"), ("phone", "13812345688"), ("next", "/apply")], &[]).await.text().await.unwrap();
    let challenge = challenge(&page);
    let code = code_for(&app, "13812345688").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let verify = [("action", "verify"), ("challenge", challenge.as_str()), ("code", wrong), ("phone", "13812345688"), ("next", "/apply")];
    let mut page = String::new();
    for _ in 0..5 {
        page = post(&app, &verify, &[]).await.text().await.unwrap();
    }
    assert!(page.contains("已经用完或过期") && page.contains("id=\"code-used-up\""), "the page says the code is spent");
    assert!(!page.contains("10 分钟内有效") && !page.contains("name=\"code\""), "and does not offer it again beside that");
    assert!(page.contains("value=\"send\" id=\"code\" class=\"button\""), "a new code is the primary action, where the summary links");
}

#[tokio::test]
async fn a_community_office_helps_many_residents_from_one_address() {
    let app = spawn_app_with(|c| c.codes_per_address_per_hour = 3).await;
    let send = |phone: &'static str, cookie: String| {
        let app = &app;
        async move {
            let headers: Vec<(&str, &str)> = if cookie.is_empty() { vec![] } else { vec![("cookie", cookie.as_str())] };
            post(app, &[("action", "send"), ("phone", phone), ("next", "/apply")], &headers).await.text().await.unwrap()
        }
    };
    for phone in ["13812340001", "13812340002", "13812340003"] {
        assert!(send(phone, String::new()).await.contains("验证码已发到"), "{phone}");
    }
    assert!(send("13812340004", String::new()).await.contains("获取验证码的次数太多了"), "the address's allowance is a setting, and it holds");

    // A staff member signed in on this browser: the address is not counted.
    let staff = app.staff_cookie("helper", app::domain::staff::Role::CommunityWorker, "320104001001").await;
    let token = staff.trim_start_matches("staff_sid=").to_string();
    let res = app.client.post(app.url("/staff/signin")).form(&[("username", "helper"), ("password", crate::helpers::STAFF_PASSWORD)]).send().await.unwrap();
    let helper = res.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).find(|c| c.starts_with("staff_helper=")).expect("a helper cookie").to_string();
    assert!(helper.contains("Path=/signin") && helper.contains("HttpOnly") && helper.contains("SameSite=Strict"), "{helper}");
    assert!(send("13812340005", format!("staff_helper={token}")).await.contains("验证码已发到"), "helping at the office");
    assert!(send("13812340006", "staff_helper=forged".into()).await.contains("获取验证码的次数太多了"), "a cookie that is no session counts for nothing");
    // Each number keeps its own limits, helped or not.
    assert!(send("13812340005", format!("staff_helper={token}")).await.contains("秒后再重新获取"));
    // Signing out ends the help.
    let out = app.client.post(app.url("/staff/signout")).header("cookie", format!("staff_sid={token}")).send().await.unwrap();
    assert!(out.headers().get_all("set-cookie").iter().any(|v| v.to_str().unwrap_or_default().starts_with("staff_helper=;")));
    assert!(send("13812340007", format!("staff_helper={token}")).await.contains("获取验证码的次数太多了"));
}

#[tokio::test]
async fn the_code_is_texted_in_the_language_of_the_page_it_was_asked_from() {
    let app = spawn_app().await;
    post(&app, &[("action", "send"), ("phone", "13812345691"), ("next", "/apply")], &[("cookie", "lang=en")]).await;
    let (english, _) = app.store.latest_outbox_for("13812345691").await.unwrap().unwrap();
    assert!(english.starts_with("[Social Assistance] Your sign-in code is "), "{english}");
    assert!(!english.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{english}");
    post(&app, &[("action", "send"), ("phone", "13812345692"), ("next", "/apply")], &[]).await;
    let (chinese, _) = app.store.latest_outbox_for("13812345692").await.unwrap().unwrap();
    assert!(chinese.starts_with("【社会救助】您的验证码是 "), "{chinese}");
    // The six digits after "is" are the code, and they sign the person in.
    let code = &english["[Social Assistance] Your sign-in code is ".len()..][..6];
    assert!(code.bytes().all(|b| b.is_ascii_digit()), "{english}");
    let page = post(&app, &[("action", "send"), ("phone", "13812345693"), ("next", "/apply")], &[("cookie", "lang=en")]).await.text().await.unwrap();
    let (text, _) = app.store.latest_outbox_for("13812345693").await.unwrap().unwrap();
    let code = &text["[Social Assistance] Your sign-in code is ".len()..][..6];
    let res = post(&app, &[("action", "verify"), ("challenge", &challenge(&page)), ("code", code), ("phone", "13812345693"), ("next", "/apply")], &[("cookie", "lang=en")]).await;
    assert_eq!(res.status(), 303, "the English code signs in");
}
