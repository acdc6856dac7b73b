//! The mobile JSON API (`/api/v1`) as an app uses it: signing in for a bearer token, the
//! pledge, a draft step by step, documents, submitting, status and 补正 — and never another
//! person's data.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{idempotency_key, spawn_app};

#[tokio::test]
async fn a_code_by_sms_becomes_a_bearer_token_that_signing_out_ends() {
    let app = spawn_app().await;
    let phone = "13900001001";
    let res = app.client.post(app.url("/api/v1/auth/code")).json(&json!({ "phone": "139 0000 100" })).send().await.unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let problem: Value = res.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "phone");
    assert!(problem["errors"][0]["message"].as_str().unwrap().contains("手机号"), "{problem}");

    let res = app.client.post(app.url("/api/v1/auth/code")).json(&json!({ "phone": phone })).send().await.unwrap();
    let challenge = res.json::<Value>().await.unwrap()["challenge_id"].as_str().unwrap().to_string();
    let code = app.latest_code(phone).await;
    let res = app.client.post(app.url("/api/v1/auth/code")).json(&json!({ "phone": phone })).send().await.unwrap();
    assert_eq!(res.status(), 429, "one code a minute to a number");
    let wait: i64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    assert!(res.json::<Value>().await.unwrap()["errors"][0]["message"].as_str().unwrap().contains("秒"), "says how long, in Chinese");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let res = app.client.post(app.url("/api/v1/auth/token")).json(&json!({ "challenge_id": challenge, "code": wrong })).send().await.unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(res.json::<Value>().await.unwrap()["errors"][0]["field"], "code");
    let t = app.api_exchange(&challenge, &code).await;
    let res = app.client.post(app.url("/api/v1/auth/token")).json(&json!({ "challenge_id": challenge, "code": code })).send().await.unwrap();
    assert_eq!(res.status(), 422, "a code works once");

    let (status, me) = app.api(Method::GET, "/api/v1/me", &t, None).await;
    assert_eq!(status, 200);
    assert_eq!(me["phone_masked"], "139****1001");
    assert_eq!(me["identity"], Value::Null);

    let phone2_token = app.later_api_token(phone, 2).await;
    let (status, _) = app.api(Method::DELETE, "/api/v1/auth/token", &t, None).await;
    assert_eq!(status, 204);
    let res = app.client.get(app.url("/api/v1/me")).bearer_auth(&t).send().await.unwrap();
    assert_eq!(res.status(), 401, "a revoked token stops at once");
    assert!(res.headers()["www-authenticate"].to_str().unwrap().starts_with("Bearer"));
    assert_eq!(res.json::<Value>().await.unwrap()["title"], "访问令牌缺失、已过期或已注销，请重新登录。");
    assert_eq!(app.api(Method::GET, "/api/v1/me", &phone2_token, None).await.0, 200, "the other device is still signed in");
    let third = app.later_api_token(phone, 4).await;
    let (status, body) = app.api(Method::DELETE, "/api/v1/auth/tokens", &third, None).await;
    assert_eq!((status, body["revoked"].as_u64()), (StatusCode::OK, Some(2)));
    assert_eq!(app.api(Method::GET, "/api/v1/me", &phone2_token, None).await.0, 401, "signed out everywhere");
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let app = spawn_app().await;
    let citizen = app.store.citizen_for_phone("c-exp", "13900001002", 0).await.unwrap();
    let issued = server::services::api_access::issue(&app.store, &citizen, chrono::Utc::now().timestamp() - server::services::api_access::TOKEN_SECS - 1).await.unwrap();
    assert_eq!(app.api(Method::GET, "/api/v1/me", &issued.token, None).await.0, 401);
    let fresh = server::services::api_access::issue(&app.store, &citizen, chrono::Utc::now().timestamp()).await.unwrap();
    assert_eq!(app.api(Method::GET, "/api/v1/me", &fresh.token, None).await.0, 200);
}

