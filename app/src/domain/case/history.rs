//! An event's text in words (#18 items 4, 5). Each action stores a short text with its
//! event — "800 2026-11-05 2026-11" for a payment, "false_info 3,200" for the follow-up
//! check, "2026-11-02 agree 村民代表 9 人" for an appraisal. That text is read back into what
//! it says and then said for the person or for staff, in either language, so no code and
//! no division number reaches a reader. A text that does not read as its kind expects
//! (written before the kind had a shape) is shown as it was, without division numbers.

use super::payment::Period;
use super::{AppraisalResult, EventKind, Verification};
use crate::domain::application::status::without_area_codes;
use crate::domain::date::Date;
use crate::domain::money::Fen;
use crate::i18n::{fill, Lang, Msg};

/// What an event's stored text says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Detail {
    Empty,
    /// Free text someone wrote (a reason, the items asked for, what was found).
    Text(String),
    /// An approval's or emergency help's amount.
    Amount(Fen),
    /// 容缺: the monthly amount granted ahead of the check, and the day the check is due.
    Provisional { amount: Fen, check_by: Date },
    Paid { amount: Fen, paid_on: Date, period: Option<Period> },
    Verified { outcome: Verification, recovery: Fen },
    Appraisal { date: Date, result: AppraisalResult, participants: String },
}

/// Who reads the history: the person sees that a visit or appraisal happened, not what was
/// said there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    Applicant,
    Staff,
}

impl Detail {
    /// Reads the text stored with an event of `kind`.
    pub fn read(kind: Option<EventKind>, text: &str) -> Detail {
        let t = text.trim();
        if t.is_empty() {
            return Detail::Empty;
        }
        kind.and_then(|k| structured(k, t)).unwrap_or_else(|| Detail::Text(without_area_codes(t)))
    }

    /// What the reader is told, in `lang`; empty when there is nothing to say.
    pub fn words(&self, reader: Reader, lang: Lang) -> String {
        let yuan = |f: &Fen| fill(lang.t(Msg::AppYuan), &[("amount", f.yuan_text())]);
        match self {
            Detail::Empty => String::new(),
            Detail::Text(t) => t.clone(),
            Detail::Amount(f) => yuan(f),
            Detail::Provisional { amount, check_by } => {
                fill(lang.t(Msg::HistoryProvisional), &[("amount", yuan(amount)), ("date", lang.date(*check_by))])
            }
            Detail::Paid { amount, paid_on, period } => {
                let (amount, date) = (("amount", yuan(amount)), ("date", lang.date(*paid_on)));
                match period {
                    Some(p) => fill(lang.t(Msg::HistoryPaid), &[amount, date, ("period", p.words(lang))]),
                    None => fill(lang.t(Msg::HistoryPaidOn), &[amount, date]),
                }
            }
            Detail::Verified { outcome, recovery } => {
                let said = lang.t(match reader {
                    Reader::Applicant => outcome.citizen_label(),
                    Reader::Staff => outcome.label(),
                });
                match *recovery > Fen::ZERO {
                    true => format!("{said}{}", fill(lang.t(Msg::HistoryRecover), &[("amount", yuan(recovery))])),
                    false => said.to_string(),
                }
            }
            Detail::Appraisal { date, result, participants } => match reader {
                Reader::Applicant => String::new(),
                Reader::Staff => fill(lang.t(Msg::HistoryAppraisal), &[("date", lang.date(*date)), ("result", lang.t(result.label()).to_string()), ("participants", participants.clone())]),
            },
        }
    }
}

