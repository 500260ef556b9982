//! The IMAP server: `connection` (socket, buffers, framing) drives
//! `session` (the state machine), whose handlers live in `state/`.

pub(crate) mod connection;
mod fetch;
mod search;
mod selected;
pub(crate) mod session;
mod state;
