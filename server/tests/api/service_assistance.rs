//! 服务清单 and 服务机构 through their pages (#15 items 1–2): each level keeps its own items,
//! the district its providers; every refusal keeps what was typed.

use app::domain::staff::Role;

use crate::helpers::{location, spawn_app};

#[tokio::test]
async fn a_community_sees_every_level_that_reaches_it_and_keeps_its_own_items() {
    let app = spawn_app().await;
    let worker = app.staff_cookie("c.worker", Role::CommunityWorker, "320507100001").await;
    let (status, page) = app.page("/staff/services/catalogue", &[("cookie", &worker)]).await;
    assert_eq!(status, 200);
    for seen in ["特困老人上门探访", "水电安全检查", "暖心洁家", "每月 4 次", "邻里陪伴", "望亭镇 · 街道（镇）", "演示"] {
        assert!(page.contains(seen), "{seen}");
    }
    assert!(!page.contains("秦淮区社会救助服务队"), "another district's items and providers stay out");
    assert!(page.contains("新增社区（村）的服务项目"));
    // A bad item: every problem named, what was typed kept.
    let bad = [("name", "上门理发"), ("category", ""), ("unit", "次"), ("times", "0"), ("per", "month"), ("funding", "")];
    let res = app.client.post(app.url("/staff/services/catalogue")).header("cookie", &worker).form(&bad).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("value=\"上门理发\"") && page.contains("value=\"0\""), "typed values stay");
    assert!(page.contains("href=\"#category\"") && page.contains("href=\"#times\"") && page.contains("href=\"#funding\""), "each problem linked");
    let good = [("name", "上门理发"), ("category", "daily_life"), ("unit", "次"), ("times", "1"), ("per", "month"), ("funding", "社区惠民资金"), ("programmes", "tekun"), ("providers", "demo-wt-clean")];
    let res = app.client.post(app.url("/staff/services/catalogue")).header("cookie", &worker).form(&good).send().await.unwrap();
    assert_eq!((res.status().as_u16(), location(&res)), (303, "/staff/services/catalogue?done=added".to_string()));
    let (_, page) = app.page("/staff/services/catalogue", &[("cookie", &worker)]).await;
    assert!(page.contains("上门理发") && page.contains("每月 1 次") && page.contains("望亭镇暖心家政服务社"));
    // The town's reviewer reads the community's item but cannot change it; the town's own item is theirs.
    let reviewer = app.staff_cookie("c.reviewer", Role::Reviewer, "320507100").await;
    let id = page.split("data-item=\"").skip(1).filter_map(|s| s.split('"').next()).find(|id| !id.starts_with("demo-")).unwrap().to_string();
    let (status, item) = app.page(&format!("/staff/services/catalogue/{id}"), &[("cookie", &reviewer)]).await;
    assert_eq!(status, 200);
    assert!(item.contains("由其他层级维护"));
    let res = app.client.post(app.url(&format!("/staff/services/catalogue/{id}/retire"))).header("cookie", &reviewer).send().await.unwrap();
    assert_eq!(res.status(), 403);
    let res = app.client.post(app.url("/staff/services/catalogue/demo-wt-clean/retire")).header("cookie", &reviewer).send().await.unwrap();
    assert_eq!(res.status(), 303);
    let (_, page) = app.page("/staff/services/catalogue/demo-wt-clean", &[("cookie", &reviewer)]).await;
    assert!(page.contains("已停用") && page.contains("重新启用"));
    // Another town's worker never sees the community's item.
    let stranger = app.staff_cookie("c.stranger", Role::CommunityWorker, "320507102005").await;
    assert_eq!(app.page(&format!("/staff/services/catalogue/{id}"), &[("cookie", &stranger)]).await.0, 404);
}

