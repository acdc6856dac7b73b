//! 医疗救助: second reimbursement for dibao and tekun households, counted from the day of
//! inclusion; new citizens receiving dibao/tekun at their 户籍 place get it locally at that
//! level; dibao-edge and expense-hardship households may apply too.

use super::{Builder, Facts, ProgrammeOption};
use crate::domain::programme::{Programme, Verdict};
use crate::i18n::Msg;

pub(super) fn assess(
    f: &Facts<'_>,
    dibao: &ProgrammeOption,
    tekun: &ProgrammeOption,
    edge: &ProgrammeOption,
    expense: &ProgrammeOption,
) -> ProgrammeOption {
    let mut b = Builder::new(f, Programme::Medical);
    let at_hukou = [Programme::Dibao, Programme::Tekun].into_iter().find(|p| f.receiving(*p));
    if dibao.verdict == Verdict::Likely || tekun.verdict == Verdict::Likely {
        b.verdict(Verdict::Likely);
        b.reason("medical_with_dibao_tekun", Msg::RMedicalFollows, &[], &[]);
        // Medical help counts from inclusion: a fast-tracked inclusion brings it forward.
        b.option.fast_track = dibao.fast_track.or(tekun.fast_track);
        b.next(Msg::NMedical, &[]);
    } else if let (false, Some(p)) = (f.input.hukou_local, at_hukou) {
        let name = f.lang.t(if p == Programme::Dibao { Msg::ProgDibao } else { Msg::ProgTekun });
        b.verdict(Verdict::Likely);
        b.reason("medical_hukou_level", Msg::RMedicalHukou, &[("programme", name.into())], &[]);
        b.next(Msg::NMedicalHukou, &[]);
    } else if [dibao, tekun, edge, expense].iter().any(|o| o.verdict != Verdict::Unlikely) {
        b.verdict(Verdict::Possible);
        b.reason("medical_edge", Msg::RMedicalEdge, &[], &[]);
        b.next(Msg::NMedical, &[]);
    } else {
        b.reason("medical_none", Msg::RMedicalNone, &[], &[]);
    }
    b.finish()
}
