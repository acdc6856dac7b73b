//! 服务记录 (#15 items 5, 6): the visits due to a provider's workers (or, for the visit rules,
//! to the community's own), what they see at the door — the person's name, address, phone and
//! access notes, never the case file — and the record of a visit, kept once however often a
//! weak signal makes the phone send it.

use app::domain::area::AreaCode;
use app::domain::date::Date;
use app::domain::identity::IdNumber;
use app::domain::instant::Instant;
use app::domain::request::Problem;
use app::domain::service_assistance::catalogue::{Frequency, Per};
use app::domain::service_assistance::record::{read_record, Confirmation, RecordFields, MAX_VISIT_PHOTOS};
use app::domain::service_assistance::visits::{alone_rule_covers, rule_due, VisitRule};
use app::domain::staff::Action;
use app::domain::text::Key;
use app::error::AppError;
use app::i18n::{fill, Lang, Msg};
use app::page_data::service_plans::{VisitData, VisitLine, VisitsData};

use super::plans::{visits_between, VISITS_AHEAD_DAYS};
use super::{audit, invalid, may};
use crate::crypto::{random_token, DataKey};
use crate::services::sign_in;
use crate::services::staff::Staff;
use crate::services::{now_text, today_in_china};
use crate::store::{RecordWrite, Recorded, Store, VisitPhotoRow, VisitRow, VisitWrite};


/// The visit is the worker's to do: their provider's, or, for a community worker, one of
/// the community's own (no provider) where they work.
fn is_theirs(staff: &Staff, v: &VisitRow) -> bool {
    match (&staff.provider_id, &v.provider_id) {
        (Some(mine), Some(theirs)) => mine == theirs,
        (None, None) => app::domain::staff::in_scope(&staff.area_code, &v.area_code),
        _ => false,
    }
}

fn what(v: &VisitRow, lang: Lang) -> String {
    match (&v.item_name, v.rule.as_deref().and_then(VisitRule::from_code)) {
        (Some(name), _) => name.clone(),
        (None, Some(rule)) => lang.t(rule.label()).to_string(),
        (None, None) => String::new(),
    }
}

fn hm(utc: &str) -> String {
    Instant::parse(utc).map(|i| i.beijing()).map(|w| format!("{:02}:{:02}", w.hour, w.minute)).unwrap_or_default()
}

/// "12月6日 09:00–10:30 · 短信确认码 · 满意度 5".
fn record_words(v: &VisitRow, lang: Lang) -> String {
    let (Some(started), Some(ended)) = (&v.started_at, &v.ended_at) else { return String::new() };
    let how = v.confirmed_how.as_deref().and_then(Confirmation::from_code).map(|c| lang.t(c.label()).to_string()).unwrap_or_default();
    let stars = v.satisfaction.map(|n| format!(" · {}", fill(lang.t(Msg::VisitStars), &[("n", n.to_string())]))).unwrap_or_default();
    format!("{}–{} · {how}{stars}", lang.local_time(started), hm(ended))
}

fn line(v: &VisitRow, today: Date, phone: String, lang: Lang) -> VisitLine {
    let due = Date::parse(&v.due_on).ok();
    VisitLine {
        id: v.id.clone(),
        due_on: v.due_on.clone(),
        overdue: v.status == "due" && due.is_some_and(|d| d < today),
        done: v.status == "done",
        what: what(v, lang),
        provider: v.provider_name.clone().unwrap_or_else(|| lang.t(Msg::VisitByCommunity).to_string()),
        person: v.person_name.clone(),
        address: v.address.clone(),
        phone,
        access_notes: v.access_notes.clone().unwrap_or_default(),
        record: record_words(v, lang),
        late_reason: v.late_reason.clone().unwrap_or_default(),
        rating: v.resident_rating,
        disputed: v.disputed_at.is_some(),
    }
}

fn open_phone(key: &DataKey, v: &VisitRow) -> String {
    v.phone_sealed.as_deref().and_then(|s| key.open(s, &crate::services::monitoring::register::phone_context(&v.person_id)).ok()).unwrap_or_default()
}

/// A person's visits, those recorded and those to come (no phone: staff see it elsewhere).
pub async fn person_visits(store: &Store, person_id: &str, today: Date, lang: Lang) -> Result<Vec<VisitLine>, AppError> {
    Ok(store.visits_of_person(person_id, &today.to_string()).await?.iter().map(|v| line(v, today, String::new(), lang)).collect())
}

