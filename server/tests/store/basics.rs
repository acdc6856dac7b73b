//! The store's foundations on both backends: migrations, seed data, areas, sign-in codes and
//! sessions, the pledge and real-name details.

use server::store::{AreaRow, Backend, Store};

pub async fn a_drawn_signature_is_recorded_by_its_hash(store: &Store) {
    use base64::Engine;
    store.seed().await.unwrap();
    let (id, code) = send(store, &phone(11), "1.2.3.4", T0).await;
    let citizen = sign_in::verify_code(store, &id, &code, T0).await.unwrap();
    let png = b"\x89PNG\r\n\x1a\nnot really an image but a PNG by its signature".to_vec();
    let url = format!("data:image/png;base64,{}", base64::engine::general_purpose::STANDARD.encode(&png));
    let signing = |sig: &'static str| server::services::pledge::Signing {
        citizen_id: &citizen,
        text_id: "320000-v1-zh-CN",
        answer: Some(1),
        signer_name: "缪大爷",
        on_behalf_of: None,
        signature_png: Some(sig),
        client_address: "1.2.3.4",
        user_agent: "test",
        signed_at: chrono::DateTime::from_timestamp(T0, 0).unwrap(),
    };
    let url: &'static str = Box::leak(url.into_boxed_str());
    let signed = server::services::pledge::sign(store, signing(url)).await.unwrap();
    assert_eq!(signed.signature_kind, "drawn");
    use sha2::Digest;
    let expected: String = sha2::Sha256::digest(&png).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(signed.signature_sha256, expected);
    for bad in ["data:image/png;base64,!!!", "data:image/jpeg;base64,AAAA", "data:image/png;base64,QUJD"] {
        let e = server::services::pledge::sign(store, signing(bad)).await.unwrap_err();
        let AppError::Validation(f) = e else { panic!("validation") };
        assert_eq!(f[0].problem, Problem::SignatureUnreadable, "{bad}");
    }
}

pub async fn id_numbers_are_stored_encrypted_and_shown_masked(store: &Store) {
    use server::crypto::DataKey;
    use server::services::identity::{self, DevIdentityVerifier};
    let (id, code) = send(store, &phone(9), "1.2.3.4", T0).await;
    let citizen = sign_in::verify_code(store, &id, &code, T0).await.unwrap();
    let key = DataKey::from_base64(&DataKey::generate_base64()).unwrap();
    let now = chrono::DateTime::from_timestamp(T0, 0).unwrap();
    let shown = identity::save(store, &key, &DevIdentityVerifier, &citizen, "曹维勤", "11010519491231002x", true, now).await.unwrap();
    assert_eq!((shown.full_name.as_str(), shown.id_masked.as_str()), ("曹维勤", "1101**********002X"));
    let row = store.identity(&citizen).await.unwrap().unwrap();
    assert!(!row.id_number_sealed.contains("19491231") && !row.id_number_sealed.contains("11010519"), "no plaintext at rest");
    assert_eq!(row.birth_date, "1949-12-31");
    assert_eq!(row.consent_notice, identity::CONSENT_NOTICE);
    assert_eq!(identity::reveal(store, &key, &citizen).await.unwrap().unwrap().expose(), "11010519491231002X");
    let wrong = DataKey::from_base64(&DataKey::generate_base64()).unwrap();
    assert_eq!(identity::reveal(store, &wrong, &citizen).await.unwrap_err(), AppError::Internal);
    assert_eq!(identity::shown(store, &citizen).await.unwrap().unwrap().id_masked, "1101**********002X");
}

pub async fn real_name_details_name_every_problem(store: &Store) {
    use server::crypto::DataKey;
    use server::services::identity::{self, DevIdentityVerifier};
    let (id, code) = send(store, &phone(10), "1.2.3.4", T0).await;
    let citizen = sign_in::verify_code(store, &id, &code, T0).await.unwrap();
    let key = DataKey::from_base64(&DataKey::generate_base64()).unwrap();
    let now = chrono::DateTime::from_timestamp(T0, 0).unwrap();
    let e = identity::save(store, &key, &DevIdentityVerifier, &citizen, "曹", "110105194912310021", false, now).await.unwrap_err();
    let AppError::Validation(fields) = e else { panic!("validation") };
    let got: Vec<_> = fields.into_iter().map(|f| (f.field, f.problem)).collect();
    assert_eq!(got, [("full_name".into(), Problem::NameFormat), ("id_number".into(), Problem::IdCheckCharacter), ("consent".into(), Problem::ConsentRequired)]);
    assert!(store.identity(&citizen).await.unwrap().is_none(), "nothing stored");
}

