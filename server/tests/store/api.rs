//! The mobile API's shared state on each backend: bearer tokens, idempotency keys claimed
//! by exactly one of many concurrent requests, and request counters.

use server::services::api_access::{self, RequestLimits};
use server::store::{IdempotencyClaim, Store};

async fn citizen(store: &Store, phone: &str) -> String {
    store.seed().await.unwrap();
    store.citizen_for_phone(&format!("c-{phone}"), phone, 0).await.unwrap()
}

pub async fn tokens_expire_and_are_revoked_one_or_all(store: &Store) {
    let who = citizen(store, "13700000101").await;
    let now = 1_800_000_000;
    let a = api_access::issue(store, &who, now).await.unwrap();
    let b = api_access::issue(store, &who, now).await.unwrap();
    let caller = api_access::caller(store, &a.token, now + 10).await.unwrap();
    assert_eq!(caller.citizen_id, who);
    assert!(api_access::caller(store, &a.token, a.expires_at).await.is_err(), "expired at its expiry");
    assert!(api_access::caller(store, "made-up", now).await.is_err());
    api_access::revoke(store, &caller, now + 20).await.unwrap();
    assert!(api_access::caller(store, &a.token, now + 30).await.is_err(), "revoked");
    let caller_b = api_access::caller(store, &b.token, now + 30).await.unwrap();
    let c = api_access::issue(store, &who, now + 40).await.unwrap();
    assert_eq!(api_access::revoke_all(store, &caller_b, now + 50).await.unwrap(), 2, "b and c; a was already revoked");
    assert!(api_access::caller(store, &c.token, now + 60).await.is_err());
}

pub async fn one_of_twenty_concurrent_requests_claims_an_idempotency_key(store: &Store) {
    let who = citizen(store, "13700000102").await;
    let claims = (0..20).map(|_| {
        let store = store.clone();
        let who = who.clone();
        tokio::spawn(async move { store.claim_idempotency_key(&who, "key-0001", "hash-a", 100, 40).await.unwrap() })
    });
    let mut claimed = 0;
    for c in claims {
        match c.await.unwrap() {
            IdempotencyClaim::Claimed => claimed += 1,
            IdempotencyClaim::Taken(kept) => assert_eq!(kept.status, None, "still running"),
        }
    }
    assert_eq!(claimed, 1);
    store.keep_response(&who, "key-0001", 201, "application/json", "{\"ok\":true}").await.unwrap();
    match store.claim_idempotency_key(&who, "key-0001", "hash-a", 101, 41).await.unwrap() {
        IdempotencyClaim::Taken(kept) => {
            assert_eq!((kept.status, kept.body.as_deref(), kept.request_hash.as_str()), (Some(201), Some("{\"ok\":true}"), "hash-a"));
        }
        IdempotencyClaim::Claimed => panic!("a finished key is not claimed again"),
    }
    // A claim whose server stopped before answering is taken over once it is stale, by the
    // same request only; a released key is free again.
    assert_eq!(store.claim_idempotency_key(&who, "key-0002", "hash-b", 100, 40).await.unwrap(), IdempotencyClaim::Claimed);
    assert!(matches!(store.claim_idempotency_key(&who, "key-0002", "hash-b", 130, 70).await.unwrap(), IdempotencyClaim::Taken(_)), "not stale yet");
    assert!(matches!(store.claim_idempotency_key(&who, "key-0002", "hash-c", 200, 160).await.unwrap(), IdempotencyClaim::Taken(_)), "another request never takes it");
    assert_eq!(store.claim_idempotency_key(&who, "key-0002", "hash-b", 200, 160).await.unwrap(), IdempotencyClaim::Claimed);
    store.release_idempotency_key(&who, "key-0002").await.unwrap();
    assert_eq!(store.claim_idempotency_key(&who, "key-0002", "hash-c", 201, 161).await.unwrap(), IdempotencyClaim::Claimed);
    // Keys are per account.
    let other = citizen(store, "13700000103").await;
    assert_eq!(store.claim_idempotency_key(&other, "key-0001", "hash-z", 100, 40).await.unwrap(), IdempotencyClaim::Claimed);
    store.prune_idempotency_keys(150).await.unwrap();
    assert_eq!(store.kept_response(&who, "key-0001").await.unwrap(), None, "kept a day, then pruned");
}

pub async fn request_counters_are_exact_under_concurrency(store: &Store) {
    let who = citizen(store, "13700000104").await;
    let issued = api_access::issue(store, &who, 0).await.unwrap();
    let caller = api_access::caller(store, &issued.token, 10).await.unwrap();
    let limits = RequestLimits { per_token: 30, per_phone: 1000 };
    let now = 1_800_000_020; // 20 s into a window
    let hits = (0..40).map(|_| {
        let store = store.clone();
        let caller = caller.clone();
        tokio::spawn(async move { api_access::count_request(&store, &caller, limits, now).await.unwrap() })
    });
    let mut allowed = 0;
    for h in hits {
        match h.await.unwrap() {
            Ok(()) => allowed += 1,
            Err(wait) => assert_eq!(wait, 40, "until the window turns"),
        }
    }
    assert_eq!(allowed, 30, "exactly the limit, however the requests interleave");
    assert_eq!(api_access::count_request(store, &caller, limits, now + 40).await.unwrap(), Ok(()), "a new window");
}
