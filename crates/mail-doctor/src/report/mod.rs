//! The report: the diagnosis with its advice, the probes and the evidence,
//! as one serialisable value ([`json`]) with a text rendering ([`text`]).

pub mod json;
pub mod text;

use chrono::NaiveDate;
use serde::Serialize;

use crate::classify::{Decider, Diagnosis, Facts};
use crate::config::{Config, Endpoint};
use crate::i18n::{self, Advice, Lang, TextCtx};
use crate::probe::{ProtocolRun, Step};
use crate::remedy::{Actor, RemediationId};

/// JSON schema identifier; bump on incompatible changes.
pub const SCHEMA: &str = "mail-doctor/1";

/// The settings the customer typed (never the secret).
#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    /// The address.
    pub email: String,
    /// IMAP.
    pub imap: Endpoint,
    /// SMTP.
    pub smtp: Endpoint,
    /// The kind of secret used.
    pub secret: &'static str,
}

/// A ruled-out rung with its sentence.
#[derive(Debug, Clone, Serialize)]
pub struct RuledOutText {
    /// The id.
    pub id: RemediationId,
    /// Why, as a keyword.
    pub reason: crate::classify::RuledOutReason,
    /// Why, as a sentence.
    pub text: String,
}

/// A protocol's transcript lines (`C: …` / `S: …`, redacted).
#[derive(Debug, Clone, Serialize)]
pub struct Transcripts {
    /// IMAP.
    pub imap: Vec<String>,
    /// SMTP.
    pub smtp: Vec<String>,
}

/// The complete report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// [`SCHEMA`].
    pub schema: &'static str,
    /// The chosen remediation id.
    pub remediation: RemediationId,
    /// Who must act.
    pub who: Actor,
    /// Who must act, in words.
    pub who_text: String,
    /// Whether the deciding evidence was recognised.
    pub recognised: bool,
    /// The classifier rule that matched.
    pub rule: &'static str,
    /// Report language.
    pub lang: Lang,
    /// Title, summary, steps, caveats.
    #[serde(flatten)]
    pub advice: Advice,
    /// Excluded rungs.
    pub ruled_out: Vec<RuledOutText>,
    /// Remarks.
    pub notes: Vec<String>,
    /// Which protocol and step decided.
    pub decided_by: Option<Decider>,
    /// The decisive server lines.
    pub evidence: Vec<String>,
    /// Every probe step.
    pub probes: Vec<Step>,
    /// Full transcripts.
    pub transcripts: Transcripts,
    /// What was typed.
    pub settings: Settings,
    /// The date reasoned with.
    pub as_of: NaiveDate,
    /// Structured facts behind the texts.
    pub facts: Facts,
}

impl Report {
    /// Builds the report from the probe runs and the diagnosis.
    pub fn build(
        cfg: &Config,
        lang: Lang,
        imap: &ProtocolRun,
        smtp: &ProtocolRun,
        diagnosis: Diagnosis,
    ) -> Report {
        let ctx = TextCtx {
            diagnosis: &diagnosis,
            email: &cfg.email,
            imap: &cfg.imap,
            smtp: &cfg.smtp,
        };
        let advice = i18n::advice(lang, &ctx);
        let ruled_out = diagnosis
            .ruled_out
            .iter()
            .map(|r| RuledOutText {
                id: r.id,
                reason: r.reason,
                text: i18n::ruled_out(lang, r),
            })
            .collect();
        let notes = diagnosis
            .notes
            .iter()
            .map(|n| i18n::note(lang, n))
            .collect();
        let probes = imap
            .steps
            .iter()
            .chain(smtp.steps.iter())
            .cloned()
            .collect();
        let transcripts = Transcripts {
            imap: imap.transcript.iter().map(|l| l.render()).collect(),
            smtp: smtp.transcript.iter().map(|l| l.render()).collect(),
        };
        let secret = match &cfg.credential {
            crate::config::Credential::OAuthToken(_) => "oauth-token",
            c if c.looks_like_app_password() => "app-password",
            _ => "password",
        };
        Report {
            schema: SCHEMA,
            remediation: diagnosis.remediation,
            who: diagnosis.actor,
            who_text: i18n::actor(lang, diagnosis.actor).to_owned(),
            recognised: diagnosis.recognised,
            rule: diagnosis.rule.as_str(),
            lang,
            advice,
            ruled_out,
            notes,
            decided_by: diagnosis.decided_by.clone(),
            evidence: diagnosis.quote.clone(),
            probes,
            transcripts,
            settings: Settings {
                email: cfg.email.clone(),
                imap: cfg.imap.clone(),
                smtp: cfg.smtp.clone(),
                secret,
            },
            as_of: cfg.as_of,
            facts: diagnosis.facts,
        }
    }

    /// Exit code contract: 0 healthy, 1 a remediation was chosen.
    pub fn exit_code(&self) -> u8 {
        if self.remediation == RemediationId::None {
            0
        } else {
            1
        }
    }
}

/// Regular expressions (and replacements) that make reports stable for
/// snapshots: Gmail's random tokens, ports, timings, timestamps. Shared by
/// this crate's tests and the scenario suite (insta `add_filter`).
pub const SNAPSHOT_FILTERS: &[(&str, &str)] = &[
    (r"\b[a-z]\d{2,3}mb\d{15}[a-z]{3}\b", "[imap-id]"),
    (r"\b[a-z]\d{2}sm\d{8}[a-z]{3}\.\d{2}\b", "[smtp-id]"),
    (r"plt=[A-Za-z0-9_-]+", "plt=[token]"),
    (r"OK  \d{9,11} ", "OK  [time] "),
    (r"(127\.0\.0\.1|\[::1\]|localhost):\d{2,5}", "$1:[port]"),
    (r" +\d+ ms\b", " [ms] ms"),
    (r#""elapsed_ms": \d+"#, r#""elapsed_ms": "[ms]""#),
    (
        r"mail-doctor\.\d+\.\d+@localhost",
        "mail-doctor.[id]@localhost",
    ),
];
