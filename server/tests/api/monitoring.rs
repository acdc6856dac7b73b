//! 动态监测 through its pages and the department intake (#16): a credential reaches its own
//! feed and nothing else; bad files and batches are named line by line; a warning is answered
//! with what was typed kept on a refusal.

use app::domain::monitoring::feeds::FeedSource;
use app::domain::staff::Role;
use reqwest::Method;
use serde_json::json;
use server::services::monitoring::feeds;

use crate::helpers::{location, spawn_app, TestApp};

/// A valid ID number for `n`.
pub fn id_number(n: u32) -> String {
    let first17 = format!("3201041960{:04}{:03}", 101 + n / 1000 % 12 * 100, n % 1000);
    let check = app::domain::identity::check_character(first17.as_bytes());
    format!("{first17}{}", check as char)
}

/// Posts a file to a monitoring page as the browser's form would.
pub async fn post_file(app: &TestApp, cookie: &str, path: &str, fields: &[(&str, &str)], file: Vec<u8>) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    form = form.part("document", reqwest::multipart::Part::bytes(file).file_name("list.csv").mime_str("text/csv").unwrap());
    app.client.post(app.url(path)).header("cookie", cookie).multipart(form).send().await.unwrap()
}

/// The register of 秦淮区 with one dibao person (with a phone) in 秦虹街道's first community.
pub async fn registered(app: &TestApp) -> String {
    let officer = app.staff_cookie("m.officer", Role::DistrictOfficer, "320104").await;
    let csv = format!("id_number,name,tier,since,community,address,phone\n{},王秀英,dibao,2024-03-01,320104001001,中山路1号,13900001111\n", id_number(1));
    let res = post_file(app, &officer, "/staff/monitoring/register", &[], csv.into_bytes()).await;
    assert_eq!(res.status(), 303);
    officer
}

pub async fn feed_token(app: &TestApp, source: FeedSource) -> String {
    feeds::create_client(&app.store, source, "市医保局").await.unwrap().1
}

pub async fn send(app: &TestApp, source: &str, token: &str, body: serde_json::Value) -> (reqwest::StatusCode, serde_json::Value) {
    let res = app.client.post(app.url(&format!("/api/v1/feeds/{source}/batches"))).bearer_auth(token).json(&body).send().await.unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(serde_json::Value::Null))
}

fn stay(n: u32, yuan: i64) -> serde_json::Value {
    json!({"id_number": id_number(n), "out_of_pocket_fen": yuan * 100, "period_start": "2026-11-01", "period_end": "2026-11-20", "inpatient": true})
}

#[tokio::test]
async fn the_intake_takes_a_departments_own_batch_once() {
    let app = spawn_app().await;
    registered(&app).await;
    let token = feed_token(&app, FeedSource::MedicalInsurance).await;
    let batch = json!({"batch_id": "2026-11-yibao-001", "rows": [stay(1, 8_200), stay(2, 100), {"id_number": id_number(3), "out_of_pocket_fen": -1, "period_start": "2026-11-01", "period_end": "2026-11-20", "inpatient": true}]});
    let (status, body) = send(&app, "medical_insurance", &token, batch.clone()).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!((body["received"].as_i64(), body["matched"].as_i64(), body["unmatched"].as_i64(), body["rejected"].as_i64(), body["warnings_raised"].as_i64()), (Some(3), Some(1), Some(1), Some(1), Some(1)));
    assert_eq!(body["rejected_rows"][0]["index"], 2);
    assert_eq!(body["rejected_rows"][0]["field"], "out_of_pocket_fen");
    let (status, again) = send(&app, "medical_insurance", &token, batch).await;
    assert_eq!(status, 200, "sent again: nothing new");
    assert_eq!((again["seen_before"].as_bool(), again["warnings_raised"].as_i64()), (Some(true), Some(1)));
    let (status, reused) = send(&app, "medical_insurance", &token, json!({"batch_id": "2026-11-yibao-001", "rows": []})).await;
    assert_eq!((status.as_u16(), reused["type"].as_str()), (409, Some("/problems/conflict")));
}

