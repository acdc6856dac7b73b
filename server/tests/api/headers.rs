use crate::helpers::spawn_app;

#[tokio::test]
async fn pages_carry_a_csp_whose_nonce_matches_the_inline_script_and_style() {
    let app = spawn_app().await;
    let res = app.get("/").await;
    let csp = res.headers()["content-security-policy"].to_str().unwrap().to_string();
    let body = res.text().await.unwrap();
    let nonce = csp.split("'nonce-").nth(1).and_then(|s| s.split('\'').next()).expect("nonce in CSP");
    assert!(nonce.len() >= 16);
    assert!(body.contains(&format!("<style nonce=\"{nonce}\">")), "style carries the nonce");
    assert!(body.contains(&format!("<script nonce=\"{nonce}\">")), "the inline data script carries the nonce");
    assert!(csp.contains("frame-ancestors 'none'"));
    assert!(csp.contains("object-src 'none'"));
    assert!(!csp.contains("unsafe-inline"));
    let again = app.get("/").await.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert_ne!(csp, again, "a fresh nonce per response");

    // A page with an island loads the bundle by a module script that carries the nonce too.
    let fresh = app.signed_in("13800005504").await;
    let res = app.get_with("/pledge", &[("cookie", &fresh)]).await;
    let csp = res.headers()["content-security-policy"].to_str().unwrap().to_string();
    let nonce = csp.split("'nonce-").nth(1).and_then(|s| s.split('\'').next()).expect("nonce in CSP").to_string();
    let body = res.text().await.unwrap();
    assert!(body.contains("<leptos-island"), "the pledge page has its signature pad");
    assert!(body.contains(&format!("<script type=\"module\" nonce=\"{nonce}\">")), "the module script carries the nonce");
}

#[tokio::test]
async fn every_response_has_the_security_headers() {
    let app = spawn_app().await;
    for path in ["/", "/healthz", "/no-such-page", "/favicon.ico", "/lang/en"] {
        let res = app.get(path).await;
        let h = res.headers();
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "same-origin", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert!(h["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"), "{path}");
    }
}

#[tokio::test]
async fn each_request_gets_an_id_and_a_callers_id_is_kept() {
    let app = spawn_app().await;
    let a = app.get("/healthz").await.headers()["x-request-id"].to_str().unwrap().to_string();
    let b = app.get("/healthz").await.headers()["x-request-id"].to_str().unwrap().to_string();
    assert!(!a.is_empty());
    assert_ne!(a, b);
    let res = app.get_with("/healthz", &[("x-request-id", "lb-1234")]).await;
    assert_eq!(res.headers()["x-request-id"], "lb-1234");
}

#[tokio::test]
async fn pages_are_never_stored_by_shared_caches() {
    let app = spawn_app().await;
    assert_eq!(app.get("/").await.headers()["cache-control"], "no-store");
}
