//! JSON rendering (stable schema, see [`super::SCHEMA`]).
//!
//! The JSON keeps every field it had when the report was rendered in one
//! language at diagnosis time (`who_text`, `title`, `summary`, `steps`,
//! `caveats`, `ruled_out[].text`, `notes`, `lang`), now said in the language
//! asked for, so no consumer sees a field renamed or removed. It adds the
//! data behind the words: `plan` (message ids with typed arguments) and
//! `note_facts` (the typed notes).
//!
//! # Why a view struct
//!
//! The report is language-free; the JSON is not (it carries sentences in
//! `lang`). The `Document` is therefore a view built per render, borrowing
//! the language-free parts and owning the rendered strings, rather than a
//! `Serialize` on the report itself, which would have to pick a language.

use chrono::NaiveDate;
use serde::Serialize;

use super::{evidence_line, step_detail, Report, Settings, Transcripts};
use crate::advice::Plan;
use crate::classify::{Decider, Facts, Note, RuledOutReason};
use crate::i18n::{Catalogue, Lang};
use crate::probe::Step;
use crate::remedy::{Actor, RemediationId};

/// A ruled-out rung with its sentence.
#[derive(Debug, Serialize)]
struct RuledOutText {
    id: RemediationId,
    reason: RuledOutReason,
    text: String,
}

/// A probe step as the JSON has always shown it: its detail as one line,
/// now said in the language asked for (server quotes verbatim).
#[derive(Debug, Serialize)]
struct StepText {
    protocol: crate::probe::Channel,
    step: crate::probe::StepKind,
    outcome: crate::probe::Outcome,
    detail: String,
    elapsed_ms: u64,
    /// The address the test message was sent as, when the delivered copy
    /// carried another (the delivery step of `add-send-as-address`);
    /// absent otherwise, so older consumers see the schema unchanged.
    #[serde(skip_serializing_if = "Option::is_none")]
    from_requested: Option<String>,
    /// The address the delivered copy carried.
    #[serde(skip_serializing_if = "Option::is_none")]
    from_delivered: Option<String>,
}

/// The JSON document, field order as in schema `mail-doctor/1`.
#[derive(Debug, Serialize)]
struct Document<'a> {
    schema: &'static str,
    remediation: RemediationId,
    who: Actor,
    who_text: String,
    recognised: bool,
    rule: crate::classify::Rule,
    lang: Lang,
    title: String,
    summary: String,
    steps: Vec<String>,
    caveats: Vec<String>,
    ruled_out: Vec<RuledOutText>,
    notes: Vec<String>,
    decided_by: &'a Option<Decider>,
    evidence: Vec<String>,
    probes: Vec<StepText>,
    transcripts: &'a Transcripts,
    settings: &'a Settings,
    as_of: NaiveDate,
    facts: &'a Facts,
    plan: &'a Plan,
    note_facts: &'a [Note],
}

/// Pretty JSON of the report, its texts in `lang`.
///
/// Serialisation of these plain values cannot fail; should it ever, the
/// output is still JSON (an `error` object), never a panic.
pub fn render(r: &Report, lang: Lang) -> String {
    let c = Catalogue::new(lang);
    let advice = &r.plan.advice;
    let doc = Document {
        schema: r.schema,
        remediation: r.remediation,
        who: r.who,
        who_text: c.say(&r.plan.who),
        recognised: r.recognised,
        rule: r.rule,
        lang,
        title: c.say(&advice.title),
        summary: c.say(&advice.summary),
        steps: advice.steps.iter().map(|m| c.say(m)).collect(),
        caveats: advice.caveats.iter().map(|m| c.say(m)).collect(),
        ruled_out: r
            .ruled_out
            .iter()
            .zip(&r.plan.ruled_out)
            .map(|(ro, m)| RuledOutText {
                id: ro.id,
                reason: ro.reason,
                text: c.say(m),
            })
            .collect(),
        notes: r.plan.notes.iter().map(|m| c.say(m)).collect(),
        decided_by: &r.decided_by,
        evidence: r.evidence.iter().map(|e| evidence_line(&c, e)).collect(),
        probes: r.probes.iter().map(|p| step_text(&c, p)).collect(),
        transcripts: &r.transcripts,
        settings: &r.settings,
        as_of: r.as_of,
        facts: &r.facts,
        plan: &r.plan,
        note_facts: &r.notes,
    };
    serde_json::to_string_pretty(&doc)
        .unwrap_or_else(|e| format!("{{\"error\":\"cannot serialise report: {e}\"}}"))
}

/// A step with its detail in the catalogue's language.
fn step_text(c: &Catalogue, p: &Step) -> StepText {
    let (from_requested, from_delivered) = match &p.detail {
        crate::probe::Detail::FromRewritten {
            requested,
            delivered,
            ..
        } => (Some(requested.clone()), Some(delivered.clone())),
        _ => (None, None),
    };
    StepText {
        from_requested,
        from_delivered,
        protocol: p.protocol,
        step: p.step,
        outcome: p.outcome,
        detail: step_detail(c, &p.detail),
        elapsed_ms: p.elapsed_ms,
    }
}
