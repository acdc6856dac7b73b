//! 一人一案 (#15 item 4): a community worker (or a subdistrict reviewer) makes a person's plan
//! from the items of every level that reach their home, each line with its provider and
//! rhythm; the person agrees to it (signature, a texted code, or aloud before a witness).
//! Each line writes its visits ahead, in the same transaction.

use app::domain::area::AreaCode;
use app::domain::monitoring::register::Tier;
use app::domain::programme::Programme;
use app::domain::date::Date;
use app::domain::params::ParamName;
use app::domain::request::{FieldError, Problem};
use app::domain::service_assistance::agreement::{read_agreement, AgreedHow};
use app::domain::service_assistance::assessment::SelfCare;
use app::domain::service_assistance::catalogue::{meant_for, Frequency, Level, Per};
use app::domain::service_assistance::plan::{check_new_line, rhythm, PlanLine};
use app::domain::service_assistance::providers::may_serve;
use app::domain::service_assistance::visits::due_days;
use app::domain::staff::Action;
use app::domain::text::{Key, Note};
use app::error::AppError;
use app::i18n::{fill, Lang, Msg};
use app::page_data::service_plans::{AgreementForm, LineForm, PlanData, PlanDetailsForm, PlanLineView};

use super::catalogue::{frequency_words, level_label};
use super::{audit, may};
use crate::crypto::{random_token, DataKey};
use crate::services::monitoring::{area_name, reaches};
use crate::services::sign_in;
use crate::services::staff::Staff;
use crate::services::{now_text, today_in_china};
use crate::store::{AgreementWrite, ItemRow, LineRow, LineView, PlanRow, RegisterRow, Store, VisitWrite};

/// Visits are written this far ahead, so a worker's week and a supervisor's month are
/// always there; the hourly sweep moves the horizon on.
pub const VISITS_AHEAD_DAYS: i64 = 31;

pub(crate) async fn person(store: &Store, staff: &Staff, id: &Key, action: Action) -> Result<RegisterRow, AppError> {
    may(staff, action)?;
    let p = store.register_person(id.as_str()).await?.ok_or(AppError::NotFound)?;
    if reaches(staff, &p.area_code, &p.office_code) { Ok(p) } else { Err(AppError::NotFound) }
}

fn frequency_of(times: i64, per: &str) -> Option<Frequency> {
    Frequency::new(times, if per == "week" { Per::Week } else { Per::Month }).ok()
}

pub(crate) fn domain_line(l: &LineView) -> Option<PlanLine> {
    Some(PlanLine {
        item_id: l.item_id.clone(),
        level: Level::from_code(&l.level)?,
        provider_id: l.provider_id.clone(),
        frequency: frequency_of(l.times, &l.per)?,
        start: Date::parse(&l.start_on).ok()?,
        end: l.end_on.as_deref().and_then(|e| Date::parse(e).ok()),
    })
}

/// The visits a line makes due from `from` to `to`.
pub(crate) fn visits_between(line_id: &str, person_id: &str, area_code: &str, provider_id: &str, frequency: Frequency, start: Date, end: Option<Date>, from: Date, to: Date) -> Vec<VisitWrite> {
    due_days(frequency, start, end, from, to)
        .into_iter()
        .map(|day| VisitWrite {
            id: random_token(12),
            person_id: person_id.to_string(),
            area_code: area_code.to_string(),
            line_id: Some(line_id.to_string()),
            rule: None,
            provider_id: Some(provider_id.to_string()),
            due_on: day.to_string(),
        })
        .collect()
}

