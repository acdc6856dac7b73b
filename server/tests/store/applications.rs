//! The application services against each backend: the SQL behind drafts, submitting,
//! 补正 and documents runs on SQLite and PostgreSQL alike.

use app::error::AppError;
use app::i18n::Lang;
use app::domain::application::steps::ApplyStep;
use server::crypto::DataKey;
use server::files::LocalFolder;
use server::services::application::{self as service, StepOutcome, SubmitOutcome, Upload};
use server::services::casework::{self, Command};
use server::store::Store;

use crate::flows::{fill_in, form, ready, reviewer};

fn key() -> DataKey {
    DataKey::from_base64(&DataKey::generate_base64()).unwrap()
}

pub async fn twenty_concurrent_submissions_make_one_application(store: &Store) {
    let key = key();
    let who = ready(store, &key, 301, "王小明", "11010519491231002X").await;
    fill_in(store, &key, &who).await;
    let draft = service::load_draft(store, &key, &who.actor.citizen_id).await.unwrap().unwrap();
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (store, key, actor, id) = (store.clone(), key.clone(), who.actor.clone(), draft.id.clone());
            tokio::spawn(async move { service::submit(&store, &key, &actor, &id, false, Lang::ZhCn).await })
        })
        .collect();
    let mut references = Vec::new();
    for t in tasks {
        match t.await.unwrap().unwrap() {
            SubmitOutcome::Submitted(r) => references.push(r),
            SubmitOutcome::Incomplete(step) => panic!("incomplete at {step:?}"),
        }
    }
    references.dedup();
    assert_eq!(references.len(), 1, "{references:?}");
    assert_eq!(store.count_applications_for_draft(&draft.id).await.unwrap(), 1);
    assert!(store.draft_of(&who.actor.citizen_id).await.unwrap().is_none(), "the draft became the application");
    let status = service::status(store, &who.actor.citizen_id, &crate::db::key(&references[0]), Lang::ZhCn).await.unwrap();
    assert_eq!(status.timeline.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(), ["submitted", "routed"], "events written once");
    let id = store.application_of(&references[0], &who.actor.citizen_id).await.unwrap().unwrap().id;
    let audit: Vec<_> = store.audit_entries_for(&format!("application:{id}")).await.unwrap().into_iter().map(|e| e.entry.action).collect();
    assert_eq!(audit, ["application.submit"], "one audit entry for one submission");
    assert!(matches!(store.verify_audit_chain().await.unwrap(), server::store::ChainCheck::Intact { .. }));
}

pub async fn a_session_is_read_with_its_holders_details(store: &Store) {
    use server::services::sign_in::start_session;
    let key = key();
    let who = ready(store, &key, 311, "王小明", "11010519491231002X").await;
    let now = 1_800_000_000;
    let token = start_session(store, &who.actor.citizen_id, None, now).await.unwrap();
    let actor = service::session_actor(store, &token, now).await.unwrap().expect("a live session");
    assert_eq!((actor.citizen_id.as_str(), actor.name.as_str(), actor.id_masked.as_str()), (who.actor.citizen_id.as_str(), "王小明", who.actor.id_masked.as_str()));
    assert_eq!(actor.id_sealed, who.actor.id_sealed, "the sealed number as recorded");
    assert!(service::session_actor(store, &token, now + 400 * 24 * 3600).await.unwrap().is_none(), "an expired session");
    assert!(service::session_actor(store, "not-a-token", now).await.unwrap().is_none());

    // Signed in, but no real-name details yet: the identity step comes first.
    let bare = store.citizen_for_phone("bare-citizen", "13900003110", now).await.unwrap();
    let token = start_session(store, &bare, None, now).await.unwrap();
    assert!(matches!(
        service::session_actor(store, &token, now).await,
        Err(AppError::Validation(e)) if e[0].problem == app::domain::request::Problem::IdentityMissing
    ));
}

pub async fn submitting_reads_the_draft_pledge_and_contact_together(store: &Store) {
    let key = key();
    let who = ready(store, &key, 312, "王小明", "11010519491231002X").await;
    let citizen = who.actor.citizen_id.as_str();
    let before = store.submission_basis(citizen).await.unwrap();
    assert!(before.draft.is_none(), "no draft yet");
    fill_in(store, &key, &who).await;
    let basis = store.submission_basis(citizen).await.unwrap();
    assert_eq!(basis.draft, store.draft_of(citizen).await.unwrap());
    assert!(basis.draft.is_some());
    assert_eq!(basis.pledge_code, store.latest_pledge_code(citizen).await.unwrap());
    assert!(basis.pledge_code.is_some());
    assert_eq!(basis.contact, store.contact_of(citizen).await.unwrap());
    assert!(basis.contact.is_some());
    let nobody = store.submission_basis("no-such-citizen").await.unwrap();
    assert!(nobody.draft.is_none() && nobody.pledge_code.is_none() && nobody.contact.is_none());
}