/// A worker sees this many days ahead, to plan the week.
const UPCOMING_DAYS: i64 = 7;

/// Today's visits (`due` = "today"), the overdue ones, or those of the coming days, for the
/// worker.
pub async fn list(store: &Store, key: &DataKey, staff: &Staff, due: &str, lang: Lang) -> Result<VisitsData, AppError> {
    may(staff, Action::DeliverVisits)?;
    let today = today_in_china();
    let today_text = today.to_string();
    let area = staff.area_code.clone();
    let rows = store.open_visits(staff.provider_id.as_deref(), &area, "0000-00-00", &today.plus_days(UPCOMING_DAYS).to_string()).await?;
    let rows: Vec<&VisitRow> = rows.iter().filter(|v| is_theirs(staff, v)).collect();
    let when = |v: &VisitRow| match v.due_on.as_str().cmp(today_text.as_str()) {
        std::cmp::Ordering::Less => "overdue",
        std::cmp::Ordering::Equal => "today",
        std::cmp::Ordering::Greater => "upcoming",
    };
    let count = |which: &str| rows.iter().filter(|v| when(v) == which).count();
    let due = match due {
        "overdue" => "overdue",
        "upcoming" => "upcoming",
        _ => "today",
    };
    let visits: Vec<VisitLine> = rows.iter().filter(|v| when(v) == due).map(|v| line(v, today, open_phone(key, v), lang)).collect();
    let provider = match &staff.provider_id {
        Some(p) => store.provider(p).await?.map(|p| p.name).unwrap_or_default(),
        None => crate::services::monitoring::area_name(store, &staff.area_code, lang).await?,
    };
    // What the worker saw of whom (names, addresses, phones) is kept, like every staff read.
    crate::services::monitoring::log_read(store, staff, "visits.list", format!("visits:{due}:{}", visits.len())).await?;
    Ok(VisitsData { due: due.into(), provider, visits, today_count: count("today"), overdue_count: count("overdue"), upcoming_count: count("upcoming"), app_token: None, done: None })
}

async fn theirs(store: &Store, staff: &Staff, id: &Key) -> Result<VisitRow, AppError> {
    may(staff, Action::DeliverVisits)?;
    let v = store.visit(id.as_str()).await?.ok_or(AppError::NotFound)?;
    if is_theirs(staff, &v) { Ok(v) } else { Err(AppError::NotFound) }
}

fn checklist(v: &VisitRow) -> Vec<String> {
    v.checklist.as_deref().unwrap_or("").lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect()
}

pub async fn visit(store: &Store, key: &DataKey, staff: &Staff, id: &Key, lang: Lang) -> Result<VisitData, AppError> {
    let v = theirs(store, staff, id).await?;
    let today = today_in_china();
    crate::services::monitoring::log_read(store, staff, "visit.view", format!("visit:{}", v.id)).await?;
    let now = Instant::from_unix(chrono::Utc::now().timestamp()).beijing();
    let clock = format!("{}T{:02}:{:02}", now.date, now.hour, now.minute);
    Ok(VisitData {
        line: line(&v, today, open_phone(key, &v), lang),
        checklist: checklist(&v),
        form: RecordFields { started_at: clock.clone(), ended_at: clock, ..RecordFields::default() },
        key: random_token(16),
        code_sent: v.challenge_id.is_some(),
        has_phone: v.phone_sealed.is_some(),
        errors: Vec::new(),
        done: None,
    })
}

/// Texts the person a code to read out to the worker, confirming the visit.
pub async fn send_code(store: &Store, key: &DataKey, staff: &Staff, id: &Key) -> Result<(), AppError> {
    let v = theirs(store, staff, id).await?;
    if v.status != "due" {
        return Err(AppError::Conflict);
    }
    let phone = app::domain::identity::Phone::parse(&open_phone(key, &v)).map_err(|_| invalid("confirmation", Problem::PhoneNeeded))?;
    let challenge = super::text_code(store, &phone, "confirmation").await?;
    store.set_visit_challenge(&v.id, &challenge).await?;
    Ok(())
}

/// What was sent besides the record's fields.
pub struct Proof<'a> {
    pub code: &'a str,
    pub signature_png: &'a str,
}

pub use super::Photo;

