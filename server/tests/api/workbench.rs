//! The case page as a workbench: only the actions the case's state and the viewer's role
//! allow, each saying what it does; staff wording; staff files apart; a clock per stage; a
//! queue whose default view leaves decided cases out.

use app::domain::staff::Role;

use crate::helpers::{location, spawn_app, TestApp};

/// The HTML of the element that opens with `id="{id}"`, up to the end of its section.
fn section<'a>(page: &'a str, id: &str) -> &'a str {
    let Some(start) = page.find(&format!("id=\"{id}\"")) else { return "" };
    let rest = &page[start..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

/// The actions a page offers: the codes of its `form-…` forms, in order.
fn offered(page: &str) -> Vec<String> {
    page.match_indices("id=\"form-").map(|(i, _)| page[i + 9..].split('"').next().unwrap_or_default().to_string()).collect()
}

async fn post(app: &TestApp, cookie: &str, reference: &str, action: &str, form: &[(&str, &str)]) -> reqwest::Response {
    let version = app.case_version(reference).await;
    let mut fields = vec![("version", version.as_str())];
    fields.extend_from_slice(form);
    app.client.post(app.url(&format!("/staff/cases/{reference}/{action}"))).header("cookie", cookie).form(&fields).send().await.unwrap()
}

#[tokio::test]
async fn each_state_offers_only_its_actions_and_the_queue_keeps_a_clock_per_stage() {
    let app = spawn_app().await;
    let reference = app.submitted("13812346101").await;
    let reviewer = app.staff_cookie("reviewer", Role::Reviewer, "320104001").await;
    let worker = app.staff_cookie("worker", Role::CommunityWorker, "320104001001").await;
    let approver = app.staff_cookie("approver", Role::Approver, "320104001").await;
    let case = |cookie: String| {
        let path = format!("/staff/cases/{reference}");
        let app = &app;
        async move { app.page(&path, &[("cookie", &cookie)]).await.1 }
    };

    // Submitted: the reviewer accepts (the primary action), asks for more, or transfers.
    let page = case(reviewer.clone()).await;
    assert_eq!(offered(&page), ["assign", "accept", "request-info", "transfer"]);
    assert!(page.contains("id=\"action-accept\" class=\"button\""), "accepting is the primary action: {}", section(&page, "card-accept"));
    assert!(section(&page, "card-accept").contains("受理后进入入户核查"), "each action says what it does");
    assert!(page.contains("王小明（本人申请）") && !page.contains("（由 王小明 代办）"), "an own application says so");
    assert!(!page.contains("您本人") && !page.contains("您的户口"), "staff wording, not the citizen's");
    assert!(section(&page, "case-clock").contains("data-clock=\"accept\""));
    // The approver may pay emergency help (the application names a serious illness), not decide.
    assert_eq!(offered(&case(approver.clone()).await), ["assign", "emergency"]);
    let (_, queue) = app.page("/staff", &[("cookie", &reviewer)]).await;
    assert!(queue.contains("data-clock=\"accept\"") && queue.contains("受理：还剩"), "{queue}");

    assert_eq!(post(&app, &reviewer, &reference, "accept", &[]).await.status(), 303);
    let page = case(reviewer.clone()).await;
    assert_eq!(offered(&page), ["assign", "request-info", "visit", "appraisal", "transfer"]);
    assert!(page.contains("id=\"action-visit\" class=\"button\""), "the visit comes next");
    assert!(section(&page, "case-clock").contains("data-clock=\"verify\""), "verification has its own clock");

    // The visit with a photo and the appraisal: the photo is staff evidence, kept apart.
    let mut png = std::io::Cursor::new(Vec::new());
    image::DynamicImage::new_rgb8(40, 30).write_to(&mut png, image::ImageFormat::Png).unwrap();
    let form = reqwest::multipart::Form::new()
        .text("version", app.case_version(&reference).await)
        .text("visit_date", "2026-11-01")
        .text("findings", "住院治疗中")
        .part("document", reqwest::multipart::Part::bytes(png.into_inner()).file_name("现场.png"));
    let res = app.client.post(app.url(&format!("/staff/cases/{reference}/visit"))).header("cookie", &worker).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), 303);
    let appraisal = [("appraisal_date", "2026-11-02"), ("participants", "居民代表 7 人"), ("result", "agree")];
    assert_eq!(post(&app, &worker, &reference, "appraisal", &appraisal).await.status(), 303);
    let page = case(approver.clone()).await;
    assert!(!section(&page, "documents").contains("现场.png") && section(&page, "staff-documents").contains("现场.png"), "staff files are listed apart");
    assert!(section(&page, "verification").contains("民主评议结果：同意"));
    assert!(!page.contains(" agree ") && page.contains("2026年11月2日评议，同意，居民代表 7 人"), "the result in words in the history");
    assert!(section(&page, "case-clock").contains("data-clock=\"decide\""), "verified: the decision's clock runs");

    // The approval's amount starts on "请选择": a forgotten choice is an error, not the minimum.
    let approve = section(&page, "card-approve");
    assert!(approve.contains("<option value=\"\">请选择</option>") && !approve.contains("selected"), "{approve}");
    let res = post(&app, &approver, &reference, "approve", &[]).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("href=\"#multiple\""));
    // A refused form keeps what was typed, in that form only.
    let res = post(&app, &approver, &reference, "reject", &[("reason", "家庭存款超过规定"), ("basis", "")]).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(section(&page, "card-reject").contains("家庭存款超过规定</textarea>"), "the reason is kept");
    assert_eq!(post(&app, &approver, &reference, "approve", &[("multiple", "2")]).await.status(), 303);

    // Decided: nothing to take or transfer; the reviewer records payments; no clock runs.
    let page = case(approver.clone()).await;
    assert!(offered(&page).is_empty() && page.contains("id=\"no-actions\""), "{:?}", offered(&page));
    let page = case(reviewer.clone()).await;
    assert_eq!(offered(&page), ["payment"]);
    assert!(section(&page, "case-clock").contains("已办结"));

    // The queue's default view leaves decided cases out; every state can still be picked.
    let (_, queue) = app.page("/staff", &[("cookie", &reviewer)]).await;
    assert!(!section(&queue, "queue").contains(&reference), "a decided case leaves the default view");
    for state in ["submitted", "more_info", "accepted", "provisionally_approved", "approved", "rejected", "stopped", "cancelled", "all"] {
        assert!(queue.contains(&format!("<option value=\"{state}\"")), "the filter offers {state}");
    }
    for filter in ["approved", "all"] {
        let (_, list) = app.page(&format!("/staff?status={filter}"), &[("cookie", &reviewer)]).await;
        assert!(list.contains(&reference), "{filter}");
        assert!(!list.contains("data-clock="), "a decided case shows no clock");
    }
}

