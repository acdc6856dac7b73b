//! Spawns the whole application on port 0 with a fresh SQLite database and a small fake
//! site folder, the way the binary runs it.

use std::net::SocketAddr;
use std::path::Path;

use server::config::Config;
use server::startup::Application;
use server::store::Store;

pub struct TestApp {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    pub store: Store,
    _dir: tempfile::TempDir,
}

pub const FAKE_WASM: &[u8] = b"\0asm fake bundle";
pub const FAKE_WASM_BR: &[u8] = b"brotli bytes";

fn fake_site(root: &Path) {
    let pkg = root.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("portal.0123abcd.wasm"), FAKE_WASM).unwrap();
    std::fs::write(pkg.join("portal.0123abcd.wasm.br"), FAKE_WASM_BR).unwrap();
    std::fs::write(root.join("favicon.ico"), b"icon").unwrap();
}

/// Request limits count by the minute: near a minute's end the window could turn over
/// mid-test, so a test of them starts in a fresh one.
pub async fn fresh_minute() {
    let s = chrono::Utc::now().timestamp().rem_euclid(60);
    if s > 50 {
        tokio::time::sleep(std::time::Duration::from_secs((61 - s) as u64)).await;
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::embedded(dir.path());
    fake_site(&config.site_root);
    config.dev_outbox = true;
    // Most tests are about what staff do once signed in; the second factor has its own tests,
    // which turn it back on.
    config.staff_second_factor = false;
    adjust(&mut config);
    let app = Application::build(config).await.expect("app builds");
    let addr = app.local_addr();
    let store = app.store();
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    // No redirects followed and no transparent decompression: tests see what the server sends.
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    TestApp { addr, client, store, _dir: dir }
}

impl TestApp {
    /// The folder the app keeps everything in (database, key file, uploads, site).
    pub fn dir(&self) -> &std::path::Path {
        self._dir.path()
    }

    pub fn upload_dir(&self) -> std::path::PathBuf {
        self._dir.path().join("uploads")
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request sent")
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
        let mut req = self.client.get(self.url(path));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        req.send().await.expect("request sent")
    }

    pub async fn page(&self, path: &str, headers: &[(&str, &str)]) -> (reqwest::StatusCode, String) {
        let res = self.get_with(path, headers).await;
        (res.status(), res.text().await.unwrap())
    }
}

// ---- Flows: what a test does before the thing it tests -------------------------------------
// A new test starts from one of these instead of importing helpers sideways from another
// test module.

pub const STAFF_PASSWORD: &str = "correct horse battery";

/// Where a redirect points, or "" when there is none.
pub fn location(res: &reqwest::Response) -> String {
    res.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default()
}

/// A fresh `Idempotency-Key` for a creating API call.
pub fn idempotency_key() -> String {
    format!("key-{}", uuid::Uuid::new_v4())
}

/// The checker's answers as its last form posts them: the results page (with its island).
pub const CHECKER_RESULTS: [(&str, &str); 21] = [
    ("area", "320104"), ("hukou_local", "no"), ("members", "3"), ("m0_age", "63"), ("m0_income", "2000"),
    ("m1_relation", "spouse"), ("m1_age", "61"), ("m1_income", "1500"), ("m2_relation", "grandchild"), ("m2_age", "9"),
    ("m2_ill", "true"), ("income", "3500"), ("savings", "5000"), ("medical", "340000"), ("event", "serious_illness"),
    ("event_date", "2026-02-20"), ("event_loss", "340000"), ("recv_dibao", "true"), ("pledge", "yes"),
    ("step", "pledge"), ("action", "continue"),
];

/// The API's draft steps with valid answers, as an app sends them.
pub const API_STEPS: [(&str, &str); 7] = [
    ("who", r#"{"for_whom": "self"}"#),
    ("programme", r#"{"programme": "temporary"}"#),
    ("residence", r#"{"district": "320104", "subdistrict": "320104001", "community": "320104001001", "address": "中牌楼 3 栋 201 室", "hukou_local": "no", "months": 8}"#),
    ("household", r#"{"members": 2, "m0_age": 40, "m1_name": "李小红", "m1_relation": "child", "m1_age": 9}"#),
    ("income", r#"{"income": 1500, "savings": 2000}"#),
    ("spending", r#"{"medical": 30000, "event": "serious_illness", "event_date": "2026-10-01", "event_loss": 30000}"#),
    ("payment", r#"{"pay_holder": "王小明", "pay_bank": "农业银行玄武支行", "pay_account": "6228 4801 2345 6789 012"}"#),
];

impl TestApp {
    // -- a citizen on the web pages --

    /// A signed-in citizen's session cookie.
    pub async fn signed_in(&self, phone: &str) -> String {
        self.signed_in_at(phone, chrono::Utc::now().timestamp()).await
    }

    /// Signs in at the given time (e.g. later than the resend limit, as on another device).
    pub async fn signed_in_at(&self, phone: &str, now: i64) -> String {
        use server::services::sign_in::{request_code, start_session, verify_code, OutboxNotifier};
        let p = app::domain::identity::Phone::parse(phone).unwrap();
        let id = request_code(&self.store, &OutboxNotifier(self.store.clone()), &p, "test", now).await.unwrap();
        let code = self.latest_code(phone).await;
        let citizen = verify_code(&self.store, &id, &code, now).await.unwrap();
        format!("sid={}", start_session(&self.store, &citizen, None, now).await.unwrap())
    }

    /// The code last texted to `phone` (the development outbox).
    pub async fn latest_code(&self, phone: &str) -> String {
        let (body, _) = self.store.latest_outbox_for(phone).await.unwrap().unwrap();
        body.chars().filter(char::is_ascii_digit).take(6).collect()
    }

    /// Signed in, real-name details recorded, pledge signed: ready to apply.
    pub async fn ready_to_apply(&self, phone: &str, name: &str, id: &str) -> String {
        let cookie = self.signed_in(phone).await;
        let res = self.client.post(self.url("/account/identity")).header("cookie", &cookie).form(&[("full_name", name), ("id_number", id), ("consent", "true")]).send().await.unwrap();
        assert!(res.status().is_success() || res.status().is_redirection());
        let pledge = [("text_id", "320000-v1-zh-CN"), ("area", "320104"), ("answer", "1"), ("signer_name", name)];
        let res = self.client.post(self.url("/pledge")).header("cookie", &cookie).form(&pledge).send().await.unwrap();
        assert_eq!(res.status(), 303);
        cookie
    }

    pub async fn post_step(&self, cookie: &str, step: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client.post(self.url(&format!("/apply/step/{step}"))).header("cookie", cookie).form(form).send().await.unwrap()
    }

    /// Fills in every step with valid answers (temporary aid in 秦虹街道), checking each
    /// leads to the next.
    pub async fn fill_in(&self, cookie: &str) {
        let steps: [(&str, Vec<(&str, &str)>, &str); 7] = [
            ("who", vec![("for_whom", "self")], "programme"),
            ("programme", vec![("programme", "temporary")], "residence"),
            (
                "residence",
                vec![("district", "320104"), ("subdistrict", "320104001"), ("community", "320104001001"), ("address", "中牌楼 3 栋 201 室"), ("hukou_local", "no"), ("months", "8")],
                "household",
            ),
            ("household", vec![("members", "2"), ("m0_age", "40"), ("m1_name", "李小红"), ("m1_relation", "child"), ("m1_age", "9")], "income"),
            ("income", vec![("income", "1500"), ("savings", "2000")], "spending"),
            ("spending", vec![("medical", "30000"), ("event", "serious_illness"), ("event_date", "2026-10-01"), ("event_loss", "30000")], "documents"),
            ("payment", vec![("pay_holder", "王小明"), ("pay_bank", "农业银行玄武支行"), ("pay_account", "6228 4801 2345 6789 012")], "pledge"),
        ];
        for (step, form, next) in steps {
            let res = self.post_step(cookie, step, &form).await;
            assert_eq!(res.status(), 303, "{step}: {}", res.text().await.unwrap_or_default());
            assert_eq!(location(&res), format!("/apply/step/{next}"), "{step}");
        }
    }

    /// The draft id the check-your-answers page submits.
    pub async fn draft_id(&self, cookie: &str) -> String {
        let (_, page) = self.page("/apply/step/review", &[("cookie", cookie)]).await;
        let at = page.find("name=\"draft_id\" value=\"").expect("review page has the draft id") + 23;
        page[at..at + 32].to_string()
    }

    pub async fn submit(&self, cookie: &str, draft: &str) -> reqwest::Response {
        self.client.post(self.url("/apply/submit")).header("cookie", cookie).form(&[("draft_id", draft)]).send().await.unwrap()
    }

    /// A submitted application from 秦虹街道 (320104001), community 中牌楼 (320104001001),
    /// by 王小明 with this phone; returns its reference.
    pub async fn submitted(&self, phone: &str) -> String {
        let cookie = self.ready_to_apply(phone, "王小明", "11010519491231002X").await;
        self.fill_in(&cookie).await;
        let draft = self.draft_id(&cookie).await;
        location(&self.submit(&cookie, &draft).await).rsplit('/').next().unwrap().to_string()
    }

    // -- staff on the workbench --

    /// A new staff account of `role` in `area`, signed in: its session cookie.
    /// A provider worker works for the district's seeded provider: 秦淮区's own team, or
    /// 相城区's social work centre elsewhere.
    pub async fn staff_cookie(&self, username: &str, role: app::domain::staff::Role, area: &str) -> String {
        let provider_id = (role == app::domain::staff::Role::ProviderWorker).then_some(if area.starts_with("320104") { "demo-qh-team" } else { "demo-xc-sunshine" });
        let account = server::services::staff::NewAccount { username, full_name: "测试人员", phone: "", role, area_code: area, provider_id };
        server::services::staff::create_account(&self.store, &account, Some(STAFF_PASSWORD), "test").await.unwrap();
        let res = self.client.post(self.url("/staff/signin")).form(&[("username", username), ("password", STAFF_PASSWORD)]).send().await.unwrap();
        assert_eq!(res.status(), 303, "{username} signs in");
        let set = res.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict") && set.contains("Path=/staff"));
        set.split(';').next().unwrap().to_string()
    }

    /// A staff action on the case page that must succeed (303); the page's error summary
    /// is in the message when it does not.
    pub async fn act_ok(&self, cookie: &str, reference: &str, action: &str, form: &[(&str, &str)]) {
        let version = self.case_version(reference).await;
        let mut fields = vec![("version", version.as_str())];
        fields.extend_from_slice(form);
        let res = self.client.post(self.url(&format!("/staff/cases/{reference}/{action}"))).header("cookie", cookie).form(&fields).send().await.unwrap();
        let status = res.status();
        let body = res.text().await.unwrap_or_default();
        let summary = body.find("id=\"error-summary\"").map(|i| &body[i..(i + 600).min(body.len())]).unwrap_or_default().to_string();
        assert_eq!(status, 303, "{action}: {summary}");
    }

    /// The version a case page would carry in its forms.
    pub async fn case_version(&self, reference: &str) -> String {
        self.store.application_by_reference(reference).await.unwrap().unwrap().1.to_string()
    }

    /// A reviewer of the case's office asks for more information (补正) on the workbench, as
    /// staff do; returns the request's id.
    pub async fn ask_for_more(&self, reference: &str, items: &str, due: &str) -> String {
        let (row, _, _) = self.store.application_by_reference(reference).await.unwrap().unwrap();
        let username = format!("rv.{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
        let cookie = self.staff_cookie(&username, app::domain::staff::Role::Reviewer, &row.office_code).await;
        let version = self.case_version(reference).await;
        let form = [("version", version.as_str()), ("items", items), ("due", due)];
        let res = self.client.post(self.url(&format!("/staff/cases/{reference}/request-info"))).header("cookie", &cookie).form(&form).send().await.unwrap();
        assert_eq!(res.status(), 303, "the request is made");
        let requests = self.store.information_requests(&row.id).await.unwrap();
        requests.iter().rev().find(|r| r.items == items).expect("the request is kept").id.clone()
    }

    // -- an app on the JSON API --

    /// A bearer token for `phone`, through the two sign-in calls.
    pub async fn api_token(&self, phone: &str) -> String {
        let res = self.client.post(self.url("/api/v1/auth/code")).json(&serde_json::json!({ "phone": phone })).send().await.unwrap();
        assert_eq!(res.status(), reqwest::StatusCode::ACCEPTED);
        let challenge = res.json::<serde_json::Value>().await.unwrap()["challenge_id"].as_str().unwrap().to_string();
        let code = self.latest_code(phone).await;
        self.api_exchange(&challenge, &code).await
    }

    /// Another token for the same phone (a second device), with the code sent `minutes`
    /// later so the one-a-minute resend limit does not apply.
    pub async fn later_api_token(&self, phone: &str, minutes: i64) -> String {
        use server::services::sign_in::{request_code, OutboxNotifier};
        let later = chrono::Utc::now().timestamp() + minutes * 60;
        let p = app::domain::identity::Phone::parse(phone).unwrap();
        let challenge = request_code(&self.store, &OutboxNotifier(self.store.clone()), &p, "test", later).await.unwrap();
        let code = self.latest_code(phone).await;
        self.api_exchange(&challenge, &code).await
    }

    pub async fn api_exchange(&self, challenge: &str, code: &str) -> String {
        let res = self.client.post(self.url("/api/v1/auth/token")).json(&serde_json::json!({ "challenge_id": challenge, "code": code })).send().await.unwrap();
        assert_eq!(res.status(), reqwest::StatusCode::CREATED);
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["token_type"], "Bearer");
        body["access_token"].as_str().unwrap().to_string()
    }

    /// One API call with a bearer token (and a fresh idempotency key on a POST): the status
    /// and the body as JSON (a string when it is not JSON).
    pub async fn api(&self, method: reqwest::Method, path: &str, token: &str, body: Option<serde_json::Value>) -> (reqwest::StatusCode, serde_json::Value) {
        let mut req = self.client.request(method.clone(), self.url(path)).bearer_auth(token);
        if method == reqwest::Method::POST {
            req = req.header("idempotency-key", idempotency_key());
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        (status, if text.is_empty() { serde_json::Value::Null } else { serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)) })
    }

    /// Through the API: signed in, real-name details recorded and the pledge signed; the token.
    pub async fn api_ready(&self, phone: &str, name: &str, id: &str) -> String {
        use reqwest::Method;
        use serde_json::json;
        let t = self.api_token(phone).await;
        let (status, me) = self.api(Method::PUT, "/api/v1/me/identity", &t, Some(json!({ "full_name": name, "id_number": id, "consent": true }))).await;
        assert_eq!(status, 200, "{me}");
        let (_, text) = self.api(Method::GET, "/api/v1/pledge?area=320104", &t, None).await;
        let (status, signed) = self.api(Method::POST, "/api/v1/pledge/signatures", &t, Some(json!({ "text_id": text["text_id"], "answer": 1, "signer_name": name }))).await;
        assert_eq!(status, 201, "{signed}");
        t
    }

    /// Through the API: a draft with every step answered; its id.
    pub async fn filled_draft(&self, token: &str) -> String {
        use reqwest::Method;
        use serde_json::json;
        let (status, draft) = self.api(Method::POST, "/api/v1/drafts", token, Some(json!({}))).await;
        assert_eq!(status, 201, "{draft}");
        let id = draft["id"].as_str().unwrap().to_string();
        for (step, fields) in API_STEPS {
            let fields: serde_json::Value = serde_json::from_str(fields).unwrap();
            let (status, body) = self.api(Method::PUT, &format!("/api/v1/drafts/{id}/steps/{step}"), token, Some(json!({ "fields": fields }))).await;
            assert_eq!(status, 200, "{step}: {body}");
        }
        id
    }
}

/// The page's text as a reader sees it: tags (and so their attributes) removed.
pub fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}
