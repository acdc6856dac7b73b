//! Sending the outbox (#13 item 2), on both backends: two workers never send one message
//! twice; failures are tried again after a pause and given up after the configured number;
//! a code that stopped working is not sent; and Alibaba Cloud SMS is spoken to as its
//! documentation says, checked by a local server that verifies every request's signature.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use server::services::sms::aliyun::{signature, Aliyun, AliyunSettings};
use server::services::sms::{deliver_due, Delivery, SendError, SmsProvider};
use server::store::{ClaimedSms, OutgoingSms, SmsOutcome, Store};

const NOW: i64 = 1_800_000_000;

fn message(i: usize, at: i64) -> OutgoingSms {
    OutgoingSms {
        id: format!("m{i:03}"),
        phone: format!("13900{:06}", i),
        kind: "notice",
        template: "received".into(),
        params: format!("{{\"reference\":\"SA261205-ABC{i:03}\"}}"),
        lang: if i % 2 == 0 { "zh-CN".into() } else { "en".into() },
        body: format!("message {i}"),
        created_at: at,
        expires_at: None,
    }
}

/// Records every message it is handed, after a pause that lets the workers overlap.
#[derive(Default)]
struct Counting {
    sent: Mutex<Vec<String>>,
}

impl SmsProvider for Counting {
    fn name(&self) -> &'static str {
        "counting"
    }
    fn send<'a>(&'a self, sms: &'a ClaimedSms) -> Pin<Box<dyn Future<Output = Result<String, SendError>> + Send + 'a>> {
        Box::pin(async move {
            tokio::time::sleep(Duration::from_millis(2)).await;
            self.sent.lock().unwrap().push(sms.id.clone());
            Ok(format!("ref-{}", sms.id))
        })
    }
}

/// Answers each try with the next scripted outcome (then succeeds).
struct Scripted(Mutex<VecDeque<SendError>>);

impl SmsProvider for Scripted {
    fn name(&self) -> &'static str {
        "scripted"
    }
    fn send<'a>(&'a self, _sms: &'a ClaimedSms) -> Pin<Box<dyn Future<Output = Result<String, SendError>> + Send + 'a>> {
        Box::pin(async move { self.0.lock().unwrap().pop_front().map_or(Ok("ok".into()), Err) })
    }
}

fn delivery(provider: Arc<dyn SmsProvider>, batch: i64) -> Delivery {
    Delivery { provider, max_attempts: 3, retry_secs: 30, lease_secs: 60, batch }
}

pub async fn two_workers_draining_one_outbox_send_each_message_once(store: &Store) {
    for i in 0..60 {
        store.queue_sms(&message(i, NOW - 100 + i as i64)).await.unwrap();
    }
    let provider = Arc::new(Counting::default());
    let d = delivery(provider.clone(), 7);
    let worker = |store: Store, d: Delivery| async move {
        let mut sent = 0;
        loop {
            let round = deliver_due(&store, &d, NOW).await.unwrap();
            if round.sent == 0 {
                return sent;
            }
            sent += round.sent;
        }
    };
    let (a, b) = tokio::join!(tokio::spawn(worker(store.clone(), d.clone())), tokio::spawn(worker(store.clone(), d.clone())));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a + b, 60, "worker A sent {a}, worker B {b}");
    let mut sent = provider.sent.lock().unwrap().clone();
    sent.sort();
    sent.dedup();
    assert_eq!(sent.len(), 60, "every message sent, none twice");
    let d = store.sms_delivery("m007").await.unwrap().unwrap();
    assert_eq!((d.status.as_str(), d.attempts, d.provider_ref.as_deref()), ("sent", 1, Some("ref-m007")));
}

pub async fn failures_are_tried_again_later_and_then_given_up(store: &Store) {
    store.queue_sms(&message(1, NOW)).await.unwrap();
    let transient = || SendError::Transient("isp.SYSTEM_ERROR".into());
    let d = delivery(Arc::new(Scripted(Mutex::new(VecDeque::from([transient(), transient(), transient()])))), 10);
    let round = deliver_due(store, &d, NOW).await.unwrap();
    assert_eq!((round.sent, round.retried), (0, 1));
    // Not due again before its pause is over.
    assert_eq!(deliver_due(store, &d, NOW + 29).await.unwrap().retried, 0);
    assert_eq!(deliver_due(store, &d, NOW + 30).await.unwrap().retried, 1);
    // The second pause is twice the first.
    assert_eq!(deliver_due(store, &d, NOW + 30 + 59).await.unwrap().retried, 0);
    let round = deliver_due(store, &d, NOW + 30 + 60).await.unwrap();
    assert_eq!(round.failed, 1, "the third failed try is the last");
    let state = store.sms_delivery("m001").await.unwrap().unwrap();
    assert_eq!((state.status.as_str(), state.attempts), ("failed", 3));
    assert_eq!(state.last_error.as_deref(), Some("isp.SYSTEM_ERROR"));
    assert_eq!(deliver_due(store, &d, NOW + 100_000).await.unwrap(), Default::default(), "a failed message stays failed");

    // A permanent error is not tried again; a transient one followed by success is sent.
    store.queue_sms(&message(2, NOW)).await.unwrap();
    store.queue_sms(&message(3, NOW + 1)).await.unwrap();
    let d = delivery(Arc::new(Scripted(Mutex::new(VecDeque::from([SendError::Permanent("isv.MOBILE_NUMBER_ILLEGAL".into()), transient()])))), 10);
    let round = deliver_due(store, &d, NOW + 10).await.unwrap();
    assert_eq!((round.failed, round.retried), (1, 1));
    assert_eq!(deliver_due(store, &d, NOW + 40).await.unwrap().sent, 1);
    assert_eq!(store.sms_delivery("m002").await.unwrap().unwrap().status, "failed");
    let third = store.sms_delivery("m003").await.unwrap().unwrap();
    assert_eq!((third.status.as_str(), third.attempts), ("sent", 2));
}

