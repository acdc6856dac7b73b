//! Department batches (POLICY.md §3.4): matched against the register by blind index (no ID
//! number is opened), held against the warning rules in force where each person lives, and
//! written whole. The machine intake (`POST /api/v1/feeds/{source}/batches`) and a staff
//! member's CSV upload both end here.

use std::collections::{HashMap, HashSet};

use app::domain::area::AreaCode;
use app::domain::date::Date;
use app::domain::monitoring::feeds::{read_row, record_as_object, FeedSource, Signal, MAX_ROWS};
use app::domain::monitoring::register::{monitored, Tier};
use app::domain::monitoring::rules::{evaluate, History, Thresholds};
use app::domain::monitoring::warnings::due_on;
use app::domain::monitoring::RowProblem;
use app::domain::money::Fen;
use app::domain::params::{ParamName, ParameterSet};
use app::domain::request::{FieldError, Problem};
use app::domain::staff::{feed_may_send, Action};
use app::domain::text::Key;
use app::error::AppError;
use app::i18n::Lang;
use app::page_data::monitoring::BatchSummary;
use serde_json::Value;

use crate::crypto::{hash, random_token, DataKey};
use crate::services::staff::Staff;
use crate::services::{now_text, today_in_china};
use crate::store::{AuditEntry, BatchOutcome, BatchRow, BatchWrite, FeedClientRow, FeedRowWrite, MatchedPerson, Store, WarningWrite};

/// Who sends a batch: a department's credential, or a staff member uploading its file.
#[derive(Clone, Debug)]
pub enum Sender {
    Client(FeedClientRow),
    Staff(Staff),
}

impl Sender {
    fn name(&self) -> String {
        match self {
            Sender::Client(c) => format!("feed:{}", c.id),
            Sender::Staff(s) => crate::services::casework::actor(s),
        }
    }
}

/// What became of a batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchReport {
    pub record: BatchRow,
    pub rejected: Vec<RowProblem>,
    /// Received before: nothing changed now.
    pub seen_before: bool,
}

/// The credential a bearer token stands for; `None` for an unknown or revoked one.
pub async fn client(store: &Store, token: &str) -> Result<Option<FeedClientRow>, AppError> {
    if token.is_empty() || token.len() > 200 {
        return Ok(None);
    }
    Ok(store.feed_client(&hash(&["feed-client", token])).await?)
}

/// Makes a department's credential; the token is shown once and only its hash is kept.
pub async fn create_client(store: &Store, source: FeedSource, name: &str) -> Result<(FeedClientRow, String), AppError> {
    let name = app::domain::text::Line::parse(name).ok().filter(|n| !n.is_empty()).ok_or_else(|| AppError::Validation(vec![FieldError { field: "name".into(), problem: Problem::Required }]))?;
    let token = format!("feed_{}", random_token(32));
    let row = FeedClientRow { id: random_token(9), source: source.code().into(), name: name.as_str().into(), created_at: now_text(), revoked_at: None };
    let audit = AuditEntry { at: row.created_at.clone(), actor: "cli".into(), action: "feed_client.create".into(), subject: format!("feed_client:{}", row.id), detail: source.code().into() };
    store.insert_feed_client(&row, &hash(&["feed-client", &token]), &audit).await?;
    Ok((row, token))
}

pub async fn revoke_client(store: &Store, id: &str) -> Result<(), AppError> {
    let at = now_text();
    let audit = AuditEntry { at: at.clone(), actor: "cli".into(), action: "feed_client.revoke".into(), subject: format!("feed_client:{id}"), detail: String::new() };
    if store.revoke_feed_client(id, &at, &audit).await? { Ok(()) } else { Err(AppError::NotFound) }
}

