//! Signing the integrity pledge, and its receipt.

use app::domain::text::Key;
use app::domain::area::AreaCode;
use app::domain::date::Date;
use app::domain::request::{FieldError, Problem};
use app::error::AppError;
use app::i18n::Lang;
use rand::Rng;

use crate::crypto::{hash, random_token};
use crate::store::{PledgeTextRow, SignedPledgeRow, Store};

/// The text in force for `area` on `on`: the nearest area up the tree that has one, its
/// latest version already in effect.
pub async fn current_text(store: &Store, area: &AreaCode, lang: Lang, on: Date) -> Result<PledgeTextRow, AppError> {
    let texts = store.pledge_texts(lang.code()).await?;
    let mut code = Some(area.clone());
    while let Some(c) = code {
        let best = texts
            .iter()
            .filter(|t| t.area_code == c.as_str() && Date::parse(&t.effective_from).is_ok_and(|d| d <= on))
            .max_by_key(|t| t.version);
        if let Some(t) = best {
            return Ok(t.clone());
        }
        code = c.parent();
    }
    Err(AppError::NotFound)
}

/// The text's paragraphs as the reader sees them (one a line, blank lines dropped).
pub fn paragraphs(text: &PledgeTextRow) -> Vec<String> {
    text.body.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect()
}

/// The answer options of the text's question, numbered from 1 in this order.
pub fn options(text: &PledgeTextRow) -> Vec<String> {
    text.options.lines().map(String::from).collect()
}

pub struct Signing<'a> {
    pub citizen_id: &'a str,
    pub text_id: &'a str,
    pub answer: Option<i64>,
    pub signer_name: &'a str,
    pub on_behalf_of: Option<&'a str>,
    /// A handwritten signature as a PNG data URL (only where the pad ran), else typed.
    pub signature_png: Option<&'a str>,
    pub client_address: &'a str,
    pub user_agent: &'a str,
    pub signed_at: chrono::DateTime<chrono::Utc>,
}

/// Codes people read out over the phone: no 0/O or 1/I/L to confuse.
fn verification_code() -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let mut rng = rand::rngs::OsRng;
    (0..10).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect()
}

fn clean_name(name: &str) -> Option<String> {
    app::domain::text::PersonName::parse(name).map(|n| n.into_string())
}

pub async fn sign(store: &Store, s: Signing<'_>) -> Result<SignedPledgeRow, AppError> {
    let text = store.pledge_text(crate::services::key(s.text_id)?.as_str()).await?.ok_or(AppError::NotFound)?;
    let mut errors = Vec::new();
    if s.answer != Some(text.correct_option) {
        errors.push(FieldError { field: "answer".into(), problem: Problem::PledgeAnswerWrong });
    }
    let name = clean_name(s.signer_name);
    if name.is_none() {
        errors.push(FieldError { field: "signer_name".into(), problem: Problem::NameFormat });
    }
    let on_behalf_of = match s.on_behalf_of.map(str::trim).filter(|v| !v.is_empty()) {
        None => None,
        Some(v) => match clean_name(v) {
            Some(v) => Some(v),
            None => {
                errors.push(FieldError { field: "on_behalf_of".into(), problem: Problem::NameFormat });
                None
            }
        },
    };
    let drawn = match s.signature_png.map(str::trim).filter(|v| !v.is_empty()) {
        None => None,
        Some(url) => match signature_bytes(url) {
            Some(bytes) => Some(bytes),
            None => {
                errors.push(FieldError { field: "signature".into(), problem: Problem::SignatureUnreadable });
                None
            }
        },
    };
    let Some(name) = name.filter(|_| errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let (signature_kind, signature_sha256) = match &drawn {
        Some(png) => ("drawn", sha256_hex(png)),
        None => ("typed", hash(&["typed", &name])),
    };
    let row = SignedPledgeRow {
        id: random_token(16),
        citizen_id: s.citizen_id.to_string(),
        signature_sha256,
        signer_name: name,
        on_behalf_of,
        pledge_text_id: text.id.clone(),
        text_sha256: text.sha256.clone(),
        signed_at: s.signed_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        client_address: s.client_address.chars().take(64).collect(),
        user_agent: s.user_agent.chars().take(300).collect(),
        signature_kind: signature_kind.into(),
        verification_code: verification_code(),
    };
    store.insert_signed_pledge(&row).await?;
    Ok(row)
}

/// Largest drawn signature accepted; a 320×160 pad makes a few kilobytes.
const MAX_SIGNATURE_BYTES: usize = 256 * 1024;

/// The PNG inside a `data:image/png;base64,` URL, if it is one and not too large.
pub(crate) fn signature_bytes(url: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    let b64 = url.strip_prefix("data:image/png;base64,")?;
    if b64.len() > MAX_SIGNATURE_BYTES * 4 / 3 + 4 {
        return None;
    }
    let bytes = base64::engine::general_purpose::STANDARD.decode(b64).ok()?;
    bytes.starts_with(b"\x89PNG\r\n\x1a\n").then_some(bytes)
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The receipt, for the citizen who signed it only.
pub async fn receipt(store: &Store, code: &Key, citizen_id: &str) -> Result<(SignedPledgeRow, PledgeTextRow), AppError> {
    let signed = store.signed_pledge_by_code(code.as_str()).await?.filter(|p| p.citizen_id == citizen_id).ok_or(AppError::NotFound)?;
    let text = store.pledge_text(&signed.pledge_text_id).await?.ok_or(AppError::NotFound)?;
    Ok((signed, text))
}