pub async fn a_code_that_stopped_working_is_not_sent(store: &Store) {
    let code = OutgoingSms { kind: "code", template: "sign_in_code".into(), expires_at: Some(NOW + 600), ..message(5, NOW) };
    store.queue_sms(&code).await.unwrap();
    let provider = Arc::new(Counting::default());
    assert_eq!(deliver_due(store, &delivery(provider.clone(), 10), NOW + 600).await.unwrap().sent, 0);
    assert!(provider.sent.lock().unwrap().is_empty());
    let state = store.sms_delivery("m005").await.unwrap().unwrap();
    assert_eq!(state.status, "failed");
    assert!(state.last_error.unwrap().contains("expired"));
}

pub async fn a_lapsed_lease_lets_another_worker_send_it(store: &Store) {
    // A worker claimed the message and died: after its lease another worker sends it.
    store.queue_sms(&message(9, NOW)).await.unwrap();
    assert_eq!(store.claim_sms("dead-worker", NOW, 60, 10).await.unwrap().len(), 1);
    let provider = Arc::new(Counting::default());
    let d = delivery(provider.clone(), 10);
    assert_eq!(deliver_due(store, &d, NOW + 59).await.unwrap().sent, 0, "still held");
    assert_eq!(deliver_due(store, &d, NOW + 61).await.unwrap().sent, 1);
    // The dead worker's late report changes nothing.
    assert!(!store.sms_sent("m009", "dead-worker", "late", NOW + 62).await.unwrap());
    assert_eq!(store.sms_delivery("m009").await.unwrap().unwrap().provider_ref.as_deref(), Some("ref-m009"));
}

/// A round's outcomes are written in one go, each only where the worker still holds the
/// message: one another worker holds is left to it.
pub async fn a_rounds_outcomes_are_recorded_together_where_the_lease_is_still_held(store: &Store) {
    for i in 20..23 {
        store.queue_sms(&message(i, NOW)).await.unwrap();
    }
    let mine: Vec<String> = store.claim_sms("first", NOW, 60, 2).await.unwrap().into_iter().map(|m| m.id).collect();
    assert_eq!(mine, ["m020", "m021"]);
    assert_eq!(store.claim_sms("second", NOW, 60, 10).await.unwrap().len(), 1, "m022 goes to the other worker");
    let outcomes = [
        ("m020".to_string(), SmsOutcome::Sent { provider_ref: "ref-20".into(), at: NOW + 1 }),
        ("m021".to_string(), SmsOutcome::NotSent { error: "busy".into(), next_at: Some(NOW + 30) }),
        ("m022".to_string(), SmsOutcome::Sent { provider_ref: "not-mine".into(), at: NOW + 1 }),
    ];
    assert_eq!(store.sms_outcomes("first", &outcomes).await.unwrap(), 2);
    let sent = store.sms_delivery("m020").await.unwrap().unwrap();
    assert_eq!((sent.status.as_str(), sent.attempts, sent.provider_ref.as_deref()), ("sent", 1, Some("ref-20")));
    let again = store.sms_delivery("m021").await.unwrap().unwrap();
    assert_eq!((again.status.as_str(), again.attempts, again.last_error.as_deref()), ("pending", 1, Some("busy")));
    let theirs = store.sms_delivery("m022").await.unwrap().unwrap();
    assert_eq!((theirs.status.as_str(), theirs.attempts, theirs.provider_ref), ("pending", 0, None));
    assert_eq!(store.claim_sms("third", NOW + 29, 60, 10).await.unwrap().len(), 0, "m021 is due again only at NOW + 30, m022 is held");
    assert_eq!(store.claim_sms("third", NOW + 30, 60, 10).await.unwrap().into_iter().map(|m| m.id).collect::<Vec<_>>(), ["m021"]);
}