#[tokio::test]
async fn a_transfer_picks_the_office_from_a_list_and_emergency_help_needs_a_sudden_event() {
    let app = spawn_app().await;
    let reference = app.submitted("13812346102").await;
    let reviewer = app.staff_cookie("reviewer", Role::Reviewer, "320104001").await;
    let (_, page) = app.page(&format!("/staff/cases/{reference}"), &[("cookie", &reviewer)]).await;
    let transfer = section(&page, "card-transfer");
    assert!(transfer.contains("<select id=\"community\"") && transfer.contains("<optgroup label=\"秦淮区夫子庙街道"), "{transfer}");
    assert!(!transfer.contains("中牌楼"), "its own office is not a target");
    let res = post(&app, &reviewer, &reference, "transfer", &[("community", ""), ("transfer_reason", "实际住在夫子庙")]).await;
    assert_eq!(res.status(), 422);
    assert!(section(&res.text().await.unwrap(), "card-transfer").contains("实际住在夫子庙</textarea>"));
    assert_eq!(post(&app, &reviewer, &reference, "transfer", &[("community", "320104002001"), ("transfer_reason", "实际住在夫子庙")]).await.status(), 303);
    let (row, _, _) = app.store.application_by_reference(&reference).await.unwrap().unwrap();
    assert_eq!(row.office_code, "320104002");

    // A resident registered by staff names no sudden event: no 先行救助 to offer.
    let worker = app.staff_cookie("worker", Role::CommunityWorker, "320104001001").await;
    let approver = app.staff_cookie("approver", Role::Approver, "320104001").await;
    let form = [
        ("name", "孙奶奶"),
        ("id_number", "11010519491231002X"),
        ("phone", "13812347101"),
        ("community", "320104001001"),
        ("address", "中牌楼 9 栋 1 室"),
        ("programme", "temporary"),
        ("found", "独居老人，无人照料"),
        ("consent", "true"),
    ];
    let res = app.client.post(app.url("/staff/new")).header("cookie", &worker).form(&form).send().await.unwrap();
    assert_eq!(res.status(), 303);
    let registered = location(&res).rsplit('/').next().unwrap().to_string();
    let (_, page) = app.page(&format!("/staff/cases/{registered}"), &[("cookie", &approver)]).await;
    assert_eq!(offered(&page), ["assign"]);
    let res = post(&app, &approver, &registered, "emergency", &[("aid_amount", "500")]).await;
    assert_eq!(res.status(), 422, "and a post is refused, saying why");
    let page = res.text().await.unwrap();
    assert!(section(&page, "card-emergency").contains("申请中没有填写突发事件，不能先行救助。") && section(&page, "card-emergency").contains("500"), "on its own card, with what was typed");
}

