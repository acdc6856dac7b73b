//! Policy parameters changed in the workbench (#17 item 4), on both backends: a proposal has
//! no effect until a second district officer approves it and its date comes; later
//! evaluations use it, earlier ones keep the old value; a decision is re-explained with the
//! values known and in force when it was made.

use app::domain::area::AreaCode;
use app::domain::params::ParamName;
use app::domain::request::{FieldError, Problem};
use app::domain::staff::Role;
use app::error::AppError;
use app::i18n::Lang;
use app::page_data::administration::ProposalForm;
use server::crypto::DataKey;
use server::services::administration::parameters as params;
use server::services::casework::{self, Command};
use server::services::eligibility::{parameter_set, residents_parameter_set};
use server::services::today_in_china;
use server::store::Store;

use crate::db::key;
use crate::flows::{rongque_case, signed_in_staff};

fn refused(field: &str, problem: Problem) -> AppError {
    AppError::Validation(vec![FieldError { field: field.into(), problem }])
}

fn standard_form(value: &str, from: &str) -> ProposalForm {
    ProposalForm { name: "dibao_standard_monthly_fen".into(), value: value.into(), effective_from: from.into(), source: "滨民发〔2026〕9号".into() }
}

async fn standard(store: &Store, on: app::domain::date::Date) -> i64 {
    let area = AreaCode::parse("320922001001").unwrap();
    parameter_set(store).await.unwrap().lookup(ParamName::DibaoStandardMonthlyFen, &area, on).unwrap().value
}

/// The same, as residents' pages read it (held by the server).
async fn residents_standard(store: &Store, on: app::domain::date::Date) -> i64 {
    let area = AreaCode::parse("320922001001").unwrap();
    residents_parameter_set(store).await.unwrap().lookup(ParamName::DibaoStandardMonthlyFen, &area, on).unwrap().value
}

pub async fn a_new_value_waits_for_a_second_officer_and_its_date(store: &Store) {
    store.seed().await.unwrap();
    let one = signed_in_staff(store, "d.one", "区民政甲", Role::DistrictOfficer, "320922").await;
    let two = signed_in_staff(store, "d.two", "区民政乙", Role::DistrictOfficer, "320922").await;
    let elsewhere = signed_in_staff(store, "d.other", "市民政", Role::DistrictOfficer, "320900").await;
    let reviewer = signed_in_staff(store, "d.reviewer", "街道经办", Role::Reviewer, "320922001").await;
    let today = today_in_china();
    let tomorrow = today.plus_days(1);
    assert_eq!(standard(store, tomorrow).await, 100_000);

    let form = standard_form("1,100", &tomorrow.to_string());
    assert_eq!(params::propose(store, &reviewer, &form).await, Err(AppError::Forbidden), "district officers only");
    params::propose(store, &one, &form).await.unwrap();
    assert_eq!(standard(store, tomorrow).await, 100_000, "a proposal changes nothing");
    let pending = store.proposals_for("320922", None, true).await.unwrap();
    assert_eq!(pending.len(), 1);
    let id = key(&pending[0].row.id);

    assert_eq!(params::approve(store, &one, &id).await, Err(refused("decision", Problem::OwnProposal)), "four eyes");
    assert_eq!(params::approve(store, &elsewhere, &id).await, Err(AppError::NotFound), "another area's");
    assert_eq!(params::propose(store, &two, &form).await, Err(refused("effective_from", Problem::ParameterDateTaken)), "one proposal a day");
    let yesterday = standard_form("1,100", &today.plus_days(-1).to_string());
    assert_eq!(params::propose(store, &two, &yesterday).await, Err(refused("effective_from", Problem::EffectiveBeforeToday)));
    let too_much = standard_form("200,000", &tomorrow.to_string());
    assert!(matches!(params::propose(store, &two, &too_much).await, Err(AppError::Validation(e)) if matches!(e[0].problem, Problem::ParameterRange { .. })));

    assert_eq!(residents_standard(store, tomorrow).await, 100_000, "held for residents' pages");
    params::approve(store, &two, &id).await.unwrap();
    assert_eq!(standard(store, tomorrow).await, 110_000, "in force from its date");
    assert_eq!(residents_standard(store, tomorrow).await, 110_000, "the checker uses an approval on this server at once");
    assert_eq!(standard(store, today).await, 100_000, "and not before");
    assert_eq!(params::refuse(store, &two, &id, "").await, Err(refused("decision", Problem::ChangedMeanwhile)), "decided once");

    // A second proposal, refused with a note: nothing changes.
    params::propose(store, &two, &standard_form("1,200", &tomorrow.plus_days(30).to_string())).await.unwrap();
    let other = key(&store.proposals_for("320922", None, true).await.unwrap()[0].row.id);
    params::refuse(store, &one, &other, "文件尚未印发").await.unwrap();
    assert_eq!(standard(store, tomorrow.plus_days(31)).await, 110_000);

    let history = params::history(store, &two, "dibao_standard_monthly_fen", Lang::ZhCn).await.unwrap();
    let values: Vec<_> = history.rows.iter().map(|r| r.value.as_str()).collect();
    assert_eq!(values, ["1,100 元", "1,000 元", "900 元", "800 元"], "the district's rows and those above it, latest first");
    assert!(history.rows[0].known.contains("区民政甲") && history.rows[0].known.contains("区民政乙"), "{}", history.rows[0].known);
    assert_eq!(history.proposals.len(), 2);
    assert!(history.proposals.iter().any(|p| p.note.as_deref() == Some("文件尚未印发")));
    let audit = store.audit_entries_for("parameter:320922:dibao_standard_monthly_fen").await.unwrap();
    let actions: Vec<_> = audit.iter().map(|e| e.entry.action.as_str()).collect();
    assert_eq!(actions, ["parameter.propose", "parameter.approve", "parameter.propose", "parameter.refuse"]);
}

