//! The page-weight budget of DEVELOPERS.md: the first response (HTML with its inlined
//! critical CSS) fits in 14 KB compressed, so a phone on a slow link renders after one
//! round trip. Sizes are deterministic, so this is a test, not a benchmark.

use crate::helpers::{spawn_app, CHECKER_RESULTS};

const FIRST_RESPONSE_BUDGET_BYTES: usize = 14 * 1024;

#[tokio::test]
async fn pages_fit_the_first_response_budget_compressed() {
    let app = spawn_app().await;
    for path in ["/", "/check", "/apply", "/signin", "/staff", "/no-such-page"] {
        for encoding in ["br", "gzip"] {
            let res = app.get_with(path, &[("accept-encoding", encoding)]).await;
            assert_eq!(res.headers()["content-encoding"], encoding, "{path} is compressed");
            let size = res.bytes().await.unwrap().len();
            assert!(
                size <= FIRST_RESPONSE_BUDGET_BYTES,
                "{path} is {size} bytes with {encoding}; the budget is {FIRST_RESPONSE_BUDGET_BYTES}"
            );
        }
    }
}

#[tokio::test]
async fn the_checker_results_fit_the_budget_too() {
    let app = spawn_app().await;
    let res = app.client.post(app.url("/check")).header("accept-encoding", "br").form(&CHECKER_RESULTS).send().await.unwrap();
    assert_eq!(res.headers()["content-encoding"], "br");
    let size = res.bytes().await.unwrap().len();
    assert!(size <= FIRST_RESPONSE_BUDGET_BYTES, "results page is {size} bytes brotli");
}
