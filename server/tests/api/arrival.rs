//! Did it arrive? (#13 item 5) After a payment the person is asked, on the status page, by
//! text message and through the API; "not received" puts the case — decided or not — in
//! front of its office until the person says it came or another payment is recorded.

use app::domain::staff::Role;

use crate::helpers::{location, spawn_app, TestApp};

async fn answer(app: &TestApp, cookie: &str, reference: &str, form: &[(&str, &str)]) -> reqwest::Response {
    app.client.post(app.url(&format!("/status/{reference}/arrival"))).header("cookie", cookie).form(form).send().await.unwrap()
}

/// The id of the payment the status page asks about.
fn asked_payment(page: &str) -> String {
    let at = page.find("name=\"payment\" value=\"").expect("the question is asked") + "name=\"payment\" value=\"".len();
    page[at..].split('"').next().unwrap().to_string()
}

#[tokio::test]
async fn a_payment_that_did_not_arrive_goes_back_to_the_office() {
    let app = spawn_app().await;
    let citizen = app.ready_to_apply("13812348001", "王小明", "11010519491231002X").await;
    app.fill_in(&citizen).await;
    let draft = app.draft_id(&citizen).await;
    let reference = location(&app.submit(&citizen, &draft).await).rsplit('/').next().unwrap().to_string();
    let reviewer = app.staff_cookie("a.reviewer", Role::Reviewer, "320104001").await;
    let approver = app.staff_cookie("a.approver", Role::Approver, "320104001").await;
    app.act_ok(&reviewer, &reference, "accept", &[]).await;
    app.act_ok(&approver, &reference, "approve", &[("multiple", "2")]).await;
    let me = [("cookie", citizen.as_str())];
    let (_, page) = app.page(&format!("/status/{reference}"), &me).await;
    assert!(!page.contains("id=\"payment-arrival\""), "nothing to ask before a payment");

    let today = server::services::today_in_china().to_string();
    app.act_ok(&reviewer, &reference, "payment", &[("payment_amount", "1000"), ("paid_on", &today)]).await;
    let (row, _, _) = app.store.application_by_reference(&reference).await.unwrap().unwrap();
    let texts = app.store.notifications_of(&row.id).await.unwrap();
    assert!(texts.last().unwrap().body.contains("收到了吗"), "the text message asks too");
    let (_, page) = app.page(&format!("/status/{reference}"), &me).await;
    assert!(page.contains("id=\"payment-arrival\"") && page.contains("发放的 1,000 元，您收到了吗？"), "{page}");
    let payment = asked_payment(&page);

    // No choice and too long a note: both named, the note kept.
    let long = "卡".repeat(501);
    let res = answer(&app, &citizen, &reference, &[("payment", payment.as_str()), ("arrival_note", long.as_str())]).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("href=\"#arrival\"") && page.contains("href=\"#arrival_note\"") && page.contains(&long), "problems named, note kept");

    // Someone else, or a payment that is not this application's: not found.
    let other = app.signed_in("13812348002").await;
    assert_eq!(answer(&app, &other, &reference, &[("payment", payment.as_str()), ("arrival", "not_received")]).await.status(), 404);
    assert_eq!(answer(&app, &citizen, &reference, &[("payment", "nope"), ("arrival", "not_received")]).await.status(), 404);

    let res = answer(&app, &citizen, &reference, &[("payment", payment.as_str()), ("arrival", "not_received"), ("arrival_note", "银行卡里没有这笔钱")]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), format!("/status/{reference}#payment-arrival"));
    let (_, page) = app.page(&format!("/status/{reference}"), &me).await;
    assert!(page.contains("data-arrival=\"not_received\"") && page.contains("街道（镇）会核实发放情况"), "{page}");

    // The decided case is back in the office's queue, marked, and its filter finds it.
    let (_, queue) = app.page("/staff", &[("cookie", &reviewer)]).await;
    assert!(queue.contains(&reference) && queue.contains("data-arrival=\"problem\""), "{queue}");
    let (_, filtered) = app.page("/staff?arrival=true", &[("cookie", &reviewer)]).await;
    assert!(filtered.contains(&reference));
    let (_, case) = app.page(&format!("/staff/cases/{reference}"), &[("cookie", &reviewer)]).await;
    assert!(case.contains("申请人答复：没收到：银行卡里没有这笔钱") && case.contains("data-arrival-problem=\"true\""), "{case}");
    assert!(case.contains("申请人告知款项没有收到或不全"), "in the history");
    // Another office does not see it.
    let elsewhere = app.staff_cookie("a.elsewhere", Role::Reviewer, "320104002").await;
    assert!(!app.page("/staff?arrival=true", &[("cookie", &elsewhere)]).await.1.contains(&reference));

    // The person says it came after all: off the office's list.
    assert_eq!(answer(&app, &citizen, &reference, &[("payment", payment.as_str()), ("arrival", "received")]).await.status(), 303);
    let (_, filtered) = app.page("/staff?arrival=true", &[("cookie", &reviewer)]).await;
    assert!(!filtered.contains(&reference));

    // Through the app: only part of it; then the office pays again, which clears it.
    let bearer = format!("Bearer {}", app.later_api_token("13812348001", 2).await);
    let status: serde_json::Value = app.get_with(&format!("/api/v1/applications/{reference}"), &[("authorization", &bearer)]).await.json().await.unwrap();
    assert_eq!(status["payment_check"]["payment_id"], payment.as_str());
    assert_eq!(status["payment_check"]["answer"], "received");
    let url = app.url(&format!("/api/v1/applications/{reference}/payments/{payment}/arrival"));
    let put = |body: serde_json::Value| app.client.put(&url).header("authorization", &bearer).json(&body).send();
    let res = put(serde_json::json!({ "arrival": "sometimes" })).await.unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let res = put(serde_json::json!({ "arrival": "partly", "note": "只到了 600 元" })).await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["payment_check"]["answer"], "partly");
    assert!(app.page("/staff?arrival=true", &[("cookie", &reviewer)]).await.1.contains(&reference));
    app.act_ok(&reviewer, &reference, "payment", &[("payment_amount", "400"), ("paid_on", &today), ("correction_reason", "补发未到账的部分")]).await;
    assert!(!app.page("/staff?arrival=true", &[("cookie", &reviewer)]).await.1.contains(&reference), "a new payment answers the report");
    let (_, page) = app.page(&format!("/status/{reference}"), &me).await;
    assert_ne!(asked_payment(&page), payment, "and the person is asked about the new one");
}