/// The active items reaching the home, each with the providers that may deliver it today.
async fn offer(store: &Store, home: &str, today: Date) -> Result<Vec<(ItemRow, Vec<(String, String)>)>, AppError> {
    let levels: Vec<String> = AreaCode::parse(home).map(|a| a.and_above().iter().map(|x| x.as_str().to_string()).collect()).unwrap_or_default();
    let items: Vec<ItemRow> = store.items_for(&levels, None).await?.into_iter().filter(|i| i.active == 1).collect();
    let ids: Vec<String> = items.iter().map(|i| i.id.clone()).collect();
    let providers = store.providers_of_items(&ids).await?;
    let out = items
        .into_iter()
        .map(|item| {
            let serving = providers
                .iter()
                .filter(|(of, p)| *of == item.id && matches!((Date::parse(&p.contract_start), Date::parse(&p.contract_end)), (Ok(s), Ok(e)) if may_serve(p.active == 1, s, e, today)))
                .map(|(_, p)| (p.id.clone(), p.name.clone()))
                .collect();
            (item, serving)
        })
        .collect();
    Ok(out)
}

pub(crate) fn period_words(start: &str, end: Option<&str>, lang: Lang) -> String {
    match end {
        Some(e) => fill(lang.t(Msg::PlanPeriodUntil), &[("start", start.to_string()), ("end", e.to_string())]),
        None => fill(lang.t(Msg::PlanPeriodFrom), &[("start", start.to_string())]),
    }
}

pub async fn view(store: &Store, staff: &Staff, id: &Key, lang: Lang) -> Result<PlanData, AppError> {
    let p = person(store, staff, id, Action::PlanServices).await?;
    let today = today_in_china();
    let offered = offer(store, &p.area_code, today).await?;
    let plan = store.plan_of(&p.id).await?;
    let lines = match &plan {
        Some(plan) => store.plan_lines(&plan.id).await?,
        None => Vec::new(),
    };
    let domain_lines: Vec<PlanLine> = lines.iter().filter_map(domain_line).collect();
    let mut views = Vec::new();
    for l in &lines {
        views.push(PlanLineView {
            id: l.id.clone(),
            item: format!("{} · {} · {}", l.item_name, area_name(store, &l.item_area, lang).await?, lang.t(level_label(&l.level))),
            provider: l.provider_name.clone(),
            frequency: frequency_words(l.times, &l.per, &l.unit, lang),
            period: period_words(&l.start_on, l.end_on.as_deref(), lang),
            running: domain_line(l).is_some_and(|x| x.runs_on(today) || x.start > today),
        });
    }
    let latest = store.assessments_of(&p.id).await?.pop();
    let needs: Vec<String> = latest
        .as_ref()
        .map(|a| a.needs.split(',').filter_map(|n| offered.iter().find(|(i, _)| i.id == n).map(|(i, _)| i.name.clone())).collect())
        .unwrap_or_default();
    let assessment = latest.as_ref().map(|a| {
        let level = SelfCare::from_code(&a.self_care).map(|s| lang.t(s.label()).to_string()).unwrap_or_default();
        let alone = if a.living_alone == 1 { format!(" · {}", lang.t(Msg::AssessmentAlone)) } else { String::new() };
        format!("{} · {level}{alone}", a.assessed_on)
    });
    // An item meant for other programmes is still offered, and says so.
    let tier = Tier::from_code(&p.tier);
    let outside = |programmes: &str| -> String {
        let programmes: Vec<Programme> = programmes.split(',').filter_map(Programme::from_code).collect();
        match tier {
            Some(t) if !meant_for(&programmes, t) => {
                let names: Vec<&str> = programmes.iter().map(|p| lang.t(p.name())).collect();
                format!(" · {}", fill(lang.t(Msg::PlanOutsideProgrammes), &[("programmes", names.join("、"))]))
            }
            _ => String::new(),
        }
    };
    for (view, line) in views.iter_mut().zip(&lines) {
        if let Some((item, _)) = offered.iter().find(|(i, _)| i.id == line.item_id) {
            view.item.push_str(&outside(&item.programmes));
        }
    }
    let mut choices = Vec::new();
    for (item, providers) in &offered {
        let place = format!("{} · {}", item.name, area_name(store, &item.area_code, lang).await?);
        let note = outside(&item.programmes);
        for (pid, pname) in providers {
            choices.push((format!("{}|{pid}", item.id), format!("{place} — {pname} · {}{note}", frequency_words(item.times, &item.per, &item.unit, lang))));
        }
    }
    let params = crate::services::eligibility::parameter_set(store).await?;
    let default_review = AreaCode::parse(&p.area_code)
        .ok()
        .and_then(|a| params.lookup(ParamName::PlanReviewMonths, &a, today).map(|x| today.plus_months(x.value).to_string()))
        .unwrap_or_default();
    let agreement = plan.as_ref().and_then(|pl| {
        let how = AgreedHow::from_code(pl.agreed_how.as_deref()?)?;
        let witness = pl.witness.as_deref().map(|w| format!(" · {}", fill(lang.t(Msg::PlanWitnessWas), &[("name", w.to_string())]))).unwrap_or_default();
        Some(format!("{} · {}{witness} · {}", pl.agreed_by.clone().unwrap_or_default(), lang.t(how.label()), lang.local_time(pl.agreed_at.as_deref()?)))
    });
    crate::services::monitoring::log_read(store, staff, "plan.view", format!("register:{}", p.id)).await?;
    Ok(PlanData {
        person_id: p.id.clone(),
        person: p.name.clone(),
        id_masked: p.id_masked.clone(),
        community: area_name(store, &p.area_code, lang).await?,
        assessment,
        needs,
        rhythm: rhythm(&domain_lines, today).words(lang),
        lines: views,
        choices,
        review_on: plan.as_ref().map(|x| x.review_on.clone()).unwrap_or_default(),
        access_notes: plan.as_ref().map(|x| x.access_notes.clone()).unwrap_or_default(),
        agreement,
        code_sent: plan.as_ref().is_some_and(|x| x.challenge_id.is_some()),
        has_phone: p.phone_sealed.is_some(),
        visits: super::visits::person_visits(store, &p.id, today, lang).await?,
        line_form: LineForm { start: today.to_string(), per: "month".into(), ..LineForm::default() },
        details_form: PlanDetailsForm {
            review_on: plan.as_ref().map(|x| x.review_on.clone()).unwrap_or(default_review),
            access_notes: plan.as_ref().map(|x| x.access_notes.clone()).unwrap_or_default(),
        },
        agree_form: AgreementForm { agreed_by: p.name.clone(), ..AgreementForm::default() },
        errors: Vec::new(),
        done: None,
    })
}

