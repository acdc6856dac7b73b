//! Printed letters (#13 item 4): the application receipt and the decision notice of a case,
//! for its applicant (status page, API) and for staff who may see the case (case page); the
//! pledge receipt for its signer; and `/verify`, which says only whether a letter with a
//! code was issued and on which day. Letters are in Chinese, the language of the record.

use app::domain::text::Key;
use app::domain::case::outcome::Rights;
use app::domain::case::EventKind;
use app::domain::instant::Instant;
use app::domain::letter::{DecisionFacts, Letter, LetterCode, LetterKind, PledgeFacts, ReceiptFacts};
use app::domain::money::Fen;
use app::domain::programme::Programme;
use app::error::AppError;
use app::i18n::{fill, Lang, Msg};
use rand::RngCore;

use crate::pdf::Pdf;
use crate::services::staff::Staff;
use crate::services::{china_date_of, now_text};
use crate::store::{AuditEntry, CaseRow, Store};

/// The language of printed letters.
const LANG: Lang = Lang::ZhCn;

/// A letter ready to send: its file name and PDF bytes.
pub struct Printed {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Where letters are printed from and checked at: the portal's public address and the font.
#[derive(Clone)]
pub struct Printer {
    pub pdf: Pdf,
    /// `https://host` with no slash at the end.
    pub site: String,
}

impl std::fmt::Debug for Printer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Printer").field("site", &self.site).finish_non_exhaustive()
    }
}

fn case_letter_kind(kind: &str) -> Result<LetterKind, AppError> {
    LetterKind::from_code(kind).filter(|k| *k != LetterKind::Pledge).ok_or(AppError::NotFound)
}

/// The applicant's own receipt or decision; anyone else's is "not found".
pub async fn for_applicant(store: &Store, printer: &Printer, citizen_id: &str, reference: &Key, kind: &str) -> Result<Printed, AppError> {
    let kind = case_letter_kind(kind)?;
    let case = store.case_by_reference(reference.as_str()).await?.filter(|c| c.row.citizen_id == citizen_id).ok_or(AppError::NotFound)?;
    of_case(store, printer, &case, kind).await
}

/// Staff print the letters of a case they may see; the print is in the audit log.
pub async fn for_staff(store: &Store, printer: &Printer, staff: &Staff, reference: &Key, kind: &str) -> Result<Printed, AppError> {
    let kind = case_letter_kind(kind)?;
    let case = crate::services::casework::viewable(store, staff, reference).await?;
    let printed = of_case(store, printer, &case, kind).await?;
    store
        .append_audit(&AuditEntry {
            at: now_text(),
            actor: crate::services::casework::actor(staff),
            action: "letter.print".into(),
            subject: format!("application:{}", case.row.id),
            detail: kind.code().into(),
        })
        .await?;
    Ok(printed)
}

/// The signer's own pledge receipt.
pub async fn pledge_receipt(store: &Store, printer: &Printer, citizen_id: &str, pledge_code: &Key) -> Result<Printed, AppError> {
    let (signed, text) = crate::services::pledge::receipt(store, pledge_code, citizen_id).await?;
    let day = china_date_of(&signed.signed_at).ok_or(AppError::Internal)?;
    let code = code_for(store, LetterKind::Pledge, &signed.id, &day.to_string()).await?;
    let facts = PledgeFacts {
        signer: &signed.signer_name,
        on_behalf_of: signed.on_behalf_of.as_deref(),
        text_title: &text.title,
        version: &format!("v{}", text.version),
        text_hash: &signed.text_sha256,
        signed: &moment(&signed.signed_at),
        pledge_code: &signed.verification_code,
        date: &LANG.date(day),
    };
    let letter = Letter::pledge(&facts, code, &printer.site, LANG);
    print(printer, letter, format!("pledge-{}.pdf", signed.verification_code)).await
}

