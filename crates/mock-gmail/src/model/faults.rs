//! Faults: misbehaviour of the servers or of the network in front of them,
//! as part of the state model (selectable per scenario and per listener),
//! so the doctor's handling of each can be tested like any other failure.
//!
//! A fault never changes what Gmail *decides*; it changes whether and how
//! the answer reaches the client.

use std::time::Duration;

use serde::Deserialize;

use crate::transcript::ListenerKind;

/// Where in a conversation a fault strikes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FaultStage {
    /// The greeting.
    Greeting,
    /// IMAP CAPABILITY / ID / NAMESPACE / ENABLE; SMTP EHLO / HELO.
    Capability,
    /// IMAP STARTTLS; SMTP STARTTLS.
    Starttls,
    /// IMAP LOGIN / AUTHENTICATE; SMTP AUTH.
    Auth,
    /// IMAP SELECT / EXAMINE / LIST / STATUS; SMTP MAIL / RCPT.
    Mailbox,
    /// IMAP FETCH / SEARCH / STORE …; SMTP DATA / BDAT.
    Data,
}

impl FaultStage {
    /// The stage of an IMAP command (by its wire name).
    pub fn of_imap(command: &str) -> FaultStage {
        match command {
            "STARTTLS" => FaultStage::Starttls,
            "LOGIN" | "AUTHENTICATE" => FaultStage::Auth,
            "SELECT" | "EXAMINE" | "LIST" | "LSUB" | "XLIST" | "STATUS" | "CREATE" | "DELETE"
            | "RENAME" | "SUBSCRIBE" | "UNSUBSCRIBE" => FaultStage::Mailbox,
            "CAPABILITY" | "ID" | "NAMESPACE" | "ENABLE" | "NOOP" | "LOGOUT" => {
                FaultStage::Capability
            }
            _ => FaultStage::Data,
        }
    }

    /// The stage of an SMTP command (by its verb).
    pub fn of_smtp(verb: &str) -> FaultStage {
        match verb {
            "STARTTLS" => FaultStage::Starttls,
            "AUTH" => FaultStage::Auth,
            "MAIL" | "RCPT" | "RSET" | "VRFY" | "EXPN" => FaultStage::Mailbox,
            "DATA" | "BDAT" => FaultStage::Data,
            _ => FaultStage::Capability,
        }
    }
}

/// A certificate problem served on a TLS listener.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TlsFault {
    /// A certificate for another host name (signed by the mock's CA).
    WrongName,
    /// An expired certificate (signed by the mock's CA).
    Expired,
    /// A certificate from a CA nobody trusts (self-signed).
    UnknownCa,
}

/// One kind of misbehaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// Close the connection right after the greeting.
    CloseAfterGreeting,
    /// Close the connection when a command of this stage arrives, before
    /// answering it (a crash mid-command).
    CloseAt {
        /// The stage.
        stage: FaultStage,
    },
    /// Stop answering from this stage on (the connection stays open).
    StallAt {
        /// The stage.
        stage: FaultStage,
    },
    /// Delay every reply by this many milliseconds.
    DelayEveryReply {
        /// Milliseconds.
        ms: u64,
    },
    /// Greet with "unavailable" and close: IMAP `* BYE [UNAVAILABLE] …`,
    /// SMTP `421 4.3.0 Temporary System Problem`.
    Unavailable,
    /// Serve a bad certificate (TLS listeners; STARTTLS upgrades too).
    Tls {
        /// Which problem.
        problem: TlsFault,
    },
    /// Speak plaintext on a TLS listener (a middlebox answering instead of
    /// Google).
    PlaintextOnTls,
}

impl FaultKind {
    /// Whether waiting makes this fault go away (a temporary server
    /// problem), as opposed to something on the network or in TLS.
    pub fn is_transient(self) -> bool {
        matches!(
            self,
            FaultKind::CloseAfterGreeting
                | FaultKind::CloseAt { .. }
                | FaultKind::StallAt { .. }
                | FaultKind::DelayEveryReply { .. }
                | FaultKind::Unavailable
        )
    }
}

/// A fault on one listener (or on all of them). In TOML/JSON:
/// `{ listener = "imaps", kind = "stall-at", stage = "auth" }`; `listener`
/// is optional (all listeners).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "FaultSpec")]
pub struct Fault {
    /// The listener; `None` means every listener.
    pub listener: Option<ListenerKind>,
    /// What goes wrong.
    pub kind: FaultKind,
}

/// The flat file form of a [`Fault`], so unknown keys are rejected and a
/// missing parameter is named.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FaultSpec {
    #[serde(default)]
    listener: Option<ListenerKind>,
    kind: String,
    #[serde(default)]
    stage: Option<FaultStage>,
    #[serde(default)]
    ms: Option<u64>,
    #[serde(default)]
    problem: Option<TlsFault>,
}

