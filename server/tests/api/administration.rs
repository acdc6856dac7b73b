//! Policy parameters through the workbench's pages, with plain form posts (JavaScript off):
//! four eyes, the officer's own district, what was typed kept when refused, and the new
//! value in force from its date for the checker.

use app::domain::staff::Role;

use crate::helpers::{location, spawn_app, visible_text};

#[tokio::test]
async fn two_district_officers_change_the_dibao_standard_and_the_checker_follows() {
    let app = spawn_app().await;
    let one = app.staff_cookie("qh.one", Role::DistrictOfficer, "320104").await;
    let two = app.staff_cookie("qh.two", Role::DistrictOfficer, "320104").await;
    let today = server::services::today_in_china().to_string();

    let (status, page) = app.page("/staff/parameters", &[("cookie", &one)]).await;
    assert_eq!(status, 200);
    assert!(in_force(&page, "dibao_standard_monthly_fen").contains("1,110 元"), "{}", in_force(&page, "dibao_standard_monthly_fen"));

    // Bad input: named, nothing lost, 422.
    let bad = [("name", "dibao_standard_monthly_fen"), ("value", "一千"), ("effective_from", "2020-01-01"), ("source", "宁民发〔2026〕88号")];
    let res = app.client.post(app.url("/staff/parameters")).header("cookie", &one).form(&bad).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("生效日期不能早于今天") && page.contains("value=\"一千\"") && page.contains("宁民发〔2026〕88号"), "{}", visible_text(&page));

    let form = [("name", "dibao_standard_monthly_fen"), ("value", "1,180"), ("effective_from", today.as_str()), ("source", "宁民发〔2026〕88号")];
    let res = app.client.post(app.url("/staff/parameters")).header("cookie", &one).form(&form).send().await.unwrap();
    assert_eq!(location(&res), "/staff/parameters?done=proposed");
    let (_, page) = app.page("/staff/parameters?done=proposed", &[("cookie", &one)]).await;
    assert!(page.contains("已提交，另一位同事批准后生效") && page.contains("这是您提出的"), "{}", visible_text(&page));
    let id = app.store.proposals_for("320104", None, true).await.unwrap()[0].row.id.clone();
    assert!(!page.contains(&format!("/staff/parameters/proposals/{id}/approve")), "no approve button for the proposer");
    let res = app.client.post(app.url(&format!("/staff/parameters/proposals/{id}/approve"))).header("cookie", &one).send().await.unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("不能批准自己提出的修改"));
    let before = checker_amount(&app).await;
    assert!(before.starts_with("每月约 610 元"), "no effect before approval: {before}");

    let (_, page) = app.page("/staff/parameters", &[("cookie", &two)]).await;
    assert!(page.contains(&format!("/staff/parameters/proposals/{id}/approve")));
    let res = app.client.post(app.url(&format!("/staff/parameters/proposals/{id}/approve"))).header("cookie", &two).send().await.unwrap();
    assert_eq!(location(&res), "/staff/parameters?done=approved");
    let (_, page) = app.page("/staff/parameters", &[("cookie", &two)]).await;
    assert!(in_force(&page, "dibao_standard_monthly_fen").contains("1,180 元"), "{}", in_force(&page, "dibao_standard_monthly_fen"));
    assert!(checker_amount(&app).await.starts_with("每月约 680 元"), "the checker uses it from its date");

    let (status, page) = app.page("/staff/parameters/history/dibao_standard_monthly_fen", &[("cookie", &two)]).await;
    assert_eq!(status, 200);
    let text = visible_text(&page);
    assert!(text.contains("1,180 元") && text.contains("宁民发〔2026〕88号") && text.contains("随系统发布"), "{text}");
    assert_eq!(app.page("/staff/parameters/history/no_such_thing", &[("cookie", &two)]).await.0, 404);
    let (_, en) = app.page("/staff/parameters", &[("cookie", &format!("{two}; lang=en"))]).await;
    let row = in_force(&en, "dibao_standard_monthly_fen");
    assert!(row.contains("Dibao standard (per person a month)") && row.contains("1,180 yuan"), "{row}");
}