/// A stand-in for Alibaba Cloud's SMS endpoint: it verifies each request's signature with
/// the secret it shares with the portal and answers with the next scripted `Code`.
async fn fake_aliyun(answers: Vec<&'static str>) -> (String, Arc<Mutex<Vec<BTreeMap<String, String>>>>) {
    use axum::{extract::State, routing::post, Form, Json, Router};
    type Seen = Arc<Mutex<Vec<BTreeMap<String, String>>>>;
    let seen: Seen = Arc::default();
    let answers = Arc::new(Mutex::new(VecDeque::from(answers)));
    let app = Router::new()
        .route(
            "/",
            post(|State((seen, answers)): State<(Seen, Arc<Mutex<VecDeque<&'static str>>>)>, Form(params): Form<BTreeMap<String, String>>| async move {
                let good = params.get("Signature").map(String::as_str) == Some(signature("POST", &params, "testSecret").as_str());
                seen.lock().unwrap().push(params);
                let code = if good { answers.lock().unwrap().pop_front().unwrap_or("OK") } else { "SignatureDoesNotMatch" };
                let status = if good { axum::http::StatusCode::OK } else { axum::http::StatusCode::BAD_REQUEST };
                (status, Json(serde_json::json!({ "Code": code, "Message": code, "BizId": "900619746936498440^0", "RequestId": "F655A8D5" })))
            }),
        )
        .with_state((seen.clone(), answers));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/"), seen)
}

fn aliyun(endpoint: String, secret: &str) -> Aliyun {
    let templates: HashMap<String, String> =
        [("received.zh-CN", "SMS_100"), ("received.en", "SMS_101"), ("sign_in_code.zh-CN", "SMS_200")].into_iter().map(|(k, v)| (k.into(), v.into())).collect();
    let settings = AliyunSettings { endpoint, access_key_id: "testId".into(), access_key_secret: secret.into(), sign_name: "某市民政局".into(), templates };
    Aliyun::new(settings, Duration::from_secs(5)).unwrap()
}

pub async fn alibaba_cloud_sms_is_sent_signed_and_its_answers_are_kept(store: &Store) {
    let (endpoint, seen) = fake_aliyun(vec!["isp.SYSTEM_ERROR", "OK", "isv.MOBILE_NUMBER_ILLEGAL"]).await;
    let d = Delivery { provider: Arc::new(aliyun(endpoint.clone(), "testSecret")), max_attempts: 3, retry_secs: 30, lease_secs: 60, batch: 10 };
    store.queue_sms(&message(1, NOW)).await.unwrap();
    assert_eq!(deliver_due(store, &d, NOW).await.unwrap().retried, 1, "the provider's own error is tried again");
    assert_eq!(deliver_due(store, &d, NOW + 30).await.unwrap().sent, 1);
    let state = store.sms_delivery("m001").await.unwrap().unwrap();
    assert_eq!((state.status.as_str(), state.provider_ref.as_deref()), ("sent", Some("900619746936498440^0")));
    {
        let seen = seen.lock().unwrap();
        let request = seen.last().unwrap();
        // The English template for a person who uses the portal in English, with only the
        // reference as its parameter: no text, no money, no ID number leaves the portal.
        assert_eq!(request["TemplateCode"], "SMS_101");
        assert_eq!(request["TemplateParam"], "{\"reference\":\"SA261205-ABC001\"}");
        assert_eq!(request["PhoneNumbers"], "13900000001");
        assert_eq!(request["SignName"], "某市民政局");
        assert_eq!((request["Action"].as_str(), request["Version"].as_str(), request["OutId"].as_str()), ("SendSms", "2017-05-25", "m001"));
        assert_ne!(seen[0]["SignatureNonce"], seen[1]["SignatureNonce"], "a new nonce for every request");
    }
    store.queue_sms(&message(2, NOW + 40)).await.unwrap();
    assert_eq!(deliver_due(store, &d, NOW + 40).await.unwrap().failed, 1, "a bad number is not tried again");

    // A template with no code configured, and a wrong secret, fail without retries.
    let no_template = OutgoingSms { template: "paid".into(), ..message(3, NOW + 50) };
    store.queue_sms(&no_template).await.unwrap();
    assert_eq!(deliver_due(store, &d, NOW + 50).await.unwrap().failed, 1);
    assert!(store.sms_delivery("m003").await.unwrap().unwrap().last_error.unwrap().contains("paid.en"));
    let wrong = Delivery { provider: Arc::new(aliyun(endpoint, "not-the-secret")), ..d };
    store.queue_sms(&message(4, NOW + 60)).await.unwrap();
    assert_eq!(deliver_due(store, &wrong, NOW + 60).await.unwrap().failed, 1);
    assert!(store.sms_delivery("m004").await.unwrap().unwrap().last_error.unwrap().contains("SignatureDoesNotMatch"));
}
