//! The person's own data (#17 item 6): a copy of everything held, as a page (the ID number
//! masked) and a JSON download (in full), through the web and the API; deleting one's draft,
//! asked first, its documents' files gone too; nobody reaches another account's.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{location, spawn_app, visible_text};

#[tokio::test]
async fn a_person_sees_downloads_and_deletes_what_the_portal_holds() {
    let app = spawn_app().await;
    let cookie = app.ready_to_apply("13900008001", "王小明", "11010519491231002X").await;
    app.fill_in(&cookie).await;
    let draft = app.draft_id(&cookie).await;
    let reference = location(&app.submit(&cookie, &draft).await).rsplit('/').next().unwrap().to_string();
    // A new draft with a document, not sent.
    assert_eq!(app.client.post(app.url("/apply/start")).header("cookie", &cookie).send().await.unwrap().status(), 303);
    let res = app.post_step(&cookie, "who", &[("for_whom", "self")]).await;
    assert_eq!(res.status(), 303);
    let mut jpeg = std::io::Cursor::new(Vec::new());
    image::DynamicImage::new_rgb8(40, 30).write_to(&mut jpeg, image::ImageFormat::Jpeg).unwrap();
    let form = reqwest::multipart::Form::new().text("kind", "medical").part("document", reqwest::multipart::Part::bytes(jpeg.into_inner()).file_name("病历.jpg"));
    assert_eq!(app.client.post(app.url("/apply/documents")).header("cookie", &cookie).multipart(form).send().await.unwrap().status(), 303);
    let files = || walk(&app.upload_dir());
    let before = files();

    let (status, page) = app.page("/account/data", &[("cookie", &cookie)]).await;
    assert_eq!(status, 200);
    let text = visible_text(&page);
    assert!(text.contains("我的全部数据") && text.contains("王小明") && text.contains(&reference), "{text}");
    assert!(!page.contains("11010519491231002X"), "the ID number is masked on the page");
    assert!(page.contains("1101**********002X") || page.contains("110105"), "{text}");

    let res = app.get_with("/account/data.json", &[("cookie", &cookie)]).await;
    assert_eq!(res.headers()["content-disposition"], "attachment; filename=\"my-data.json\"");
    assert_eq!(res.headers()["cache-control"], "no-store");
    let copy: Value = res.json().await.unwrap();
    assert_eq!(copy["identity"]["id_number"], "11010519491231002X", "in full in the download");
    assert_eq!(copy["account"]["phone"], "13900008001");
    assert_eq!(copy["applications"][0]["reference"], reference.as_str());
    assert_eq!(copy["applications"][0]["submitted"]["residence"]["community"], "320104001001");
    assert!(copy["applications"][0]["messages"].as_array().unwrap().iter().any(|m| m["text"].as_str().unwrap().contains(&reference)), "the texts sent");
    assert_eq!(copy["pledges"].as_array().unwrap().len(), 1);
    assert_eq!(copy["draft"]["answers"]["for_whom"], "self");
    assert_eq!(copy["draft"]["documents"][0]["name"], "病历.jpg");
    let audit = app.store.audit_entries_for(&format!("citizen:{}", app.store.citizen_for_phone("x", "13900008001", 0).await.unwrap())).await.unwrap();
    assert_eq!(audit.iter().filter(|e| e.entry.action == "citizen.data_copy").count(), 2, "each copy is logged");

    // Deleting the draft: asked first, then gone, said so; the sent application stays.
    let (status, page) = app.page("/apply/draft/delete", &[("cookie", &cookie)]).await;
    assert_eq!(status, 200);
    assert!(page.contains("删除这份草稿吗") && page.contains("不能恢复"));
    let at = page.find("name=\"draft_id\" value=\"").unwrap() + 23;
    let id = page[at..].split('"').next().unwrap().to_string();
    let res = app.client.post(app.url("/apply/draft/delete")).header("cookie", &cookie).form(&[("draft_id", id.as_str())]).send().await.unwrap();
    assert_eq!(location(&res), "/apply?deleted=draft");
    assert_eq!(files(), before - 1, "the draft's document file is gone too");
    let (_, page) = app.page("/apply?deleted=draft", &[("cookie", &cookie)]).await;
    assert!(page.contains("草稿已删除") && !page.contains("id=\"delete-draft\""));
    assert!(!page.contains("name=\"deleted\""), "not carried as a checker's answer");
    let copy: Value = app.get_with("/account/data.json", &[("cookie", &cookie)]).await.json().await.unwrap();
    assert!(copy["draft"].is_null() && copy["applications"].as_array().unwrap().len() == 1);
    // A second tap finds nothing to delete and lands in the same place.
    let res = app.client.post(app.url("/apply/draft/delete")).header("cookie", &cookie).form(&[("draft_id", id.as_str())]).send().await.unwrap();
    assert_eq!(location(&res), "/apply?deleted=draft");

    // Signed out: to sign-in, nothing shown.
    let res = app.get("/account/data.json").await;
    assert_eq!(res.status(), 303);
}

#[tokio::test]
async fn through_the_api_a_person_gets_their_copy_and_deletes_their_draft_only() {
    let app = spawn_app().await;
    let token = app.api_ready("13900008002", "王小明", "11010519491231002X").await;
    let draft = app.filled_draft(&token).await;
    let other = app.api_ready("13900008003", "李华", "11010519491231002X").await;
    let (status, body) = app.api(reqwest::Method::GET, "/api/v1/me/data", &token, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["identity"]["id_number"], "11010519491231002X");
    assert_eq!(body["draft"]["answers"]["for_whom"], "self");
    let (status, _) = app.api(reqwest::Method::DELETE, &format!("/api/v1/drafts/{draft}"), &other, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another account's draft");
    let (status, _) = app.api(reqwest::Method::DELETE, &format!("/api/v1/drafts/{draft}"), &token, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app.api(reqwest::Method::GET, &format!("/api/v1/drafts/{draft}"), &token, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.api(reqwest::Method::DELETE, &format!("/api/v1/drafts/{draft}"), &token, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "once");
    let (_, body) = app.api(reqwest::Method::GET, "/api/v1/me/data", &token, None).await;
    assert!(body["draft"].is_null());
    assert_eq!(app.client.get(app.url("/api/v1/me/data")).send().await.unwrap().status(), 401);
}

/// How many files lie under `dir`, in any sub-folder.
fn walk(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir).map(|d| d.map(|e| e.unwrap().path()).map(|p| if p.is_dir() { walk(&p) } else { 1 }).sum()).unwrap_or(0)
}
