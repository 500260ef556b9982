//! A message to say, not yet in any language: an id with typed arguments.
//!
//! The advice is decided once, as values of this type; each catalogue only
//! turns them into words. Arguments are typed so that the *language* decides
//! how a date reads ("30 September 2024", "30 września 2024 r.") or which
//! plural form a count takes, while the advice code only says "this is a
//! date" or "this is a count".
//!
//! # Choosing the argument type
//!
//! - [`Arg::Text`] for anything that is not the doctor's own word: an
//!   address, a host, a port, a URL, a server's reply, an operating system's
//!   error text. It is inserted exactly as given in every language.
//! - [`Arg::Count`] when the sentence around it must agree with the number
//!   (Polish has three plural forms, and "0 wiadomości" takes the "many"
//!   form).
//! - [`Arg::Date`] for days, so each language writes the month in words
//!   and in its own grammatical case.
//! - [`Arg::Message`] for a word or clause that is itself translated (the
//!   name of a remediation, a security mode, a nested finding such as the
//!   TLS reason inside "TLS: …").

use chrono::NaiveDate;
use serde::Serialize;

use super::MsgId;

/// One argument of a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Arg {
    /// Said verbatim in every language: addresses, host names, URLs,
    /// settings as typed, server quotes.
    Text(String),
    /// A count: the catalogue picks the plural form (CLDR rules).
    Count(u64),
    /// A day: the catalogue writes it in prose.
    Date(NaiveDate),
    /// Another message, rendered in the same language first (a name,
    /// a kind of account, a clause).
    Message(Box<Msg>),
}

/// A message id with its named arguments, in the order they were given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Msg {
    /// Which message.
    pub id: MsgId,
    /// Its placeables (`{ $name }` in the catalogue), by name.
    #[serde(skip_serializing_if = "Vec::is_empty", serialize_with = "args_as_map")]
    pub args: Vec<(&'static str, Arg)>,
}

impl Msg {
    /// A message without arguments.
    pub fn new(id: MsgId) -> Msg {
        Msg {
            id,
            args: Vec::new(),
        }
    }

    /// Adds a verbatim argument.
    pub fn text(mut self, name: &'static str, value: impl ToString) -> Msg {
        self.args.push((name, Arg::Text(value.to_string())));
        self
    }

    /// Adds a count.
    pub fn count(mut self, name: &'static str, value: u64) -> Msg {
        self.args.push((name, Arg::Count(value)));
        self
    }

    /// Adds a date.
    pub fn date(mut self, name: &'static str, value: NaiveDate) -> Msg {
        self.args.push((name, Arg::Date(value)));
        self
    }

    /// Adds a nested message.
    pub fn msg(mut self, name: &'static str, value: impl Into<Msg>) -> Msg {
        self.args.push((name, Arg::Message(Box::new(value.into()))));
        self
    }
}

impl From<MsgId> for Msg {
    fn from(id: MsgId) -> Msg {
        Msg::new(id)
    }
}

/// Arguments as a JSON object (`{"email": {"text": "…"}}`), in the order given.
fn args_as_map<S: serde::Serializer>(
    args: &[(&'static str, Arg)],
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(args.len()))?;
    for (name, value) in args {
        map.serialize_entry(name, value)?;
    }
    map.end()
}
