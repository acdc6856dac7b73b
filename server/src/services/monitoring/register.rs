//! 低收入人口数据库: kept current by the portal's own decisions, filled from a CSV for the
//! people who predate the portal, and listed for the staff of the area.

use std::collections::HashMap;

use app::domain::application::submitted::SubmittedApplication;
use app::domain::monitoring::register::{self as domain, Decision, Tier};
use app::domain::monitoring::RowProblem;
use app::domain::params::ParamName;
use app::domain::programme::Programme;
use app::domain::request::{FieldError, Problem};
use app::domain::staff::Action;
use app::error::AppError;
use app::i18n::{Lang, Msg};
use app::page_data::monitoring::{LineProblem, RegisterData, RegisterLine};

use super::{area_name, may};
use crate::crypto::{random_token, DataKey};
use crate::services::application::{self, REGISTERED_BY_STAFF};
use crate::services::staff::Staff;
use crate::services::{now_text, today_in_china};
use crate::store::{ApplicationRow, AuditEntry, RegisterRow, Store};

/// The seal's context of a register entry's ID number: bound to its row.
pub fn id_context(person_id: &str) -> String {
    format!("register_people.id_number:{person_id}")
}

pub fn phone_context(person_id: &str) -> String {
    format!("register_people.phone:{person_id}")
}

/// What a decision recorded now does to the register, as the row to write in the same
/// transaction; `None` when it changes nothing. `event` is the case event's kind and
/// `status` the case's new status.
pub async fn after_decision(store: &Store, key: &DataKey, row: &ApplicationRow, event: &str, status: Option<&str>) -> Result<Option<RegisterRow>, AppError> {
    let Some(programme) = Programme::from_code(&row.programme) else { return Ok(None) };
    let decision = match (event, status) {
        ("approved" | "provisionally_approved", _) => Decision::Approved(programme),
        ("rejected", _) => Decision::Refused,
        ("verified", Some("stopped" | "cancelled")) => Decision::Stopped,
        _ => return Ok(None),
    };
    let id_number = key.open(&row.subject_id_sealed, &format!("applications.subject_id:{}", row.id)).map_err(|_| crate::services::failure("a sealed subject ID did not open"))?;
    let index = key.blind_index(&id_number);
    let existing = store.register_person_by_index(&index).await?;
    let Some(tier) = domain::after_decision(existing.as_ref().and_then(|p| Tier::from_code(&p.tier)), decision) else { return Ok(None) };
    let person_id = existing.as_ref().map(|p| p.id.clone()).unwrap_or_else(|| random_token(12));
    let phone = match row.proxy_relation.as_deref() {
        None | Some(REGISTERED_BY_STAFF) => store.citizen_phone(&row.citizen_id).await?,
        Some(_) => row.subject_phone.clone(),
    };
    let address = application::open_submitted(key, row).ok().map(|s: SubmittedApplication| s.residence.address).unwrap_or_default();
    let proactive = row.proxy_relation.as_deref() == Some(REGISTERED_BY_STAFF);
    Ok(Some(RegisterRow {
        id: person_id.clone(),
        id_index: index,
        id_sealed: key.seal(&id_number, &id_context(&person_id)),
        id_masked: row.subject_id_masked.clone(),
        name: row.subject_name.clone(),
        phone_sealed: phone.map(|p| key.seal(&p, &phone_context(&person_id))),
        area_code: row.area_code.clone(),
        office_code: row.office_code.clone(),
        address,
        tier: tier.code().into(),
        since: today_in_china().to_string(),
        source: if proactive { domain::Source::ProactiveCase } else { domain::Source::Decision }.code().into(),
        source_ref: row.reference.clone(),
        updated_at: now_text(),
    }))
}

/// Most lines an import may hold.
pub const MAX_IMPORT_ROWS: usize = 200_000;

