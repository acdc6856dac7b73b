//! 低收入人口动态监测 (#16): the register kept by decisions and imports, department batches
//! matched by blind index, warnings raised once, and unmatched rows deleted in time.

use app::domain::monitoring::feeds::FeedSource;
use app::domain::staff::Role;
use app::page_data::monitoring::{ClosingForm, WarningsView};
use serde_json::{json, Value};
use server::crypto::DataKey;
use app::page_data::service_assistance::AssessmentForm;
use server::services::casework::{self, Command};
use server::services::service_assistance::assessments::{self, Whose};
use server::services::monitoring::feeds::{self, Sender};
use server::services::monitoring::register::{self, Imported};
use server::services::monitoring::warnings;
use server::services::today_in_china;
use server::store::Store;

use crate::db::key;
use crate::flows::{rongque_case, signed_in_staff};

fn data_key() -> DataKey {
    DataKey::from_base64(&DataKey::generate_base64()).unwrap()
}

/// A valid ID number for `n` (the check character computed).
pub fn id_number(n: u32) -> String {
    let first17 = format!("32010419{:02}0101{:03}", 50 + n / 1000 % 40, n % 1000);
    let check = app::domain::identity::check_character(first17.as_bytes());
    format!("{first17}{}", check as char)
}

const HEADER: &str = "id_number,name,tier,since,community,address,phone\n";

async fn import(store: &Store, key: &DataKey, officer: &server::services::staff::Staff, people: &[(u32, &str, &str)]) -> Imported {
    let mut csv = String::from(HEADER);
    for (n, name, tier) in people {
        csv.push_str(&format!("{},{name},{tier},2024-03-01,320104001001,中山路{n}号,\n", id_number(*n)));
    }
    register::import(store, key, officer, csv.as_bytes()).await.unwrap()
}

fn medical(n: u32, yuan: i64, inpatient: bool) -> Value {
    json!({"id_number": id_number(n), "out_of_pocket_fen": yuan * 100, "period_start": "2026-11-01", "period_end": "2026-11-20", "inpatient": inpatient})
}

async fn officer(store: &Store) -> server::services::staff::Staff {
    store.seed().await.unwrap();
    signed_in_staff(store, "m.officer", "区民政", Role::DistrictOfficer, "320104").await
}

pub async fn decisions_keep_the_register_current(store: &Store) {
    let data_key = data_key();
    let r = rongque_case(store, &data_key, 701).await;
    let reviewer = signed_in_staff(store, "m.reviewer", "经办", Role::Reviewer, "320922001").await;
    let worker = signed_in_staff(store, "m.worker", "社区", Role::CommunityWorker, "320922001001").await;
    let approver = signed_in_staff(store, "m.approver", "审批", Role::Approver, "320922001").await;
    let version = |r: String| async move { store.case_by_reference(&r).await.unwrap().unwrap().version };
    let index = data_key.blind_index("11010519491231002X");
    assert!(store.register_person_by_index(&index).await.unwrap().is_none(), "an application alone is not a decision");
    casework::act(store, &data_key, &reviewer, &key(&r), version(r.clone()).await, Command::Accept).await.unwrap();
    let appraisal = Command::RecordAppraisal { date: today_in_china().to_string(), participants: "村民代表 9 人".into(), result: "agree".into() };
    casework::act(store, &data_key, &worker, &key(&r), version(r.clone()).await, appraisal).await.unwrap();
    // 需求评估 on the home visit: kept with the application until the decision.
    let needs = AssessmentForm { self_care: "partly_dependent".into(), living_alone: "yes".into(), hazards: "门槛太高".into(), assessed_on: today_in_china().to_string(), ..AssessmentForm::default() };
    assessments::record(store, &worker, Whose::Case(&key(&r)), &needs, app::i18n::Lang::ZhCn).await.unwrap();
    let application = store.case_by_reference(&r).await.unwrap().unwrap().row.id;
    assert_eq!(store.assessments_of_application(&application).await.unwrap()[0].person_id, None);
    casework::act(store, &data_key, &approver, &key(&r), version(r.clone()).await, Command::ProvisionalApprove { amount: "800".into() }).await.unwrap();
    let entry = store.register_person_by_index(&index).await.unwrap().expect("an approval adds the person");
    let adopted = store.assessments_of(&entry.id).await.unwrap();
    assert_eq!((adopted.len(), adopted[0].hazards.as_str(), adopted[0].application_id.as_deref()), (1, "门槛太高", Some(application.as_str())), "the decision gives the assessment its person");
    assert_eq!((entry.tier.as_str(), entry.source.as_str(), entry.source_ref.as_str()), ("expense_hardship", "decision", r.as_str()));
    assert_eq!((entry.area_code.as_str(), entry.office_code.as_str(), entry.address.as_str()), ("320922001001", "320922001", "幸福路 8 号"));
    assert!(!entry.id_sealed.contains("1949"), "sealed");
    assert_eq!(data_key.open(&entry.id_sealed, &register::id_context(&entry.id)).unwrap(), "11010519491231002X");
    casework::act(store, &data_key, &reviewer, &key(&r), version(r.clone()).await, Command::RecordVerification { outcome: "fails".into() }).await.unwrap();
    let after = store.register_person_by_index(&index).await.unwrap().unwrap();
    assert_eq!((after.id.as_str(), after.tier.as_str()), (entry.id.as_str(), "left"), "a stop moves the same entry to 'left'");
    let chain = store.household_chain(&after).await.unwrap();
    let kinds: Vec<&str> = chain.iter().map(|l| l.kind.as_str()).collect();
    assert_eq!(kinds, ["applied", "decision_provisional", "assessment"], "the chain finds the application by the blind index, and the home visit's assessment");
}

