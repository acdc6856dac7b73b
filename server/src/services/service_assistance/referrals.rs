//! 转介 (#15 item 7): a visit's referral in the community's queue — a proactive case through
//! the usual flow (with the person's consent), a repair approved by the subdistrict and done
//! with its cost, or a plan change made — each step audited.

use app::domain::application::steps::APPLY_PROGRAMMES;
use app::domain::money::Fen;
use app::domain::request::Problem;
use app::domain::service_assistance::referrals::{before_photo_allowed, completion_photos, next, PhotoStage, ReferralKind, ReferralStatus, Step};
use app::domain::staff::{allows, Action};
use app::domain::text::{Key, Note};
use app::error::AppError;
use app::i18n::{fill, Lang, Msg};
use app::page_data::service_plans::{ReferralData, ReferralForm, ReferralLine, ReferralsData};

use super::{audit, invalid, keep_picture, may, Photo};
use crate::crypto::DataKey;
use crate::services::application::Proactive;
use crate::services::monitoring::reaches;
use crate::services::now_text;
use crate::services::staff::Staff;
use crate::store::{ReferralMove, ReferralRow, RepairPhotoRow, Store};

fn line(r: &ReferralRow, lang: Lang) -> ReferralLine {
    let kind = ReferralKind::from_code(&r.kind);
    let status = ReferralStatus::from_code(&r.status);
    let outcome = [
        r.case_reference.clone().unwrap_or_default(),
        r.cost_fen.and_then(|f| Fen::new(f).ok()).map(|f| fill(lang.t(Msg::AppYuan), &[("amount", f.yuan_text())])).unwrap_or_default(),
        r.outcome_note.clone().unwrap_or_default(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(" · ");
    ReferralLine {
        id: r.id.clone(),
        kind: kind.map(|k| lang.t(k.label()).to_string()).unwrap_or_default(),
        status: status.map(|s| lang.t(s.label()).to_string()).unwrap_or_default(),
        open: matches!(status, Some(ReferralStatus::Open | ReferralStatus::Approved)),
        person: r.person_name.clone(),
        address: r.address.clone(),
        note: r.note.clone(),
        noticed: format!("{} · {}", r.due_on, r.recorder_name),
        outcome,
        case_reference: r.case_reference.clone(),
    }
}

/// The referrals of people the staff member works for (their community, or their office's).
pub async fn queue(store: &Store, staff: &Staff, lang: Lang) -> Result<ReferralsData, AppError> {
    may(staff, Action::PlanServices)?;
    let rows = store.referrals_under(&staff.area_code).await?;
    Ok(ReferralsData { lines: rows.iter().filter(|r| reaches(staff, &r.area_code, &r.office_code)).map(|r| line(r, lang)).collect() })
}

async fn reachable(store: &Store, staff: &Staff, id: &Key) -> Result<ReferralRow, AppError> {
    may(staff, Action::PlanServices)?;
    let r = store.referral(id.as_str()).await?.ok_or(AppError::NotFound)?;
    if reaches(staff, &r.area_code, &r.office_code) { Ok(r) } else { Err(AppError::NotFound) }
}

pub async fn view(store: &Store, staff: &Staff, id: &Key, lang: Lang) -> Result<ReferralData, AppError> {
    let r = reachable(store, staff, id).await?;
    crate::services::monitoring::log_read(store, staff, "referral.view", format!("referral:{}", r.id)).await?;
    let photos = store
        .repair_photos(&r.id)
        .await?
        .into_iter()
        .map(|p| {
            let stage = PhotoStage::from_code(&p.stage).map(|s| lang.t(s.label()).to_string()).unwrap_or_default();
            (p.id, p.stage, format!("{stage} · {}", lang.local_time(&p.uploaded_at)))
        })
        .collect();
    Ok(ReferralData {
        photos,
        line: line(&r, lang),
        person_id: r.person_id.clone(),
        kind_code: r.kind.clone(),
        status_code: r.status.clone(),
        may_approve: allows(staff.role, Action::ApproveRepairs),
        programmes: APPLY_PROGRAMMES.iter().map(|p| (p.code().to_string(), lang.t(p.name()).to_string())).collect(),
        form: ReferralForm::default(),
        errors: Vec::new(),
        done: None,
    })
}

/// The photos posted with a repair's completion.
#[derive(Default)]
pub struct RepairPhotos {
    pub before: Option<Photo>,
    pub after: Option<Photo>,
}

async fn kept(files: &dyn crate::files::FileStore, staff: &Staff, referral: &str, stage: PhotoStage, photo: Photo) -> Result<RepairPhotoRow, AppError> {
    let field = match stage {
        PhotoStage::Before => "before",
        PhotoStage::After => "after",
    };
    let k = keep_picture(files, field, photo).await?;
    Ok(RepairPhotoRow {
        id: k.storage_key.clone(),
        referral_id: referral.to_string(),
        stage: stage.code().into(),
        storage_key: k.storage_key,
        content_type: k.content_type,
        size_bytes: k.size_bytes,
        sha256: k.sha256,
        uploaded_by: staff.id.clone(),
        uploaded_at: now_text(),
    })
}

/// A photo of the home before a repair, while the repair is open or approved.
pub async fn add_before_photo(store: &Store, files: &dyn crate::files::FileStore, staff: &Staff, id: &Key, photo: Option<Photo>) -> Result<(), AppError> {
    let r = reachable(store, staff, id).await?;
    let kind = ReferralKind::from_code(&r.kind).ok_or_else(|| crate::services::failure("a referral's kind does not parse"))?;
    let status = ReferralStatus::from_code(&r.status).ok_or_else(|| crate::services::failure("a referral's status does not parse"))?;
    before_photo_allowed(kind, status).map_err(|p| invalid("before", p))?;
    let photo = photo.ok_or_else(|| invalid("before", Problem::RepairBeforePhoto))?;
    let row = kept(files, staff, &r.id, PhotoStage::Before, photo).await?;
    let a = audit(staff, "referral.photo", format!("referral:{}", r.id), format!("before {}", row.sha256));
    let added = store.add_repair_photo(&row, &a).await;
    if !matches!(added, Ok(true)) {
        super::forget_pictures(files, vec![row.storage_key.clone()]).await;
    }
    if added? { Ok(()) } else { Err(invalid("before", Problem::ReferralClosed)) }
}

/// A repair photo, for those who may see the referral.
pub async fn photo(store: &Store, files: &dyn crate::files::FileStore, staff: &Staff, id: &Key, photo: &Key) -> Result<(String, Vec<u8>), AppError> {
    let r = reachable(store, staff, id).await?;
    let p = store.repair_photos(&r.id).await?.into_iter().find(|p| p.id == photo.as_str()).ok_or(AppError::NotFound)?;
    Ok((p.content_type, super::read_picture(files, &p.storage_key).await?))
}

/// `case` (register a proactive case), `approve`, `complete` or `decline`; a repair is
/// completed with its photos (`pictures`).
#[allow(clippy::too_many_arguments)]
pub async fn act(store: &Store, key: &DataKey, files: &dyn crate::files::FileStore, staff: &Staff, id: &Key, step: &str, f: &ReferralForm, pictures: RepairPhotos) -> Result<(), AppError> {
    let r = reachable(store, staff, id).await?;
    let kind = ReferralKind::from_code(&r.kind).ok_or_else(|| crate::services::failure("a referral's kind does not parse"))?;
    let status = ReferralStatus::from_code(&r.status).ok_or_else(|| crate::services::failure("a referral's status does not parse"))?;
    let step = match step {
        "case" => Step::RegisterCase,
        "approve" => Step::Approve,
        "complete" => Step::Complete,
        "decline" => Step::Decline,
        _ => return Err(AppError::NotFound),
    };
    if step == Step::Approve {
        may(staff, Action::ApproveRepairs)?;
    }
    let to = next(kind, status, step).map_err(|p| invalid("step", p))?;
    let note = |required: bool| -> Result<Option<Note>, AppError> {
        match (Note::parse(&f.note), required) {
            (Ok(n), true) if n.is_empty() => Err(invalid("note", Problem::Required)),
            (Ok(n), _) if n.is_empty() => Ok(None),
            (Ok(n), _) => Ok(Some(n)),
            (Err(e), _) => Err(invalid("note", e.problem())),
        }
    };
    let at = now_text();
    let mut m = ReferralMove { id: &r.id, from: status.code(), to: to.code(), by: &staff.id, at: &at, approval: step == Step::Approve, outcome_note: None, cost_fen: None, case_reference: None, photos: &[] };
    let photos;
    let outcome_note;
    let case_reference;
    match step {
        Step::RegisterCase => {
            let programme = APPLY_PROGRAMMES.iter().copied().find(|p| p.code() == f.programme).ok_or_else(|| invalid("programme", Problem::Required))?;
            let person = store.register_person(&r.person_id).await?.ok_or_else(|| crate::services::failure("a referral's person is not in the register"))?;
            let id_number = key.open(&person.id_sealed, &crate::services::monitoring::register::id_context(&person.id)).map_err(|_| crate::services::failure("a sealed register ID did not open"))?;
            let phone = match &person.phone_sealed {
                Some(s) => key.open(s, &crate::services::monitoring::register::phone_context(&person.id)).map_err(|_| crate::services::failure("a sealed register phone did not open"))?,
                None => String::new(),
            };
            let found: String = r.note.chars().take(app::domain::application::steps::MAX_STORY_CHARS).collect();
            let p = Proactive { name: &person.name, id_number: &id_number, phone: &phone, community: &r.area_code, programme: programme.code(), found: &found, address: &person.address, consent: f.consent };
            case_reference = crate::services::casework::register(store, key, staff, p).await?;
            m.case_reference = Some(&case_reference);
        }
        Step::Complete if kind == ReferralKind::Repair => {
            // Every problem of the form at once: the cost and each missing picture.
            let befores = store.repair_photos(&r.id).await?.iter().filter(|p| p.stage == PhotoStage::Before.code()).count();
            let mut errors = completion_photos(befores, pictures.before.is_some(), pictures.after.is_some()).err().unwrap_or_default();
            let cost = Fen::parse_yuan(&f.cost);
            if cost.is_err() {
                errors.insert(0, app::domain::request::FieldError { field: "cost".into(), problem: Problem::MoneyFormat });
            }
            outcome_note = note(false)?;
            let (Ok(cost), true) = (cost, errors.is_empty()) else { return Err(AppError::Validation(errors)) };
            m.cost_fen = Some(cost.get());
            m.outcome_note = outcome_note.as_ref().map(Note::as_str);
            let mut rows = Vec::new();
            for (stage, picture) in [(PhotoStage::Before, pictures.before), (PhotoStage::After, pictures.after)] {
                let Some(picture) = picture else { continue };
                match kept(files, staff, &r.id, stage, picture).await {
                    Ok(row) => rows.push(row),
                    Err(e) => {
                        super::forget_pictures(files, rows.iter().map(|p| p.storage_key.clone()).collect()).await;
                        return Err(e);
                    }
                }
            }
            photos = rows;
            m.photos = &photos;
        }
        Step::Complete | Step::Decline => {
            outcome_note = note(true)?;
            m.outcome_note = outcome_note.as_ref().map(Note::as_str);
        }
        Step::Approve => {}
    }
    let detail = format!("{} {} -> {}", kind.code(), status.code(), to.code());
    let moved = store.move_referral(&m, &audit(staff, "referral.move", format!("referral:{}", r.id), detail)).await;
    if !matches!(moved, Ok(true)) {
        // Not written (moved meanwhile, or failed): the pictures stored for it go.
        super::forget_pictures(files, m.photos.iter().map(|p| p.storage_key.clone()).collect()).await;
    }
    if moved? { Ok(()) } else { Err(AppError::Conflict) }
}

