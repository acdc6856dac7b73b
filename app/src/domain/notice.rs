//! What a person is texted when their case moves (通知). Each message says which application
//! and what happened, and sends the person to the portal for the rest: it never carries an
//! ID number or an amount of money, only the reference and, for a request for more
//! information, the day it is due. Texts are catalogue templates in the person's language.

use crate::domain::case::EventKind;
use crate::domain::date::Date;
use crate::i18n::{fill, Lang, Msg};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    Received,
    Accepted,
    MoreInformation { due: Date },
    Approved,
    ProvisionallyApproved,
    Rejected,
    /// A payment recorded, emergency help (先行救助) included.
    Paid,
    /// The 容缺 follow-up check has its outcome.
    Checked,
}

impl Notice {
    /// The message a change of this kind sends, if any; `due` is a request's due day.
    pub fn after(event: EventKind, due: Option<Date>) -> Option<Notice> {
        Some(match event {
            EventKind::Submitted | EventKind::Registered => Notice::Received,
            EventKind::Accepted => Notice::Accepted,
            EventKind::InfoRequested => Notice::MoreInformation { due: due? },
            EventKind::Approved => Notice::Approved,
            EventKind::ProvisionallyApproved => Notice::ProvisionallyApproved,
            EventKind::Rejected => Notice::Rejected,
            EventKind::Paid | EventKind::EmergencyAid => Notice::Paid,
            EventKind::Verified => Notice::Checked,
            _ => return None,
        })
    }

    /// Every notice's code: each needs a provider template in each language.
    pub const CODES: [&'static str; 8] = ["received", "accepted", "more_information", "approved", "provisionally_approved", "rejected", "paid", "checked"];

    pub const fn code(self) -> &'static str {
        match self {
            Notice::Received => "received",
            Notice::Accepted => "accepted",
            Notice::MoreInformation { .. } => "more_information",
            Notice::Approved => "approved",
            Notice::ProvisionallyApproved => "provisionally_approved",
            Notice::Rejected => "rejected",
            Notice::Paid => "paid",
            Notice::Checked => "checked",
        }
    }

    /// What an SMS provider's template for this notice is filled with: the reference and,
    /// for a request for more information, its due day in the person's language. Nothing
    /// else leaves the portal (the template itself holds the words).
    pub fn params(self, lang: Lang, reference: &str) -> Vec<(&'static str, String)> {
        let mut params = vec![("reference", reference.to_string())];
        if let Notice::MoreInformation { due } = self {
            params.push(("due", lang.date(due)));
        }
        params
    }

    /// The text message, in the person's language.
    pub fn text(self, lang: Lang, reference: &str) -> String {
        let template = match self {
            Notice::Received => Msg::NoticeReceived,
            Notice::Accepted => Msg::NoticeAccepted,
            Notice::MoreInformation { .. } => Msg::NoticeMoreInformation,
            Notice::Approved => Msg::NoticeApproved,
            Notice::ProvisionallyApproved => Msg::NoticeProvisionallyApproved,
            Notice::Rejected => Msg::NoticeRejected,
            Notice::Paid => Msg::NoticePaid,
            Notice::Checked => Msg::NoticeChecked,
        };
        let due = match self {
            Notice::MoreInformation { due } => lang.date(due),
            _ => String::new(),
        };
        fill(lang.t(template), &[("reference", reference.to_string()), ("due", due)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn each_change_a_person_must_know_sends_its_message() {
        let due = Date::parse("2026-12-20").unwrap();
        assert_eq!(Notice::after(EventKind::Submitted, None), Some(Notice::Received));
        assert_eq!(Notice::after(EventKind::InfoRequested, Some(due)), Some(Notice::MoreInformation { due }));
        assert_eq!(Notice::after(EventKind::EmergencyAid, None), Some(Notice::Paid));
        for quiet in [EventKind::Visit, EventKind::Appraisal, EventKind::Assigned, EventKind::NoticeStarted] {
            assert_eq!(Notice::after(quiet, None), None, "{quiet:?} is staff's own business");
        }
        let text = Notice::MoreInformation { due }.text(Lang::ZhCn, "SA261205-ABCDEF");
        assert!(text.contains("SA261205-ABCDEF") && text.contains("2026年12月20日"), "{text}");
        let text = Notice::MoreInformation { due }.text(Lang::En, "SA261205-ABCDEF");
        assert!(text.contains("20 Dec 2026") && !text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{text}");
    }

    proptest! {
        /// Whatever the change and the reference, a message names no money and no ID number:
        /// no run of digits longer than the date's and no currency word.
        #[test]
        fn a_message_never_carries_money_or_an_id_number(
            reference in "SA[0-9]{6}-[2-9A-Z]{6}",
            event in prop::sample::select(EventKind::ALL.to_vec()),
            days in 0i64..400,
            english in any::<bool>(),
        ) {
            let lang = if english { Lang::En } else { Lang::ZhCn };
            let due = Date::parse("2026-12-01").unwrap().plus_days(days);
            if let Some(notice) = Notice::after(event, Some(due)) {
                let text = notice.text(lang, &reference);
                prop_assert!(text.contains(&reference));
                for word in ["元", "yuan", "¥", "￥"] {
                    prop_assert!(!text.contains(word), "{}", text);
                }
                let longest = text.split(|c: char| !c.is_ascii_digit()).map(str::len).max().unwrap_or(0);
                prop_assert!(longest <= 6, "{}", text);
                // What a provider's template receives is a part of the text, no more.
                for (_, value) in notice.params(lang, &reference) {
                    prop_assert!(text.contains(&value), "{} not in {}", value, text);
                }
            }
        }
    }
}
