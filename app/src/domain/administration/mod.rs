//! Running the portal without a developer (#17): what district officers and administrators
//! change in the workbench, and the rules that keep those changes safe.

pub mod accounts;
pub mod offices;
pub mod parameters;
pub mod pledge_texts;

use crate::domain::date::Date;
use crate::domain::request::Problem;

/// The day a change takes effect: today or later, never a day already past (what is in force
/// is never changed after the fact).
pub fn effective_from(text: &str, today: Date) -> Result<Date, Problem> {
    match Date::parse(text.trim()) {
        Ok(d) if d >= today => Ok(d),
        Ok(_) => Err(Problem::EffectiveBeforeToday),
        Err(_) => Err(Problem::DateFormat),
    }
}
