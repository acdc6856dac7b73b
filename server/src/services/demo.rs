//! The demonstration `make run` starts (`PORTAL_DEMO`): the demo staff of 秦虹街道, four
//! residents whose applications stand at different points (waiting, accepted, asked for more,
//! approved), and what the pages tell a visitor so they can try every role. Everything goes
//! through the same services as real use — real-name details, the pledge, the
//! application's steps and the workbench's actions — so the demo data is what the portal
//! itself would hold. Made once; a later start leaves it as it is.

use app::domain::application::steps::ApplyStep;
use app::domain::identity::Phone;
use app::error::AppError;
use app::i18n::Lang;
use app::page_data::demo::{DemoAccount, Demonstration};

use super::application::{self as service, StepOutcome, SubmitOutcome};
use super::casework::{self, Command};
use super::identity::{self, DevIdentityVerifier};
use super::staff::{self, Staff, DEMO_PASSWORD};
use crate::crypto::DataKey;
use crate::store::Store;

/// The resident the pages name: their applications include an approved one.
pub const CITIZEN_PHONE: &str = "13900000001";

/// Where a demo application is left.
#[derive(Clone, Copy)]
enum Stage {
    Approved,
    Waiting,
    MoreInformation,
    Accepted,
}

/// Phone, name, ID number (valid check digits, made up), stage.
const RESIDENTS: [(&str, &str, &str, Stage); 4] = [
    (CITIZEN_PHONE, "周桂兰", "320104195603120043", Stage::Approved),
    ("13900000002", "陈建国", "320104198807210036", Stage::Waiting),
    ("13900000003", "王秀英", "320104197509090019", Stage::MoreInformation),
    ("13900000004", "刘强", "320104200001010035", Stage::Accepted),
];

/// What the banner, the sign-in page and the workbench's sign-in tell a visitor.
pub fn demonstration() -> Demonstration {
    Demonstration {
        citizen_phone: CITIZEN_PHONE.to_string(),
        staff: staff::DEMO_ACCOUNTS.iter().map(|(username, _, role, _)| DemoAccount { username: username.to_string(), role: *role }).collect(),
        password: DEMO_PASSWORD.to_string(),
    }
}

/// The demo staff and residents, made once.
pub async fn seed(store: &Store, key: &DataKey) -> Result<(), AppError> {
    staff::seed_demo(store).await?;
    let now = chrono::Utc::now();
    let reviewer = signed_in(store, "demo.reviewer", now.timestamp()).await?;
    let worker = signed_in(store, "demo.worker", now.timestamp()).await?;
    let approver = signed_in(store, "demo.approver", now.timestamp()).await?;
    for (phone, name, id_number, stage) in RESIDENTS {
        let citizen = resident(store, key, phone, name, id_number, now).await?;
        if !service::list(store, &citizen, Lang::ZhCn).await?.applications.is_empty() {
            continue;
        }
        let reference = apply(store, key, &citizen, name).await?;
        let today = super::today_in_china();
        let act = |who, command| act(store, key, who, &reference, command);
        match stage {
            Stage::Waiting => {}
            Stage::Accepted => act(&reviewer, Command::Accept).await?,
            Stage::MoreInformation => {
                act(&reviewer, Command::Accept).await?;
                let due = today.plus_days(15).to_string();
                act(&reviewer, Command::RequestInformation { items: "请补充近 6 个月的工资流水或收入证明".into(), due }).await?;
            }
            Stage::Approved => {
                act(&reviewer, Command::Accept).await?;
                let date = today.to_string();
                act(&worker, Command::RecordVisit { date: date.clone(), findings: "家中只有本人，住院治疗后在家休养，无其他收入".into(), photo: None }).await?;
                act(&worker, Command::RecordAppraisal { date, participants: "居委会、居民代表共 7 人".into(), result: "agree".into() }).await?;
                act(&approver, Command::Approve { multiple: "2".into(), amount: String::new(), in_kind: Vec::new() }).await?;
            }
        }
    }
    monitoring(store, key).await
}

/// The monitoring register of the demonstration: two households that predate the portal
/// (周桂兰 is in it already, by her approval) and a 医保 batch that warns about one of them.
/// A batch is received once, so a later start changes nothing.
async fn monitoring(store: &Store, key: &DataKey) -> Result<(), AppError> {
    use crate::services::monitoring::{feeds, register};
    let officer = signed_in(store, "demo.district", chrono::Utc::now().timestamp()).await?;
    let csv = "id_number,name,tier,since,community,address,phone\n\
               320104194805060021,孙淑珍,tekun,2021-05-01,320104001001,中牌楼 2 栋 102 室,13900000005\n\
               320104197911230059,吴志强,dibao,2023-09-01,320104001001,中牌楼 7 栋 301 室,13900000006\n";
    if store.register_person_by_index(&key.blind_index("320104194805060021")).await?.is_none() {
        register::import(store, key, &officer, csv.as_bytes()).await?;
    }
    let rows = [
        serde_json::json!({"id_number": "320104194805060021", "out_of_pocket_fen": 820000, "period_start": "2026-11-01", "period_end": "2026-11-20", "inpatient": true}),
        serde_json::json!({"id_number": "320104199001010013", "out_of_pocket_fen": 120000, "period_start": "2026-11-01", "period_end": "2026-11-20", "inpatient": false}),
    ];
    let batch = crate::services::key("demo-yibao-2026-11")?;
    feeds::receive(store, key, &feeds::Sender::Staff(officer), app::domain::monitoring::feeds::FeedSource::MedicalInsurance, &batch, &rows).await?;
    services(store, key).await
}

