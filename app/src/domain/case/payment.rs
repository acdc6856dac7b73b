//! What may be paid on a decided case (#18). A payment belongs to one period of what was
//! granted — a month from the decision's month for monthly assistance, the one sum for
//! one-off aid — is never more than that period still has, is paid once per period (a
//! later entry for the same period is a correction with a reason), and is never dated
//! before the decision. 先行救助 is capped and counts towards the final amount: for a
//! one-off grant it is part of the sum; for a monthly grant it counts against the first
//! months.

use std::fmt;

use crate::domain::date::Date;
use crate::domain::money::Fen;
use crate::i18n::{Lang, Msg};

/// A calendar month, `YYYY-MM`: the period a monthly payment is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u32,
}

impl Month {
    /// The month a day falls in.
    pub fn of(day: Date) -> Month {
        let (year, month, _) = day.ymd();
        Month { year, month }
    }

    /// `2026-11`, `2026-1`, `2026/11` or `2026年11月`, as staff type it; nothing else.
    pub fn parse(text: &str) -> Option<Month> {
        let t = text.trim().trim_end_matches('月');
        let (y, m) = t.split_once(['-', '/', '年'])?;
        if y.len() != 4 || m.is_empty() || m.len() > 2 || !y.chars().chain(m.chars()).all(|c| c.is_ascii_digit()) {
            return None;
        }
        let (year, month) = (y.parse().ok()?, m.parse().ok()?);
        Date::from_ymd(year, month, 1).ok()?;
        Some(Month { year, month })
    }

    pub fn first_day(self) -> Date {
        Date::from_ymd(self.year, self.month, 1).unwrap_or_else(|_| Date::from_days_since_epoch(0))
    }

    pub const fn year_month(self) -> (i32, u32) {
        (self.year, self.month)
    }

    /// How many months from `self` to `later`, both counted: 2026-11..=2027-01 is 3.
    pub fn months_to(self, later: Month) -> i64 {
        (i64::from(later.year) * 12 + i64::from(later.month)) - (i64::from(self.year) * 12 + i64::from(self.month)) + 1
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// What a payment is for, as stored: `2026-11`, `once` or `emergency`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Month(Month),
    /// The one sum of a one-off grant.
    Once,
    /// 先行救助, paid before the decision.
    Emergency,
}

impl Period {
    pub fn code(self) -> String {
        match self {
            Period::Month(m) => m.to_string(),
            Period::Once => "once".into(),
            Period::Emergency => "emergency".into(),
        }
    }

    /// A stored period; payments recorded before periods were typed read as none.
    pub fn from_code(code: &str) -> Option<Period> {
        match code {
            "once" => Some(Period::Once),
            "emergency" | "先行救助" => Some(Period::Emergency),
            other => Month::parse(other).map(Period::Month),
        }
    }
}

impl Period {
    /// The period in words: "2026年11月" / "Nov 2026", the one sum, or emergency help.
    pub fn words(self, lang: Lang) -> String {
        match self {
            Period::Month(m) => m.words(lang),
            Period::Once => lang.t(Msg::StaffPeriodOnce).to_string(),
            Period::Emergency => lang.t(Msg::StaffPeriodEmergency).to_string(),
        }
    }
}

impl Month {
    pub fn words(self, lang: Lang) -> String {
        match lang {
            Lang::ZhCn => format!("{}年{}月", self.year, self.month),
            Lang::En => {
                let d = lang.date(self.first_day());
                // "1 Nov 2026" → "Nov 2026"
                d.split_once(' ').map(|(_, rest)| rest.to_string()).unwrap_or(d)
            }
        }
    }
}

/// A payment's place in the record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaymentKind {
    /// The payment for its period.
    Regular,
    /// A further entry for a period already paid, with its reason (e.g. a top-up).
    Correction,
    Emergency,
}

impl PaymentKind {
    pub const fn code(self) -> &'static str {
        match self {
            PaymentKind::Regular => "regular",
            PaymentKind::Correction => "correction",
            PaymentKind::Emergency => "emergency",
        }
    }

    pub fn from_code(code: &str) -> Option<PaymentKind> {
        [PaymentKind::Regular, PaymentKind::Correction, PaymentKind::Emergency].into_iter().find(|k| k.code() == code)
    }
}

/// What a decision granted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grant {
    /// So much a month, from the month of the decision.
    Monthly { per_month: Fen, from: Month },
    /// One sum (temporary aid).
    Once { total: Fen },
}

/// A decision that pays: what it granted and on which day (Beijing time) it was taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decided {
    pub grant: Grant,
    pub on: Date,
}

