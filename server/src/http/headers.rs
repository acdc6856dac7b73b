//! Security and caching headers added to every response.

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::client::Proxies;

/// For responses that set no CSP of their own (JSON, static files, errors). HTML pages set
/// a stricter one with a per-response nonce in the shell.
const FALLBACK_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

pub async fn security_and_cache(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set = |headers: &mut axum::http::HeaderMap, name: HeaderName, value: &'static str| {
        headers.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(headers, header::CONTENT_SECURITY_POLICY, FALLBACK_CSP);
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::REFERRER_POLICY, "same-origin");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(headers, HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    set(headers, HeaderName::from_static("permissions-policy"), "camera=(self), geolocation=(), microphone=(), payment=()");
    set(headers, header::CACHE_CONTROL, cache_policy(&path, headers));
    response
}

/// Refuses form posts from other sites (with SameSite=Lax cookies, the CSRF defence for the
/// web pages). Browsers send `Origin` or `Sec-Fetch-Site` on every such post.
pub async fn same_origin_posts(State(proxies): State<Proxies>, request: Request, next: Next) -> Response {
    let unsafe_method = !matches!(*request.method(), axum::http::Method::GET | axum::http::Method::HEAD | axum::http::Method::OPTIONS);
    if unsafe_method && !request.uri().path().starts_with("/api/v1/") {
        let headers = request.headers();
        let cross_site = headers.get("sec-fetch-site").is_some_and(|v| v == "cross-site");
        // A load balancer may rewrite Host and report the original in X-Forwarded-Host; a
        // cross-site form post cannot set that header, so behind one either name counts as
        // this site. Reached directly, only Host does.
        let names: &[&str] = if proxies.behind() { &[header::HOST.as_str(), "x-forwarded-host"] } else { &[header::HOST.as_str()] };
        let hosts: Vec<&str> = names
            .iter()
            .filter_map(|h| headers.get(*h).and_then(|v| v.to_str().ok()))
            .collect();
        let foreign_origin = headers
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|origin| !origin.split_once("://").is_some_and(|(_, h)| hosts.contains(&h)));
        if cross_site || foreign_origin {
            return (axum::http::StatusCode::FORBIDDEN, "cross-site form posts are refused").into_response();
        }
    }
    next.run(request).await
}

/// Hashed bundle files never change under their name; pages may carry personal data and
/// are never stored by shared caches; other static files are refreshed daily.
fn cache_policy(path: &str, headers: &axum::http::HeaderMap) -> &'static str {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    // Pages and API answers are generated per request and may be personal.
    let generated = content_type.starts_with("text/html") || content_type.starts_with("application/json") || content_type.starts_with("application/problem+json");
    if path.starts_with("/pkg/") && !generated {
        "public, max-age=31536000, immutable"
    } else if generated || ["/api/", "/staff", "/status", "/apply", "/account", "/pledge", "/dev/"].iter().any(|p| path.starts_with(p)) {
        // Documents, exports and anything else behind a sign-in are personal.
        "no-store"
    } else {
        "public, max-age=86400"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html() -> axum::http::HeaderMap {
        let mut h = axum::http::HeaderMap::new();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
        h
    }

    #[test]
    fn bundles_are_immutable_pages_are_not_stored() {
        let none = axum::http::HeaderMap::new();
        assert_eq!(cache_policy("/pkg/portal.abc123.wasm", &none), "public, max-age=31536000, immutable");
        assert_eq!(cache_policy("/", &html()), "no-store");
        assert_eq!(cache_policy("/pkg/missing", &html()), "no-store");
        let mut json = axum::http::HeaderMap::new();
        json.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        assert_eq!(cache_policy("/readyz", &json), "no-store");
        assert_eq!(cache_policy("/api/v1/anything", &none), "no-store");
        assert_eq!(cache_policy("/favicon.ico", &none), "public, max-age=86400");
        assert_eq!(cache_policy("/staff/district.csv", &none), "no-store", "exports are never cached");
        assert_eq!(cache_policy("/status/SA1/documents/x", &none), "no-store", "nor documents");
    }
}
