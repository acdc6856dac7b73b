//! 一人一案 to the visit on the web and the API (#15 items 4–6, 9–11): a plan agreed with a
//! texted code, a visit recorded once with JavaScript off and through the provider app's API,
//! bad input kept and named, and the resident's rating and "没有来".

use app::domain::staff::Role;
use reqwest::Method;
use serde_json::json;

use crate::helpers::{location, spawn_app, TestApp};
use crate::monitoring::{id_number, registered};

/// 王秀英 of 中牌楼社区 with the district team's weekly home visits in her plan: her register id.
async fn planned(app: &TestApp) -> (String, String) {
    registered(app).await;
    let person = app.store.register_page("320104", None, 0, 10).await.unwrap().0.remove(0).id;
    let worker = app.staff_cookie("planner", Role::CommunityWorker, "320104001001").await;
    let today = server::services::today_in_china().to_string();
    let line = [("choice", "demo-qh-home-visit|demo-qh-team"), ("start", today.as_str()), ("per", "month")];
    let res = app.client.post(app.url(&format!("/staff/services/plans/{person}/line"))).header("cookie", &worker).form(&line).send().await.unwrap();
    assert_eq!((res.status().as_u16(), location(&res)), (303, format!("/staff/services/plans/{person}?done=line")));
    (person, worker)
}

#[tokio::test]
async fn a_plan_is_agreed_with_a_texted_code_and_bad_input_keeps_what_was_typed() {
    let app = spawn_app().await;
    let (person, worker) = planned(&app).await;
    let plan = format!("/staff/services/plans/{person}");
    let (status, page) = app.page(&plan, &[("cookie", &worker)]).await;
    assert_eq!(status, 200);
    assert!(page.contains("特困老人上门探访") && page.contains("合计每月约 4 次") && page.contains("本人还没有同意"), "{page}");
    // A frequency of zero and an end before the start are named; the choice stays chosen.
    let today = server::services::today_in_china();
    let bad = [("choice", "demo-qh-home-visit|demo-qh-team"), ("times", "0"), ("per", "week"), ("start", &today.to_string()), ("end", &today.plus_days(-1).to_string())];
    let res = app.client.post(app.url(&format!("{plan}/line"))).header("cookie", &worker).form(&bad).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("error-summary") && page.contains("value=\"0\"") && page.contains("selected value=\"demo-qh-home-visit|demo-qh-team\"") || page.contains("value=\"demo-qh-home-visit|demo-qh-team\" selected"), "{page}");
    // A wrong code is refused; the code texted to her phone is the one.
    assert_eq!(app.client.post(app.url(&format!("{plan}/send-code"))).header("cookie", &worker).send().await.unwrap().status(), 303);
    let agree = |code: &str| vec![("how", "code".to_string()), ("agreed_by", "王秀英".to_string()), ("code", code.to_string())];
    let res = app.client.post(app.url(&format!("{plan}/agree"))).header("cookie", &worker).form(&agree("000000")).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let code = app.latest_code("13900001111").await;
    let (body, _) = app.store.latest_outbox_for("13900001111").await.unwrap().unwrap();
    assert!(body.contains("服务确认码"), "a service code, not a sign-in code: {body}");
    let res = app.client.post(app.url(&format!("{plan}/agree"))).header("cookie", &worker).form(&agree(&code)).send().await.unwrap();
    assert_eq!(res.status(), 303);
    let (_, page) = app.page(&plan, &[("cookie", &worker)]).await;
    assert!(page.contains("本人已同意") && page.contains("短信确认码"), "{page}");
    // Her home visits are meant for tekun people; she is a dibao household: the page says so.
    assert!(page.contains("面向特困人员救助供养（特困供养），此人不在其中"), "{page}");
    assert!(!page.contains("面向最低生活保障"), "nothing said of items meant for her");
    // A verbal agreement needs a witness who is someone else.
    let res = app.client.post(app.url(&format!("{plan}/agree"))).header("cookie", &worker).form(&[("how", "verbal"), ("agreed_by", "王秀英"), ("witness", "王秀英")]).send().await.unwrap();
    assert_eq!(res.status(), 422);
}

