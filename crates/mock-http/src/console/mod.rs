//! The web console: server-rendered pages on the API's port.
//!
//! [`pages`] answers GETs by collecting views from the mock and handing
//! them to [`render`] (pure functions, HTML only, every value escaped by
//! maud); [`forms`] answers the pages' POSTs through the same
//! [`crate::control`] rules as the JSON API, then redirects back (303), so
//! a reload never repeats a change. No JavaScript is needed.

pub(crate) mod forms;
pub(crate) mod pages;
pub(crate) mod render;
pub(crate) mod sending_forms;

/// The console's stylesheet, served at `/console.css`.
pub(crate) const CSS: &str = include_str!("console.css");