pub async fn a_decision_is_re_explained_with_the_values_of_its_day(store: &Store) {
    let data_key = DataKey::from_base64(&DataKey::generate_base64()).unwrap();
    let r = rongque_case(store, &data_key, 612).await;
    let reviewer = signed_in_staff(store, "x.reviewer", "经办", Role::Reviewer, "320922001").await;
    let worker = signed_in_staff(store, "x.worker", "社区", Role::CommunityWorker, "320922001001").await;
    let approver = signed_in_staff(store, "x.approver", "审批", Role::Approver, "320922001").await;
    let one = signed_in_staff(store, "x.one", "区民政甲", Role::DistrictOfficer, "320922").await;
    let two = signed_in_staff(store, "x.two", "区民政乙", Role::DistrictOfficer, "320922").await;
    let version = |r: String| async move { store.case_by_reference(&r).await.unwrap().unwrap().version };
    casework::act(store, &data_key, &reviewer, &key(&r), version(r.clone()).await, Command::Accept).await.unwrap();
    let appraisal = Command::RecordAppraisal { date: today_in_china().to_string(), participants: "村民代表 9 人".into(), result: "agree".into() };
    casework::act(store, &data_key, &worker, &key(&r), version(r.clone()).await, appraisal).await.unwrap();
    casework::act(store, &data_key, &approver, &key(&r), version(r.clone()).await, Command::ProvisionalApprove { amount: "800".into() }).await.unwrap();
    // Decided a few seconds into today (Beijing): a value approved later today from today
    // was not known then, and the decision is explained without it.
    let today = today_in_china();
    let id = store.case_by_reference(&r).await.unwrap().unwrap().row.id;
    let start_of_today = format!("{}T16:00:05Z", today.plus_days(-1));
    store.execute_raw(&format!("UPDATE applications SET decided_at = '{start_of_today}' WHERE id = '{id}'")).await.unwrap();

    let before = casework::case(store, &data_key, &approver, &key(&r), Lang::ZhCn).await.unwrap();
    let line = |page: &app::page_data::staff::CaseData| page.explained.iter().find(|l| l.label == "低保标准（每人每月）").cloned().unwrap();
    assert_eq!((line(&before).then.as_str(), line(&before).now.clone()), ("1,000 元", None));

    params::propose(store, &one, &standard_form("1100", &today.to_string())).await.unwrap();
    let pid = key(&store.proposals_for("320922", None, true).await.unwrap()[0].row.id);
    params::approve(store, &two, &pid).await.unwrap();
    assert_eq!(standard(store, today).await, 110_000, "today's evaluations use it");

    let after = casework::case(store, &data_key, &approver, &key(&r), Lang::ZhCn).await.unwrap();
    assert_eq!(line(&after).then, "1,000 元", "the decision's own value");
    assert_eq!(line(&after).now.as_deref(), Some("1,100 元"), "today's beside it");
    assert!(after.explained.iter().filter(|l| l.label != "低保标准（每人每月）").all(|l| l.now.is_none()), "the rest did not change");
    let undecided = rongque_case(store, &data_key, 613).await;
    assert!(casework::case(store, &data_key, &approver, &key(&undecided), Lang::ZhCn).await.unwrap().explained.is_empty(), "nothing to explain before a decision");
}

/// Ten simultaneous uses of one setup link set one password; the link then opens nothing.
pub async fn a_setup_link_sets_a_password_once(store: &Store) {
    store.seed().await.unwrap();
    let admin = signed_in_staff(store, "s.admin", "管理员", Role::Admin, "320922").await;
    let form = app::page_data::administration::AccountForm { username: "s.new".into(), full_name: "新同事".into(), phone: String::new(), role: "reviewer".into(), area_code: "320922001".into(), provider: String::new() };
    let (_, token) = server::services::administration::accounts::create(store, &admin, &form).await.unwrap();
    let now = chrono::Utc::now().timestamp();
    let token_hash = server::crypto::hash(&[&token]);
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..10 {
        let (store, token_hash) = (store.clone(), token_hash.clone());
        tasks.spawn(async move {
            let audit = |id: &str| server::store::AuditEntry { at: "2026-12-05T00:00:00Z".into(), actor: format!("staff:{id}"), action: "staff.set_password".into(), subject: format!("staff:{id}"), detail: String::new() };
            store.use_setup_link(&token_hash, &format!("hash-{i}"), now, audit).await.unwrap()
        });
    }
    let used = tasks.join_all().await.into_iter().flatten().count();
    assert_eq!(used, 1, "one use of one link");
    assert_eq!(store.setup_link_staff(&token_hash, now).await.unwrap(), None);
}

