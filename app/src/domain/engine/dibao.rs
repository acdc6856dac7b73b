//! 最低生活保障: judged at the 户籍 place; monthly cash of (standard − per-capita income)
//! × members (差额, the usual national method — a design decision in POLICY.md §2).

use super::{rongque, yuan, AmountRange, Builder, Facts, Period, ProgrammeOption};
use crate::domain::programme::{Programme, Verdict};
use crate::i18n::Msg;

pub(super) fn assess(f: &Facts<'_>) -> ProgrammeOption {
    let mut b = Builder::new(f, Programme::Dibao);
    let standard = [("standard", yuan(f.standard))];
    if !f.input.hukou_local {
        if f.receiving(Programme::Dibao) {
            b.reason("receiving_at_hukou", Msg::RReceivingAtHukou, &[("programme", f.lang.t(Msg::ProgDibao).into())], &[]);
        }
        b.reason("dibao_hukou", Msg::RDibaoNotLocal, &[], &[]);
        b.next(Msg::NDibaoHukou, &[]);
        return b.finish();
    }
    if f.receiving(Programme::Dibao) {
        b.reason("receiving_at_hukou", Msg::RReceivingLocal, &[("programme", f.lang.t(Msg::ProgDibao).into())], &[]);
        b.verdict(Verdict::Likely);
    }
    assets_reason(&mut b);
    let income = [("income", yuan(f.income_per_capita)), standard[0].clone()];
    if f.income_per_capita < f.standard {
        b.reason("dibao_income", Msg::RDibaoIncomeBelow, &income, &[f.p_standard]);
        if f.assets_ok {
            b.verdict(Verdict::Likely);
            // The gap on the household's totals, in whole fen: no per-person rounding to drift
            // (1,110 × 3 − 1,400 is 1,930, where 3 × (1,110 − 466.66) would be 1,930.02).
            let monthly = f.standard.times(f.members).saturating_sub(f.input.avg_monthly_income_6m);
            b.option.amount = Some(AmountRange { min: monthly, max: monthly, period: Period::Month });
        }
    } else if !f.receiving(Programme::Dibao) {
        b.reason("dibao_income", Msg::RDibaoIncomeAbove, &income, &[f.p_standard]);
        b.would_change(Msg::WIncomeBelowStandard, &standard);
    }
    if !f.assets_ok && !f.receiving(Programme::Dibao) {
        b.verdict(Verdict::Unlikely);
    }
    rongque::offer(&mut b);
    if b.option.verdict != Verdict::Unlikely {
        b.next(Msg::NDibao, &[]);
    }
    b.finish()
}

/// The asset test shared by the inclusion programmes: savings per person within a number
/// of months of the standard, no extra housing, no vehicle.
pub(super) fn assets_reason(b: &mut Builder<'_>) {
    let f = b.facts;
    let args = [
        ("savings", yuan(f.savings_per_capita)),
        ("limit", yuan(f.savings_limit)),
        ("months", f.p_savings.value.to_string()),
    ];
    if f.savings_per_capita > f.savings_limit {
        b.reason("assets", Msg::RAssetsSavingsOver, &args, &[f.p_savings, f.p_standard]);
        b.would_change(Msg::WSavingsWithinLimit, &args);
    } else if f.input.assets.extra_housing || f.input.assets.vehicle {
        b.reason("assets", Msg::RAssetsProperty, &[], &[]);
    } else {
        b.reason("assets", Msg::RAssetsOk, &args, &[f.p_savings, f.p_standard]);
    }
}