/// Receives a department's batch: the rows as sent (JSON objects). A batch id seen before
/// with the same rows answers as it did then; with other rows it is refused (409).
pub async fn receive(store: &Store, key: &DataKey, sender: &Sender, source: FeedSource, batch_id: &Key, rows: &[Value]) -> Result<BatchReport, AppError> {
    match sender {
        Sender::Client(c) if !FeedSource::from_code(&c.source).is_some_and(|own| feed_may_send(own, source)) => return Err(AppError::Forbidden),
        Sender::Staff(s) => super::may(s, Action::ManageRegister)?,
        Sender::Client(_) => {}
    }
    if rows.len() > MAX_ROWS {
        return Err(AppError::Validation(vec![FieldError { field: "rows".into(), problem: Problem::TooLarge }]));
    }
    let fingerprint = hash(&[source.code(), batch_id.as_str(), &serde_json::to_string(rows).unwrap_or_default()]);
    if let Some(seen) = store.feed_batch(source.code(), batch_id.as_str()).await? {
        return again(seen, &fingerprint);
    }
    let today = today_in_china();
    let mut rejected = Vec::new();
    let mut read = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        match read_row(source, row, today) {
            Ok(r) => read.push((index, key.blind_index(r.id_number.expose()), r.signal)),
            Err(errors) => rejected.extend(errors.into_iter().map(|e| RowProblem { index, field: e.field, problem: e.problem })),
        }
    }
    let indexes: Vec<String> = read.iter().map(|(_, i, _)| i.clone()).collect::<HashSet<_>>().into_iter().collect();
    let people: HashMap<String, MatchedPerson> = store.match_register(&indexes).await?.into_iter().map(|p| (p.id_index.clone(), p)).collect();
    let params = crate::services::eligibility::parameter_set(store).await?;
    let mut watched: HashMap<String, bool> = HashMap::new();
    let mut spent_before: HashMap<String, Vec<(Date, Fen)>> = HashMap::new();
    let mut raised: HashSet<(String, &'static str)> = HashSet::new();
    let mut feed_rows = Vec::with_capacity(read.len());
    let mut warnings = Vec::new();
    let (mut matched, mut unmatched) = (0i64, 0i64);
    for (index, id_index, signal) in read {
        let person = people.get(&id_index).filter(|p| *watched.entry(p.id.clone()).or_insert_with(|| still_watched(&params, p, today)));
        let row_id = random_token(12);
        let (kind, amount) = stored_kind(&signal);
        if let Some(p) = person {
            matched += 1;
            let area = AreaCode::parse(&p.area_code).map_err(|_| crate::services::failure("a register entry's area does not parse"))?;
            let history = History { medical_out_of_pocket_year: medical_year(store, &mut spent_before, &p.id, &signal).await? };
            let days = params.lookup(ParamName::WarningCheckWithinDays, &area, today).map(|x| x.value).unwrap_or(15);
            for crossed in evaluate(&signal, history, Thresholds::in_force(&params, &area, today)) {
                if !raised.insert((p.id.clone(), crossed.rule.code())) {
                    continue;
                }
                warnings.push(WarningWrite {
                    id: random_token(12),
                    person_id: p.id.clone(),
                    rule: crossed.rule.code().into(),
                    priority: crossed.rule.priority().code().into(),
                    value: crossed.value,
                    threshold: crossed.threshold,
                    source: source.code().into(),
                    feed_row_id: Some(row_id.clone()),
                    signal_day: signal.day().to_string(),
                    area_code: p.area_code.clone(),
                    office_code: p.office_code.clone(),
                    raised_on: today.to_string(),
                    due_on: due_on(today, days).to_string(),
                });
            }
        } else {
            unmatched += 1;
        }
        feed_rows.push(FeedRowWrite {
            id: row_id,
            row_index: index as i64,
            id_index,
            person_id: person.map(|p| p.id.clone()),
            kind: kind.into(),
            day: signal.day().to_string(),
            amount_fen: amount,
            signal: serde_json::to_string(&signal).unwrap_or_default(),
        });
    }
    let now = now_text();
    let record = BatchRow {
        source: source.code().into(),
        batch_id: batch_id.as_str().into(),
        fingerprint: fingerprint.clone(),
        received_at: now.clone(),
        received_by: sender.name(),
        rows_received: rows.len() as i64,
        rows_matched: matched,
        rows_unmatched: unmatched,
        rows_rejected: rows.len() as i64 - matched - unmatched,
        warnings_raised: 0,
        rejected: serde_json::to_string(&rejected).unwrap_or_else(|_| "[]".into()),
    };
    let audit = AuditEntry { at: now, actor: sender.name(), action: "feed.batch".into(), subject: format!("batch:{}:{}", source.code(), batch_id.as_str()), detail: format!("rows={} matched={matched}", rows.len()) };
    match store.receive_batch(&BatchWrite { record, rows: feed_rows, warnings }, &audit).await? {
        BatchOutcome::New(record) => Ok(BatchReport { record, rejected, seen_before: false }),
        BatchOutcome::Seen(seen) => again(seen, &fingerprint),
    }
}

/// A batch received before: the same answer, or a conflict when its id now names other rows.
fn again(seen: BatchRow, fingerprint: &str) -> Result<BatchReport, AppError> {
    if seen.fingerprint != fingerprint {
        return Err(AppError::Conflict);
    }
    let rejected = serde_json::from_str(&seen.rejected).unwrap_or_default();
    Ok(BatchReport { record: seen, rejected, seen_before: true })
}

fn still_watched(params: &ParameterSet, p: &MatchedPerson, today: Date) -> bool {
    let (Some(tier), Ok(area), Ok(since)) = (Tier::from_code(&p.tier), AreaCode::parse(&p.area_code), Date::parse(&p.since)) else { return false };
    let months = |n: ParamName| params.lookup(n, &area, today).map(|x| x.value).unwrap_or(12);
    monitored(tier, since, today, months(ParamName::MonitorLeftMonths), months(ParamName::MonitorRefusedMonths))
}

