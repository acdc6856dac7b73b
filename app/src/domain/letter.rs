//! Printable letters (文书, #13 item 4): the application receipt (受理回执), the pledge
//! receipt and the decision notice (救助决定书 / 不予救助决定书). A letter is what it says —
//! a title, labelled facts, paragraphs, who issued it and when — and a short code that
//! anyone can check at `/verify`. The server lays it out as a PDF; nothing here knows PDF.

use crate::i18n::{fill, Lang, Msg};

/// Which letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LetterKind {
    Receipt,
    Decision,
    Pledge,
}

impl LetterKind {
    pub const ALL: [LetterKind; 3] = [LetterKind::Receipt, LetterKind::Decision, LetterKind::Pledge];

    pub const fn code(self) -> &'static str {
        match self {
            LetterKind::Receipt => "receipt",
            LetterKind::Decision => "decision",
            LetterKind::Pledge => "pledge",
        }
    }

    pub fn from_code(code: &str) -> Option<LetterKind> {
        LetterKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// The code printed on a letter: ten characters from an alphabet without look-alikes (no
/// 0/O, 1/I/L), shown as two groups of five. Typed in any case, with or without spaces or
/// the hyphen.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LetterCode(String);

impl LetterCode {
    pub const ALPHABET: &'static [u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    const LEN: usize = 10;

    pub fn parse(text: &str) -> Option<LetterCode> {
        let code: String = text.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
        (code.len() == Self::LEN && code.bytes().all(|b| Self::ALPHABET.contains(&b))).then_some(LetterCode(code))
    }

    /// A code from random bytes (the server brings the randomness).
    pub fn from_bytes(bytes: [u8; 10]) -> LetterCode {
        LetterCode(bytes.iter().map(|b| Self::ALPHABET[*b as usize % Self::ALPHABET.len()] as char).collect())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `ABCDE-FGHJK`, as printed.
    pub fn grouped(&self) -> String {
        format!("{}-{}", &self.0[..5], &self.0[5..])
    }
}

/// A letter's content, in the order it is printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Letter {
    pub title: String,
    /// Labelled facts: (label, value).
    pub rows: Vec<(String, String)>,
    pub paragraphs: Vec<String>,
    /// The office (or portal) that issued it, printed above the date.
    pub issuer: String,
    /// The day it speaks of (submitted, decided, signed), in words.
    pub date: String,
    /// How to check it: the code and the line saying where.
    pub code: LetterCode,
    pub verify_line: String,
}

/// What a receipt says: the application as submitted.
pub struct ReceiptFacts<'a> {
    pub reference: &'a str,
    pub applicant: &'a str,
    pub programme: &'a str,
    pub office: &'a str,
    pub submitted: &'a str,
    pub accept_by: &'a str,
    pub date: &'a str,
}

/// What a decision notice says.
pub struct DecisionFacts<'a> {
    pub reference: &'a str,
    pub applicant: &'a str,
    pub programme: &'a str,
    pub office: &'a str,
    pub approved: bool,
    /// The amount with its unit and rhythm ("每月 1,110 元"), when approved.
    pub amount: Option<String>,
    /// Why not, when refused.
    pub reason: Option<&'a str>,
    /// The law it rests on.
    pub basis: String,
    /// What follows, line by line (a check to come, money to return); the right to
    /// challenge is `rights`, not one of these lines.
    pub follows: &'a [String],
    /// The periods to challenge it: (days for 行政复议, months for 行政诉讼).
    pub rights: Option<(i64, i64)>,
    pub date: &'a str,
}

/// What a pledge receipt says.
pub struct PledgeFacts<'a> {
    pub signer: &'a str,
    pub on_behalf_of: Option<&'a str>,
    pub text_title: &'a str,
    pub version: &'a str,
    pub text_hash: &'a str,
    pub signed: &'a str,
    pub pledge_code: &'a str,
    pub date: &'a str,
}

fn verify_line(lang: Lang, code: &LetterCode, site: &str) -> String {
    fill(lang.t(Msg::LetterVerify), &[("site", site.to_string()), ("code", code.grouped())])
}

fn row(lang: Lang, label: Msg, value: &str) -> (String, String) {
    (lang.t(label).to_string(), value.to_string())
}

impl Letter {
    pub fn receipt(f: &ReceiptFacts, code: LetterCode, site: &str, lang: Lang) -> Letter {
        Letter {
            title: lang.t(Msg::LetterReceiptTitle).to_string(),
            rows: vec![
                row(lang, Msg::LetterReference, f.reference),
                row(lang, Msg::LetterApplicant, f.applicant),
                row(lang, Msg::LetterProgramme, f.programme),
                row(lang, Msg::LetterOffice, f.office),
                row(lang, Msg::LetterSubmitted, f.submitted),
            ],
            paragraphs: vec![
                fill(lang.t(Msg::LetterReceiptBody), &[("office", f.office.to_string()), ("date", f.accept_by.to_string())]),
                lang.t(Msg::LetterReceiptFollow).to_string(),
            ],
            issuer: f.office.to_string(),
            date: f.date.to_string(),
            verify_line: verify_line(lang, &code, site),
            code,
        }
    }

