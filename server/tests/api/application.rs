//! The application through the web pages, as a browser without JavaScript would use them:
//! every step saved, resumable, submitted exactly once, and private to its owner.

use std::io::Cursor;

use crate::helpers::{location, spawn_app, TestApp};

#[tokio::test]
async fn signing_in_and_real_name_details_come_first() {
    let app = spawn_app().await;
    assert_eq!(location(&app.get("/apply/step/who").await), "/signin?next=/apply/step/who");
    let cookie = app.signed_in("13812345001").await;
    let res = app.get_with("/apply/step/who", &[("cookie", &cookie)]).await;
    assert_eq!(location(&res), "/account/identity?next=/apply/step/who");
    let (_, page) = app.page("/account/identity?next=/apply/step/who", &[("cookie", &cookie)]).await;
    assert!(page.contains("name=\"next\" value=\"/apply/step/who\""), "the way back survives the form");
}

#[tokio::test]
async fn a_step_with_errors_keeps_every_answer_and_names_each_problem() {
    let app = spawn_app().await;
    let cookie = app.ready_to_apply("13812345002", "王小明", "11010519491231002X").await;
    let res = app.post_step(&cookie, "payment", &[("pay_holder", "王"), ("pay_bank", "农业银行"), ("pay_account", "6228 48")]).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("class=\"error-summary\""));
    assert!(page.contains("href=\"#pay_account\""));
    assert!(page.contains("账号应为 12 到 30 位数字"));
    assert!(page.contains("value=\"6228 48\""), "what was typed is shown again");
    assert!(page.contains("value=\"农业银行\""));
}

#[tokio::test]
async fn the_area_picker_loads_one_level_at_a_time() {
    let app = spawn_app().await;
    let cookie = app.ready_to_apply("13812345003", "王小明", "11010519491231002X").await;
    let (_, page) = app.page("/apply/step/residence", &[("cookie", &cookie)]).await;
    assert!(page.contains("秦淮区") && !page.contains("秦虹街道") && !page.contains("中牌楼社区"), "districts only: {page}");
    let res = app.post_step(&cookie, "residence", &[("district", "320104"), ("action", "pick")]).await;
    let page = res.text().await.unwrap();
    assert!(page.contains("秦虹街道") && !page.contains("中牌楼社区"), "subdistricts of the district");
    assert!(!page.contains("class=\"error-summary\""), "listing is not an error");
    let res = app.post_step(&cookie, "residence", &[("district", "320104"), ("subdistrict", "320104001"), ("action", "pick")]).await;
    let page = res.text().await.unwrap();
    assert!(page.contains("中牌楼社区"));
    assert!(!page.contains("康居里社区居委会</option><option value=\"320922"), "no other district's communities");
}

#[tokio::test]
async fn a_draft_is_saved_at_every_step_and_resumes_on_another_device() {
    let app = spawn_app().await;
    let phone = "13812345004";
    let cookie = app.ready_to_apply(phone, "王小明", "11010519491231002X").await;
    app.post_step(&cookie, "who", &[("for_whom", "self")]).await;
    app.post_step(&cookie, "programme", &[("programme", "dibao")]).await;
    // Another phone, a new session: the hub sends the person to the step after the last done.
    let other_device = app.signed_in_at(phone, chrono::Utc::now().timestamp() + 120).await;
    assert_ne!(other_device, cookie);
    let (_, hub) = app.page("/apply", &[("cookie", &other_device)]).await;
    assert!(hub.contains("继续填写申请"));
    let res = app.client.post(app.url("/apply/start")).header("cookie", &other_device).send().await.unwrap();
    assert_eq!(location(&res), "/apply/step/residence");
    let (_, page) = app.page("/apply/step/programme", &[("cookie", &other_device)]).await;
    assert!(page.contains("value=\"dibao\" checked"), "the answer came along");
}

