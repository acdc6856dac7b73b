//! 支出型困难家庭: rigid spending (medical, education) pushes per-capita disposable income
//! under a local line.

use super::{dibao::assets_reason, rongque, yuan, Builder, Facts, ProgrammeOption};
use crate::domain::money::Fen;
use crate::domain::params::ParamName;
use crate::domain::programme::{Programme, Verdict};
use crate::i18n::Msg;

pub(super) fn assess(f: &Facts<'_>) -> ProgrammeOption {
    let mut b = Builder::new(f, Programme::ExpenseHardship);
    if !f.input.hukou_local {
        b.reason("expense_hukou", Msg::RInclusionNotLocal, &[], &[]);
        b.next(Msg::NDibaoHukou, &[]);
        return b.finish();
    }
    let p_line = f.param(ParamName::ExpenseHardshipPercent);
    let line = f.standard.times_percent(p_line.value);
    let args = [
        ("rigid", yuan(f.rigid_total)),
        ("disposable", yuan(f.disposable_per_capita)),
        ("line", yuan(line)),
        ("standard", yuan(f.standard)),
    ];
    if f.rigid_total == Fen::ZERO {
        b.reason("expense_rigid", Msg::RExpenseNone, &[], &[]);
        b.would_change(Msg::WRigidSpending, &[]);
        return b.finish();
    }
    assets_reason(&mut b);
    if f.disposable_per_capita < line {
        b.reason("expense_rigid", Msg::RExpenseRigid, &args, &[f.p_standard, p_line]);
        if f.assets_ok {
            // Under the dibao line even before spending: dibao fits first, this is the fallback.
            b.verdict(if f.income_per_capita < f.standard { Verdict::Possible } else { Verdict::Likely });
        }
    } else {
        b.reason("expense_rigid", Msg::RExpenseAbove, &args, &[f.p_standard, p_line]);
    }
    rongque::offer(&mut b);
    if b.option.verdict != Verdict::Unlikely {
        b.next(Msg::NEdgeExpense, &[]);
    }
    b.finish()
}