#[tokio::test]
async fn the_applicant_reads_the_decision_with_its_amount_and_how_it_is_paid() {
    let app = spawn_app().await;
    let citizen = app.ready_to_apply("13812346103", "王小明", "11010519491231002X").await;
    app.fill_in(&citizen).await;
    let (_, review) = app.page("/apply/step/review", &[("cookie", &citizen)]).await;
    assert!(review.contains("已签署（") && !review.contains("320000-v1"), "the pledge is shown signed, with its date");
    let draft = app.draft_id(&citizen).await;
    let reference = location(&app.submit(&citizen, &draft).await).rsplit('/').next().unwrap().to_string();
    let reviewer = app.staff_cookie("reviewer", Role::Reviewer, "320104001").await;
    let worker = app.staff_cookie("worker", Role::CommunityWorker, "320104001001").await;
    let approver = app.staff_cookie("approver", Role::Approver, "320104001").await;
    let (_, status) = app.page(&format!("/status/{reference}"), &[("cookie", &citizen)]).await;
    assert!(status.contains("受理期限"), "while it waits, the accept-by date");
    assert!(status.contains("秦淮区秦虹街道") && !status.contains("(320104001)"), "places by name, no codes");
    assert!(status.contains(">返回我的申请</a>"), "the back link says where it goes");

    assert_eq!(post(&app, &reviewer, &reference, "assign", &[]).await.status(), 303);
    assert_eq!(post(&app, &reviewer, &reference, "accept", &[]).await.status(), 303);
    let form = reqwest::multipart::Form::new().text("version", app.case_version(&reference).await).text("visit_date", "2026-11-01").text("findings", "住院治疗中");
    assert_eq!(app.client.post(app.url(&format!("/staff/cases/{reference}/visit"))).header("cookie", &worker).multipart(form).send().await.unwrap().status(), 303);
    let appraisal = [("appraisal_date", "2026-11-02"), ("participants", "居民代表 7 人"), ("result", "agree")];
    assert_eq!(post(&app, &worker, &reference, "appraisal", &appraisal).await.status(), 303);
    let (_, case) = app.page(&format!("/staff/cases/{reference}"), &[("cookie", &approver)]).await;
    assert!(case.contains("已签署（"), "staff see the pledge signed, with its date");
    assert_eq!(post(&app, &approver, &reference, "approve", &[("multiple", "2")]).await.status(), 303);

    let stored = app.store.case_by_reference(&reference).await.unwrap().unwrap();
    let yuan = app::domain::money::Fen::new(stored.amount_fen.unwrap()).unwrap().yuan_text();
    let (_, status) = app.page(&format!("/status/{reference}"), &[("cookie", &citizen)]).await;
    let decision = section(&status, "decision");
    assert!(decision.contains(&format!("一次性 {yuan} 元，打到您填写的账户 6228 **** 9012")), "{decision}");
    assert!(decision.contains("作出决定"), "with its date");
    assert!(!status.contains("受理期限"), "the accept-by date is gone once accepted");
    assert!(!status.contains("测试人员 测试人员") && !status.contains("测试人员</p><p>测试人员"), "a name is not said twice");
    assert!(status.contains(&format!("<p>{yuan} 元</p>")), "amounts in the history carry their unit");
}

