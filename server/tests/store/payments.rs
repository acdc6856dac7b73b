//! Money on a decided case (#18): payments follow the grant, once per period; 先行救助 is
//! capped and counts towards the decision; what was paid beyond it is settled as the area's
//! parameter says. On both backends.

use app::domain::application::steps::ApplyStep;
use app::domain::area::AreaCode;
use app::domain::date::Date;
use app::domain::params::{ParamName, Parameter};
use app::domain::request::{FieldError, Problem};
use app::domain::staff::Role;
use app::error::AppError;
use app::i18n::Lang;
use server::crypto::DataKey;
use server::services::application::{self as service, StepOutcome, SubmitOutcome};
use server::services::casework::{self, Command};
use server::services::today_in_china;
use server::store::Store;

use crate::flows::{fill_in, form, ready, rongque_case, signed_in_staff};

fn refused(field: &str, problem: Problem) -> Result<(), AppError> {
    Err(AppError::Validation(vec![FieldError { field: field.into(), problem }]))
}

fn pay(amount: &str, paid_on: &str, period: &str, reason: &str) -> Command {
    Command::RecordPayment { amount: amount.into(), paid_on: paid_on.into(), period: period.into(), reason: reason.into() }
}

async fn version(store: &Store, r: &str) -> i64 {
    store.case_by_reference(r).await.unwrap().unwrap().version
}

pub async fn payments_follow_the_grant_once_per_period(store: &Store) {
    let key = DataKey::from_base64(&DataKey::generate_base64()).unwrap();
    let r = rongque_case(store, &key, 611).await;
    let reviewer = signed_in_staff(store, "p.reviewer", "发放经办", Role::Reviewer, "320922001").await;
    let second = signed_in_staff(store, "p.reviewer2", "发放经办二", Role::Reviewer, "320922001").await;
    let worker = signed_in_staff(store, "p.worker", "社区", Role::CommunityWorker, "320922001001").await;
    let approver = signed_in_staff(store, "p.approver", "审批", Role::Approver, "320922001").await;
    casework::act(store, &key, &reviewer, &crate::db::key(&r), version(store, &r).await, Command::Accept).await.unwrap();
    let appraisal = Command::RecordAppraisal { date: "2026-11-02".into(), participants: "村民代表 9 人".into(), result: "agree".into() };
    casework::act(store, &key, &worker, &crate::db::key(&r), version(store, &r).await, appraisal).await.unwrap();
    casework::act(store, &key, &approver, &crate::db::key(&r), version(store, &r).await, Command::ProvisionalApprove { amount: "800".into() }).await.unwrap();
    let id = store.case_by_reference(&r).await.unwrap().unwrap().row.id;
    // Decided on 20 October (Beijing time): 800 a month from October.
    store.execute_raw(&format!("UPDATE applications SET decided_at = '2026-10-20T02:00:00Z' WHERE id = '{id}'")).await.unwrap();

    let tries = [
        (pay("800", "2026-10-19", "2026-10", ""), refused("paid_on", Problem::PaidBeforeDecision { on: "2026-10-20".into() })),
        (pay("800", "2026-11-05", "2026-09", ""), refused("period", Problem::PeriodBeforeGrant { from: "2026-10".into() })),
        (pay("800", "2026-11-05", "2026-12", ""), refused("period", Problem::PeriodNotBegun)),
        (pay("800", "2026-11-05", "十一月", ""), refused("period", Problem::PeriodFormat)),
        (pay("2000", "2026-11-05", "2026-11", ""), refused("payment_amount", Problem::OverPeriodAmount { left: "800".into() })),
        (pay("800", "2026-11-05", "2026-11", ""), Ok(())),
        (pay("800", "2026-11-06", "2026-11", ""), refused("correction_reason", Problem::PeriodAlreadyPaid)),
        (pay("100", "2026-11-06", "2026年11月", "银行退票后重发"), refused("payment_amount", Problem::OverPeriodAmount { left: "0".into() })),
        (pay("500", "2026-11-06", "2026-10", ""), Ok(())),
        (pay("300", "2026-11-07", "2026-10", "首月少发 300 元，补发"), Ok(())),
    ];
    for (command, expected) in tries {
        let got = casework::act(store, &key, &reviewer, &crate::db::key(&r), version(store, &r).await, command.clone()).await;
        assert_eq!(got, expected, "{command:?}");
    }
    let paid: Vec<_> = store.payments_of(&id).await.unwrap().into_iter().map(|p| (p.period, p.kind, p.amount_fen, p.reason.is_some())).collect();
    assert_eq!(
        paid,
        [
            ("2026-11".to_string(), "regular".to_string(), 80_000, false),
            ("2026-10".to_string(), "regular".to_string(), 50_000, false),
            ("2026-10".to_string(), "correction".to_string(), 30_000, true),
        ]
    );

    // Two staff record December at once, from the same page: one payment, one conflict.
    let v = version(store, &r).await;
    let rk = crate::db::key(&r);
    let (a, b) = tokio::join!(
        casework::act(store, &key, &reviewer, &rk, v, pay("800", "2026-12-01", "2026-12", "")),
        casework::act(store, &key, &second, &rk, v, pay("800", "2026-12-01", "2026-12", "")),
    );
    let mut outcomes = [a.is_ok(), b.is_ok()];
    outcomes.sort();
    assert_eq!(outcomes, [false, true], "{a:?} {b:?}");
    // The loser saw the page's version go (409) or, having read after the winner, the
    // month already paid.
    let loser = if a.is_ok() { b } else { a };
    assert!(loser == Err(AppError::Conflict) || loser == refused("correction_reason", Problem::PeriodAlreadyPaid), "{loser:?}");
    let december = store.payments_of(&id).await.unwrap().into_iter().filter(|p| p.period == "2026-12").count();
    assert_eq!(december, 1);
    // The database holds it too: a second regular payment for a period cannot be written.
    let sql = format!(
        "INSERT INTO payments (id, application_id, amount_fen, paid_on, period, kind, recorded_by, recorded_at) VALUES ('dup', '{id}', 100, '2026-12-02', '2026-12', 'regular', 'x', '2026-12-02T00:00:00Z')"
    );
    assert!(store.execute_raw(&sql).await.is_err());
}

