//! The workbench through its pages: sign-in, the queue, a case, and who may do what where.

use app::domain::staff::{allows, Action, Role};
use server::services::staff;

use crate::helpers::{spawn_app, spawn_app_with, STAFF_PASSWORD};


#[tokio::test]
async fn wrong_passwords_are_refused_with_the_username_kept() {
    let app = spawn_app().await;
    staff::create(&app.store, "liu.gong", "刘工", STAFF_PASSWORD, Role::Reviewer, "320104001").await.unwrap();
    let res = app.client.post(app.url("/staff/signin")).form(&[("username", "liu.gong"), ("password", "nope")]).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("用户名或密码不对") && page.contains("value=\"liu.gong\""));
    assert!(!page.contains("value=\"nope\""), "a password is never echoed");
}

#[tokio::test]
async fn strangers_guessing_a_password_slow_the_account_but_do_not_lock_out_its_owner() {
    let app = spawn_app_with(|c| c.behind_proxy = true).await;
    staff::create(&app.store, "owner.user", "甲经办", STAFF_PASSWORD, Role::Reviewer, "320104001").await.unwrap();
    let sign_in = |password: &'static str, address: String, device: Option<String>| {
        let mut req = app.client.post(app.url("/staff/signin")).header("x-forwarded-for", address).form(&[("username", "owner.user"), ("password", password)]);
        if let Some(d) = device {
            req = req.header("cookie", d);
        }
        req.send()
    };
    let res = sign_in(STAFF_PASSWORD, "203.0.113.1".into(), None).await.unwrap();
    assert_eq!(res.status(), 303);
    let cookies: Vec<String> = res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect();
    let device = cookies.iter().find(|c| c.starts_with("staff_device=")).expect("a device cookie").clone();
    assert!(device.contains("HttpOnly") && device.contains("SameSite=Strict") && device.contains("Path=/staff/signin"), "{device}");
    let device = device.split(';').next().unwrap().to_string();

    for n in 0..staff::ACCOUNT_CEILING + 5 {
        let res = sign_in("wrong password!", format!("198.51.100.{n}"), None).await.unwrap();
        assert_eq!(res.status(), 422);
    }
    let res = sign_in(STAFF_PASSWORD, "198.51.100.200".into(), None).await.unwrap();
    assert_eq!(res.status(), 422, "a new device waits for its one try a minute");
    assert!(res.text().await.unwrap().contains("尝试次数太多"));
    let res = sign_in(STAFF_PASSWORD, "203.0.113.77".into(), Some(device)).await.unwrap();
    assert_eq!(res.status(), 303, "the owner's browser signs in as usual");
}

#[tokio::test]
async fn a_reviewer_takes_a_routed_application_and_asks_for_more() {
    let app = spawn_app().await;
    let reference = app.submitted("13812346001").await;
    let reviewer = app.staff_cookie("liu.gong", Role::Reviewer, "320104001").await;
    let (status, queue) = app.page("/staff", &[("cookie", &reviewer)]).await;
    assert_eq!(status, 200);
    assert!(queue.contains(&reference) && queue.contains("还剩"), "routed here, with its clock");
    let (_, case) = app.page(&format!("/staff/cases/{reference}"), &[("cookie", &reviewer)]).await;
    assert!(case.contains("6228 **** 9012") && case.contains("1101**********002X") && !case.contains("11010519491231002X"));
    assert!(app.store.audit_entries_for(&format!("application:{}", app.store.application_by_reference(&reference).await.unwrap().unwrap().0.id)).await.unwrap().iter().any(|e| e.entry.action == "case.view"), "the view is in the audit log");

    let v = app.case_version(&reference).await;
    let res = app.client.post(app.url(&format!("/staff/cases/{reference}/request-info"))).header("cookie", &reviewer).form(&[("version", v.as_str()), ("items", ""), ("due", "tomorrow")]).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("href=\"#items\"") && page.contains("href=\"#due\""));
    let res = app.client.post(app.url(&format!("/staff/cases/{reference}/request-info"))).header("cookie", &reviewer).form(&[("version", v.as_str()), ("items", "请补充医院诊断证明"), ("due", "2199-01-01")]).send().await.unwrap();
    assert_eq!(res.status(), 303);
    // A second click with the old version is a conflict, not a second request.
    let res = app.client.post(app.url(&format!("/staff/cases/{reference}/request-info"))).header("cookie", &reviewer).form(&[("version", v.as_str()), ("items", "again"), ("due", "2199-01-01")]).send().await.unwrap();
    assert_eq!(res.status(), 409);
}

