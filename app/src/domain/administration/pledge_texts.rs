//! New versions of the integrity pledge (#17 item 5): a district officer writes a version for
//! their area (text, comprehension question, effective date); the portal computes its hash.
//! Earlier versions, and every signature on them, stay valid and readable.

use crate::domain::date::Date;
use crate::domain::request::{FieldError, Problem};
use crate::domain::text::Text;

/// The most answer options a comprehension question has, and the fewest.
pub const MAX_OPTIONS: usize = 6;
pub const MIN_OPTIONS: usize = 2;

/// A version as the form gave it, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPledgeText {
    pub lang: String,
    pub title: String,
    /// Paragraphs, one a line.
    pub body: String,
    pub question: String,
    /// One a line.
    pub options: Vec<String>,
    /// Counted from 0, as stored.
    pub correct: i64,
    pub effective_from: Date,
}

/// Reads the form; `correct` is the number of the right option as people count (from 1).
#[allow(clippy::too_many_arguments)]
pub fn read(lang: &str, title: &str, body: &str, question: &str, options: &str, correct: &str, effective_from: &str, today: Date) -> Result<NewPledgeText, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut fail = |field: &str, problem: Problem| errors.push(FieldError { field: field.into(), problem });
    let lang = match lang.trim() {
        l @ ("zh-CN" | "en") => l.to_string(),
        _ => {
            fail("lang", Problem::Required);
            String::new()
        }
    };
    let mut required = |field: &str, value: Result<String, Problem>| match value {
        Ok(v) if v.is_empty() => {
            fail(field, Problem::Required);
            v
        }
        Ok(v) => v,
        Err(p) => {
            fail(field, p);
            String::new()
        }
    };
    let title = required("title", Text::<100>::parse(title).map(Text::into_string).map_err(|e| e.problem()));
    let body = required("body", Text::<5000>::parse(body).map(Text::into_string).map_err(|e| e.problem()));
    let question = required("question", Text::<200>::parse(question).map(Text::into_string).map_err(|e| e.problem()));
    let options: Vec<String> = options.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect();
    let options_ok = (MIN_OPTIONS..=MAX_OPTIONS).contains(&options.len()) && options.iter().all(|o| Text::<100>::parse(o).is_ok());
    if !options_ok {
        fail("options", Problem::PledgeOptions { min: MIN_OPTIONS as i64, max: MAX_OPTIONS as i64 });
    }
    let correct = match correct.trim().parse::<usize>() {
        Ok(n) if (1..=options.len()).contains(&n) => (n - 1) as i64,
        _ => {
            fail("correct", Problem::PledgeCorrectOption);
            0
        }
    };
    let effective_from = super::effective_from(effective_from, today).map_err(|p| fail("effective_from", p)).ok();
    match effective_from {
        Some(effective_from) if errors.is_empty() => Ok(NewPledgeText { lang, title, body, question, options, correct, effective_from }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_needs_its_text_a_question_with_options_and_a_date_to_come() {
        let today = Date::parse("2026-12-05").unwrap();
        let ok = read("zh-CN", "诚信承诺书", "第一段\n第二段", "如实填写吗？", "是\n否\n", "1", "2026-12-05", today).unwrap();
        assert_eq!((ok.options.len(), ok.correct), (2, 0));
        let errors = read("fr", " ", "", "问题", "只有一个", "3", "2026-12-04", today).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["lang", "title", "body", "options", "correct", "effective_from"]);
    }
}
