//! A submitted application as its applicant and staff see it: the summary, the history of
//! what happened, and the requests for more information (补正).

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationSummary {
    pub reference: String,
    pub programme: String,
    pub status: String,
    pub submitted_at: String,
    pub office_name: String,
    /// Whom it is for, when someone applied on another's behalf: "(name), applied by (actor)".
    pub subject_name: String,
    pub actor_name: String,
    pub proxy: bool,
    /// 主动发现: registered by a staff member (the actor), not applied for.
    #[serde(default)]
    pub registered: bool,
    pub accept_by: String,
    pub fast_track: bool,
    /// How to reach the office and when it is open, as far as the office has said.
    #[serde(default)]
    pub office_contact: crate::domain::administration::offices::OfficeContact,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: String,
    pub kind: String,
    pub actor: String,
    pub on_behalf_of: Option<String>,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InfoRequest {
    pub id: String,
    pub items: String,
    pub due_date: String,
    pub answered_at: Option<String>,
    pub answer: Option<String>,
}

/// A history text without the division codes staff see beside office names ("秦淮区秦虹街道
/// (320104001)" → "秦淮区秦虹街道"): an applicant is told places by name.
pub fn without_area_codes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        let after = &rest[open + 1..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        if (6..=12).contains(&digits) && after[digits..].starts_with(')') {
            out.push_str(rest[..open].trim_end_matches(' '));
            rest = &after[digits + 1..];
        } else {
            out.push_str(&rest[..=open]);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::without_area_codes;

    #[test]
    fn division_codes_leave_and_everything_else_stays() {
        assert_eq!(without_area_codes("秦淮区秦虹街道 (320104001)"), "秦淮区秦虹街道");
        assert_eq!(without_area_codes("秦淮区夫子庙街道 (320104002)：实际住在夫子庙"), "秦淮区夫子庙街道：实际住在夫子庙");
        assert_eq!(without_area_codes("床位费 (30 元) 和 (12)"), "床位费 (30 元) 和 (12)");
        assert_eq!(without_area_codes("(1234567890123) (abc"), "(1234567890123) (abc");
        assert_eq!(without_area_codes(""), "");
    }
}