/// The row of the table of values in force for the parameter `code`, as text.
fn in_force(page: &str, code: &str) -> String {
    let start = page.find(&format!("data-code=\"{code}\"")).unwrap_or(0);
    let end = page[start..].find("</tr>").map_or(page.len(), |e| start + e);
    visible_text(&page[start..end])
}

/// What the checker's results say of a one-person household in 秦淮区 with 500 yuan a month:
/// the dibao amount is the standard less the income.
async fn checker_amount(app: &crate::helpers::TestApp) -> String {
    let form = [("area", "320104"), ("hukou_local", "yes"), ("members", "1"), ("m0_age", "45"), ("income", "500"), ("pledge", "no"), ("step", "result"), ("action", "continue")];
    let body = app.client.post(app.url("/check")).form(&form).send().await.unwrap().text().await.unwrap();
    let dibao = body.find("data-programme=\"dibao\"").expect("the dibao option");
    let at = dibao + body[dibao..].find("每月约").expect("a monthly amount");
    body[at..at + 30].to_string()
}

/// The one-time link on the page that answered, as a path.
fn setup_path(page: &str) -> String {
    let at = page.find("/staff/setup/").unwrap_or_else(|| panic!("a setup link on the page: {}", &page[page.find("setup-link").unwrap_or(0)..][..600.min(page.len() - page.find("setup-link").unwrap_or(0))]));
    page[at..].split(['<', '"']).next().unwrap().to_string()
}

fn cookies_of(res: &reqwest::Response) -> String {
    res.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).filter(|c| c.starts_with("staff_sid=")).map(|c| c.split(';').next().unwrap().to_string()).collect::<Vec<_>>().join("; ")
}

