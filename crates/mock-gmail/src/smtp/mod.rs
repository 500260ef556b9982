//! The SMTP submission server: `connection` (the socket loop) feeds
//! `driver` (line, DATA and BDAT framing), which feeds `session` (the
//! phase machine), whose handlers live in `phase/`, one file per phase.

pub(crate) mod connection;
pub(crate) mod driver;
mod phase;
pub(crate) mod session;