pub async fn an_import_with_a_bad_line_writes_nothing(store: &Store) {
    let key = data_key();
    let officer = officer(store).await;
    let mut csv = String::from(HEADER);
    csv.push_str(&format!("{},王秀英,dibao,2024-03-01,320104001001,中山路1号,13800000001\n", id_number(1)));
    csv.push_str("110105194912310021,李四,dibao,2024-03-01,320104001001,,\n");
    csv.push_str(&format!("{},张三,rich,2024-03-01,320922001001,,\n", id_number(3)));
    csv.push_str(&format!("{},王秀英,dibao,2024-03-01,320104001001,,\n", id_number(1)));
    let Imported::Refused(problems) = register::import(store, &key, &officer, csv.as_bytes()).await.unwrap() else { panic!("a file with bad lines is refused") };
    let named: Vec<(usize, &str)> = problems.iter().map(|p| (p.line(), p.field.as_str())).collect();
    assert_eq!(named, [(3, "id_number"), (4, "tier"), (5, "id_number")], "{problems:?}");
    assert_eq!(store.register_page("320104", None, 0, 50).await.unwrap().1, 0, "nothing half-imported");
    // Outside the officer's district: refused by line too.
    let outside = format!("{HEADER}{},张三,dibao,2024-03-01,320922001001,,\n", id_number(3));
    let Imported::Refused(p) = register::import(store, &key, &officer, outside.as_bytes()).await.unwrap() else { panic!() };
    assert_eq!((p[0].line(), p[0].field.as_str()), (2, "community"));
    // GBK, as a spreadsheet saves it, with a header in another order.
    let gbk_text = format!("name,id_number,community,tier,since\n王秀英,{},320104001001,dibao,2024-03-01\n", id_number(1));
    let (gbk, _, _) = encoding_rs::GBK.encode(&gbk_text);
    let Imported::Done(n) = register::import(store, &key, &officer, &gbk).await.unwrap() else { panic!("a good GBK file imports") };
    assert_eq!(n, 1);
    let (rows, total) = store.register_page("320104", Some("dibao"), 0, 50).await.unwrap();
    assert_eq!((total, rows[0].name.as_str(), rows[0].office_code.as_str()), (1, "王秀英", "320104001"));
    // Imported again (a later list): the same entry, its tier replaced.
    let first_id = rows[0].id.clone();
    assert!(matches!(import(store, &key, &officer, &[(1, "王秀英", "tekun")]).await, Imported::Done(1)));
    let (rows, total) = store.register_page("320104", None, 0, 50).await.unwrap();
    assert_eq!((total, rows[0].id.as_str(), rows[0].tier.as_str()), (1, first_id.as_str(), "tekun"));
    assert_eq!(key.open(&rows[0].id_sealed, &register::id_context(&first_id)).unwrap(), id_number(1), "sealed for its own entry");
    let not_csv = register::import(store, &key, &officer, b"\xff\xfe\x00\x01binary").await;
    assert!(matches!(not_csv, Err(app::error::AppError::Validation(_))), "{:?}", not_csv.err());
    let worker = signed_in_staff(store, "m.worker2", "社区", Role::CommunityWorker, "320104001001").await;
    assert!(matches!(register::import(store, &key, &worker, HEADER.as_bytes()).await, Err(app::error::AppError::Forbidden)));
}

