//! Only a page that renders an island downloads the WASM bundle (the speed issue's first
//! rule): the hydration scripts follow the body only where a `<leptos-island>` is in it.

use app::domain::staff::Role;

use crate::helpers::{spawn_app, CHECKER_RESULTS};

/// Whether the page holds an island, and whether it loads anything from `/pkg/`.
fn islands_and_scripts(html: &str) -> (bool, bool) {
    (html.contains("<leptos-island"), html.contains("/pkg/"))
}

#[tokio::test]
async fn pages_without_an_island_load_no_script_and_pages_with_one_do() {
    let app = spawn_app().await;
    let citizen = app.ready_to_apply("13800005501", "王小明", "11010519491231002X").await;
    let staff = app.staff_cookie("islands.reviewer", Role::Reviewer, "320104001").await;
    let reference = app.submitted("13800005502").await;

    let plain: Vec<(String, String)> = vec![
        ("/".into(), String::new()),
        ("/check".into(), String::new()),
        ("/signin".into(), String::new()),
        ("/apply".into(), citizen.clone()),
        ("/apply/step/who".into(), citizen.clone()),
        ("/status".into(), citizen.clone()),
        ("/account/identity".into(), citizen.clone()),
        ("/staff".into(), String::new()),
        ("/staff".into(), staff.clone()),
        (format!("/staff/cases/{reference}"), staff.clone()),
        ("/no-such-page".into(), String::new()),
    ];
    for (path, cookie) in &plain {
        let headers: Vec<(&str, &str)> = if cookie.is_empty() { vec![] } else { vec![("cookie", cookie.as_str())] };
        let (status, html) = app.page(path, &headers).await;
        assert!(status.is_success() || status == 404, "{path}: {status}");
        assert!(html.contains("</main>"), "{path} is a whole page");
        assert_eq!(islands_and_scripts(&html), (false, false), "{path} has no island and loads no script");
        // What is left is Leptos's inline stub for resource data (no download, nothing to run).
        assert!(!html.contains("<script type=\"module\"") && !html.contains("<script src"), "{path} loads no script");
    }

    // The residence step (area picker) and the checker's results (live figures) have islands.
    let (_, residence) = app.page("/apply/step/residence", &[("cookie", &citizen)]).await;
    let results = app.client.post(app.url("/check")).form(&CHECKER_RESULTS).send().await.unwrap().text().await.unwrap();
    // The pledge page (signature pad) for someone who has not signed yet.
    let fresh = app.signed_in("13800005503").await;
    let (_, pledge) = app.page("/pledge", &[("cookie", &fresh)]).await;
    for (name, html) in [("residence step", &residence), ("checker results", &results), ("pledge", &pledge)] {
        assert_eq!(islands_and_scripts(html), (true, true), "{name} has an island and its scripts");
        let island = html.find("<leptos-island").unwrap();
        let script = html.find("/pkg/").unwrap();
        assert!(script > island, "{name}: the scripts follow the body");
        assert!(html.contains("type=\"module\""), "{name} loads the bundle as a module");
        // No preload hints: the bundle waits for the page to be idle (the loader's own rule).
        assert!(!html.contains("rel=\"preload\"") && !html.contains("modulepreload"), "{name} preloads nothing");
    }
}