#[tokio::test]
async fn a_provider_worker_records_a_visit_once_on_the_web_and_through_the_app() {
    let app = spawn_app().await;
    let (person, _) = planned(&app).await;
    let worker = app.staff_cookie("qh.team", Role::ProviderWorker, "320104").await;
    let visits = app.store.visits_of_person(&person, "0000-01-01").await.unwrap();
    let (first, second) = (visits[0].id.clone(), visits[1].id.clone());
    let (status, page) = app.page(&format!("/staff/visits/{first}"), &[("cookie", &worker)]).await;
    assert_eq!(status, 200);
    assert!(page.contains("中山路1号") && page.contains("13900001111") && page.contains("查看饮食和用药"), "name, address, phone and the checklist");
    let key = page.split("name=\"key\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let now = app::domain::instant::Instant::from_unix(chrono::Utc::now().timestamp() - 600).beijing();
    let at = format!("{}T{:02}:{:02}", now.date, now.hour, now.minute);
    // An end before the start is named and the notes stay.
    let bad = [("key", key.as_str()), ("started_at", at.as_str()), ("ended_at", "2000-01-01T00:00"), ("notes", "老人精神不错"), ("confirmation", "none"), ("unconfirmed_reason", "老人午睡")];
    let res = app.client.post(app.url(&format!("/staff/visits/{first}"))).header("cookie", &worker).form(&bad).send().await.unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("老人精神不错"));
    let good = [("key", key.as_str()), ("started_at", at.as_str()), ("ended_at", at.as_str()), ("done", "查看饮食和用药"), ("notes", "老人精神不错"), ("confirmation", "none"), ("unconfirmed_reason", "老人午睡")];
    for _ in 0..2 {
        let res = app.client.post(app.url(&format!("/staff/visits/{first}"))).header("cookie", &worker).form(&good).send().await.unwrap();
        assert_eq!((res.status().as_u16(), location(&res)), (303, "/staff/visits?done=recorded".to_string()), "a retry answers as the first");
    }
    let other = [("key", "another-key-1"), ("started_at", at.as_str()), ("ended_at", at.as_str()), ("confirmation", "none"), ("unconfirmed_reason", "再记一次")];
    assert_eq!(app.client.post(app.url(&format!("/staff/visits/{first}"))).header("cookie", &worker).form(&other).send().await.unwrap().status(), 409);
    // The app: a token made on the workbench, today's list, a record sent twice with one key.
    let (status, page) = app.page("/staff/visits", &[("cookie", &worker)]).await;
    assert_eq!(status, 200);
    assert!(page.contains(&second) || page.contains("今天没有要上门的服务"), "today's list, or none today");
    let res = app.client.post(app.url("/staff/visits/app-token")).header("cookie", &worker).send().await.unwrap();
    let page = res.text().await.unwrap();
    let token = page.split("<code>").nth(1).unwrap().split("</code>").next().unwrap().to_string();
    let (status, list) = app.api(Method::GET, "/api/v1/provider/visits?due=today", &token, None).await;
    assert_eq!(status, 200, "{list}");
    assert!(list["visits"].is_array() && list.get("overdue_count").is_some());
    let record = json!({"visit_id": second, "started_at": format!("{at}"), "ended_at": format!("{at}"), "confirmation": "none", "unconfirmed_reason": "家中无人应答后电话确认", "done": ["问候并了解近况"]});
    for _ in 0..2 {
        let res = app.client.post(app.url("/api/v1/provider/visits")).bearer_auth(&token).header("idempotency-key", "app-record-0001").json(&record).send().await.unwrap();
        assert_eq!(res.status(), 201);
    }
    assert_eq!(app.store.visit(&second).await.unwrap().unwrap().idempotency_key.as_deref(), Some("app-record-0001"));
    // Multipart, with two photos beside the fields.
    let third = visits[2].id.clone();
    let mut png = std::io::Cursor::new(Vec::new());
    image::DynamicImage::new_rgb8(30, 20).write_to(&mut png, image::ImageFormat::Png).unwrap();
    let png = png.into_inner();
    let form = reqwest::multipart::Form::new()
        .text("visit_id", third.clone())
        .text("started_at", at.clone())
        .text("ended_at", at.clone())
        .text("confirmation", "none")
        .text("unconfirmed_reason", "老人午睡")
        .part("photo", reqwest::multipart::Part::bytes(png.clone()).file_name("a.png"))
        .part("photo", reqwest::multipart::Part::bytes(png).file_name("b.png"));
    let res = app.client.post(app.url("/api/v1/provider/visits")).bearer_auth(&token).header("idempotency-key", "app-record-0002").multipart(form).send().await.unwrap();
    assert_eq!(res.status(), 201);
    assert_eq!(app.store.visit_photos(&third).await.unwrap().len(), 2);
    // A citizen's token is not a worker's; a worker's token reaches no citizen call.
    let citizen = app.api_token("13812349001").await;
    assert_eq!(app.api(Method::GET, "/api/v1/provider/visits", &citizen, None).await.0, 401);
    assert_eq!(app.api(Method::GET, "/api/v1/services/plan", &token, None).await.0, 401);
    // A second token ends the first.
    app.client.post(app.url("/staff/visits/app-token")).header("cookie", &worker).send().await.unwrap();
    assert_eq!(app.api(Method::GET, "/api/v1/provider/visits", &token, None).await.0, 401);
}