/// A one-person 秦淮区 household after a serious illness three days ago, asking for
/// temporary aid: 1–5 × 1,110 元, and help may come first.
async fn temporary_case(store: &Store, key: &DataKey, n: u32) -> String {
    let who = ready(store, key, n, "王小明", "11010519491231002X").await;
    fill_in(store, key, &who).await;
    let recent = today_in_china().plus_days(-3).to_string();
    let fields = [("medical", "30000"), ("event", "serious_illness"), ("event_date", recent.as_str()), ("event_loss", "30000")];
    assert!(matches!(service::save_step(store, key, &who.actor.citizen_id, ApplyStep::Spending, &form(&fields), true).await.unwrap(), StepOutcome::Next(_)));
    let draft = service::load_draft(store, key, &who.actor.citizen_id).await.unwrap().unwrap();
    let SubmitOutcome::Submitted(r) = service::submit(store, key, &who.actor, &draft.id, false, Lang::ZhCn).await.unwrap() else { panic!() };
    r
}

pub async fn emergency_help_is_capped_and_counts_towards_the_decision(store: &Store) {
    let key = DataKey::from_base64(&DataKey::generate_base64()).unwrap();
    store.seed().await.unwrap();
    let reviewer = signed_in_staff(store, "e.reviewer", "窗口", Role::Reviewer, "320104001").await;
    let approver = signed_in_staff(store, "e.approver", "审批", Role::Approver, "320104001").await;
    let today = today_in_china().to_string();

    // Above the top of the range (5 × 1,110): refused, with the ceiling named.
    let r = temporary_case(store, &key, 621).await;
    let over = casework::act(store, &key, &approver, &crate::db::key(&r), version(store, &r).await, Command::EmergencyAid { amount: "50000".into() }).await;
    assert_eq!(over, refused("aid_amount", Problem::OverEmergencyCeiling { max: "5,550".into() }));
    let AppError::Validation(f) = over.unwrap_err() else { unreachable!() };
    assert!(f[0].problem.text(Lang::ZhCn).contains("5,550"));
    casework::act(store, &key, &approver, &crate::db::key(&r), version(store, &r).await, Command::EmergencyAid { amount: "2000".into() }).await.unwrap();
    casework::act(store, &key, &reviewer, &crate::db::key(&r), version(store, &r).await, Command::Accept).await.unwrap();
    let page = casework::case(store, &key, &approver, &crate::db::key(&r), Lang::ZhCn).await.unwrap();
    assert_eq!(page.paid_first.as_deref(), Some("2,000"), "the approval form says what was paid first");
    // Approved at 3 × 1,110 = 3,330: 1,330 remains to pay, and no more.
    // With a quilt in kind beside the cash (实物救助): kept with the decision, delivered later.
    let quilt = vec![("棉被".to_string(), "2".to_string(), "1890".to_string())];
    casework::act(store, &key, &approver, &crate::db::key(&r), version(store, &r).await, Command::Approve { multiple: "3".into(), amount: String::new(), in_kind: quilt }).await.unwrap();
    let case = store.case_by_reference(&r).await.unwrap().unwrap();
    let given = store.in_kind_of(&case.row.id).await.unwrap();
    assert_eq!((given.len(), given[0].value_fen, given[0].delivered_at.is_none()), (1, 189_000, true));
    casework::deliver_in_kind(store, &reviewer, &crate::db::key(&r), &crate::db::key(&given[0].id)).await.unwrap();
    assert!(store.in_kind_of(&case.row.id).await.unwrap()[0].delivered_at.is_some());
    let whole = casework::act(store, &key, &reviewer, &crate::db::key(&r), version(store, &r).await, pay("3330", &today, "", "")).await;
    assert_eq!(whole, refused("payment_amount", Problem::OverPeriodAmount { left: "1,330".into() }));
    casework::act(store, &key, &reviewer, &crate::db::key(&r), version(store, &r).await, pay("1330", &today, "", "")).await.unwrap();
    let more = casework::act(store, &key, &reviewer, &crate::db::key(&r), version(store, &r).await, pay("1", &today, "", "再发")).await;
    assert_eq!(more, refused("payment_amount", Problem::OverPeriodAmount { left: "0".into() }));
    let who = store.case_by_reference(&r).await.unwrap().unwrap().row.citizen_id;
    let status = service::status(store, &who, &crate::db::key(&r), Lang::ZhCn).await.unwrap();
    let words = status.decision.unwrap().settlement.join(" ");
    assert!(words.contains("已先行救助 2,000 元") && !words.contains("多"), "{words}");

    // Approved below what was paid first (1 × 1,110 against 2,000): the 890 is not recovered
    // under the shipped parameter, and the person is told so.
    let r = temporary_case(store, &key, 622).await;
    casework::act(store, &key, &approver, &crate::db::key(&r), version(store, &r).await, Command::EmergencyAid { amount: "2000".into() }).await.unwrap();
    casework::act(store, &key, &reviewer, &crate::db::key(&r), version(store, &r).await, Command::Accept).await.unwrap();
    casework::act(store, &key, &approver, &crate::db::key(&r), version(store, &r).await, Command::Approve { multiple: "1".into(), amount: String::new(), in_kind: Vec::new() }).await.unwrap();
    let case = store.case_by_reference(&r).await.unwrap().unwrap();
    assert_eq!(case.recovery_fen, None);
    let status = service::status(store, &case.row.citizen_id, &crate::db::key(&r), Lang::ZhCn).await.unwrap();
    let words = status.decision.unwrap().settlement.join(" ");
    assert!(words.contains("多 890 元") && words.contains("不需要退回"), "{words}");
    let page = casework::case(store, &key, &approver, &crate::db::key(&r), Lang::En).await.unwrap();
    assert!(page.settlement.join(" ").contains("890 yuan more"), "{:?}", page.settlement);

    // Where the area recovers it, a rejection after emergency help recovers all of it.
    let area = AreaCode::parse("320104").unwrap();
    let p = Parameter { area, name: ParamName::FirstAidRecoverExcess, value: 1, effective_from: Date::parse("2024-01-01").unwrap(), source: "测试：追回".into(), demo: true };
    assert!(store.insert_parameter(&p).await.unwrap());
    let r = temporary_case(store, &key, 623).await;
    casework::act(store, &key, &approver, &crate::db::key(&r), version(store, &r).await, Command::EmergencyAid { amount: "1500".into() }).await.unwrap();
    casework::act(store, &key, &reviewer, &crate::db::key(&r), version(store, &r).await, Command::Accept).await.unwrap();
    casework::act(store, &key, &approver, &crate::db::key(&r), version(store, &r).await, Command::Reject { reason: "核实后收入超标".into(), basis: "临时救助办法第五条".into() }).await.unwrap();
    let case = store.case_by_reference(&r).await.unwrap().unwrap();
    assert_eq!(case.recovery_fen, Some(150_000));
    let words = service::status(store, &case.row.citizen_id, &crate::db::key(&r), Lang::ZhCn).await.unwrap().decision.unwrap().settlement.join(" ");
    assert!(words.contains("1,500") && words.contains("需要退回"), "{words}");

    // The district view counts emergency help, payments and what is to be recovered apart.
    let month = &today[..7];
    let figures: Vec<_> = store.payment_figures("320104").await.unwrap().into_iter().map(|f| (f.month, f.kind, f.payments, f.amount_fen)).collect();
    assert_eq!(figures, [(month.to_string(), "emergency".to_string(), 3, 550_000), (month.to_string(), "regular".to_string(), 1, 133_000)]);
    assert_eq!(store.recovery_total("320104").await.unwrap(), 150_000);
    assert!(store.payment_figures("320922").await.unwrap().is_empty(), "another district's figures are its own");
}