#[tokio::test]
async fn from_the_queue_to_an_approval_the_citizen_then_sees() {
    let app = spawn_app().await;
    let citizen = app.ready_to_apply("13812346003", "王小明", "11010519491231002X").await;
    app.fill_in(&citizen).await;
    let (_, page) = app.page("/apply/step/review", &[("cookie", &citizen)]).await;
    let at = page.find("name=\"draft_id\" value=\"").unwrap() + 23;
    let res = app.client.post(app.url("/apply/submit")).header("cookie", &citizen).form(&[("draft_id", &page[at..at + 32])]).send().await.unwrap();
    let reference = res.headers()["location"].to_str().unwrap().rsplit('/').next().unwrap().to_string();

    let reviewer = app.staff_cookie("reviewer", Role::Reviewer, "320104001").await;
    let worker = app.staff_cookie("worker", Role::CommunityWorker, "320104001001").await;
    let approver = app.staff_cookie("approver", Role::Approver, "320104001").await;
    let post = |cookie: &str, action: &str, form: Vec<(&'static str, String)>| {
        let req = app.client.post(app.url(&format!("/staff/cases/{reference}/{action}"))).header("cookie", cookie.to_string()).form(&form);
        async move { req.send().await.unwrap() }
    };
    let v = || async { app.case_version(&reference).await };
    assert_eq!(post(&reviewer, "accept", vec![("version", v().await)]).await.status(), 303);
    let visit = |fields: Vec<(&'static str, String)>, photo: Option<Vec<u8>>| {
        let mut form = reqwest::multipart::Form::new();
        for (k, v) in fields {
            form = form.text(k, v);
        }
        if let Some(bytes) = photo {
            form = form.part("document", reqwest::multipart::Part::bytes(bytes).file_name("现场.png"));
        }
        let req = app.client.post(app.url(&format!("/staff/cases/{reference}/visit"))).header("cookie", worker.clone()).multipart(form);
        async move { req.send().await.unwrap() }
    };
    let res = visit(vec![("version", v().await), ("visit_date", "2199-01-01".into()), ("findings", "".into())], None).await;
    assert_eq!(res.status(), 422, "a future visit and no findings are refused");
    let mut png = std::io::Cursor::new(Vec::new());
    image::DynamicImage::new_rgb8(40, 30).write_to(&mut png, image::ImageFormat::Png).unwrap();
    let res = visit(vec![("version", v().await), ("visit_date", "2026-11-01".into()), ("findings", "住院治疗中，家中无其他收入".into())], Some(png.into_inner())).await;
    assert_eq!(res.status(), 303);
    let (_, case) = app.page(&format!("/staff/cases/{reference}"), &[("cookie", &worker)]).await;
    assert!(case.contains("现场.png"), "the photo is with the case");
    assert_eq!(post(&worker, "appraisal", vec![("version", v().await), ("appraisal_date", "2026-11-02".into()), ("participants", "居委会、居民代表共 7 人".into()), ("result", "agree".into())]).await.status(), 303);

    let (_, case) = app.page(&format!("/staff/cases/{reference}"), &[("cookie", &approver)]).await;
    assert!(case.contains("id=\"form-approve\"") && case.contains("<select id=\"multiple\""), "the approver gets the decision form with the multiples");
    let res = post(&approver, "approve", vec![("version", v().await), ("multiple", "9".into())]).await;
    assert_eq!(res.status(), 422, "outside the 1–5 range");
    assert_eq!(post(&approver, "approve", vec![("version", v().await), ("multiple", "2".into())]).await.status(), 303);

    let (_, status) = app.page(&format!("/status/{reference}"), &[("cookie", &citizen)]).await;
    assert!(status.contains("已批准"), "the citizen sees the decision");
    assert!(status.contains("入户核查") && !status.contains("住院治疗中"), "the visit happened; its findings stay with staff");
    assert!(!status.contains("现场.png"), "and so does the photo");
    let stored = app.store.case_by_reference(&reference).await.unwrap().unwrap();
    assert_eq!(stored.decision.as_deref(), Some("approved"));
    assert!(stored.amount_fen.unwrap() > 0);
    assert_ne!(stored.accepted_by, stored.decided_by, "reviewer and approver are different people");
}