async fn signed_pledge(store: &Store) -> server::store::SignedPledgeRow {
    store.seed().await.unwrap();
    let (id, code) = send(store, &phone(7), "1.2.3.4", T0).await;
    let citizen = sign_in::verify_code(store, &id, &code, T0).await.unwrap();
    let area = app::domain::area::AreaCode::parse("320104003").unwrap();
    let text = server::services::pledge::current_text(store, &area, app::i18n::Lang::ZhCn, app::domain::date::Date::parse("2026-11-29").unwrap()).await.unwrap();
    assert_eq!((text.area_code.as_str(), text.version), ("320000", 1), "inherited from the province");
    server::services::pledge::sign(store, server::services::pledge::Signing {
        citizen_id: &citizen,
        text_id: &text.id,
        answer: Some(text.correct_option),
        signer_name: " 曹  维勤 ",
        on_behalf_of: None,
        signature_png: None,
        client_address: "1.2.3.4",
        user_agent: "test",
        signed_at: chrono::DateTime::from_timestamp(T0, 0).unwrap(),
    })
    .await
    .unwrap()
}

pub async fn a_signed_pledge_can_never_be_changed_or_deleted(store: &Store) {
    let signed = signed_pledge(store).await;
    assert_eq!(signed.signer_name, "曹 维勤");
    assert_eq!(signed.signed_at, "2027-01-15T08:00:00Z");
    let id = &signed.id;
    assert!(store.execute_raw(&format!("UPDATE signed_pledges SET signer_name = 'x' WHERE id = '{id}'")).await.is_err());
    assert!(store.execute_raw(&format!("UPDATE signed_pledges SET signed_at = signed_at WHERE id = '{id}'")).await.is_err());
    assert!(store.execute_raw(&format!("DELETE FROM signed_pledges WHERE id = '{id}'")).await.is_err());
    assert!(store.execute_raw("DELETE FROM signed_pledges").await.is_err());
    if store.backend() == Backend::Postgres {
        assert!(store.execute_raw("TRUNCATE signed_pledges CASCADE").await.is_err());
    }
    let again = store.signed_pledge_by_code(&signed.verification_code).await.unwrap();
    assert_eq!(again, Some(signed), "unchanged");
}

pub async fn the_pledge_needs_the_right_answer_and_a_name(store: &Store) {
    store.seed().await.unwrap();
    let (id, code) = send(store, &phone(8), "1.2.3.4", T0).await;
    let citizen = sign_in::verify_code(store, &id, &code, T0).await.unwrap();
    let signing = |answer, name| server::services::pledge::Signing {
        citizen_id: &citizen,
        text_id: "320000-v1-zh-CN",
        answer,
        signer_name: name,
        on_behalf_of: Some(""),
        signature_png: None,
        client_address: "1.2.3.4",
        user_agent: "test",
        signed_at: chrono::DateTime::from_timestamp(T0, 0).unwrap(),
    };
    let e = server::services::pledge::sign(store, signing(Some(0), "曹")).await.unwrap_err();
    let AppError::Validation(fields) = e else { panic!("validation") };
    let names: Vec<_> = fields.iter().map(|f| (f.field.as_str(), f.problem.clone())).collect();
    assert_eq!(names, [("answer", Problem::PledgeAnswerWrong), ("signer_name", Problem::NameFormat)]);
    assert!(server::services::pledge::sign(store, signing(None, "曹维勤")).await.is_err());
    let ok = server::services::pledge::sign(store, signing(Some(1), "曹维勤")).await.unwrap();
    assert_eq!(ok.verification_code.len(), 10);
    let (_, text) = server::services::pledge::receipt(store, &crate::db::key(&ok.verification_code), &citizen).await.unwrap();
    assert_eq!(text.sha256, ok.text_sha256);
    assert_eq!(server::services::pledge::receipt(store, &crate::db::key(&ok.verification_code), "someone-else").await.unwrap_err(), AppError::NotFound);
}


