//! 容缺 outcomes as the person reads them (#18 item 4): after each of the three check
//! results, the status page and the app's API say what follows in words — the stop date,
//! money to return and how, the credit record, the right to challenge — and no stored code.

use app::domain::staff::Role;
use reqwest::Method;

use crate::helpers::{location, spawn_app, visible_text, TestApp};

/// Codes that must never reach what a person reads.
const CODES: [&str; 6] = ["false_info", "meets", "fails", "provisional", "expense_hardship", "rongque"];

fn no_codes(what: &str, text: &str) {
    let lower = text.to_lowercase();
    for code in CODES {
        assert!(!lower.contains(code), "{what} shows the code {code}: {text}");
    }
}

async fn post(app: &TestApp, cookie: &str, reference: &str, action: &str, form: &[(&str, &str)]) -> u16 {
    let version = app.case_version(reference).await;
    let mut fields = vec![("version", version.as_str())];
    fields.extend_from_slice(form);
    app.client.post(app.url(&format!("/staff/cases/{reference}/{action}"))).header("cookie", cookie).form(&fields).send().await.unwrap().status().as_u16()
}

/// A 容缺 application in 滨海县东坎街道 by the person signed in with `cookie`.
async fn rongque_application(app: &TestApp, cookie: &str) -> String {
    app.fill_in(cookie).await;
    let changes: [(&str, &[(&str, &str)]); 4] = [
        ("programme", &[("programme", "expense_hardship")]),
        ("residence", &[("district", "320922"), ("subdistrict", "320922001"), ("community", "320922001001"), ("address", "幸福路 8 号"), ("hukou_local", "yes")]),
        ("income", &[("income", "1200")]),
        ("spending", &[("medical", "50000"), ("event", "serious_illness"), ("event_date", "2026-10-01"), ("event_loss", "50000")]),
    ];
    for (step, form) in changes {
        assert_eq!(app.post_step(cookie, step, form).await.status(), 303, "{step}");
    }
    let draft = app.draft_id(cookie).await;
    let res = app.client.post(app.url("/apply/submit")).header("cookie", cookie).form(&[("draft_id", draft.as_str()), ("fast_track", "true")]).send().await.unwrap();
    assert_eq!(res.status(), 303);
    let reference = location(&res).rsplit('/').next().unwrap().to_string();
    assert!(app.store.case_by_reference(&reference).await.unwrap().unwrap().row.fast_track, "容缺 was asked for and offered");
    reference
}