#[tokio::test]
async fn nobody_sees_or_changes_a_case_outside_their_role_and_area() {
    let app = spawn_app().await;
    let reference = app.submitted("13812346002").await;
    let people = [
        (Role::CommunityWorker, "320104001001", true),
        (Role::CommunityWorker, "320104001002", false),
        (Role::Reviewer, "320104001", true),
        (Role::Reviewer, "320104002", false),
        (Role::Approver, "320104001", true),
        (Role::Approver, "320104002", false),
        (Role::DistrictOfficer, "320104", true),
        (Role::DistrictOfficer, "320922", false),
        (Role::Admin, "320000", true),
        (Role::Admin, "320922", false),
        (Role::ProviderWorker, "320104", true),
        (Role::ProviderWorker, "320507", false),
    ];
    // A proposal of a new parameter value waiting in 秦淮区, for the decisions below.
    let proposer = app.staff_cookie("proposer", Role::DistrictOfficer, "320104").await;
    let soon = server::services::today_in_china().plus_days(5).to_string();
    let later = server::services::today_in_china().plus_days(10).to_string();
    let proposal = [("name", "public_notice_min_days"), ("value", "10"), ("effective_from", soon.as_str()), ("source", "区民政局通知")];
    assert_eq!(app.client.post(app.url("/staff/parameters")).header("cookie", &proposer).form(&proposal).send().await.unwrap().status(), 303);
    let proposal_id = app.store.proposals_for("320104", None, true).await.unwrap()[0].row.id.clone();
    // An account in 秦虹街道 for the account actions below.
    app.staff_cookie("target", Role::Reviewer, "320104001").await;
    let target = app.store.staff_by_username(&app::domain::text::Key::parse("target").unwrap()).await.unwrap().unwrap().id;
    // A monitored person of 秦虹街道 and a warning about them, for the monitoring pages below.
    crate::monitoring::registered(&app).await;
    let feed = crate::monitoring::feed_token(&app, app::domain::monitoring::feeds::FeedSource::PublicSecurity).await;
    let death = serde_json::json!({"batch_id": "m-1", "rows": [{"id_number": crate::monitoring::id_number(1), "died_on": "2026-11-02"}]});
    assert_eq!(crate::monitoring::send(&app, "public_security", &feed, death).await.0, 201);
    let filter = server::store::WarningFilter { area_prefix: "320104".into(), open: true, ..Default::default() };
    let warning = app.store.warnings(&filter, 10).await.unwrap().remove(0);
    // Her plan holds the district team's home visits, for the plan and visit pages below.
    let planner = app.staff_cookie("planner", Role::CommunityWorker, "320104001001").await;
    let today = server::services::today_in_china().to_string();
    let line = [("choice", "demo-qh-home-visit|demo-qh-team"), ("start", today.as_str()), ("per", "month")];
    let res = app.client.post(app.url(&format!("/staff/services/plans/{}/line", warning.person_id))).header("cookie", &planner).form(&line).send().await.unwrap();
    assert_eq!(res.status(), 303, "the plan line is added");
    let visits = app.store.visits_of_person(&warning.person_id, "0000-01-01").await.unwrap();
    let visit = visits[0].id.clone();
    // Her second visit noticed a repair, for the referral pages below.
    let team = app.staff_cookie("matrix.team", Role::ProviderWorker, "320104").await;
    let at = {
        let now = app::domain::instant::Instant::from_unix(chrono::Utc::now().timestamp() - 600).beijing();
        format!("{}T{:02}:{:02}", now.date, now.hour, now.minute)
    };
    let noticed = [("key", "matrix-repair"), ("started_at", at.as_str()), ("ended_at", at.as_str()), ("confirmation", "none"), ("unconfirmed_reason", "不在家"), ("referral_kind", "repair"), ("referral_note", "门口台阶松动")];
    assert_eq!(app.client.post(app.url(&format!("/staff/visits/{}", visits[1].id))).header("cookie", &team).form(&noticed).send().await.unwrap().status(), 303);
    let repair = app.store.referrals_of(&warning.person_id).await.unwrap().remove(0).id;
    let mut unexpected = Vec::new();
    for (i, (role, area, own)) in people.into_iter().enumerate() {
        let cookie = app.staff_cookie(&format!("user{i}"), role, area).await;
        // The checker's results (its live panel) are public and hold no one's data: any role.
        let got = app.client.post(app.url("/check/results")).header("cookie", &cookie).form(&crate::helpers::CHECKER_RESULTS).send().await.unwrap().status().as_u16();
        if got != 200 {
            unexpected.push(format!("{role:?} {area}: the checker's results {got}"));
        }
        // Policy parameters: district officers only, each their own district's.
        let manages = allows(role, Action::ManageParameters);
        let (status, page) = app.page("/staff/parameters", &[("cookie", &cookie)]).await;
        if status != if manages { 200 } else { 403 } || (manages && page.contains(&proposal_id) != own) {
            unexpected.push(format!("{role:?} {area}: parameters page {status}, lists the proposal: {}", page.contains(&proposal_id)));
        }
        let (status, _) = app.page("/staff/parameters/history/public_notice_min_days", &[("cookie", &cookie)]).await;
        if status != if manages { 200 } else { 403 } {
            unexpected.push(format!("{role:?} {area}: parameter history {status}"));
        }
        let new_value = [("name", "public_notice_min_days"), ("value", "9"), ("effective_from", later.as_str()), ("source", "通知")];
        let got = app.client.post(app.url("/staff/parameters")).header("cookie", &cookie).form(&new_value).send().await.unwrap().status().as_u16();
        if got != if manages { 303 } else { 403 } {
            unexpected.push(format!("{role:?} {area}: propose {got}"));
        }
        let got = app.client.post(app.url(&format!("/staff/parameters/proposals/{proposal_id}/refuse"))).header("cookie", &cookie).form(&[("note", "")]).send().await.unwrap().status().as_u16();
        if got != if !manages { 403 } else if own { 303 } else { 404 } {
            unexpected.push(format!("{role:?} {area}: decide another's proposal {got}"));
        }
        // Staff accounts: administrators only, each within their own area.
        let administers = allows(role, Action::ManageStaff);
        let (status, _) = app.page("/staff/accounts", &[("cookie", &cookie)]).await;
        if status != if administers { 200 } else { 403 } {
            unexpected.push(format!("{role:?} {area}: accounts page {status}"));
        }
        let (status, _) = app.page(&format!("/staff/accounts/{target}"), &[("cookie", &cookie)]).await;
        if status != if !administers { 403 } else if own { 200 } else { 404 } {
            unexpected.push(format!("{role:?} {area}: an account's page {status}"));
        }
        let got = app.client.post(app.url(&format!("/staff/accounts/{target}/reactivate"))).header("cookie", &cookie).send().await.unwrap().status().as_u16();
        if got != if !administers { 403 } else if own { 303 } else { 404 } {
            unexpected.push(format!("{role:?} {area}: an account action {got}"));
        }
        // Pledge versions: district officers, their own district's and those above it.
        let writes_pledges = allows(role, Action::ManagePledgeTexts);
        let (status, _) = app.page("/staff/pledge-texts", &[("cookie", &cookie)]).await;
        if status != if writes_pledges { 200 } else { 403 } {
            unexpected.push(format!("{role:?} {area}: pledge versions {status}"));
        }
        // Offices: administrators and district officers, each their own area's.
        let keeps_offices = allows(role, Action::ManageOffices);
        let (status, _) = app.page("/staff/offices", &[("cookie", &cookie)]).await;
        if status != if keeps_offices { 200 } else { 403 } {
            unexpected.push(format!("{role:?} {area}: offices page {status}"));
        }
        let (status, _) = app.page("/staff/offices/320104001", &[("cookie", &cookie)]).await;
        if status != if !keeps_offices { 403 } else if own { 200 } else { 404 } {
            unexpected.push(format!("{role:?} {area}: an office's page {status}"));
        }
        let got = app.client.post(app.url("/staff/offices/320104001/open")).header("cookie", &cookie).send().await.unwrap().status().as_u16();
        if got != if !keeps_offices { 403 } else if own { 303 } else { 404 } {
            unexpected.push(format!("{role:?} {area}: an office action {got}"));
        }
        // Monitoring: warnings where the person lives (office or community), the register's
        // import and department files for district officers.
        let watches = allows(role, Action::ViewWarnings);
        let (status, page) = app.page("/staff/monitoring", &[("cookie", &cookie)]).await;
        if status != if watches { 200 } else { 403 } || (watches && page.contains(&warning.id) != own) {
            unexpected.push(format!("{role:?} {area}: warnings queue {status}, lists the warning: {}", page.contains(&warning.id)));
        }
        let reach = if !watches { 403 } else if own { 200 } else { 404 };
        for path in [format!("/staff/monitoring/warnings/{}", warning.id), format!("/staff/monitoring/people/{}", warning.person_id)] {
            let (status, page) = app.page(&path, &[("cookie", &cookie)]).await;
            if status != reach || (status != 200 && page.contains("王秀英")) {
                unexpected.push(format!("{role:?} {area}: {path} {status}"));
            }
        }
        let got = app.client.post(app.url(&format!("/staff/monitoring/warnings/{}/assign", warning.id))).header("cookie", &cookie).form(&[("version", "999")]).send().await.unwrap().status().as_u16();
        let expected = if !watches { 403 } else if !own { 404 } else if !allows(role, Action::HandleWarnings) { 403 } else { 409 };
        if got != expected {
            unexpected.push(format!("{role:?} {area}: take a warning {got}"));
        }
        // Periodic reviews: reviewers propose, approvers decide, in the person's office.
        let review = format!("/staff/monitoring/reviews/{}", warning.person_id);
        let (status, _) = app.page(&review, &[("cookie", &cookie)]).await;
        if status != reach {
            unexpected.push(format!("{role:?} {area}: a review's page {status}"));
        }
        for (how, action, allowed_status) in [("propose", Action::ProposeReview, 422), ("confirm", Action::DecideReview, 409)] {
            let got = app.client.post(app.url(&format!("{review}/{how}"))).header("cookie", &cookie).form(&[("note", "")]).send().await.unwrap().status().as_u16();
            let expected = if !watches { 403 } else if !own { 404 } else if !allows(role, action) { 403 } else { allowed_status };
            if got != expected {
                unexpected.push(format!("{role:?} {area}: review {how} {got}"));
            }
        }
        // Plans: community workers and reviewers where the person lives.
        let plan = format!("/staff/services/plans/{}", warning.person_id);
        let plans = allows(role, Action::PlanServices);
        let (status, page) = app.page(&plan, &[("cookie", &cookie)]).await;
        let expected = if !plans { 403 } else if own { 200 } else { 404 };
        if status != expected || (status != 200 && page.contains("王秀英")) {
            unexpected.push(format!("{role:?} {area}: a plan {status}"));
        }
        let got = app.client.post(app.url(&format!("{plan}/line"))).header("cookie", &cookie).form(&[("choice", "")]).send().await.unwrap().status().as_u16();
        if got != if !plans { 403 } else if own { 422 } else { 404 } {
            unexpected.push(format!("{role:?} {area}: add a plan line {got}"));
        }
        // Visits: a provider's workers see and record their provider's visits only; nobody
        // else (the community's own workers do the visit rules' visits).
        let delivers = allows(role, Action::DeliverVisits);
        let (status, page) = app.page("/staff/visits", &[("cookie", &cookie)]).await;
        let theirs = role == Role::ProviderWorker && own;
        if status != if delivers { 200 } else { 403 } || page.contains(&visit) != theirs {
            unexpected.push(format!("{role:?} {area}: visits {status}, lists the visit: {}", page.contains(&visit)));
        }
        let (status, page) = app.page(&format!("/staff/visits/{visit}"), &[("cookie", &cookie)]).await;
        let expected = if !delivers { 403 } else if theirs { 200 } else { 404 };
        if status != expected || (status != 200 && page.contains("王秀英")) {
            unexpected.push(format!("{role:?} {area}: a visit {status}"));
        }
        // What a provider's worker sees is the minimum for the visit: no ID number, no case.
        let id_number = crate::monitoring::id_number(1);
        if theirs && (!page.contains("王秀英") || page.contains(&id_number) || page.contains(&id_number[14..]) || page.contains("/staff/cases/")) {
            unexpected.push(format!("{role:?} {area}: the visit page shows more than the visit needs"));
        }
        let got = app.client.post(app.url(&format!("/staff/visits/{visit}"))).header("cookie", &cookie).form(&[("key", "matrix-key")]).send().await.unwrap().status().as_u16();
        if got != if !delivers { 403 } else if theirs { 422 } else { 404 } {
            unexpected.push(format!("{role:?} {area}: record a visit {got}"));
        }
        let (status, _) = app.page("/staff/services/referrals", &[("cookie", &cookie)]).await;
        if status != if plans { 200 } else { 403 } {
            unexpected.push(format!("{role:?} {area}: referrals {status}"));
        }
        // One referral, and a repair's picture: those who plan, where the person lives.
        let (status, page) = app.page(&format!("/staff/services/referrals/{repair}"), &[("cookie", &cookie)]).await;
        let expected = if !plans { 403 } else if own { 200 } else { 404 };
        if status != expected || (status != 200 && page.contains("门口台阶松动")) {
            unexpected.push(format!("{role:?} {area}: a referral {status}"));
        }
        let empty = reqwest::multipart::Form::new().text("note", "");
        let got = app.client.post(app.url(&format!("/staff/services/referrals/{repair}/photo"))).header("cookie", &cookie).multipart(empty).send().await.unwrap().status().as_u16();
        if got != if expected == 200 { 422 } else { expected } {
            unexpected.push(format!("{role:?} {area}: a repair's picture {got}"));
        }
        let (status, _) = app.page("/staff/services/supervision", &[("cookie", &cookie)]).await;
        if status != if allows(role, Action::SuperviseServices) { 200 } else { 403 } {
            unexpected.push(format!("{role:?} {area}: supervision {status}"));
        }
        // The service catalogue: every level reads what reaches it; each level changes its own.
        let (status, _) = app.page("/staff/services/catalogue", &[("cookie", &cookie)]).await;
        if status != if allows(role, Action::ViewCase) { 200 } else { 403 } {
            unexpected.push(format!("{role:?} {area}: catalogue {status}"));
        }
        let reaches_district = area.starts_with("320104") || "320104".starts_with(area);
        let item = "/staff/services/catalogue/demo-qh-home-visit";
        let (status, _) = app.page(item, &[("cookie", &cookie)]).await;
        let expected = if !allows(role, Action::ViewCase) { 403 } else if reaches_district { 200 } else { 404 };
        if status != expected {
            unexpected.push(format!("{role:?} {area}: a district item {status}"));
        }
        let got = app.client.post(app.url(&format!("{item}/edit"))).header("cookie", &cookie).form(&[("name", "")]).send().await.unwrap().status().as_u16();
        let keeps = allows(role, Action::ManageCatalogue) && area == "320104";
        let expected = if !allows(role, Action::ViewCase) { 403 } else if !reaches_district { 404 } else if keeps { 422 } else { 403 };
        if got != expected {
            unexpected.push(format!("{role:?} {area}: change a district item {got}"));
        }
        let assess = format!("/staff/services/assessments/{}", warning.person_id);
        let (status, _) = app.page(&assess, &[("cookie", &cookie)]).await;
        let expected = if !allows(role, Action::AssessNeeds) { 403 } else if own { 200 } else { 404 };
        if status != expected {
            unexpected.push(format!("{role:?} {area}: a needs assessment {status}"));
        }
        let (status, _) = app.page("/staff/services/providers", &[("cookie", &cookie)]).await;
        if status != if allows(role, Action::ManageProviders) { 200 } else { 403 } {
            unexpected.push(format!("{role:?} {area}: providers {status}"));
        }
        let (status, _) = app.page("/staff/services/providers/demo-qh-team", &[("cookie", &cookie)]).await;
        let expected = if !allows(role, Action::ManageProviders) { 403 } else if own { 200 } else { 404 };
        if status != expected {
            unexpected.push(format!("{role:?} {area}: a provider {status}"));
        }
        let (status, _) = app.page("/staff/monitoring/register", &[("cookie", &cookie)]).await;
        if status != if watches { 200 } else { 403 } {
            unexpected.push(format!("{role:?} {area}: register {status}"));
        }
        let manages_register = allows(role, Action::ManageRegister);
        let got = crate::monitoring::post_file(&app, &cookie, "/staff/monitoring/register", &[], Vec::new()).await.status().as_u16();
        if got != if manages_register { 422 } else { 403 } {
            unexpected.push(format!("{role:?} {area}: import {got}"));
        }
        let (status, _) = app.page("/staff/monitoring/feeds", &[("cookie", &cookie)]).await;
        if status != if manages_register { 200 } else { 403 } {
            unexpected.push(format!("{role:?} {area}: department files {status}"));
        }
        let (status, queue) = app.page("/staff", &[("cookie", &cookie)]).await;
        let sees_in_queue = status == 200 && queue.contains(&reference);
        if sees_in_queue != (own && allows(role, Action::ViewCase)) {
            unexpected.push(format!("{role:?} {area}: queue {status} lists it: {sees_in_queue}"));
        }
        let may_view = own && allows(role, Action::ViewCase);
        let (status, page) = app.page(&format!("/staff/cases/{reference}"), &[("cookie", &cookie)]).await;
        if (status == 200) != may_view || (!may_view && (status != 404 || page.contains("王小明"))) {
            unexpected.push(format!("{role:?} {area}: case page {status}"));
        }
        // 需求评估 on the case's home visit: those who assess, of the case's area.
        let (status, page) = app.page(&format!("/staff/cases/{reference}/needs"), &[("cookie", &cookie)]).await;
        let expected = if !may_view { 404 } else if allows(role, Action::AssessNeeds) { 200 } else { 403 };
        if status != expected || (status != 200 && page.contains("王小明")) {
            unexpected.push(format!("{role:?} {area}: a case's needs assessment {status}"));
        }
        let got = app.client.post(app.url(&format!("/staff/cases/{reference}/needs"))).header("cookie", &cookie).form(&[("self_care", "")]).send().await.unwrap().status().as_u16();
        if got != if expected == 200 { 422 } else { expected } {
            unexpected.push(format!("{role:?} {area}: record a case's needs assessment {got}"));
        }
        // The receipt prints for whoever may see the case, and is "not found" for the rest.
        let res = app.get_with(&format!("/staff/cases/{reference}/letters/receipt"), &[("cookie", &cookie)]).await;
        let got = res.status().as_u16();
        let pdf = res.headers().get("content-type").is_some_and(|t| t == "application/pdf");
        if (got == 200 && pdf) != may_view || (!may_view && got != 404) {
            unexpected.push(format!("{role:?} {area}: receipt letter {got}"));
        }
        // The district view: its role only, and only the district's own offices.
        let (status, page) = app.page("/staff/district", &[("cookie", &cookie)]).await;
        let expected = if allows(role, Action::ViewDistrict) { 200 } else { 403 };
        if status != expected || page.contains("秦虹街道") != (expected == 200 && own) {
            unexpected.push(format!("{role:?} {area}: district view {status}, shows the office: {}", page.contains("秦虹街道")));
        }
        let (status, _) = app.page("/staff/new", &[("cookie", &cookie)]).await;
        if status != if allows(role, Action::RegisterCase) { 200 } else { 403 } {
            unexpected.push(format!("{role:?} {area}: register a case {status}"));
        }
        let actions: [(&str, Action, &[(&str, &str)]); 14] = [
            ("emergency", Action::EmergencyAid, &[("aid_amount", "500")]),
            ("notice-start", Action::StartNotice, &[]),
            ("notice-end", Action::EndNotice, &[]),
            ("provisional", Action::ProvisionalApprove, &[("provisional_amount", "800")]),
            ("payment", Action::RecordPayment, &[("payment_amount", "800"), ("paid_on", "2026-11-05"), ("period", "2026-11")]),
            ("verify", Action::RecordVerification, &[("outcome", "meets")]),
            ("transfer", Action::Transfer, &[("community", "320104001001"), ("reason", "核对")]),
            ("assign", Action::AssignToSelf, &[]),
            ("accept", Action::Accept, &[]),
            ("visit", Action::RecordVisit, &[("visit_date", "2026-11-01"), ("findings", "家中确有病人")]),
            ("appraisal", Action::RecordAppraisal, &[("appraisal_date", "2026-11-01"), ("participants", "居委会 5 人"), ("result", "agree")]),
            ("request-info", Action::RequestInformation, &[("items", "请补充"), ("due", "2199-01-01")]),
            ("approve", Action::Approve, &[("multiple", "2")]),
            ("reject", Action::Reject, &[("reason", "收入超标"), ("basis", "临时救助办法第五条")]),
        ];
        // Every action a case page can offer is walked, each at its own address.
        assert!(Action::ON_A_CASE.iter().all(|a| actions.iter().any(|(p, x, _)| x == a && a.case_code() == Some(*p))), "the matrix misses a case action");
        for (path, action, extra) in actions {
            let v = app.case_version(&reference).await;
            let mut form = vec![("version", v.as_str())];
            form.extend_from_slice(extra);
            let res = app.client.post(app.url(&format!("/staff/cases/{reference}/{path}"))).header("cookie", &cookie).form(&form).send().await.unwrap();
            let got = res.status().as_u16();
            // Authorisation is what this walks: an allowed action may still meet a case in
            // the wrong state (409) or be refused as input (422, after the checks); a refused one
            // must be 404 outside the area, 403 inside.
            let ok = if !may_view { got == 404 } else if !allows(role, action) { got == 403 } else { matches!(got, 303 | 409 | 422) };
            if !ok {
                unexpected.push(format!("{role:?} {area} {path}: {got}"));
            }
        }
    }
    assert_eq!(unexpected, Vec::<String>::new());
    // Without a staff session nothing is reachable either.
    assert_eq!(app.get(&format!("/staff/cases/{reference}")).await.status(), 303);
    assert_eq!(app.get(&format!("/staff/cases/{reference}/letters/receipt")).await.status(), 303);
    let res = app.client.post(app.url(&format!("/staff/cases/{reference}/accept"))).form(&[("version", "1")]).send().await.unwrap();
    assert_eq!(res.headers()["location"], "/staff");
}