#[tokio::test]
async fn the_resident_sees_the_plan_rates_a_visit_and_says_one_did_not_happen() {
    let app = spawn_app().await;
    let (person, _) = planned(&app).await;
    let worker = app.staff_cookie("qh.team", Role::ProviderWorker, "320104").await;
    let visits = app.store.visits_of_person(&person, "0000-01-01").await.unwrap();
    let at = {
        let now = app::domain::instant::Instant::from_unix(chrono::Utc::now().timestamp() - 600).beijing();
        format!("{}T{:02}:{:02}", now.date, now.hour, now.minute)
    };
    for (n, v) in visits.iter().take(2).enumerate() {
        let key = format!("resident-{n}-key");
        let form = [("key", key.as_str()), ("started_at", at.as_str()), ("ended_at", at.as_str()), ("confirmation", "none"), ("unconfirmed_reason", "老人午睡")];
        assert_eq!(app.client.post(app.url(&format!("/staff/visits/{}", v.id))).header("cookie", &worker).form(&form).send().await.unwrap().status(), 303);
    }
    let token = app.api_ready("13900001111", "王秀英", &id_number(1)).await;
    let (status, plan) = app.api(Method::GET, "/api/v1/services/plan", &token, None).await;
    assert_eq!(status, 200, "{plan}");
    assert_eq!(plan["lines"][0]["item"], "特困老人上门探访");
    assert!(plan["visits"].as_array().unwrap().iter().filter(|v| v["done"] == true).count() == 2);
    assert!(plan["visits"].as_array().unwrap().iter().all(|v| v["phone"] == ""), "no phone numbers in the resident's answer");
    let (first, second) = (&visits[0].id, &visits[1].id);
    assert_eq!(app.api(Method::PUT, &format!("/api/v1/services/visits/{first}/rating"), &token, Some(json!({"stars": 9}))).await.0, 422);
    assert_eq!(app.api(Method::PUT, &format!("/api/v1/services/visits/{first}/rating"), &token, Some(json!({"stars": 5}))).await.0, 204);
    assert_eq!(app.api(Method::PUT, &format!("/api/v1/services/visits/{second}/not-came"), &token, Some(json!({"note": "那天没人来"}))).await.0, 204);
    // Someone else's visits are nobody's business.
    let stranger = app.api_ready("13812349002", "李四", "11010519491231002X").await;
    assert_eq!(app.api(Method::PUT, &format!("/api/v1/services/visits/{first}/rating"), &stranger, Some(json!({"stars": 1}))).await.0, 404);
    // On the web too, and the supervisors see the "没有来".
    let cookie = app.signed_in_at("13900001111", chrono::Utc::now().timestamp() + 120).await;
    let (status, page) = app.page("/status/services", &[("cookie", &cookie)]).await;
    assert_eq!(status, 200);
    assert!(page.contains("特困老人上门探访") && page.contains("您已反映这次服务没有来"), "{page}");
    let officer = app.staff_cookie("qh.officer", Role::DistrictOfficer, "320104").await;
    let (_, page) = app.page("/staff/services/supervision", &[("cookie", &officer)]).await;
    assert!(page.contains("秦淮区社会救助服务队") && page.contains("5.0"), "{page}");
    let csv = app.get_with("/staff/services/supervision.csv", &[("cookie", &officer)]).await.text().await.unwrap();
    // provider, month, due, delivered, completion, confirmed, satisfaction, not came, overdue, flagged
    // (the two visits may fall in two months)
    let rows: Vec<Vec<&str>> = csv.lines().filter(|l| l.starts_with("秦淮区社会救助服务队,")).map(|l| l.split(',').collect()).collect();
    let sum = |col: usize| rows.iter().map(|r| r[col].parse::<i64>().unwrap()).sum::<i64>();
    assert_eq!((sum(3), sum(5), sum(7)), (2, 0, 1), "{csv}");
    assert!(rows.iter().any(|r| r[6] == "5.0"), "{csv}");
    // The level table too: the district's item, one person, two person-times delivered.
    let res = app.get_with("/staff/services/supervision.csv?table=levels", &[("cookie", &officer)]).await;
    assert!(res.headers()["content-disposition"].to_str().unwrap().contains("service-levels.csv"));
    let csv = res.text().await.unwrap();
    assert_eq!(csv.lines().next(), Some("level,month,items,people,person_times"));
    let rows: Vec<Vec<&str>> = csv.lines().skip(1).map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.iter().map(|r| r[4].parse::<i64>().unwrap()).sum::<i64>(), 2, "{csv}");
    assert!(rows.iter().all(|r| r[3] == "1" && r[2] == "1"), "{csv}");
    let worker = app.staff_cookie("qh.csv.worker", Role::CommunityWorker, "320104001001").await;
    assert_eq!(app.get_with("/staff/services/supervision.csv?table=levels", &[("cookie", &worker)]).await.status(), 403);
}