#[tokio::test]
async fn each_rongque_outcome_is_told_in_words_on_the_page_and_in_the_api() {
    let app = spawn_app().await;
    let reviewer = app.staff_cookie("bh.reviewer", Role::Reviewer, "320922001").await;
    let worker = app.staff_cookie("bh.worker", Role::CommunityWorker, "320922001001").await;
    let approver = app.staff_cookie("bh.approver", Role::Approver, "320922001").await;
    let outcomes: [(&str, &str, &[&str]); 3] = [
        ("meets", "13812346201", &["核对结果：符合条件，救助继续发放。"]),
        ("fails", "13812346202", &["核对结果：不符合条件，没有发现不实信息，从下期起停发。", "起停发。", "已发的救助金不需要退回。", "60 日内申请行政复议", "6 个月内向人民法院提起行政诉讼"]),
        (
            "false_info",
            "13812346203",
            &["核对结果：不符合条件，且提供了不实信息，救助已撤销。", "已发的 1,600 元需要退回。", "滨海县东坎街道社会救助窗口会通知您退回的方式和期限", "此事已记入个人信用记录。", "60 日内申请行政复议"],
        ),
    ];
    for (outcome, phone, told) in outcomes {
        let citizen = app.ready_to_apply(phone, "王小明", "11010519491231002X").await;
        let r = rongque_application(&app, &citizen).await;
        assert_eq!(post(&app, &reviewer, &r, "accept", &[]).await, 303);
        // No 容缺 form before the appraisal has agreed; a post is told why, on its own card.
        let (_, case) = app.page(&format!("/staff/cases/{r}"), &[("cookie", &approver)]).await;
        assert!(!case.contains("id=\"form-provisional\""), "not offered before an agreeing appraisal");
        let early = app.client.post(app.url(&format!("/staff/cases/{r}/provisional"))).header("cookie", &approver).form(&[("version", app.case_version(&r).await.as_str()), ("provisional_amount", "800")]).send().await.unwrap();
        assert_eq!(early.status(), 422);
        assert!(early.text().await.unwrap().contains("民主评议同意后才能容缺审批（先批后核）：请先录入民主评议结果。"));
        let appraisal = [("appraisal_date", "2026-11-02"), ("participants", "村民代表 9 人"), ("result", "agree")];
        assert_eq!(post(&app, &worker, &r, "appraisal", &appraisal).await, 303);
        let (_, case) = app.page(&format!("/staff/cases/{r}"), &[("cookie", &approver)]).await;
        assert!(case.contains("id=\"form-provisional\""), "offered once the appraisal agreed");
        // Not an amount: told under the 容缺 form's own field, what was typed kept.
        let over = app.client.post(app.url(&format!("/staff/cases/{r}/provisional"))).header("cookie", &approver).form(&[("version", app.case_version(&r).await.as_str()), ("provisional_amount", "八百")]).send().await.unwrap();
        assert_eq!(over.status(), 422);
        let page = over.text().await.unwrap();
        assert!(page.contains("href=\"#provisional_amount\"") && page.contains("value=\"八百\""), "its own field, kept");
        assert!(!page.contains("href=\"#amount\""), "not under the approval's field");
        assert_eq!(post(&app, &approver, &r, "provisional", &[("provisional_amount", "800")]).await, 303);

        // Before the check: approved ahead of it, and by when the check comes.
        let (_, page) = app.page(&format!("/status/{r}"), &[("cookie", &citizen)]).await;
        let text = visible_text(&page);
        assert!(text.contains("这是容缺审批：先按核定金额发放，街道（镇）会在") && text.contains("前完成家庭经济状况核对"), "{text}");
        assert!(text.contains("每月 800 元先发放，") && text.contains("前完成家庭经济状况核对"), "the history says it too: {text}");
        no_codes("the status page before the check", &text);

        // Decided in October (moved back), paid for November and December.
        let id = app.store.case_by_reference(&r).await.unwrap().unwrap().row.id;
        app.store.execute_raw(&format!("UPDATE applications SET decided_at = '2026-10-20T02:00:00Z' WHERE id = '{id}'")).await.unwrap();
        for (month, paid_on) in [("2026-11", "2026-11-05"), ("2026-12", "2026-12-01")] {
            assert_eq!(post(&app, &reviewer, &r, "payment", &[("payment_amount", "800"), ("paid_on", paid_on), ("period", month)]).await, 303);
        }
        assert_eq!(post(&app, &reviewer, &r, "verify", &[("outcome", outcome)]).await, 303);
        // Each step the person must know of was texted to them (#13 item 3): the fast-track
        // grant, both payments and the check's outcome.
        let id = app.store.case_by_reference(&r).await.unwrap().unwrap().row.id;
        let kinds: Vec<String> = app.store.notifications_of(&id).await.unwrap().into_iter().filter(|n| n.phone == phone).map(|n| n.kind).collect();
        assert_eq!(kinds, ["received", "accepted", "provisionally_approved", "paid", "paid", "checked"], "{outcome}");

        let (_, page) = app.page(&format!("/status/{r}"), &[("cookie", &citizen)]).await;
        let text = visible_text(&page);
        for line in told {
            let decision = visible_text(page.split("id=\"decision\"").nth(1).unwrap_or_default());
            assert!(text.contains(line), "{outcome}: the status page says {line}: {}", &decision[..decision.len().min(1500)]);
        }
        assert_eq!(text.contains("个人信用记录"), outcome == "false_info", "{outcome}: the credit record, only where one was written");
        assert_eq!(page.contains("id=\"decision-amount\""), outcome == "meets", "{outcome}: the monthly amount only while it is paid");
        no_codes(&format!("the status page after {outcome}"), &text);

        let token = app.later_api_token(phone, 2).await;
        let (status, body) = app.api(Method::GET, &format!("/api/v1/applications/{r}"), &token, None).await;
        assert_eq!(status, 200, "{body}");
        let d = &body["decision"];
        assert_eq!(d["kind"], "provisional", "the decision's code is for programs");
        let explanation: Vec<String> = d["explanation"].as_array().unwrap().iter().map(|l| l.as_str().unwrap().to_string()).collect();
        assert_eq!(explanation[0], told[0], "{outcome}: the API says what the page says");
        let mut said = explanation.join("\n");
        said.push_str(d["label"].as_str().unwrap());
        for l in d["credit_records"].as_array().unwrap() {
            said.push_str(l.as_str().unwrap());
        }
        for e in body["timeline"].as_array().unwrap() {
            said.push_str(e["detail"].as_str().unwrap());
        }
        assert_eq!(d["credit_records"].as_array().unwrap().len(), usize::from(outcome == "false_info"));
        no_codes(&format!("the API after {outcome}"), &said);

        // Staff read the check in their words too, and the credit record on the case.
        let (_, case) = app.page(&format!("/staff/cases/{r}"), &[("cookie", &reviewer)]).await;
        let case_text = visible_text(&case);
        assert!(!case_text.contains(&format!("{outcome} ")), "{outcome}: the staff history has no code");
        assert_eq!(case.contains("id=\"credit-record\""), outcome == "false_info");
    }

    // The district officer reads the same cases in staff words: offices by name, the check
    // in words, each case where it stands now, no code.
    let district = app.staff_cookie("bh.district", Role::DistrictOfficer, "320922").await;
    let (_, page) = app.page("/staff/district", &[("cookie", &district)]).await;
    let rongque = visible_text(&page[page.find("id=\"rongque\"").unwrap()..page.find("id=\"payment-figures\"").unwrap()]);
    assert!(rongque.contains("申请编号") && rongque.contains("东坎街道") && !rongque.contains("320922001"), "{rongque}");
    assert!(rongque.contains("不符合条件，且提供了虚假信息") && rongque.contains("核对不符合，已停发") && rongque.contains("1,600"), "{rongque}");
    no_codes("the district view", &visible_text(&page));
}