#[tokio::test]
async fn an_administrator_makes_an_account_whose_person_chooses_the_password() {
    let app = spawn_app().await;
    let admin = app.staff_cookie("qh.admin", Role::Admin, "320104").await;
    let (status, page) = app.page("/staff/accounts", &[("cookie", &admin)]).await;
    assert_eq!(status, 200);
    assert!(page.contains("data-username=\"qh.admin\""));

    // Problems named at once, what was typed kept; an area outside the administrator's refused.
    let bad = [("username", "Li Wei"), ("full_name", "李"), ("phone", "123"), ("role", "reviewer"), ("area_code", "320922001")];
    let res = app.client.post(app.url("/staff/accounts")).header("cookie", &admin).form(&bad).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    for said in ["只能在您负责的地区内设置账号", "value=\"Li Wei\""] {
        assert!(page.contains(said), "{said}: {}", visible_text(&page));
    }
    assert_eq!(page.matches("class=\"error-message\"").count(), 4, "username, name, phone and area");

    let form = [("username", "li.wei"), ("full_name", "李伟"), ("phone", "13912345678"), ("role", "reviewer"), ("area_code", "320104001")];
    let res = app.client.post(app.url("/staff/accounts")).header("cookie", &admin).form(&form).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let page = res.text().await.unwrap();
    assert!(page.contains("链接只显示这一次"), "{}", visible_text(&page));
    let link = setup_path(&page);
    let (_, again) = app.page("/staff/accounts", &[("cookie", &admin)]).await;
    assert!(!again.contains("/staff/setup/"), "shown once");
    let res = app.client.post(app.url("/staff/signin")).form(&[("username", "li.wei"), ("password", "anything at all 123")]).send().await.unwrap();
    assert_eq!(res.status(), 422, "no password works before the person chooses one");

    // The person opens the link and chooses a password.
    let (status, page) = app.page(&link, &[]).await;
    assert_eq!(status, 200);
    assert!(page.contains("li.wei") && page.contains("李伟"));
    for (password, confirm, said) in [("short", "short", "至少"), ("password123456", "password123456", "太常见"), ("秦淮河边的老槐树今年开花很早", "不一样的两次输入内容啊啊", "两次输入的密码不一样")] {
        let res = app.client.post(app.url(&link)).form(&[("password", password), ("confirm", confirm)]).send().await.unwrap();
        assert_eq!(res.status(), 422, "{password}");
        assert!(res.text().await.unwrap().contains(said), "{password}: {said}");
    }
    let chosen = "秦淮河边的老槐树今年开花很早";
    let res = app.client.post(app.url(&link)).form(&[("password", chosen), ("confirm", chosen)]).send().await.unwrap();
    assert_eq!(location(&res), "/staff");
    let reviewer = cookies_of(&res);
    let (_, queue) = app.page("/staff", &[("cookie", &reviewer)]).await;
    assert!(queue.contains("当前登录") && queue.contains("李伟"), "signed in at once");
    let (status, page) = app.page(&link, &[]).await;
    assert_eq!(status, 404, "a link works once");
    assert!(page.contains("这个链接已失效"));
    let res = app.client.post(app.url("/staff/signin")).form(&[("username", "li.wei"), ("password", chosen)]).send().await.unwrap();
    assert_eq!(res.status(), 303, "the chosen password signs in");

    // Deactivating ends the sessions at once; reactivating does not bring them back.
    let id = app.store.staff_by_username(&app::domain::text::Key::parse("li.wei").unwrap()).await.unwrap().unwrap().id;
    let (_, account) = app.page(&format!("/staff/accounts/{id}"), &[("cookie", &admin)]).await;
    assert_eq!(account.matches("class=\"session\"").count(), 2, "{}", visible_text(&account));
    let res = app.client.post(app.url(&format!("/staff/accounts/{id}/deactivate"))).header("cookie", &admin).send().await.unwrap();
    assert_eq!(location(&res), format!("/staff/accounts/{id}?done=deactivate"));
    let (_, queue) = app.page("/staff", &[("cookie", &reviewer)]).await;
    assert!(queue.contains("登录工作台") && !queue.contains("当前登录"), "signed out at once");
    assert_eq!(app.client.post(app.url("/staff/signin")).form(&[("username", "li.wei"), ("password", chosen)]).send().await.unwrap().status(), 422);
    app.client.post(app.url(&format!("/staff/accounts/{id}/reactivate"))).header("cookie", &admin).send().await.unwrap();

    // A reset: the old password stops working, a new link is shown once.
    let res = app.client.post(app.url(&format!("/staff/accounts/{id}/reset"))).header("cookie", &admin).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(page.contains("id=\"setup-link\""), "{}", visible_text(&page));
    let link = setup_path(&page);
    assert_eq!(app.client.post(app.url("/staff/signin")).form(&[("username", "li.wei"), ("password", chosen)]).send().await.unwrap().status(), 422);
    let newer = "紫金山上看日出的那个早晨";
    let res = app.client.post(app.url(&link)).form(&[("password", newer), ("confirm", newer)]).send().await.unwrap();
    assert_eq!(location(&res), "/staff");

    // A role and area change ends the sessions too; the administrator's own account is not theirs to change.
    let res = app.client.post(app.url(&format!("/staff/accounts/{id}/change"))).header("cookie", &admin).form(&[("role", "approver"), ("area_code", "320104001")]).send().await.unwrap();
    assert_eq!(location(&res), format!("/staff/accounts/{id}?done=change"));
    let (_, queue) = app.page("/staff", &[("cookie", &cookies_of(&res))]).await;
    assert!(!queue.contains("当前登录"));
    let own = app.store.staff_by_username(&app::domain::text::Key::parse("qh.admin").unwrap()).await.unwrap().unwrap().id;
    let res = app.client.post(app.url(&format!("/staff/accounts/{own}/deactivate"))).header("cookie", &admin).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let elsewhere = app.staff_cookie("bh.reviewer", Role::Reviewer, "320922001").await;
    let other = app.store.staff_by_username(&app::domain::text::Key::parse("bh.reviewer").unwrap()).await.unwrap().unwrap().id;
    assert_eq!(app.page(&format!("/staff/accounts/{other}"), &[("cookie", &admin)]).await.0, 404, "another area's account is not found");
    assert_eq!(app.client.post(app.url(&format!("/staff/accounts/{other}/deactivate"))).header("cookie", &admin).send().await.unwrap().status(), 404);
    assert_eq!(app.page("/staff/accounts", &[("cookie", &elsewhere)]).await.0, 403, "administrators only");

    let audit = app.store.audit_entries_for(&format!("staff:{id}")).await.unwrap();
    let actions: Vec<_> = audit.iter().map(|e| e.entry.action.as_str()).collect();
    assert_eq!(actions, ["staff.create", "staff.setup_link", "staff.set_password", "staff.deactivate", "staff.reactivate", "staff.reset_password", "staff.set_password", "staff.change"]);
}

