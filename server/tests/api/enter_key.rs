//! Enter (or a phone keyboard's 前往/Go) presses a form's first submit button: on every form
//! with more than one, that first button must do what the primary button does. The browser
//! journeys in `end2end/` press Enter for real; this reads every such page's markup.

use app::domain::staff::Role;

use crate::helpers::*;

/// The attributes of each submit button of each form, in tree order.
fn forms(html: &str) -> Vec<Vec<String>> {
    html.split("<form").skip(1).map(|f| {
        let body = f.split("</form>").next().unwrap_or("");
        body.split("<button").skip(1).map(|b| b.split('>').next().unwrap_or("").to_string()).filter(|b| b.contains("type=\"submit\"")).collect()
    }).collect()
}

fn attr(tag: &str, name: &str) -> String {
    tag.split(&format!(" {name}=\"")).nth(1).and_then(|r| r.split('"').next()).unwrap_or("").to_string()
}

/// The button styled primary; on the checker's results (where the primary action, applying,
/// is a link) the form's "continue", which recomputes.
fn primary(buttons: &[String]) -> Option<&String> {
    let visible = || buttons.iter().filter(|b| !attr(b, "class").contains("default-action"));
    visible().find(|b| attr(b, "class").split(' ').any(|c| c == "button")).or_else(|| visible().find(|b| attr(b, "value") == "continue"))
}

/// Every form with several submit buttons starts with one that does the primary action.
fn assert_enter_is_primary(html: &str, what: &str) -> usize {
    let mut checked = 0;
    for buttons in forms(html).into_iter().filter(|b| b.len() > 1) {
        let first = &buttons[0];
        let primary = primary(&buttons).unwrap_or_else(|| panic!("{what}: a form with several buttons has a primary one: {buttons:?}"));
        assert_eq!((attr(first, "name"), attr(first, "value")), (attr(primary, "name"), attr(primary, "value")), "{what}: Enter presses {first:?}, not the primary {primary:?}");
        checked += 1;
    }
    checked
}

#[test]
fn the_check_catches_a_secondary_button_first() {
    let bad = r#"<form method="post"><button type="submit" name="action" value="remove_member_1" class="button-link">删除</button><button type="submit" name="action" value="continue" class="button">继续</button></form>"#;
    assert!(std::panic::catch_unwind(|| assert_enter_is_primary(bad, "bad")).is_err());
    let good = bad.replacen("<form method=\"post\">", "<form method=\"post\"><button type=\"submit\" name=\"action\" value=\"continue\" class=\"visually-hidden default-action\">继续</button>", 1);
    assert_eq!(assert_enter_is_primary(&good, "good"), 1);
}

#[tokio::test]
async fn every_form_with_several_buttons_does_its_primary_action_on_enter() {
    let app = spawn_app().await;
    let check = |form: Vec<(&'static str, &'static str)>| {
        let app = &app;
        async move { app.client.post(app.url("/check")).form(&form).send().await.unwrap().text().await.unwrap() }
    };
    let mut pages = Vec::new();
    pages.push(("the checker's household step", check(vec![("area", "320104"), ("hukou_local", "yes"), ("members", "1"), ("step", "where"), ("action", "continue")]).await));
    pages.push(("the checker's household step with two people", check(vec![("area", "320104"), ("hukou_local", "yes"), ("members", "1"), ("m0_age", "40"), ("step", "household"), ("action", "add_member")]).await));
    pages.push(("the checker's results", check(vec![("area", "320104"), ("hukou_local", "yes"), ("members", "1"), ("m0_age", "45"), ("income", "500"), ("pledge", "yes"), ("step", "result"), ("action", "continue")]).await));

    let cookie = app.ready_to_apply("13812348001", "王小明", "11010519491231002X").await;
    let res = app.post_step(&cookie, "household", &[("m0_age", "40"), ("action", "add_member")]).await;
    pages.push(("the household step with two people", res.text().await.unwrap()));
    let res = app.post_step(&cookie, "residence", &[("district", "320104"), ("subdistrict", "320104001"), ("action", "pick")]).await;
    pages.push(("the residence step", res.text().await.unwrap()));
    for step in ["who", "programme", "income", "spending", "documents", "payment", "pledge", "review"] {
        pages.push((step, app.page(&format!("/apply/step/{step}"), &[("cookie", &cookie)]).await.1));
    }
    let res = app.client.post(app.url("/signin")).form(&[("action", "send"), ("phone", "13812348002")]).send().await.unwrap();
    pages.push(("the code page of sign-in", res.text().await.unwrap()));
    let reviewer = app.staff_cookie("enter.reviewer", Role::Reviewer, "320104001").await;
    let reference = app.submitted("13812348003").await;
    pages.push(("the case page", app.page(&format!("/staff/cases/{reference}"), &[("cookie", &reviewer)]).await.1));
    pages.push(("the queue", app.page("/staff", &[("cookie", &reviewer)]).await.1));

    let mut checked = 0;
    for (what, html) in &pages {
        checked += assert_enter_is_primary(html, what);
    }
    // The checker's three pages, the two application steps with extra buttons, sign-in.
    assert!(checked >= 6, "the pages with several buttons were reached ({checked})");
}