fn structured(kind: EventKind, t: &str) -> Option<Detail> {
    let words: Vec<&str> = t.split(' ').collect();
    let rest = |from: usize| words.get(from..).map(|w| w.join(" ")).unwrap_or_default();
    Some(match kind {
        EventKind::Approved | EventKind::EmergencyAid => Detail::Amount(Fen::parse_yuan(t).ok()?),
        EventKind::ProvisionallyApproved => match words[..] {
            [amount, day] => Detail::Provisional { amount: Fen::parse_yuan(amount).ok()?, check_by: Date::parse(day).ok()? },
            _ => return None,
        },
        EventKind::Paid => {
            let (amount, paid_on) = (Fen::parse_yuan(words.first()?).ok()?, Date::parse(words.get(1)?).ok()?);
            let period = match rest(2).as_str() {
                "" => None,
                p => Some(Period::from_code(p)?),
            };
            Detail::Paid { amount, paid_on, period }
        }
        EventKind::Verified => match words[..] {
            [outcome, amount] => Detail::Verified { outcome: Verification::from_code(outcome)?, recovery: Fen::parse_yuan(amount).ok()? },
            _ => return None,
        },
        EventKind::Appraisal => Detail::Appraisal {
            date: Date::parse(words.first()?).ok()?,
            result: AppraisalResult::from_code(words.get(1)?)?,
            participants: rest(2),
        },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn said(kind: EventKind, text: &str, reader: Reader, lang: Lang) -> String {
        Detail::read(Some(kind), text).words(reader, lang)
    }

    #[test]
    fn stored_texts_read_as_words_for_each_reader() {
        use EventKind as K;
        use Reader::*;
        assert_eq!(said(K::Verified, "false_info 3,200", Applicant, Lang::ZhCn), "不符合条件，且提供了不实信息，救助已撤销；需要退回 3,200 元");
        assert_eq!(said(K::Verified, "meets 0", Applicant, Lang::ZhCn), "符合条件，救助继续发放");
        assert_eq!(said(K::Verified, "fails 0", Staff, Lang::En), "Does not qualify, no false information: stop from the next payment");
        assert_eq!(said(K::ProvisionallyApproved, "1,600 2027-01-01", Applicant, Lang::ZhCn), "每月 1,600 元先发放，2027年1月1日前完成家庭经济状况核对");
        assert_eq!(said(K::Paid, "800 2026-11-05 2026-11", Applicant, Lang::En), "800 yuan, Nov 2026, paid 5 Nov 2026");
        // Written before periods were codes: the Chinese month still reads.
        assert_eq!(said(K::Paid, "800 2026-11-05 2026年11月", Staff, Lang::En), "800 yuan, Nov 2026, paid 5 Nov 2026");
        assert_eq!(said(K::Appraisal, "2026-11-02 agree 村民代表 9 人", Staff, Lang::ZhCn), "2026年11月2日评议，同意，村民代表 9 人");
        assert_eq!(said(K::Appraisal, "2026-11-02 agree 村民代表 9 人", Applicant, Lang::ZhCn), "");
        assert_eq!(said(K::Transferred, "秦淮区夫子庙街道 (320104002)：住在夫子庙", Staff, Lang::ZhCn), "秦淮区夫子庙街道：住在夫子庙");
        assert_eq!(said(K::Approved, "6,660", Applicant, Lang::ZhCn), "6,660 元");
        // A text that does not read as its kind stays as it was.
        assert_eq!(said(K::Verified, "meets", Staff, Lang::ZhCn), "meets");
        assert_eq!(said(K::Submitted, "", Staff, Lang::ZhCn), "");
    }

    proptest! {
        /// Whatever an outcome and amount, neither reader is shown the stored code.
        #[test]
        fn no_outcome_code_reaches_a_reader(i in 0usize..3, fen in 0i64..10_000_000, staff in any::<bool>(), en in any::<bool>()) {
            let outcome = Verification::ALL[i];
            let text = format!("{} {}", outcome.code(), Fen::new(fen).unwrap().yuan_text());
            let lang = if en { Lang::En } else { Lang::ZhCn };
            let w = said(EventKind::Verified, &text, if staff { Reader::Staff } else { Reader::Applicant }, lang);
            prop_assert!(!w.contains(outcome.code()), "{w}");
            prop_assert!(!w.is_empty());
        }
    }
}