#[tokio::test]
async fn an_office_is_kept_in_the_workbench_and_closed_with_its_cases_handed_on() {
    let app = spawn_app().await;
    let citizen = app.ready_to_apply("13900009001", "王小明", "11010519491231002X").await;
    app.fill_in(&citizen).await;
    let draft = app.draft_id(&citizen).await;
    let reference = location(&app.submit(&citizen, &draft).await).rsplit('/').next().unwrap().to_string();
    let officer = app.staff_cookie("qh.offices", Role::DistrictOfficer, "320104").await;
    let (status, page) = app.page("/staff/offices", &[("cookie", &officer)]).await;
    assert_eq!(status, 200);
    assert!(page.contains("data-code=\"320104001\"") && !page.contains("data-code=\"320922001\""), "the district's own offices");

    // Contact details: a bad phone named, what was typed kept; then saved and shown to the applicant.
    let bad = [("name", "秦虹街道社会救助窗口"), ("phone", "打12345"), ("address", "中山南路 1 号"), ("hours", "周一至周五 8:30—17:00")];
    let res = app.client.post(app.url("/staff/offices/320104001/edit")).header("cookie", &officer).form(&bad).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("请填写办公电话") && page.contains("value=\"中山南路 1 号\""), "{}", visible_text(&page));
    let good = [("name", "秦虹街道社会救助窗口"), ("phone", "025-8666 1234"), ("address", "中山南路 1 号"), ("hours", "周一至周五 8:30—17:00")];
    let res = app.client.post(app.url("/staff/offices/320104001/edit")).header("cookie", &officer).form(&good).send().await.unwrap();
    assert_eq!(location(&res), "/staff/offices/320104001?done=edit");
    let (_, status_page) = app.page(&format!("/status/{reference}"), &[("cookie", &citizen)]).await;
    let text = visible_text(&status_page);
    assert!(text.contains("电话：025-8666 1234") && text.contains("办公时间：周一至周五 8:30—17:00"), "{text}");
    let (_, done) = app.page(&format!("/apply/done/{reference}"), &[("cookie", &citizen)]).await;
    assert!(done.contains("id=\"office-contact\""));

    // Closing with a case open asks where it goes; then it moves, and the applicant sees it.
    let res = app.client.post(app.url("/staff/offices/320104001/close")).header("cookie", &officer).form(&[("hand_to", "")]).send().await.unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("还有 1 件"));
    let res = app.client.post(app.url("/staff/offices/320104001/close")).header("cookie", &officer).form(&[("hand_to", "320104002")]).send().await.unwrap();
    assert_eq!(location(&res), "/staff/offices/320104001?done=close&moved=1");
    let (_, page) = app.page("/staff/offices/320104001?done=close&moved=1", &[("cookie", &officer)]).await;
    assert!(page.contains("1 件案件已交给接手的窗口"));
    let stored = app.store.case_by_reference(&reference).await.unwrap().unwrap();
    assert_eq!(stored.row.office_code, "320104002");
    let (_, status_page) = app.page(&format!("/status/{reference}"), &[("cookie", &citizen)]).await;
    assert!(visible_text(&status_page).contains("办理窗口调整"), "the applicant sees the move");
    // The office that took it works it now; the closed office's staff no longer see it.
    let taking = app.staff_cookie("fzm.rev", Role::Reviewer, "320104002").await;
    let (_, queue) = app.page("/staff", &[("cookie", &taking)]).await;
    assert!(queue.contains(&reference), "in the receiving office's queue");
    assert_eq!(app.page(&format!("/staff/cases/{reference}"), &[("cookie", &taking)]).await.0, 200);
    let closed = app.staff_cookie("qh.rev.old", Role::Reviewer, "320104001").await;
    assert!(!app.page("/staff", &[("cookie", &closed)]).await.1.contains(&reference));
    assert_eq!(app.page(&format!("/staff/cases/{reference}"), &[("cookie", &closed)]).await.0, 404);
    let worker = app.staff_cookie("zpl.worker", Role::CommunityWorker, "320104001001").await;
    assert_eq!(app.page(&format!("/staff/cases/{reference}"), &[("cookie", &worker)]).await.0, 200, "the community's worker still visits");
    // No new application goes to a closed office.
    let cookie = app.ready_to_apply("13900009002", "王小明", "11010519491231002X").await;
    app.post_step(&cookie, "who", &[("for_whom", "self")]).await;
    app.post_step(&cookie, "programme", &[("programme", "temporary")]).await;
    let res = app.post_step(&cookie, "residence", &[("district", "320104"), ("subdistrict", "320104001"), ("community", "320104001001"), ("address", "中牌楼 3 栋"), ("hukou_local", "no"), ("months", "8")]).await;
    assert_eq!(res.status(), 422, "the residence step says the office does not take applications");
    let res = app.client.post(app.url("/staff/offices/320104001/open")).header("cookie", &officer).send().await.unwrap();
    assert_eq!(location(&res), "/staff/offices/320104001?done=open");
    let res = app.post_step(&cookie, "residence", &[("district", "320104"), ("subdistrict", "320104001"), ("community", "320104001001"), ("address", "中牌楼 3 栋"), ("hukou_local", "no"), ("months", "8")]).await;
    assert_eq!(res.status(), 303, "open again");

    // Another district's office is not found; a reviewer has no office pages.
    assert_eq!(app.page("/staff/offices/320922001", &[("cookie", &officer)]).await.0, 404);
    let reviewer = app.staff_cookie("qh.rev", Role::Reviewer, "320104001").await;
    assert_eq!(app.page("/staff/offices", &[("cookie", &reviewer)]).await.0, 403);
    let audit = app.store.audit_entries_for("office:320104001").await.unwrap();
    let actions: Vec<_> = audit.iter().map(|e| e.entry.action.as_str()).collect();
    assert_eq!(actions, ["office.edit", "office.close", "office.open"]);
}