pub async fn batches_match_by_blind_index_once_and_warn_once(store: &Store) {
    let key = data_key();
    let officer = officer(store).await;
    assert!(matches!(import(store, &key, &officer, &[(1, "王秀英", "dibao"), (2, "李建国", "tekun")]).await, Imported::Done(2)));
    let client = feeds::create_client(store, FeedSource::MedicalInsurance, "市医保局").await.unwrap().0;
    let sender = Sender::Client(client);
    let rows = vec![medical(1, 8_200, true), medical(2, 1_000, false), medical(9, 50_000, true), json!({"id_number": "x"}), json!({"id_number": id_number(2), "out_of_pocket_fen": "lots"})];
    let first = feeds::receive(store, &key, &sender, FeedSource::MedicalInsurance, &key_of("2026-11-001"), &rows).await.unwrap();
    let r = &first.record;
    assert_eq!((r.rows_received, r.rows_matched, r.rows_unmatched, r.rows_rejected, r.warnings_raised), (5, 2, 1, 2, 1));
    assert_eq!(first.rejected.iter().map(|p| (p.index, p.field.as_str())).collect::<Vec<_>>()[..2], [(3, "id_number"), (3, "out_of_pocket_fen")]);
    assert!(!first.seen_before);
    // The same batch again: the same answer, nothing written twice.
    let again = feeds::receive(store, &key, &sender, FeedSource::MedicalInsurance, &key_of("2026-11-001"), &rows).await.unwrap();
    assert!(again.seen_before);
    assert_eq!(again.record, first.record);
    assert_eq!(store.count_feed_rows(true).await.unwrap() + store.count_feed_rows(false).await.unwrap(), 3);
    // The same id with other rows is a conflict, not a silent second meaning.
    let other = feeds::receive(store, &key, &sender, FeedSource::MedicalInsurance, &key_of("2026-11-001"), &rows[..1]).await;
    assert!(matches!(other, Err(app::error::AppError::Conflict)));
    // A second stay while the first warning is open: no second warning for the same rule.
    let second = feeds::receive(store, &key, &sender, FeedSource::MedicalInsurance, &key_of("2026-11-002"), &[medical(1, 9_000, true)]).await.unwrap();
    assert_eq!(second.record.warnings_raised, 0);
    let reviewer = signed_in_staff(store, "m.rev", "经办", Role::Reviewer, "320104001").await;
    let queue = warnings::queue(store, &reviewer, WarningsView::Open, app::i18n::Lang::ZhCn).await.unwrap();
    assert_eq!(queue.rows.len(), 1);
    assert_eq!((queue.rows[0].person.as_str(), queue.rows[0].rule.as_str()), ("王秀英", "大额住院自付"));
    // The year adds up: 8,200 + 9,000 + 12,000 > 50% of 80,000 (Nanjing's figure).
    let third = feeds::receive(store, &key, &sender, FeedSource::MedicalInsurance, &key_of("2026-11-003"), &[medical(1, 12_000, false)]).await.unwrap();
    assert_eq!(third.record.warnings_raised, 0, "29,200 is under 40,000");
    let fourth = feeds::receive(store, &key, &sender, FeedSource::MedicalInsurance, &key_of("2026-11-004"), &[medical(1, 11_000, false)]).await.unwrap();
    assert_eq!(fourth.record.warnings_raised, 1, "40,200 crosses it");
    // Closed, the rule may warn again.
    let id = key_of(&queue.rows[0].id);
    let version = store.warning(id.as_str()).await.unwrap().unwrap().version;
    let form = ClosingForm { outcome: "no_action".into(), note: "电话核实，已由大病保险报销".into(), ..ClosingForm::default() };
    warnings::close(store, &key, &reviewer, warnings::Site("http://portal"), &id, version, &form).await.unwrap();
    let fifth = feeds::receive(store, &key, &sender, FeedSource::MedicalInsurance, &key_of("2026-11-005"), &[medical(1, 7_000, true)]).await.unwrap();
    assert_eq!(fifth.record.warnings_raised, 1);
    // A department reaches only its own feed.
    let wrong = feeds::receive(store, &key, &sender, FeedSource::PublicSecurity, &key_of("x"), &[json!({"id_number": id_number(1), "died_on": "2026-11-01"})]).await;
    assert!(matches!(wrong, Err(app::error::AppError::Forbidden)));
    // The matched rows carry no ID number, only its index.
    let kept: String = store.execute_raw_text("SELECT COALESCE(MAX(id_index), '') || COALESCE(MAX(signal), '') FROM feed_rows").await.unwrap();
    assert!(!kept.contains(&id_number(1)) && !kept.contains("320104"), "{kept}");
}