/// The text after `start` up to `end`.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let Some(i) = text.find(start) else { return "" };
    let rest = &text[i + start.len()..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

#[tokio::test]
async fn money_forms_name_their_limits_and_keep_what_was_typed() {
    let app = spawn_app().await;
    let citizen = app.ready_to_apply("13812346105", "王小明", "11010519491231002X").await;
    app.fill_in(&citizen).await;
    let draft = app.draft_id(&citizen).await;
    let reference = location(&app.submit(&citizen, &draft).await).rsplit('/').next().unwrap().to_string();
    let reviewer = app.staff_cookie("reviewer", Role::Reviewer, "320104001").await;
    let worker = app.staff_cookie("worker", Role::CommunityWorker, "320104001001").await;
    let approver = app.staff_cookie("approver", Role::Approver, "320104001").await;
    let case = |cookie: String| {
        let path = format!("/staff/cases/{reference}");
        let app = &app;
        async move { app.page(&path, &[("cookie", &cookie)]).await.1 }
    };

    // 先行救助 says its ceiling, and more than it is refused under its own form, kept.
    let page = case(approver.clone()).await;
    let ceiling = between(section(&page, "card-emergency"), "先行救助最多 ", " 元").to_string();
    assert!(!ceiling.is_empty() && ceiling.chars().all(|c| c.is_ascii_digit() || c == ','), "{}", section(&page, "card-emergency"));
    let res = post(&app, &approver, &reference, "emergency", &[("aid_amount", "50000")]).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    let card = section(&page, "card-emergency");
    assert!(card.contains(&format!("先行救助最多 {ceiling} 元（")) && card.contains("value=\"50000\""), "{card}");
    assert_eq!(post(&app, &approver, &reference, "emergency", &[("aid_amount", "1000")]).await.status(), 303);

    assert_eq!(post(&app, &reviewer, &reference, "accept", &[]).await.status(), 303);
    let form = reqwest::multipart::Form::new().text("version", app.case_version(&reference).await).text("visit_date", "2026-11-01").text("findings", "住院治疗中");
    assert_eq!(app.client.post(app.url(&format!("/staff/cases/{reference}/visit"))).header("cookie", &worker).multipart(form).send().await.unwrap().status(), 303);
    let appraisal = [("appraisal_date", "2026-11-02"), ("participants", "居民代表 7 人"), ("result", "agree")];
    assert_eq!(post(&app, &worker, &reference, "appraisal", &appraisal).await.status(), 303);
    let page = case(approver.clone()).await;
    assert!(section(&page, "card-approve").contains("已先行救助 1,000 元，将计入核定金额"), "{}", section(&page, "card-approve"));
    assert_eq!(post(&app, &approver, &reference, "approve", &[("multiple", "2")]).await.status(), 303);

    // A one-off grant: the payment form asks no month and says what is left.
    let stored = app.store.case_by_reference(&reference).await.unwrap().unwrap();
    let left = app::domain::money::Fen::new(stored.amount_fen.unwrap() - 100_000).unwrap().yuan_text();
    let page = case(reviewer.clone()).await;
    let card = section(&page, "card-payment");
    assert!(card.contains(&format!("一次性发放还可发放 {left} 元")), "{card}");
    assert!(!card.contains("id=\"period\"") && card.contains("id=\"correction_reason\""), "{card}");
    let today = server::services::today_in_china().to_string();
    let res = post(&app, &reviewer, &reference, "payment", &[("payment_amount", "99999"), ("paid_on", &today)]).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    let card = section(&page, "card-payment");
    assert!(card.contains(&format!("最多还可发放 {left} 元")) && card.contains("value=\"99999\""), "{card}");
    assert_eq!(post(&app, &reviewer, &reference, "payment", &[("payment_amount", &left.replace(',', "")), ("paid_on", &today)]).await.status(), 303);
    let page = case(reviewer.clone()).await;
    assert!(section(&page, "payments").contains("先行救助") && section(&page, "payments").contains("一次性发放"), "{}", section(&page, "payments"));

    // The person reads what was paid first and what followed.
    let (_, status) = app.page(&format!("/status/{reference}"), &[("cookie", &citizen)]).await;
    let decision = section(&status, "decision");
    assert!(decision.contains("已先行救助 1,000 元，计入核定金额") && decision.contains(&format!("其余的 {left} 元另行发放")), "{decision}");
}

#[tokio::test]
async fn out_of_order_says_what_comes_first_a_clash_keeps_what_was_typed_and_success_is_told() {
    let app = spawn_app().await;
    let reference = app.submitted("13812346107").await;
    let reviewer = app.staff_cookie("reviewer", Role::Reviewer, "320104001").await;
    let approver = app.staff_cookie("approver", Role::Approver, "320104001").await;
    let stale = app.case_version(&reference).await;

    // Deciding before acceptance, from a current page: 422 on the action's own card, why, and what was typed.
    let res = post(&app, &approver, &reference, "approve", &[("multiple", "2"), ("amount", "")]).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    let card = section(&page, "card-approve");
    assert!(card.contains("尚未受理，不能批准：请先受理。") && card.contains("<li>2</li>"), "{card}");
    assert!(page.contains("href=\"#card-approve\""), "the error summary leads to it");
    assert!(!page.contains("这条记录刚被别人改过"), "not told as a clash");

    // Done: the page says what was done.
    let res = post(&app, &reviewer, &reference, "accept", &[]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), format!("/staff/cases/{reference}?done=accept"));
    let (_, page) = app.page(&location(&res), &[("cookie", &reviewer)]).await;
    assert!(page.contains("id=\"done\"") && page.contains(">已完成：受理。</p>"), "the success is said");

    // From the page opened before the acceptance: a clash (409), the case as it is now,
    // the refusal on the form's card and what was typed still in it.
    let res = app
        .client
        .post(app.url(&format!("/staff/cases/{reference}/request-info")))
        .header("cookie", &reviewer)
        .form(&[("version", stale.as_str()), ("items", "请补充工资流水"), ("due", "2199-01-01")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    let page = res.text().await.unwrap();
    assert!(page.contains("class=\"tag\">已受理</strong>"), "the case as it stands now");
    let card = section(&page, "card-request-info");
    assert!(card.contains("这条记录在您打开之后被别人改过") && card.contains("请补充工资流水") && card.contains("2199-01-01"), "{card}");
    assert!(!page.contains("id=\"done\""), "nothing said to be done");
}
