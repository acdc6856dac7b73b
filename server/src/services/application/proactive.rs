//! 主动发现: a case registered by staff for a resident who did not apply themself.

use app::domain::params::ParamName;
use app::domain::request::{FieldError, Problem};
use app::error::AppError;
use app::i18n::Lang;
use app::domain::application::steps::{self};

use crate::services::eligibility::parameter_set;
use crate::services::today_in_china;
use crate::services::notifications::Change;
use crate::crypto::DataKey;
use crate::store::{ApplicationRow, EventRow, Store};

use app::domain::application::submitted::{Residence, SubmittedApplication};
use app::domain::programme::Programme;

use super::{ROUTING_RULE, SYSTEM_ACTOR, new_id, now_text, reference, route, seal_submitted};

/// The "proxy relation" of a case registered by staff: the worker acts, not a relative.
pub const REGISTERED_BY_STAFF: &str = "community_worker";

/// A resident found in need by staff (主动发现).
pub struct Proactive<'a> {
    pub name: &'a str,
    pub id_number: &'a str,
    pub phone: &'a str,
    pub community: &'a str,
    pub programme: &'a str,
    pub found: &'a str,
    pub address: &'a str,
    pub consent: bool,
}

/// Registers a case for a resident who did not apply themself: it is routed like any
/// application and enters the same flow; the resident can follow it by signing in with
/// their mobile number. The caller has checked the staff member's role and area.
pub async fn register_proactive(store: &Store, key: &DataKey, staff_name: &str, p: Proactive<'_>) -> Result<String, AppError> {
    let mut errors = Vec::new();
    let mut fail = |field: &str, problem: Problem| errors.push(FieldError { field: field.into(), problem });
    let name = app::domain::text::PersonName::parse(p.name).map(|n| n.into_string()).unwrap_or_else(|| {
        fail("name", Problem::NameFormat);
        String::new()
    });
    let id = app::domain::identity::IdNumber::parse(p.id_number).map_err(|e| fail("id_number", steps::id_problem(e))).ok();
    let phone = app::domain::identity::Phone::parse(p.phone).map_err(|_| fail("phone", Problem::PhoneFormat)).ok();
    if !steps::APPLY_PROGRAMMES.iter().any(|x| x.code() == p.programme) {
        fail("programme", Problem::Required);
    }
    let found = match steps::Story::parse(p.found) {
        Ok(f) if !f.is_empty() => f,
        Ok(_) => {
            fail("found", Problem::Required);
            steps::Story::default()
        }
        Err(e) => {
            fail("found", e.problem());
            steps::Story::default()
        }
    };
    if !p.consent {
        fail("consent", Problem::ConsentRequired);
    }
    let routed = match route(store, p.community.trim(), Lang::ZhCn).await {
        Ok(r) => Some(r),
        Err(AppError::Validation(e)) => {
            errors.extend(e);
            None
        }
        Err(e) => return Err(e),
    };
    let (Some(id), Some(phone), Some((office, office_name)), true) = (id, phone, routed, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let now_ts = chrono::Utc::now().timestamp();
    let citizen = store.citizen_for_phone(&crate::crypto::random_token(16), phone.expose(), now_ts).await?;
    let community = p.community.trim().to_string();
    let programme = Programme::from_code(p.programme).ok_or_else(|| crate::services::failure("a checked programme code does not parse"))?;
    let residence = Residence { district: community[..6].to_string(), subdistrict: community[..9].to_string(), community: community.clone(), address: p.address.trim().to_string() };
    let submitted = SubmittedApplication::registered(programme, residence, found.as_str());
    let app_id = new_id();
    let today = today_in_china();
    let params = parameter_set(store).await?;
    let area = app::domain::area::AreaCode::parse(&community).map_err(|_| crate::services::failure("a routed community's code does not parse"))?;
    let accept_days = params.lookup(ParamName::AcceptWithinDays, &area, today).map(|x| x.value).ok_or_else(|| crate::services::failure("no accept_within_days parameter in force"))?;
    let now = now_text();
    let row = ApplicationRow {
        id: app_id.clone(),
        reference: reference(),
        // Not from a draft: a fresh key keeps the column unique.
        draft_id: format!("proactive-{}", new_id()),
        citizen_id: citizen,
        actor_name: staff_name.to_string(),
        subject_name: name.to_string(),
        subject_id_sealed: key.seal(id.expose(), &format!("applications.subject_id:{app_id}")),
        subject_id_masked: id.masked(),
        subject_id_index: Some(key.blind_index(id.expose())),
        proxy_relation: Some(REGISTERED_BY_STAFF.into()),
        subject_phone: None,
        programme: p.programme.to_string(),
        fast_track: false,
        area_code: community,
        office_code: office.code.clone(),
        routing_rule: ROUTING_RULE.to_string(),
        status: "submitted".into(),
        answers_sealed: seal_submitted(key, &submitted, &app_id),
        payment_masked: String::new(),
        pledge_code: String::new(),
        submitted_at: now.clone(),
        accept_by: today.plus_days(accept_days).to_string(),
    };
    let events = [
        EventRow { id: 0, application_id: app_id.clone(), at: now.clone(), kind: "registered".into(), actor: staff_name.into(), on_behalf_of: Some(name.into()), detail: found.into_string() },
        EventRow { id: 0, application_id: app_id.clone(), at: now, kind: "routed".into(), actor: SYSTEM_ACTOR.into(), on_behalf_of: None, detail: format!("{office_name} ({})", office.code) },
    ];
    let told = crate::services::notifications::for_change(
        store,
        &row.citizen_id,
        Change { subject_phone: None, application_id: &row.id, reference: &row.reference, event: app::domain::case::EventKind::Registered, due: None, lang: None, at: &row.submitted_at },
    )
    .await?;
    store.submit_application(&row, &events, None, &told).await?;
    Ok(row.reference)
}