#[tokio::test]
async fn the_district_sees_every_office_and_exports_csv() {
    let app = spawn_app().await;
    let reference = app.submitted("13812346004").await;
    let reviewer = app.staff_cookie("rev", Role::Reviewer, "320104001").await;
    let approver = app.staff_cookie("app", Role::Approver, "320104001").await;
    let district = app.staff_cookie("district", Role::DistrictOfficer, "320104").await;
    for (cookie, action, form) in [(&reviewer, "accept", vec![]), (&approver, "approve", vec![("multiple", "2")])] {
        let v = app.case_version(&reference).await;
        let mut f = vec![("version", v.as_str())];
        f.extend(form);
        assert_eq!(app.client.post(app.url(&format!("/staff/cases/{reference}/{action}"))).header("cookie", cookie).form(&f).send().await.unwrap().status(), 303);
    }
    let (status, page) = app.page("/staff/district", &[("cookie", &district)]).await;
    assert_eq!(status, 200);
    assert!(page.contains("秦虹街道") && page.contains("临时救助") && page.contains("已批准"));
    let res = app.get_with("/staff/district.csv?table=months", &[("cookie", &district)]).await;
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    let body = res.text().await.unwrap();
    let amount = app.store.case_by_reference(&reference).await.unwrap().unwrap().amount_fen.unwrap();
    // Every field quoted, headers and values in the screen's language, one-off in its own column.
    assert!(body.starts_with("\u{feff}\"月份\",\"救助项目\",\"目前状态\",\"件数\",\"按月金额（元）\",\"一次性金额（元）\"\r\n"), "{body}");
    let line = body.lines().find(|l| l.contains(",\"临时救助\",\"已批准\",")).expect("a row for the approval");
    assert!(line.ends_with(&format!(",\"1\",\"\",\"{}\"", app::domain::money::Fen::new(amount).unwrap().yuan_text().replace(',', ""))), "{line}");
    let en = app.get_with("/staff/district.csv?table=months", &[("cookie", &format!("{district}; lang=en"))]).await.text().await.unwrap();
    assert!(en.contains("\"Temporary") && !en.contains("临时救助"), "{en}");
    // A payment shows in its own table; a table that does not exist is no table.
    let v = app.case_version(&reference).await;
    let today = server::services::today_in_china().to_string();
    let pay = [("version", v.as_str()), ("payment_amount", "100"), ("paid_on", today.as_str())];
    assert_eq!(app.client.post(app.url(&format!("/staff/cases/{reference}/payment"))).header("cookie", &reviewer).form(&pay).send().await.unwrap().status(), 303);
    let (_, page) = app.page("/staff/district", &[("cookie", &district)]).await;
    assert!(page.contains("id=\"payment-figures\"") && page.contains("按期发放") && page.contains("全区应追回合计 0 元"), "{page}");
    let body = app.get_with("/staff/district.csv?table=payments", &[("cookie", &district)]).await.text().await.unwrap();
    assert!(body.contains(&format!("\"{}\",\"按期发放\",\"1\",\"100\"", &today[..7])), "{body}");
    assert_eq!(app.get_with("/staff/district.csv?table=nonsense", &[("cookie", &district)]).await.status(), 404);
    // Reviewers and other districts do not get it.
    assert_eq!(app.page("/staff/district", &[("cookie", &reviewer)]).await.0, 403);
    let other = app.staff_cookie("other", Role::DistrictOfficer, "320922").await;
    let (_, page) = app.page("/staff/district", &[("cookie", &other)]).await;
    assert!(!page.contains("秦虹街道"));
}