#[tokio::test]
async fn the_checker_answers_prefill_the_application() {
    let app = spawn_app().await;
    let cookie = app.ready_to_apply("13812345005", "王小明", "11010519491231002X").await;
    let (_, hub) = app.page("/apply?area=320104&members=1&m0_age=40&income=900&hukou_local=no", &[("cookie", &cookie)]).await;
    assert!(hub.contains("用查一查的答案开始申请"));
    assert!(hub.contains("name=\"income\" value=\"900\""));
    let res = app
        .client
        .post(app.url("/apply/start"))
        .header("cookie", &cookie)
        .form(&[("area", "320104"), ("members", "1"), ("m0_age", "40"), ("income", "900"), ("hukou_local", "no")])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), "/apply/step/who");
    let (_, page) = app.page("/apply/step/income", &[("cookie", &cookie)]).await;
    assert!(page.contains("value=\"900\""));
    let (_, page) = app.page("/apply/step/residence", &[("cookie", &cookie)]).await;
    assert!(page.contains("<option value=\"320104\" selected"), "the district is chosen");
}

#[tokio::test]
async fn the_whole_application_is_submitted_once_and_routed_to_the_subdistrict() {
    let app = spawn_app().await;
    let cookie = app.ready_to_apply("13812345006", "王小明", "11010519491231002X").await;
    app.fill_in(&cookie).await;
    let res = app.post_step(&cookie, "pledge", &[]).await;
    assert_eq!(location(&res), "/apply/step/review");
    let (status, review) = app.page("/apply/step/review", &[("cookie", &cookie)]).await;
    assert_eq!(status, 200);
    assert!(review.contains("6228 **** 9012") && !review.contains("6228 4801"), "the account is masked");
    assert!(review.contains("秦淮区秦虹街道社会救助窗口"), "{review}");
    assert_eq!(review.matches("?from=review").count(), 13, "a change link for each answer");
    let draft = app.draft_id(&cookie).await;

    let res = app.submit(&cookie, &draft).await;
    assert_eq!(res.status(), 303);
    let done = location(&res);
    assert!(done.starts_with("/apply/done/SA"), "{done}");
    let reference = done.rsplit('/').next().unwrap().to_string();
    let (status, page) = app.page(&done, &[("cookie", &cookie)]).await;
    assert_eq!(status, 200);
    assert!(page.contains(&reference));
    assert!(page.contains("秦淮区秦虹街道社会救助窗口 将在"), "which office and by when");

    // The same submit again (a retry after a lost response) lands on the same application.
    let again = app.submit(&cookie, &draft).await;
    assert_eq!(location(&again), done);
    assert_eq!(app.store.count_applications_for_draft(&draft).await.unwrap(), 1);

    let (status, page) = app.page(&format!("/status/{reference}"), &[("cookie", &cookie)]).await;
    assert_eq!(status, 200);
    assert!(page.contains("已提交，等待受理"));
    assert!(page.contains("分派到街道（镇）") && page.contains("秦淮区秦虹街道") && !page.contains("(320104001)"), "routed to the office by name, without its code");
    let stored = app.store.application_of(&reference, &app.store.citizen_for_phone("x", "13812345006", 0).await.unwrap()).await.unwrap().unwrap();
    assert_eq!((stored.area_code.as_str(), stored.office_code.as_str(), stored.routing_rule.as_str()), ("320104001001", "320104001", "residence-subdistrict"));
    assert!(!stored.answers_sealed.contains("6228") && !stored.subject_id_sealed.contains("1949"), "encrypted at rest");
    assert_eq!(stored.subject_id_masked, "1101**********002X");
}

#[tokio::test]
async fn twenty_concurrent_submits_make_one_application() {
    let app = spawn_app().await;
    let cookie = app.ready_to_apply("13812345007", "王小明", "11010519491231002X").await;
    app.fill_in(&cookie).await;
    let draft = app.draft_id(&cookie).await;
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (client, url, cookie, draft) = (app.client.clone(), app.url("/apply/submit"), cookie.clone(), draft.clone());
            tokio::spawn(async move {
                let res = client.post(url).header("cookie", cookie).form(&[("draft_id", draft)]).send().await.unwrap();
                (res.status().as_u16(), location(&res))
            })
        })
        .collect();
    let mut places = Vec::new();
    for t in tasks {
        let (status, to) = t.await.unwrap();
        assert_eq!(status, 303);
        places.push(to);
    }
    places.dedup();
    assert_eq!(places.len(), 1, "every request saw the same application: {places:?}");
    assert!(places[0].starts_with("/apply/done/"));
    assert_eq!(app.store.count_applications_for_draft(&draft).await.unwrap(), 1);
}