fn invalid(field: &str, problem: Problem) -> FieldError {
    FieldError { field: field.into(), problem }
}

/// Adds a line of the chosen item and provider; a new plan's review day comes from
/// `plan_review_months`.
pub async fn add_line(store: &Store, staff: &Staff, id: &Key, f: &LineForm) -> Result<(), AppError> {
    let p = person(store, staff, id, Action::PlanServices).await?;
    let today = today_in_china();
    let offered = offer(store, &p.area_code, today).await?;
    let mut errors = Vec::new();
    let (item_id, provider_id) = f.choice.split_once('|').unwrap_or((f.choice.as_str(), ""));
    let item = offered.iter().find(|(i, _)| i.id == item_id);
    match item {
        None => errors.push(invalid("choice", Problem::ItemNotHere)),
        Some((_, providers)) if !providers.iter().any(|(pid, _)| pid == provider_id) => errors.push(invalid("choice", Problem::ProviderNotForItem)),
        Some(_) => {}
    }
    let frequency = match (f.times.trim(), item) {
        ("", Some((i, _))) => frequency_of(i.times, &i.per).ok_or(Problem::Required),
        ("", None) => Err(Problem::Required),
        (times, _) => Frequency::parse(times, &f.per),
    };
    if let Err(problem) = &frequency {
        if item.is_some() {
            errors.push(invalid("times", problem.clone()));
        }
    }
    let start = Date::parse(&f.start).map_err(|_| errors.push(invalid("start", Problem::DateFormat))).ok();
    let end = match f.end.trim() {
        "" => None,
        e => Date::parse(e).map_err(|_| errors.push(invalid("end", Problem::DateFormat))).ok(),
    };
    let plan = store.plan_of(&p.id).await?;
    let existing = match &plan {
        Some(plan) => store.plan_lines(&plan.id).await?,
        None => Vec::new(),
    };
    let (Some((item, _)), Ok(frequency), Some(start), true) = (item, frequency, start, errors.is_empty()) else { return Err(AppError::Validation(errors)) };
    let level = Level::from_code(&item.level).ok_or_else(|| crate::services::failure("a catalogue item's level does not parse"))?;
    let line = PlanLine { item_id: item.id.clone(), level, provider_id: provider_id.to_string(), frequency, start, end };
    let domain_lines: Vec<PlanLine> = existing.iter().filter_map(domain_line).collect();
    check_new_line(&domain_lines, &line).map_err(AppError::Validation)?;
    let params = crate::services::eligibility::parameter_set(store).await?;
    let review_on = AreaCode::parse(&p.area_code)
        .ok()
        .and_then(|a| params.lookup(ParamName::PlanReviewMonths, &a, today).map(|x| today.plus_months(x.value).to_string()))
        .unwrap_or_else(|| today.to_string());
    let now = now_text();
    let plan_row = PlanRow {
        id: random_token(12),
        person_id: p.id.clone(),
        access_notes: String::new(),
        review_on,
        agreed_at: None,
        agreed_how: None,
        agreed_by: None,
        witness: None,
        challenge_id: None,
        created_by: staff.id.clone(),
        created_at: now.clone(),
        updated_at: now.clone(),
    };
    let horizon = today.plus_days(VISITS_AHEAD_DAYS);
    let line_id = random_token(12);
    let visits = visits_between(&line_id, &p.id, &p.area_code, provider_id, frequency, start, end, today, horizon);
    let row = LineRow {
        id: line_id,
        plan_id: plan_row.id.clone(),
        item_id: item.id.clone(),
        provider_id: provider_id.to_string(),
        times: i64::from(frequency.times()),
        per: if frequency.per() == Per::Week { "week".into() } else { "month".into() },
        start_on: start.to_string(),
        end_on: end.map(|e| e.to_string()),
        added_by: staff.id.clone(),
        added_at: now,
        generated_until: horizon.to_string(),
    };
    store.add_plan_line(&plan_row, &row, &visits, &audit(staff, "plan.add_line", format!("register:{}", p.id), format!("{} {}", item.id, provider_id))).await?;
    Ok(())
}