use app::domain::request::Problem;
use app::error::AppError;
use server::services::sign_in::{self as sign_in, OutboxNotifier, LIMITS};
use crate::flows::{phone, send, T0};

fn problem(e: AppError) -> Problem {
    match e {
        AppError::Validation(mut f) => f.remove(0).problem,
        other => panic!("expected a field problem, got {other:?}"),
    }
}

pub async fn a_code_signs_a_citizen_in_once(store: &Store) {
    let p = phone(1);
    let (id, code) = send(store, &p, "1.2.3.4", T0).await;
    assert_eq!(code.len(), 6);
    let citizen = sign_in::verify_code(store, &id, &code, T0 + 30).await.unwrap();
    assert_eq!(problem(sign_in::verify_code(store, &id, &code, T0 + 31).await.unwrap_err()), Problem::CodeExpired, "single use");
    let (id2, code2) = send(store, &p, "1.2.3.4", T0 + 120).await;
    assert_eq!(sign_in::verify_code(store, &id2, &code2, T0 + 130).await.unwrap(), citizen, "same phone, same citizen");
    assert_eq!(problem(sign_in::verify_code(store, "no-such-id", "123456", T0).await.unwrap_err()), Problem::CodeExpired);
    assert_eq!(problem(sign_in::verify_code(store, &id2, "12ab56", T0).await.unwrap_err()), Problem::CodeFormat);
}

pub async fn wrong_codes_run_out_after_five_tries(store: &Store) {
    let (id, code) = send(store, &phone(2), "1.2.3.4", T0).await;
    let wrong = if code == "000000" { "000001" } else { "000000" };
    for left in (1..LIMITS.max_attempts).rev() {
        assert_eq!(problem(sign_in::verify_code(store, &id, wrong, T0 + 1).await.unwrap_err()), Problem::CodeWrong { attempts_left: left });
    }
    assert_eq!(problem(sign_in::verify_code(store, &id, wrong, T0 + 1).await.unwrap_err()), Problem::CodeExpired);
    assert_eq!(problem(sign_in::verify_code(store, &id, &code, T0 + 2).await.unwrap_err()), Problem::CodeExpired, "the right code is too late");
}

pub async fn codes_expire_after_ten_minutes(store: &Store) {
    let (id, code) = send(store, &phone(3), "1.2.3.4", T0).await;
    assert_eq!(problem(sign_in::verify_code(store, &id, &code, T0 + LIMITS.code_ttl_secs).await.unwrap_err()), Problem::CodeExpired);
    let (id, code) = send(store, &phone(4), "1.2.3.4", T0).await;
    assert!(sign_in::verify_code(store, &id, &code, T0 + LIMITS.code_ttl_secs - 1).await.is_ok());
}

pub async fn sending_is_throttled_per_phone_and_per_client(store: &Store) {
    let p = phone(5);
    let notifier = OutboxNotifier(store.clone());
    send(store, &p, "10.0.0.1", T0).await;
    let e = sign_in::request_code(store, &notifier, &p, "10.0.0.1", T0 + 20).await.unwrap_err();
    assert_eq!(problem(e), Problem::TooSoon { seconds: 40 });
    for i in 1..LIMITS.codes_per_phone_per_hour {
        send(store, &p, "10.0.0.1", T0 + 61 * i).await;
    }
    let e = sign_in::request_code(store, &notifier, &p, "10.0.0.1", T0 + 61 * 5).await.unwrap_err();
    assert_eq!(problem(e), Problem::TooManyCodes, "six codes in an hour for one phone");
    send(store, &p, "10.0.0.1", T0 + 3600 + 61).await;

    for n in 0..LIMITS.codes_per_client_per_hour {
        send(store, &phone(100 + n as u32), "10.9.9.9", T0).await;
    }
    let e = sign_in::request_code(store, &notifier, &phone(999), "10.9.9.9", T0).await.unwrap_err();
    assert_eq!(problem(e), Problem::TooManyCodes, "one client asking for many phones");
}

