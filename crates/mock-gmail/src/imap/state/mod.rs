//! Command handlers, one module per IMAP state.

pub(crate) mod authenticated;
pub(crate) mod not_authenticated;
pub(crate) mod selected;
