//! A person is texted when their case moves: received, accepted, asked for more (with the
//! day it is due), decided, paid — in the language they applied in, never with an amount or
//! an ID number, each with the change that it tells of, and listed on their status page.

use app::domain::staff::Role;

use crate::helpers::{location, spawn_app, TestApp};

/// What the person with this application was texted, oldest first: (phone, kind, text).
async fn told(app: &TestApp, reference: &str) -> Vec<(String, String, String)> {
    let (row, _, _) = app.store.application_by_reference(reference).await.unwrap().unwrap();
    app.store.notifications_of(&row.id).await.unwrap().into_iter().map(|n| (n.phone, n.kind, n.body)).collect()
}

fn kinds(told: &[(String, String, String)]) -> Vec<&str> {
    told.iter().map(|(_, kind, _)| kind.as_str()).collect()
}

async fn act(app: &TestApp, cookie: &str, reference: &str, action: &str, form: &[(&str, &str)]) -> reqwest::StatusCode {
    let version = app.case_version(reference).await;
    let mut fields = vec![("version", version.as_str())];
    fields.extend_from_slice(form);
    app.client.post(app.url(&format!("/staff/cases/{reference}/{action}"))).header("cookie", cookie).form(&fields).send().await.unwrap().status()
}

#[tokio::test]
async fn each_change_a_person_must_know_is_texted_to_them_and_listed_on_their_status_page() {
    let app = spawn_app().await;
    let phone = "13812347001";
    let citizen = app.ready_to_apply(phone, "王小明", "11010519491231002X").await;
    app.fill_in(&citizen).await;
    let draft = app.draft_id(&citizen).await;
    let reference = location(&app.submit(&citizen, &draft).await).rsplit('/').next().unwrap().to_string();
    assert_eq!(kinds(&told(&app, &reference).await), ["received"]);

    let reviewer = app.staff_cookie("n.reviewer", Role::Reviewer, "320104001").await;
    let worker = app.staff_cookie("n.worker", Role::CommunityWorker, "320104001001").await;
    let approver = app.staff_cookie("n.approver", Role::Approver, "320104001").await;
    assert_eq!(act(&app, &reviewer, &reference, "accept", &[]).await, 303);
    let due = server::services::today_in_china().plus_days(10);
    assert_eq!(act(&app, &reviewer, &reference, "request-info", &[("items", "请补充医院诊断证明"), ("due", &due.to_string())]).await, 303);
    let said = told(&app, &reference).await;
    assert_eq!(kinds(&said), ["received", "accepted", "more_information"]);
    assert!(said[2].2.contains(&reference) && said[2].2.contains(&app::i18n::Lang::ZhCn.date(due)), "{}", said[2].2);

    // Someone else's stale page changes nothing and tells nobody anything.
    let stale = [("version", "0"), ("items", "x"), ("due", "2199-01-01")];
    let res = app.client.post(app.url(&format!("/staff/cases/{reference}/request-info"))).header("cookie", &reviewer).form(&stale).send().await.unwrap();
    assert_eq!(res.status(), 409);
    assert_eq!(told(&app, &reference).await.len(), 3);

    // The person answers; the case is accepted again, checked, decided and paid.
    let (row, _, _) = app.store.application_by_reference(&reference).await.unwrap().unwrap();
    let request = app.store.information_requests(&row.id).await.unwrap()[0].id.clone();
    let form = reqwest::multipart::Form::new().text("answer", "诊断证明已交到社区");
    let res = app.client.post(app.url(&format!("/status/{reference}/respond/{request}"))).header("cookie", &citizen).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(act(&app, &reviewer, &reference, "accept", &[]).await, 303);
    let visit = reqwest::multipart::Form::new().text("version", app.case_version(&reference).await).text("visit_date", server::services::today_in_china().to_string()).text("findings", "住院治疗中");
    let res = app.client.post(app.url(&format!("/staff/cases/{reference}/visit"))).header("cookie", &worker).multipart(visit).send().await.unwrap();
    assert_eq!(res.status(), 303);
    let today = server::services::today_in_china().to_string();
    assert_eq!(act(&app, &worker, &reference, "appraisal", &[("appraisal_date", &today), ("participants", "居民代表 7 人"), ("result", "agree")]).await, 303);
    assert_eq!(act(&app, &approver, &reference, "approve", &[("multiple", "2")]).await, 303);
    assert_eq!(act(&app, &reviewer, &reference, "payment", &[("payment_amount", "1000"), ("paid_on", &today)]).await, 303);

    let said = told(&app, &reference).await;
    assert_eq!(kinds(&said), ["received", "accepted", "more_information", "accepted", "approved", "paid"], "no message for the visit or the appraisal");
    for (to, _, text) in &said {
        assert_eq!(to, phone, "to the phone of the account that applied");
        assert!(text.contains(&reference) && !text.contains('元') && !text.contains("11010519491231002X"), "{text}");
    }
    // The outbox sends the same texts.
    let (_, outbox) = app.page("/dev/outbox", &[]).await;
    assert!(said.iter().all(|(_, _, text)| outbox.contains(text.as_str())));

    // The status page lists what was sent.
    let (_, status) = app.page(&format!("/status/{reference}"), &[("cookie", &citizen)]).await;
    let listed = &status[status.find("id=\"messages\"").expect("the status page lists the messages")..];
    assert!(listed.contains("已发给您的短信"));
    for (_, _, text) in &said {
        assert!(listed.contains(text.as_str()), "{text}");
    }

    // The server's delivery worker sends them (here to the development outbox) within a
    // second or two, and the page says each was sent.
    let mut page = String::new();
    for _ in 0..60 {
        page = app.page(&format!("/status/{reference}"), &[("cookie", &citizen)]).await.1;
        if page.matches("data-delivery=\"sent\"").count() == said.len() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(page.matches("data-delivery=\"sent\"").count(), said.len(), "every message delivered: {page}");
    assert!(page.contains("已发送"));
}

#[tokio::test]
async fn a_person_who_applied_in_english_is_texted_in_english() {
    let app = spawn_app().await;
    let citizen = app.ready_to_apply("13812347002", "王小明", "11010519491231002X").await;
    app.fill_in(&citizen).await;
    let draft = app.draft_id(&citizen).await;
    let english = format!("{citizen}; lang=en");
    let res = app.client.post(app.url("/apply/submit")).header("cookie", &english).form(&[("draft_id", draft.as_str())]).send().await.unwrap();
    let reference = location(&res).rsplit('/').next().unwrap().to_string();
    let reviewer = app.staff_cookie("n.reviewer.en", Role::Reviewer, "320104001").await;
    assert_eq!(act(&app, &reviewer, &reference, "accept", &[]).await, 303);
    let said = told(&app, &reference).await;
    assert_eq!(kinds(&said), ["received", "accepted"]);
    for (_, _, text) in &said {
        assert!(text.starts_with("[Social Assistance]") && !text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{text}");
    }
}

#[tokio::test]
async fn an_application_for_someone_else_texts_both_the_applicant_and_the_person() {
    let app = spawn_app().await;
    let (helper, elder) = ("13812347011", "13912347012");
    let citizen = app.ready_to_apply(helper, "王小明", "11010519491231002X").await;
    app.fill_in(&citizen).await;
    // A number that is not one is refused on the step, with what was typed kept.
    let who = |phone: &'static str| [("for_whom", "other"), ("subject_name", "张大爷"), ("subject_id", "110105194912310046"), ("subject_relation", "relative"), ("subject_phone", phone), ("proxy_consent", "true")];
    let res = app.post_step(&citizen, "who", &who("1391234")).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("value=\"1391234\"") && page.contains("id=\"subject_phone-error\""), "{page}");
    assert_eq!(app.post_step(&citizen, "who", &who(elder)).await.status(), 303);
    let (_, review) = app.page("/apply/step/review", &[("cookie", &citizen)]).await;
    assert!(review.contains("办理进展也发短信到 139****7012"), "the review says who is texted");
    let draft = app.draft_id(&citizen).await;
    let reference = location(&app.submit(&citizen, &draft).await).rsplit('/').next().unwrap().to_string();
    let reviewer = app.staff_cookie("p.reviewer", Role::Reviewer, "320104001").await;
    assert_eq!(act(&app, &reviewer, &reference, "accept", &[]).await, 303);

    let said = told(&app, &reference).await;
    for kind in ["received", "accepted"] {
        let to: Vec<&str> = said.iter().filter(|(_, k, _)| k == kind).map(|(p, _, _)| p.as_str()).collect();
        assert_eq!(to, [helper, elder], "{kind} goes to both");
    }
    // The applicant's status page lists what was sent to them, once each.
    let (_, status) = app.page(&format!("/status/{reference}"), &[("cookie", &citizen)]).await;
    let listed = &status[status.find("id=\"messages\"").unwrap()..];
    assert_eq!(listed.matches("<li>").count(), 2, "{listed}");

    // Applying for oneself, or giving one's own number, texts one phone.
    let own = app.ready_to_apply("13812347013", "李四", "110105194912310054").await;
    app.fill_in(&own).await;
    assert_eq!(app.post_step(&own, "who", &who("13812347013")).await.status(), 303);
    let draft = app.draft_id(&own).await;
    let reference = location(&app.submit(&own, &draft).await).rsplit('/').next().unwrap().to_string();
    assert_eq!(told(&app, &reference).await.len(), 1);
}

#[tokio::test]
async fn a_refusal_is_texted_and_names_no_reason_or_money() {
    let app = spawn_app().await;
    let phone = "13812347021";
    let citizen = app.ready_to_apply(phone, "王小明", "11010519491231002X").await;
    app.fill_in(&citizen).await;
    let draft = app.draft_id(&citizen).await;
    let reference = location(&app.submit(&citizen, &draft).await).rsplit('/').next().unwrap().to_string();
    let reviewer = app.staff_cookie("x.reviewer", Role::Reviewer, "320104001").await;
    let approver = app.staff_cookie("x.approver", Role::Approver, "320104001").await;
    assert_eq!(act(&app, &reviewer, &reference, "accept", &[]).await, 303);
    assert_eq!(act(&app, &approver, &reference, "reject", &[("reason", "家庭月人均收入 3,200 元，高于标准"), ("basis", "临时救助办法第五条")]).await, 303);
    let said = told(&app, &reference).await;
    assert_eq!(kinds(&said), ["received", "accepted", "rejected"]);
    let (to, _, text) = said.last().unwrap();
    assert_eq!(to, phone);
    assert!(text.contains(&reference) && text.contains("登录平台") && !text.contains("3,200") && !text.contains('元'), "{text}");
}