#[tokio::test]
async fn the_intake_refuses_strangers_and_malformed_or_oversized_batches() {
    let app = spawn_app().await;
    let token = feed_token(&app, FeedSource::MedicalInsurance).await;
    let ok = json!({"batch_id": "b1", "rows": []});
    for bad in ["", "feed_nonsense", "Bearer"] {
        let (status, body) = send(&app, "medical_insurance", bad, ok.clone()).await;
        assert_eq!(status, 401, "{bad:?}");
        assert_eq!(body["type"], "/problems/unauthenticated");
    }
    // A department's credential is its own feed's and reaches nothing else.
    let (status, _) = send(&app, "public_security", &token, ok.clone()).await;
    assert_eq!(status, 403);
    for path in ["/api/v1/me", "/api/v1/applications"] {
        let (status, _) = app.api(Method::GET, path, &token, None).await;
        assert_eq!(status, 401, "{path}");
    }
    let res = app.client.get(app.url("/staff/monitoring")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(res.status(), 303, "the workbench knows sessions, not feed tokens");
    // Malformed: each problem named, rows by index.
    let (status, body) = send(&app, "medical_insurance", &token, json!({"rows": [{}, 7, "x"]})).await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["batch_id", "rows[1]", "rows[2]"]);
    let (status, _) = send(&app, "medical_insurance", &token, json!({"batch_id": "b2", "rows": {"a": 1}})).await;
    assert_eq!(status, 422);
    let many: Vec<serde_json::Value> = (0..100_001).map(|_| json!({})).collect();
    let (status, body) = send(&app, "medical_insurance", &token, json!({"batch_id": "b3", "rows": many})).await;
    assert_eq!((status.as_u16(), body["type"].as_str()), (413, Some("/problems/too-large")));
    let (status, _) = send(&app, "nowhere", &token, ok.clone()).await;
    assert_eq!(status, 404);
    // Revoked: refused at once.
    let client = app.store.feed_clients().await.unwrap().remove(0);
    feeds::revoke_client(&app.store, &client.id).await.unwrap();
    let (status, _) = send(&app, "medical_insurance", &token, ok).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn a_bad_register_file_is_named_line_by_line_and_nothing_is_imported() {
    let app = spawn_app().await;
    let officer = app.staff_cookie("m.officer", Role::DistrictOfficer, "320104").await;
    let csv = format!("id_number,name,tier,since,community\n{},王秀英,dibao,2024-03-01,320104001001\n{},李四,rich,2024-03-01,320104001001\n", id_number(1), id_number(2));
    let res = post_file(&app, &officer, "/staff/monitoring/register", &[], csv.into_bytes()).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("文件没有导入") && page.contains("<td>3</td>") && page.contains("<code>tier</code>"), "line 3's tier is named");
    assert!(page.contains("共 0 人"));
    let res = post_file(&app, &officer, "/staff/monitoring/register", &[], b"name\nx\n".to_vec()).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("文件第一行缺少这些列：id_number, tier, since, community"));
    let good = format!("id_number,name,tier,since,community\n{},王秀英,dibao,2024-03-01,320104001001\n", id_number(1));
    let res = post_file(&app, &officer, "/staff/monitoring/register", &[], good.into_bytes()).await;
    assert_eq!((res.status().as_u16(), location(&res)), (303, "/staff/monitoring/register?imported=1".to_string()));
    for junk in ["?page=99999999999999999", "?page=-3&tier=%00", "?page=abc&tier=rich"] {
        assert_eq!(app.page(&format!("/staff/monitoring/register{junk}"), &[("cookie", &officer)]).await.0.as_u16() / 100, if junk.contains("%00") { 4 } else { 2 }, "{junk}");
    }
    let (status, page) = app.page("/staff/monitoring/register?tier=dibao", &[("cookie", &officer)]).await;
    assert_eq!(status, 200);
    let masked = format!("3201**********{}", &id_number(1)[14..]);
    assert!(page.contains("王秀英") && page.contains(&masked), "masked as ID numbers are");
    assert!(!page.contains(&id_number(1)), "never the whole number");
}