/// Checks the photo is a picture, cleans it and stores it.
async fn keep_photo(files: &dyn crate::files::FileStore, visit_id: &str, photo: Photo) -> Result<VisitPhotoRow, AppError> {
    let kept = super::keep_picture(files, "photo", photo).await?;
    Ok(VisitPhotoRow { id: kept.storage_key.clone(), visit_id: visit_id.to_string(), storage_key: kept.storage_key, content_type: kept.content_type, size_bytes: kept.size_bytes, sha256: kept.sha256, uploaded_at: now_text() })
}


/// A photo of a visit the worker may see.
pub async fn photo(store: &Store, files: &dyn crate::files::FileStore, staff: &Staff, id: &Key, photo: &Key) -> Result<(String, Vec<u8>), AppError> {
    let v = theirs(store, staff, id).await?;
    let p = store.visit_photos(&v.id).await?.into_iter().find(|p| p.id == photo.as_str()).ok_or(AppError::NotFound)?;
    Ok((p.content_type, super::read_picture(files, &p.storage_key).await?))
}

/// Records the visit under the form's (or the app's) idempotency key. The same key again
/// answers as the first did without reading anything twice (a code is used once).
/// At most `MAX_VISIT_PHOTOS` photos.
pub async fn record(store: &Store, files: &dyn crate::files::FileStore, staff: &Staff, id: &Key, idempotency_key: &str, f: &RecordFields, proof: Proof<'_>, photos: Vec<Photo>) -> Result<(), AppError> {
    let v = theirs(store, staff, id).await?;
    let idem = Key::parse(idempotency_key).ok_or_else(|| invalid("key", Problem::Required))?;
    if v.status == "done" {
        return if v.idempotency_key.as_deref() == Some(idem.as_str()) { Ok(()) } else { Err(AppError::Conflict) };
    }
    let due = Date::parse(&v.due_on).map_err(|_| crate::services::failure("a visit's day does not parse"))?;
    let now = Instant::from_unix(chrono::Utc::now().timestamp());
    let read = read_record(f, &checklist(&v), due, now);
    let referral = app::domain::service_assistance::referrals::read_referral(&f.referral_kind, &f.referral_note);
    let too_many = (photos.len() > MAX_VISIT_PHOTOS).then(|| app::domain::request::FieldError { field: "photo".into(), problem: Problem::TooManyPhotos { max: MAX_VISIT_PHOTOS as i64 } });
    let (r, referral) = match (read, referral, too_many) {
        (Ok(r), Ok(referral), None) => (r, referral),
        (read, referral, too_many) => {
            let mut errors = read.err().unwrap_or_default();
            errors.extend(referral.err().unwrap_or_default());
            errors.extend(too_many);
            return Err(AppError::Validation(errors));
        }
    };
    let mut detail = r.confirmation.code().to_string();
    match r.confirmation {
        Confirmation::Code => {
            let challenge = v.challenge_id.clone().ok_or_else(|| invalid("code", Problem::CodeExpired))?;
            sign_in::check_code(store, &challenge, proof.code, now.unix()).await?;
        }
        Confirmation::Signature => {
            let png = crate::services::pledge::signature_bytes(proof.signature_png.trim()).ok_or_else(|| invalid("signature", Problem::SignatureUnreadable))?;
            detail = format!("signature sha256:{}", crate::services::pledge::sha256_hex(&png));
        }
        Confirmation::NotConfirmed => {}
    }
    let mut kept = Vec::new();
    for p in photos {
        match keep_photo(files, &v.id, p).await {
            Ok(row) => kept.push(row),
            Err(e) => {
                super::forget_pictures(files, kept.iter().map(|p| p.storage_key.clone()).collect()).await;
                return Err(e);
            }
        }
    }
    let w = RecordWrite {
        referral: referral.map(|(kind, note)| crate::store::ReferralWrite { id: random_token(12), kind: kind.code().into(), note: note.as_str().into() }),
        photos: kept.clone(),
        idempotency_key: idem.as_str().to_string(),
        started_at: r.started.to_string(),
        ended_at: r.ended.to_string(),
        checklist_done: r.done.join("\n"),
        notes: r.notes.as_str().to_string(),
        confirmed_how: r.confirmation.code().to_string(),
        unconfirmed_reason: r.unconfirmed_reason.map(|n| n.as_str().to_string()),
        satisfaction: r.satisfaction,
        late_reason: r.late_reason.map(|n| n.as_str().to_string()),
        recorded_by: staff.id.clone(),
        recorded_at: now_text(),
    };
    let outcome = store.record_visit(&v.id, &w, &audit(staff, "visit.record", format!("visit:{}", v.id), detail)).await;
    if !matches!(outcome, Ok(Recorded::Now)) {
        // Another try kept its own record (and photos): this one's files go.
        super::forget_pictures(files, kept.iter().map(|p| p.storage_key.clone()).collect()).await;
    }
    match outcome? {
        Recorded::Now | Recorded::Already => Ok(()),
        Recorded::Conflict => Err(AppError::Conflict),
    }
}

