//! A person's messages are written with the change they tell of (#13): no change without its
//! message, no message without its change. On both backends.

use app::domain::staff::Role;
use server::crypto::DataKey;
use server::services::casework::{self, Command};
use server::store::{AuditEntry, CaseChange, EventRow, NotificationRow, Store};

use crate::flows::{rongque_case, signed_in_staff};

async fn outbox_has(store: &Store, body: &str) -> bool {
    store.outbox(500).await.unwrap().iter().any(|(_, b, _)| b == body)
}

pub async fn a_message_commits_with_its_change_or_not_at_all(store: &Store) {
    let key = DataKey::from_base64(&DataKey::generate_base64()).unwrap();
    let reference = rongque_case(store, &key, 711).await;
    let case = store.case_by_reference(&reference).await.unwrap().unwrap();
    let id = case.row.id.clone();
    let kinds = |rows: Vec<NotificationRow>| rows.into_iter().map(|n| n.kind).collect::<Vec<_>>();
    assert_eq!(kinds(store.notifications_of(&id).await.unwrap()), ["received"], "the submission and its message, together");

    let reviewer = signed_in_staff(store, "m.reviewer", "经办", Role::Reviewer, "320922001").await;
    casework::act(store, &key, &reviewer, &crate::db::key(&reference), case.version, Command::Accept).await.unwrap();
    let due = server::services::today_in_china().plus_days(7).to_string();
    let version = store.case_by_reference(&reference).await.unwrap().unwrap().version;
    casework::act(store, &key, &reviewer, &crate::db::key(&reference), version, Command::RequestInformation { items: "请补充收入证明".into(), due }).await.unwrap();
    assert_eq!(kinds(store.notifications_of(&id).await.unwrap()), ["received", "accepted", "more_information"]);

    // A change that fails inside its transaction (the same request written twice) leaves no
    // message behind, in the case's list or in the outbox.
    let now = "2026-12-05T10:00:00Z".to_string();
    let request = store.information_requests(&id).await.unwrap().remove(0);
    let message = NotificationRow { id: "n-dup".into(), application_id: id.clone(), phone: "13800000711".into(), kind: "more_information".into(), body: "不该发出的短信".into(), created_at: now.clone(), params: "{}".into(), lang: "zh-CN".into(), delivery: String::new() };
    let change = CaseChange { status: Some("more_info".into()), info_request: Some(request), notifications: vec![message.clone()], ..CaseChange::default() };
    let event = EventRow { id: 0, application_id: id.clone(), at: now.clone(), kind: "info_requested".into(), actor: "经办".into(), on_behalf_of: None, detail: String::new() };
    let audit = AuditEntry { at: now, actor: "staff:test".into(), action: "case.info_requested".into(), subject: format!("application:{id}"), detail: String::new() };
    let version = store.case_by_reference(&reference).await.unwrap().unwrap().version;
    assert!(store.act_on_case(&id, version, &change, &event, &audit).await.is_err(), "the duplicate request fails the change");
    // A change on a page someone else changed since is not made, and tells nobody.
    assert!(!store.act_on_case(&id, version - 1, &CaseChange { notifications: vec![message.clone()], ..CaseChange::default() }, &event, &audit).await.unwrap());
    assert_eq!(store.notifications_of(&id).await.unwrap().len(), 3);
    assert!(!outbox_has(store, &message.body).await);
    for sent in store.notifications_of(&id).await.unwrap() {
        assert!(outbox_has(store, &sent.body).await, "each message is in the outbox to send");
    }
}

pub async fn an_account_sees_only_the_messages_to_its_own_phone(store: &Store) {
    let key = DataKey::from_base64(&DataKey::generate_base64()).unwrap();
    let reference = rongque_case(store, &key, 712).await;
    let case = store.case_by_reference(&reference).await.unwrap().unwrap();
    let (id, citizen) = (case.row.id.clone(), case.row.citizen_id.clone());
    // The person applied for gave their own number: their copy is theirs, not the account's.
    let now = "2026-12-05T10:00:00Z".to_string();
    let theirs = NotificationRow { id: "n-subject".into(), application_id: id.clone(), phone: "13900000712".into(), kind: "accepted".into(), body: "给被申请人的短信".into(), created_at: now.clone(), params: "{}".into(), lang: "zh-CN".into(), delivery: String::new() };
    let event = EventRow { id: 0, application_id: id.clone(), at: now.clone(), kind: "accepted".into(), actor: "经办".into(), on_behalf_of: None, detail: String::new() };
    let audit = AuditEntry { at: now, actor: "staff:test".into(), action: "case.accepted".into(), subject: format!("application:{id}"), detail: String::new() };
    assert!(store.act_on_case(&id, case.version, &CaseChange { notifications: vec![theirs], ..CaseChange::default() }, &event, &audit).await.unwrap());

    let all = store.notifications_of(&id).await.unwrap();
    assert_eq!(all.len(), 2);
    let mine = store.notifications_to_account(&id, &citizen).await.unwrap();
    assert_eq!(mine.iter().map(|n| n.kind.as_str()).collect::<Vec<_>>(), ["received"], "{mine:?}");
    assert_eq!(Some(mine[0].phone.clone()), store.citizen_phone(&citizen).await.unwrap());
    assert!(store.notifications_to_account(&id, "someone-else").await.unwrap().is_empty());
}