/// A PNG of noise (which does not compress): about 3 bytes a pixel.
pub fn noisy_png(w: u32, h: u32) -> Vec<u8> {
    let mut seed = 0x2545_f491_u32;
    let img = image::RgbImage::from_fn(w, h, |_, _| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let [r, g, b, _] = seed.to_le_bytes();
        image::Rgb([r, g, b])
    });
    let mut png = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img).write_to(&mut png, image::ImageFormat::Png).unwrap();
    png.into_inner()
}

#[tokio::test]
async fn a_visit_photo_must_be_a_picture_and_is_kept_cleaned() {
    let app = spawn_app().await;
    let (person, _) = planned(&app).await;
    let worker = app.staff_cookie("qh.team", Role::ProviderWorker, "320104").await;
    let visit = app.store.visits_of_person(&person, "0000-01-01").await.unwrap().remove(0).id;
    let now = app::domain::instant::Instant::from_unix(chrono::Utc::now().timestamp() - 600).beijing();
    let at = format!("{}T{:02}:{:02}", now.date, now.hour, now.minute);
    let post = |photos: Vec<reqwest::multipart::Part>| {
        let mut form = reqwest::multipart::Form::new()
            .text("key", "photo-key-0001")
            .text("started_at", at.clone())
            .text("ended_at", at.clone())
            .text("notes", "灶台油污较重")
            .text("confirmation", "none")
            .text("unconfirmed_reason", "老人午睡");
        for p in photos {
            form = form.part("photo", p);
        }
        app.client.post(app.url(&format!("/staff/visits/{visit}"))).header("cookie", &worker).multipart(form).send()
    };
    let small = || {
        let mut png = std::io::Cursor::new(Vec::new());
        image::DynamicImage::new_rgb8(40, 30).write_to(&mut png, image::ImageFormat::Png).unwrap();
        reqwest::multipart::Part::bytes(png.into_inner()).file_name("灶台.png")
    };
    let res = post(vec![small(), reqwest::multipart::Part::bytes(b"not a picture at all".to_vec()).file_name("note.txt")]).await.unwrap();
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("照片须是") && page.contains("灶台油污较重"), "named, and the notes kept");
    let res = post((0..5).map(|_| small()).collect()).await.unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("一次最多 4 张照片"), "too many photos are named");
    assert!(app.store.visit_photos(&visit).await.unwrap().is_empty(), "nothing kept from a refused record");
    // A phone's photo is often over a megabyte: this one is 1.4 MB, with a second beside it.
    let png = noisy_png(700, 700);
    assert!(png.len() > 1_400_000);
    let res = post(vec![reqwest::multipart::Part::bytes(png).file_name("现场.png"), small()]).await.unwrap();
    let status = res.status();
    assert_eq!(status, 303, "{}", res.text().await.unwrap());
    let photos = app.store.visit_photos(&visit).await.unwrap();
    assert_eq!(photos.len(), 2);
    let res = app.get_with(&format!("/staff/visits/{visit}/photos/{}", photos[0].id), &[("cookie", &worker)]).await;
    assert_eq!((res.status().as_u16(), res.headers()["content-type"].to_str().unwrap().to_string()), (200, "image/png".to_string()));
    let other = app.staff_cookie("xc.team", Role::ProviderWorker, "320507").await;
    assert_eq!(app.get_with(&format!("/staff/visits/{visit}/photos/{}", photos[0].id), &[("cookie", &other)]).await.status(), 404);
}