#[tokio::test]
async fn opening_a_step_never_makes_a_draft_and_back_after_submitting_shows_the_confirmation() {
    let app = spawn_app().await;
    let cookie = app.ready_to_apply("13812345030", "王小明", "11010519491231002X").await;
    let citizen = app.store.citizen_for_phone("x", "13812345030", 0).await.unwrap();
    for step in ["who", "household", "documents"] {
        let (status, page) = app.page(&format!("/apply/step/{step}"), &[("cookie", &cookie)]).await;
        assert_eq!(status, 200, "a first visit shows the step blank ({step})");
        assert!(page.contains("id=\"step-heading\""), "{step}");
    }
    let res = app.get_with("/apply/step/review", &[("cookie", &cookie)]).await;
    assert_eq!(location(&res), "/apply", "nothing to review: the hub");
    assert!(app.store.draft_of(&citizen).await.unwrap().is_none(), "looking made no draft");
    let res = app.post_step(&cookie, "who", &[("for_whom", "self")]).await;
    assert_eq!(location(&res), "/apply/step/programme", "the first save makes the draft");
    assert!(app.store.draft_of(&citizen).await.unwrap().is_some());

    app.fill_in(&cookie).await;
    let draft = app.draft_id(&cookie).await;
    let done = location(&app.submit(&cookie, &draft).await);
    assert!(done.starts_with("/apply/done/SA"), "{done}");
    // Back from the confirmation lands on the review page's address, then on any step.
    for step in ["review", "pledge", "who"] {
        let res = app.get_with(&format!("/apply/step/{step}"), &[("cookie", &cookie)]).await;
        assert_eq!(location(&res), done, "Back after submitting shows the confirmation ({step})");
    }
    assert!(app.store.draft_of(&citizen).await.unwrap().is_none(), "no phantom draft");
    let (_, status) = app.page("/status", &[("cookie", &cookie)]).await;
    assert!(!status.contains("没填完"), "no unfinished application is announced: {status}");
    assert_eq!(app.store.applications_of(&citizen).await.unwrap().len(), 1);
}

#[tokio::test]
async fn an_incomplete_application_is_sent_back_to_the_missing_step() {
    let app = spawn_app().await;
    let cookie = app.ready_to_apply("13812345008", "王小明", "11010519491231002X").await;
    app.post_step(&cookie, "who", &[("for_whom", "self")]).await;
    let draft = app.draft_id(&cookie).await;
    let res = app.submit(&cookie, &draft).await;
    assert_eq!(res.status(), 422, "the review page again, not a silent jump");
    let page = res.text().await.unwrap();
    assert!(page.contains("class=\"error-summary\""), "what is missing is listed: {page}");
    assert!(page.contains("href=\"/apply/step/programme?from=review\""), "each gap links to its step");
    assert!(page.contains("href=\"/apply/step/payment?from=review\""));
    assert!(page.contains("<h1 id=\"step-heading\">"), "on the review page");
    assert!(page.contains(&draft), "the submit button is still there");
    assert_eq!(app.store.count_applications_for_draft(&draft).await.unwrap(), 0);
}

#[tokio::test]
async fn one_citizen_never_reaches_another_citizens_draft_or_application() {
    let app = spawn_app().await;
    let owner = app.ready_to_apply("13812345009", "王小明", "11010519491231002X").await;
    let other = app.ready_to_apply("13812345010", "李四", "110105194912310046").await;
    app.fill_in(&owner).await;
    let owner_draft = app.draft_id(&owner).await;
    // The other person's pages show their own (empty) draft, never the owner's answers.
    let (_, page) = app.page("/apply/step/payment", &[("cookie", &other)]).await;
    assert!(!page.contains("6228") && !page.contains("王小明"));
    // Submitting the owner's draft id from the other account does nothing.
    let res = app.submit(&other, &owner_draft).await;
    assert_eq!(location(&res), "/apply");
    assert_eq!(app.store.count_applications_for_draft(&owner_draft).await.unwrap(), 0);

    let res = app.submit(&owner, &owner_draft).await;
    let done = location(&res);
    let reference = done.rsplit('/').next().unwrap().to_string();
    for path in [done.clone(), format!("/status/{reference}")] {
        let (status, page) = app.page(&path, &[("cookie", &other)]).await;
        assert_eq!(status, 404, "{path}");
        assert!(!page.contains(&reference) && !page.contains("王小明"), "{path}");
    }
    let (_, list) = app.page("/status", &[("cookie", &other)]).await;
    assert!(!list.contains(&reference));
    let (_, list) = app.page("/status", &[("cookie", &owner)]).await;
    assert!(list.contains(&reference));
}

