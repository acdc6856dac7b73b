//! Configuration: built-in defaults, then a TOML file, then `PORTAL_*` environment variables.
//! Every problem is reported as one line that names the setting and what to do.

use std::net::SocketAddr;
use std::path::PathBuf;

use serde::Deserialize;

use crate::store::DatabaseUrl;

pub const DEFAULT_CONFIG_FILE: &str = "portal.toml";
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/portal.db";

#[derive(Clone, Debug)]
pub struct Config {
    /// Where the HTTP server listens (`PORTAL_BIND`).
    pub bind: SocketAddr,
    /// SQLite file or PostgreSQL server (`PORTAL_DATABASE_URL`).
    pub database: DatabaseUrl,
    /// A `tracing` filter such as `info` or `server=debug,info` (`PORTAL_LOG`).
    pub log: String,
    /// The folder cargo-leptos builds the site into (`PORTAL_SITE_ROOT`).
    pub site_root: PathBuf,
    /// Show the development SMS outbox at /dev/outbox (`PORTAL_DEV_OUTBOX`); never in production.
    pub dev_outbox: bool,
    /// Behind a load balancer: take the client address from X-Forwarded-For and treat
    /// X-Forwarded-Proto https as TLS (`PORTAL_BEHIND_PROXY`).
    pub behind_proxy: bool,
    /// How many load balancers stand in front when `behind_proxy` (`PORTAL_PROXY_HOPS`, 1):
    /// only the X-Forwarded-For entries they appended are believed.
    pub proxy_hops: usize,
    /// Base64 of the 32-byte key that encrypts sensitive fields (`PORTAL_DATA_KEY`). Required
    /// with PostgreSQL; with SQLite a key file beside the database is made when absent.
    pub data_key: Option<String>,
    /// Base64 of the 32-byte key of the blind index that finds ID numbers without opening
    /// them (`PORTAL_INDEX_KEY`): the register's matching of department rows. Required with
    /// PostgreSQL; with SQLite a key file beside the database is made when absent. Changing
    /// it makes every stored index useless.
    pub index_key: Option<String>,
    /// Where uploaded documents are kept by the local-folder file store (`PORTAL_UPLOAD_DIR`).
    /// Several servers must share it (a network mount), or use another `FileStore`.
    pub upload_dir: PathBuf,
    /// Demonstration only: make the demo staff accounts of README at start (`PORTAL_DEMO_SEED`).
    pub demo_seed: bool,
    /// Staff confirm each sign-in with a code from an authenticator app (TOTP) after the
    /// password (`PORTAL_STAFF_SECOND_FACTOR`). On unless set off; off by default only in the
    /// demonstration, whose visitors have no authenticator for its shared accounts.
    pub staff_second_factor: bool,
    /// The demonstration `make run` starts (`PORTAL_DEMO`): the development outbox, the demo
    /// staff, a few demo applications, and a banner on every page saying how to try it all.
    /// Implies `dev_outbox` and `demo_seed`; never in production.
    pub demo: bool,
    /// Web origins allowed to call `/api/v1` from a browser (`PORTAL_CORS_ORIGINS`, comma
    /// separated). Empty (the default) sends no CORS headers: apps and mini-programs do not
    /// need them, and no other site's page can read the API's answers.
    pub cors_origins: Vec<String>,
    /// API requests allowed a minute per bearer token (`PORTAL_API_PER_TOKEN_PER_MINUTE`).
    pub api_per_token_per_minute: i64,
    /// API requests allowed a minute per phone number, over all its tokens
    /// (`PORTAL_API_PER_PHONE_PER_MINUTE`).
    pub api_per_phone_per_minute: i64,
    /// Sign-in codes one client address may ask for in an hour, on the web and the API
    /// (`PORTAL_CODES_PER_ADDRESS_PER_HOUR`, 300). Each phone number keeps its own limits; a
    /// staff member signed in on the same browser is not counted.
    pub codes_per_address_per_hour: i64,
    /// A staff session ends after this many minutes without use (`PORTAL_STAFF_IDLE_MINUTES`, 30).
    pub staff_idle_minutes: i64,
    /// Drafts nobody changed for this many days are deleted with their documents
    /// (`PORTAL_DRAFT_RETENTION_DAYS`, 90).
    pub draft_retention_days: i64,
    /// Texted messages are kept this many days (`PORTAL_OUTBOX_RETENTION_DAYS`, 7).
    pub outbox_retention_days: i64,
    /// Who delivers text messages (`PORTAL_SMS_PROVIDER`: `outbox`, the default, or `aliyun`).
    pub sms: SmsConfig,
    /// Tries in all before a text message is marked failed (`PORTAL_SMS_MAX_ATTEMPTS`, 6).
    pub sms_max_attempts: i64,
    /// Seconds before the second try; each later pause doubles (`PORTAL_SMS_RETRY_SECS`, 30).
    pub sms_retry_secs: i64,
    /// The CJK font printed letters use, `PATH#FACE` (`PORTAL_PDF_FONT`; Debian's Noto Sans
    /// CJK SC). Start-up stops when it cannot be read.
    pub pdf_font: String,
    /// The portal's address as people reach it, printed on letters for `/verify`
    /// (`PORTAL_PUBLIC_URL`; `http://` and the listening address when unset).
    pub public_url: Option<String>,
}