#[tokio::test]
async fn a_community_worker_registers_a_resident_found_in_need() {
    let app = spawn_app().await;
    let worker = app.staff_cookie("worker", Role::CommunityWorker, "320104001001").await;
    let reviewer = app.staff_cookie("rev", Role::Reviewer, "320104001").await;
    let approver = app.staff_cookie("app", Role::Approver, "320104001").await;
    let form = |community: &'static str, consent: &'static str| {
        vec![
            ("name", "孙奶奶"),
            ("id_number", "11010519491231002X"),
            ("phone", "13812347001"),
            ("community", community),
            ("address", "中牌楼 9 栋 1 室"),
            ("programme", "temporary"),
            ("found", "独居老人，入户时发现无人照料、断粮两天"),
            ("consent", consent),
        ]
    };
    // The community is picked, never typed: a worker's own is the one choice, chosen already;
    // an office's reviewer picks among its communities.
    let (_, page) = app.page("/staff/new", &[("cookie", &worker)]).await;
    assert!(page.contains("<select id=\"community\" name=\"community\">") && page.contains("value=\"320104001001\" selected"), "the worker's own community");
    assert_eq!(page.matches("<option value=\"3201").count(), 1, "and only it");
    let (_, page) = app.page("/staff/new", &[("cookie", &reviewer)]).await;
    assert!(page.matches("<option value=\"320104001").count() > 1 && page.contains("<option value=\"\">请选择</option>"), "an office picks among its communities");
    let res = app.client.post(app.url("/staff/new")).header("cookie", &worker).form(&form("320104001001", "")).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("href=\"#consent\"") && page.contains("独居老人"), "consent is required; what was typed stays");
    assert!(page.contains("请先征得居民本人同意") && !page.contains("我们才能登记您的身份信息"), "told to the staff member, not the resident");
    let res = app.client.post(app.url("/staff/new")).header("cookie", &worker).form(&form("320104001002", "true")).send().await.unwrap();
    assert_eq!(res.status(), 422, "another community is outside the worker's area");
    let res = app.client.post(app.url("/staff/new")).header("cookie", &approver).form(&form("320104001001", "true")).send().await.unwrap();
    assert_eq!(res.status(), 403, "approvers decide; they do not register");

    let res = app.client.post(app.url("/staff/new")).header("cookie", &worker).form(&form("320104001001", "true")).send().await.unwrap();
    assert_eq!(res.status(), 303);
    let reference = res.headers()["location"].to_str().unwrap().rsplit('/').next().unwrap().to_string();
    let (_, queue) = app.page("/staff", &[("cookie", &reviewer)]).await;
    assert!(queue.contains(&reference) && queue.contains("孙奶奶"), "it enters the office's queue like any application");
    let (status, case) = app.page(&format!("/staff/cases/{reference}"), &[("cookie", &reviewer)]).await;
    assert_eq!(status, 200);
    assert!(case.contains("断粮两天") && case.contains("1101**********002X"));
    let applicant = case.split("id=\"applicant\"").nth(1).unwrap_or_default().split("</p>").next().unwrap_or_default();
    assert!(applicant.contains("孙奶奶，由测试人员主动发现登记") && !case.contains("代办") && !case.contains("本人申请"), "{applicant}");
    let answers = case.split("id=\"answers\"").nth(1).unwrap_or_default().split("</section>").next().unwrap_or_default();
    assert!(answers.contains("<dd>未填写</dd>") && !answers.contains("0 元") && !answers.contains("<dd>否</dd>"), "nothing asked is shown as a fact: {answers}");
    // The resident signs in with that number and follows it.
    let resident = app.signed_in("13812347001").await;
    let (status, page) = app.page(&format!("/status/{reference}"), &[("cookie", &resident)]).await;
    assert_eq!(status, 200);
    assert!(page.contains("工作人员主动发现并登记") && page.contains("已提交，等待受理"));
}

