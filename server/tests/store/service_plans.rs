//! 一人一案 and its visits in the store (#15 items 4–6, 10): a plan stacking a town item and a
//! community item, visits written ahead by frequency and by visit rule, a visit recorded once
//! under twenty concurrent retries, and the supervision figures that count it.

use app::domain::request::Problem;
use app::domain::service_assistance::record::RecordFields;
use app::domain::staff::Role;
use app::error::AppError;
use app::i18n::Lang;
use app::page_data::service_plans::{AgreementForm, LineForm, ReferralForm};
use server::crypto::DataKey;
use server::services::monitoring::register;
use server::services::service_assistance::referrals::{self, RepairPhotos};
use server::services::service_assistance::{plans, supervision, visits};
use server::services::staff::{self, NewAccount, Staff};
use server::services::today_in_china;
use server::store::{LineRow, PlanRow, Store};

use crate::db::key;
use crate::flows::signed_in_staff;
use crate::monitoring::id_number;

/// Visit photos go to a folder of their own for the test.
fn files() -> server::files::LocalFolder {
    server::files::LocalFolder::new(std::env::temp_dir().join(format!("visit-photos-{}", std::process::id()))).unwrap()
}

fn data_key() -> DataKey {
    DataKey::from_base64(&DataKey::generate_base64()).unwrap()
}

/// 望亭镇人民社区: a tekun resident (with a phone) and the staff around them.
struct Town {
    key: DataKey,
    person: String,
    worker: Staff,
    cleaner: Staff,
    officer: Staff,
}

async fn town(store: &Store) -> Town {
    store.seed().await.unwrap();
    let key = data_key();
    let officer = signed_in_staff(store, "xc.officer", "相城民政", Role::DistrictOfficer, "320507").await;
    let csv = format!("id_number,name,tier,since,community,address,phone\n{},顾阿婆,tekun,2024-03-01,320507100001,人民街 3 号,13900000031\n", id_number(31));
    register::import(store, &key, &officer, csv.as_bytes()).await.unwrap();
    let person = store.register_person_by_index(&key.blind_index(&id_number(31))).await.unwrap().unwrap().id;
    let worker = signed_in_staff(store, "rm.worker", "人民社工", Role::CommunityWorker, "320507100001").await;
    let account = NewAccount { username: "wt.cleaner", full_name: "暖心保洁员", phone: "", role: Role::ProviderWorker, area_code: "320507", provider_id: Some("demo-wt-clean") };
    let cleaner = staff::create_account(store, &account, Some("a long enough password"), "test").await.unwrap();
    Town { key, person, worker, cleaner, officer }
}

fn line(choice: &str) -> LineForm {
    LineForm { choice: choice.into(), start: today_in_china().to_string(), per: "month".into(), ..LineForm::default() }
}

fn problems(e: AppError) -> Vec<Problem> {
    match e {
        AppError::Validation(errors) => errors.into_iter().map(|e| e.problem).collect(),
        other => panic!("a validation error expected, got {other:?}"),
    }
}