fn key_of(s: &str) -> app::domain::text::Key {
    key(s)
}

pub async fn twenty_senders_of_one_batch_write_it_once(store: &Store) {
    let key = data_key();
    let officer = officer(store).await;
    import(store, &key, &officer, &[(1, "王秀英", "dibao")]).await;
    let sender = Sender::Client(feeds::create_client(store, FeedSource::MedicalInsurance, "市医保局").await.unwrap().0);
    let rows = vec![medical(1, 8_200, true), medical(5, 100, false)];
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (store, key, sender, rows) = (store.clone(), key.clone(), sender.clone(), rows.clone());
            tokio::spawn(async move { feeds::receive(&store, &key, &sender, FeedSource::MedicalInsurance, &key_of("b-1"), &rows).await.unwrap() })
        })
        .collect();
    let mut new = 0;
    for t in tasks {
        if !t.await.unwrap().seen_before {
            new += 1;
        }
    }
    assert_eq!(new, 1);
    assert_eq!(store.count_feed_rows(true).await.unwrap() + store.count_feed_rows(false).await.unwrap(), 2);
    let reviewer = signed_in_staff(store, "m.rev2", "经办", Role::Reviewer, "320104001").await;
    assert_eq!(warnings::queue(store, &reviewer, WarningsView::Open, app::i18n::Lang::ZhCn).await.unwrap().rows.len(), 1);
}

pub async fn unmatched_rows_go_after_their_retention(store: &Store) {
    let key = data_key();
    let officer = officer(store).await;
    import(store, &key, &officer, &[(1, "王秀英", "dibao")]).await;
    let sender = Sender::Client(feeds::create_client(store, FeedSource::MedicalInsurance, "市医保局").await.unwrap().0);
    feeds::receive(store, &key, &sender, FeedSource::MedicalInsurance, &key_of("r-1"), &[medical(1, 100, false), medical(7, 100, false)]).await.unwrap();
    let now = chrono::Utc::now().timestamp();
    assert_eq!(feeds::sweep_unmatched(store, now).await.unwrap(), 0, "within 30 days both stay");
    assert_eq!(feeds::sweep_unmatched(store, now + 31 * 86_400).await.unwrap(), 1, "the stranger's row goes after 30 days");
    assert_eq!((store.count_feed_rows(true).await.unwrap(), store.count_feed_rows(false).await.unwrap()), (1, 0), "the monitored person's row is their history");
}