#[tokio::test]
async fn a_visit_refers_a_case_and_a_repair_into_the_communitys_queue() {
    let app = spawn_app().await;
    let (person, planner) = planned(&app).await;
    let team = app.staff_cookie("qh.team", Role::ProviderWorker, "320104").await;
    let visits = app.store.visits_of_person(&person, "0000-01-01").await.unwrap();
    let now = app::domain::instant::Instant::from_unix(chrono::Utc::now().timestamp() - 600).beijing();
    let at = format!("{}T{:02}:{:02}", now.date, now.hour, now.minute);
    let record = |visit: String, key: &'static str, kind: &'static str, note: &'static str| {
        let form = [("key", key), ("started_at", at.as_str()), ("ended_at", at.as_str()), ("confirmation", "none"), ("unconfirmed_reason", "老人午睡"), ("referral_kind", kind), ("referral_note", note)];
        app.client.post(app.url(&format!("/staff/visits/{visit}"))).header("cookie", &team).form(&form).send()
    };
    // A referral needs what was noticed; the rest of the record stays as typed.
    let res = record(visits[0].id.clone(), "ref-key-0001", "case", "").await.unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("发现了什么"));
    assert_eq!(record(visits[0].id.clone(), "ref-key-0001", "case", "儿子失业，家里没有收入了").await.unwrap().status(), 303);
    assert_eq!(record(visits[1].id.clone(), "ref-key-0002", "repair", "卫生间没有扶手，老人差点滑倒").await.unwrap().status(), 303);
    let (status, page) = app.page("/staff/services/referrals", &[("cookie", &planner)]).await;
    assert_eq!(status, 200);
    assert!(page.contains("儿子失业") && page.contains("卫生间没有扶手"), "{page}");
    let rows = app.store.referrals_under("320104").await.unwrap();
    let case = rows.iter().find(|r| r.kind == "case").unwrap().id.clone();
    let repair = rows.iter().find(|r| r.kind == "repair").unwrap().id.clone();
    let post = |cookie: &str, path: String, form: Vec<(&'static str, &'static str)>| app.client.post(app.url(&path)).header("cookie", cookie).form(&form).send();
    // A proactive case, in the usual flow, with the person's consent.
    let res = post(&planner, format!("/staff/services/referrals/{case}/case"), vec![("programme", "temporary")]).await.unwrap();
    assert_eq!(res.status(), 422, "consent first");
    let res = post(&planner, format!("/staff/services/referrals/{case}/case"), vec![("programme", "temporary"), ("consent", "true")]).await.unwrap();
    assert_eq!(res.status(), 303);
    let reference = app.store.referral(&case).await.unwrap().unwrap().case_reference.expect("a case was registered");
    assert!(app.store.case_by_reference(&reference).await.unwrap().is_some());
    assert_eq!(post(&planner, format!("/staff/services/referrals/{case}/decline"), vec![("note", "重复")]).await.unwrap().status(), 422, "closed");
    // A repair: approved by the subdistrict, then done with its cost.
    assert_eq!(post(&planner, format!("/staff/services/referrals/{repair}/complete"), vec![("cost", "350")]).await.unwrap().status(), 422, "not approved yet");
    assert_eq!(post(&planner, format!("/staff/services/referrals/{repair}/approve"), vec![]).await.unwrap().status(), 403);
    let reviewer = app.staff_cookie("qh.reviewer", Role::Reviewer, "320104001").await;
    assert_eq!(post(&reviewer, format!("/staff/services/referrals/{repair}/approve"), vec![]).await.unwrap().status(), 303);
    // Done with its cost and its pictures: before (taken on the approval's day, or now) and after.
    let small_png = || {
        let mut png = std::io::Cursor::new(Vec::new());
        image::DynamicImage::new_rgb8(40, 30).write_to(&mut png, image::ImageFormat::Png).unwrap();
        png.into_inner()
    };
    let complete = |form: Vec<(&'static str, &'static str)>, pictures: Vec<(&'static str, Vec<u8>)>| {
        let mut m = reqwest::multipart::Form::new();
        for (k, v) in form {
            m = m.text(k, v);
        }
        for (field, bytes) in pictures {
            m = m.part(field, reqwest::multipart::Part::bytes(bytes).file_name(format!("{field}.png")));
        }
        app.client.post(app.url(&format!("/staff/services/referrals/{repair}/complete"))).header("cookie", &planner).multipart(m).send()
    };
    let res = complete(vec![("cost", "三百"), ("note", "装了两处扶手")], vec![]).await.unwrap();
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    for said in ["金额", "请上传改造前的照片", "请上传改造后的照片", "装了两处扶手"] {
        assert!(page.contains(said), "every problem named at once, and the note kept: {said}");
    }
    let res = complete(vec![("cost", "350")], vec![("before", b"not a picture".to_vec()), ("after", small_png())]).await.unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("照片须是"), "a file that is not a picture is named");
    assert!(app.store.repair_photos(&repair).await.unwrap().is_empty(), "nothing kept from a refused completion");
    // A "before" picture may be added on its own while the repair waits.
    let before = reqwest::multipart::Form::new().part("before", reqwest::multipart::Part::bytes(small_png()).file_name("扶手.png"));
    let res = app.client.post(app.url(&format!("/staff/services/referrals/{repair}/photo"))).header("cookie", &planner).multipart(before).send().await.unwrap();
    assert_eq!((res.status().as_u16(), location(&res)), (303, format!("/staff/services/referrals/{repair}?done=photo")));
    let res = complete(vec![("cost", "350"), ("note", "装了两处扶手")], vec![("after", small_png())]).await.unwrap();
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    let photos = app.store.repair_photos(&repair).await.unwrap();
    assert_eq!(photos.iter().map(|p| p.stage.as_str()).collect::<Vec<_>>(), ["before", "after"]);
    let (_, page) = app.page(&format!("/staff/services/referrals/{repair}"), &[("cookie", &planner)]).await;
    assert!(page.contains("350 元") && page.contains("装了两处扶手") && page.contains("已办结"), "{page}");
    assert!(page.contains("改造前 · ") && page.contains("改造后 · "), "both pictures listed");
    let picture = format!("/staff/services/referrals/{repair}/photos/{}", photos[1].id);
    let res = app.get_with(&picture, &[("cookie", &planner)]).await;
    assert_eq!((res.status().as_u16(), res.headers()["content-type"].to_str().unwrap().to_string()), (200, "image/png".to_string()));
    let res = app.client.post(app.url(&format!("/staff/services/referrals/{repair}/photo"))).header("cookie", &planner).multipart(reqwest::multipart::Form::new().part("before", reqwest::multipart::Part::bytes(small_png()).file_name("x.png"))).send().await.unwrap();
    assert_eq!(res.status(), 422, "a repair done takes no more pictures");
    let audit = app.store.audit_entries_for(&format!("referral:{repair}")).await.unwrap();
    assert!(audit.iter().any(|e| e.entry.action == "referral.photo"));
    // The household's chain holds both referrals and the visits that made them.
    let (_, chain) = app.page(&format!("/staff/monitoring/people/{person}"), &[("cookie", &planner)]).await;
    assert!(chain.contains(&format!("/staff/services/referrals/{repair}")) && chain.contains("上门服务"), "{chain}");
    // Another community's worker does not reach them.
    let stranger = app.staff_cookie("qh.other", Role::CommunityWorker, "320104001002").await;
    assert_eq!(app.page(&format!("/staff/services/referrals/{repair}"), &[("cookie", &stranger)]).await.0, 404);
    assert_eq!(app.get_with(&picture, &[("cookie", &stranger)]).await.status(), 404);
    let team_picture = app.get_with(&picture, &[("cookie", &team)]).await.status();
    assert_eq!(team_picture, 403, "the provider's workers do not see the referral queue");
}

