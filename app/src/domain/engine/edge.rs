//! 低保边缘家庭: per-capita income between the dibao standard and a local multiple of it.
//! No monthly cash by default; it opens medical, education and housing help.

use super::{dibao::assets_reason, rongque, yuan, Builder, Facts, ProgrammeOption};
use crate::domain::params::ParamName;
use crate::domain::programme::{Programme, Verdict};
use crate::i18n::Msg;

pub(super) fn assess(f: &Facts<'_>) -> ProgrammeOption {
    let mut b = Builder::new(f, Programme::DibaoEdge);
    if !f.input.hukou_local {
        b.reason("edge_hukou", Msg::RInclusionNotLocal, &[], &[]);
        b.next(Msg::NDibaoHukou, &[]);
        return b.finish();
    }
    let p_edge = f.param(ParamName::DibaoEdgePercent);
    let line = f.standard.times_percent(p_edge.value);
    let args = [("income", yuan(f.income_per_capita)), ("standard", yuan(f.standard)), ("line", yuan(line))];
    assets_reason(&mut b);
    if f.income_per_capita < f.standard {
        b.reason("edge_income", Msg::REdgeBelowDibao, &args, &[f.p_standard, p_edge]);
        if f.assets_ok {
            b.verdict(Verdict::Possible);
        }
    } else if f.income_per_capita < line {
        b.reason("edge_income", Msg::REdgeBand, &args, &[f.p_standard, p_edge]);
        if f.assets_ok {
            b.verdict(Verdict::Likely);
        }
    } else {
        b.reason("edge_income", Msg::REdgeAbove, &args, &[f.p_standard, p_edge]);
        b.would_change(Msg::WIncomeBelowLine, &args);
    }
    rongque::offer(&mut b);
    if b.option.verdict != Verdict::Unlikely {
        b.next(Msg::NEdgeExpense, &[]);
    }
    b.finish()
}
