//! 临时救助 under the "1+4" test (POLICY.md §3.1), for residents and new citizens alike:
//! judged by the household's situation now, verified at the actual residence ("1"); any one
//! of four conditions qualifies in principle for one-off aid of 1–5× the standard per member.
//!
//! Verdicts (our reading): a hardship condition (1–3) with the pledge (4) is `Likely`; a
//! hardship condition without the pledge, or the pledge alone, is `Possible` — the home
//! visit decides; nothing at all is `Unlikely`.
//!
//! Condition 1 reads "with income, below 2× the standard"; a household with no income at all
//! is treated as under the line too. Otherwise earning one yuan would qualify a household
//! that earning nothing does not, and more income must never improve a verdict.

use super::{yuan, AmountRange, Builder, Facts, Period, ProgrammeOption};
use crate::domain::money::Fen;
use crate::domain::params::ParamName;
use crate::domain::programme::{FastTrack, Programme, Verdict};
use crate::i18n::Msg;

pub(super) fn assess(f: &Facts<'_>) -> ProgrammeOption {
    let mut b = Builder::new(f, Programme::Temporary);
    let p_line = f.param(ParamName::TemporaryIncomeLinePercent);
    let p_min = f.param(ParamName::TemporaryMinMultiple);
    let p_max = f.param(ParamName::TemporaryMaxMultiple);
    let p_window = f.param(ParamName::FirstAidWindowDays);
    let (lo, hi) = (p_min.value.min(p_max.value), p_max.value.max(p_min.value));

    b.reason(
        "new_citizen_1_plus_4",
        Msg::RTemporarySummary,
        &[("min", lo.to_string()), ("max", hi.to_string())],
        &[f.p_standard, p_min, p_max],
    );
    if !f.input.hukou_local {
        b.reason("new_citizen_same_treatment", Msg::RTemporaryNewCitizen, &[], &[]);
    }

    let line = f.standard.times_percent(p_line.value);
    let income_args = [
        ("income", yuan(f.income_per_capita)),
        ("line", yuan(line)),
        ("times", super::times_text(p_line.value)),
    ];
    let c1 = f.income_per_capita < line;
    if c1 {
        let msg = if f.input.avg_monthly_income_6m == Fen::ZERO { Msg::RTemporaryNoIncome } else { Msg::RTemporaryIncome };
        b.reason("1plus4_income", msg, &income_args, &[f.p_standard, p_line]);
    } else {
        b.would_change(Msg::WTemporaryIncome, &income_args);
    }

    let c2 = f.input.household.members().iter().any(|m| {
        m.serious_illness || m.disabled || f.is_minor(m) || (f.is_elderly(m) && m.monthly_income == Fen::ZERO)
    });
    if c2 {
        b.reason("1plus4_special_members", Msg::RTemporarySpecial, &[], &[f.p_adult, f.p_elderly]);
    }

    let event = f.input.sudden_event.as_ref().filter(|e| e.casualties || e.loss > Fen::ZERO);
    let c3 = event.is_some();
    if let Some(e) = event {
        // Say what the event did: a loss, casualties, or both.
        let msg = match (e.casualties, e.loss > Fen::ZERO) {
            (true, true) => Msg::RTemporaryEventBoth,
            (true, false) => Msg::RTemporaryEventCasualties,
            _ => Msg::RTemporaryEvent,
        };
        b.reason("1plus4_sudden_event", msg, &[("event", f.event_name()), ("loss", yuan(e.loss))], &[]);
        let days = f.input.as_of.days_since(e.date);
        if (0..=p_window.value).contains(&days) {
            b.option.fast_track = Some(FastTrack::FirstAid);
            b.reason("first_aid", Msg::RFirstAid, &[("days", p_window.value.to_string())], &[p_window]);
        }
    }

    let c4 = f.input.will_sign_pledge;
    let hardship = c1 || c2 || c3;
    if c4 {
        b.reason("1plus4_pledge", Msg::RTemporaryPledge, &[], &[]);
        if !hardship {
            b.reason("1plus4_pledge_only", Msg::RTemporaryPledgeOnly, &[], &[]);
        }
    } else {
        b.would_change(Msg::WSignPledge, &[]);
    }
    let verdict = match (hardship, c4) {
        (true, true) => Verdict::Likely,
        (true, false) | (false, true) => Verdict::Possible,
        (false, false) => Verdict::Unlikely,
    };
    b.verdict(verdict);
    if verdict == Verdict::Unlikely {
        b.reason("1plus4_none", Msg::RTemporaryNone, &[], &[]);
        b.option.fast_track = None;
        return b.finish();
    }
    let per_member = f.standard.times(f.members);
    b.option.amount = Some(AmountRange { min: per_member.times(lo), max: per_member.times(hi), period: Period::Once });
    b.next(Msg::NTemporary, &[]);
    b.finish()
}
