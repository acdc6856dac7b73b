//! Many writers at once, on both backends: the audit chain, SQLite's write lock, rate
//! limits and the document limit hold when requests arrive together, not only one by one.

use app::domain::request::Problem;
use app::domain::staff::Role;
use app::error::AppError;
use app::i18n::Lang;
use server::crypto::DataKey;
use server::files::LocalFolder;
use server::services::application::{self as service, SubmitOutcome, Upload};
use server::services::sign_in::{request_code, OutboxNotifier};
use server::services::{casework, staff};
use server::store::{ChainCheck, Store};

use crate::flows::{files_in, fill_in, phone, ready, reviewer, STAFF_PASSWORD, T0};

fn key() -> DataKey {
    DataKey::from_base64(&DataKey::generate_base64()).unwrap()
}

fn problem(e: &AppError) -> Option<&Problem> {
    match e {
        AppError::Validation(f) => f.first().map(|f| &f.problem),
        _ => None,
    }
}

async fn entries(store: &Store) -> i64 {
    match store.verify_audit_chain().await.unwrap() {
        ChainCheck::Intact { entries } => entries,
        broken => panic!("the chain broke: {broken:?}"),
    }
}

/// 64 writers at once — submissions and staff opening a case, each appending to the audit
/// chain inside its own transaction — all succeed, and the chain holds every entry once.
pub async fn sixty_four_writers_at_once_keep_one_chain(store: &Store) {
    let key = key();
    let first = ready(store, &key, 700, "王小明", "11010519491231002X").await;
    fill_in(store, &key, &first).await;
    let draft = service::load_draft(store, &key, &first.actor.citizen_id).await.unwrap().unwrap();
    let SubmitOutcome::Submitted(reference) = service::submit(store, &key, &first.actor, &draft.id, false, Lang::ZhCn).await.unwrap() else { panic!() };
    let staff = reviewer(store, "many.writers", "320104001").await;
    let mut people = Vec::new();
    for n in 0..24 {
        let who = ready(store, &key, 701 + n, "王小明", "11010519491231002X").await;
        fill_in(store, &key, &who).await;
        let draft = service::load_draft(store, &key, &who.actor.citizen_id).await.unwrap().unwrap();
        people.push((who.actor, draft.id));
    }
    let before = entries(store).await;

    let mut tasks = tokio::task::JoinSet::new();
    for (actor, draft) in people {
        let (store, key) = (store.clone(), key.clone());
        tasks.spawn(async move { service::submit(&store, &key, &actor, &draft, false, Lang::ZhCn).await.map(|o| matches!(o, SubmitOutcome::Submitted(_))) });
    }
    for _ in 0..40 {
        let (store, key, staff, reference) = (store.clone(), key.clone(), staff.clone(), reference.clone());
        tasks.spawn(async move { casework::case(&store, &key, &staff, &crate::db::key(&reference), Lang::ZhCn).await.map(|_| true) });
    }
    let outcomes = tasks.join_all().await;
    let failed: Vec<_> = outcomes.iter().filter(|o| !matches!(o, Ok(true))).collect();
    assert!(failed.is_empty(), "{} of 64 writers failed: {failed:?}", failed.len());
    assert_eq!(entries(store).await, before + 64, "one audit entry per write, none lost, none twice");
}