/// Every route that needs a token, with a body each would accept.
pub fn protected() -> Vec<(Method, &'static str)> {
    vec![
        (Method::DELETE, "/api/v1/auth/token"),
        (Method::DELETE, "/api/v1/auth/tokens"),
        (Method::GET, "/api/v1/me"),
        (Method::GET, "/api/v1/me/data"),
        (Method::PUT, "/api/v1/me/identity"),
        (Method::GET, "/api/v1/pledge"),
        (Method::POST, "/api/v1/pledge/signatures"),
        (Method::POST, "/api/v1/drafts"),
        (Method::GET, "/api/v1/drafts/x"),
        (Method::DELETE, "/api/v1/drafts/x"),
        (Method::PUT, "/api/v1/drafts/x/steps/who"),
        (Method::POST, "/api/v1/drafts/x/documents"),
        (Method::DELETE, "/api/v1/drafts/x/documents/y"),
        (Method::POST, "/api/v1/applications"),
        (Method::GET, "/api/v1/applications"),
        (Method::GET, "/api/v1/applications/SA1"),
        (Method::POST, "/api/v1/applications/SA1/requests/r/answers"),
        (Method::GET, "/api/v1/applications/SA1/documents/d"),
        (Method::GET, "/api/v1/applications/SA1/letters/receipt"),
        (Method::PUT, "/api/v1/applications/SA1/payments/p/arrival"),
        (Method::GET, "/api/v1/services/plan"),
        (Method::PUT, "/api/v1/services/visits/v/rating"),
        (Method::PUT, "/api/v1/services/visits/v/not-came"),
        // A provider worker's app token, not a citizen's: the same answer without one.
        (Method::GET, "/api/v1/provider/visits"),
        (Method::POST, "/api/v1/provider/visits"),
    ]
}