#[tokio::test]
async fn temporary_aid_gives_things_in_kind_beside_the_cash_and_their_delivery_is_recorded() {
    let app = spawn_app().await;
    let citizen = app.ready_to_apply("13812348101", "王小明", "11010519491231002X").await;
    app.fill_in(&citizen).await;
    let draft = app.draft_id(&citizen).await;
    let reference = location(&app.submit(&citizen, &draft).await).rsplit('/').next().unwrap().to_string();
    let reviewer = app.staff_cookie("k.reviewer", Role::Reviewer, "320104001").await;
    let approver = app.staff_cookie("k.approver", Role::Approver, "320104001").await;
    app.act_ok(&reviewer, &reference, "accept", &[]).await;
    let (_, page) = app.page(&format!("/staff/cases/{reference}"), &[("cookie", &approver)]).await;
    assert!(page.contains("id=\"in-kind\""), "temporary aid offers things in kind");
    // A row begun needs all three; what was typed stays.
    let version = app.case_version(&reference).await;
    let half = [("version", version.as_str()), ("multiple", "2"), ("in_kind_0_what", "米面油"), ("in_kind_0_quantity", "3")];
    let res = app.client.post(app.url(&format!("/staff/cases/{reference}/approve"))).header("cookie", &approver).form(&half).send().await.unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("value=\"米面油\""));
    app.act_ok(&approver, &reference, "approve", &[("multiple", "2"), ("in_kind_0_what", "米面油"), ("in_kind_0_quantity", "3"), ("in_kind_0_value", "450"), ("in_kind_1_what", "棉被"), ("in_kind_1_quantity", "2"), ("in_kind_1_value", "1890")]).await;
    let case = app.store.case_by_reference(&reference).await.unwrap().unwrap();
    let cash = app::domain::money::Fen::new(case.amount_fen.unwrap()).unwrap().yuan_text();
    let (_, status) = app.page(&format!("/status/{reference}"), &[("cookie", &citizen)]).await;
    assert!(status.contains(&format!("现金 {cash} 元 + 实物 2,340 元")), "{status}");
    assert!(status.contains("棉被 × 2 · 1,890 元 · 待送达"), "{status}");
    // The reviewer records a delivery; the approver may not.
    let items = app.store.in_kind_of(&case.row.id).await.unwrap();
    let deliver = |cookie: &str, id: &str| app.client.post(app.url(&format!("/staff/cases/{reference}/in-kind/{id}"))).header("cookie", cookie).send();
    assert_eq!(deliver(&approver, &items[0].id).await.unwrap().status(), 403);
    assert_eq!(deliver(&reviewer, &items[0].id).await.unwrap().status(), 303);
    assert_eq!(deliver(&reviewer, &items[0].id).await.unwrap().status(), 404, "once");
    let (_, status) = app.page(&format!("/status/{reference}"), &[("cookie", &citizen)]).await;
    assert!(status.contains("米面油 × 3 · 450 元 · 已送达"), "{status}");
    // The decision letter says both.
    let res = app.get_with(&format!("/status/{reference}/letters/decision"), &[("cookie", &citizen)]).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
}

