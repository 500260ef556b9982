//! The scaffolding both protocols' sans-I/O sessions share: what a step
//! hands back to its connection ([`Output`], [`Action`]), the fault gate
//! in front of the greeting and each command ([`fault_gate`]), and a
//! socket-free loop that drives a whole session ([`in_memory`]).
//!
//! IMAP and SMTP differ in their replies (`Response` vs `Reply`), not in
//! what a connection does with them, so the types are generic over the
//! reply type and exist once.

pub(crate) mod fault_gate;
pub(crate) mod in_memory;

/// What the connection should do after sending a step's responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    /// Keep reading.
    Continue,
    /// Perform a TLS handshake (after IMAP's `OK Begin TLS negotiation
    /// now` or SMTP's `220 2.0.0 Ready to start TLS`).
    StartTls,
    /// Close the connection.
    Close,
    /// Answer nothing more, but keep the connection open (a fault).
    Stall,
}

/// What the server sends for one step — IMAP responses or SMTP replies
/// (`R`) — and what the connection does next.
#[derive(Debug)]
pub(crate) struct Output<R> {
    /// Sent in order, before the action is taken.
    pub responses: Vec<R>,
    /// Taken once the responses are written.
    pub action: Action,
}

impl<R> Output<R> {
    /// One response, then keep reading.
    pub fn one(r: R) -> Self {
        Output::many(vec![r])
    }

    /// These responses, then keep reading.
    pub fn many(responses: Vec<R>) -> Self {
        Output {
            responses,
            action: Action::Continue,
        }
    }

    /// Nothing to send yet (a DATA line, part of a BDAT chunk).
    pub fn none() -> Self {
        Output::many(Vec::new())
    }

    /// These responses, then close.
    pub fn close(responses: Vec<R>) -> Self {
        Output {
            responses,
            action: Action::Close,
        }
    }

    /// Send nothing and never answer again (a fault).
    pub fn stall() -> Self {
        Output {
            responses: Vec::new(),
            action: Action::Stall,
        }
    }
}