#[tokio::test]
async fn every_route_but_sign_in_and_the_checker_needs_a_live_token() {
    let app = spawn_app().await;
    for (method, path) in protected() {
        for auth in [None, Some("Bearer not-a-token"), Some("Basic dXNlcjpwYXNz")] {
            let mut req = app.client.request(method.clone(), app.url(path)).header("idempotency-key", idempotency_key()).json(&json!({}));
            if let Some(a) = auth {
                req = req.header("authorization", a);
            }
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), 401, "{method} {path} with {auth:?}");
            assert_eq!(res.headers()["content-type"], "application/problem+json");
        }
    }
    // The web session cookie is not a token: the API takes bearer tokens only.
    let cookie = app.signed_in("13900001003").await;
    let res = app.client.get(app.url("/api/v1/me")).header("cookie", cookie).send().await.unwrap();
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn a_whole_application_through_the_api() {
    let app = spawn_app().await;
    let t = app.api_token("13900001004").await;
    // Applying needs real-name details first.
    let (status, draft) = app.api(Method::POST, "/api/v1/drafts", &t, Some(json!({}))).await;
    assert_eq!(status, 201, "a draft may be started before: {draft}");
    let (status, body) = app.api(Method::PUT, "/api/v1/me/identity", &t, Some(json!({ "full_name": "王小明", "id_number": "11010519491231002Y", "consent": false }))).await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["id_number", "consent"]);
    let (status, me) = app.api(Method::PUT, "/api/v1/me/identity", &t, Some(json!({ "full_name": "王小明", "id_number": "11010519491231002X", "consent": true }))).await;
    assert_eq!(status, 200);
    assert_eq!(me["identity"]["id_masked"], "1101**********002X");

    let (status, text) = app.api(Method::GET, "/api/v1/pledge?area=320104", &t, None).await;
    assert_eq!(status, 200);
    assert!(!text["paragraphs"].as_array().unwrap().is_empty() && text["options"].as_array().unwrap().len() >= 2);
    let (status, body) = app.api(Method::POST, "/api/v1/pledge/signatures", &t, Some(json!({ "text_id": text["text_id"], "answer": 99, "signer_name": "王小明" }))).await;
    assert_eq!((status, body["errors"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("answer")));
    let drawn = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    let (status, signed) = app.api(Method::POST, "/api/v1/pledge/signatures", &t, Some(json!({ "text_id": text["text_id"], "answer": 1, "signer_name": "王小明", "signature_png": drawn }))).await;
    assert_eq!(status, 201, "{signed}");
    assert_eq!(signed["verification_code"].as_str().unwrap().len(), 10);
    assert_eq!(signed["signature_kind"], "drawn");
    let (_, me) = app.api(Method::GET, "/api/v1/me", &t, None).await;
    assert_eq!(me["pledge_code"], signed["verification_code"]);

    let id = draft["id"].as_str().unwrap().to_string();
    // A step with mistakes is saved anyway and says what to change.
    let (status, body) = app.api(Method::PUT, &format!("/api/v1/drafts/{id}/steps/payment"), &t, Some(json!({ "fields": { "pay_holder": "王小明", "pay_bank": "农业银行", "pay_account": "6228 48" } }))).await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"][0]["field"], "pay_account");
    let (_, draft) = app.api(Method::GET, &format!("/api/v1/drafts/{id}"), &t, None).await;
    assert_eq!(draft["answers"]["pay_account"], "6228 48", "nothing sent is lost");
    assert_eq!(draft["next_step"], "who");
    let (status, _) = app.api(Method::PUT, &format!("/api/v1/drafts/{id}/steps/nonsense"), &t, Some(json!({ "fields": {} }))).await;
    assert_eq!(status, 404);
    // A story over its limit is refused with the field and the limit, and kept to be shortened.
    let story = "因病住院".repeat(150);
    let spending = json!({ "fields": { "medical": "30000", "event": "serious_illness", "event_date": "2026-10-01", "event_story": story } });
    let (status, body) = app.api(Method::PUT, &format!("/api/v1/drafts/{id}/steps/spending"), &t, Some(spending)).await;
    assert_eq!((status, body["errors"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("event_story")), "{body}");
    assert!(body["errors"][0]["message"].as_str().unwrap_or_default().contains("500"), "{body}");
    let (_, draft) = app.api(Method::GET, &format!("/api/v1/drafts/{id}"), &t, None).await;
    assert_eq!(draft["answers"]["event_story"].as_str().unwrap().chars().count(), 600);
    let shorter = json!({ "fields": { "medical": "30000", "event": "serious_illness", "event_date": "2026-10-01", "event_story": "因病住院" } });
    let (status, _) = app.api(Method::PUT, &format!("/api/v1/drafts/{id}/steps/spending"), &t, Some(shorter)).await;
    assert_eq!(status, 200);

    let id2 = app.filled_draft(&t).await;
    assert_eq!(id2, id, "one draft per account: starting again returns it");
    let (_, draft) = app.api(Method::GET, &format!("/api/v1/drafts/{id}"), &t, None).await;
    assert_eq!(draft["next_step"], Value::Null, "{draft}");
    assert!(draft["steps"].as_array().unwrap().iter().all(|s| s["complete"] == true));

    // Documents: multipart, cleaned, removable.
    let pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".to_vec();
    let upload = |kind: &'static str, bytes: Vec<u8>, name: &'static str| {
        let form = reqwest::multipart::Form::new().text("kind", kind).part("document", reqwest::multipart::Part::bytes(bytes).file_name(name));
        app.client.post(app.url(&format!("/api/v1/drafts/{id}/documents"))).bearer_auth(&t).header("idempotency-key", idempotency_key()).multipart(form).send()
    };
    let res = upload("medical", b"MZ\x90\0this is an exe".to_vec(), "photo.jpg").await.unwrap();
    assert_eq!(res.status(), 422, "content, not the name, decides");
    let res = upload("medical", pdf.clone(), "诊断.pdf").await.unwrap();
    assert_eq!(res.status(), 201);
    let doc: Value = res.json().await.unwrap();
    assert_eq!((doc["kind"].as_str(), doc["name"].as_str()), (Some("medical"), Some("诊断.pdf")));
    let res = upload("medical", pdf.clone(), "second.pdf").await.unwrap();
    let second: Value = res.json().await.unwrap();
    let (status, _) = app.api(Method::DELETE, &format!("/api/v1/drafts/{id}/documents/{}", second["id"].as_str().unwrap()), &t, None).await;
    assert_eq!(status, 204);
    let (_, draft) = app.api(Method::GET, &format!("/api/v1/drafts/{id}"), &t, None).await;
    assert_eq!(draft["documents"].as_array().unwrap().len(), 1);

    let (status, a) = app.api(Method::POST, "/api/v1/applications", &t, Some(json!({ "draft_id": id }))).await;
    assert_eq!(status, 201, "{a}");
    let reference = a["reference"].as_str().unwrap().to_string();
    assert!(reference.starts_with("SA"));
    assert_eq!(a["status"], "submitted");
    assert!(a["office_name"].as_str().unwrap().contains("秦虹街道"), "routed to the subdistrict of the residence: {a}");
    let (status, list) = app.api(Method::GET, "/api/v1/applications", &t, None).await;
    assert_eq!(status, 200);
    assert_eq!(list["applications"][0]["reference"], reference.as_str());
    assert_eq!(list["has_draft"], false, "the draft became the application");
    let (_, me) = app.api(Method::GET, "/api/v1/me", &t, None).await;
    assert_eq!(me["draft_id"], Value::Null);

    // 补正: staff ask, the app answers with a document.
    let due = server::services::today_in_china().plus_days(18).to_string();
    let request = app.ask_for_more(&reference, "请补充医院诊断证明", &due).await;
    let (_, status_body) = app.api(Method::GET, &format!("/api/v1/applications/{reference}"), &t, None).await;
    assert_eq!(status_body["application"]["status"], "more_info");
    assert_eq!(status_body["requests"][0]["items"], "请补充医院诊断证明");
    assert_eq!(status_body["requests"][0]["answered_at"], Value::Null);
    let answer_path = format!("/api/v1/applications/{reference}/requests/{request}/answers");
    let res = app.client.post(app.url(&answer_path)).bearer_auth(&t).header("idempotency-key", idempotency_key()).multipart(reqwest::multipart::Form::new().text("answer", "")).send().await.unwrap();
    assert_eq!(res.status(), 422, "an empty answer is not an answer");
    let res = app.client.post(app.url(&answer_path)).bearer_auth(&t).header("idempotency-key", idempotency_key()).multipart(reqwest::multipart::Form::new().text("answer", "长".repeat(2000))).send().await.unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(res.json::<Value>().await.unwrap()["errors"][0]["field"], "answer", "too long is said as such");
    let form = reqwest::multipart::Form::new().text("answer", "诊断证明已上传").text("kind", "medical").part("document", reqwest::multipart::Part::bytes(pdf).file_name("诊断证明.pdf"));
    let res = app.client.post(app.url(&answer_path)).bearer_auth(&t).header("idempotency-key", idempotency_key()).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), 201);
    let after: Value = res.json().await.unwrap();
    assert_eq!(after["application"]["status"], "submitted", "back in the queue once answered");
    assert_eq!(after["requests"][0]["answer"], "诊断证明已上传");
    let kinds: Vec<&str> = after["timeline"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds.last(), Some(&"info_provided"), "{kinds:?}");
    let answered_doc = after["documents"].as_array().unwrap().iter().find(|d| d["name"] == "诊断证明.pdf").unwrap()["id"].as_str().unwrap().to_string();
    let res = app.client.get(app.url(&format!("/api/v1/applications/{reference}/documents/{answered_doc}"))).bearer_auth(&t).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert!(res.bytes().await.unwrap().starts_with(b"%PDF"));
}