impl TryFrom<FaultSpec> for Fault {
    type Error = String;

    fn try_from(f: FaultSpec) -> Result<Self, String> {
        let need = |what: &str| format!("fault kind {:?} needs `{what}`", f.kind);
        let kind = match f.kind.as_str() {
            "close-after-greeting" => FaultKind::CloseAfterGreeting,
            "close-at" => FaultKind::CloseAt { stage: f.stage.ok_or_else(|| need("stage"))? },
            "stall-at" => FaultKind::StallAt { stage: f.stage.ok_or_else(|| need("stage"))? },
            "delay-every-reply" => FaultKind::DelayEveryReply { ms: f.ms.ok_or_else(|| need("ms"))? },
            "unavailable" => FaultKind::Unavailable,
            "tls" => FaultKind::Tls { problem: f.problem.ok_or_else(|| need("problem"))? },
            "plaintext-on-tls" => FaultKind::PlaintextOnTls,
            other => {
                return Err(format!(
                    "unknown fault kind {other:?}; known kinds: close-after-greeting, close-at, stall-at, delay-every-reply, unavailable, tls, plaintext-on-tls"
                ))
            }
        };
        Ok(Fault {
            listener: f.listener,
            kind,
        })
    }
}

/// The faults in force for one listener, resolved for quick checks on the
/// connection's hot path.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListenerFaults {
    /// Close after the greeting.
    pub close_after_greeting: bool,
    /// Close on a command of this stage.
    pub close_at: Option<FaultStage>,
    /// Stall from this stage on.
    pub stall_at: Option<FaultStage>,
    /// Delay before every reply.
    pub delay: Option<Duration>,
    /// Greet with "unavailable" and close.
    pub unavailable: bool,
    /// Serve a bad certificate.
    pub tls: Option<TlsFault>,
    /// Plaintext on a TLS listener.
    pub plaintext_on_tls: bool,
}

impl ListenerFaults {
    /// Collects the faults that apply to `listener`.
    pub fn for_listener(faults: &[Fault], listener: ListenerKind) -> ListenerFaults {
        let mut f = ListenerFaults::default();
        for fault in faults
            .iter()
            .filter(|x| x.listener.is_none_or(|l| l == listener))
        {
            match fault.kind {
                FaultKind::CloseAfterGreeting => f.close_after_greeting = true,
                FaultKind::CloseAt { stage } => f.close_at = Some(stage),
                FaultKind::StallAt { stage } => f.stall_at = Some(stage),
                FaultKind::DelayEveryReply { ms } => f.delay = Some(Duration::from_millis(ms)),
                FaultKind::Unavailable => f.unavailable = true,
                FaultKind::Tls { problem } => f.tls = Some(problem),
                FaultKind::PlaintextOnTls => f.plaintext_on_tls = true,
            }
        }
        f
    }

    /// Whether nothing is wrong (the common case, checked once).
    pub fn is_clear(&self) -> bool {
        *self == ListenerFaults::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_resolve() {
        #[derive(Debug, Deserialize)]
        struct W {
            faults: Vec<Fault>,
        }
        let w: W = serde_json::from_str(
            r#"{"faults":[{"listener":"imaps","kind":"stall-at","stage":"auth"},{"kind":"delay-every-reply","ms":50},{"listener":"smtps","kind":"tls","problem":"expired"}]}"#,
        )
        .unwrap();
        let bad = serde_json::from_str::<W>(r#"{"faults":[{"kind":"stall-at"}]}"#)
            .unwrap_err()
            .to_string();
        assert!(bad.contains("needs `stage`"), "{bad}");
        let bad =
            serde_json::from_str::<W>(r#"{"faults":[{"kind":"unavailable","colour":"red"}]}"#)
                .unwrap_err()
                .to_string();
        assert!(bad.contains("colour"), "{bad}");
        let imaps = ListenerFaults::for_listener(&w.faults, ListenerKind::Imaps);
        assert_eq!(imaps.stall_at, Some(FaultStage::Auth));
        assert_eq!(imaps.delay, Some(Duration::from_millis(50)));
        assert_eq!(imaps.tls, None);
        let smtps = ListenerFaults::for_listener(&w.faults, ListenerKind::Smtps);
        assert_eq!(smtps.tls, Some(TlsFault::Expired));
        assert!(ListenerFaults::for_listener(&[], ListenerKind::Imap).is_clear());
        assert_eq!(FaultStage::of_imap("AUTHENTICATE"), FaultStage::Auth);
        assert_eq!(FaultStage::of_smtp("BDAT"), FaultStage::Data);
    }
}
