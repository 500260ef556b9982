//! The JSON control API under `/api`, one module per resource. Handlers
//! only translate HTTP to [`crate::control`] calls and [`crate::schema`]
//! views; the rules live in `control`.

pub(crate) mod accounts;
pub(crate) mod clock;
pub(crate) mod faults;
pub(crate) mod messages;
pub(crate) mod policy;
pub(crate) mod server;
pub(crate) mod transcripts;