#[tokio::test]
async fn an_incomplete_draft_is_refused_with_the_step_to_finish() {
    let app = spawn_app().await;
    let t = app.api_ready("13900001005", "王小明", "11010519491231002X").await;
    let (_, draft) = app.api(Method::POST, "/api/v1/drafts", &t, Some(json!({ "answers": { "income": "900", "pay_account": "6228480123456789012" } }))).await;
    assert_eq!(draft["answers"]["income"], "900", "the checker's answers carry over");
    assert_eq!(draft["answers"].get("pay_account"), None, "only answers the checker asks for");
    let (status, body) = app.api(Method::POST, "/api/v1/applications", &t, Some(json!({ "draft_id": draft["id"] }))).await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"][0]["field"], "for_whom", "{body}");
    let (status, _) = app.api(Method::POST, "/api/v1/applications", &t, Some(json!({ "draft_id": "no-such-draft" }))).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_token_never_reaches_another_persons_data() {
    let app = spawn_app().await;
    let owner = app.api_ready("13900001006", "王小明", "11010519491231002X").await;
    let draft = app.filled_draft(&owner).await;
    let pdf = b"%PDF-1.4\n%%EOF\n".to_vec();
    let form = reqwest::multipart::Form::new().text("kind", "medical").part("document", reqwest::multipart::Part::bytes(pdf.clone()).file_name("a.pdf"));
    let res = app.client.post(app.url(&format!("/api/v1/drafts/{draft}/documents"))).bearer_auth(&owner).header("idempotency-key", idempotency_key()).multipart(form).send().await.unwrap();
    let doc = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();

    let other = app.api_ready("13900001007", "李四", "110105194912310046").await;
    let (_, others_draft) = app.api(Method::POST, "/api/v1/drafts", &other, Some(json!({}))).await;
    assert_ne!(others_draft["id"].as_str().unwrap(), draft);
    for (method, path, body) in [
        (Method::GET, format!("/api/v1/drafts/{draft}"), None),
        (Method::PUT, format!("/api/v1/drafts/{draft}/steps/payment"), Some(json!({ "fields": { "pay_account": "6228480000000000000" } }))),
        (Method::DELETE, format!("/api/v1/drafts/{draft}/documents/{doc}"), None),
        (Method::DELETE, format!("/api/v1/drafts/{}/documents/{doc}", others_draft["id"].as_str().unwrap()), None),
    ] {
        let (status, problem) = app.api(method.clone(), &path, &other, body).await;
        assert_eq!(status, 404, "{method} {path}: {problem}");
    }
    let form = reqwest::multipart::Form::new().text("kind", "medical").part("document", reqwest::multipart::Part::bytes(pdf.clone()).file_name("b.pdf"));
    let res = app.client.post(app.url(&format!("/api/v1/drafts/{draft}/documents"))).bearer_auth(&other).header("idempotency-key", idempotency_key()).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), 404);
    // Submitting someone else's draft id finds nothing.
    let (status, _) = app.api(Method::POST, "/api/v1/applications", &other, Some(json!({ "draft_id": draft }))).await;
    assert_eq!(status, 404);

    let (_, a) = app.api(Method::POST, "/api/v1/applications", &owner, Some(json!({ "draft_id": draft }))).await;
    let reference = a["reference"].as_str().unwrap().to_string();
    let due = server::services::today_in_china().plus_days(18).to_string();
    let request = app.ask_for_more(&reference, "补充", &due).await;
    for path in [format!("/api/v1/applications/{reference}"), format!("/api/v1/applications/{reference}/documents/{doc}")] {
        assert_eq!(app.api(Method::GET, &path, &other, None).await.0, 404, "{path}");
    }
    let res = app
        .client
        .post(app.url(&format!("/api/v1/applications/{reference}/requests/{request}/answers")))
        .bearer_auth(&other)
        .header("idempotency-key", idempotency_key())
        .multipart(reqwest::multipart::Form::new().text("answer", "不是我的"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let (_, list) = app.api(Method::GET, "/api/v1/applications", &other, None).await;
    assert_eq!(list["applications"].as_array().unwrap().len(), 0);
    // The owner's draft is untouched by all of it.
    let (_, status_body) = app.api(Method::GET, &format!("/api/v1/applications/{reference}"), &owner, None).await;
    assert_eq!(status_body["requests"][0]["answered_at"], Value::Null);
    assert_eq!(status_body["documents"].as_array().unwrap().len(), 1);
}