/// 孙淑珍's service plan: the district team's weekly home visits, so the demo's provider
/// worker (`demo.provider`) has visits to record. Made once.
async fn services(store: &Store, key: &DataKey) -> Result<(), AppError> {
    use crate::services::service_assistance::plans;
    let Some(person) = store.register_person_by_index(&key.blind_index("320104194805060021")).await? else { return Ok(()) };
    if store.plan_of(&person.id).await?.is_some() {
        return Ok(());
    }
    let worker = signed_in(store, "demo.worker", chrono::Utc::now().timestamp()).await?;
    let line = app::page_data::service_plans::LineForm { choice: "demo-qh-home-visit|demo-qh-team".into(), start: super::today_in_china().to_string(), per: "month".into(), ..Default::default() };
    plans::add_line(store, &worker, &crate::services::key(&person.id)?, &line).await
}

/// One workbench action on the case as it now stands.
async fn act(store: &Store, key: &DataKey, who: &Staff, reference: &str, command: Command) -> Result<(), AppError> {
    let version = store.application_by_reference(reference).await?.map(|(_, v, _)| v).ok_or(AppError::NotFound)?;
    casework::act(store, key, who, &crate::services::key(reference)?, version, command).await
}

async fn signed_in(store: &Store, username: &str, now: i64) -> Result<Staff, AppError> {
    let token = staff::sign_in(store, username, DEMO_PASSWORD, "demo", now).await?;
    let member = staff::session_staff(store, &token, now).await?.ok_or(AppError::Internal)?;
    staff::sign_out(store, &token).await?;
    Ok(member)
}

/// A resident with an account, real-name details and the signed pledge.
async fn resident(store: &Store, key: &DataKey, phone: &str, name: &str, id_number: &str, now: chrono::DateTime<chrono::Utc>) -> Result<String, AppError> {
    // Made as a first sign-in makes them, but with no code sent: the visitor's own first
    // code for this number must not wait out the resend limit.
    let parsed = Phone::parse(phone).map_err(|_| AppError::Internal)?;
    let citizen = store.citizen_for_phone(&crate::crypto::random_token(12), parsed.expose(), now.timestamp()).await?;
    identity::save(store, key, &DevIdentityVerifier, &citizen, name, id_number, true, now).await?;
    super::pledge::sign(store, super::pledge::Signing {
        citizen_id: &citizen,
        text_id: "320000-v1-zh-CN",
        answer: Some(1),
        signer_name: name,
        on_behalf_of: None,
        signature_png: None,
        client_address: "127.0.0.1",
        user_agent: "demo",
        signed_at: now,
    })
    .await?;
    Ok(citizen)
}

/// Temporary aid after an illness, in 中牌楼社区 (秦虹街道, 秦淮区), submitted.
async fn apply(store: &Store, key: &DataKey, citizen: &str, name: &str) -> Result<String, AppError> {
    let steps: [(ApplyStep, Vec<(&str, &str)>); 8] = [
        (ApplyStep::Who, vec![("for_whom", "self")]),
        (ApplyStep::Programme, vec![("programme", "temporary")]),
        (
            ApplyStep::Residence,
            vec![("district", "320104"), ("subdistrict", "320104001"), ("community", "320104001001"), ("address", "中牌楼 3 栋 201 室"), ("hukou_local", "yes")],
        ),
        (ApplyStep::Household, vec![("members", "1"), ("m0_age", "58")]),
        (ApplyStep::Income, vec![("income", "900")]),
        (ApplyStep::Spending, vec![("medical", "30000"), ("event", "serious_illness"), ("event_date", "2026-10-01"), ("event_loss", "30000")]),
        (ApplyStep::Payment, vec![("pay_holder", name), ("pay_bank", "工商银行秦淮支行"), ("pay_account", "6222021234567890123")]),
        (ApplyStep::Pledge, vec![]),
    ];
    for (step, fields) in steps {
        let fields: Vec<(String, String)> = fields.into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        if let StepOutcome::Again(_) = service::save_step(store, key, citizen, step, &fields, false).await? {
            return Err(AppError::Internal);
        }
    }
    let actor = service::actor(store, citizen).await?;
    let draft = service::load_draft(store, key, citizen).await?.ok_or(AppError::Internal)?;
    match service::submit(store, key, &actor, &draft.id, false, Lang::ZhCn).await? {
        SubmitOutcome::Submitted(reference) => Ok(reference),
        SubmitOutcome::Incomplete(_) => Err(AppError::Internal),
    }
}
