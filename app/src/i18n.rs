//! The language the person reads and the message catalogue (generated from `locales/`).

use serde::{Deserialize, Serialize};

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

/// Name of the cookie that remembers the chosen language.
pub const LANG_COOKIE: &str = "lang";

/// Chinese first: the portal speaks 简体中文 unless the person chose English.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    ZhCn,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::ZhCn, Lang::En];

    /// The BCP 47 tag, used in `<html lang>`, the cookie and the switch URL.
    pub const fn code(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code().eq_ignore_ascii_case(code.trim()))
    }

    /// The language the switch offers.
    pub const fn other(self) -> Lang {
        match self {
            Lang::ZhCn => Lang::En,
            Lang::En => Lang::ZhCn,
        }
    }

    pub const fn t(self, m: Msg) -> &'static str {
        match self {
            Lang::ZhCn => text_zh_cn(m),
            Lang::En => text_en(m),
        }
    }

    /// A calendar day as people write it: `2026年12月2日`, `2 Dec 2026`.
    pub fn date(self, d: crate::domain::date::Date) -> String {
        const MONTHS: [Msg; 12] = [
            Msg::Month1, Msg::Month2, Msg::Month3, Msg::Month4, Msg::Month5, Msg::Month6,
            Msg::Month7, Msg::Month8, Msg::Month9, Msg::Month10, Msg::Month11, Msg::Month12,
        ];
        let (y, m, day) = d.ymd();
        let month = self.t(MONTHS[(m as usize).clamp(1, 12) - 1]).to_string();
        fill(self.t(Msg::DateLong), &[("year", y.to_string()), ("month", month), ("day", day.to_string())])
    }

    /// A moment in Beijing time: `2026年12月2日 13:31`, `2 Dec 2026, 13:31`.
    pub fn date_time(self, at: crate::domain::instant::Instant) -> String {
        let w = at.beijing();
        let time = format!("{:02}:{:02}", w.hour, w.minute);
        fill(self.t(Msg::DateTime), &[("date", self.date(w.date)), ("time", time)])
    }

    /// A stored UTC moment in Beijing time; a value that is not one (which the server never
    /// writes) is shown as it is rather than hidden.
    pub fn local_time(self, utc: &str) -> String {
        crate::domain::instant::Instant::parse(utc).map(|at| self.date_time(at)).unwrap_or_else(|_| utc.to_string())
    }

    /// Reads the language from a `Cookie` header; anything unknown means Chinese.
    pub fn from_cookie_header(header: &str) -> Lang {
        header
            .split(';')
            .filter_map(|pair| pair.split_once('='))
            .find(|(name, _)| name.trim() == LANG_COOKIE)
            .and_then(|(_, value)| Lang::from_code(value))
            .unwrap_or_default()
    }
}

/// Replaces each `{name}` in a catalogue text with its value.
pub fn fill(template: &str, args: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The language of the page being rendered (provided by the shell from the request).
pub fn use_lang() -> Lang {
    leptos::prelude::use_context::<Lang>().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_in_beijing_time_in_each_language() {
        let at = crate::domain::instant::Instant::parse("2026-12-02T05:31:28Z").unwrap();
        assert_eq!(Lang::ZhCn.date_time(at), "2026年12月2日 13:31");
        assert_eq!(Lang::En.date_time(at), "2 Dec 2026, 13:31");
        let new_year = crate::domain::instant::Instant::parse("2026-12-31T16:05:00Z").unwrap();
        assert_eq!(Lang::ZhCn.date_time(new_year), "2027年1月1日 00:05");
        assert_eq!(Lang::En.date_time(new_year), "1 Jan 2027, 00:05");
    }

    #[test]
    fn every_message_has_text_in_every_language() {
        for m in Msg::ALL {
            for lang in Lang::ALL {
                assert!(!lang.t(*m).trim().is_empty(), "{m:?} is empty in {}", lang.code());
            }
        }
    }

    #[test]
    fn english_is_a_translation_not_a_copy() {
        let same: Vec<_> = Msg::ALL
            .iter()
            .filter(|m| Lang::ZhCn.t(**m) == Lang::En.t(**m))
            .collect();
        assert!(same.is_empty(), "untranslated: {same:?}");
    }

    #[test]
    fn english_has_no_chinese_characters_or_full_width_punctuation() {
        let cjk = |c: char| matches!(c, '\u{3000}'..='\u{303F}' | '\u{3400}'..='\u{9FFF}' | '\u{FF00}'..='\u{FFEF}');
        // The switch names the other language in that language, as language pickers do.
        let own_name = [Msg::LangSwitchLabel, Msg::LangSwitchHint];
        let chinese: Vec<_> = Msg::ALL
            .iter()
            .filter(|m| !own_name.contains(m) && Lang::En.t(**m).chars().any(cjk))
            .map(|m| (m, Lang::En.t(*m)))
            .collect();
        assert!(chinese.is_empty(), "{chinese:?}");
    }

    #[test]
    fn chinese_is_the_default() {
        assert_eq!(Lang::default(), Lang::ZhCn);
        assert_eq!(Lang::from_cookie_header(""), Lang::ZhCn);
        assert_eq!(Lang::from_cookie_header("lang=fr"), Lang::ZhCn);
        assert_eq!(Lang::from_cookie_header("other=en"), Lang::ZhCn);
    }

    #[test]
    fn cookie_choice_is_read_among_other_cookies() {
        assert_eq!(Lang::from_cookie_header("a=1; lang=en; b=2"), Lang::En);
        assert_eq!(Lang::from_cookie_header("lang=zh-CN"), Lang::ZhCn);
        assert_eq!(Lang::from_cookie_header("lang=EN"), Lang::En);
    }

    #[test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert_eq!(lang.other().other(), lang);
        }
    }
}