    pub fn decision(f: &DecisionFacts, code: LetterCode, site: &str, lang: Lang) -> Letter {
        let mut rows = vec![
            row(lang, Msg::LetterReference, f.reference),
            row(lang, Msg::LetterApplicant, f.applicant),
            row(lang, Msg::LetterProgramme, f.programme),
            row(lang, Msg::LetterOutcome, lang.t(if f.approved { Msg::LetterApproved } else { Msg::LetterNotApproved })),
        ];
        if let Some(amount) = &f.amount {
            rows.push(row(lang, Msg::LetterAmount, amount));
        }
        let mut paragraphs = vec![fill(
            lang.t(if f.approved { Msg::LetterDecisionApprovedBody } else { Msg::LetterDecisionRejectedBody }),
            &[("office", f.office.to_string()), ("basis", f.basis.clone())],
        )];
        if let Some(reason) = f.reason.filter(|r| !r.trim().is_empty()) {
            paragraphs.push(fill(lang.t(Msg::LetterReason), &[("reason", reason.trim().to_string())]));
        }
        paragraphs.extend(f.follows.iter().cloned());
        if let Some((days, months)) = f.rights {
            paragraphs.push(fill(lang.t(Msg::LetterRights), &[("office", f.office.to_string()), ("days", days.to_string()), ("months", months.to_string())]));
        }
        Letter {
            title: lang.t(if f.approved { Msg::LetterDecisionTitle } else { Msg::LetterRefusalTitle }).to_string(),
            rows,
            paragraphs,
            issuer: f.office.to_string(),
            date: f.date.to_string(),
            verify_line: verify_line(lang, &code, site),
            code,
        }
    }

    pub fn pledge(f: &PledgeFacts, code: LetterCode, site: &str, lang: Lang) -> Letter {
        let mut rows = vec![row(lang, Msg::LetterSigner, f.signer)];
        if let Some(subject) = f.on_behalf_of {
            rows.push(row(lang, Msg::LetterOnBehalfOf, subject));
        }
        rows.extend([
            row(lang, Msg::LetterPledgeText, &format!("{}（{}）", f.text_title, f.version)),
            row(lang, Msg::LetterPledgeHash, f.text_hash),
            row(lang, Msg::LetterSigned, f.signed),
            row(lang, Msg::LetterPledgeCode, f.pledge_code),
        ]);
        Letter {
            title: lang.t(Msg::LetterPledgeTitle).to_string(),
            rows,
            paragraphs: vec![lang.t(Msg::LetterPledgeBody).to_string()],
            issuer: lang.t(Msg::AppName).to_string(),
            date: f.date.to_string(),
            verify_line: verify_line(lang, &code, site),
            code,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codes_are_read_as_people_type_them() {
        let code = LetterCode::parse("abcde-fghjk").unwrap();
        assert_eq!(code.as_str(), "ABCDEFGHJK");
        assert_eq!(code.grouped(), "ABCDE-FGHJK");
        assert_eq!(LetterCode::parse(" ABCDE FGHJK "), Some(code));
        for bad in ["", "ABCDEFGHJ", "ABCDEFGHJKL", "ABCDEFGHJ0", "ABCDEFGHJI", "ABCDEFGHJ%"] {
            assert_eq!(LetterCode::parse(bad), None, "{bad}");
        }
    }

    proptest! {
        #[test]
        fn every_made_code_reads_back(bytes in any::<[u8; 10]>()) {
            let code = LetterCode::from_bytes(bytes);
            prop_assert_eq!(LetterCode::parse(&code.grouped()), Some(code));
        }
    }

    fn decision(approved: bool, follows: &[String]) -> Letter {
        let f = DecisionFacts {
            reference: "SA261205-ABCDEF",
            applicant: "周阿姨",
            programme: "临时救助",
            office: "秦淮区秦虹街道社会救助窗口",
            approved,
            amount: approved.then(|| "一次性 3,330 元".to_string()),
            reason: (!approved).then_some("家庭收入高于标准"),
            basis: "《社会救助暂行办法》第九章".into(),
            follows,
            rights: Some((60, 6)),
            date: "2026年12月5日",
        };
        Letter::decision(&f, LetterCode::parse("ABCDEFGHJK").unwrap(), "https://portal.example", Lang::ZhCn)
    }

    #[test]
    fn a_refusal_says_why_on_what_basis_and_how_to_challenge_it() {
        let l = decision(false, &[]);
        assert_eq!(l.title, "不予救助决定书");
        let text = l.paragraphs.join("\n");
        assert!(text.contains("家庭收入高于标准") && text.contains("《社会救助暂行办法》第九章"), "{text}");
        assert!(text.contains("60 日内") && text.contains("6 个月内"), "{text}");
        assert!(!l.rows.iter().any(|(label, _)| label.contains("金额")));
        assert!(l.verify_line.contains("ABCDE-FGHJK") && l.verify_line.contains("https://portal.example/verify"), "{}", l.verify_line);
    }

    #[test]
    fn an_approval_names_the_amount_and_keeps_the_right_to_challenge() {
        let l = decision(true, &["请在 2027年1月5日 前配合完成家庭经济状况核对。".to_string()]);
        assert_eq!(l.title, "救助决定书");
        assert!(l.rows.contains(&("救助金额".to_string(), "一次性 3,330 元".to_string())), "{:?}", l.rows);
        let rights = l.paragraphs.iter().filter(|p| p.contains("行政复议")).count();
        assert_eq!(rights, 1, "an approval can be challenged too: {:?}", l.paragraphs);
        assert!(l.paragraphs.iter().any(|p| p.contains("家庭经济状况核对")));
    }
}