/// A CSV file's text: UTF-8 (with or without its mark) or GBK, as spreadsheets save it.
pub(crate) fn decode(bytes: &[u8]) -> Result<String, Problem> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => {
            let (text, _, had_errors) = encoding_rs::GBK.decode(bytes);
            if had_errors {
                return Err(Problem::FileNotCsv);
            }
            text.into_owned()
        }
    };
    if text.contains('\0') {
        return Err(Problem::FileNotCsv);
    }
    Ok(text.trim_start_matches('\u{feff}').to_string())
}

/// The header and records of a CSV text; blank lines are skipped.
pub(crate) fn records(text: &str, max: usize) -> Result<(Vec<String>, Vec<Vec<String>>), Problem> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = reader.records();
    let header: Vec<String> = match rows.next() {
        Some(Ok(h)) => h.iter().map(|s| s.trim().to_string()).collect(),
        _ => return Err(Problem::FileNotCsv),
    };
    let mut out = Vec::new();
    for r in rows {
        let r = r.map_err(|_| Problem::FileNotCsv)?;
        if r.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if out.len() >= max {
            return Err(Problem::TooLarge);
        }
        out.push(r.iter().map(str::to_string).collect());
    }
    Ok((header, out))
}

/// What became of an import.
pub enum Imported {
    Done(u64),
    /// Nothing was written: each bad line and why.
    Refused(Vec<RowProblem>),
}

/// Imports the register from a CSV file for the officer's area: every line is read and
/// routed first, and only a file without a bad line is written, in one transaction.
pub async fn import(store: &Store, key: &DataKey, staff: &Staff, bytes: &[u8]) -> Result<Imported, AppError> {
    may(staff, Action::ManageRegister)?;
    let field = |problem: Problem| AppError::Validation(vec![FieldError { field: "file".into(), problem }]);
    if bytes.is_empty() {
        return Err(field(Problem::Required));
    }
    let text = decode(bytes).map_err(field)?;
    let (header, records) = records(&text, MAX_IMPORT_ROWS).map_err(field)?;
    let missing = domain::missing_columns(&header);
    if !missing.is_empty() {
        return Err(field(Problem::ColumnsMissing { columns: missing.join(", ") }));
    }
    let today = today_in_china();
    let now = now_text();
    let mut problems = Vec::new();
    let mut offices: HashMap<String, Option<String>> = HashMap::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut read = Vec::new();
    for (index, record) in records.iter().enumerate() {
        let row = match domain::read_import_row(&header, record, today) {
            Ok(r) => r,
            Err(errors) => {
                problems.extend(errors.into_iter().map(|e| RowProblem { index, field: e.field, problem: e.problem }));
                continue;
            }
        };
        let community = row.community.as_str().to_string();
        if !row.community.as_str().starts_with(&staff.area_code) {
            problems.push(RowProblem { index, field: "community".into(), problem: Problem::OutsideArea });
            continue;
        }
        if !offices.contains_key(&community) {
            let office = match application::route(store, &community, Lang::ZhCn).await {
                Ok((office, _)) => Some(office.code),
                Err(AppError::Validation(_)) => None,
                Err(e) => return Err(e),
            };
            offices.insert(community.clone(), office);
        }
        let Some(Some(office)) = offices.get(&community).cloned() else {
            problems.push(RowProblem { index, field: "community".into(), problem: Problem::UnknownArea });
            continue;
        };
        let index_value = key.blind_index(row.id_number.expose());
        if let Some(first) = seen.insert(index_value.clone(), index) {
            problems.push(RowProblem { index, field: "id_number".into(), problem: Problem::DuplicateInFile { line: (first + 2) as i64 } });
            continue;
        }
        read.push((row, index_value, office));
    }
    if !problems.is_empty() {
        return Ok(Imported::Refused(problems));
    }
    // People already in the register keep their entry (and so its warnings and history).
    let indexes: Vec<String> = read.iter().map(|(_, index, _)| index.clone()).collect();
    let known: HashMap<String, String> = store.match_register(&indexes).await?.into_iter().map(|p| (p.id_index, p.id)).collect();
    let rows: Vec<RegisterRow> = read
        .into_iter()
        .map(|(row, id_index, office_code)| {
            let id = known.get(&id_index).cloned().unwrap_or_else(|| random_token(12));
            RegisterRow {
                id_sealed: key.seal(row.id_number.expose(), &id_context(&id)),
                phone_sealed: row.phone.as_ref().map(|p| key.seal(p.expose(), &phone_context(&id))),
                id,
                id_index,
                id_masked: row.id_number.masked(),
                name: row.name.as_str().to_string(),
                area_code: row.community.as_str().to_string(),
                office_code,
                address: row.address.as_str().to_string(),
                tier: row.tier.code().into(),
                since: row.since.to_string(),
                source: domain::Source::Import.code().into(),
                source_ref: String::new(),
                updated_at: now.clone(),
            }
        })
        .collect();
    let audit = AuditEntry { at: now, actor: crate::services::casework::actor(staff), action: "register.import".into(), subject: format!("area:{}", staff.area_code), detail: format!("rows={}", rows.len()) };
    Ok(Imported::Done(store.import_register(&rows, &audit).await?))
}