pub async fn a_plan_stacks_a_town_item_and_a_community_item(store: &Store) {
    let t = town(store).await;
    let id = key(&t.person);
    plans::add_line(store, &t.worker, &id, &line("demo-wt-clean|demo-wt-clean")).await.unwrap();
    plans::add_line(store, &t.worker, &id, &line("demo-wt-renmin-company|demo-renmin-team")).await.unwrap();
    let plan = plans::view(store, &t.worker, &id, Lang::ZhCn).await.unwrap();
    assert_eq!(plan.lines.len(), 2);
    // 4 a month from the town and 2 a week from the community: about 13 a month.
    assert_eq!(plan.rhythm, "合计每月约 13 次，每隔一天一次");
    assert!(!plan.visits.is_empty(), "each line wrote its visits");
    assert_eq!(problems(plans::add_line(store, &t.worker, &id, &line("demo-wt-clean|demo-wt-clean")).await.unwrap_err()), [Problem::SameItemTwice]);
    assert_eq!(problems(plans::add_line(store, &t.worker, &id, &line("demo-wt-clean|demo-renmin-team")).await.unwrap_err()), [Problem::ProviderNotForItem]);
    assert_eq!(problems(plans::add_line(store, &t.worker, &id, &line("demo-qh-home-visit|demo-qh-team")).await.unwrap_err()), [Problem::ItemNotHere], "another district's item");
    let mut backwards = line("demo-xc-safety|demo-xc-sunshine");
    backwards.end = today_in_china().plus_days(-3).to_string();
    assert_eq!(problems(plans::add_line(store, &t.worker, &id, &backwards).await.unwrap_err()), [Problem::EndBeforeStart]);
    // Agreed aloud before a witness; a new line asks for the agreement again.
    let aloud = AgreementForm { how: "verbal".into(), agreed_by: "顾阿婆".into(), witness: "人民社工".into(), code: String::new() };
    plans::agree(store, &t.worker, &id, &aloud, "").await.unwrap();
    assert!(plans::view(store, &t.worker, &id, Lang::ZhCn).await.unwrap().agreement.is_some());
    plans::add_line(store, &t.worker, &id, &line("demo-xc-safety|demo-xc-sunshine")).await.unwrap();
    assert!(plans::view(store, &t.worker, &id, Lang::ZhCn).await.unwrap().agreement.is_none());
    // A worker of another community, and a provider worker, do not reach the plan.
    let elsewhere = signed_in_staff(store, "qh.worker", "秦淮社工", Role::CommunityWorker, "320104001001").await;
    assert!(matches!(plans::view(store, &elsewhere, &id, Lang::ZhCn).await, Err(AppError::NotFound)));
    assert!(matches!(plans::view(store, &t.cleaner, &id, Lang::ZhCn).await, Err(AppError::Forbidden)));
}

pub async fn visits_are_written_ahead_by_frequency_and_by_rule(store: &Store) {
    let t = town(store).await;
    let today = today_in_china();
    // A weekly line begun forty days ago whose visits were written only until yesterday.
    let plan = PlanRow {
        id: "plan-1".into(),
        person_id: t.person.clone(),
        access_notes: String::new(),
        review_on: today.plus_months(6).to_string(),
        agreed_at: None,
        agreed_how: None,
        agreed_by: None,
        witness: None,
        challenge_id: None,
        created_by: t.worker.id.clone(),
        created_at: "2026-01-01T00:00:00Z".into(),
        updated_at: "2026-01-01T00:00:00Z".into(),
    };
    let row = LineRow {
        id: "line-1".into(),
        plan_id: plan.id.clone(),
        item_id: "demo-wt-clean".into(),
        provider_id: "demo-wt-clean".into(),
        times: 1,
        per: "week".into(),
        start_on: today.plus_days(-40).to_string(),
        end_on: None,
        added_by: t.worker.id.clone(),
        added_at: "2026-01-01T00:00:00Z".into(),
        generated_until: today.plus_days(-1).to_string(),
    };
    let audit = server::store::AuditEntry { at: "2026-01-01T00:00:00Z".into(), actor: "test".into(), action: "plan.add_line".into(), subject: "t".into(), detail: String::new() };
    store.add_plan_line(&plan, &row, &[], &audit).await.unwrap();
    let (lines, people) = visits::write_ahead(store, &t.key).await.unwrap();
    assert_eq!((lines, people), (1, 1), "the line, and the tekun resident's caring visit");
    let all = store.visits_of_person(&t.person, "0000-01-01").await.unwrap();
    let weekly: Vec<&str> = all.iter().filter(|v| v.line_id.is_some()).map(|v| v.due_on.as_str()).collect();
    // Weeks counted from the line's start (40 days ago): days 42, 49, 56, 63, 70 of it, up to
    // the horizon 31 days ahead — across a month boundary, none before today.
    let expected: Vec<String> = (0..=10).map(|w| today.plus_days(-40 + 7 * w)).filter(|d| *d >= today && *d <= today.plus_days(plans::VISITS_AHEAD_DAYS)).map(|d| d.to_string()).collect();
    assert_eq!(weekly, expected);
    let rule: Vec<_> = all.iter().filter(|v| v.rule.as_deref() == Some("tekun")).collect();
    assert_eq!(rule.len(), 1);
    assert_eq!(rule[0].due_on, "2024-03-31", "30 days (visit_tekun_days) after coming under the rule, never visited");
    assert_eq!(visits::write_ahead(store, &t.key).await.unwrap(), (0, 0), "nothing twice");
    // The community's worker sees the rule visit, overdue; the provider's worker does not.
    assert_eq!(visits::list(store, &t.key, &t.worker, "overdue", Lang::ZhCn).await.unwrap().visits.len(), 1);
    assert!(visits::list(store, &t.key, &t.cleaner, "overdue", Lang::ZhCn).await.unwrap().visits.iter().all(|v| v.what == "暖心洁家"));
}

