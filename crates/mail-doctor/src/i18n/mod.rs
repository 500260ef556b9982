//! Words: the report's texts as Fluent catalogues, one per language.
//!
//! Nothing here decides *what* to say — `crate::advice` does that once, as
//! [`Msg`] values (a message id with typed arguments). This module only turns
//! those values into English or Polish:
//!
//! - [`MsgId`] (`id.rs`): every message id, typed, so the code cannot name a
//!   message that does not exist.
//! - [`Msg`]/[`Arg`] (`message.rs`): a message with its arguments.
//! - [`Catalogue`] (`catalogue.rs`): `en.ftl`/`pl.ftl` in a Fluent bundle.
//!
//! Texts are our own words over the facts of the support article (menu paths,
//! setting names, URLs, order) and Google's later changes (DESIGN.md "Time").
//! The tests hold both catalogues to the same ids and placeholders, and render
//! every advice in every language, era and kind of account.
//!
//! # Adding a text
//! 1. Add the message to `en.ftl` and `pl.ftl` (same id, same `{ $name }`
//!    placeholders; wrap long lines freely, they are joined with spaces).
//! 2. Add its variant to the list in `id.rs` (`MyMessage => "my-message",`).
//! 3. Say it from `crate::advice` with `Msg::new(MsgId::MyMessage).text(..)`.
//!
//! A missing step fails a test: `the_typed_ids_are_exactly_the_catalogue_ids`,
//! `every_catalogue_has_the_same_ids_and_placeholders`, and the exhaustive
//! render (`advice::tests`), which also catches an argument the message
//! needs but the code does not pass. Counts use Fluent selectors
//! (`{ $n -> [one] … [few] … *[many] … }`), never Rust `if n == 1`.

mod catalogue;
mod id;
mod message;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use catalogue::{source, Catalogue, EN_FTL, PL_FTL};
pub use id::MsgId;
pub use message::{Arg, Msg};

/// Report language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Polish.
    Pl,
}

impl Lang {
    /// Every language, in the order reports show them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Pl];
}

impl std::str::FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "en" => Ok(Lang::En),
            "pl" => Ok(Lang::Pl),
            other => Err(format!("unknown language {other:?} (expected en or pl)")),
        }
    }
}