/// The second factor (#17 item 2): enrolled with a first code; after that a wrong, a reused
/// and a stale code are refused, a later one works, recovery codes work once, and tries are
/// throttled.
pub async fn second_factor_codes_work_once_and_in_time(store: &Store) {
    use server::services::second_factor::{self as sf, Gate};
    use server::totp;
    store.seed().await.unwrap();
    let key = DataKey::from_base64(&DataKey::generate_base64()).unwrap();
    let staff = signed_in_staff(store, "t.reviewer", "经办", Role::Reviewer, "320922001").await;
    let now = chrono::Utc::now().timestamp();
    let session = server::services::staff::sign_in(store, "t.reviewer", crate::flows::STAFF_PASSWORD, "test", now).await.unwrap();
    assert_eq!(sf::gate(store, &staff.id, &session, true).await.unwrap(), Gate::Enrol);
    assert_eq!(sf::gate(store, &staff.id, &session, false).await.unwrap(), Gate::Open, "off, nothing asked");

    let enrol = sf::enrolment(store, &key, &staff).await.unwrap();
    assert_eq!(sf::enrolment(store, &key, &staff).await.unwrap().secret, enrol.secret, "the same key until confirmed");
    let secret = totp::from_base32(&enrol.secret).unwrap();
    let wrong = |e: Result<_, AppError>| matches!(e, Err(AppError::Validation(f)) if f[0].problem == Problem::SecondFactorWrong);
    assert!(wrong(sf::confirm(store, &key, &staff, &session, "000000", now).await.map(|_| ())) || totp::code_text(&secret, totp::step_of(now)) == "000000");
    let first = totp::code_text(&secret, totp::step_of(now));
    let recovery = sf::confirm(store, &key, &staff, &session, &first, now).await.unwrap();
    assert_eq!(recovery.len(), 10);
    assert_eq!(sf::gate(store, &staff.id, &session, true).await.unwrap(), Gate::Open, "confirmed and verified");
    assert_eq!(sf::enrolment(store, &key, &staff).await.unwrap_err(), AppError::NotFound, "enrolled once");

    // A new session: the same code again is refused (reused), an old one too (stale).
    let later = now + 60;
    let second = server::services::staff::sign_in(store, "t.reviewer", crate::flows::STAFF_PASSWORD, "test", later).await.unwrap();
    assert_eq!(sf::gate(store, &staff.id, &second, true).await.unwrap(), Gate::Verify);
    assert!(wrong(sf::verify(store, &key, &staff, &second, &first, now).await), "reused");
    let stale = totp::code_text(&secret, totp::step_of(later) - 3);
    assert!(wrong(sf::verify(store, &key, &staff, &second, &stale, later).await), "stale");
    let fresh = totp::code_text(&secret, totp::step_of(later));
    sf::verify(store, &key, &staff, &second, &fresh, later).await.unwrap();
    assert_eq!(sf::gate(store, &staff.id, &second, true).await.unwrap(), Gate::Open);

    // Recovery codes: each once.
    let third = server::services::staff::sign_in(store, "t.reviewer", crate::flows::STAFF_PASSWORD, "test", later + 1).await.unwrap();
    sf::verify(store, &key, &staff, &third, &recovery[0].to_uppercase(), later + 1).await.unwrap();
    let fourth = server::services::staff::sign_in(store, "t.reviewer", crate::flows::STAFF_PASSWORD, "test", later + 2).await.unwrap();
    assert!(wrong(sf::verify(store, &key, &staff, &fourth, &recovery[0], later + 2).await), "a recovery code works once");
    // Throttled like passwords: wrong tries count, and past the limit none is checked, not
    // even a right one.
    let too_many = |e: &Result<(), AppError>| matches!(e, Err(AppError::Validation(f)) if f[0].problem == Problem::TooManyAttempts);
    let mut tries = 0;
    while !too_many(&sf::verify(store, &key, &staff, &fourth, "99999x", later + 3).await) {
        tries += 1;
        assert!(tries <= server::services::staff::MAX_FAILURES_PER_ACCOUNT, "the limit holds");
    }
    let blocked = sf::verify(store, &key, &staff, &fourth, &totp::code_text(&secret, totp::step_of(later + 90)), later + 90).await;
    assert!(too_many(&blocked), "{blocked:?}");
}
