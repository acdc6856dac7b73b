//! Alibaba Cloud SMS (短信服务, API version 2017-05-25, action SendSms), over HTTPS with
//! its RPC request signing (signature version 1.0, HMAC-SHA1): the parameters sorted by
//! name, each name and value percent-encoded by RFC 3986, joined, and the string
//! `METHOD&%2F&<encoded query>` signed with the AccessKey secret followed by "&".

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use base64::Engine;
use hmac::{Hmac, Mac};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha1::Sha1;

use super::{SendError, SmsProvider};
use crate::store::ClaimedSms;

/// RFC 3986's unreserved characters stay; everything else is encoded (a space as %20, `*`
/// as %2A and `~` kept, as the signing rules require).
const RFC3986: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

fn encode(s: &str) -> String {
    utf8_percent_encode(s, RFC3986).to_string()
}

/// The request's signature over `params` (the `Signature` parameter itself excluded).
pub fn signature(method: &str, params: &BTreeMap<String, String>, secret: &str) -> String {
    let query = params
        .iter()
        .filter(|(k, _)| k.as_str() != "Signature")
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let to_sign = format!("{method}&{}&{}", encode("/"), encode(&query));
    let mut mac = Hmac::<Sha1>::new_from_slice(format!("{secret}&").as_bytes()).expect("HMAC takes a key of any length");
    mac.update(to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// What the portal needs to send through one Alibaba Cloud account.
#[derive(Clone, Debug)]
pub struct AliyunSettings {
    /// `https://dysmsapi.aliyuncs.com` in production; a local server in tests.
    pub endpoint: String,
    pub access_key_id: String,
    pub access_key_secret: String,
    /// The approved signature (签名), e.g. 某某市民政局.
    pub sign_name: String,
    /// Template code (SMS_…) per `template.lang`, e.g. `received.zh-CN`.
    pub templates: HashMap<String, String>,
}

pub struct Aliyun {
    settings: AliyunSettings,
    http: reqwest::Client,
}

impl Aliyun {
    /// `timeout` must stay well under the delivery lease, so a slow answer cannot let a
    /// second worker take the same message.
    pub fn new(settings: AliyunSettings, timeout: Duration) -> Result<Aliyun, String> {
        let http = reqwest::Client::builder().timeout(timeout).build().map_err(|e| e.to_string())?;
        Ok(Aliyun { settings, http })
    }

    /// The signed parameters of one SendSms request.
    pub fn request(&self, sms: &ClaimedSms, nonce: &str, timestamp: &str) -> Result<BTreeMap<String, String>, SendError> {
        let key = format!("{}.{}", sms.template, sms.lang);
        let template = self.settings.templates.get(&key).ok_or_else(|| SendError::Permanent(format!("no template code configured for {key}")))?;
        let mut params: BTreeMap<String, String> = [
            ("AccessKeyId", self.settings.access_key_id.as_str()),
            ("Action", "SendSms"),
            ("Format", "JSON"),
            ("OutId", sms.id.as_str()),
            ("PhoneNumbers", sms.phone.as_str()),
            ("RegionId", "cn-hangzhou"),
            ("SignName", self.settings.sign_name.as_str()),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", nonce),
            ("SignatureVersion", "1.0"),
            ("TemplateCode", template.as_str()),
            ("TemplateParam", sms.params.as_str()),
            ("Timestamp", timestamp),
            ("Version", "2017-05-25"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let signed = signature("POST", &params, &self.settings.access_key_secret);
        params.insert("Signature".into(), signed);
        Ok(params)
    }

    async fn send_one(&self, sms: &ClaimedSms) -> Result<String, SendError> {
        let nonce = crate::crypto::random_token(16);
        let timestamp = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let params = self.request(sms, &nonce, &timestamp)?;
        let response = self
            .http
            .post(&self.settings.endpoint)
            .form(&params)
            .send()
            .await
            .map_err(|e| SendError::Transient(format!("no answer from Alibaba Cloud SMS: {e}")))?;
        let status = response.status();
        let body: serde_json::Value = response.json().await.unwrap_or_default();
        let code = body.get("Code").and_then(|c| c.as_str()).unwrap_or_default();
        let message = body.get("Message").and_then(|c| c.as_str()).unwrap_or_default();
        if status.is_success() && code == "OK" {
            return Ok(body.get("BizId").and_then(|b| b.as_str()).unwrap_or_default().to_string());
        }
        let error = format!("Alibaba Cloud SMS answered {status} {code}: {message}");
        Err(if transient(status, code) { SendError::Transient(error) } else { SendError::Permanent(error) })
    }
}

/// Worth trying again: the provider's own trouble (`isp.*`, a 5xx), throttling and flow
/// control. Everything else (a bad number, a template or signature not approved, wrong
/// keys) will fail the same way again.
fn transient(status: reqwest::StatusCode, code: &str) -> bool {
    status.is_server_error()
        || code.starts_with("isp.")
        || code.starts_with("Throttling")
        || matches!(code, "isv.BUSINESS_LIMIT_CONTROL" | "isv.DAY_LIMIT_CONTROL" | "ServiceUnavailable")
        || (code.is_empty() && !status.is_client_error())
}

impl SmsProvider for Aliyun {
    fn name(&self) -> &'static str {
        "aliyun"
    }

    fn send<'a>(&'a self, sms: &'a ClaimedSms) -> Pin<Box<dyn Future<Output = Result<String, SendError>> + Send + 'a>> {
        Box::pin(self.send_one(sms))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The worked example of Alibaba Cloud's SMS documentation (签名机制, SendSms):
    /// AccessKey `testId` / `testSecret`, signed for GET.
    #[test]
    fn signature_equals_the_documented_example() {
        let params: BTreeMap<String, String> = [
            ("AccessKeyId", "testId"),
            ("Action", "SendSms"),
            ("Format", "XML"),
            ("OutId", "123"),
            ("PhoneNumbers", "15300000001"),
            ("RegionId", "cn-hangzhou"),
            ("SignName", "阿里云短信测试专用"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "45e25e9b-0a6f-4070-8c85-2956eda1b466"),
            ("SignatureVersion", "1.0"),
            ("TemplateCode", "SMS_71390007"),
            ("TemplateParam", "{\"customer\":\"test\"}"),
            ("Timestamp", "2017-07-12T02:42:19Z"),
            ("Version", "2017-05-25"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(signature("GET", &params, "testSecret"), "zJDF+Lrzhj/ThnlvIToysFRq6t4=");
    }

    #[test]
    fn encoding_follows_rfc_3986() {
        assert_eq!(encode("a b*c~d/e"), "a%20b%2Ac~d%2Fe");
        assert_eq!(encode("阿"), "%E9%98%BF");
    }

    #[test]
    fn only_the_providers_own_trouble_is_tried_again() {
        use reqwest::StatusCode as S;
        assert!(transient(S::OK, "isp.SYSTEM_ERROR"));
        assert!(transient(S::OK, "isv.BUSINESS_LIMIT_CONTROL"));
        assert!(transient(S::SERVICE_UNAVAILABLE, ""));
        assert!(!transient(S::OK, "isv.MOBILE_NUMBER_ILLEGAL"));
        assert!(!transient(S::BAD_REQUEST, "SignatureDoesNotMatch"));
        assert!(!transient(S::OK, "isv.SMS_TEMPLATE_ILLEGAL"));
    }
}
