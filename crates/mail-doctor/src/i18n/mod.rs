//! Report texts in English and Polish, written in our own words from the
//! facts of the support article (menu paths, setting names, URLs, order)
//! and Google's later changes (DESIGN.md "Time").
//!
//! Each language module implements the same functions over the typed
//! diagnosis; no text is assembled elsewhere.

mod en;
#[cfg(test)]
mod fixtures;
mod pl;
mod shared;

use serde::{Deserialize, Serialize};

use crate::classify::{Diagnosis, Note, RuledOut};
use crate::config::Endpoint;
use crate::probe::{Outcome, StepKind};
use crate::remedy::Actor;

/// Report language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Polish.
    Pl,
}

impl std::str::FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "en" => Ok(Lang::En),
            "pl" => Ok(Lang::Pl),
            other => Err(format!("unknown language {other:?} (expected en or pl)")),
        }
    }
}

/// What the report says to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Advice {
    /// One-line title ("Turn on IMAP for your domain").
    pub title: String,
    /// Two or three sentences: what is wrong and why this step.
    pub summary: String,
    /// The exact steps, in order (menu paths, setting names, values).
    pub steps: Vec<String>,
    /// Caveats (propagation, company vs private account, 2-Step
    /// Verification first, era notes).
    pub caveats: Vec<String>,
}

/// Everything the texts may use.
#[derive(Debug, Clone, Copy)]
pub struct TextCtx<'a> {
    /// The diagnosis.
    pub diagnosis: &'a Diagnosis,
    /// The account address.
    pub email: &'a str,
    /// IMAP settings as typed.
    pub imap: &'a Endpoint,
    /// SMTP settings as typed.
    pub smtp: &'a Endpoint,
}

/// Fixed labels of the text report.
#[derive(Debug, Clone, Copy)]
pub struct Labels {
    /// Report heading.
    pub heading: &'static str,
    /// "Account".
    pub account: &'static str,
    /// "Date assumed".
    pub as_of: &'static str,
    /// "Result".
    pub result: &'static str,
    /// "Who must act".
    pub who: &'static str,
    /// "What to do".
    pub steps: &'static str,
    /// "Good to know".
    pub caveats: &'static str,
    /// "Ruled out".
    pub ruled_out: &'static str,
    /// "Evidence".
    pub evidence: &'static str,
    /// "Probes".
    pub probes: &'static str,
    /// "Notes".
    pub notes: &'static str,
    /// "Transcript".
    pub transcript: &'static str,
    /// "not recognised" marker.
    pub not_recognised: &'static str,
    /// Step outcome words.
    pub ok: &'static str,
    /// "FAILED".
    pub failed: &'static str,
    /// "skipped".
    pub skipped: &'static str,
}

/// Advice for the chosen remediation.
pub fn advice(lang: Lang, ctx: &TextCtx<'_>) -> Advice {
    match lang {
        Lang::En => en::advice(ctx),
        Lang::Pl => pl::advice(ctx),
    }
}

/// A note, as a sentence.
pub fn note(lang: Lang, note: &Note) -> String {
    match lang {
        Lang::En => en::note(note),
        Lang::Pl => pl::note(note),
    }
}

/// A ruled-out rung, as a sentence.
pub fn ruled_out(lang: Lang, r: &RuledOut) -> String {
    match lang {
        Lang::En => en::ruled_out(r),
        Lang::Pl => pl::ruled_out(r),
    }
}

/// Who must act, as words.
pub fn actor(lang: Lang, a: Actor) -> &'static str {
    match lang {
        Lang::En => en::actor(a),
        Lang::Pl => pl::actor(a),
    }
}

/// A probe step's name.
pub fn step(lang: Lang, s: StepKind) -> &'static str {
    match lang {
        Lang::En => en::step(s),
        Lang::Pl => pl::step(s),
    }
}

/// Fixed labels.
pub fn labels(lang: Lang) -> &'static Labels {
    match lang {
        Lang::En => &en::LABELS,
        Lang::Pl => &pl::LABELS,
    }
}

/// An outcome word.
pub fn outcome(lang: Lang, o: Outcome) -> &'static str {
    let l = labels(lang);
    match o {
        Outcome::Ok => l.ok,
        Outcome::Failed => l.failed,
        Outcome::Skipped => l.skipped,
    }
}