/// #13 item 5: "not received" puts a decided case in its office's queue (default view and
/// its own filter) until the person says it came or another payment is recorded.
pub async fn a_payment_reported_missing_stays_in_the_queue_until_answered(store: &Store) {
    use server::services::application::arrival;
    use server::store::QueueFilter;
    let key = DataKey::from_base64(&DataKey::generate_base64()).unwrap();
    let r = rongque_case(store, &key, 621).await;
    let reviewer = signed_in_staff(store, "q.reviewer", "发放经办", Role::Reviewer, "320922001").await;
    let worker = signed_in_staff(store, "q.worker", "社区", Role::CommunityWorker, "320922001001").await;
    let approver = signed_in_staff(store, "q.approver", "审批", Role::Approver, "320922001").await;
    casework::act(store, &key, &reviewer, &crate::db::key(&r), version(store, &r).await, Command::Accept).await.unwrap();
    let appraisal = Command::RecordAppraisal { date: "2026-11-02".into(), participants: "村民代表 9 人".into(), result: "agree".into() };
    casework::act(store, &key, &worker, &crate::db::key(&r), version(store, &r).await, appraisal).await.unwrap();
    casework::act(store, &key, &approver, &crate::db::key(&r), version(store, &r).await, Command::ProvisionalApprove { amount: "800".into() }).await.unwrap();
    let case = store.case_by_reference(&r).await.unwrap().unwrap();
    let today = today_in_china();
    let month = today.to_string()[..7].to_string();
    casework::act(store, &key, &reviewer, &crate::db::key(&r), case.version, pay("500", &today.to_string(), &month, "")).await.unwrap();
    let payment = store.payments_of(&case.row.id).await.unwrap().pop().unwrap();
    let citizen = case.row.citizen_id.clone();

    let reference = r.as_str();
    let listed = |arrival_problem: bool, in_progress: Vec<String>| {
        let filter = QueueFilter { area_prefix: "320922001".into(), in_progress, arrival_problem, ..QueueFilter::default() };
        async move { store.queue(&filter, 50).await.unwrap().into_iter().filter(|l| l.row.reference == reference).map(|l| l.arrival_problem.is_some()).collect::<Vec<_>>() }
    };
    // The default view: cases in progress, which a 容缺 grant being paid is not counted as here.
    let in_progress = vec!["submitted".to_string()];
    assert_eq!(listed(false, in_progress.clone()).await, Vec::<bool>::new());
    assert!(matches!(arrival::answer(store, &citizen, &crate::db::key(&r), &crate::db::key(&payment.id), "maybe", "").await, Err(AppError::Validation(_))));
    assert!(matches!(arrival::answer(store, "someone-else", &crate::db::key(&r), &crate::db::key(&payment.id), "not_received", "").await, Err(AppError::NotFound)));
    arrival::answer(store, &citizen, &crate::db::key(&r), &crate::db::key(&payment.id), "not_received", "没到账").await.unwrap();
    assert_eq!(listed(false, in_progress.clone()).await, [true], "back in the default view, marked");
    assert_eq!(listed(true, Vec::new()).await, [true]);
    let kept = store.payments_of(&case.row.id).await.unwrap().pop().unwrap();
    assert_eq!((kept.arrival.as_deref(), kept.arrival_note.as_deref()), (Some("not_received"), Some("没到账")));
    arrival::answer(store, &citizen, &crate::db::key(&r), &crate::db::key(&payment.id), "received", "").await.unwrap();
    assert_eq!(listed(true, Vec::new()).await, Vec::<bool>::new(), "it came after all");
    arrival::answer(store, &citizen, &crate::db::key(&r), &crate::db::key(&payment.id), "partly", "").await.unwrap();
    assert_eq!(listed(true, Vec::new()).await, [true]);
    let v = version(store, &r).await;
    casework::act(store, &key, &reviewer, &crate::db::key(&r), v, pay("300", &today.to_string(), &month, "少发部分补发")).await.unwrap();
    assert_eq!(listed(true, Vec::new()).await, Vec::<bool>::new(), "another payment answers the report");
}

/// The district's funnel: counters that add up across servers, and stages read from cases.
pub async fn the_funnel_counts_by_month_and_area(store: &Store) {
    for area in ["320922", "320922", "320104"] {
        store.count_funnel("2026-11", area, "check_started").await.unwrap();
    }
    let key = DataKey::from_base64(&DataKey::generate_base64()).unwrap();
    let r = rongque_case(store, &key, 631).await;
    let submitted = store.case_by_reference(&r).await.unwrap().unwrap().row.submitted_at[..7].to_string();
    let rows = store.funnel("320922").await.unwrap();
    assert!(rows.contains(&("2026-11".to_string(), "check_started".to_string(), 2)), "{rows:?}");
    assert!(rows.contains(&(submitted, "submitted".to_string(), 1)), "{rows:?}");
    assert!(!rows.iter().any(|(_, stage, _)| stage == "decided"));
    // (The household first gave a 秦淮区 address: its application started there.)
    let elsewhere: Vec<_> = store.funnel("320104").await.unwrap().into_iter().filter(|(_, stage, _)| stage != "application_started").collect();
    assert_eq!(elsewhere, [("2026-11".to_string(), "check_started".to_string(), 1)]);
}
