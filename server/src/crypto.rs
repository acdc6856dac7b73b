//! Encryption at rest for sensitive personal information (PIPL art. 28): AES-256-GCM with a
//! random nonce per value. The key comes from configuration; rows carry only ciphertext.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use rand::RngCore;

/// A random token of `bytes` bytes, URL-safe: session ids, challenge ids, record ids.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buf[..]);
    URL_SAFE_NO_PAD.encode(buf)
}

/// SHA-256 of the parts, each ended by a NUL so that ("ab", "c") and ("a", "bc") differ;
/// URL-safe base64. What is kept of tokens, codes and request fingerprints.
pub fn hash(parts: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0u8]);
    }
    URL_SAFE_NO_PAD.encode(h.finalize())
}

const PREFIX: &str = "v1:";

fn key_bytes(text: &str) -> Result<[u8; 32], KeyError> {
    let bytes = STANDARD.decode(text.trim()).map_err(|_| KeyError::Malformed)?;
    <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| KeyError::Malformed)
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    use hmac::{Hmac, Mac};
    // HMAC takes a key of any length: new_from_slice cannot fail.
    let Ok(mut mac) = <Hmac<sha2::Sha256> as Mac>::new_from_slice(key) else { return [0; 32] };
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// The keys for personal data: one seals values (AES-256-GCM), the other makes their blind
/// index (HMAC-SHA-256), so a value can be found by equality without being opened. Two keys,
/// so that whoever may match (a department feed's batch job) holds no key that opens.
#[derive(Clone)]
pub struct DataKey {
    aead: Aes256Gcm,
    index: [u8; 32],
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeyError {
    #[error("the data key must be 32 bytes written in base64 (e.g. from `openssl rand -base64 32`)")]
    Malformed,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("a sealed value could not be opened with this key")]
pub struct OpenError;

impl DataKey {
    /// The sealing key; the index key is derived from it until `with_index_key` sets the
    /// configured one (tests, and tools that only seal).
    pub fn from_base64(text: &str) -> Result<DataKey, KeyError> {
        let bytes = key_bytes(text)?;
        let aead = Aes256Gcm::new_from_slice(&bytes).map_err(|_| KeyError::Malformed)?;
        Ok(DataKey { aead, index: hmac_sha256(&bytes, b"portal blind index v1") })
    }

    /// Uses the configured blind-index key (base64 of 32 bytes).
    pub fn with_index_key(self, text: &str) -> Result<DataKey, KeyError> {
        Ok(DataKey { index: key_bytes(text)?, ..self })
    }

    /// The blind index of a value: equal values, equal indexes; nothing about the value can be
    /// read from it without the key. URL-safe base64 of HMAC-SHA-256.
    pub fn blind_index(&self, value: &str) -> String {
        URL_SAFE_NO_PAD.encode(hmac_sha256(&self.index, value.as_bytes()))
    }

    pub fn generate_base64() -> String {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        STANDARD.encode(bytes)
    }

    /// Encrypts `plain`, bound to `context` (e.g. the column and row it belongs to), so a
    /// value copied into another row does not open there.
    pub fn seal(&self, plain: &str, context: &str) -> String {
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let sealed = self
            .aead
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: plain.as_bytes(), aad: context.as_bytes() })
            .unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend(sealed);
        format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(out))
    }

    pub fn open(&self, sealed: &str, context: &str) -> Result<String, OpenError> {
        let bytes = URL_SAFE_NO_PAD.decode(sealed.strip_prefix(PREFIX).ok_or(OpenError)?).map_err(|_| OpenError)?;
        if bytes.len() < 12 + 16 {
            return Err(OpenError);
        }
        let (nonce, ciphertext) = bytes.split_at(12);
        let plain = self.aead.decrypt(Nonce::from_slice(nonce), Payload { msg: ciphertext, aad: context.as_bytes() }).map_err(|_| OpenError)?;
        String::from_utf8(plain).map_err(|_| OpenError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_with_the_key_and_context() {
        let key = DataKey::from_base64(&DataKey::generate_base64()).unwrap();
        let sealed = key.seal("11010519491231002X", "citizen_identities.id_number:abc");
        assert!(!sealed.contains("19491231"));
        assert_ne!(sealed, key.seal("11010519491231002X", "citizen_identities.id_number:abc"), "a fresh nonce each time");
        assert_eq!(key.open(&sealed, "citizen_identities.id_number:abc").unwrap(), "11010519491231002X");
        assert_eq!(key.open(&sealed, "citizen_identities.id_number:xyz"), Err(OpenError), "bound to its row");
        let other = DataKey::from_base64(&DataKey::generate_base64()).unwrap();
        assert_eq!(other.open(&sealed, "citizen_identities.id_number:abc"), Err(OpenError));
        assert_eq!(key.open("v1:short", "x"), Err(OpenError));
        assert_eq!(key.open("plain text", "x"), Err(OpenError));
    }

    #[test]
    fn blind_indexes_match_equal_values_under_one_key_only() {
        let key = DataKey::from_base64(&DataKey::generate_base64()).unwrap();
        let a = key.blind_index("11010519491231002X");
        assert_eq!(a, key.blind_index("11010519491231002X"));
        assert_ne!(a, key.blind_index("110105194912310029"));
        assert!(!a.contains("1949"));
        let own = key.clone().with_index_key(&DataKey::generate_base64()).unwrap();
        assert_ne!(own.blind_index("11010519491231002X"), a, "the configured key, not the derived one");
        let sealed = own.seal("x", "c");
        assert_eq!(key.open(&sealed, "c").unwrap(), "x", "the index key does not touch sealing");
        // RFC 4231 test case 2.
        assert_eq!(data_encoding::HEXLOWER.encode(&hmac_sha256(b"Jefe", b"what do ya want for nothing?")), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    #[test]
    fn keys_must_be_32_bytes_of_base64() {
        assert_eq!(DataKey::from_base64("c2hvcnQ=").unwrap_err(), KeyError::Malformed);
        assert_eq!(DataKey::from_base64("not base64!").unwrap_err(), KeyError::Malformed);
    }
}
