//! The IMAP server: `connection` (socket, buffers, framing) drives
//! `session` (the state machine), whose handlers live in `state/`.
//! `folder_view` is a session's view of its selected folder; `search`, `gmraw` and
//! `search_text` evaluate SEARCH; `fetch` renders FETCH items.

pub(crate) mod connection;
pub(crate) mod driver;
mod fetch;
mod folder_view;
mod gmraw;
mod search;
mod search_text;
pub(crate) mod session;
mod state;