/// The kind and amount a row is kept under (its amount counts toward a year's costs).
fn stored_kind(signal: &Signal) -> (&'static str, i64) {
    match signal {
        Signal::Medical { out_of_pocket, .. } => ("medical", out_of_pocket.get()),
        Signal::Unemployment { .. } => ("unemployment", 0),
        Signal::Disability { grade, .. } => ("disability", i64::from(*grade)),
        Signal::Disaster { loss, .. } => ("disaster", loss.get()),
        Signal::Death { .. } => ("death", 0),
        Signal::StudentAid { aid, .. } => ("student_aid", aid.get()),
    }
}

/// Medical costs already known for the twelve months before a medical row's period ends:
/// those stored, and those of earlier rows of this batch.
async fn medical_year(store: &Store, in_batch: &mut HashMap<String, Vec<(Date, Fen)>>, person: &str, signal: &Signal) -> Result<Fen, AppError> {
    let Signal::Medical { out_of_pocket, period_end, .. } = signal else { return Ok(Fen::ZERO) };
    let from = period_end.minus_months(12);
    let stored = store.medical_spent(person, &from.to_string(), &period_end.to_string()).await?;
    let earlier = in_batch.entry(person.to_string()).or_default();
    let batch: i64 = earlier.iter().filter(|(d, _)| *d > from && *d <= *period_end).map(|(_, f)| f.get()).sum();
    earlier.push((*period_end, *out_of_pocket));
    Ok(Fen::new(stored.saturating_add(batch)).unwrap_or(Fen::new(app::domain::money::MAX_FEN).unwrap_or_default()))
}

/// A staff member's upload of a department's CSV: the same reading as the API's JSON.
pub async fn upload(store: &Store, key: &DataKey, staff: &Staff, source: &str, batch_id: &str, bytes: &[u8]) -> Result<BatchReport, AppError> {
    super::may(staff, Action::ManageRegister)?;
    let mut errors = Vec::new();
    let source = FeedSource::from_code(source);
    if source.is_none() {
        errors.push(FieldError { field: "source".into(), problem: Problem::Required });
    }
    let batch = Key::parse(batch_id.trim());
    if batch.is_none() {
        errors.push(FieldError { field: "batch_id".into(), problem: if batch_id.trim().is_empty() { Problem::Required } else { Problem::CodeFormat } });
    }
    let file = if bytes.is_empty() { Err(Problem::Required) } else { super::register::decode(bytes).and_then(|t| super::register::records(&t, MAX_ROWS)) };
    let (header, records) = match file {
        Ok(f) => f,
        Err(p) => {
            errors.push(FieldError { field: "file".into(), problem: p });
            (Vec::new(), Vec::new())
        }
    };
    let (Some(source), Some(batch)) = (source, batch) else { return Err(AppError::Validation(errors)) };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let rows: Vec<Value> = records.iter().map(|r| record_as_object(&header, r)).collect();
    receive(store, key, &Sender::Staff(staff.clone()), source, &batch, &rows).await
}

/// The page's summary of a batch.
pub fn summary(r: &BatchReport, lang: Lang) -> BatchSummary {
    let source = FeedSource::from_code(&r.record.source).map(|s| lang.t(s.label()).to_string()).unwrap_or_default();
    BatchSummary {
        source,
        batch_id: r.record.batch_id.clone(),
        received: r.record.rows_received,
        matched: r.record.rows_matched,
        unmatched: r.record.rows_unmatched,
        rejected: r.record.rows_rejected,
        warnings: r.record.warnings_raised,
        seen_before: r.seen_before,
        problems: super::register::line_problems(&r.rejected, lang),
    }
}

/// Deletes department rows about people outside the register once they are older than the
/// shortest retention any area sets (PIPL: kept for matching, not beyond). `now` in seconds.
pub async fn sweep_unmatched(store: &Store, now: i64) -> Result<u64, AppError> {
    let params = crate::services::eligibility::parameter_set(store).await?;
    let today = Date::from_days_since_epoch((now + 8 * 3600).div_euclid(86_400));
    let days = params
        .rows()
        .iter()
        .filter(|p| p.name == ParamName::FeedUnmatchedRetentionDays)
        .filter_map(|p| params.lookup(ParamName::FeedUnmatchedRetentionDays, &p.area, today).map(|x| x.value))
        .min()
        .unwrap_or(30);
    let cutoff = chrono::DateTime::from_timestamp(now - days * 86_400, 0).unwrap_or_default().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    Ok(store.sweep_unmatched_feed_rows(&cutoff).await?)
}

/// Gives applications made before the register their subject's blind index, a few thousand
/// at a time (run at start; each server may run it beside another).
pub async fn index_old_applications(store: &Store, key: &DataKey) -> Result<usize, AppError> {
    let mut done = 0;
    loop {
        let batch = store.applications_without_subject_index(2_000).await?;
        if batch.is_empty() {
            return Ok(done);
        }
        for (id, sealed) in &batch {
            // One that does not open (another key) keeps no index rather than stopping the rest.
            let index = match key.open(sealed, &format!("applications.subject_id:{id}")) {
                Ok(number) => key.blind_index(&number),
                Err(_) => String::new(),
            };
            store.set_subject_index(id, &index).await?;
            done += 1;
        }
    }
}