#[tokio::test]
async fn a_proxy_follows_the_plan_of_the_person_they_applied_for_once_the_office_accepted_it() {
    let app = spawn_app().await;
    let (person, _) = planned(&app).await;
    let helper = "13812347021";
    let citizen = app.ready_to_apply(helper, "李四", "110105194912310054").await;
    app.fill_in(&citizen).await;
    let who = [("for_whom", "other"), ("subject_name", "王秀英"), ("subject_id", id_number(1).leak() as &str), ("subject_relation", "relative"), ("proxy_consent", "true")];
    assert_eq!(app.post_step(&citizen, "who", &who).await.status(), 303);
    let draft = app.draft_id(&citizen).await;
    let reference = location(&app.submit(&citizen, &draft).await).rsplit('/').next().unwrap().to_string();
    let (status, page) = app.page("/status/services", &[("cookie", &citizen)]).await;
    assert_eq!(status, 200);
    assert!(page.contains("id=\"no-plan\"") && !page.contains("特困老人上门探访"), "an application alone does not open someone's plan");

    let reviewer = app.staff_cookie("px.reviewer", Role::Reviewer, "320104001").await;
    app.act_ok(&reviewer, &reference, "accept", &[]).await;
    let (_, page) = app.page("/status/services", &[("cookie", &citizen)]).await;
    assert!(page.contains("王秀英的服务（您代办）") && page.contains("特困老人上门探访"), "{page}");
    let token = app.later_api_token(helper, 2).await;
    let (status, plan) = app.api(Method::GET, "/api/v1/services/plan", &token, None).await;
    assert_eq!(status, 200, "{plan}");
    assert_eq!((plan["lines"].as_array().map(Vec::len), plan["represented"][0]["name"].as_str()), (Some(0), Some("王秀英")), "{plan}");
    assert_eq!(plan["represented"][0]["lines"][0]["item"], "特困老人上门探访");

    // She is in the register already: a needs assessment on this case's home visit is hers at once.
    let needs = [("self_care", "independent"), ("living_alone", "no"), ("assessed_on", "2026-12-01")];
    let res = app.client.post(app.url(&format!("/staff/cases/{reference}/needs"))).header("cookie", &reviewer).form(&needs).send().await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(app.store.assessments_of(&person).await.unwrap().len(), 1);

    // The proxy may speak for the visits too.
    let worker = app.staff_cookie("px.team", Role::ProviderWorker, "320104").await;
    let visit = app.store.visits_of_person(&person, "0000-01-01").await.unwrap().remove(0);
    let at = {
        let now = app::domain::instant::Instant::from_unix(chrono::Utc::now().timestamp() - 600).beijing();
        format!("{}T{:02}:{:02}", now.date, now.hour, now.minute)
    };
    let form = [("key", "proxy-visit-key"), ("started_at", at.as_str()), ("ended_at", at.as_str()), ("confirmation", "none"), ("unconfirmed_reason", "老人午睡")];
    assert_eq!(app.client.post(app.url(&format!("/staff/visits/{}", visit.id))).header("cookie", &worker).form(&form).send().await.unwrap().status(), 303);
    assert_eq!(app.api(Method::PUT, &format!("/api/v1/services/visits/{}/rating", visit.id), &token, Some(json!({"stars": 4}))).await.0, 204);
    let audit = app.store.audit_entries_for(&format!("visit:{}", visit.id)).await.unwrap();
    assert!(audit.iter().any(|e| e.entry.action == "visit.rate"));
}