#[tokio::test]
async fn documents_open_for_their_owner_and_staff_in_scope_only() {
    let app = spawn_app().await;
    let citizen = app.ready_to_apply("13812346005", "王小明", "11010519491231002X").await;
    app.fill_in(&citizen).await;
    let pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".to_vec();
    let form = reqwest::multipart::Form::new().text("kind", "medical").part("document", reqwest::multipart::Part::bytes(pdf.clone()).file_name("诊断证明.pdf"));
    app.client.post(app.url("/apply/documents")).header("cookie", &citizen).multipart(form).send().await.unwrap();
    let (_, page) = app.page("/apply/step/review", &[("cookie", &citizen)]).await;
    let at = page.find("name=\"draft_id\" value=\"").unwrap() + 23;
    let res = app.client.post(app.url("/apply/submit")).header("cookie", &citizen).form(&[("draft_id", &page[at..at + 32])]).send().await.unwrap();
    let reference = res.headers()["location"].to_str().unwrap().rsplit('/').next().unwrap().to_string();
    let case = app.store.case_by_reference(&reference).await.unwrap().unwrap();
    let doc = app.store.documents_of_application(&case.row.id).await.unwrap().remove(0);

    let (_, status) = app.page(&format!("/status/{reference}"), &[("cookie", &citizen)]).await;
    let own = format!("/status/{reference}/documents/{}", doc.id);
    assert!(status.contains(&format!("href=\"{own}\"")));
    let res = app.get_with(&own, &[("cookie", &citizen)]).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert_eq!(res.bytes().await.unwrap().to_vec(), pdf);

    let reviewer = app.staff_cookie("rev", Role::Reviewer, "320104001").await;
    let elsewhere = app.staff_cookie("far", Role::Reviewer, "320922001").await;
    let staff_path = format!("/staff/cases/{reference}/documents/{}", doc.id);
    assert_eq!(app.get_with(&staff_path, &[("cookie", &reviewer)]).await.status(), 200);
    assert_eq!(app.get_with(&staff_path, &[("cookie", &elsewhere)]).await.status(), 404);
    let audit = app.store.audit_entries_for(&format!("application:{}", case.row.id)).await.unwrap();
    assert_eq!(audit.iter().filter(|e| e.entry.action == "document.view").count(), 1, "the view in scope is audited; the refused one never read it");
    let other = app.ready_to_apply("13812346006", "李四", "110105194912310046").await;
    assert_eq!(app.get_with(&own, &[("cookie", &other)]).await.status(), 404);
}
