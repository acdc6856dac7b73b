//! The mobile API's edges: idempotency keys (also under concurrent retries), problem
//! documents, size and rate limits, CORS, and the OpenAPI document with its viewer.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{spawn_app, spawn_app_with};
use crate::helpers::idempotency_key;
use crate::mobile::protected;

#[tokio::test]
async fn creating_calls_need_an_idempotency_key_and_replay_the_first_answer() {
    let app = spawn_app().await;
    let t = app.api_token("13900002001").await;
    let post = |k: Option<&str>, body: Value| {
        let mut req = app.client.post(app.url("/api/v1/drafts")).bearer_auth(&t).json(&body);
        if let Some(k) = k {
            req = req.header("idempotency-key", k);
        }
        req.send()
    };
    let res = post(None, json!({})).await.unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(res.json::<Value>().await.unwrap()["type"], "/problems/idempotency-key-missing");
    let res = post(Some("short"), json!({})).await.unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(res.json::<Value>().await.unwrap()["type"], "/problems/idempotency-key-malformed");

    let k = idempotency_key();
    let first = post(Some(&k), json!({ "answers": { "income": "900" } })).await.unwrap();
    assert_eq!(first.status(), 201);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first: Value = first.json().await.unwrap();
    // Saved meanwhile: a replay still answers with what the first request answered.
    let id = first["id"].as_str().unwrap();
    app.api(Method::PUT, &format!("/api/v1/drafts/{id}/steps/who"), &t, Some(json!({ "fields": { "for_whom": "self" } }))).await;
    // Same body, other key order and spacing: the same request.
    let again = app.client.post(app.url("/api/v1/drafts")).bearer_auth(&t).header("idempotency-key", &k).header("content-type", "application/json").body("{ \"answers\" : {\"income\":\"900\"} }").send().await.unwrap();
    assert_eq!(again.status(), 201);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.json::<Value>().await.unwrap(), first);
    let res = post(Some(&k), json!({ "answers": { "income": "901" } })).await.unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    assert_eq!(res.json::<Value>().await.unwrap()["type"], "/problems/idempotency-key-reused");
    // A refused request keeps nothing: after fixing what it said, the same key goes through.
    let k2 = idempotency_key();
    let submit = |k: String| app.client.post(app.url("/api/v1/applications")).bearer_auth(&t).header("idempotency-key", k).json(&json!({ "draft_id": id })).send();
    let res = submit(k2.clone()).await.unwrap();
    assert_eq!(res.status(), 422, "no real-name details yet");
    app.api(Method::PUT, "/api/v1/me/identity", &t, Some(json!({ "full_name": "王小明", "id_number": "11010519491231002X", "consent": true }))).await;
    let res = submit(k2.clone()).await.unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.headers().get("idempotent-replayed").is_none(), "run again, not replayed");
    assert_eq!(res.json::<Value>().await.unwrap()["errors"][0]["field"], "programme", "now the next thing missing: the draft's programme");
    // Keys belong to their account: another person's same key is a new request.
    let other = app.api_token("13900002002").await;
    let res = app.client.post(app.url("/api/v1/drafts")).bearer_auth(&other).header("idempotency-key", &k).json(&json!({})).send().await.unwrap();
    assert_eq!(res.status(), 201);
    assert!(res.headers().get("idempotent-replayed").is_none());
    assert_ne!(res.json::<Value>().await.unwrap()["id"], first["id"]);
}

#[tokio::test]
async fn twenty_concurrent_retries_of_a_submit_make_one_application_and_one_answer() {
    let app = spawn_app().await;
    let t = app.api_ready("13900002003", "王小明", "11010519491231002X").await;
    let draft = app.filled_draft(&t).await;
    let k = idempotency_key();
    let sends = (0..20).map(|_| {
        app.client.post(app.url("/api/v1/applications")).bearer_auth(&t).header("idempotency-key", &k).json(&json!({ "draft_id": draft })).send()
    });
    let responses = futures_join(sends).await;
    let mut bodies = Vec::new();
    let mut replayed = 0;
    for res in responses {
        let res = res.unwrap();
        assert_eq!(res.status(), 201);
        replayed += usize::from(res.headers().get("idempotent-replayed").is_some());
        bodies.push(res.json::<Value>().await.unwrap());
    }
    assert_eq!(replayed, 19, "one ran, nineteen were answered from it");
    assert!(bodies.iter().all(|b| b == &bodies[0]));
    let (_, list) = app.api(Method::GET, "/api/v1/applications", &t, None).await;
    assert_eq!(list["applications"].as_array().unwrap().len(), 1);
    // A new key for the same draft: still that one application (submit is idempotent on the draft).
    let (status, again) = app.api(Method::POST, "/api/v1/applications", &t, Some(json!({ "draft_id": draft }))).await;
    assert_eq!((status, &again["reference"]), (StatusCode::CREATED, &bodies[0]["reference"]));
}