#[tokio::test]
async fn a_district_officer_keeps_providers_and_a_suspension_needs_its_reason() {
    let app = spawn_app().await;
    let officer = app.staff_cookie("c.officer", Role::DistrictOfficer, "320507").await;
    let (status, page) = app.page("/staff/services/providers", &[("cookie", &officer)]).await;
    assert_eq!(status, 200);
    assert!(page.contains("相城区阳光社会工作服务中心") && page.contains("可以接受新服务"));
    let backwards = [("name", "元和街道互助队"), ("kind", "own_team"), ("contract_number", "YH-01"), ("contract_start", "2026-06-01"), ("contract_end", "2026-01-01")];
    let res = app.client.post(app.url("/staff/services/providers")).header("cookie", &officer).form(&backwards).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("结束日期不能早于开始日期") && page.contains("value=\"元和街道互助队\""));
    let good = [("name", "元和街道互助队"), ("kind", "own_team"), ("contract_number", "YH-01"), ("contract_start", "2026-01-01"), ("contract_end", "2027-12-31")];
    assert_eq!(app.client.post(app.url("/staff/services/providers")).header("cookie", &officer).form(&good).send().await.unwrap().status(), 303);
    let res = app.client.post(app.url("/staff/services/providers/demo-wt-clean/suspend")).header("cookie", &officer).form(&[("reason", " ")]).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let res = app.client.post(app.url("/staff/services/providers/demo-wt-clean/suspend")).header("cookie", &officer).form(&[("reason", "服务对象多次反映未按时上门，暂停派单待核查")]).send().await.unwrap();
    assert_eq!(res.status(), 303);
    let (_, page) = app.page("/staff/services/providers/demo-wt-clean", &[("cookie", &officer)]).await;
    assert!(page.contains("已暂停（服务对象多次反映未按时上门，暂停派单待核查）") && page.contains("不能接受新服务"));
    let (_, catalogue) = app.page("/staff/services/catalogue", &[("cookie", &officer)]).await;
    assert!(!catalogue.contains("id=\"provider-demo-wt-clean\""), "a suspended provider is not offered for items");
    let audit = app.store.audit_entries_for("provider:demo-wt-clean").await.unwrap();
    assert_eq!(audit.last().map(|e| e.entry.action.as_str()), Some("provider.suspend"));
    let other = app.staff_cookie("c.other", Role::DistrictOfficer, "320104").await;
    assert_eq!(app.page("/staff/services/providers/demo-wt-clean", &[("cookie", &other)]).await.0, 404, "another district's provider");
}

#[tokio::test]
async fn a_worker_assesses_a_monitored_person_from_the_items_that_reach_their_home() {
    let app = spawn_app().await;
    crate::monitoring::registered(&app).await;
    let person = app.store.register_page("320104", None, 0, 10).await.unwrap().0.remove(0).id;
    let worker = app.staff_cookie("a.worker", Role::CommunityWorker, "320104001001").await;
    let page = format!("/staff/services/assessments/{person}");
    let (status, form) = app.page(&page, &[("cookie", &worker)]).await;
    assert_eq!(status, 200);
    assert!(form.contains("特困老人上门探访 · 每周 1 次"), "the district's item reaches the home");
    assert!(!form.contains("暖心洁家"), "another district's items do not");
    let res = app.client.post(app.url(&page)).header("cookie", &worker).form(&[("self_care", ""), ("hazards", "插线板拖在地上"), ("assessed_on", "2099-01-01")]).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("插线板拖在地上") && html.contains("value=\"2099-01-01\""), "typed values stay");
    let good = [("self_care", "partly_dependent"), ("living_alone", "yes"), ("needs", "demo-qh-home-visit"), ("needs", "demo-wt-clean"), ("hazards", "插线板拖在地上"), ("assessed_on", "2026-12-01")];
    let res = app.client.post(app.url(&page)).header("cookie", &worker).form(&good).send().await.unwrap();
    assert_eq!((res.status().as_u16(), location(&res)), (303, format!("/staff/monitoring/people/{person}")));
    let kept = app.store.assessments_of(&person).await.unwrap();
    assert_eq!((kept.len(), kept[0].needs.as_str(), kept[0].living_alone), (1, "demo-qh-home-visit", 1), "an item that does not reach the home is not kept");
    let (_, chain) = app.page(&format!("/staff/monitoring/people/{person}"), &[("cookie", &worker)]).await;
    assert!(chain.contains("服务需求评估") && chain.contains("半失能"));
    let approver = app.staff_cookie("a.approver", Role::Approver, "320104001").await;
    assert_eq!(app.page(&page, &[("cookie", &approver)]).await.0, 403, "approvers do not visit homes");
    let elsewhere = app.staff_cookie("a.elsewhere", Role::CommunityWorker, "320104001002").await;
    assert_eq!(app.page(&page, &[("cookie", &elsewhere)]).await.0, 404);
}