#[tokio::test]
async fn a_provider_app_is_held_to_the_request_limit() {
    let app = crate::helpers::spawn_app_with(|c| c.api_per_token_per_minute = 3).await;
    let worker = app.staff_cookie("qh.team", Role::ProviderWorker, "320104").await;
    let page = app.client.post(app.url("/staff/visits/app-token")).header("cookie", &worker).send().await.unwrap().text().await.unwrap();
    let token = page.split("<code>").nth(1).unwrap().split("</code>").next().unwrap().to_string();
    crate::helpers::fresh_minute().await;
    for _ in 0..3 {
        assert_eq!(app.api(Method::GET, "/api/v1/provider/visits", &token, None).await.0, 200);
    }
    let res = app.client.get(app.url("/api/v1/provider/visits")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(res.status(), 429);
    assert!(res.headers().get("retry-after").is_some(), "says when to try again");
    // A worker's new token does not reset the count: the limit is the worker's.
    let page = app.client.post(app.url("/staff/visits/app-token")).header("cookie", &worker).send().await.unwrap().text().await.unwrap();
    let again = page.split("<code>").nth(1).unwrap().split("</code>").next().unwrap().to_string();
    assert_eq!(app.api(Method::GET, "/api/v1/provider/visits", &again, None).await.0, 429);
}
