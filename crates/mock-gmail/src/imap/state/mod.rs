//! Command handlers: one module per IMAP state (`not_authenticated`,
//! `authenticated`, `selected`), and one per command family for the larger
//! ones.

pub(crate) mod append;
pub(crate) mod authenticated;
pub(crate) mod copy_move;
pub(crate) mod expunge;
pub(crate) mod idle;
pub(crate) mod mailbox_admin;
pub(crate) mod not_authenticated;
pub(crate) mod quota;
pub(crate) mod selected;
pub(crate) mod store_cmd;
