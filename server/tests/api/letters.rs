//! Printed letters (#13 item 4): the receipt, the decision notice and the pledge receipt are
//! PDFs whose text (read back with pdftotext) is the Chinese letter with its reference and a
//! code that `/verify` answers for; a made-up code is "not found". Only the applicant, staff
//! who may see the case and the app with the applicant's token get them.

use app::domain::staff::Role;

use crate::helpers::{location, spawn_app, TestApp};

/// The text a PDF reader gets out of `pdf`, without the spaces and line breaks of its
/// layout (a sentence may wrap anywhere).
fn text_of(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("letter.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = std::process::Command::new("pdftotext").arg("-layout").arg(&file).arg("-").output().expect("pdftotext (Debian poppler-utils; make test installs it)");
    assert!(out.status.success(), "pdftotext read it");
    String::from_utf8(out.stdout).unwrap().split_whitespace().collect()
}

/// Downloads a letter: its status, and its text when it is a PDF.
async fn letter(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> (u16, Option<String>) {
    let res = app.get_with(path, headers).await;
    let status = res.status().as_u16();
    let pdf = res.headers().get("content-type").is_some_and(|t| t == "application/pdf");
    let bytes = res.bytes().await.unwrap();
    (status, (status == 200 && pdf && bytes.starts_with(b"%PDF-")).then(|| text_of(&bytes)))
}

/// The verification code printed on a letter, as typed: `ABCDE-FGHJK`.
fn printed_code(text: &str) -> String {
    let alphabet = app::domain::letter::LetterCode::ALPHABET;
    let chars: Vec<char> = text.chars().collect();
    let code = chars.windows(11).find(|w| w[5] == '-' && w.iter().enumerate().all(|(i, c)| i == 5 || (c.is_ascii() && alphabet.contains(&(*c as u8)))));
    code.map(|w| w.iter().collect()).unwrap_or_else(|| panic!("no code in:\n{text}"))
}

#[tokio::test]
async fn the_receipt_and_the_decision_are_chinese_pdfs_that_verify() {
    let app = spawn_app().await;
    let citizen = app.ready_to_apply("13812349001", "王小明", "11010519491231002X").await;
    app.fill_in(&citizen).await;
    let draft = app.draft_id(&citizen).await;
    let reference = location(&app.submit(&citizen, &draft).await).rsplit('/').next().unwrap().to_string();
    let me = [("cookie", citizen.as_str())];

    // Offered where the person looks, then downloaded.
    let (_, status_page) = app.page(&format!("/status/{reference}"), &me).await;
    assert!(status_page.contains(&format!("href=\"/status/{reference}/letters/receipt\"")));
    assert!(!status_page.contains("letters/decision"), "no decision yet, so no decision letter");
    let (status, text) = letter(&app, &format!("/status/{reference}/letters/receipt"), &me).await;
    assert_eq!(status, 200);
    let text = text.expect("a PDF");
    for expected in ["社会救助申请受理回执", reference.as_str(), "王小明", "临时救助", "秦淮区秦虹街道社会救助窗口"] {
        assert!(text.contains(expected), "{expected} in:\n{text}");
    }
    assert!(!text.contains("11010519491231002X") && !text.contains("6222"), "no ID or account number: {text}");
    let code = printed_code(&text);

    // The same letter printed again carries the same code.
    let (_, again) = letter(&app, &format!("/status/{reference}/letters/receipt"), &me).await;
    assert_eq!(printed_code(&again.unwrap()), code);

    // Anyone can check the code, typed in any case and without the hyphen; it says when, and
    // nothing about whom.
    let typed = code.replace('-', "").to_lowercase();
    let res = app.get(&format!("/verify?code={typed}")).await;
    assert_eq!(res.status(), 303);
    let target = location(&res);
    assert_eq!(target, format!("/verify/{}", code.replace('-', "")));
    let (status, page) = app.page(&target, &[]).await;
    assert_eq!(status, 200);
    let today = app::i18n::Lang::ZhCn.date(server::services::today_in_china());
    assert!(page.contains("data-found=\"true\"") && page.contains(&today), "{page}");
    assert!(!page.contains("王小明") && !page.contains(&reference), "the check shows nothing else");
    let (status, page) = app.page("/verify/ABCDE-FGHJK", &[]).await;
    assert_eq!(status, 404);
    assert!(page.contains("data-found=\"false\"") && page.contains("没有找到核验码为 ABCDE-FGHJK 的文书"));
    let (status, page) = app.page("/verify?code=%E6%B2%A1%E6%9C%89", &[]).await;
    assert_eq!(status, 422);
    assert!(page.contains("核验码是 10 位字母和数字") && page.contains("value=\"没有\""), "the problem named, the text kept");
    let (status, page) = app.page("/verify", &[]).await;
    assert_eq!(status, 200);
    assert!(page.contains("<form method=\"get\" action=\"/verify\""));
    let (status, page) = app.page("/verify?code=%ZZ%25", &[]).await;
    assert!(status == 422 && page.contains("核验码是 10 位字母和数字"), "odd bytes in the query are a code of the wrong shape");

    // No decision yet: no decision letter. Someone else gets neither.
    assert_eq!(letter(&app, &format!("/status/{reference}/letters/decision"), &me).await.0, 404);
    let other = app.signed_in("13812349002").await;
    assert_eq!(letter(&app, &format!("/status/{reference}/letters/receipt"), &[("cookie", &other)]).await.0, 404);
    assert_eq!(letter(&app, &format!("/status/{reference}/letters/summons"), &me).await.0, 404);
    assert_eq!(app.get(&format!("/status/{reference}/letters/receipt")).await.status(), 303, "signed out: to sign-in");

    // Decided: the notice names the decision, the amount, the basis and the rights.
    let reviewer = app.staff_cookie("l.reviewer", Role::Reviewer, "320104001").await;
    let approver = app.staff_cookie("l.approver", Role::Approver, "320104001").await;
    app.act_ok(&reviewer, &reference, "accept", &[]).await;
    app.act_ok(&approver, &reference, "approve", &[("multiple", "2")]).await;
    let (_, status_page) = app.page(&format!("/status/{reference}"), &me).await;
    assert!(status_page.contains(&format!("href=\"/status/{reference}/letters/decision\"")));
    let (status, text) = letter(&app, &format!("/status/{reference}/letters/decision"), &me).await;
    assert_eq!(status, 200);
    let text = text.unwrap();
    let amount = app.store.case_by_reference(&reference).await.unwrap().unwrap().amount_fen.unwrap();
    let yuan = app::domain::money::Fen::new(amount).unwrap().yuan_text();
    for expected in ["救助决定书", reference.as_str(), "给予救助", &format!("一次性{yuan}元"), "《社会救助暂行办法》第九章", "行政复议", "行政诉讼", "秦淮区秦虹街道社会救助窗口"] {
        assert!(text.contains(expected), "{expected} in:\n{text}");
    }
    let decision_code = printed_code(&text);
    assert_ne!(decision_code, code, "each letter its own code");
    assert_eq!(app.page(&format!("/verify/{decision_code}"), &[]).await.0, 200);

    // Staff print both from the case page; the print is in the audit log.
    let (_, case_page) = app.page(&format!("/staff/cases/{reference}"), &[("cookie", &reviewer)]).await;
    assert!(case_page.contains(&format!("/staff/cases/{reference}/letters/decision")));
    let (status, text) = letter(&app, &format!("/staff/cases/{reference}/letters/decision"), &[("cookie", &reviewer)]).await;
    assert_eq!(status, 200);
    assert_eq!(printed_code(&text.unwrap()), decision_code);
    let row = app.store.application_by_reference(&reference).await.unwrap().unwrap().0;
    let audit = app.store.audit_entries_for(&format!("application:{}", row.id)).await.unwrap();
    assert!(audit.iter().any(|e| e.entry.action == "letter.print" && e.entry.detail == "decision"), "the print is logged");

    // The app gets the same letters with the applicant's token.
    let token = app.later_api_token("13812349001", 2).await;
    let bearer = format!("Bearer {token}");
    let (status, text) = letter(&app, &format!("/api/v1/applications/{reference}/letters/receipt"), &[("authorization", &bearer)]).await;
    assert_eq!(status, 200);
    assert_eq!(printed_code(&text.unwrap()), code);
    let res = app.get_with(&format!("/api/v1/applications/{reference}/letters/summons"), &[("authorization", &bearer)]).await;
    assert_eq!(res.status(), 404);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let stranger = format!("Bearer {}", app.later_api_token("13812349002", 2).await);
    assert_eq!(app.get_with(&format!("/api/v1/applications/{reference}/letters/receipt"), &[("authorization", &stranger)]).await.status(), 404);
}

#[tokio::test]
async fn a_refusal_letter_gives_the_reason_and_the_pledge_receipt_prints_too() {
    let app = spawn_app().await;
    let citizen = app.ready_to_apply("13812349003", "李四", "110105194912310046").await;
    app.fill_in(&citizen).await;
    let draft = app.draft_id(&citizen).await;
    let reference = location(&app.submit(&citizen, &draft).await).rsplit('/').next().unwrap().to_string();
    let reviewer = app.staff_cookie("r.reviewer", Role::Reviewer, "320104001").await;
    let approver = app.staff_cookie("r.approver", Role::Approver, "320104001").await;
    app.act_ok(&reviewer, &reference, "accept", &[]).await;
    app.act_ok(&approver, &reference, "reject", &[("reason", "家庭月人均收入高于当地标准"), ("basis", "临时救助办法第五条")]).await;
    let (status, text) = letter(&app, &format!("/status/{reference}/letters/decision"), &[("cookie", &citizen)]).await;
    assert_eq!(status, 200);
    let text = text.unwrap();
    for expected in ["不予救助决定书", "不予救助", "家庭月人均收入高于当地标准", "60日内", "6个月内"] {
        assert!(text.contains(expected), "{expected} in:\n{text}");
    }
    assert!(!text.contains("救助金额"), "no amount on a refusal");

    // The pledge signed before applying: its receipt page offers the PDF.
    let row = app.store.application_by_reference(&reference).await.unwrap().unwrap().0;
    let pledge_code = app.store.latest_pledge_code(&row.citizen_id).await.unwrap().expect("a signed pledge");
    let (_, page) = app.page(&format!("/pledge/receipt/{pledge_code}"), &[("cookie", &citizen)]).await;
    assert!(page.contains(&format!("href=\"/pledge/receipt/{pledge_code}/pdf\"")));
    let (status, text) = letter(&app, &format!("/pledge/receipt/{pledge_code}/pdf"), &[("cookie", &citizen)]).await;
    assert_eq!(status, 200);
    let text = text.unwrap();
    for expected in ["社会救助诚信承诺书签署回执", "李四", pledge_code.as_str()] {
        assert!(text.contains(expected), "{expected} in:\n{text}");
    }
    assert_eq!(app.page(&format!("/verify/{}", printed_code(&text).replace('-', "")), &[]).await.0, 200);
    let other = app.signed_in("13812349004").await;
    assert_eq!(letter(&app, &format!("/pledge/receipt/{pledge_code}/pdf"), &[("cookie", &other)]).await.0, 404);
}