#[tokio::test]
async fn a_home_visit_records_the_applicants_needs_and_the_decision_gives_them_to_the_register() {
    let app = spawn_app().await;
    let reference = app.submitted("13812348101").await;
    let reviewer = app.staff_cookie("n.reviewer", Role::Reviewer, "320104001").await;
    let case_page = format!("/staff/cases/{reference}");
    let page = format!("{case_page}/needs");
    let (_, case) = app.page(&case_page, &[("cookie", &reviewer)]).await;
    assert!(case.contains(&format!("href=\"{page}\"")) && case.contains("入户时还没有做服务需求评估"), "the case offers the assessment");

    let (status, form) = app.page(&page, &[("cookie", &reviewer)]).await;
    assert_eq!(status, 200);
    assert!(form.contains("王小明") && form.contains(&format!("action=\"{page}\"")) && form.contains("返回案件"), "the form is the case's");
    assert!(!form.contains("11010519491231002X"), "the ID number stays masked");
    let res = app.client.post(app.url(&page)).header("cookie", &reviewer).form(&[("self_care", "dependent"), ("hazards", "楼梯没有扶手"), ("assessed_on", "")]).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    let dependent = &html[html.find("id=\"self_care-dependent\"").unwrap()..];
    assert!(html.contains("楼梯没有扶手") && dependent[..dependent.find('>').unwrap()].contains("checked"), "what was typed stays");
    let good = [("self_care", "dependent"), ("living_alone", "yes"), ("needs", "demo-qh-home-visit"), ("hazards", "楼梯没有扶手"), ("assessed_on", "2026-12-01")];
    let res = app.client.post(app.url(&page)).header("cookie", &reviewer).form(&good).send().await.unwrap();
    assert_eq!((res.status().as_u16(), location(&res)), (303, format!("{case_page}#needs-assessments")));
    let (row, _, _) = app.store.application_by_reference(&reference).await.unwrap().unwrap();
    let kept = app.store.assessments_of_application(&row.id).await.unwrap();
    assert_eq!((kept.len(), kept[0].person_id.as_deref(), kept[0].needs.as_str()), (1, None, "demo-qh-home-visit"), "an applicant is not in the register yet");
    let (_, case) = app.page(&case_page, &[("cookie", &reviewer)]).await;
    assert!(case.contains("2026-12-01 · 失能 · 独居"), "the case lists it");
    let audit = app.store.audit_entries_for(&format!("application:{}", row.id)).await.unwrap();
    assert!(audit.iter().any(|e| e.entry.action == "assessment.record"));
    assert!(audit.iter().any(|e| e.entry.action == "assessment.view"), "opening the form is a read of the person's data");

    // Approvers decide; they do not visit homes. Another subdistrict does not see the case.
    let approver = app.staff_cookie("n.approver", Role::Approver, "320104001").await;
    assert_eq!(app.page(&page, &[("cookie", &approver)]).await.0, 403);
    let (_, case) = app.page(&case_page, &[("cookie", &approver)]).await;
    assert!(!case.contains("id=\"assess-needs\""), "the link is offered only to those who may assess");
    let elsewhere = app.staff_cookie("n.elsewhere", Role::Reviewer, "320104002").await;
    assert_eq!(app.page(&page, &[("cookie", &elsewhere)]).await.0, 404);

    app.act_ok(&reviewer, &reference, "accept", &[]).await;
    app.act_ok(&approver, &reference, "approve", &[("multiple", "2")]).await;
    let kept = app.store.assessments_of_application(&row.id).await.unwrap();
    let person = kept[0].person_id.clone().expect("the decision gave the assessment its person");
    assert_eq!(app.store.assessments_of(&person).await.unwrap().len(), 1);
    let (_, chain) = app.page(&format!("/staff/monitoring/people/{person}"), &[("cookie", &reviewer)]).await;
    assert!(chain.contains("服务需求评估") && chain.contains("失能"), "the household chain shows it");
}
