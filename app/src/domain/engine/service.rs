//! 服务类救助 ("物质+服务", POLICY.md §3.3): home care, cleaning, companionship and safety
//! repairs, for tekun people first, then people living alone in old age and the disabled.

use super::{Builder, Facts, ProgrammeOption};
use crate::domain::programme::{Programme, Verdict};
use crate::i18n::Msg;

pub(super) fn assess(f: &Facts<'_>, dibao: &ProgrammeOption, tekun: &ProgrammeOption) -> ProgrammeOption {
    let mut b = Builder::new(f, Programme::Service);
    let members = f.input.household.members();
    let elderly = [("elderly", f.p_elderly.value.to_string())];
    if tekun.verdict == Verdict::Likely {
        b.verdict(Verdict::Likely);
        b.reason("service_tekun", Msg::RServiceTekun, &[], &[]);
    } else if f.lives_alone() && members.iter().all(|m| f.is_elderly(m)) {
        b.verdict(Verdict::Likely);
        b.reason("service_elderly_alone", Msg::RServiceElderlyAlone, &elderly, &[f.p_elderly]);
    } else if members.iter().any(|m| m.disabled || m.serious_illness) {
        b.verdict(Verdict::Possible);
        b.reason("service_disabled", Msg::RServiceDisabled, &[], &[]);
    } else if dibao.verdict == Verdict::Likely && members.iter().any(|m| f.is_elderly(m)) {
        b.verdict(Verdict::Possible);
        b.reason("service_elderly_dibao", Msg::RServiceElderlyDibao, &elderly, &[f.p_elderly]);
    } else {
        b.reason("service_none", Msg::RServiceNone, &[], &[]);
    }
    if b.option.verdict != Verdict::Unlikely {
        b.next(Msg::NService, &[]);
    }
    b.finish()
}