/// Submissions that arrive together share commits (the group commit): forty at once, one
/// of them bad (it reuses another application's reference), and two of the good ones sent
/// twice. The bad one fails alone, each draft becomes one application, the repeats answer
/// "already there", and the chain holds one entry per application.
pub async fn submissions_at_once_are_each_written_once_and_a_bad_one_fails_alone(store: &Store) {
    let key = key();
    let first = ready(store, &key, 800, "王小明", "11010519491231002X").await;
    fill_in(store, &key, &first).await;
    let draft = service::load_draft(store, &key, &first.actor.citizen_id).await.unwrap().unwrap();
    let SubmitOutcome::Submitted(reference) = service::submit(store, &key, &first.actor, &draft.id, false, Lang::ZhCn).await.unwrap() else { panic!() };
    let mut bad = store.application_of(&reference, &first.actor.citizen_id).await.unwrap().unwrap();
    bad.id = "bad-submission".into();
    bad.draft_id = "bad-submission-draft".into();
    let mut people = Vec::new();
    for n in 0..38 {
        let who = ready(store, &key, 801 + n, "王小明", "11010519491231002X").await;
        fill_in(store, &key, &who).await;
        let draft = service::load_draft(store, &key, &who.actor.citizen_id).await.unwrap().unwrap();
        people.push((who.actor, draft.id));
    }
    let before = entries(store).await;

    let mut tasks = tokio::task::JoinSet::new();
    for (n, (actor, draft)) in people.iter().cloned().enumerate() {
        let (store, key) = (store.clone(), key.clone());
        tasks.spawn(async move { (n, service::submit(&store, &key, &actor, &draft, false, Lang::ZhCn).await) });
    }
    for (n, (actor, draft)) in people.iter().take(2).cloned().enumerate() {
        let (store, key) = (store.clone(), key.clone());
        tasks.spawn(async move { (n, service::submit(&store, &key, &actor, &draft, false, Lang::ZhCn).await) });
    }
    let bad_one = {
        let store = store.clone();
        tokio::spawn(async move { store.submit_application(&bad, &[], None, &[]).await })
    };
    let outcomes = tasks.join_all().await;
    assert!(bad_one.await.unwrap().is_err(), "a second application with a reference already given is refused");

    let mut references = std::collections::BTreeMap::new();
    for (n, outcome) in outcomes {
        let Ok(SubmitOutcome::Submitted(reference)) = outcome else { panic!("person {n}: {:?}", outcome.err()) };
        assert_eq!(*references.entry(n).or_insert_with(|| reference.clone()), reference, "a draft sent twice answers with its one application");
    }
    assert_eq!(references.len(), 38);
    for ((actor, draft), reference) in people.iter().zip(references.values()) {
        assert_eq!(store.count_applications_for_draft(draft).await.unwrap(), 1, "one application per draft");
        assert!(store.application_of(reference, &actor.citizen_id).await.unwrap().is_some());
        assert!(store.draft_of(&actor.citizen_id).await.unwrap().is_none(), "the submitted draft is gone");
    }
    assert!(store.application_of(&reference, &first.actor.citizen_id).await.unwrap().is_some_and(|a| a.id != "bad-submission"));
    assert_eq!(entries(store).await, before + 38, "one audit entry per application, none for the refused one or the repeats");
}

/// Twenty requests for a code to one phone at the same moment send one code; forty from
/// one address to forty phones send as many as the address may (20 an hour here).
pub async fn simultaneous_code_requests_pass_a_limit_only_as_often_as_it_allows(store: &Store) {
    store.seed().await.unwrap();
    let p = phone(900);
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..20 {
        let (store, p) = (store.clone(), p.clone());
        tasks.spawn(async move { request_code(&store, &OutboxNotifier(store.clone()), &p, &format!("10.20.0.{i}"), T0).await });
    }
    let outcomes = tasks.join_all().await;
    assert_eq!(outcomes.iter().filter(|o| o.is_ok()).count(), 1, "{outcomes:?}");
    assert!(outcomes.iter().filter_map(|o| o.as_ref().err()).all(|e| matches!(problem(e), Some(Problem::TooSoon { seconds }) if *seconds > 0)));
    let sent = store.outbox(1000).await.unwrap().into_iter().filter(|(to, _, _)| to == p.expose()).count();
    assert_eq!(sent, 1, "one message reached the phone");

    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..40 {
        let store = store.clone();
        let asker = server::services::sign_in::Asker::Address { address: "10.30.0.1", per_hour: 20 };
        tasks.spawn(async move { server::services::sign_in::request_code_for(&store, &OutboxNotifier(store.clone()), &phone(1000 + n), asker, server::services::sign_in::CodePurpose::SignIn, app::i18n::Lang::ZhCn, T0).await });
    }
    let outcomes = tasks.join_all().await;
    let sent = outcomes.iter().filter(|o| o.is_ok()).count() as i64;
    assert_eq!(sent, 20);
    assert!(outcomes.iter().filter_map(|o| o.as_ref().err()).all(|e| problem(e) == Some(&Problem::TooManyCodes)));
}