#[tokio::test]
async fn a_proxy_application_records_both_people_and_the_relationship() {
    let app = spawn_app().await;
    let cookie = app.ready_to_apply("13812345011", "社区小张", "110105194912310046").await;
    app.fill_in(&cookie).await;
    let without_consent = [("for_whom", "other"), ("subject_name", "张大爷"), ("subject_id", "11010519491231002X"), ("subject_relation", "community_worker"), ("from", "review")];
    let res = app.post_step(&cookie, "who", &without_consent).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("href=\"#proxy_consent\""), "the person's consent is vouched for");
    let res = app.post_step(&cookie, "who", &[("for_whom", "other"), ("subject_name", "张大爷"), ("subject_id", "11010519491231002X"), ("subject_relation", "community_worker"), ("proxy_consent", "true"), ("from", "review")]).await;
    assert_eq!(location(&res), "/apply/step/review", "a change from the review page goes back there");
    let (_, review) = app.page("/apply/step/review", &[("cookie", &cookie)]).await;
    assert!(review.contains("代 张大爷（社区（村）工作人员，1101**********002X）申请"));
    let draft = app.draft_id(&cookie).await;
    let done = location(&app.submit(&cookie, &draft).await);
    let reference = done.rsplit('/').next().unwrap();
    let (_, page) = app.page(&format!("/status/{reference}"), &[("cookie", &cookie)]).await;
    assert!(page.contains("张大爷（由 社区小张 代办）"));
    assert!(page.contains("社区小张（代 张大爷）"), "the timeline says who acted for whom");
    let citizen = app.store.citizen_for_phone("x", "13812345011", 0).await.unwrap();
    let stored = app.store.application_of(reference, &citizen).await.unwrap().unwrap();
    assert_eq!((stored.actor_name.as_str(), stored.subject_name.as_str(), stored.proxy_relation.as_deref()), ("社区小张", "张大爷", Some("community_worker")));
}

/// A JPEG with an EXIF block holding an orientation (rotate 90°) and a GPS position.
fn photo_with_gps(w: u32, h: u32) -> Vec<u8> {
    let img = image::DynamicImage::new_rgb8(w, h);
    let mut jpeg = Cursor::new(Vec::new());
    img.write_to(&mut jpeg, image::ImageFormat::Jpeg).unwrap();
    let jpeg = jpeg.into_inner();
    // TIFF (little endian): IFD0 with Orientation = 6 and a GPS IFD pointer; GPS IFD with
    // GPSLatitudeRef = "N".
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"II*\0");
    tiff.extend_from_slice(&8u32.to_le_bytes());
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&[0x12, 0x01, 3, 0]);
    tiff.extend_from_slice(&1u32.to_le_bytes());
    tiff.extend_from_slice(&[6, 0, 0, 0]);
    tiff.extend_from_slice(&[0x25, 0x88, 4, 0]);
    tiff.extend_from_slice(&1u32.to_le_bytes());
    tiff.extend_from_slice(&38u32.to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes());
    tiff.extend_from_slice(&1u16.to_le_bytes());
    tiff.extend_from_slice(&[0x01, 0x00, 2, 0]);
    tiff.extend_from_slice(&2u32.to_le_bytes());
    tiff.extend_from_slice(b"N\0\0\0");
    tiff.extend_from_slice(&0u32.to_le_bytes());
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

async fn upload(app: &TestApp, cookie: &str, name: &str, bytes: Vec<u8>) -> reqwest::Response {
    let form = reqwest::multipart::Form::new().text("kind", "medical").part("document", reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()));
    app.client.post(app.url("/apply/documents")).header("cookie", cookie).multipart(form).send().await.unwrap()
}