pub async fn sessions_rotate_expire_and_end(store: &Store) {
    let (id, code) = send(store, &phone(6), "1.2.3.4", T0).await;
    let citizen = sign_in::verify_code(store, &id, &code, T0).await.unwrap();
    let first = sign_in::start_session(store, &citizen, None, T0).await.unwrap();
    assert_eq!(sign_in::session_citizen(store, &first, T0 + 1).await.unwrap().as_deref(), Some(citizen.as_str()));
    let second = sign_in::start_session(store, &citizen, Some(&first), T0 + 2).await.unwrap();
    assert_ne!(first, second);
    assert_eq!(sign_in::session_citizen(store, &first, T0 + 3).await.unwrap(), None, "the old token is gone");
    assert!(sign_in::session_citizen(store, &second, T0 + LIMITS.session_secs + 2).await.unwrap().is_none(), "expired");
    assert!(sign_in::session_citizen(store, &second, T0 + 3).await.unwrap().is_some());
    sign_in::end_session(store, &second).await.unwrap();
    assert!(sign_in::session_citizen(store, &second, T0 + 4).await.unwrap().is_none());
}

pub async fn parameters_are_seeded_with_dates_and_sources(store: &Store) {
    let report = store.seed().await.unwrap();
    assert!(report.parameters_added >= 18);
    let params = store.parameters().await.unwrap();
    assert_eq!(params.len(), report.parameters_added);
    let set = app::domain::params::ParameterSet::new(params).unwrap();
    let on = app::domain::date::Date::parse("2026-11-29").unwrap();
    let qinhuai = app::domain::area::AreaCode::parse("320104003").unwrap();
    let standard = set.lookup(app::domain::params::ParamName::DibaoStandardMonthlyFen, &qinhuai, on).unwrap();
    assert_eq!((standard.value, standard.area.as_str(), standard.demo), (111_000, "320100", true));
    assert_eq!(standard.effective_from.to_string(), "2026-07-01");
    let max = set.lookup(app::domain::params::ParamName::TemporaryMaxMultiple, &qinhuai, on).unwrap();
    assert!(!max.demo && max.source.contains("秦淮区"));
    assert_eq!(store.seed().await.unwrap().parameters_added, 0, "seeding twice adds nothing");
}

pub async fn seeded_subdistricts_and_communities_hang_under_their_district(store: &Store) {
    store.seed().await.unwrap();
    let qinhuai: Vec<String> = store.area_children("320104").await.unwrap().into_iter().map(|a| a.name_zh).collect();
    assert!(qinhuai.contains(&"红花街道".to_string()), "{qinhuai:?}");
    assert!(qinhuai.len() >= 12);
    let binhai = store.area_children("320922").await.unwrap();
    assert!(binhai.iter().any(|a| a.name_zh == "东坎街道"));
    let wangting = store.area_children("320507100").await.unwrap();
    assert!(wangting.iter().any(|a| a.name_zh == "项路村委会" && a.level == 5));
}

pub async fn a_fresh_database_is_migrated_and_empty(store: &Store) {
    store.ping().await.unwrap();
    assert_eq!(store.area_count().await.unwrap(), 0);
    assert_eq!(store.area("320104").await.unwrap(), None);
}

pub async fn migrations_run_again_without_harm(store: &Store) {
    store.migrate().await.unwrap();
    store.migrate().await.unwrap();
    assert_eq!(store.area_count().await.unwrap(), 0);
}

pub async fn seeding_is_idempotent(store: &Store) {
    let first = store.seed().await.unwrap();
    assert!(first.areas_added >= 7, "{first:?}");
    let count = store.area_count().await.unwrap();
    assert_eq!(count, first.areas_added as i64);
    let second = store.seed().await.unwrap();
    assert_eq!(second.areas_added, 0);
    assert_eq!(store.area_count().await.unwrap(), count);
}