/// A hundred wrong passwords at once for one account: only as many are checked as the
/// limits allow, and the rest are told to wait. From a hundred addresses the account slows
/// to the ceiling plus one try a minute — but its owner, on a device that signed in before,
/// still gets in. Right passwords do not count against anyone.
pub async fn simultaneous_wrong_passwords_are_checked_only_up_to_the_limit(store: &Store) {
    store.seed().await.unwrap();
    staff::create(store, "target.user", "目标", STAFF_PASSWORD, Role::Reviewer, "320104001").await.unwrap();
    let now = 1_900_000_000;
    let owner = staff::sign_in_from(store, "target.user", STAFF_PASSWORD, "10.40.0.1", None, now - 3600).await.unwrap();
    for i in 0..2 * staff::MAX_FAILURES_PER_ACCOUNT {
        staff::sign_in(store, "target.user", STAFF_PASSWORD, "10.40.0.1", now - 3000 + i * staff::PACE_SECONDS).await.expect("right passwords are never throttled by earlier right ones");
    }
    let guesses = |spread: bool| {
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..100 {
            let store = store.clone();
            let client = if spread { format!("10.41.{}.{}", i / 250, i % 250) } else { "10.42.0.1".to_string() };
            tasks.spawn(async move { staff::sign_in(&store, "target.user", "wrong password!", &client, now).await });
        }
        tasks
    };
    let count = |outcomes: &[Result<String, AppError>]| {
        let checked = outcomes.iter().filter(|o| matches!(o, Err(e) if problem(e) == Some(&Problem::SignInFailed))).count() as i64;
        let refused = outcomes.iter().filter(|o| matches!(o, Err(e) if problem(e) == Some(&Problem::TooManyAttempts))).count() as i64;
        (checked, refused)
    };
    let from_one = guesses(false).join_all().await;
    assert_eq!(count(&from_one), (2, 98), "one address: two tries, then the pace holds");
    let from_many = guesses(true).join_all().await;
    let (checked, refused) = count(&from_many);
    assert_eq!((checked, refused), (staff::ACCOUNT_CEILING - 2 + 1, 100 - (staff::ACCOUNT_CEILING - 2 + 1)), "the ceiling (two already used), then one try a minute");

    let stranger = staff::sign_in_from(store, "target.user", STAFF_PASSWORD, "10.43.0.1", None, now + 1).await.unwrap_err();
    assert_eq!(problem(&stranger), Some(&Problem::TooManyAttempts), "an unknown device waits for the slow lane");
    let back = staff::sign_in_from(store, "target.user", STAFF_PASSWORD, "10.40.0.9", Some(&owner.device), now + 1).await.expect("the owner's known device is not locked out");
    assert_eq!(back.device, owner.device, "the device stays known");
    let forged = staff::sign_in_from(store, "target.user", STAFF_PASSWORD, "10.43.0.2", Some("made-up-device-token"), now + 2).await.unwrap_err();
    assert_eq!(problem(&forged), Some(&Problem::TooManyAttempts), "a made-up device token is an unknown device");
}

/// Thirty uploads to one draft at once keep exactly the twenty a draft may hold, and the
/// files of the refused ones are not left behind.
pub async fn simultaneous_uploads_keep_no_more_than_the_limit(store: &Store) {
    let key = key();
    let who = ready(store, &key, 950, "王小明", "11010519491231002X").await;
    fill_in(store, &key, &who).await;
    let draft = service::load_draft(store, &key, &who.actor.citizen_id).await.unwrap().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let files = std::sync::Arc::new(LocalFolder::new(dir.path().to_path_buf()).unwrap());
    let pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".to_vec();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..30 {
        let (store, key, files, citizen, bytes) = (store.clone(), key.clone(), files.clone(), who.actor.citizen_id.clone(), pdf.clone());
        tasks.spawn(async move { service::add_draft_document(&store, &key, files.as_ref(), &citizen, Upload { kind: "medical".into(), file_name: format!("{i}.pdf"), bytes }).await });
    }
    let outcomes = tasks.join_all().await;
    let max = service::MAX_DOCUMENTS as i64;
    assert_eq!(outcomes.iter().filter(|o| o.is_ok()).count() as i64, max);
    assert!(outcomes.iter().filter_map(|o| o.as_ref().err()).all(|e| problem(e) == Some(&Problem::TooManyDocuments { max })));
    assert_eq!(store.documents_of_draft(&draft.id, &who.actor.citizen_id).await.unwrap().len() as i64, max);
    let on_disk = files_in(dir.path());
    assert_eq!(on_disk, max as usize, "refused uploads leave no file");
}
