//! Retention on both backends: a sweep deletes what is kept no longer than needed —
//! expired sessions and codes, old messages, abandoned drafts with their files — and
//! nothing that is still in use.

use server::crypto::{hash, DataKey};
use server::files::LocalFolder;
use server::services::application::{self as service, Upload};
use server::services::housekeeping::{sweep, Retention};
use server::store::{ChallengeRow, Store, Swept};

use crate::flows::{files_in, fill_in, ready, reviewer};

const DAY: i64 = 24 * 3600;

pub async fn a_sweep_deletes_what_is_past_its_retention_and_nothing_else(store: &Store) {
    let key = DataKey::from_base64(&DataKey::generate_base64()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let files = LocalFolder::new(dir.path().to_path_buf()).unwrap();
    let abandoned = ready(store, &key, 1200, "王小明", "11010519491231002X").await;
    fill_in(store, &key, &abandoned).await;
    let pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".to_vec();
    let doc = service::add_draft_document(store, &key, &files, &abandoned.actor.citizen_id, Upload { kind: "medical".into(), file_name: "a.pdf".into(), bytes: pdf }).await.unwrap();
    let recent = ready(store, &key, 1201, "李四", "110105194912310046").await;
    fill_in(store, &key, &recent).await;
    store.execute_raw(&format!("UPDATE application_drafts SET updated_at = '2020-01-01T00:00:00Z' WHERE citizen_id = '{}'", abandoned.actor.citizen_id)).await.unwrap();

    let now = chrono::Utc::now().timestamp();
    let citizen = &recent.actor.citizen_id;
    store.insert_session(&hash(&["expired"]), citizen, now - 10 * DAY, now - 1).await.unwrap();
    store.insert_session(&hash(&["live"]), citizen, now - 60, now + DAY).await.unwrap();
    let staff = reviewer(store, "sweep.reviewer", "320104001").await;
    store.insert_staff_session(&hash(&["idle"]), &staff.id, now - 4000, now + DAY).await.unwrap();
    store.add_outbox("old-message", "13800001200", "您的验证码是 123456", now - 8 * DAY).await.unwrap();
    store.add_outbox("new-message", "13800001200", "您的验证码是 654321", now - DAY).await.unwrap();
    let challenge = |id: &str, expires_at: i64| ChallengeRow { id: id.into(), phone: "13800001200".into(), code_hash: "x".into(), created_at: expires_at - 600, expires_at, attempts: 0, used_at: None };
    store.insert_challenge(&challenge("stale-code", now - 2 * DAY)).await.unwrap();
    store.insert_challenge(&challenge("fresh-code", now - 60)).await.unwrap();

    let retention = Retention { staff_idle_secs: 1800, draft_secs: 90 * DAY, outbox_secs: 7 * DAY };
    let swept = sweep(store, &files, retention, now).await.unwrap();
    assert_eq!(swept, Swept { sessions: 2, codes: 1, messages: 1, drafts: 1, documents: 1, feed_rows: 0 });
    assert!(service::load_draft(store, &key, &abandoned.actor.citizen_id).await.unwrap().is_none(), "the abandoned draft is gone");
    assert!(service::load_draft(store, &key, citizen).await.unwrap().is_some(), "a draft in use stays");
    assert_eq!(files_in(dir.path()), 0, "its file {} went with it", doc.storage_key);
    assert_eq!(store.session_citizen(&hash(&["live"]), now).await.unwrap().as_deref(), Some(citizen.as_str()));
    assert!(store.challenge("fresh-code").await.unwrap().is_some() && store.challenge("stale-code").await.unwrap().is_none());
    let left: Vec<String> = store.outbox(100).await.unwrap().into_iter().map(|(_, body, _)| body).collect();
    assert!(left.iter().any(|b| b.contains("654321")) && !left.iter().any(|b| b.contains("123456")));
    assert_eq!(sweep(store, &files, retention, now).await.unwrap(), Swept::default(), "a second sweep finds nothing");
}
