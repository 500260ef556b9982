//! The report: the diagnosis with its advice plan, the probes and the
//! evidence, as one language-free value.
//!
//! Why no language here: one diagnosis must give the English text, the
//! Polish text and the JSON (the scenario snapshots hold all three), so the
//! report keeps only data — typed facts, the chosen id, typed ruled-out
//! reasons and notes, and the advice as a [`Plan`] of message ids. The
//! renderers choose the language: [`text::render`] and [`json::render`].
//!
//! # What a report holds
//!
//! | field | from | said by the renderers as |
//! |---|---|---|
//! | `remediation`, `who`, `rule`, `recognised` | the classifier | the id in brackets, "who must act", the rule in JSON |
//! | `plan` | [`advice::plan`], once | title, summary, steps, caveats, notes, ruled-out sentences |
//! | `evidence` | the deciding failure | server lines verbatim, the doctor's findings in the language |
//! | `probes` | both probes, in order | the probe table (step, outcome, time, detail) |
//! | `transcripts` | both probes | `--verbose` and the JSON, always verbatim |
//! | `settings`, `as_of`, `facts` | the configuration and the classifier | the header; JSON data |
//!
//! Nothing in the report is a sentence: every text is rendered at the last
//! moment from a message id, a typed finding or a server quote. That is what
//! lets one diagnosis give the English and Polish text and the JSON, and
//! what lets the scenario snapshots prove that the three agree.
//!
//! # Stability
//!
//! The JSON is a contract (`mail-doctor/1`): fields are only added within a
//! schema. When texts became typed data the JSON kept its string fields
//! (`detail`, `evidence`, `title`, …), now rendered in the language asked
//! for; in English they are byte for byte what they were.

pub mod json;
pub mod text;

use chrono::NaiveDate;
use serde::Serialize;

use crate::advice::{self, Ctx, Plan};
use crate::classify::{Decider, Diagnosis, EvidenceLine, Facts, Note, RuledOut};
use crate::config::{Config, Endpoint};
use crate::i18n::{Catalogue, Lang};
use crate::probe::{ProtocolRun, Step};
use crate::remedy::{Actor, RemediationId};

/// JSON schema identifier; bump on incompatible changes (fields are only
/// ever added within one schema).
pub const SCHEMA: &str = "mail-doctor/1";

/// The settings the customer typed (never the secret).
///
/// The secret's *kind* is reported (it changes the advice: an app password
/// refused is not an account password refused) but never the secret.
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

/// A protocol's transcript lines (`C: …` / `S: …`, redacted).
///
/// Rendered once, at build time, because they are never translated: a
/// transcript is evidence and stays exactly as exchanged.
#[derive(Debug, Clone, Serialize)]
pub struct Transcripts {
    /// IMAP.
    pub imap: Vec<String>,
    /// SMTP.
    pub smtp: Vec<String>,
}

/// The complete report, in no language.
///
/// Built by [`Report::build`] from one diagnosis; every renderer takes it
/// by reference, so rendering in three forms never repeats the diagnosis.
#[derive(Debug, Clone)]
pub struct Report {
    /// [`SCHEMA`].
    pub schema: &'static str,
    /// The chosen remediation id.
    pub remediation: RemediationId,
    /// Who must act.
    pub who: Actor,
    /// Whether the deciding evidence was recognised.
    pub recognised: bool,
    /// The classifier rule that matched, as its stable kebab-case id
    /// (copied from the diagnosis as is).
    pub rule: crate::classify::Rule,
    /// What to say: who acts, title, summary, steps, caveats, and one
    /// sentence per ruled-out rung and note.
    pub plan: Plan,
    /// Excluded rungs, with typed reasons.
    pub ruled_out: Vec<RuledOut>,
    /// Remarks, typed.
    pub notes: Vec<Note>,
    /// Which protocol and step decided.
    pub decided_by: Option<Decider>,
    /// The decisive evidence: server lines verbatim, the doctor's own
    /// findings typed (see [`Report::evidence_text`]).
    pub evidence: Vec<EvidenceLine>,
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

/// The exit code and the evidence text are here, not in the renderers,
/// because the CLI and the scenario runner need them without rendering a
/// whole report.
impl Report {
    /// Builds the report from the probe runs and the diagnosis; the advice
    /// plan is decided here, once.
    pub fn build(
        cfg: &Config,
        mx: &crate::probe::mx::MxCheck,
        imap: &ProtocolRun,
        smtp: &ProtocolRun,
        diagnosis: Diagnosis,
    ) -> Report {
        let plan = advice::plan(&Ctx {
            diagnosis: &diagnosis,
            email: &cfg.email,
            imap: &cfg.imap,
            smtp: &cfg.smtp,
        });
        // The MX row first: it is the first question, and its answer is
        // what a `not-a-google-mailbox` report rests on.
        let probes = std::iter::once(Step::from(mx))
            .chain(imap.steps.iter().chain(smtp.steps.iter()).cloned())
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
            recognised: diagnosis.recognised,
            rule: diagnosis.rule,
            plan,
            ruled_out: diagnosis.ruled_out,
            notes: diagnosis.notes,
            decided_by: diagnosis.decided_by,
            evidence: diagnosis.quote,
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

    /// The evidence lines in `lang`: server lines as received, the
    /// doctor's findings in the language's words.
    pub fn evidence_text(&self, lang: Lang) -> Vec<String> {
        let c = Catalogue::new(lang);
        self.evidence.iter().map(|e| evidence_line(&c, e)).collect()
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

/// One evidence line in the catalogue's language.
///
/// Shared by the text and JSON renderers so the two always say an evidence
/// line the same way.
pub(crate) fn evidence_line(c: &Catalogue, e: &EvidenceLine) -> String {
    c.say(&advice::findings::evidence(e))
}

/// A probe step's detail in the catalogue's language; empty for a step
/// with nothing to say (skipped), as the JSON always had it.
///
/// Shared by the text and JSON renderers, like [`evidence_line`].
pub(crate) fn step_detail(c: &Catalogue, d: &crate::probe::Detail) -> String {
    advice::findings::detail(d)
        .map(|m| c.say(&m))
        .unwrap_or_default()
}

/// Regular expressions (and replacements) that make reports stable for
/// snapshots: Gmail's random tokens, ports, timings, timestamps. Shared by
/// this crate's tests and the scenario suite (insta `add_filter`).
///
/// Only values that change from run to run are filtered — never a word of
/// the report — so a snapshot diff always means the report itself changed.
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
    // The send test's size follows its Message-ID's length (the JSON
    // transcript shows it).
    (r"<test message, \d+ bytes>", "<test message, [n] bytes>"),
];