/// Ends a line on a day (today or later); the visits after it go.
pub async fn end_line(store: &Store, staff: &Staff, id: &Key, line_id: &str, end: &str) -> Result<(), AppError> {
    let p = person(store, staff, id, Action::PlanServices).await?;
    let plan = store.plan_of(&p.id).await?.ok_or(AppError::NotFound)?;
    let line = store.plan_lines(&plan.id).await?.into_iter().find(|l| l.id == line_id).ok_or(AppError::NotFound)?;
    let end = Date::parse(end).map_err(|_| AppError::Validation(vec![invalid("end_on", Problem::DateFormat)]))?;
    let start = Date::parse(&line.start_on).map_err(|_| crate::services::failure("a plan line's start does not parse"))?;
    if end < start || end < today_in_china().plus_days(-1) {
        return Err(AppError::Validation(vec![invalid("end_on", Problem::EndBeforeStart)]));
    }
    let done = store.end_plan_line(&line.id, &end.to_string(), &now_text(), &audit(staff, "plan.end_line", format!("register:{}", p.id), format!("{} {end}", line.item_id))).await?;
    if done { Ok(()) } else { Err(AppError::NotFound) }
}

pub async fn save_details(store: &Store, staff: &Staff, id: &Key, f: &PlanDetailsForm) -> Result<(), AppError> {
    let p = person(store, staff, id, Action::PlanServices).await?;
    let plan = store.plan_of(&p.id).await?.ok_or_else(|| AppError::Validation(vec![invalid("choice", Problem::PlanEmpty)]))?;
    let mut errors = Vec::new();
    let review = match Date::parse(&f.review_on) {
        Ok(d) if d < today_in_china() => {
            errors.push(invalid("review_on", Problem::EndBeforeStart));
            None
        }
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(invalid("review_on", Problem::DateFormat));
            None
        }
    };
    let notes = Note::parse(&f.access_notes).map_err(|e| errors.push(invalid("access_notes", e.problem()))).ok();
    let (Some(review), Some(notes), true) = (review, notes, errors.is_empty()) else { return Err(AppError::Validation(errors)) };
    store.set_plan_details(&plan.id, &review.to_string(), notes.as_str(), &now_text(), &audit(staff, "plan.details", format!("register:{}", p.id), review.to_string())).await?;
    Ok(())
}

