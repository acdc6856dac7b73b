use crate::helpers::{spawn_app, FAKE_WASM, FAKE_WASM_BR};

#[tokio::test]
async fn hashed_bundles_are_served_precompressed_and_cached_for_a_year() {
    let app = spawn_app().await;
    let res = app.get_with("/pkg/portal.0123abcd.wasm", &[("accept-encoding", "br, gzip")]).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-encoding"], "br");
    assert_eq!(res.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(res.headers()["content-type"], "application/wasm");
    assert_eq!(res.bytes().await.unwrap().as_ref(), FAKE_WASM_BR);

    let plain = app.get("/pkg/portal.0123abcd.wasm").await;
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.bytes().await.unwrap().as_ref(), FAKE_WASM);
}

#[tokio::test]
async fn other_static_files_are_cached_for_a_day() {
    let app = spawn_app().await;
    let res = app.get("/favicon.ico").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "public, max-age=86400");
}

#[tokio::test]
async fn paths_cannot_escape_the_site_folder() {
    let app = spawn_app().await;
    let res = app.get("/..%2F..%2Fdb%2Fportal.db").await;
    assert_eq!(res.status(), 404);
}
