//! Handlers, one module per phase of `session::Phase`. Each takes the
//! phase's data by value and returns the phase to continue in with the
//! reply, so every transition is written where it happens.
//!
//! - `connected`: EHLO/HELO and STARTTLS (the greeting commands).
//! - `greeted`: AUTH and MAIL, which need the greeting.
//! - `sasl`: the AUTH exchange and its decision.
//! - `mail`: RCPT, DATA, BDAT and RSET inside a transaction.
//! - `data`: DATA lines up to the final dot.
//! - `chunk`: BDAT chunk bytes, accepted or refused.
//! - `transaction`: the envelope and body, and delivering a message.

pub(crate) mod chunk;
pub(crate) mod connected;
pub(crate) mod data;
pub(crate) mod greeted;
pub(crate) mod mail;
pub(crate) mod sasl;
pub(crate) mod transaction;
