//! The JSON API for mobile clients (`/api/v1`). Handlers parse, call a service, and shape
//! the answer; errors are RFC 9457 problem documents.

pub mod areas;
pub mod eligibility;
pub mod problem;

use axum::http::HeaderMap;

use app::i18n::Lang;

/// Chinese unless the client prefers English first (`Accept-Language: en…`).
pub fn request_lang(headers: &HeaderMap) -> Lang {
    let header = headers.get(axum::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let first = header.split(',').next().unwrap_or("").split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if first == "en" || first.starts_with("en-") { Lang::En } else { Lang::ZhCn }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_only_when_asked_for_first() {
        let lang = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert("accept-language", v.parse().unwrap());
            request_lang(&h)
        };
        assert_eq!(lang("en-GB,en;q=0.9"), Lang::En);
        assert_eq!(lang("zh-CN,zh;q=0.9,en;q=0.8"), Lang::ZhCn);
        assert_eq!(lang("fr"), Lang::ZhCn);
        assert_eq!(request_lang(&HeaderMap::new()), Lang::ZhCn);
    }
}