/// Lines are read this many at a time by the sweep.
const SWEEP_BATCH: i64 = 500;

/// The hourly sweep: each line's visits written up to the horizon, and the next visit of
/// each visit rule for the people it covers. Returns how many lines and people it touched.
pub async fn write_ahead(store: &Store, key: &DataKey) -> Result<(usize, usize), AppError> {
    let today = today_in_china();
    let horizon = today.plus_days(VISITS_AHEAD_DAYS);
    let mut lines = 0;
    loop {
        let batch = store.lines_to_extend(&horizon.to_string(), SWEEP_BATCH).await?;
        if batch.is_empty() {
            break;
        }
        for l in &batch {
            let (Ok(start), Ok(until), Ok(frequency)) = (Date::parse(&l.start_on), Date::parse(&l.generated_until), Frequency::new(l.times, if l.per == "week" { Per::Week } else { Per::Month })) else {
                continue;
            };
            let end = l.end_on.as_deref().and_then(|e| Date::parse(e).ok());
            let from = until.plus_days(1).max(today);
            let visits = visits_between(&l.id, &l.person_id, &l.area_code, &l.provider_id, frequency, start, end, from, horizon);
            store.extend_line(&l.id, &visits, &horizon.to_string()).await?;
        }
        lines += batch.len();
        if (batch.len() as i64) < SWEEP_BATCH {
            break;
        }
    }
    let people = rule_visits(store, key, today).await?;
    Ok((lines, people))
}

/// The next visit of each rule for everyone it covers who has none open.
async fn rule_visits(store: &Store, key: &DataKey, today: Date) -> Result<usize, AppError> {
    use app::domain::params::ParamName;
    let params = crate::services::eligibility::parameter_set(store).await?;
    let value = |name: ParamName, area: &str| AreaCode::parse(area).ok().and_then(|a| params.lookup(name, &a, today).map(|x| x.value)).unwrap_or(0);
    let mut made = Vec::new();
    let mut visit = |rule: VisitRule, person_id: &str, area: &str, since: &str, last: Option<&str>| {
        let interval = value(rule.interval(), area);
        let since = Date::parse(since).unwrap_or(today);
        if interval <= 0 {
            return;
        }
        let due = rule_due(interval, last.and_then(|d| Date::parse(d).ok()), since);
        made.push(VisitWrite {
            id: random_token(12),
            person_id: person_id.to_string(),
            area_code: area.to_string(),
            line_id: None,
            rule: Some(rule.code().into()),
            provider_id: None,
            due_on: due.to_string(),
        });
    };
    for c in store.rule_candidates_by_tier(VisitRule::Tekun.code(), "tekun", 5_000).await? {
        visit(VisitRule::Tekun, &c.person_id, &c.area_code, &c.since, c.last_visit.as_deref());
    }
    for (c, sealed) in store.rule_candidates_living_alone(VisitRule::LivingAlone.code(), 5_000).await? {
        let age = key.open(&sealed, &crate::services::monitoring::register::id_context(&c.person_id)).ok().and_then(|id| IdNumber::parse(&id).ok()).map(|id| id.age_on(today));
        if age.is_some_and(|a| alone_rule_covers(a, value(app::domain::params::ParamName::VisitAloneAge, &c.area_code))) {
            visit(VisitRule::LivingAlone, &c.person_id, &c.area_code, &c.since, c.last_visit.as_deref());
        }
    }
    let n = made.len();
    store.insert_visits(&made).await?;
    Ok(n)
}

/// Visits not recorded by their day under the supervisor's area (no phones: they call the
/// provider, not the person).
pub async fn overdue(store: &Store, staff: &Staff, today: Date, lang: Lang) -> Result<Vec<VisitLine>, AppError> {
    Ok(store.overdue_visits(&staff.area_code, &today.to_string()).await?.iter().map(|v| line(v, today, String::new(), lang)).collect())
}