#[tokio::test]
async fn uploaded_photos_lose_their_exif_and_are_turned_upright_and_scaled() {
    let app = spawn_app().await;
    let cookie = app.ready_to_apply("13812345012", "王小明", "11010519491231002X").await;
    let photo = photo_with_gps(2400, 1200);
    let exif = exif::Reader::new().read_from_container(&mut Cursor::new(&photo)).expect("the test photo carries EXIF");
    assert!(exif.get_field(exif::Tag::GPSLatitudeRef, exif::In::PRIMARY).is_some(), "with a GPS position");

    let res = upload(&app, &cookie, "IMG_0001.jpg", photo).await;
    assert_eq!(location(&res), "/apply/step/documents");
    let (_, page) = app.page("/apply/step/documents", &[("cookie", &cookie)]).await;
    assert!(page.contains("IMG_0001.jpg"));

    let citizen = app.store.citizen_for_phone("x", "13812345012", 0).await.unwrap();
    let draft = app.store.draft_of(&citizen).await.unwrap().unwrap();
    let docs = app.store.documents_of_draft(&draft.id, &citizen).await.unwrap();
    assert_eq!(docs.len(), 1);
    let stored = std::fs::read(app.upload_dir().join(&docs[0].storage_key[..2]).join(&docs[0].storage_key)).unwrap();
    assert!(exif::Reader::new().read_from_container(&mut Cursor::new(&stored)).is_err(), "no EXIF left");
    assert!(!stored.windows(4).any(|w| w == b"Exif"));
    let img = image::load_from_memory(&stored).unwrap();
    assert_eq!((img.width(), img.height()), (1000, 2000), "rotated upright, long side 2000 px");
}

