//! The checker's input, in valid values only. Built by `request::parse_check_request`.

use serde::{Deserialize, Serialize};

use super::area::AreaCode;
use super::date::Date;
use super::money::Fen;
use super::programme::{EventKind, Programme, Relation};

pub const MAX_AGE: u8 = 130;
pub const MAX_MEMBERS: usize = 20;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub relation: Relation,
    pub age: u8,
    pub disabled: bool,
    pub serious_illness: bool,
    pub able_to_work: bool,
    pub monthly_income: Fen,
}

/// The household living together, applicant first; never empty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Household(Vec<Member>);

impl Household {
    /// `None` for an empty list or more than `MAX_MEMBERS` people.
    pub fn new(members: Vec<Member>) -> Option<Household> {
        (!members.is_empty() && members.len() <= MAX_MEMBERS).then_some(Household(members))
    }

    pub fn members(&self) -> &[Member] {
        &self.0
    }

    pub fn size(&self) -> i64 {
        self.0.len() as i64
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assets {
    pub savings: Fen,
    pub extra_housing: bool,
    pub vehicle: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RigidExpenses {
    pub medical: Fen,
    pub education: Fen,
}

impl RigidExpenses {
    pub fn total(&self) -> Fen {
        self.medical.saturating_add(self.education)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuddenEvent {
    pub kind: EventKind,
    pub date: Date,
    /// Costs and losses the event caused.
    pub loss: Fen,
    pub casualties: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInput {
    pub as_of: Date,
    /// The actual residence (实际居住地), which decides the rules and the office.
    pub area: AreaCode,
    pub hukou_local: bool,
    pub months_at_residence: u16,
    pub household: Household,
    /// Household total, average over the last 6 months.
    pub avg_monthly_income_6m: Fen,
    pub assets: Assets,
    pub rigid_expenses_12m: RigidExpenses,
    pub sudden_event: Option<SuddenEvent>,
    pub receiving_at_hukou: Vec<Programme>,
    pub will_sign_pledge: bool,
}
