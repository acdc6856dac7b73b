//! 特困人员救助供养: no work ability, no income, and no one legally bound to support them.
//! The portal cannot see legal supporters, so a household of several is only "possible".

use super::{dibao::assets_reason, rongque, yuan, AmountRange, Builder, Facts, Period, ProgrammeOption};
use crate::domain::params::ParamName;
use crate::domain::programme::{Programme, Verdict};
use crate::i18n::Msg;

pub(super) fn assess(f: &Facts<'_>) -> ProgrammeOption {
    let mut b = Builder::new(f, Programme::Tekun);
    let support = f.param(ParamName::TekunSupportPercent);
    if !f.input.hukou_local {
        b.reason("tekun_hukou", Msg::RTekunNotLocal, &[], &[]);
        b.next(Msg::NDibaoHukou, &[]);
        return b.finish();
    }
    let monthly = f.standard.times_percent(support.value);
    if f.receiving(Programme::Tekun) {
        b.reason("receiving_at_hukou", Msg::RReceivingLocal, &[("programme", f.lang.t(Msg::ProgTekun).into())], &[]);
        b.verdict(Verdict::Likely);
        b.option.amount = Some(AmountRange { min: monthly, max: monthly, period: Period::Month });
        return b.finish();
    }
    let all_cannot_work = f.input.household.members().iter().all(|m| f.cannot_work(m));
    let elderly = [("elderly", f.p_elderly.value.to_string()), ("adult", f.p_adult.value.to_string())];
    if !all_cannot_work {
        b.reason("tekun_work_ability", Msg::RTekunHasWorker, &elderly, &[f.p_elderly, f.p_adult]);
        return b.finish();
    }
    b.reason("tekun_work_ability", Msg::RTekunNoWork, &elderly, &[f.p_elderly, f.p_adult]);
    let income = [("income", yuan(f.income_per_capita)), ("standard", yuan(f.standard))];
    if f.income_per_capita >= f.standard {
        b.reason("tekun_income", Msg::RTekunIncomeAbove, &income, &[f.p_standard]);
        return b.finish();
    }
    b.reason("tekun_income", Msg::RTekunIncomeBelow, &income, &[f.p_standard]);
    assets_reason(&mut b);
    if !f.assets_ok {
        return b.finish();
    }
    if f.lives_alone() {
        b.reason("tekun_supporters", Msg::RTekunAlone, &[], &[]);
        b.verdict(Verdict::Likely);
    } else {
        b.reason("tekun_supporters", Msg::RTekunNotAlone, &[], &[]);
        b.verdict(Verdict::Possible);
    }
    let amount = monthly.times(f.members);
    b.option.amount = Some(AmountRange { min: amount, max: amount, period: Period::Month });
    b.reason("tekun_support", Msg::RTekunSupport, &[("amount", yuan(monthly)), ("percent", support.value.to_string())], &[support, f.p_standard]);
    rongque::offer(&mut b);
    b.next(Msg::NTekun, &[]);
    b.finish()
}