#[tokio::test]
async fn oversized_heic_and_disguised_files_are_refused_with_a_clear_message() {
    let app = spawn_app().await;
    let cookie = app.ready_to_apply("13812345013", "王小明", "11010519491231002X").await;
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("big.jpg", { let mut b = vec![0xFF, 0xD8, 0xFF]; b.resize(10 * 1024 * 1024 + 1, 0); b }, "文件超过 10 MB"),
        ("IMG_0002.HEIC", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec(), "HEIC"),
        ("photo.jpg", b"MZ\x90\0 not a photo".to_vec(), "只能上传 JPG、PNG、WebP 照片或 PDF 文件"),
        ("broken.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(), "文件打不开"),
    ];
    for (name, bytes, message) in cases {
        let res = upload(&app, &cookie, name, bytes).await;
        assert_eq!(res.status(), 422, "{name}");
        let page = res.text().await.unwrap();
        assert!(page.contains(message), "{name}");
        assert!(page.contains("class=\"error-summary\""), "{name}");
        assert!(page.contains("<option value=\"medical\" selected"), "{name}: the chosen document type is kept");
    }
    let citizen = app.store.citizen_for_phone("x", "13812345013", 0).await.unwrap();
    let draft = app.store.draft_of(&citizen).await.unwrap().unwrap();
    assert!(app.store.documents_of_draft(&draft.id, &citizen).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_request_for_more_information_is_answered_on_the_status_page() {
    let app = spawn_app().await;
    let cookie = app.ready_to_apply("13812345014", "王小明", "11010519491231002X").await;
    app.fill_in(&cookie).await;
    let draft = app.draft_id(&cookie).await;
    let done = location(&app.submit(&cookie, &draft).await);
    let reference = done.rsplit('/').next().unwrap().to_string();
    let due = server::services::today_in_china().plus_days(18).to_string();
    let request = app.ask_for_more(&reference, "请补充医院诊断证明", &due).await;

    let status_path = format!("/status/{reference}");
    let (_, page) = app.page(&status_path, &[("cookie", &cookie)]).await;
    assert!(page.contains("需要补充材料") && page.contains("请补充医院诊断证明") && page.contains(&due));
    // Staff read the request in their own words: what was asked, by when, not answered yet.
    let staff = app.staff_cookie("rv.info", app::domain::staff::Role::Reviewer, "320104001").await;
    let case_path = format!("/staff/cases/{reference}");
    let due_words = app::i18n::Lang::ZhCn.date(app::domain::date::Date::parse(&due).unwrap());
    let (_, case) = app.page(&case_path, &[("cookie", &staff)]).await;
    let requests = &case[case.find("id=\"info-requests\"").expect("the staff page lists the requests")..];
    assert!(requests.contains("补正通知") && requests.contains("请补充医院诊断证明"));
    assert!(requests.contains(&format!("{due_words}前补正")) && requests.contains("尚未答复"), "{}", &requests[..400.min(requests.len())]);

    let respond = format!("/status/{reference}/respond/{request}");
    let empty = reqwest::multipart::Form::new().text("answer", "");
    let res = app.client.post(app.url(&respond)).header("cookie", &cookie).multipart(empty).send().await.unwrap();
    assert_eq!(res.status(), 422, "nothing sent is an error, not an answer");

    let pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".to_vec();
    let form = reqwest::multipart::Form::new()
        .text("answer", "诊断证明已上传")
        .text("kind", "medical")
        .part("document", reqwest::multipart::Part::bytes(pdf).file_name("诊断证明.pdf"));
    let res = app.client.post(app.url(&respond)).header("cookie", &cookie).multipart(form).send().await.unwrap();
    assert_eq!(location(&res), status_path);
    let (_, page) = app.page(&status_path, &[("cookie", &cookie)]).await;
    assert!(page.contains("已补充材料") && page.contains("诊断证明.pdf"));
    assert!(page.contains("已提交，等待受理"), "back in the queue once answered");
    let (_, case) = app.page(&case_path, &[("cookie", &staff)]).await;
    assert!(case.contains("申请人已答复：诊断证明已上传"), "staff see the answer");

    // Someone else cannot answer it.
    let other = app.ready_to_apply("13812345015", "李四", "110105194912310046").await;
    let form = reqwest::multipart::Form::new().text("answer", "x");
    let res = app.client.post(app.url(&respond)).header("cookie", &other).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn the_next_level_of_places_comes_from_the_api() {
    let app = spawn_app().await;
    let res = app.get("/api/v1/areas/320104/children").await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    let areas = body["areas"].as_array().unwrap();
    assert!(areas.iter().all(|a| a["code"].as_str().unwrap().starts_with("320104") && a["code"].as_str().unwrap().len() == 9));
    assert!(areas.iter().any(|a| a["name_zh"] == "秦虹街道"));
    let res = app.get("/api/v1/areas/320104001/children").await;
    let body: serde_json::Value = res.json().await.unwrap();
    assert!(body["areas"].as_array().unwrap().iter().any(|a| a["name_zh"] == "中牌楼社区居委会"));
    for unknown in ["999999", "abc", "320104001001999"] {
        let res = app.get(&format!("/api/v1/areas/{unknown}/children")).await;
        assert_eq!(res.status(), 404, "{unknown}");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
    }
}

#[tokio::test]
async fn an_address_without_an_office_is_refused_before_submission() {
    let app = spawn_app().await;
    let cookie = app.ready_to_apply("13812345016", "王小明", "11010519491231002X").await;
    app.store.set_office_active("320104001", "秦虹街道社会救助窗口", false).await.unwrap();
    let res = app.post_step(&cookie, "residence", &[("district", "320104"), ("subdistrict", "320104001"), ("community", "320104001001"), ("address", "中牌楼 3 栋 201 室"), ("hukou_local", "no")]).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("还不能在网上受理申请") && page.contains("href=\"#community\""));
    assert!(page.contains("value=\"中牌楼 3 栋 201 室\""), "the address typed stays");
}

#[tokio::test]
async fn each_step_of_the_application_has_one_step_heading() {
    let app = spawn_app().await;
    let cookie = app.ready_to_apply("13812345019", "王小明", "11010519491231002X").await;
    app.fill_in(&cookie).await;
    for step in ["who", "programme", "residence", "household", "income", "spending", "documents", "payment", "pledge", "review"] {
        let (_, page) = app.page(&format!("/apply/step/{step}"), &[("cookie", &cookie)]).await;
        assert_eq!(page.matches("id=\"step-heading\"").count(), 1, "{step}");
    }
}
