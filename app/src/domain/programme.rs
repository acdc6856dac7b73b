//! The assistance programmes of POLICY.md §2 and the vocabulary of the checker.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Programme {
    Dibao,
    Tekun,
    DibaoEdge,
    ExpenseHardship,
    Temporary,
    Medical,
    Service,
}

impl Programme {
    /// The programme's name.
    pub const fn name(self) -> crate::i18n::Msg {
        use crate::i18n::Msg;
        match self {
            Programme::Dibao => Msg::ProgDibao,
            Programme::Tekun => Msg::ProgTekun,
            Programme::DibaoEdge => Msg::ProgDibaoEdge,
            Programme::ExpenseHardship => Msg::ProgExpenseHardship,
            Programme::Temporary => Msg::ProgTemporary,
            Programme::Medical => Msg::ProgMedical,
            Programme::Service => Msg::ProgService,
        }
    }

    pub const ALL: [Programme; 7] = [
        Programme::Dibao,
        Programme::Tekun,
        Programme::DibaoEdge,
        Programme::ExpenseHardship,
        Programme::Temporary,
        Programme::Medical,
        Programme::Service,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            Programme::Dibao => "dibao",
            Programme::Tekun => "tekun",
            Programme::DibaoEdge => "dibao_edge",
            Programme::ExpenseHardship => "expense_hardship",
            Programme::Temporary => "temporary",
            Programme::Medical => "medical",
            Programme::Service => "service",
        }
    }

    pub fn from_code(code: &str) -> Option<Programme> {
        Programme::ALL.into_iter().find(|p| p.code() == code)
    }

    /// Programmes a household is *included* in (and 容缺审批 can fast-track).
    pub const fn is_inclusion(self) -> bool {
        matches!(self, Programme::Dibao | Programme::Tekun | Programme::DibaoEdge | Programme::ExpenseHardship)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Likely,
    Possible,
    Unlikely,
}

impl Verdict {
    pub const fn code(self) -> &'static str {
        match self {
            Verdict::Likely => "likely",
            Verdict::Possible => "possible",
            Verdict::Unlikely => "unlikely",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FastTrack {
    /// 容缺审批: approval before the economic check returns (POLICY.md §3.2).
    Rongque,
    /// 先行救助: help first, paperwork afterwards, for sudden events.
    FirstAid,
}

impl FastTrack {
    pub const fn code(self) -> &'static str {
        match self {
            FastTrack::Rongque => "rongque",
            FastTrack::FirstAid => "first_aid",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    #[serde(rename = "self")]
    Applicant,
    Spouse,
    Child,
    Parent,
    Grandchild,
    Grandparent,
    Sibling,
    Other,
}

impl Relation {
    pub const ALL: [Relation; 8] = [
        Relation::Applicant,
        Relation::Spouse,
        Relation::Child,
        Relation::Parent,
        Relation::Grandchild,
        Relation::Grandparent,
        Relation::Sibling,
        Relation::Other,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            Relation::Applicant => "self",
            Relation::Spouse => "spouse",
            Relation::Child => "child",
            Relation::Parent => "parent",
            Relation::Grandchild => "grandchild",
            Relation::Grandparent => "grandparent",
            Relation::Sibling => "sibling",
            Relation::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Relation> {
        Relation::ALL.into_iter().find(|r| r.code() == code)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    SeriousIllness,
    Fire,
    TrafficAccident,
    NaturalDisaster,
    OtherAccident,
}

impl EventKind {
    pub const ALL: [EventKind; 5] = [
        EventKind::SeriousIllness,
        EventKind::Fire,
        EventKind::TrafficAccident,
        EventKind::NaturalDisaster,
        EventKind::OtherAccident,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            EventKind::SeriousIllness => "serious_illness",
            EventKind::Fire => "fire",
            EventKind::TrafficAccident => "traffic_accident",
            EventKind::NaturalDisaster => "natural_disaster",
            EventKind::OtherAccident => "other_accident",
        }
    }

    pub fn from_code(code: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.code() == code)
    }
}