/// The SMS provider and what it needs.
#[derive(Clone, Debug)]
pub enum SmsConfig {
    /// Messages stay in the outbox table: development, CI, and a portal not yet connected.
    Outbox,
    /// Alibaba Cloud SMS: `PORTAL_SMS_ACCESS_KEY_ID`, `PORTAL_SMS_ACCESS_KEY_SECRET`,
    /// `PORTAL_SMS_SIGN_NAME`, `PORTAL_SMS_TEMPLATES` and optionally `PORTAL_SMS_ENDPOINT`.
    Aliyun(crate::services::sms::aliyun::AliyunSettings),
}

/// Every template a provider must have, in every language: `sign_in_code.zh-CN`, ….
pub fn sms_template_keys() -> Vec<String> {
    let templates = std::iter::once(crate::services::sign_in::SIGN_IN_TEMPLATE)
        .chain(app::domain::notice::Notice::CODES)
        .chain(std::iter::once(crate::services::monitoring::warnings::INVITE_TEMPLATE))
        .chain(std::iter::once(crate::services::sign_in::SERVICE_CODE_TEMPLATE));
    templates.flat_map(|t| app::i18n::Lang::ALL.map(|l| format!("{t}.{}", l.code()))).collect()
}

impl Config {
    /// Everything under `dir` (SQLite database, uploads, site), on a free port, with the
    /// defaults of a fresh install: what tests and benchmarks start from and adjust.
    pub fn embedded(dir: &std::path::Path) -> Config {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            database: DatabaseUrl::Sqlite { path: dir.join("db").join("portal.db") },
            log: "warn".into(),
            site_root: dir.join("site"),
            dev_outbox: false,
            behind_proxy: false,
            proxy_hops: 1,
            data_key: None,
            index_key: None,
            upload_dir: dir.join("uploads"),
            demo_seed: false,
            staff_second_factor: true,
            demo: false,
            cors_origins: Vec::new(),
            api_per_token_per_minute: 120,
            api_per_phone_per_minute: 240,
            codes_per_address_per_hour: crate::services::sign_in::LIMITS.codes_per_client_per_hour,
            staff_idle_minutes: 30,
            draft_retention_days: 90,
            outbox_retention_days: 7,
            sms: SmsConfig::Outbox,
            sms_max_attempts: 6,
            sms_retry_secs: 30,
            pdf_font: crate::pdf::DEFAULT_FONT.into(),
            public_url: None,
        }
    }

    pub fn retention(&self) -> crate::services::housekeeping::Retention {
        crate::services::housekeeping::Retention {
            staff_idle_secs: self.staff_idle_minutes * 60,
            draft_secs: self.draft_retention_days * 24 * 3600,
            outbox_secs: self.outbox_retention_days * 24 * 3600,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    bind: Option<String>,
    database_url: Option<String>,
    log: Option<String>,
    site_root: Option<String>,
    dev_outbox: Option<bool>,
    behind_proxy: Option<bool>,
    proxy_hops: Option<i64>,
    data_key: Option<String>,
    index_key: Option<String>,
    upload_dir: Option<String>,
    demo_seed: Option<bool>,
    staff_second_factor: Option<bool>,
    demo: Option<bool>,
    cors_origins: Option<String>,
    api_per_token_per_minute: Option<i64>,
    api_per_phone_per_minute: Option<i64>,
    codes_per_address_per_hour: Option<i64>,
    staff_idle_minutes: Option<i64>,
    draft_retention_days: Option<i64>,
    outbox_retention_days: Option<i64>,
    sms_provider: Option<String>,
    sms_endpoint: Option<String>,
    sms_access_key_id: Option<String>,
    sms_access_key_secret: Option<String>,
    sms_sign_name: Option<String>,
    sms_templates: Option<String>,
    sms_max_attempts: Option<i64>,
    sms_retry_secs: Option<i64>,
    pdf_font: Option<String>,
    public_url: Option<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("cannot read the configuration file {path}: {reason}")]
    Unreadable { path: String, reason: String },
    #[error("the configuration file {path} is not valid: {reason}")]
    Malformed { path: String, reason: String },
    #[error("{setting} = {value:?} is not an address to listen on; write it as 127.0.0.1:3000")]
    BadBind { setting: &'static str, value: String },
    #[error("{setting} is not usable: {reason}")]
    BadDatabaseUrl { setting: &'static str, reason: String },
    #[error("{setting} = {value:?} is not a log filter; use e.g. info, debug or server=debug,info")]
    BadLog { setting: &'static str, value: String },
    #[error("{setting} is not usable: {reason}")]
    BadKey { setting: &'static str, reason: String },
    #[error("{setting} = {value:?} is not a whole number from 1 to 1000000")]
    BadNumber { setting: &'static str, value: String },
    #[error("{setting}: {value:?} is not a web origin; write each as https://host or https://host:port, separated by commas")]
    BadOrigin { setting: &'static str, value: String },
    #[error("{setting} = {value:?} is not a yes/no value; use true or false")]
    BadFlag { setting: &'static str, value: String },
    #[error("{setting}: {reason}")]
    BadSms { setting: &'static str, reason: String },
}

/// Where a setting's value came from, so an error names the place to fix it.
#[derive(Clone, Copy)]
enum Origin {
    Default,
    File,
    Env,
}

impl Config {
    /// Reads `PORTAL_CONFIG` (or `portal.toml` if present) and the process environment.
    pub fn load() -> Result<Config, ConfigError> {
        let explicit = std::env::var("PORTAL_CONFIG").ok().filter(|s| !s.is_empty());
        let (path, required) = match explicit {
            Some(p) => (p, true),
            None => (DEFAULT_CONFIG_FILE.to_string(), false),
        };
        let file = match std::fs::read_to_string(&path) {
            Ok(text) => Some((path, text)),
            Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(ConfigError::Unreadable { path, reason: e.to_string() }),
        };
        let env: Vec<(String, String)> = std::env::vars().filter(|(k, _)| k.starts_with("PORTAL_")).collect();
        Config::from_sources(file.as_ref().map(|(p, t)| (p.as_str(), t.as_str())), &env)
    }

    /// Pure merge of the sources, for tests.
    pub fn from_sources(file: Option<(&str, &str)>, env: &[(String, String)]) -> Result<Config, ConfigError> {
        let parsed: FileConfig = match file {
            Some((path, text)) => toml::from_str(text).map_err(|e| ConfigError::Malformed {
                path: path.to_string(),
                reason: e.message().replace('\n', " "),
            })?,
            None => FileConfig::default(),
        };
        let env_get = |key: &str| env.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        let pick = |env_key: &str, file_value: Option<String>, default: &str| -> (String, Origin) {
            if let Some(v) = env_get(env_key) {
                (v, Origin::Env)
            } else if let Some(v) = file_value {
                (v, Origin::File)
            } else {
                (default.to_string(), Origin::Default)
            }
        };
        let name = |origin: Origin, env_key: &'static str, file_key: &'static str| match origin {
            Origin::Env => env_key,
            Origin::File | Origin::Default => file_key,
        };

        let (bind, origin) = pick("PORTAL_BIND", parsed.bind, "127.0.0.1:3000");
        let bind = bind.trim().parse::<SocketAddr>().map_err(|_| ConfigError::BadBind {
            setting: name(origin, "PORTAL_BIND", "bind"),
            value: bind.clone(),
        })?;

        let (db, origin) = pick("PORTAL_DATABASE_URL", parsed.database_url, DEFAULT_DATABASE_URL);
        let database = DatabaseUrl::parse(&db).map_err(|reason| ConfigError::BadDatabaseUrl {
            setting: name(origin, "PORTAL_DATABASE_URL", "database_url"),
            reason,
        })?;

        let (log, origin) = pick("PORTAL_LOG", parsed.log, "info");
        if tracing_subscriber::EnvFilter::try_new(&log).is_err() || log.trim().is_empty() {
            return Err(ConfigError::BadLog { setting: name(origin, "PORTAL_LOG", "log"), value: log });
        }

        let (site_root, _) = pick("PORTAL_SITE_ROOT", parsed.site_root, "target/site");
        let flag = |env_key: &'static str, file_value: Option<bool>| -> Result<bool, ConfigError> {
            match env_get(env_key) {
                Some(v) => match v.trim().to_ascii_lowercase().as_str() {
                    "1" | "true" | "yes" => Ok(true),
                    "0" | "false" | "no" | "" => Ok(false),
                    _ => Err(ConfigError::BadFlag { setting: env_key, value: v }),
                },
                None => Ok(file_value.unwrap_or(false)),
            }
        };
        let demo = flag("PORTAL_DEMO", parsed.demo)?;
        let dev_outbox = demo || flag("PORTAL_DEV_OUTBOX", parsed.dev_outbox)?;
        let behind_proxy = flag("PORTAL_BEHIND_PROXY", parsed.behind_proxy)?;
        let (data_key, origin) = pick("PORTAL_DATA_KEY", parsed.data_key, "");
        let data_key = (!data_key.trim().is_empty()).then_some(data_key);
        if let Some(k) = &data_key {
            crate::crypto::DataKey::from_base64(k).map_err(|e| ConfigError::BadKey {
                setting: name(origin, "PORTAL_DATA_KEY", "data_key"),
                reason: e.to_string(),
            })?;
        }
        let (index_key, origin) = pick("PORTAL_INDEX_KEY", parsed.index_key, "");
        let index_key = (!index_key.trim().is_empty()).then_some(index_key);
        if let Some(k) = &index_key {
            crate::crypto::DataKey::from_base64(k).map_err(|e| ConfigError::BadKey {
                setting: name(origin, "PORTAL_INDEX_KEY", "index_key"),
                reason: e.to_string(),
            })?;
        }
        let (upload_dir, _) = pick("PORTAL_UPLOAD_DIR", parsed.upload_dir, "data/uploads");
        let demo_seed = demo || flag("PORTAL_DEMO_SEED", parsed.demo_seed)?;
        let staff_second_factor = flag("PORTAL_STAFF_SECOND_FACTOR", parsed.staff_second_factor.or(Some(!demo)))?;
        let (origins, origin) = pick("PORTAL_CORS_ORIGINS", parsed.cors_origins, "");
        let cors_origins = origins
            .split(',')
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .map(|o| {
                if is_origin(o) {
                    Ok(o.to_ascii_lowercase())
                } else {
                    Err(ConfigError::BadOrigin { setting: name(origin, "PORTAL_CORS_ORIGINS", "cors_origins"), value: o.to_string() })
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        let number = |env_key: &'static str, file_key: &'static str, file_value: Option<i64>, default: i64| -> Result<i64, ConfigError> {
            let (text, origin) = pick(env_key, file_value.map(|v| v.to_string()), &default.to_string());
            text.trim()
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=1_000_000).contains(n))
                .ok_or(ConfigError::BadNumber { setting: name(origin, env_key, file_key), value: text })
        };
        let api_per_token_per_minute = number("PORTAL_API_PER_TOKEN_PER_MINUTE", "api_per_token_per_minute", parsed.api_per_token_per_minute, 120)?;
        let api_per_phone_per_minute = number("PORTAL_API_PER_PHONE_PER_MINUTE", "api_per_phone_per_minute", parsed.api_per_phone_per_minute, 240)?;
        let codes_per_address_per_hour = number(
            "PORTAL_CODES_PER_ADDRESS_PER_HOUR",
            "codes_per_address_per_hour",
            parsed.codes_per_address_per_hour,
            crate::services::sign_in::LIMITS.codes_per_client_per_hour,
        )?;
        let proxy_hops = number("PORTAL_PROXY_HOPS", "proxy_hops", parsed.proxy_hops, 1)?;
        let staff_idle_minutes = number("PORTAL_STAFF_IDLE_MINUTES", "staff_idle_minutes", parsed.staff_idle_minutes, 30)?;
        let draft_retention_days = number("PORTAL_DRAFT_RETENTION_DAYS", "draft_retention_days", parsed.draft_retention_days, 90)?;
        let outbox_retention_days = number("PORTAL_OUTBOX_RETENTION_DAYS", "outbox_retention_days", parsed.outbox_retention_days, 7)?;
        let sms_max_attempts = number("PORTAL_SMS_MAX_ATTEMPTS", "sms_max_attempts", parsed.sms_max_attempts, 6)?;
        let sms_retry_secs = number("PORTAL_SMS_RETRY_SECS", "sms_retry_secs", parsed.sms_retry_secs, 30)?;
        let (provider, origin) = pick("PORTAL_SMS_PROVIDER", parsed.sms_provider, "outbox");
        let sms = match provider.trim() {
            "outbox" | "" => SmsConfig::Outbox,
            "aliyun" => {
                let required = |env_key: &'static str, file_key: &'static str, value: Option<String>| {
                    let (v, origin) = pick(env_key, value, "");
                    if v.trim().is_empty() {
                        Err(ConfigError::BadSms { setting: name(origin, env_key, file_key), reason: format!("required with the aliyun SMS provider; set it in the file or as {env_key}") })
                    } else {
                        Ok(v.trim().to_string())
                    }
                };
                let access_key_id = required("PORTAL_SMS_ACCESS_KEY_ID", "sms_access_key_id", parsed.sms_access_key_id)?;
                let access_key_secret = required("PORTAL_SMS_ACCESS_KEY_SECRET", "sms_access_key_secret", parsed.sms_access_key_secret)?;
                let sign_name = required("PORTAL_SMS_SIGN_NAME", "sms_sign_name", parsed.sms_sign_name)?;
                let list = required("PORTAL_SMS_TEMPLATES", "sms_templates", parsed.sms_templates.clone())?;
                let setting = name(pick("PORTAL_SMS_TEMPLATES", parsed.sms_templates, "").1, "PORTAL_SMS_TEMPLATES", "sms_templates");
                let templates = sms_templates(&list).map_err(|reason| ConfigError::BadSms { setting, reason })?;
                let (endpoint, origin) = pick("PORTAL_SMS_ENDPOINT", parsed.sms_endpoint, "https://dysmsapi.aliyuncs.com");
                if !(endpoint.starts_with("https://") || endpoint.starts_with("http://")) {
                    return Err(ConfigError::BadSms { setting: name(origin, "PORTAL_SMS_ENDPOINT", "sms_endpoint"), reason: format!("{endpoint:?} is not a web address") });
                }
                SmsConfig::Aliyun(crate::services::sms::aliyun::AliyunSettings { endpoint, access_key_id, access_key_secret, sign_name, templates })
            }
            other => {
                return Err(ConfigError::BadSms { setting: name(origin, "PORTAL_SMS_PROVIDER", "sms_provider"), reason: format!("{other:?} is not a provider; use outbox or aliyun") })
            }
        };
        let (pdf_font, _) = pick("PORTAL_PDF_FONT", parsed.pdf_font, crate::pdf::DEFAULT_FONT);
        let (public_url, origin) = pick("PORTAL_PUBLIC_URL", parsed.public_url, "");
        let public_url = match public_url.trim().trim_end_matches('/') {
            "" => None,
            url if is_origin(url) => Some(url.to_string()),
            url => return Err(ConfigError::BadOrigin { setting: name(origin, "PORTAL_PUBLIC_URL", "public_url"), value: url.to_string() }),
        };
        Ok(Config {
            pdf_font,
            public_url,
            sms,
            sms_max_attempts,
            sms_retry_secs,
            bind,
            database,
            log,
            site_root: PathBuf::from(site_root),
            dev_outbox,
            behind_proxy,
            proxy_hops: proxy_hops as usize,
            data_key,
            index_key,
            upload_dir: PathBuf::from(upload_dir),
            demo_seed,
            staff_second_factor,
            demo,
            cors_origins,
            api_per_token_per_minute,
            api_per_phone_per_minute,
            codes_per_address_per_hour,
            staff_idle_minutes,
            draft_retention_days,
            outbox_retention_days,
        })
    }
}

/// `template.lang=CODE` pairs separated by commas, one for every template in every language.
fn sms_templates(list: &str) -> Result<std::collections::HashMap<String, String>, String> {
    let mut templates = std::collections::HashMap::new();
    for pair in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((key, code)) = pair.split_once('=') else { return Err(format!("{pair:?} is not template.lang=CODE")) };
        templates.insert(key.trim().to_string(), code.trim().to_string());
    }
    let missing: Vec<String> = sms_template_keys().into_iter().filter(|k| !templates.contains_key(k)).collect();
    if !missing.is_empty() {
        return Err(format!("no template code for {}", missing.join(", ")));
    }
    Ok(templates)
}

/// `scheme://host[:port]` with nothing after it: what a browser sends as `Origin`.
fn is_origin(o: &str) -> bool {
    let Some((scheme, rest)) = o.split_once("://") else { return false };
    let (host, port) = rest.rsplit_once(':').map_or((rest, None), |(h, p)| (h, Some(p)));
    matches!(scheme, "http" | "https")
        && !host.is_empty()
        && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        && port.is_none_or(|p| p.parse::<u16>().is_ok_and(|n| n > 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn defaults_serve_locally_on_an_embedded_database() {
        let c = Config::from_sources(None, &[]).unwrap();
        assert_eq!(c.bind.to_string(), "127.0.0.1:3000");
        assert!(matches!(c.database, DatabaseUrl::Sqlite { .. }));
        assert_eq!(c.log, "info");
    }

    #[test]
    fn the_aliyun_provider_needs_its_keys_and_every_template() {
        let all: Vec<String> = sms_template_keys().iter().enumerate().map(|(i, k)| format!("{k}=SMS_{i}")).collect();
        let base = [
            ("PORTAL_SMS_PROVIDER", "aliyun"),
            ("PORTAL_SMS_ACCESS_KEY_ID", "id"),
            ("PORTAL_SMS_ACCESS_KEY_SECRET", "secret"),
            ("PORTAL_SMS_SIGN_NAME", "某市民政局"),
        ];
        let full = all.join(",");
        let c = Config::from_sources(None, &env(&[&base[..], &[("PORTAL_SMS_TEMPLATES", full.as_str())]].concat())).unwrap();
        let SmsConfig::Aliyun(s) = c.sms else { panic!("aliyun expected") };
        assert_eq!(s.endpoint, "https://dysmsapi.aliyuncs.com");
        assert_eq!(s.templates.get("received.en").map(String::as_str), Some("SMS_3"));
        assert!(s.templates.contains_key("invite_to_apply.zh-CN"), "the monitoring invitation is one of them");
        assert!(s.templates.contains_key("service_confirm_code.en"), "and the code a person reads out at the door");
        let short = all[1..].join(",");
        let e = Config::from_sources(None, &env(&[&base[..], &[("PORTAL_SMS_TEMPLATES", short.as_str())]].concat())).unwrap_err();
        assert!(e.to_string().contains("sign_in_code.zh-CN"), "{e}");
        let e = Config::from_sources(None, &env(&base[..1])).unwrap_err();
        assert_eq!(e.to_string(), "sms_access_key_id: required with the aliyun SMS provider; set it in the file or as PORTAL_SMS_ACCESS_KEY_ID");
        let e = Config::from_sources(None, &env(&[("PORTAL_SMS_PROVIDER", "pigeon")])).unwrap_err();
        assert!(e.to_string().contains("outbox or aliyun"), "{e}");
        assert!(matches!(Config::from_sources(None, &[]).unwrap().sms, SmsConfig::Outbox));
    }

    #[test]
    fn environment_overrides_the_file() {
        let file = "bind = \"0.0.0.0:8080\"\nlog = \"debug\"\n";
        let c = Config::from_sources(Some(("p.toml", file)), &env(&[("PORTAL_BIND", "127.0.0.1:9000")])).unwrap();
        assert_eq!(c.bind.to_string(), "127.0.0.1:9000");
        assert_eq!(c.log, "debug");
    }

    #[test]
    fn errors_name_the_setting_where_it_was_set() {
        let e = Config::from_sources(None, &env(&[("PORTAL_BIND", "localhost")])).unwrap_err();
        assert!(e.to_string().starts_with("PORTAL_BIND"), "{e}");
        let e = Config::from_sources(Some(("p.toml", "bind = \"nope\"")), &[]).unwrap_err();
        assert!(e.to_string().starts_with("bind"), "{e}");
        let e = Config::from_sources(None, &env(&[("PORTAL_DATABASE_URL", "mysql://x")])).unwrap_err();
        assert!(e.to_string().contains("PORTAL_DATABASE_URL"), "{e}");
        let e = Config::from_sources(None, &env(&[("PORTAL_LOG", "a=b=c")])).unwrap_err();
        assert!(e.to_string().contains("PORTAL_LOG"), "{e}");
    }

    #[test]
    fn unknown_or_malformed_file_keys_are_refused() {
        let e = Config::from_sources(Some(("p.toml", "port = 3000")), &[]).unwrap_err();
        assert!(matches!(e, ConfigError::Malformed { .. }), "{e}");
        let e = Config::from_sources(Some(("p.toml", "bind = ")), &[]).unwrap_err();
        assert!(matches!(e, ConfigError::Malformed { .. }), "{e}");
    }

    #[test]
    fn flags_are_off_unless_set() {
        let c = Config::from_sources(None, &[]).unwrap();
        assert!(!c.dev_outbox && !c.behind_proxy);
        let c = Config::from_sources(Some(("p.toml", "dev_outbox = true")), &env(&[("PORTAL_BEHIND_PROXY", "1")])).unwrap();
        assert!(c.dev_outbox && c.behind_proxy);
        assert!(!c.demo && !c.demo_seed, "no demonstration unless asked for");
        assert!(c.staff_second_factor, "staff confirm sign-ins with a second factor unless set off");
        let c = Config::from_sources(None, &env(&[("PORTAL_DEMO", "1")])).unwrap();
        assert!(c.demo && c.dev_outbox && c.demo_seed, "the demonstration brings the outbox and the demo accounts");
        assert!(!c.staff_second_factor, "its shared accounts have no authenticator");
        let e = Config::from_sources(None, &env(&[("PORTAL_DEV_OUTBOX", "maybe")])).unwrap_err();
        assert!(e.to_string().starts_with("PORTAL_DEV_OUTBOX"), "{e}");
    }

    #[test]
    fn a_malformed_data_key_is_refused_without_echoing_it() {
        let e = Config::from_sources(None, &env(&[("PORTAL_DATA_KEY", "secret-but-short")])).unwrap_err();
        assert!(e.to_string().starts_with("PORTAL_DATA_KEY"), "{e}");
        assert!(!e.to_string().contains("secret-but-short"));
        let good = crate::crypto::DataKey::generate_base64();
        assert_eq!(Config::from_sources(None, &env(&[("PORTAL_DATA_KEY", &good)])).unwrap().data_key, Some(good));
    }

    #[test]
    fn proxy_hops_idle_time_out_and_retention_are_settings() {
        let c = Config::from_sources(None, &[]).unwrap();
        assert_eq!((c.proxy_hops, c.staff_idle_minutes, c.draft_retention_days, c.outbox_retention_days), (1, 30, 90, 7));
        assert_eq!(c.retention().staff_idle_secs, 30 * 60);
        let file = "proxy_hops = 2\nstaff_idle_minutes = 15\ndraft_retention_days = 30\n";
        let c = Config::from_sources(Some(("p.toml", file)), &env(&[("PORTAL_OUTBOX_RETENTION_DAYS", "3")])).unwrap();
        assert_eq!((c.proxy_hops, c.staff_idle_minutes, c.draft_retention_days, c.outbox_retention_days), (2, 15, 30, 3));
        assert_eq!(c.retention().draft_secs, 30 * 24 * 3600);
        for (key, bad) in [("PORTAL_STAFF_IDLE_MINUTES", "0"), ("PORTAL_DRAFT_RETENTION_DAYS", "forever"), ("PORTAL_PROXY_HOPS", "-1")] {
            let e = Config::from_sources(None, &env(&[(key, bad)])).unwrap_err();
            assert!(e.to_string().starts_with(key), "{e}");
        }
    }

    #[test]
    fn cors_is_closed_unless_origins_are_named() {
        assert!(Config::from_sources(None, &[]).unwrap().cors_origins.is_empty());
        let c = Config::from_sources(None, &env(&[("PORTAL_CORS_ORIGINS", "https://mp.example.cn, http://localhost:8080")])).unwrap();
        assert_eq!(c.cors_origins, vec!["https://mp.example.cn", "http://localhost:8080"]);
        for bad in ["*", "mp.example.cn", "https://mp.example.cn/path", "ftp://x.cn", "https://x.cn:99999"] {
            let e = Config::from_sources(None, &env(&[("PORTAL_CORS_ORIGINS", bad)])).unwrap_err();
            assert!(matches!(e, ConfigError::BadOrigin { setting: "PORTAL_CORS_ORIGINS", .. }), "{bad}: {e}");
        }
    }

    #[test]
    fn api_limits_are_positive_numbers() {
        let c = Config::from_sources(None, &[]).unwrap();
        assert_eq!((c.api_per_token_per_minute, c.api_per_phone_per_minute), (120, 240));
        let c = Config::from_sources(Some(("portal.toml", "api_per_token_per_minute = 10")), &[]).unwrap();
        assert_eq!(c.api_per_token_per_minute, 10);
        for bad in ["0", "-3", "lots", "2000000"] {
            let e = Config::from_sources(None, &env(&[("PORTAL_API_PER_PHONE_PER_MINUTE", bad)])).unwrap_err();
            assert!(matches!(e, ConfigError::BadNumber { setting: "PORTAL_API_PER_PHONE_PER_MINUTE", .. }), "{bad}");
        }
    }

    #[test]
    fn messages_are_one_line() {
        let e = Config::from_sources(Some(("p.toml", "bind = [\n1,\n")), &[]).unwrap_err();
        assert!(!e.to_string().contains('\n'), "{e}");
    }
}