#[tokio::test]
async fn a_warning_is_answered_with_an_invitation_and_the_typed_note_survives_a_refusal() {
    let app = spawn_app().await;
    registered(&app).await;
    let token = feed_token(&app, FeedSource::MedicalInsurance).await;
    assert_eq!(send(&app, "medical_insurance", &token, json!({"batch_id": "w1", "rows": [stay(1, 8_200)]})).await.0, 201);
    let reviewer = app.staff_cookie("m.reviewer", Role::Reviewer, "320104001").await;
    let (status, queue) = app.page("/staff/monitoring", &[("cookie", &reviewer)]).await;
    assert_eq!(status, 200);
    assert!(queue.contains("大额住院自付") && queue.contains("王秀英") && queue.contains("8,200 元"), "{queue}");
    let id = queue.split("data-warning=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let (status, page) = app.page(&format!("/staff/monitoring/warnings/{id}"), &[("cookie", &reviewer)]).await;
    assert_eq!(status, 200);
    assert!(page.contains("预警线 6,000 元") && page.contains("低保对象"), "the threshold crossed and the programme now");
    let version = page.split("name=\"version\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let res = app.client.post(app.url(&format!("/staff/monitoring/warnings/{id}/close"))).header("cookie", &reviewer).form(&[("version", version.as_str()), ("outcome", "invite"), ("note", "电话联系本人，愿意申请")]).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("电话联系本人，愿意申请"), "what was typed stays");
    assert!(page.contains("id=\"outcome-invite\" value=\"invite\" checked") || page.contains("value=\"invite\" checked"), "the choice stays");
    let res = app.client.post(app.url(&format!("/staff/monitoring/warnings/{id}/close"))).header("cookie", &reviewer).form(&[("version", version.as_str()), ("outcome", "invite"), ("programme", "temporary"), ("note", "电话联系本人，愿意申请")]).send().await.unwrap();
    assert_eq!(res.status(), 303);
    assert!(location(&res).ends_with("?done=invite"));
    let (_, body, _) = app.store.outbox(10).await.unwrap().into_iter().find(|(phone, _, _)| phone == "13900001111").expect("the invitation is texted to the number on record");
    assert!(body.contains("/apply?community=320104001001&programme=temporary") && body.contains("王秀英"), "{body}");
    let (_, page) = app.page(&format!("/staff/monitoring/warnings/{id}"), &[("cookie", &reviewer)]).await;
    assert!(page.contains("短信邀请申请救助") && !page.contains("name=\"outcome\""), "closed: its outcome, no form");
    // The same form again (a second tab): a conflict, said on the page.
    let res = app.client.post(app.url(&format!("/staff/monitoring/warnings/{id}/close"))).header("cookie", &reviewer).form(&[("version", version.as_str()), ("outcome", "no_action"), ("note", "x")]).send().await.unwrap();
    assert_eq!(res.status(), 409);
    let (status, chain) = app.page(&format!("/staff/monitoring/people/{}", app.store.warning(&id).await.unwrap().unwrap().person_id), &[("cookie", &reviewer)]).await;
    assert_eq!(status, 200);
    assert!(chain.contains("监测预警") && chain.contains("预警已处置"));
    let officer = app.staff_cookie("m.officer2", Role::DistrictOfficer, "320104").await;
    let (_, district) = app.page("/staff/district", &[("cookie", &officer)]).await;
    assert!(district.contains("id=\"warning-figures\"") && district.contains("1 (100%)"), "answered in time and helped");
    let res = app.get_with("/staff/district.csv?table=warnings", &[("cookie", &officer)]).await;
    assert!(res.text().await.unwrap().contains("大额住院自付"));
}

#[tokio::test]
async fn a_department_file_uploaded_by_hand_is_matched_like_the_intake() {
    let app = spawn_app().await;
    let officer = registered(&app).await;
    let csv = format!("id_number,died_on\n{},2026-11-02\nnot-an-id,2026-11-02\n", id_number(1));
    let res = post_file(&app, &officer, "/staff/monitoring/feeds", &[("source", "public_security"), ("batch_id", "gongan-11")], csv.clone().into_bytes()).await;
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(page.contains("共 2 行：匹配到监测对象 1 行，未匹配 0 行，有误 1 行；产生预警 1 条。"), "{page}");
    assert!(page.contains("<td>3</td>"), "the bad line named");
    let page = post_file(&app, &officer, "/staff/monitoring/feeds", &[("source", "public_security"), ("batch_id", "gongan-11")], csv.into_bytes()).await.text().await.unwrap();
    assert!(page.contains("以前已经收到过"));
    let res = post_file(&app, &officer, "/staff/monitoring/feeds", &[("source", ""), ("batch_id", "批次")], Vec::new()).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("value=\"批次\""), "the typed batch number stays");
    let worker = app.staff_cookie("m.worker", Role::CommunityWorker, "320104001001").await;
    assert_eq!(app.page("/staff/monitoring/feeds", &[("cookie", &worker)]).await.0, 403);
}

#[tokio::test]
async fn a_review_is_proposed_and_confirmed_through_the_pages_with_input_kept() {
    let app = spawn_app().await;
    registered(&app).await;
    let reviewer = app.staff_cookie("r.reviewer", Role::Reviewer, "320104001").await;
    let approver = app.staff_cookie("r.approver", Role::Approver, "320104001").await;
    let (status, queue) = app.page("/staff/monitoring?view=reviews", &[("cookie", &reviewer)]).await;
    assert_eq!(status, 200);
    assert!(queue.contains("王秀英") && queue.contains("已超过复核日期"), "dibao since March 2024: overdue");
    let person = queue.split("data-review=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let page = format!("/staff/monitoring/reviews/{person}");
    let res = app.client.post(app.url(&format!("{page}/propose"))).header("cookie", &reviewer).form(&[("outcome", "adjust"), ("amount", "abc"), ("note", "入户复核：儿子外出务工收入增加")]).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("入户复核：儿子外出务工收入增加") && html.contains("value=\"abc\""), "what was typed stays");
    let res = app.client.post(app.url(&format!("{page}/propose"))).header("cookie", &reviewer).form(&[("outcome", "adjust"), ("amount", "650"), ("note", "入户复核：儿子外出务工收入增加")]).send().await.unwrap();
    assert_eq!((res.status().as_u16(), location(&res)), (303, format!("{page}?done=propose")));
    let (_, html) = app.page(&page, &[("cookie", &reviewer)]).await;
    assert!(html.contains("这是您提出的") && !html.contains("name=\"outcome\""), "waiting: no second proposal");
    let (_, html) = app.page(&page, &[("cookie", &approver)]).await;
    assert!(html.contains("调整金额 650 元"), "the approver sees what waits");
    let res = app.client.post(app.url(&format!("{page}/confirm"))).header("cookie", &approver).send().await.unwrap();
    assert_eq!(res.status(), 303);
    let (_, html) = app.page(&page, &[("cookie", &approver)]).await;
    assert!(html.contains("复核结果已确认") || html.contains("650 元"), "{html}");
    let (_, queue) = app.page("/staff/monitoring?view=reviews", &[("cookie", &reviewer)]).await;
    assert!(!queue.contains(&person), "reviewed: not due for a year");
}

#[tokio::test]
async fn the_invitation_link_starts_an_application_with_the_residence_and_programme() {
    let app = spawn_app().await;
    let cookie = app.ready_to_apply("13900001111", "王秀英", &id_number(1)).await;
    let (status, hub) = app.page("/apply?community=320104001001&programme=dibao", &[("cookie", &cookie)]).await;
    assert_eq!(status, 200);
    assert!(hub.contains("name=\"community\" value=\"320104001001\"") && hub.contains("name=\"programme\" value=\"dibao\""), "the link's answers ride on the start form");
    let res = app.client.post(app.url("/apply/start")).header("cookie", &cookie).form(&[("community", "320104001001"), ("programme", "dibao")]).send().await.unwrap();
    assert_eq!(res.status(), 303);
    let (_, programme) = app.page("/apply/step/programme", &[("cookie", &cookie)]).await;
    assert!(programme.contains("value=\"dibao\" checked"), "the programme is chosen");
    let (_, residence) = app.page("/apply/step/residence", &[("cookie", &cookie)]).await;
    assert!(residence.contains("value=\"320104001001\" selected"), "the community is chosen");
}