async fn of_case(store: &Store, printer: &Printer, case: &CaseRow, kind: LetterKind) -> Result<Printed, AppError> {
    let a = &case.row;
    let summary = crate::services::application::summary(store, a, LANG).await?;
    let applicant = if a.subject_name.is_empty() { a.actor_name.clone() } else { a.subject_name.clone() };
    let programme = Programme::from_code(&a.programme);
    let programme_name = programme.map(|p| LANG.t(p.name()).to_string()).unwrap_or_else(|| a.programme.clone());
    let letter = match kind {
        LetterKind::Receipt => {
            let day = china_date_of(&a.submitted_at).ok_or(AppError::Internal)?;
            let code = code_for(store, kind, &a.id, &day.to_string()).await?;
            let accept_by = app::domain::date::Date::parse(&a.accept_by).map(|d| LANG.date(d)).unwrap_or_else(|_| a.accept_by.clone());
            let facts = ReceiptFacts {
                reference: &a.reference,
                applicant: &applicant,
                programme: &programme_name,
                office: &summary.office_name,
                submitted: &moment(&a.submitted_at),
                accept_by: &accept_by,
                date: &LANG.date(day),
            };
            Letter::receipt(&facts, code, &printer.site, LANG)
        }
        LetterKind::Decision | LetterKind::Pledge => {
            // No decision yet: there is no such letter.
            let (Some(decision), Some(decided_at)) = (case.decision.as_deref(), case.decided_at.as_deref()) else { return Err(AppError::NotFound) };
            let day = china_date_of(decided_at).ok_or(AppError::Internal)?;
            let code = code_for(store, LetterKind::Decision, &format!("{}@{decided_at}", a.id), &day.to_string()).await?;
            let events = store.events_of(&a.id).await?;
            let told = crate::services::casework::told(store, case, &events, &summary.office_name, LANG).await?;
            let rights = crate::services::casework::rights(store, case).await?;
            let rights_line = rights.map(|r: Rights| fill(LANG.t(Msg::OutcomeRights), &[("days", r.review_days.to_string()), ("months", r.sue_months.to_string())]));
            // The page's own pointers ("the reason is in the history below") and the rights,
            // which the letter words itself, are left out of what follows.
            let page_only = LANG.t(Msg::StatusRejectedNote);
            let follows: Vec<String> = told.words.into_iter().filter(|l| l != page_only && Some(l) != rights_line.as_ref()).collect();
            let approved = decision != "rejected";
            let in_kind = store.in_kind_of(&a.id).await?;
            let in_kind_fen = Fen::new(in_kind.iter().map(|k| k.value_fen).sum()).unwrap_or_default();
            let amount = case.amount_fen.filter(|_| approved && told.pays).and_then(|f| Fen::new(f).ok()).map(|fen| {
                let yuan = app::domain::service_assistance::in_kind::words(fen, in_kind_fen, LANG);
                fill(LANG.t(if programme == Some(Programme::Temporary) { Msg::StatusAmountOnce } else { Msg::StatusAmountMonthly }), &[("amount", yuan)])
            });
            let reason = events.iter().rev().find(|e| e.kind == EventKind::Rejected.code()).map(|e| e.detail.clone());
            let basis = LANG.t(match programme {
                Some(Programme::Dibao | Programme::DibaoEdge) => Msg::LetterBasisDibao,
                Some(Programme::Tekun) => Msg::LetterBasisTekun,
                Some(Programme::Medical) => Msg::LetterBasisMedical,
                Some(Programme::Temporary) => Msg::LetterBasisTemporary,
                _ => Msg::LetterBasisOther,
            });
            let facts = DecisionFacts {
                reference: &a.reference,
                applicant: &applicant,
                programme: &programme_name,
                office: &summary.office_name,
                approved,
                amount,
                reason: reason.as_deref().filter(|_| !approved),
                basis: basis.to_string(),
                follows: &follows,
                rights: rights.map(|r| (r.review_days, r.sue_months)),
                date: &LANG.date(day),
            };
            Letter::decision(&facts, code, &printer.site, LANG)
        }
    };
    print(printer, letter, format!("{}-{}.pdf", a.reference, kind.code())).await
}

/// The code of this letter: made at its first print, the same ever after.
async fn code_for(store: &Store, kind: LetterKind, subject: &str, issued_on: &str) -> Result<LetterCode, AppError> {
    let mut bytes = [0u8; 10];
    rand::thread_rng().fill_bytes(&mut bytes);
    let fresh = LetterCode::from_bytes(bytes);
    let kept = store.letter_code(fresh.as_str(), kind.code(), subject, issued_on, &now_text()).await?;
    LetterCode::parse(&kept).ok_or(AppError::Internal)
}

fn moment(utc: &str) -> String {
    Instant::parse(utc).map(|at| LANG.date_time(at)).unwrap_or_else(|_| utc.to_string())
}

/// Laying out and subsetting the font take a few milliseconds of CPU: off the async threads.
async fn print(printer: &Printer, letter: Letter, file_name: String) -> Result<Printed, AppError> {
    let pdf = printer.pdf.clone();
    let url = format!("{}/verify/{}", printer.site, letter.code.as_str());
    let bytes = tokio::task::spawn_blocking(move || pdf.render(&letter, &url))
        .await
        .map_err(|_| AppError::Internal)?
        .map_err(|e| {
            tracing::error!(error = %e, "a letter could not be printed");
            AppError::Internal
        })?;
    Ok(Printed { file_name, bytes })
}

/// What `/verify` can say of a code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verified {
    /// Not a code's shape.
    Malformed,
    NotIssued(LetterCode),
    /// Issued, about this day.
    Issued(LetterCode, app::domain::date::Date),
}

pub async fn verify(store: &Store, typed: &str) -> Result<Verified, AppError> {
    let Some(code) = LetterCode::parse(typed) else { return Ok(Verified::Malformed) };
    Ok(match store.letter_issued_on(code.as_str()).await? {
        Some(day) => match app::domain::date::Date::parse(&day) {
            Ok(day) => Verified::Issued(code, day),
            Err(_) => return Err(AppError::Internal),
        },
        None => Verified::NotIssued(code),
    })
}
