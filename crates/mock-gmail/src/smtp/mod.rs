//! The SMTP submission server: `connection` (socket, line and DATA
//! framing) drives `session` (the state machine).

pub(crate) mod connection;
pub(crate) mod driver;
pub(crate) mod session;