#[tokio::test]
async fn a_district_writes_a_new_pledge_version_and_old_signatures_keep_theirs() {
    let app = spawn_app().await;
    let citizen = app.ready_to_apply("13900009101", "王小明", "11010519491231002X").await;
    let old_code = app.store.latest_pledge_code(&app.store.citizen_for_phone("x", "13900009101", 0).await.unwrap()).await.unwrap().unwrap();
    let officer = app.staff_cookie("qh.pledge", Role::DistrictOfficer, "320104").await;
    let today = server::services::today_in_china().to_string();

    let bad = [("lang", "zh-CN"), ("title", "秦淮区社会救助诚信承诺书"), ("body", "本人承诺如实申报。"), ("question", "隐瞒收入会怎样？"), ("options", "没事"), ("correct", "2"), ("effective_from", today.as_str())];
    let res = app.client.post(app.url("/staff/pledge-texts")).header("cookie", &officer).form(&bad).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("请填写 2–6 个选项") && page.contains("秦淮区社会救助诚信承诺书"), "{}", visible_text(&page));

    let body = "本人承诺如实申报家庭收入和财产。\n如有隐瞒，退回救助并记入信用记录。";
    let form = [("lang", "zh-CN"), ("title", "秦淮区社会救助诚信承诺书"), ("body", body), ("question", "隐瞒收入会怎样？"), ("options", "没有影响\n退回救助并记入信用记录"), ("correct", "2"), ("effective_from", today.as_str())];
    let res = app.client.post(app.url("/staff/pledge-texts")).header("cookie", &officer).form(&form).send().await.unwrap();
    assert_eq!(location(&res), "/staff/pledge-texts?done=added");
    let text = app.store.pledge_text("320104-v1-zh-CN").await.unwrap().expect("numbered for the district");
    assert_eq!(text.sha256, server::crypto::hash(&[&text.title, &text.body, &text.question, &text.options]), "the portal computes the hash");
    assert_eq!(text.correct_option, 1);
    let (_, page) = app.page("/staff/pledge-texts", &[("cookie", &officer)]).await;
    assert!(page.contains("data-id=\"320104-v1-zh-CN\"") && page.contains("data-id=\"320000-v1-zh-CN\""), "its own and the province's");

    // Citizens of the district now sign the new text; an earlier signature keeps its own.
    let (_, pledge) = app.page("/pledge?area=320104", &[("cookie", &citizen)]).await;
    assert!(pledge.contains("秦淮区社会救助诚信承诺书") && pledge.contains("320104-v1-zh-CN"), "{}", visible_text(&pledge));
    let (_, receipt) = app.page(&format!("/pledge/receipt/{old_code}"), &[("cookie", &citizen)]).await;
    assert!(!receipt.contains("秦淮区社会救助诚信承诺书"), "the old signature still shows the text it signed");
    let (status, old) = app.page("/staff/pledge-texts/320000-v1-zh-CN", &[("cookie", &officer)]).await;
    assert_eq!(status, 200, "old versions stay readable");
    assert!(old.contains("SHA-256"));
    // Another district's version is not found; a reviewer has no such page.
    let elsewhere = app.staff_cookie("bh.pledge", Role::DistrictOfficer, "320922").await;
    assert_eq!(app.page("/staff/pledge-texts/320104-v1-zh-CN", &[("cookie", &elsewhere)]).await.0, 404);
    let reviewer = app.staff_cookie("qh.pledge.rev", Role::Reviewer, "320104001").await;
    assert_eq!(app.page("/staff/pledge-texts", &[("cookie", &reviewer)]).await.0, 403);
    assert_eq!(app.client.post(app.url("/staff/pledge-texts")).header("cookie", &reviewer).form(&form).send().await.unwrap().status(), 403);
}

