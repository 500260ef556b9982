//! The IMAP server: `connection` (socket, buffers, framing) drives
//! `session` (the state machine), whose handlers live in `state/`.
//! `selected` is a session's view of its folder; `search`, `gmraw` and
//! `search_text` evaluate SEARCH; `fetch` renders FETCH items.

pub(crate) mod connection;
pub(crate) mod driver;
mod fetch;
mod gmraw;
mod search;
mod search_text;
mod selected;
pub(crate) mod session;
mod state;