/// The district's funnel row for the current month (Beijing): the seven counts in order.
async fn funnel_now(app: &TestApp, cookie: &str) -> Vec<i64> {
    let month = server::services::today_in_china().to_string()[..7].to_string();
    let csv = app.get_with("/staff/district.csv?table=funnel", &[("cookie", cookie)]).await.text().await.unwrap();
    let line = csv.lines().find(|l| l.starts_with(&format!("\"{month}\""))).unwrap_or_default();
    line.split(',').skip(1).map(|c| c.trim_matches('"').parse().unwrap()).collect()
}

#[tokio::test]
async fn the_district_sees_the_way_from_a_first_check_to_money_received() {
    let app = spawn_app().await;
    let district = app.staff_cookie("f.district", Role::DistrictOfficer, "320104").await;
    let other = app.staff_cookie("f.other", Role::DistrictOfficer, "320922").await;
    let (_, page) = app.page("/staff/district", &[("cookie", &district)]).await;
    assert!(page.contains("id=\"funnel\"") && page.contains("开始查询") && page.contains("确认收到"));

    // A check: its first question, going back (no count), and its last question.
    let check = |form: Vec<(&'static str, &'static str)>| app.client.post(app.url("/check")).form(&form).send();
    let where_ = vec![("area", "320104"), ("hukou_local", "no"), ("months", "48"), ("members", "1"), ("m0_age", "63")];
    check([where_.clone(), vec![("step", "where"), ("action", "continue")]].concat()).await.unwrap();
    check([where_.clone(), vec![("step", "household"), ("action", "back")]].concat()).await.unwrap();
    let all = [where_, vec![("income", "1500"), ("medical", "42000"), ("event", "serious_illness"), ("event_date", "2026-10-01"), ("pledge", "yes"), ("step", "pledge"), ("action", "continue")]].concat();
    let results = check(all).await.unwrap().text().await.unwrap();
    assert!(results.contains("data-programme="), "the results were shown");

    // The same household applies, is decided, paid, and says it arrived.
    let citizen = app.ready_to_apply("13812348101", "王小明", "11010519491231002X").await;
    app.fill_in(&citizen).await;
    let draft = app.draft_id(&citizen).await;
    let reference = location(&app.submit(&citizen, &draft).await).rsplit('/').next().unwrap().to_string();
    let reviewer = app.staff_cookie("f.reviewer", Role::Reviewer, "320104001").await;
    let approver = app.staff_cookie("f.approver", Role::Approver, "320104001").await;
    app.act_ok(&reviewer, &reference, "accept", &[]).await;
    app.act_ok(&approver, &reference, "approve", &[("multiple", "2")]).await;
    let today = server::services::today_in_china().to_string();
    app.act_ok(&reviewer, &reference, "payment", &[("payment_amount", "1000"), ("paid_on", &today)]).await;
    let (_, page) = app.page(&format!("/status/{reference}"), &[("cookie", &citizen)]).await;
    let payment = asked_payment(&page);
    assert_eq!(answer(&app, &citizen, &reference, &[("payment", payment.as_str()), ("arrival", "received")]).await.status(), 303);

    // Counts are written beside the requests: wait for them.
    let mut counts = Vec::new();
    for _ in 0..50 {
        counts = funnel_now(&app, &district).await;
        if counts == [1, 1, 1, 1, 1, 1, 1] {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(counts, [1, 1, 1, 1, 1, 1, 1], "checks started, results seen, started, submitted, decided, paid, received");
    assert_eq!(funnel_now(&app, &other).await, Vec::<i64>::new(), "another district's funnel holds none of it");
    let csv = app.get_with("/staff/district.csv?table=funnel", &[("cookie", &district)]).await.text().await.unwrap();
    assert!(!csv.contains("王小明") && !csv.contains(&reference), "counts only");
}