async fn futures_join<F: std::future::Future>(futures: impl Iterator<Item = F>) -> Vec<F::Output> {
    let handles: Vec<_> = futures.map(|f| Box::pin(f)).collect();
    let mut out = Vec::new();
    // All are polled together: reqwest starts each request when first polled.
    let mut pending: Vec<_> = handles.into_iter().map(Some).collect();
    let mut results: Vec<Option<F::Output>> = (0..pending.len()).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut done = true;
        for (i, slot) in pending.iter_mut().enumerate() {
            if let Some(f) = slot {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => {
                        results[i] = Some(v);
                        *slot = None;
                    }
                    std::task::Poll::Pending => done = false,
                }
            }
        }
        if done { std::task::Poll::Ready(()) } else { std::task::Poll::Pending }
    })
    .await;
    for r in results {
        out.push(r.unwrap());
    }
    out
}

#[tokio::test]
async fn errors_are_problem_documents_in_the_callers_language() {
    let app = spawn_app().await;
    let t = app.api_token("13900002004").await;
    let send = |body: &'static str, content_type: &'static str, lang: &'static str| {
        app.client
            .put(app.url("/api/v1/me/identity"))
            .bearer_auth(&t)
            .header("content-type", content_type)
            .header("accept-language", lang)
            .body(body)
            .send()
    };
    let res = send("{not json", "application/json", "en").await.unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let p: Value = res.json().await.unwrap();
    assert_eq!((p["type"].as_str(), p["status"].as_u64()), (Some("/problems/not-json"), Some(400)));
    assert_eq!(p["title"], "The request body is not valid JSON.");
    let res = send("[1, 2]", "application/json", "zh-CN").await.unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(res.json::<Value>().await.unwrap()["title"], "请求内容必须是一个 JSON 对象。");
    let res = send("full_name=x", "application/x-www-form-urlencoded", "en").await.unwrap();
    assert_eq!(res.status(), 415);
    let res = send(r#"{"full_name": 7, "id_number": null, "consent": "yes"}"#, "application/json", "en").await.unwrap();
    assert_eq!(res.status(), 422, "wrong types are field problems, not crashes");
    let p: Value = res.json().await.unwrap();
    let fields: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["full_name", "id_number", "consent"]);
    assert!(p["errors"][0]["message"].as_str().unwrap().is_ascii(), "in English: {p}");
    let big = format!(r#"{{"full_name": "{}"}}"#, "x".repeat(70 * 1024));
    let res = app.client.put(app.url("/api/v1/me/identity")).bearer_auth(&t).json(&serde_json::from_str::<Value>(&big).unwrap()).send().await.unwrap();
    assert_eq!(res.status(), 413);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let res = app.client.get(app.url("/api/v1/no/such/thing")).send().await.unwrap();
    assert_eq!((res.status(), res.headers()["content-type"].to_str().unwrap()), (StatusCode::NOT_FOUND, "application/problem+json"));
    let res = app.client.patch(app.url("/api/v1/applications")).bearer_auth(&t).send().await.unwrap();
    assert_eq!((res.status(), res.headers()["content-type"].to_str().unwrap()), (StatusCode::METHOD_NOT_ALLOWED, "application/problem+json"));
    let allow = res.headers()["allow"].to_str().unwrap().to_string();
    assert!(allow.contains("GET") && allow.contains("POST"), "{allow}");
}

#[tokio::test]
async fn an_upload_over_the_limit_is_refused_before_it_is_read() {
    let app = spawn_app().await;
    let t = app.api_ready("13900002005", "王小明", "11010519491231002X").await;
    let (_, draft) = app.api(Method::POST, "/api/v1/drafts", &t, Some(json!({}))).await;
    let form = reqwest::multipart::Form::new().text("kind", "medical").part("document", reqwest::multipart::Part::bytes(vec![0u8; 13 * 1024 * 1024]).file_name("big.pdf"));
    let res = app
        .client
        .post(app.url(&format!("/api/v1/drafts/{}/documents", draft["id"].as_str().unwrap())))
        .bearer_auth(&t)
        .header("idempotency-key", idempotency_key())
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
}

#[tokio::test]
async fn requests_are_limited_per_token_and_per_phone_number() {
    let app = spawn_app_with(|c| {
        c.api_per_token_per_minute = 4;
        c.api_per_phone_per_minute = 5;
    })
    .await;
    let phone = "13900002006";
    let first = app.api_token(phone).await;
    let second = app.later_api_token(phone, 2).await;
    let other_person = app.api_token("13900002007").await;
    crate::helpers::fresh_minute().await;
    for _ in 0..4 {
        assert_eq!(app.api(Method::GET, "/api/v1/me", &first, None).await.0, 200);
    }
    let res = app.client.get(app.url("/api/v1/me")).bearer_auth(&first).send().await.unwrap();
    assert_eq!(res.status(), 429, "the token's limit");
    let wait: i64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait));
    assert_eq!(res.json::<Value>().await.unwrap()["type"], "/problems/too-many-requests");
    // The same phone's other token has its own token limit, but shares the phone's.
    assert_eq!(app.api(Method::GET, "/api/v1/me", &second, None).await.0, 429, "its own first request, but the phone number's sixth");
    assert_eq!(app.api(Method::GET, "/api/v1/me", &other_person, None).await.0, 200, "others are not affected");
}

