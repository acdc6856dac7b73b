//! URL paths of the portal, in one place so links, routes and tests agree.

pub const HOME: &str = "/";
pub const CHECK: &str = "/check";
/// The checker's results alone, for the live panel on the results page.
pub const CHECK_RESULTS: &str = "/check/results";
pub const APPLY: &str = "/apply";
pub const STATUS: &str = "/status";
/// The resident's service plan and visits (#15 item 9).
pub const MY_SERVICES: &str = "/status/services";
pub const STAFF: &str = "/staff";
pub const SIGN_IN: &str = "/signin";
pub const SIGN_OUT: &str = "/signout";
pub const PLEDGE: &str = "/pledge";
pub const IDENTITY: &str = "/account/identity";
pub const PLEDGE_RECEIPT: &str = "/pledge/receipt";
/// Anyone checks a printed letter's code here; `/verify/{code}` is what its QR code opens.
pub const VERIFY: &str = "/verify";
/// `/apply/step/{step}`: one page of the application form.
pub const APPLY_STEP: &str = "/apply/step";
/// Carries the checker's answers (or nothing) into a draft, then goes to its next step.
pub const APPLY_START: &str = "/apply/start";
/// Deleting the draft: a page that asks first, and its post.
pub const DRAFT_DELETE: &str = "/apply/draft/delete";
/// Everything the portal holds about the signed-in person, and its download.
pub const MY_DATA: &str = "/account/data";
pub const MY_DATA_JSON: &str = "/account/data.json";
pub const APPLY_DOCUMENTS: &str = "/apply/documents";
pub const APPLY_SUBMIT: &str = "/apply/submit";
/// `/apply/done/{reference}`: the confirmation page.
pub const APPLY_DONE: &str = "/apply/done";

/// The language switch: `/lang/{code}?next={local path}`; works without JavaScript.
pub fn lang_switch(lang: crate::i18n::Lang, next: &str) -> String {
    format!("/lang/{}?next={}", lang.code(), encode_query_value(next))
}

/// Only a path on this site may follow a language switch: anything else (another host,
/// `//evil`, a scheme, control characters) goes home instead of becoming an open redirect.
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.starts_with("/\\")
                && !p.chars().any(|c| c.is_control() || c == '\\') =>
        {
            p
        }
        _ => HOME,
    }
}

/// `path?next=…` with the destination encoded.
pub fn with_next(path: &str, next: &str) -> String {
    format!("{path}?next={}", encode_query_value(next))
}

/// `path?k=v&…` with every key and value encoded.
pub fn with_query<'a>(path: &str, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let query: Vec<String> = pairs.into_iter().map(|(k, v)| format!("{}={}", encode_query_value(k), encode_query_value(v))).collect();
    if query.is_empty() { path.to_string() } else { format!("{path}?{}", query.join("&")) }
}

fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn switch_link_keeps_the_page_and_its_query() {
        assert_eq!(lang_switch(Lang::En, "/check?step=2"), "/lang/en?next=/check%3Fstep%3D2");
        assert_eq!(lang_switch(Lang::ZhCn, "/"), "/lang/zh-CN?next=/");
    }

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_next(Some("/status")), "/status");
        assert_eq!(safe_next(Some("/check?x=1")), "/check?x=1");
        for bad in ["//evil.example", "https://evil.example", "/\\evil", "evil", "", "/a\r\nSet-Cookie: x"] {
            assert_eq!(safe_next(Some(bad)), HOME, "{bad:?}");
        }
        assert_eq!(safe_next(None), HOME);
    }
}
