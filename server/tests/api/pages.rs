use crate::helpers::spawn_app;

#[tokio::test]
async fn the_home_page_is_complete_server_rendered_html() {
    let app = spawn_app().await;
    let (status, body) = app.page("/", &[]).await;
    assert_eq!(status, 200);
    assert!(body.starts_with("<!DOCTYPE html>"));
    assert!(body.contains("name=\"viewport\""));
    assert!(body.contains("<a href=\"#main\" class=\"skip-link\">跳到主要内容</a>"));
    assert!(body.contains("<main id=\"main\""));
    for (href, label) in [("/check", "查询救助"), ("/apply", "申请"), ("/status", "进度"), ("/staff", "工作台")] {
        assert!(body.contains(&format!("<a href=\"{href}\">{label}</a>")), "nav link {href}");
    }
    assert!(body.contains("<title>首页 - 社会救助自助服务平台</title>"), "title");
}

#[tokio::test]
async fn each_journey_has_a_page_and_marks_itself_in_the_navigation() {
    let app = spawn_app().await;
    for (path, heading) in [("/check", "查一查能得到哪些救助"), ("/apply", "申请救助"), ("/staff", "工作台")] {
        let (status, body) = app.page(path, &[]).await;
        assert_eq!(status, 200, "{path}");
        assert!(body.contains(&format!("<h1>{heading}</h1>")), "{path}");
        assert!(body.contains(&format!("<a href=\"{path}\" aria-current=\"page\">")), "{path} is current");
    }
    // One's applications are private: signing in comes first, then back here.
    assert_eq!(app.get("/status").await.headers()["location"], "/signin?next=/status");
}

#[tokio::test]
async fn unknown_pages_get_a_helpful_404_in_the_layout() {
    let app = spawn_app().await;
    for path in ["/no-such-page", "/check/extra/deep", "/pkg/missing.js"] {
        let (status, body) = app.page(path, &[]).await;
        assert_eq!(status, 404, "{path}");
        assert!(body.contains("找不到这个页面"), "{path}");
        assert!(body.contains("<a href=\"/\">返回首页</a>"), "{path}");
        assert!(body.contains("<html lang=\"zh-CN\">"), "{path}");
    }
    let (status, body) = app.page("/no-such-page", &[("cookie", "lang=en")]).await;
    assert_eq!(status, 404);
    assert!(body.contains("We cannot find this page"));
}