fn record_form() -> RecordFields {
    let now = app::domain::instant::Instant::from_unix(chrono::Utc::now().timestamp() - 3600).beijing();
    let at = format!("{}T{:02}:{:02}", now.date, now.hour, now.minute);
    RecordFields {
        started_at: at.clone(),
        ended_at: at,
        done: vec!["清扫地面".into()],
        notes: "灶台已清理".into(),
        confirmation: "none".into(),
        unconfirmed_reason: "老人午睡".into(),
        late_reason: "前几天下雨".into(),
        ..RecordFields::default()
    }
}

pub async fn twenty_retries_of_one_record_make_one_visit(store: &Store) {
    let t = town(store).await;
    let id = key(&t.person);
    plans::add_line(store, &t.worker, &id, &line("demo-wt-clean|demo-wt-clean")).await.unwrap();
    let visit = store.visits_of_person(&t.person, "0000-01-01").await.unwrap().remove(0);
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (store, cleaner, visit) = (store.clone(), t.cleaner.clone(), visit.id.clone());
            tokio::spawn(async move { visits::record(&store, &files(), &cleaner, &key(&visit), "retry-key-1", &record_form(), visits::Proof { code: "", signature_png: "" }, Vec::new()).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let kept = store.visit(&visit.id).await.unwrap().unwrap();
    assert_eq!((kept.status.as_str(), kept.idempotency_key.as_deref()), ("done", Some("retry-key-1")));
    assert_eq!(store.audit_entries_for(&format!("visit:{}", visit.id)).await.unwrap().iter().filter(|a| a.entry.action == "visit.record").count(), 1);
    // Another record of the same visit is a conflict; the community worker cannot record a provider's visit.
    assert!(matches!(visits::record(store, &files(), &t.cleaner, &key(&visit.id), "other-key", &record_form(), visits::Proof { code: "", signature_png: "" }, Vec::new()).await, Err(AppError::Conflict)));
    assert!(matches!(visits::record(store, &files(), &t.worker, &key(&visit.id), "retry-key-1", &record_form(), visits::Proof { code: "", signature_png: "" }, Vec::new()).await, Err(AppError::NotFound)));
}

pub async fn supervision_counts_delivered_overdue_and_satisfaction(store: &Store) {
    let t = town(store).await;
    let id = key(&t.person);
    plans::add_line(store, &t.worker, &id, &line("demo-wt-clean|demo-wt-clean")).await.unwrap();
    let first = store.visits_of_person(&t.person, "0000-01-01").await.unwrap().remove(0);
    let mut form = record_form();
    (form.confirmation, form.unconfirmed_reason, form.satisfaction) = ("none".into(), "老人耳背".into(), "4".into());
    visits::record(store, &files(), &t.cleaner, &key(&first.id), "sup-1", &form, visits::Proof { code: "", signature_png: "" }, Vec::new()).await.unwrap();
    // A visit of the same provider missed yesterday.
    let yesterday = today_in_china().plus_days(-1).to_string();
    let missed = server::store::VisitWrite { id: "missed-1".into(), person_id: t.person.clone(), area_code: "320507100001".into(), line_id: None, rule: None, provider_id: Some("demo-wt-clean".into()), due_on: yesterday };
    store.insert_visits(&[missed]).await.unwrap();
    let figures = supervision::overview(store, &t.officer, Lang::ZhCn).await.unwrap();
    let mine: Vec<_> = figures.providers.iter().filter(|p| p.provider == "望亭镇暖心家政服务社").collect();
    let sum = |f: fn(&&app::page_data::service_plans::ProviderMonthLine) -> i64| mine.iter().map(f).sum::<i64>();
    assert_eq!((sum(|p| p.delivered), sum(|p| p.overdue), sum(|p| p.confirmed)), (1, 1, 0), "recorded without the person's confirmation");
    assert!(mine.iter().any(|p| p.satisfaction == "4.0"));
    assert!(mine.iter().any(|p| p.flagged), "one of two past visits delivered is under 90%");
    assert_eq!(figures.levels.iter().map(|l| l.person_times).sum::<i64>(), 1);
    assert!(figures.overdue.iter().any(|v| v.id == "missed-1"));
    let csv = supervision::csv(store, &t.officer, supervision::Table::Providers, Lang::ZhCn).await.unwrap();
    assert!(csv.starts_with("provider,month,due,delivered") && csv.contains("望亭镇暖心家政服务社"), "{csv}");
    // Only supervisors see the figures.
    assert!(matches!(supervision::overview(store, &t.worker, Lang::ZhCn).await, Err(AppError::Forbidden)));
}

fn small_png() -> Vec<u8> {
    let mut png = std::io::Cursor::new(Vec::new());
    image::DynamicImage::new_rgb8(20, 20).write_to(&mut png, image::ImageFormat::Png).unwrap();
    png.into_inner()
}

pub async fn a_repair_is_done_with_its_pictures_and_takes_none_once_closed(store: &Store) {
    let t = town(store).await;
    let id = key(&t.person);
    plans::add_line(store, &t.worker, &id, &line("demo-wt-clean|demo-wt-clean")).await.unwrap();
    let visit = store.visits_of_person(&t.person, "0000-01-01").await.unwrap().remove(0);
    let fields = RecordFields { referral_kind: "repair".into(), referral_note: "厨房燃气软管老化".into(), ..record_form() };
    visits::record(store, &files(), &t.cleaner, &key(&visit.id), "repair-key-1", &fields, visits::Proof { code: "", signature_png: "" }, Vec::new()).await.unwrap();
    let repair = store.referrals_of(&t.person).await.unwrap().remove(0).id;
    let reviewer = signed_in_staff(store, "wt.reviewer", "望亭经办", Role::Reviewer, "320507100").await;
    let form = ReferralForm { cost: "120".into(), ..ReferralForm::default() };
    referrals::act(store, &t.key, &files(), &reviewer, &key(&repair), "approve", &form, RepairPhotos::default()).await.unwrap();
    let photo = || Some(visits::Photo { bytes: small_png() });
    referrals::add_before_photo(store, &files(), &t.worker, &key(&repair), photo()).await.unwrap();
    let missing = referrals::act(store, &t.key, &files(), &t.worker, &key(&repair), "complete", &form, RepairPhotos::default()).await.unwrap_err();
    assert_eq!(problems(missing), [Problem::RepairAfterPhoto], "the picture from before is there already");
    referrals::act(store, &t.key, &files(), &t.worker, &key(&repair), "complete", &form, RepairPhotos { before: None, after: photo() }).await.unwrap();
    let kept = store.repair_photos(&repair).await.unwrap();
    assert_eq!(kept.iter().map(|p| (p.stage.as_str(), p.uploaded_by.as_str())).collect::<Vec<_>>(), [("before", t.worker.id.as_str()), ("after", t.worker.id.as_str())]);
    assert_eq!(store.referral(&repair).await.unwrap().unwrap().cost_fen, Some(12_000));
    let late = referrals::add_before_photo(store, &files(), &t.worker, &key(&repair), photo()).await.unwrap_err();
    assert_eq!(problems(late), [Problem::ReferralClosed]);
    assert_eq!(store.repair_photos(&repair).await.unwrap().len(), 2);
}
