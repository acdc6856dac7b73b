//! Flows the store tests start from: a phone's sign-in code, a citizen ready to apply, a
//! filled-in draft, a signed-in staff member. A new test uses these instead of importing
//! helpers sideways from another test module.

use app::domain::application::steps::ApplyStep;
use app::domain::identity::Phone;
use app::domain::staff::Role;
use server::crypto::DataKey;
use app::i18n::Lang;
use server::services::application::{self as service, Actor, StepOutcome, SubmitOutcome};
use server::services::identity::{self, DevIdentityVerifier};
use server::services::sign_in::{self, request_code, OutboxNotifier};
use server::services::staff::{self, Staff};
use server::store::Store;

pub const STAFF_PASSWORD: &str = "correct horse battery";


pub const T0: i64 = 1_800_000_000;

pub fn phone(n: u32) -> Phone {
    Phone::parse(&format!("138{n:08}")).unwrap()
}

/// Sends a code and reads it back from the outbox, as a phone would receive it.
pub async fn send(store: &Store, p: &Phone, client: &str, at: i64) -> (String, String) {
    let id = request_code(store, &OutboxNotifier(store.clone()), p, client, at).await.expect("code sent");
    let (body, sent_at) = store.latest_outbox_for(p.expose()).await.unwrap().expect("a message");
    assert_eq!(sent_at, at);
    let code: String = body.chars().filter(char::is_ascii_digit).take(6).collect();
    (id, code)
}

pub struct Person {
    pub actor: Actor,
}

/// Signed in, real-name details recorded, pledge signed.
pub async fn ready(store: &Store, key: &DataKey, n: u32, name: &str, id: &str) -> Person {
    store.seed().await.unwrap();
    ready_in_seeded(store, key, n, name, id).await
}

/// `ready` in a database already seeded (a benchmark readies thousands at once).
pub async fn ready_in_seeded(store: &Store, key: &DataKey, n: u32, name: &str, id: &str) -> Person {
    // Each person from an address of their own: many people from one address hit its limit.
    let (challenge, code) = send(store, &phone(n), &format!("10.{}.{}.{}", (n >> 16) & 255, (n >> 8) & 255, n & 255), T0).await;
    let citizen = sign_in::verify_code(store, &challenge, &code, T0).await.unwrap();
    let now = chrono::DateTime::from_timestamp(T0, 0).unwrap();
    identity::save(store, key, &DevIdentityVerifier, &citizen, name, id, true, now).await.unwrap();
    server::services::pledge::sign(store, server::services::pledge::Signing {
        citizen_id: &citizen,
        text_id: "320000-v1-zh-CN",
        answer: Some(1),
        signer_name: name,
        on_behalf_of: None,
        signature_png: None,
        client_address: "1.2.3.4",
        user_agent: "test",
        signed_at: now,
    })
    .await
    .unwrap();
    Person { actor: service::actor(store, &citizen).await.unwrap() }
}

pub fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

pub async fn fill_in(store: &Store, key: &DataKey, who: &Person) {
    let steps: [(ApplyStep, &[(&str, &str)]); 8] = [
        (ApplyStep::Who, &[("for_whom", "self")]),
        (ApplyStep::Programme, &[("programme", "temporary")]),
        (
            ApplyStep::Residence,
            &[("district", "320104"), ("subdistrict", "320104001"), ("community", "320104001001"), ("address", "中牌楼 3 栋 201 室"), ("hukou_local", "no")],
        ),
        (ApplyStep::Household, &[("members", "1"), ("m0_age", "40")]),
        (ApplyStep::Income, &[("income", "1500")]),
        (ApplyStep::Spending, &[("medical", "30000"), ("event", "serious_illness"), ("event_date", "2026-10-01")]),
        (ApplyStep::Payment, &[("pay_holder", "王小明"), ("pay_bank", "农业银行"), ("pay_account", "622848012345678901")]),
        (ApplyStep::Pledge, &[]),
    ];
    for (step, fields) in steps {
        match service::save_step(store, key, &who.actor.citizen_id, step, &form(fields), false).await.unwrap() {
            StepOutcome::Next(_) => {}
            StepOutcome::Again(errors) => panic!("{step:?}: {errors:?}"),
        }
    }
}

/// A 滨海县 household (容缺 runs there) applying for expense-hardship inclusion after a
/// 50,000-yuan illness, asking for the fast track.
pub async fn rongque_case(store: &Store, key: &DataKey, n: u32) -> String {
    let who = ready(store, key, n, "王小明", "11010519491231002X").await;
    fill_in(store, key, &who).await;
    let changes: [(ApplyStep, &[(&str, &str)]); 4] = [
        (ApplyStep::Programme, &[("programme", "expense_hardship")]),
        (ApplyStep::Residence, &[("district", "320922"), ("subdistrict", "320922001"), ("community", "320922001001"), ("address", "幸福路 8 号"), ("hukou_local", "yes")]),
        (ApplyStep::Income, &[("income", "1200")]),
        (ApplyStep::Spending, &[("medical", "50000"), ("event", "serious_illness"), ("event_date", "2026-10-01"), ("event_loss", "50000")]),
    ];
    for (step, fields) in changes {
        let form: Vec<(String, String)> = fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        assert!(matches!(service::save_step(store, key, &who.actor.citizen_id, step, &form, true).await.unwrap(), StepOutcome::Next(_)), "{step:?}");
    }
    let draft = service::load_draft(store, key, &who.actor.citizen_id).await.unwrap().unwrap();
    let SubmitOutcome::Submitted(reference) = service::submit(store, key, &who.actor, &draft.id, true, Lang::ZhCn).await.unwrap() else { panic!() };
    assert!(store.case_by_reference(&reference).await.unwrap().unwrap().row.fast_track);
    reference
}

/// A staff account of `role` in `area`, signed in.
pub async fn signed_in_staff(store: &Store, username: &str, name: &str, role: Role, area: &str) -> Staff {
    staff::create(store, username, name, STAFF_PASSWORD, role, area).await.unwrap();
    let now = 1_900_000_000;
    let token = staff::sign_in(store, username, STAFF_PASSWORD, "test", now).await.unwrap();
    staff::session_staff(store, &token, now + 1).await.unwrap().unwrap()
}

/// A reviewer of the office `area`, signed in.
pub async fn reviewer(store: &Store, username: &str, area: &str) -> Staff {
    signed_in_staff(store, username, "补正经办", Role::Reviewer, area).await
}

/// How many files lie under `dir`, in any sub-folder.
pub fn files_in(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).map(|p| if p.is_dir() { files_in(&p) } else { 1 }).sum()
}
