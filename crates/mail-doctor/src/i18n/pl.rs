//! Placeholder texts (being written).

use super::{Advice, Labels, TextCtx};
use crate::classify::{Note, RuledOut};
use crate::probe::StepKind;
use crate::remedy::Actor;

pub(super) const LABELS: Labels = Labels {
    heading: "mail-doctor report",
    account: "Account",
    as_of: "Date assumed",
    result: "Result",
    who: "Who must act",
    steps: "What to do",
    caveats: "Good to know",
    ruled_out: "Ruled out",
    evidence: "Evidence",
    probes: "Probes",
    notes: "Notes",
    transcript: "Transcript",
    not_recognised: "not recognised",
    ok: "ok",
    failed: "FAILED",
    skipped: "skipped",
};

pub(super) fn advice(ctx: &TextCtx<'_>) -> Advice {
    Advice {
        title: ctx.diagnosis.remediation.to_string(),
        summary: String::new(),
        steps: Vec::new(),
        caveats: Vec::new(),
    }
}

pub(super) fn note(n: &Note) -> String {
    format!("{n:?}")
}

pub(super) fn ruled_out(r: &RuledOut) -> String {
    format!("{}: {:?}", r.id, r.reason)
}

pub(super) fn actor(a: Actor) -> &'static str {
    match a {
        Actor::Nobody => "nobody",
        Actor::User => "user",
        Actor::WorkspaceAdmin => "Workspace admin",
        Actor::AdminAndUser => "admin, then user",
        Actor::NetworkAdmin => "network admin",
    }
}

pub(super) fn step(s: StepKind) -> &'static str {
    s.as_str()
}
