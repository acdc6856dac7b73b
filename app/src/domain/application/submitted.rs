//! An application as it was submitted: typed, versioned, and sealed once. The staff page,
//! the API and the engine read this, never the draft's loose answers re-read with today's
//! context. Applications sealed before this type existed (version 1: the answers map
//! itself) open through `upgrade_v1`.

use serde::{Deserialize, Serialize};

use super::answers::{read_with, Answers};
use super::steps::{Complete, ProxyFor};
use crate::domain::bank::BankAccount;
use crate::domain::date::Date;
use crate::domain::household::CheckInput;
use crate::domain::identity::IdNumber;
use crate::domain::programme::Programme;

/// The version written by `SubmittedApplication::new`; raise it when the shape changes and
/// add the upgrade from the one before.
pub const SUBMITTED_VERSION: u32 = 2;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmittedApplication {
    pub version: u32,
    pub programme: Programme,
    /// What the engine reads, as it stood on the day of submission (`as_of`). `None` for
    /// a case staff registered (主动发现) before the household's details were taken.
    pub input: Option<CheckInput>,
    /// Whom the application is for, when the account holder applied for someone else.
    pub proxy: Option<Proxy>,
    pub residence: Residence,
    /// The names of the household members after the applicant, in the household's order.
    pub member_names: Vec<String>,
    /// What happened, in the applicant's words (or what staff found, for a registered case).
    pub story: String,
    pub payee: Option<Payee>,
    /// 容缺 was asked for (and offered by the engine) at submission.
    pub fast_track: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proxy {
    pub name: String,
    pub id: IdNumber,
    /// One of `steps::PROXY_RELATIONS`.
    pub relation: String,
}

/// The actual residence: the division codes chosen, and the street address typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Residence {
    pub district: String,
    pub subdistrict: String,
    pub community: String,
    pub address: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payee {
    pub holder: String,
    pub bank: String,
    pub account: BankAccount,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    #[error("the sealed application is not JSON of a known version")]
    Unreadable,
    #[error("the sealed application names no programme it can be read for")]
    NoProgramme,
}

fn residence_of(a: &Answers) -> Residence {
    Residence {
        district: a.get("district").to_string(),
        subdistrict: a.get("subdistrict").to_string(),
        community: a.get("community").to_string(),
        address: a.get("address").trim().to_string(),
    }
}

fn member_names_of(a: &Answers) -> Vec<String> {
    (1..a.members()).map(|i| a.get(&format!("m{i}_name")).trim().to_string()).collect()
}

impl SubmittedApplication {
    /// What a complete draft becomes: the engine's reading of it and what it names.
    pub fn new(done: Complete, a: &Answers) -> SubmittedApplication {
        let Complete { programme, input, proxy, account, fast_track } = done;
        SubmittedApplication {
            version: SUBMITTED_VERSION,
            programme,
            input: Some(input),
            proxy: proxy.map(|ProxyFor { name, id, relation, .. }| Proxy { name, id, relation }),
            residence: residence_of(a),
            member_names: member_names_of(a),
            story: a.get("event_story").trim().to_string(),
            payee: Some(Payee { holder: a.get("pay_holder").trim().to_string(), bank: a.get("pay_bank").trim().to_string(), account }),
            fast_track,
        }
    }

    /// A case registered by staff: where the person lives and what was found, nothing more yet.
    pub fn registered(programme: Programme, residence: Residence, found: &str) -> SubmittedApplication {
        SubmittedApplication {
            version: SUBMITTED_VERSION,
            programme,
            input: None,
            proxy: None,
            residence,
            member_names: Vec::new(),
            story: found.trim().to_string(),
            payee: None,
            fast_track: false,
        }
    }

    /// Reads a sealed application of any version: the current one as it is, version 1 (a
    /// bare answers map) through `upgrade_v1` with the date it was submitted on.
    pub fn open_json(json: &str, submitted_on: Date) -> Result<SubmittedApplication, OpenError> {
        let value: serde_json::Value = serde_json::from_str(json).map_err(|_| OpenError::Unreadable)?;
        match value.get("version").and_then(serde_json::Value::as_u64) {
            Some(v) if v == u64::from(SUBMITTED_VERSION) => serde_json::from_value(value).map_err(|_| OpenError::Unreadable),
            Some(_) => Err(OpenError::Unreadable),
            None => {
                let answers: Answers = serde_json::from_value(value).map(Answers).map_err(|_| OpenError::Unreadable)?;
                upgrade_v1(&answers, submitted_on)
            }
        }
    }

    pub fn to_json(&self) -> String {
        // A struct of strings, numbers and newtypes that serialise as strings: this cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The ID number of the person the application is for, when someone else applied.
    pub fn proxy_id(&self) -> Option<&IdNumber> {
        self.proxy.as_ref().map(|p| &p.id)
    }
}

/// Version 1 sealed the draft's answers as they were. They were checked at submission, so
/// the place chosen then is taken as known (areas are renamed, the choice stays); what does
/// not read (a case registered by staff has no household yet) is left out.
pub fn upgrade_v1(a: &Answers, submitted_on: Date) -> Result<SubmittedApplication, OpenError> {
    let programme = Programme::from_code(a.get("programme")).ok_or(OpenError::NoProgramme)?;
    let mut with_pledge = a.clone();
    with_pledge.0.insert("pledge".into(), "yes".into());
    let (input, _) = read_with(&with_pledge, submitted_on, &|code| !code.is_empty());
    let proxy = match a.get("for_whom") {
        "other" => IdNumber::parse(a.get("subject_id"))
            .ok()
            .map(|id| Proxy { name: a.get("subject_name").trim().to_string(), id, relation: a.get("subject_relation").to_string() }),
        _ => None,
    };
    let payee = BankAccount::parse(a.get("pay_account"))
        .ok()
        .map(|account| Payee { holder: a.get("pay_holder").trim().to_string(), bank: a.get("pay_bank").trim().to_string(), account });
    Ok(SubmittedApplication {
        version: SUBMITTED_VERSION,
        programme,
        member_names: if input.is_some() { member_names_of(a) } else { Vec::new() },
        input,
        proxy,
        residence: residence_of(a),
        story: a.get("event_story").trim().to_string(),
        payee,
        fast_track: a.checked("fast_track"),
    })
}

#[cfg(test)]
mod tests;
