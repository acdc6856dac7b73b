//! A subdistrict or town office as citizens are told of it (#17 item 3): how to reach it and
//! when it is open. Kept in the workbench by its district's officers and administrators.

use serde::{Deserialize, Serialize};

use crate::domain::request::{FieldError, Problem};
use crate::domain::text::Text;

/// What the confirmation and status pages say of the office handling an application.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeContact {
    pub phone: String,
    pub address: String,
    pub hours: String,
}

impl OfficeContact {
    pub fn is_empty(&self) -> bool {
        self.phone.is_empty() && self.address.is_empty() && self.hours.is_empty()
    }
}

/// An office's details as an officer typed them, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfficeDetails {
    pub name: String,
    pub contact: OfficeContact,
}

/// A telephone number as offices publish them: digits with spaces, hyphens, parentheses and
/// a leading +, 7 to 20 characters (a landline with its area code, or a mobile).
fn phone_ok(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    (7..=20).contains(&s.chars().count()) && digits >= 7 && s.chars().all(|c| c.is_ascii_digit() || " -()+".contains(c))
}

/// Reads the office form: a name (required), and phone, address and hours (each may be left
/// empty until known).
pub fn read_details(name: &str, phone: &str, address: &str, hours: &str) -> Result<OfficeDetails, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut text = |field: &str, value: &str, required: bool| -> String {
        match Text::<100>::parse(value) {
            Ok(t) if required && t.is_empty() => {
                errors.push(FieldError { field: field.into(), problem: Problem::Required });
                String::new()
            }
            Ok(t) => t.into_string(),
            Err(e) => {
                errors.push(FieldError { field: field.into(), problem: e.problem() });
                String::new()
            }
        }
    };
    let name = text("name", name, true);
    let address = text("address", address, false);
    let hours = text("hours", hours, false);
    let phone = phone.trim().to_string();
    if !phone.is_empty() && !phone_ok(&phone) {
        errors.push(FieldError { field: "phone".into(), problem: Problem::OfficePhoneFormat });
    }
    if errors.is_empty() {
        Ok(OfficeDetails { name, contact: OfficeContact { phone, address, hours } })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_office_needs_a_name_and_a_phone_people_can_dial() {
        let ok = read_details(" 秦虹街道社会救助窗口 ", "025-8666 1234", "中山南路 1 号", "周一至周五 8:30—17:00").unwrap();
        assert_eq!(ok.name, "秦虹街道社会救助窗口");
        assert_eq!(ok.contact.phone, "025-8666 1234");
        assert!(read_details("窗口", "", "", "").is_ok(), "contact details may come later");
        let errors = read_details(" ", "拨打12345", "", &"长".repeat(101)).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "hours", "phone"]);
    }
}