/// The person's phone, opened for sending them a code (never shown).
async fn phone_of(key: &DataKey, p: &RegisterRow) -> Result<app::domain::identity::Phone, AppError> {
    let sealed = p.phone_sealed.as_deref().ok_or_else(|| AppError::Validation(vec![invalid("code", Problem::PhoneNeeded)]))?;
    let plain = key.open(sealed, &crate::services::monitoring::register::phone_context(&p.id)).map_err(|_| crate::services::failure("a sealed register phone did not open"))?;
    app::domain::identity::Phone::parse(&plain).map_err(|_| AppError::Validation(vec![invalid("code", Problem::PhoneNeeded)]))
}

/// Texts the person a code to read out, agreeing to the plan.
pub async fn send_code(store: &Store, key: &DataKey, staff: &Staff, id: &Key) -> Result<(), AppError> {
    let p = person(store, staff, id, Action::PlanServices).await?;
    let plan = store.plan_of(&p.id).await?.ok_or_else(|| AppError::Validation(vec![invalid("code", Problem::PlanEmpty)]))?;
    let phone = phone_of(key, &p).await?;
    let challenge = super::text_code(store, &phone, "code").await?;
    store.set_plan_challenge(&plan.id, &challenge).await?;
    Ok(())
}

/// Records the agreement: a drawn signature, the texted code read out, or a witness.
pub async fn agree(store: &Store, staff: &Staff, id: &Key, f: &AgreementForm, signature_png: &str) -> Result<(), AppError> {
    let p = person(store, staff, id, Action::PlanServices).await?;
    let plan = store.plan_of(&p.id).await?;
    let lines = match &plan {
        Some(plan) => store.plan_lines(&plan.id).await?,
        None => Vec::new(),
    };
    let Some(plan) = plan.filter(|_| !lines.is_empty()) else { return Err(AppError::Validation(vec![invalid("how", Problem::PlanEmpty)])) };
    let a = read_agreement(&f.how, &f.agreed_by, &f.witness).map_err(AppError::Validation)?;
    let detail = match a.how {
        AgreedHow::Code => {
            let challenge = plan.challenge_id.clone().ok_or_else(|| AppError::Validation(vec![invalid("code", Problem::CodeExpired)]))?;
            sign_in::check_code(store, &challenge, &f.code, chrono::Utc::now().timestamp()).await?;
            "code".to_string()
        }
        AgreedHow::Signature => {
            let png = crate::services::pledge::signature_bytes(signature_png.trim()).ok_or_else(|| AppError::Validation(vec![invalid("signature", Problem::SignatureUnreadable)]))?;
            format!("signature sha256:{}", crate::services::pledge::sha256_hex(&png))
        }
        AgreedHow::Verbal => "verbal".to_string(),
    };
    let at = now_text();
    let write = AgreementWrite { plan_id: &plan.id, how: a.how.code(), by: a.by.as_str(), witness: a.witness.as_ref().map(|w| w.as_str()), at: &at };
    store.record_agreement(&write, &audit(staff, "plan.agree", format!("register:{}", p.id), detail)).await?;
    Ok(())
}