pub async fn a_warning_becomes_a_case_and_shows_in_the_chain(store: &Store) {
    let key = data_key();
    let officer = officer(store).await;
    let csv = format!("{HEADER}{},王秀英,dibao_edge,2024-03-01,320104001001,中山路1号,13800000001\n", id_number(1));
    register::import(store, &key, &officer, csv.as_bytes()).await.unwrap();
    let sender = Sender::Client(feeds::create_client(store, FeedSource::PublicSecurity, "市公安局").await.unwrap().0);
    feeds::receive(store, &key, &sender, FeedSource::PublicSecurity, &key_of("d-1"), &[json!({"id_number": id_number(1), "died_on": "2026-11-01"})]).await.unwrap();
    let worker = signed_in_staff(store, "m.cw", "社区", Role::CommunityWorker, "320104001001").await;
    let elsewhere = signed_in_staff(store, "m.cw2", "别的社区", Role::CommunityWorker, "320104001002").await;
    let line = warnings::queue(store, &worker, WarningsView::Open, app::i18n::Lang::ZhCn).await.unwrap().rows.remove(0);
    assert!(line.urgent, "a death is urgent");
    assert!(warnings::queue(store, &elsewhere, WarningsView::Open, app::i18n::Lang::ZhCn).await.unwrap().rows.is_empty(), "another community's worker sees none");
    let id = key_of(&line.id);
    assert!(matches!(warnings::view(store, &elsewhere, &id, app::i18n::Lang::ZhCn).await, Err(app::error::AppError::NotFound)));
    let page = warnings::view(store, &worker, &id, app::i18n::Lang::ZhCn).await.unwrap();
    assert_eq!((page.phone_known, page.programmes.as_slice()), (true, ["低保边缘".to_string()].as_slice()));
    warnings::assign(store, &worker, &id, page.version).await.unwrap();
    let v = store.warning(id.as_str()).await.unwrap().unwrap().version;
    // Without consent or programme: each named, nothing written.
    let missing = ClosingForm { outcome: "proactive_case".into(), note: "入户了解，配偶去世后独居无收入".into(), ..ClosingForm::default() };
    let Err(app::error::AppError::Validation(errors)) = warnings::close(store, &key, &worker, warnings::Site("http://portal"), &id, v, &missing).await else { panic!() };
    assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["programme", "consent"]);
    let form = ClosingForm { programme: "temporary".into(), consent: true, ..missing };
    let reference = warnings::close(store, &key, &worker, warnings::Site("http://portal"), &id, v, &form).await.unwrap().expect("a case");
    let case = store.case_by_reference(&reference).await.unwrap().unwrap();
    assert_eq!((case.row.area_code.as_str(), case.row.subject_name.as_str()), ("320104001001", "王秀英"));
    let closed = store.warning(id.as_str()).await.unwrap().unwrap();
    assert_eq!((closed.status.as_str(), closed.outcome.as_deref(), closed.case_reference.as_deref()), ("closed", Some("proactive_case"), Some(reference.as_str())));
    let person = store.register_person(&closed.person_id).await.unwrap().unwrap();
    let kinds: Vec<String> = store.household_chain(&person).await.unwrap().into_iter().map(|l| l.kind).collect();
    assert_eq!(kinds, ["warning", "applied", "warning_closed"]);
    let actions: Vec<String> = store.audit_entries_for(&format!("warning:{}", id.as_str())).await.unwrap().into_iter().map(|e| e.entry.action).collect();
    assert_eq!(actions, ["warning.view", "warning.assign", "warning.close"]);
    assert_eq!(store.audit_entries_for("batch:public_security:d-1").await.unwrap().len(), 1);
}