/// The code an authenticator would show now for the key on an enrolment page.
fn code_for(page: &str) -> (String, String) {
    let at = page.find("id=\"totp-secret\">").expect("the key on the page") + "id=\"totp-secret\">".len();
    let secret = page[at..].split('<').next().unwrap().to_string();
    let key = server::totp::from_base32(&secret).unwrap();
    (secret, server::totp::code_text(&key, server::totp::step_of(chrono::Utc::now().timestamp())))
}

#[tokio::test]
async fn with_the_second_factor_on_staff_enrol_an_authenticator_and_give_its_code() {
    let app = crate::helpers::spawn_app_with(|c| c.staff_second_factor = true).await;
    server::services::staff::create(&app.store, "qh.root", "管理员", crate::helpers::STAFF_PASSWORD, Role::Admin, "320104").await.unwrap();
    let res = app.client.post(app.url("/staff/signin")).form(&[("username", "qh.root"), ("password", crate::helpers::STAFF_PASSWORD)]).send().await.unwrap();
    let admin = cookies_of(&res);
    // The password alone opens nothing: to the enrolment first.
    let res = app.get_with("/staff", &[("cookie", &admin)]).await;
    assert_eq!(location(&res), "/staff/2fa/setup");
    assert_eq!(location(&app.get_with("/staff/accounts", &[("cookie", &admin)]).await), "/staff/2fa/setup");
    assert_eq!(location(&app.get_with("/staff/2fa", &[("cookie", &admin)]).await), "/staff/2fa/setup");
    let (_, page) = app.page("/staff/2fa/setup", &[("cookie", &admin)]).await;
    assert!(page.contains("<svg") && page.contains("设置动态码"));
    let (_, code) = code_for(&page);
    let res = app.client.post(app.url("/staff/2fa/setup")).header("cookie", &admin).form(&[("code", "12345x")]).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let res = app.client.post(app.url("/staff/2fa/setup")).header("cookie", &admin).form(&[("code", code.as_str())]).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert_eq!(page.matches("<li><code>").count(), 10, "ten recovery codes, shown once");
    assert_eq!(app.page("/staff/accounts", &[("cookie", &admin)]).await.0, 200, "through the gate");

    // A new reviewer: the one-time link, a password, then an authenticator, then the queue.
    let form = [("username", "qh.new"), ("full_name", "新经办"), ("phone", ""), ("role", "reviewer"), ("area_code", "320104001")];
    let page = app.client.post(app.url("/staff/accounts")).header("cookie", &admin).form(&form).send().await.unwrap().text().await.unwrap();
    let link = setup_path(&page);
    let chosen = "夫子庙的灯会每年都很热闹";
    let res = app.client.post(app.url(&link)).form(&[("password", chosen), ("confirm", chosen)]).send().await.unwrap();
    let reviewer = cookies_of(&res);
    assert_eq!(location(&app.get_with("/staff", &[("cookie", &reviewer)]).await), "/staff/2fa/setup");
    let (_, page) = app.page("/staff/2fa/setup", &[("cookie", &reviewer)]).await;
    let (secret, code) = code_for(&page);
    app.client.post(app.url("/staff/2fa/setup")).header("cookie", &reviewer).form(&[("code", code.as_str())]).send().await.unwrap();
    let (status, queue) = app.page("/staff", &[("cookie", &reviewer)]).await;
    assert_eq!(status, 200);
    assert!(queue.contains("当前登录"));

    // The next sign-in asks for a code; the one just used is refused.
    let res = app.client.post(app.url("/staff/signin")).form(&[("username", "qh.new"), ("password", chosen)]).send().await.unwrap();
    let again = cookies_of(&res);
    assert_eq!(location(&app.get_with("/staff", &[("cookie", &again)]).await), "/staff/2fa");
    let res = app.client.post(app.url("/staff/2fa")).header("cookie", &again).form(&[("code", code.as_str())]).send().await.unwrap();
    assert_eq!(res.status(), 422, "a code works once");
    assert!(res.text().await.unwrap().contains("已经用过"));
    let _ = secret;

    // The administrator resets it (a lost phone): sessions end, and it is enrolled anew.
    let id = app.store.staff_by_username(&app::domain::text::Key::parse("qh.new").unwrap()).await.unwrap().unwrap().id;
    let res = app.client.post(app.url(&format!("/staff/accounts/{id}/reset-second-factor"))).header("cookie", &admin).send().await.unwrap();
    assert_eq!(location(&res), format!("/staff/accounts/{id}?done=reset-second-factor"));
    assert!(!app.page("/staff", &[("cookie", &reviewer)]).await.1.contains("当前登录"), "signed out");
    let res = app.client.post(app.url("/staff/signin")).form(&[("username", "qh.new"), ("password", chosen)]).send().await.unwrap();
    assert_eq!(location(&app.get_with("/staff", &[("cookie", &cookies_of(&res))]).await), "/staff/2fa/setup");
}