/// A file's problems as people read them.
pub fn line_problems(problems: &[RowProblem], lang: Lang) -> Vec<LineProblem> {
    problems.iter().take(500).map(|p| LineProblem { line: p.line(), field: p.field.clone(), text: p.problem.text(lang) }).collect()
}

pub const PAGE_SIZE: i64 = 50;

/// The register of the staff member's area, a page at a time, by tier when chosen.
pub async fn page(store: &Store, staff: &Staff, tier: &str, page: i64, lang: Lang) -> Result<RegisterData, AppError> {
    may(staff, Action::ViewWarnings)?;
    let tier = Tier::from_code(tier);
    // Any number may be typed in the address; past the last page is simply empty.
    let page = page.clamp(1, 1_000_000);
    let (rows, total) = store.register_page(&staff.area_code, tier.map(Tier::code), (page - 1) * PAGE_SIZE, PAGE_SIZE).await?;
    let params = crate::services::eligibility::parameter_set(store).await?;
    let today = today_in_china();
    let mut lines = Vec::new();
    let mut names: HashMap<String, String> = HashMap::new();
    for r in rows {
        if !names.contains_key(&r.area_code) {
            names.insert(r.area_code.clone(), area_name(store, &r.area_code, lang).await?);
        }
        let t = Tier::from_code(&r.tier);
        let watched = match (t, app::domain::area::AreaCode::parse(&r.area_code), app::domain::date::Date::parse(&r.since)) {
            (Some(t), Ok(area), Ok(since)) => {
                let months = |n: ParamName| params.lookup(n, &area, today).map(|p| p.value).unwrap_or(12);
                domain::monitored(t, since, today, months(ParamName::MonitorLeftMonths), months(ParamName::MonitorRefusedMonths))
            }
            _ => true,
        };
        let mut tier_text = t.map(|t| lang.t(t.label()).to_string()).unwrap_or_else(|| r.tier.clone());
        if !watched {
            tier_text = format!("{tier_text}（{}）", lang.t(Msg::RegisterNoLongerWatched));
        }
        lines.push(RegisterLine {
            id: r.id,
            name: r.name,
            id_masked: r.id_masked,
            tier: tier_text,
            since: r.since,
            source: domain::Source::from_code(&r.source).map(|s| lang.t(s.label()).to_string()).unwrap_or(r.source),
            community: names.get(&r.area_code).cloned().unwrap_or_default(),
        });
    }
    Ok(RegisterData {
        rows: lines,
        total,
        page,
        pages: (total + PAGE_SIZE - 1) / PAGE_SIZE,
        tier: tier.map(|t| t.code().to_string()).unwrap_or_default(),
        tiers: Tier::ALL.iter().rev().map(|t| (t.code().to_string(), lang.t(t.label()).to_string())).collect(),
        may_manage: app::domain::staff::allows(staff.role, Action::ManageRegister),
        ..RegisterData::default()
    })
}