#[tokio::test]
async fn cors_is_closed_unless_an_origin_is_configured() {
    let closed = spawn_app().await;
    let preflight = |app: &crate::helpers::TestApp, origin: &'static str| {
        app.client
            .request(Method::OPTIONS, app.url("/api/v1/me"))
            .header("origin", origin)
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "authorization")
            .send()
    };
    let res = preflight(&closed, "https://mp.example.cn").await.unwrap();
    assert!(res.headers().get("access-control-allow-origin").is_none());
    let open = spawn_app_with(|c| c.cors_origins = vec!["https://mp.example.cn".into()]).await;
    let res = preflight(&open, "https://mp.example.cn").await.unwrap();
    assert_eq!(res.headers()["access-control-allow-origin"], "https://mp.example.cn");
    assert!(res.headers()["access-control-allow-headers"].to_str().unwrap().contains("authorization"));
    let res = preflight(&open, "https://evil.example").await.unwrap();
    assert!(res.headers().get("access-control-allow-origin").is_none());
    let res = open.client.post(open.url("/api/v1/eligibility/check")).header("origin", "https://mp.example.cn").json(&json!({})).send().await.unwrap();
    assert_eq!(res.status(), 422, "cross-origin API calls are not refused as form posts");
    assert_eq!(res.headers()["access-control-allow-origin"], "https://mp.example.cn");
}

#[tokio::test]
async fn the_openapi_document_describes_every_route_and_the_viewer_is_served_locally() {
    let app = spawn_app().await;
    let res = app.get("/api/v1/openapi.json").await;
    assert_eq!(res.status(), 200);
    let doc: Value = res.json().await.unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    let documented = |method: &Method, path: &str| {
        paths.iter().any(|(p, item)| {
            let pattern: Vec<&str> = p.split('/').collect();
            let actual: Vec<&str> = path.split('?').next().unwrap().split('/').collect();
            pattern.len() == actual.len() && pattern.iter().zip(&actual).all(|(a, b)| a.starts_with('{') || a == b) && item.get(method.as_str().to_ascii_lowercase()).is_some()
        })
    };
    let mut routes = protected();
    routes.extend([(Method::POST, "/api/v1/auth/code"), (Method::POST, "/api/v1/auth/token"), (Method::POST, "/api/v1/eligibility/check"), (Method::GET, "/api/v1/areas/320104/children")]);
    // A department's intake: its own credential, not a citizen's token.
    routes.push((Method::POST, "/api/v1/feeds/medical_insurance/batches"));
    for (method, path) in &routes {
        assert!(documented(method, path), "{method} {path} is not in the document");
    }
    assert_eq!(paths.values().map(|i| i.as_object().unwrap().len()).sum::<usize>(), routes.len(), "and nothing else");
    let submit = &doc["paths"]["/api/v1/applications"]["post"];
    assert!(submit["parameters"].as_array().unwrap().iter().any(|p| p["name"] == "Idempotency-Key" && p["required"] == true));
    assert_eq!(submit["security"][0]["bearer"], json!([]));
    assert!(submit["responses"]["422"]["content"]["application/problem+json"].is_object());
    assert_eq!(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    // Every schema a route names is in the document (clients generate code from it).
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => m.iter().for_each(|(k, x)| if k == "$ref" { out.extend(x.as_str().map(String::from)) } else { refs(x, out) }),
            Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }
    let mut named = Vec::new();
    refs(&doc, &mut named);
    assert!(named.iter().any(|r| r.ends_with("/RepresentedPlan")), "the plan names whom a proxy follows");
    let missing: Vec<&String> = named.iter().filter(|r| doc["components"]["schemas"][r.trim_start_matches("#/components/schemas/")].is_null()).collect();
    assert!(missing.is_empty(), "named but not described: {missing:?}");

    let res = app.get("/api/v1/docs/").await;
    assert_eq!(res.status(), 200);
    let csp = res.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("default-src 'self'") && !csp.contains("http"), "nothing from elsewhere: {csp}");
    let page = res.text().await.unwrap();
    assert!(page.contains("swagger-ui-bundle.js") && !page.contains("https://"), "{page}");
    let res = app.get("/api/v1/docs/swagger-ui-bundle.js").await;
    assert_eq!(res.status(), 200);
    assert!(res.bytes().await.unwrap().len() > 100_000, "the viewer's own script, from this server");
    let init = app.get("/api/v1/docs/swagger-initializer.js").await.text().await.unwrap();
    assert!(init.contains("\"url\": \"/api/v1/openapi.json\"") && init.contains("\"validatorUrl\": \"none\""), "this server's document, no outside validator: {init}");
}
