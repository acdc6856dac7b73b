//! Every time a person reads is Beijing time; storage and the API keep UTC.

use app::domain::instant::Instant;
use app::domain::staff::Role;
use app::i18n::Lang;

use crate::helpers::*;

/// A raw UTC stamp such as `2026-12-02T05:31:28Z` in what a person reads.
fn has_raw_utc(text: &str) -> bool {
    let b = text.as_bytes();
    b.windows(20).any(|w| {
        w[..4].iter().all(u8::is_ascii_digit) && w[4] == b'-' && w[7] == b'-' && w[10] == b'T' && w[13] == b':' && (w[19] == b'Z' || w[19] == b'.' || w[19] == b'+')
    })
}

/// Each `<time datetime="…">shown</time>`: the UTC value and what is shown for it.
fn times(html: &str) -> Vec<(String, String)> {
    html.split("<time datetime=\"")
        .skip(1)
        .map(|rest| {
            let (utc, after) = rest.split_once('"').unwrap();
            let shown = after.split_once('>').unwrap().1.split_once("</time>").unwrap().0;
            (utc.to_string(), shown.to_string())
        })
        .collect()
}

fn assert_beijing(page: &str, lang: Lang, what: &str) {
    assert!(!has_raw_utc(&visible_text(page)), "{what} shows a raw UTC time");
    let found = times(page);
    assert!(!found.is_empty(), "{what} shows its times in <time> elements");
    for (utc, shown) in found {
        let at = Instant::parse(&utc).unwrap_or_else(|_| panic!("{what}: datetime {utc:?} is UTC"));
        assert_eq!(shown, lang.date_time(at), "{what}: {utc} in Beijing time");
    }
}

#[test]
fn the_raw_utc_detector_finds_what_it_should() {
    assert!(has_raw_utc("提交于 2026-12-02T05:31:28Z · 王小明"));
    assert!(!has_raw_utc("提交于 2026年12月2日 13:31 · 王小明"));
    assert!(!has_raw_utc("截止 2026-12-20"));
}

#[tokio::test]
async fn the_citizen_and_staff_pages_show_beijing_time_and_the_api_keeps_utc() {
    let app = spawn_app().await;
    let cookie = app.ready_to_apply("13812347001", "王小明", "11010519491231002X").await;
    app.fill_in(&cookie).await;
    let draft = app.draft_id(&cookie).await;
    let reference = location(&app.submit(&cookie, &draft).await).rsplit('/').next().unwrap().to_string();

    let (_, zh) = app.page(&format!("/status/{reference}"), &[("cookie", &cookie)]).await;
    assert_beijing(&zh, Lang::ZhCn, "the status page");
    let (_, en) = app.page(&format!("/status/{reference}"), &[("cookie", &format!("{cookie}; lang=en"))]).await;
    assert_beijing(&en, Lang::En, "the English status page");

    let reviewer = app.staff_cookie("time.reviewer", Role::Reviewer, "320104001").await;
    let (_, case) = app.page(&format!("/staff/cases/{reference}"), &[("cookie", &reviewer)]).await;
    assert_beijing(&case, Lang::ZhCn, "the case page");

    let signer = app.signed_in("13812347002").await;
    let pledge = [("text_id", "320000-v1-zh-CN"), ("area", "320104"), ("answer", "1"), ("signer_name", "曹维勤")];
    let res = app.client.post(app.url("/pledge")).header("cookie", &signer).form(&pledge).send().await.unwrap();
    let (_, receipt) = app.page(&location(&res), &[("cookie", &signer)]).await;
    assert_beijing(&receipt, Lang::ZhCn, "the pledge receipt");

    let token = app.later_api_token("13812347001", 2).await;
    let (status, body) = app.api(reqwest::Method::GET, &format!("/api/v1/applications/{reference}"), &token, None).await;
    assert_eq!(status, 200);
    let text = body.to_string();
    assert!(has_raw_utc(&text) && !text.contains('年'), "the API speaks UTC: {text}");
}