pub async fn a_periodic_review_is_proposed_by_a_reviewer_and_confirmed_by_an_approver(store: &Store) {
    use server::services::monitoring::reviews;
    let key = data_key();
    let officer = officer(store).await;
    // Dibao since March 2024: the twelve-month review is due (and overdue) today.
    import(store, &key, &officer, &[(1, "王秀英", "dibao"), (2, "李建国", "dibao_edge"), (3, "赵大爷", "tekun")]).await;
    let reviewer = signed_in_staff(store, "r.reviewer", "经办", Role::Reviewer, "320104001").await;
    let approver = signed_in_staff(store, "r.approver", "审批", Role::Approver, "320104001").await;
    let lang = app::i18n::Lang::ZhCn;
    let due = reviews::queue(store, &reviewer, lang).await.unwrap();
    let names: Vec<&str> = due.iter().map(|l| l.person.as_str()).collect();
    assert_eq!(names.len(), 2, "dibao and tekun only: {names:?}");
    assert!(due.iter().all(|l| l.overdue));
    let wang = due.iter().find(|l| l.person == "王秀英").unwrap().person_id.clone();
    let form = app::page_data::monitoring::ReviewForm { outcome: "adjust".into(), amount: "".into(), note: "入户复核".into() };
    assert!(matches!(reviews::propose(store, &reviewer, &key_of(&wang), &form).await, Err(app::error::AppError::Validation(_))), "an adjustment needs its amount");
    let form = app::page_data::monitoring::ReviewForm { amount: "1,050".into(), ..form };
    assert!(matches!(reviews::propose(store, &approver, &key_of(&wang), &form).await, Err(app::error::AppError::Forbidden)), "approvers do not propose");
    reviews::propose(store, &reviewer, &key_of(&wang), &form).await.unwrap();
    assert!(matches!(reviews::propose(store, &reviewer, &key_of(&wang), &form).await, Err(app::error::AppError::Conflict)), "one proposal waits at a time");
    assert!(matches!(reviews::decide(store, &reviewer, &key_of(&wang), true, "").await, Err(app::error::AppError::Forbidden)), "the proposer's role does not decide");
    let waiting = store.review_candidate(&wang).await.unwrap().unwrap();
    assert!(!store.decide_review(waiting.pending_id.as_deref().unwrap(), &reviewer.id, true, None, "2026-12-06", "2026-12-06T00:00:00Z", &server::store::AuditEntry { at: "2026-12-06T00:00:00Z".into(), actor: "t".into(), action: "t".into(), subject: "t".into(), detail: String::new() }).await.unwrap(), "the SQL refuses the proposer too");
    assert!(matches!(reviews::decide(store, &approver, &key_of(&wang), false, " ").await, Err(app::error::AppError::Validation(_))), "sending back needs a reason");
    reviews::decide(store, &approver, &key_of(&wang), true, "").await.unwrap();
    let after = store.review_candidate(&wang).await.unwrap().unwrap();
    assert_eq!((after.amount_fen, after.reviewed_on.as_deref(), after.pending_id.as_deref()), (Some(105_000), Some(today_in_china().to_string().as_str()), None));
    assert!(reviews::queue(store, &reviewer, lang).await.unwrap().iter().all(|l| l.person != "王秀英"), "reviewed: due again in twelve months");
    // A stop moves the person out of the programme's tier, into those watched after leaving.
    let zhao = due.iter().find(|l| l.person == "赵大爷").unwrap().person_id.clone();
    let stop = app::page_data::monitoring::ReviewForm { outcome: "stop".into(), amount: String::new(), note: "已由子女赡养，收入超过标准".into() };
    reviews::propose(store, &reviewer, &key_of(&zhao), &stop).await.unwrap();
    reviews::decide(store, &approver, &key_of(&zhao), true, "").await.unwrap();
    let person = store.register_person(&zhao).await.unwrap().unwrap();
    assert_eq!(person.tier, "left");
    let kinds: Vec<String> = store.household_chain(&person).await.unwrap().into_iter().map(|l| l.kind).collect();
    assert_eq!(kinds, ["review"]);
    let outside = signed_in_staff(store, "r.outside", "经办", Role::Reviewer, "320104002").await;
    assert!(matches!(reviews::view(store, &outside, &key_of(&wang), lang).await, Err(app::error::AppError::NotFound)));
}
