//! 容缺审批 (POLICY.md §3.2): inclusion approved on a credit pledge and a democratic
//! appraisal before the economic check returns, for a sudden expenditure above the
//! threshold caused by serious illness, disaster or accident, where the area runs it.

use super::{yuan, Builder};
use crate::domain::params::ParamName;
use crate::domain::programme::{FastTrack, Verdict};
use crate::i18n::Msg;

/// Offers the fast track on an inclusion programme whose verdict is not `Unlikely`.
pub(super) fn offer(b: &mut Builder<'_>) {
    let f = b.facts;
    if b.option.verdict == Verdict::Unlikely {
        return;
    }
    let Some(event) = f.input.sudden_event.as_ref() else { return };
    let enabled = f.param(ParamName::RongqueEnabled);
    let threshold = f.param(ParamName::RongqueThresholdFen);
    if enabled.value != 1 || event.loss.get() <= threshold.value {
        return;
    }
    let args = [("event", f.event_name()), ("loss", yuan(event.loss)), ("threshold", yuan(crate::domain::money::Fen::new(threshold.value).unwrap_or_default()))];
    if f.input.will_sign_pledge {
        b.option.fast_track = Some(FastTrack::Rongque);
        b.reason("rongque", Msg::RRongque, &args, &[enabled, threshold]);
        b.next(Msg::NRongque, &[]);
    } else {
        b.reason("rongque", Msg::RRongqueNeedsPledge, &args, &[enabled, threshold]);
        b.would_change(Msg::WSignPledgeRongque, &[]);
    }
}