impl Decided {
    pub fn new(amount: Fen, one_off: bool, on: Date) -> Decided {
        let grant = if one_off { Grant::Once { total: amount } } else { Grant::Monthly { per_month: amount, from: Month::of(on) } };
        Decided { grant, on }
    }
}

/// A payment already recorded, as the rules read it. A stored period that does not parse
/// (recorded before periods were typed) still counts towards the totals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paid {
    pub period: Option<Period>,
    pub kind: PaymentKind,
    pub fen: Fen,
}

/// Why a payment is refused; each names what would make it right.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refused {
    /// Dated before the decision.
    BeforeDecision { decided_on: Date },
    /// A monthly grant is paid per month: the period must be a month.
    MonthNeeded,
    /// The month is before the first month granted.
    BeforeGrant { from: Month },
    /// The month had not begun on the payment's date.
    NotBegun { month: Month },
    /// The period is already paid: a further entry is a correction and needs its reason.
    AlreadyPaid { period: Period },
    /// More than the period still has (zero when it has nothing left).
    OverAmount { left: Fen },
}

fn total<'a>(paid: impl Iterator<Item = &'a Paid>) -> Fen {
    paid.fold(Fen::ZERO, |sum, p| sum.saturating_add(p.fen))
}

/// What `period` may still receive under `decided`, given what was paid.
pub fn left_for(decided: &Decided, paid: &[Paid], period: Period) -> Fen {
    match (decided.grant, period) {
        (Grant::Once { total: granted }, _) => granted.saturating_sub(total(paid.iter())),
        (Grant::Monthly { per_month, from }, Period::Month(m)) => {
            let this_month = per_month.saturating_sub(total(paid.iter().filter(|p| p.period == Some(period))));
            // 先行救助 and any payment not tied to a later month count against the first months.
            let up_to = paid.iter().filter(|p| !matches!(p.period, Some(Period::Month(o)) if o > m));
            let so_far = per_month.times(from.months_to(m).max(0)).saturating_sub(total(up_to));
            this_month.min(so_far)
        }
        (Grant::Monthly { .. }, _) => Fen::ZERO,
    }
}

/// Whether `fen` may be paid for `period` on `paid_on`, and if so as which kind of entry.
/// `has_reason`: the staff member gave a reason, which a correction needs.
pub fn check(decided: &Decided, paid: &[Paid], period: Period, fen: Fen, paid_on: Date, has_reason: bool) -> Result<PaymentKind, Refused> {
    if paid_on < decided.on {
        return Err(Refused::BeforeDecision { decided_on: decided.on });
    }
    if let Grant::Monthly { from, .. } = decided.grant {
        let Period::Month(m) = period else { return Err(Refused::MonthNeeded) };
        if m < from {
            return Err(Refused::BeforeGrant { from });
        }
        if m.first_day() > paid_on {
            return Err(Refused::NotBegun { month: m });
        }
    }
    let already = paid.iter().any(|p| p.period == Some(period) && p.kind == PaymentKind::Regular);
    if already && !has_reason {
        return Err(Refused::AlreadyPaid { period });
    }
    let left = left_for(decided, paid, period);
    if fen > left || fen == Fen::ZERO {
        return Err(Refused::OverAmount { left });
    }
    Ok(if already { PaymentKind::Correction } else { PaymentKind::Regular })
}

/// The most 先行救助 may pay: the upper end of the engine's range for temporary aid, or the
/// area's own ceiling where that is lower.
pub fn emergency_ceiling(engine_max: Fen, local: Option<Fen>) -> Fen {
    local.map_or(engine_max, |l| l.min(engine_max))
}

/// A decision beside the emergency help already paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settlement {
    /// 先行救助 already paid.
    pub paid_first: Fen,
    /// What the decision still pays: of the one sum, or of the first month.
    pub remaining: Fen,
    /// Paid beyond what was granted (a rejection: all of it).
    pub excess: Fen,
}

/// `granted`: a one-off grant's sum, or for a monthly grant everything up to the month the
/// emergency help is used up — so for a monthly grant there is no excess as long as it runs.
pub fn settle(granted: Option<Grant>, paid_first: Fen) -> Settlement {
    match granted {
        Some(Grant::Once { total }) => Settlement { paid_first, remaining: total.saturating_sub(paid_first), excess: paid_first.saturating_sub(total) },
        Some(Grant::Monthly { per_month, .. }) => Settlement { paid_first, remaining: per_month.saturating_sub(paid_first), excess: Fen::ZERO },
        None => Settlement { paid_first, remaining: Fen::ZERO, excess: paid_first },
    }
}

#[cfg(test)]
mod tests;