pub async fn seeding_fills_english_names_a_database_lacked_and_keeps_corrections(store: &Store) {
    // A database seeded before the file named places in English.
    let row = |code: &str, parent: Option<&str>, level: i64, zh: &str, en: Option<&str>| AreaRow {
        code: code.into(),
        parent_code: parent.map(Into::into),
        level,
        name_zh: zh.into(),
        name_en: en.map(Into::into),
        source: "old".into(),
        vintage: "old".into(),
    };
    for area in [
        row("320000", None, 1, "江苏省", None),
        row("320100", Some("320000"), 2, "南京市", None),
        row("320104", Some("320100"), 3, "秦淮区", Some("Qinhuai (corrected by hand)")),
        row("320104001", Some("320104"), 4, "秦虹街道", None),
    ] {
        assert!(store.insert_area(&area).await.unwrap());
    }
    store.seed().await.unwrap();
    let en = |code: &'static str| async move { store.area(code).await.unwrap().unwrap().name_en };
    assert_eq!(en("320104001").await.as_deref(), Some("Qinhong Subdistrict"));
    assert_eq!(en("320000").await.as_deref(), Some("Jiangsu Province"));
    assert_eq!(en("320104").await.as_deref(), Some("Qinhuai (corrected by hand)"));
    assert_eq!(en("320104001001").await.as_deref(), Some("Zhongpailou Community"));
}

pub async fn areas_are_found_with_their_source_and_vintage(store: &Store) {
    store.seed().await.unwrap();
    let qinhuai = store.area("320104").await.unwrap().expect("秦淮区 seeded");
    assert_eq!(qinhuai.name_zh, "秦淮区");
    assert_eq!(qinhuai.parent_code.as_deref(), Some("320100"));
    assert_eq!(qinhuai.level, 3);
    assert!(qinhuai.source.contains("GB/T 2260"));
    assert!(!qinhuai.vintage.is_empty());
    for (code, name) in [("320922", "滨海县"), ("320507", "相城区")] {
        assert_eq!(store.area(code).await.unwrap().map(|a| a.name_zh), Some(name.to_string()));
    }
}

pub async fn children_come_in_code_order(store: &Store) {
    store.seed().await.unwrap();
    let cities: Vec<String> = store.area_children("320000").await.unwrap().into_iter().map(|a| a.code).collect();
    assert_eq!(cities, ["320100", "320500", "320900"]);
    assert!(store.area_children("320104999").await.unwrap().is_empty());
}

pub async fn an_area_must_sit_under_a_known_parent(store: &Store) {
    let orphan = AreaRow {
        code: "990101".into(),
        parent_code: Some("990100".into()),
        level: 3,
        name_zh: "无".into(),
        name_en: None,
        source: "test".into(),
        vintage: "test".into(),
    };
    assert!(store.insert_area(&orphan).await.is_err(), "foreign key enforced");
    assert_eq!(store.area_count().await.unwrap(), 0);
}

/// A server holds the tree in memory (read once, not per page); an area added through it
/// is offered at once, in code order, by code, under its parent and at its level.
pub async fn an_area_added_is_offered_at_once(store: &Store) {
    store.seed().await.unwrap();
    let before = store.area_children("320104001").await.unwrap();
    assert!(!before.is_empty());
    assert_eq!(store.area("320104001999").await.unwrap(), None);
    let added = AreaRow {
        code: "320104001999".into(),
        parent_code: Some("320104001".into()),
        level: 5,
        name_zh: "测试社区".into(),
        name_en: None,
        source: "test".into(),
        vintage: "test".into(),
    };
    assert!(store.insert_area(&added).await.unwrap());
    let after = store.area_children("320104001").await.unwrap();
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(after.last(), Some(&added));
    assert_eq!(store.area("320104001999").await.unwrap(), Some(added));
    assert!(store.areas_at_level(5).await.unwrap().iter().any(|a| a.code == "320104001999"));
}

pub async fn chinese_text_round_trips_exactly(store: &Store) {
    let row = AreaRow {
        code: "990000".into(),
        parent_code: None,
        level: 1,
        name_zh: "测试省（含全角标点、生僻字𠮷）".into(),
        name_en: Some("Test".into()),
        source: "单元测试".into(),
        vintage: "2026".into(),
    };
    assert!(store.insert_area(&row).await.unwrap());
    assert!(!store.insert_area(&row).await.unwrap(), "a duplicate code is not added twice");
    assert_eq!(store.area("990000").await.unwrap(), Some(row));
}

pub async fn ping_fails_once_closed(store: &Store) {
    store.ping().await.unwrap();
    store.close().await;
    assert!(store.ping().await.is_err());
}

#[test]
fn both_backends_are_named() {
    assert_ne!(Backend::Sqlite, Backend::Postgres);
}
