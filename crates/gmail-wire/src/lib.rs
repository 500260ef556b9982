//! Gmail's wire protocols as typed, I/O-free values: the grammar shared by
//! the mock servers (which encode with it) and the doctor (which decodes
//! with it), so `[ALERT]`, `AUTHENTICATIONFAILED` and `535 5.7.8` are
//! defined once.
//!
//! # Layout
//! - [`imap`]: commands, responses, response codes, framing, nom parsers and
//!   encoders.
//! - [`smtp`]: commands and replies with enhanced status codes.
//! - [`google`]: account kinds, Gmail's endpoints, Google's timeline.
//! - [`sasl`]: PLAIN / LOGIN / XOAUTH2 payloads.
//! - [`secret`]: [`Secret`], redacted in every `Debug`, with no `Display`.
//!
//! Nothing here does I/O, spawns tasks or holds global state, so the fuzz
//! targets and property tests link this crate alone.

#![forbid(unsafe_code)]
#![deny(missing_debug_implementations)]
#![warn(missing_docs)]

pub mod google;
pub mod imap;
pub mod sasl;
pub mod secret;
pub mod smtp;

pub use secret::Secret;
