//! RFC 6238 time-based one-time passwords (HMAC-SHA-1, 30-second steps, 6 digits), the kind
//! every authenticator app reads from an `otpauth://` link or its QR code. The crates
//! `hmac`, `sha1` and `data-encoding` do the cryptography and the Base32.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha1::Sha1;

pub const STEP_SECS: i64 = 30;
const DIGITS: u32 = 6;
/// A code of the step before or after is taken too: phones' clocks drift and people type slowly.
const WINDOW: i64 = 1;

/// A new random secret of 160 bits (RFC 4226's recommendation).
pub fn new_secret() -> Vec<u8> {
    let mut s = vec![0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut s);
    s
}

/// The secret as people type it into an app: Base32 without padding.
pub fn base32(secret: &[u8]) -> String {
    data_encoding::BASE32_NOPAD.encode(secret)
}

pub fn from_base32(text: &str) -> Option<Vec<u8>> {
    data_encoding::BASE32_NOPAD.decode(text.as_bytes()).ok()
}

/// The step a moment (Unix seconds) falls in.
pub fn step_of(unix_secs: i64) -> i64 {
    unix_secs.div_euclid(STEP_SECS)
}

/// The code of one step (RFC 4226 HOTP with the step as counter).
pub fn code_at(secret: &[u8], step: i64) -> u32 {
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(secret) else { return 0 };
    mac.update(&(step as u64).to_be_bytes());
    let hash = mac.finalize().into_bytes();
    let offset = (hash[19] & 0x0f) as usize;
    let bin = u32::from_be_bytes([hash[offset] & 0x7f, hash[offset + 1], hash[offset + 2], hash[offset + 3]]);
    bin % 10u32.pow(DIGITS)
}

/// The code as shown: six digits, leading zeros kept.
pub fn code_text(secret: &[u8], step: i64) -> String {
    format!("{:06}", code_at(secret, step))
}

/// The step a typed code belongs to, within the window around `unix_secs`; `None` when it is
/// no code of that time (wrong, or too old).
pub fn matching_step(secret: &[u8], typed: &str, unix_secs: i64) -> Option<i64> {
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if typed.len() != DIGITS as usize || !typed.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = step_of(unix_secs);
    (now - WINDOW..=now + WINDOW).find(|s| code_text(secret, *s) == typed)
}

/// The link an authenticator app reads: the issuer and the account name it shows.
pub fn otpauth_uri(issuer: &str, account: &str, secret: &[u8]) -> String {
    let enc = |s: &str| s.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect::<String>();
    format!("otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits=6&period=30", enc(issuer), enc(account), base32(secret), enc(issuer))
}

/// The link as a QR code, an SVG of dark squares with a quiet zone, for the enrolment page.
pub fn qr_svg(text: &str) -> String {
    let Ok(code) = qrcode::QrCode::new(text.as_bytes()) else { return String::new() };
    let width = code.width();
    let colors = code.to_colors();
    let size = width + 8;
    let mut path = String::new();
    for (i, c) in colors.iter().enumerate() {
        if *c == qrcode::Color::Dark {
            path.push_str(&format!("M{} {}h1v1h-1z", i % width + 4, i / width + 4));
        }
    }
    format!("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"220\" height=\"220\" role=\"img\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1, read as six digits.
    #[test]
    fn the_rfc_6238_test_vectors_hold() {
        let secret = b"12345678901234567890";
        for (time, code) in [(59, "287082"), (1111111109, "081804"), (1111111111, "050471"), (1234567890, "005924"), (2000000000, "279037"), (20000000000, "353130")] {
            assert_eq!(code_text(secret, step_of(time)), code, "at {time}");
        }
    }

    #[test]
    fn a_code_matches_its_step_and_its_neighbours_only() {
        let secret = new_secret();
        let now = 1_900_000_000;
        let code = code_text(&secret, step_of(now));
        assert_eq!(matching_step(&secret, &code, now), Some(step_of(now)));
        assert_eq!(matching_step(&secret, &code, now + STEP_SECS), Some(step_of(now)), "a step late is taken");
        assert_eq!(matching_step(&secret, &code, now + 3 * STEP_SECS), None, "stale");
        assert_eq!(matching_step(&secret, "12345", now), None);
        assert_eq!(matching_step(&secret, "abcdef", now), None);
        assert_eq!(from_base32(&base32(&secret)), Some(secret.clone()));
        assert!(otpauth_uri("社会救助", "li.wei", &secret).starts_with("otpauth://totp/%E7%A4%BE"));
        assert!(qr_svg("otpauth://totp/x").starts_with("<svg"));
    }
}
