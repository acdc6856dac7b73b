//! The page-weight budget of DEVELOPERS.md: the first response (HTML with its inlined
//! critical CSS) fits in 14 KB compressed, so a phone on a slow link renders after one
//! round trip. Sizes are deterministic, so this is a test, not a benchmark.

use crate::helpers::spawn_app;

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
    let form = [
        ("area", "320104"), ("hukou_local", "no"), ("members", "3"), ("m0_age", "63"), ("m0_income", "2000"),
        ("m1_relation", "spouse"), ("m1_age", "61"), ("m1_income", "1500"), ("m2_relation", "grandchild"), ("m2_age", "9"),
        ("m2_ill", "true"), ("income", "3500"), ("savings", "5000"), ("medical", "340000"), ("event", "serious_illness"),
        ("event_date", "2026-02-20"), ("event_loss", "340000"), ("recv_dibao", "true"), ("pledge", "yes"),
        ("step", "pledge"), ("action", "continue"),
    ];
    let res = app.client.post(app.url("/check")).header("accept-encoding", "br").form(&form).send().await.unwrap();
    assert_eq!(res.headers()["content-encoding"], "br");
    let size = res.bytes().await.unwrap().len();
    assert!(size <= FIRST_RESPONSE_BUDGET_BYTES, "results page is {size} bytes brotli");
}
