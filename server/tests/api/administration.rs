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
