//! mock-http's integration tests: one binary, one module per topic, all
//! over real HTTP (reqwest, no TLS) against a real mock on ephemeral
//! ports, with the `imap` crate and lettre as the CRM's clients.

mod access;
mod api;
mod browser;
mod console;
mod errors;
mod oauth;
mod openapi;
mod recovery;
mod sending;
mod sending_console;
mod smtp_lines;
mod support;
