//! Everything the portal holds about one person (PIPL art. 45: the right to a copy), as one
//! document: the account, the real-name record, the pledges signed, the draft, and each
//! application with its answers, history, requests, documents, payments and the texts sent.
//! The service fills it; the page shows it and the download is it, as JSON.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::application::submitted::SubmittedApplication;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalData {
    /// When this copy was made (UTC).
    pub made_at: String,
    pub account: Account,
    pub identity: Option<Identity>,
    pub pledges: Vec<Pledge>,
    pub draft: Option<Draft>,
    pub applications: Vec<Application>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub phone: String,
    /// The language the portal texts the person in.
    pub language: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub full_name: String,
    /// In full in the download; the page shows it masked.
    pub id_number: String,
    pub id_number_masked: String,
    pub birth_date: String,
    pub verified_by: String,
    pub verified_at: String,
    pub consent_at: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pledge {
    pub verification_code: String,
    pub pledge_text: String,
    pub signer_name: String,
    pub on_behalf_of: Option<String>,
    pub signed_at: String,
    pub signature: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub kind: String,
    pub name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub uploaded_at: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub started_at: String,
    pub changed_at: String,
    /// The answers as typed, by form field.
    pub answers: BTreeMap<String, String>,
    pub documents: Vec<Document>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub at: String,
    pub kind: String,
    pub by: String,
    pub detail: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub asked_at: String,
    pub items: String,
    pub due: String,
    pub answered_at: Option<String>,
    pub answer: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub paid_on: String,
    pub amount_fen: i64,
    pub period: String,
    pub arrival: Option<String>,
    pub arrival_note: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub sent_at: String,
    pub phone: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    pub reference: String,
    pub status: String,
    pub submitted_at: String,
    pub office: String,
    /// What was submitted, as it was.
    pub submitted: SubmittedApplication,
    pub history: Vec<Event>,
    pub requests: Vec<Request>,
    pub documents: Vec<Document>,
    pub payments: Vec<Payment>,
    pub messages: Vec<Message>,
}