pub async fn drafts_and_applications_belong_to_one_citizen(store: &Store) {
    let key = key();
    let owner = ready(store, &key, 302, "王小明", "11010519491231002X").await;
    let other = ready(store, &key, 303, "李四", "110105194912310046").await;
    fill_in(store, &key, &owner).await;
    let draft = service::load_draft(store, &key, &owner.actor.citizen_id).await.unwrap().unwrap();
    assert!(service::load_draft(store, &key, &other.actor.citizen_id).await.unwrap().is_none());
    assert_eq!(service::submit(store, &key, &other.actor, &draft.id, false, Lang::ZhCn).await.err(), Some(AppError::NotFound));
    let SubmitOutcome::Submitted(reference) = service::submit(store, &key, &owner.actor, &draft.id, false, Lang::ZhCn).await.unwrap() else { panic!() };
    assert_eq!(service::status(store, &other.actor.citizen_id, &crate::db::key(&reference), Lang::ZhCn).await.err(), Some(AppError::NotFound));
    assert_eq!(service::confirmation(store, &other.actor.citizen_id, &crate::db::key(&reference), Lang::ZhCn).await.err(), Some(AppError::NotFound));
    assert!(service::list(store, &other.actor.citizen_id, Lang::ZhCn).await.unwrap().applications.is_empty());
    assert_eq!(service::list(store, &owner.actor.citizen_id, Lang::ZhCn).await.unwrap().applications.len(), 1);
}

pub async fn a_request_for_information_is_answered_once(store: &Store) {
    let key = key();
    let who = ready(store, &key, 304, "王小明", "11010519491231002X").await;
    fill_in(store, &key, &who).await;
    let dir = tempfile::tempdir().unwrap();
    let files = LocalFolder::new(dir.path().to_path_buf()).unwrap();
    let pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".to_vec();
    service::add_draft_document(store, &key, &files, &who.actor.citizen_id, Upload { kind: "medical".into(), file_name: "a.pdf".into(), bytes: pdf.clone() })
        .await
        .unwrap();
    let draft = service::load_draft(store, &key, &who.actor.citizen_id).await.unwrap().unwrap();
    let SubmitOutcome::Submitted(reference) = service::submit(store, &key, &who.actor, &draft.id, false, Lang::ZhCn).await.unwrap() else { panic!() };
    let app = store.application_of(&reference, &who.actor.citizen_id).await.unwrap().unwrap();
    assert_eq!(store.documents_of_application(&app.id).await.unwrap().len(), 1, "the draft's documents moved along");
    let staff = reviewer(store, "bu.zheng", "320104001").await;
    let version = store.application_by_reference(&reference).await.unwrap().unwrap().1;
    let due = server::services::today_in_china().plus_days(18).to_string();
    let ask = Command::RequestInformation { items: "请补充诊断证明".into(), due };
    casework::act(store, &key, &staff, &crate::db::key(&reference), version, ask).await.unwrap();
    let request = store.information_requests(&app.id).await.unwrap()[0].id.clone();
    assert_eq!(store.application_of(&reference, &who.actor.citizen_id).await.unwrap().unwrap().status, "more_info");
    let upload = Upload { kind: "medical".into(), file_name: "b.pdf".into(), bytes: pdf };
    service::answer_request(store, &files, &who.actor, &crate::db::key(&reference), &crate::db::key(&request), "已上传", Some(upload)).await.unwrap();
    assert_eq!(service::answer_request(store, &files, &who.actor, &crate::db::key(&reference), &crate::db::key(&request), "again", None).await.err(), Some(AppError::NotFound));
    let status = service::status(store, &who.actor.citizen_id, &crate::db::key(&reference), Lang::ZhCn).await.unwrap();
    assert_eq!(status.application.status, "submitted");
    assert_eq!(status.documents.len(), 2);
    assert_eq!(status.requests[0].answer.as_deref(), Some("已上传"));
}

pub async fn the_rongque_fast_track_is_recorded_only_where_the_rules_offer_it(store: &Store) {
    let key = key();
    let mut outcomes = Vec::new();
    for (n, district, subdistrict, community) in [(305, "320922", "320922001", "320922001001"), (306, "320104", "320104001", "320104001001")] {
        let who = ready(store, &key, n, "王小明", "11010519491231002X").await;
        fill_in(store, &key, &who).await;
        let changes: [(ApplyStep, &[(&str, &str)]); 4] = [
            (ApplyStep::Programme, &[("programme", "expense_hardship")]),
            (ApplyStep::Residence, &[("district", district), ("subdistrict", subdistrict), ("community", community), ("address", "幸福路 8 号"), ("hukou_local", "yes")]),
            (ApplyStep::Income, &[("income", "1200")]),
            (ApplyStep::Spending, &[("medical", "50000"), ("event", "serious_illness"), ("event_date", "2026-10-01"), ("event_loss", "50000")]),
        ];
        for (step, fields) in changes {
            let outcome = service::save_step(store, &key, &who.actor.citizen_id, step, &form(fields), true).await.unwrap();
            assert!(matches!(outcome, StepOutcome::Next(ApplyStep::Review)), "{step:?}");
        }
        let page = service::step_page(store, &key, &who.actor, ApplyStep::Review, Vec::new(), false, Lang::ZhCn).await.unwrap().expect("a draft to show");
        let offered = page.review.unwrap().fast_track_offered;
        // Asked for either way: only where the rules allow it is it recorded.
        let SubmitOutcome::Submitted(reference) = service::submit(store, &key, &who.actor, &page.draft_id, true, Lang::ZhCn).await.unwrap() else { panic!() };
        let stored = store.application_of(&reference, &who.actor.citizen_id).await.unwrap().unwrap();
        outcomes.push((offered, stored.fast_track, stored.office_code));
    }
    assert_eq!(outcomes, [(true, true, "320922001".to_string()), (false, false, "320104001".to_string())]);
}
